"""The dropout rate, one value at a time, on the overfitting problem.

The network, optimizer, budget and 60 noisy two-moons points of
``overfitting.py``, with dropout after each hidden layer at one rate. The 500
validation points are the same as there.
"""

import matplotlib.pyplot as plt

from dlnotes.activations import ReLU
from dlnotes.data import moons, train_test_split
from dlnotes.layers import Dense, Dropout
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.sweep import value

SWEEP = {
    "name": "p",
    "values": [0.0, 0.2, 0.5, 0.8],
    "default": 0.5,
    "label": "Dropout rate p",
    "key": "val_loss",
    "key_label": "validation loss",
    "key_format": ".3f",
}
p = value(SWEEP)  # the default; see dlnotes/sweep.py to run another value

X, y = moons(n=560, noise=0.3, seed=1)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_fraction=500 / 560, seed=0)
layers = [Dense(2, 128, seed=0), ReLU()]
layers += [Dropout(p, seed=0)] if p else []
layers += [Dense(128, 128, seed=1), ReLU()]
layers += [Dropout(p, seed=1)] if p else []
model = Sequential([*layers, Dense(128, 2, seed=2)])
model.compile(CrossEntropy(), Adam(lr=0.01))
history = model.fit(
    X_train, y_train, epochs=300, batch_size=len(X_train), validation_data=(X_val, y_val), seed=0
)
train, val = model.evaluate(X_train, y_train), model.evaluate(X_val, y_val)
train_loss, val_loss, val_accuracy = train["loss"], val["loss"], val["accuracy"]

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
epochs = range(1, 301)
ax.plot(epochs, history["loss"], label="training loss")
ax.plot(epochs, history["val_loss"], label="validation loss")
ax.set(title=f"Dropout rate p = {p:g}", xlabel="epoch", ylabel="cross-entropy loss", ylim=(0, 2.5))
ax.legend(loc="upper left")

print(f"dropout rate p = {p:g}, 300 full-batch epochs on {len(X_train)} points")
print(f"training loss   {train_loss:.3f}")
print(f"validation loss {val_loss:.3f}, accuracy {val_accuracy:.1%}")
