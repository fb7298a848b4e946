"""What one neuron can and cannot learn.

A single neuron, ``Dense(2, 1)`` followed by a sigmoid and trained with binary
cross-entropy, learns two well separated clouds of points perfectly. On XOR,
where opposite corners share a class, it fails.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import Sigmoid
from dlnotes.data import xor
from dlnotes.layers import Dense
from dlnotes.losses import BinaryCrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import SGD
from dlnotes.plot.boundary import plot_decision_boundary

rng = np.random.default_rng(0)

# Two clouds of 50 points, around (-1, -1) and (1, 1): a line can split them.
X_sep = np.concatenate([rng.normal(-1.0, 0.5, (50, 2)), rng.normal(1.0, 0.5, (50, 2))])
y_sep = np.repeat([0, 1], 50)

# XOR as clouds: 25 noisy copies of each corner (0,0), (0,1), (1,0), (1,1).
X_corners, y_corners = xor()
X_xor = np.repeat(X_corners, 25, axis=0) + rng.normal(0.0, 0.1, (100, 2))
y_xor = np.repeat(y_corners, 25)


# --8<-- [start:train]
def train_neuron(X, y):
    """One neuron: a weighted sum plus bias, then a sigmoid."""
    neuron = Sequential([Dense(2, 1, init="xavier", seed=0), Sigmoid()])
    neuron.compile(BinaryCrossEntropy(from_logits=False), SGD(lr=0.5))
    neuron.fit(X, y, epochs=500, batch_size=len(X), seed=0)
    return neuron


separable = train_neuron(X_sep, y_sep)
xor_neuron = train_neuron(X_xor, y_xor)
acc_separable = separable.evaluate(X_sep, y_sep)["accuracy"]
learned = separable.layers[0].params  # the Dense layer's W and b
(w1, w2), b = learned["W"].ravel(), learned["b"][0]
print(f"separable clouds: accuracy {acc_separable:.0%}")
print(f"  learned boundary: {w1:.2f}·x1 + {w2:.2f}·x2 + ({b:.2f}) = 0")

xor_result = xor_neuron.evaluate(X_xor, y_xor)
acc_xor, xor_loss = xor_result["accuracy"], xor_result["loss"]
xor_outputs = xor_neuron.predict(X_corners).ravel()
print(f"XOR clouds:       accuracy {acc_xor:.0%}, loss {xor_loss:.3f}")
print("  outputs at (0,0), (0,1), (1,0), (1,1):", xor_outputs.round(2))
# --8<-- [end:train]
xor_outputs = xor_outputs.tolist()
learned_w = [float(w1), float(w2)]


fig, (left, right) = plt.subplots(1, 2, figsize=(7.5, 3.6))
plot_decision_boundary(left, separable, X_sep, y_sep)
left.set_title(f"Separable clouds: {acc_separable:.0%} correct")
plot_decision_boundary(right, xor_neuron, X_xor, y_xor)
right.set_title(f"XOR: {acc_xor:.0%} correct")
