"""More data against overfitting: the same big network on training sets of four sizes.

The network, optimizer, budget and noisy two-moons problem of
``overfitting.py``, with no remedy; only the number of training points
changes. The validation set stays the same 500 points.
"""

import matplotlib.pyplot as plt

from dlnotes.activations import ReLU
from dlnotes.data import moons
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.boundary import plot_decision_boundary
from dlnotes.sweep import value

SWEEP = {
    "name": "n_train",
    "values": [20, 60, 120, 240],
    "default": 60,
    "label": "Training points",
    "key": "gap",
    "key_label": "training minus validation accuracy",
    "key_format": ".1%",
}
n_train = value(SWEEP)  # the default; see dlnotes/sweep.py to run another value

X_val, y_val = moons(n=500, noise=0.3, seed=1)
X_train, y_train = moons(n=n_train, noise=0.3, seed=2)

model = Sequential(
    [Dense(2, 128, seed=0), ReLU(), Dense(128, 128, seed=1), ReLU(), Dense(128, 2, seed=2)]
)
model.compile(CrossEntropy(), Adam(lr=0.01))
model.fit(X_train, y_train, epochs=300, batch_size=n_train, seed=0)
train = model.evaluate(X_train, y_train)
val = model.evaluate(X_val, y_val)
train_accuracy, val_accuracy = train["accuracy"], val["accuracy"]
gap = train_accuracy - val_accuracy

fig, ax = plt.subplots(figsize=(4.6, 4.2))
plot_decision_boundary(ax, model, X_train, y_train, resolution=200, point_size=18)
ax.set_title(f"{n_train} training points\nvalidation accuracy {val_accuracy:.1%}")
ax.set(xlabel="$x_1$", ylabel="$x_2$")

print(f"{n_train} training points, 300 full-batch epochs")
print(f"training accuracy   {train_accuracy:.1%}   loss {train['loss']:.3f}")
print(f"validation accuracy {val_accuracy:.1%}   loss {val['loss']:.3f}")
