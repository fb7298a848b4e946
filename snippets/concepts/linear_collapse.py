"""Stacked linear layers collapse into one; an activation in between stops it.

Three ``Dense`` layers with no activation are multiplied out into one weight
matrix and one bias vector, which give the same outputs to within rounding.
The same three layers with ReLU between them cannot be matched by any single
linear layer: even the best one (fitted by least squares) misses badly.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import ReLU
from dlnotes.layers import Dense
from dlnotes.model import Sequential

# --8<-- [start:collapse]
rng = np.random.default_rng(0)
layers = [Dense(2, 4, seed=1), Dense(4, 4, seed=2), Dense(4, 2, seed=3)]
for layer in layers:  # Dense starts with zero biases; give them values
    layer.params["b"][:] = rng.normal(size=layer.n_out)

linear_stack = Sequential(layers)  # Dense, Dense, Dense: no activation
(W1, b1), (W2, b2), (W3, b3) = [(l.params["W"], l.params["b"]) for l in layers]

# ((x W1 + b1) W2 + b2) W3 + b3  =  x (W1 W2 W3) + ((b1 W2 + b2) W3 + b3)
W = W1 @ W2 @ W3
b = (b1 @ W2 + b2) @ W3 + b3
print("W =", np.array2string(W.round(3), prefix="W = "))
print("b =", b.round(3))

X = rng.normal(size=(1000, 2))
collapse_error = np.abs(linear_stack.forward(X) - (X @ W + b)).max()
print(f"largest difference over 1000 inputs: {collapse_error:.1e}")
# --8<-- [end:collapse]

# --8<-- [start:relu]
# The same three layers, with the same weights, and ReLU in between.
relu_net = Sequential([layers[0], ReLU(), layers[1], ReLU(), layers[2]])
target = relu_net.forward(X)

# The best single linear layer for these outputs, by least squares.
X1 = np.column_stack([X, np.ones(len(X))])  # a column of 1s for the bias
best, *_ = np.linalg.lstsq(X1, target, rcond=None)
relu_fit_error = np.abs(X1 @ best - target).max()
print(f"with ReLU, largest miss of the best single layer: {relu_fit_error:.2f}")
# --8<-- [end:relu]
collapse_error = float(collapse_error)
relu_fit_error = float(relu_fit_error)

# Along a straight path through the input space, x = t * (1, 0.5):
t = np.linspace(-3, 3, 301)
path = np.column_stack([t, 0.5 * t])
fig, ax = plt.subplots(figsize=(6.5, 3.4))
ax.plot(t, linear_stack.forward(path)[:, 0], label="three Dense layers, no activation")
ax.plot(t, (path @ W + b)[:, 0], "--", label="the one equivalent layer x W + b")
ax.plot(t, relu_net.forward(path)[:, 0], label="the same layers with ReLU between")
ax.set(xlabel="position t along the path x = t·(1, 0.5)", ylabel="first output")
ax.legend(loc="upper left")
