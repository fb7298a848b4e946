"""The loss is one number that depends on the parameters, the model and the data.

Twenty (x, y) pairs are fitted by the one-parameter family y_hat = w * x (a
``Dense(1, 1)`` layer whose bias stays 0). Each choice of w gives one value of
the mean squared error over all twenty pairs. Three candidate lines are drawn
on the left; on the right, the loss for every w, with the three candidates
marked. The best w sits at the bottom of the curve.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.layers import Dense
from dlnotes.losses import MSE

# --8<-- [start:loss_of_w]
rng = np.random.default_rng(0)
I = 20  # number of training pairs
x = rng.uniform(0, 2, (I, 1))
y = 2.0 * x + 0.3 * rng.standard_normal((I, 1))  # roughly y = 2x

model = Dense(1, 1)  # y_hat = x * W + b; we vary W and keep b = 0
loss_fn = MSE()


def loss_at(w):
    """Mean squared error over all I pairs when the weight is w."""
    model.params["W"][0, 0] = w
    y_hat = model.forward(x)
    value, _gradient = loss_fn(y_hat, y)  # the gradient is for later pages
    return value


candidates = [0.5, 2.0, 3.5]
for w in candidates:
    print(f"w = {w}:  loss = {loss_at(w):.3f}")

w_grid = np.linspace(-0.5, 4.5, 501)
losses = np.array([loss_at(w) for w in w_grid])
w_best = float(w_grid[losses.argmin()])
# Calculus gives the exact minimum of this loss: w = sum(x*y) / sum(x*x).
w_least_squares = float((x * y).sum() / (x * x).sum())
print(f"lowest loss on the grid: w = {w_best:.2f}")
print(f"exact minimum:           w = {w_least_squares:.3f}")
# --8<-- [end:loss_of_w]
candidate_losses = [loss_at(w) for w in candidates]

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.4))
left.scatter(x[:, 0], y[:, 0], s=18, color="C4", label=f"{I} training pairs", zorder=3)
line_x = np.array([0.0, 2.0])
for w, colour in zip(candidates, ["C0", "C2", "C1"], strict=True):
    left.plot(line_x, w * line_x, color=colour, label=f"w = {w}")
left.set(title="Three candidate lines ŷ = w·x", xlabel="x", ylabel="y")
left.legend(loc="upper left", fontsize=9)

right.plot(w_grid, losses, color="C5")
for w, loss, colour in zip(candidates, candidate_losses, ["C0", "C2", "C1"], strict=True):
    right.plot(w, loss, "o", color=colour, markersize=8, zorder=3)
right.set(title="The loss of each w", xlabel="parameter w", ylabel="MSE over the 20 pairs")
