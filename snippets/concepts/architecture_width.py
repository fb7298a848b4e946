"""Width on the spirals: one hidden layer, with one number of neurons at a time.

The 300 spiral points of ``architecture_depth.py`` train a network with one
hidden layer of ReLU neurons; only the number of neurons (the width) changes
between runs. Every run uses the same seeds, optimizer and number of epochs,
and is scored on 300 new points drawn from the same three arms.
"""

import matplotlib.pyplot as plt

from dlnotes.activations import ReLU
from dlnotes.data import spirals
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.boundary import plot_decision_boundary
from dlnotes.sweep import value

SWEEP = {
    "name": "width",
    "values": [2, 4, 8, 16, 64],
    "default": 8,
    "label": "Neurons in the hidden layer",
    "unit": "neurons",
    "key": "val_accuracy",
    "key_label": "validation accuracy",
    "key_format": ".0%",
}
width = value(SWEEP)  # the default; see dlnotes/sweep.py to run another value

X, y = spirals(n_per_class=100, classes=3, seed=0)  # the training points
X_val, y_val = spirals(n_per_class=100, classes=3, seed=1)  # new points, same arms

model = Sequential([Dense(2, width, seed=0), ReLU(), Dense(width, 3, seed=1)])
model.compile(CrossEntropy(), Adam(lr=0.01))
model.fit(X, y, epochs=300, batch_size=32, seed=0)
train_accuracy = model.evaluate(X, y)["accuracy"]
val_accuracy = model.evaluate(X_val, y_val)["accuracy"]
n_params = sum(p.size for layer in model.layers for p in layer.params.values())

fig, ax = plt.subplots(figsize=(5, 4.6), layout="constrained")
plot_decision_boundary(ax, model, X, y, padding=0.2)
ax.set_title(
    f"{width} neurons in the hidden layer\n"
    f"train {train_accuracy:.0%}, validation {val_accuracy:.0%}"
)
ax.set_aspect("equal")

print(f"one hidden layer of {width} ReLU neurons: {n_params} parameters")
print(f"training accuracy   {train_accuracy:.1%} ({len(X)} points)")
print(f"validation accuracy {val_accuracy:.1%} ({len(X_val)} new points)")
