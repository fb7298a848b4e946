"""Gradient descent on the same loss surface, one learning rate at a time.

The same 40 points, the same line ``y = w * x + b`` and the same start as
``gradient_descent.py``; here the learning rate is a parameter with five
values to try, from far too small to just too large.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.plot.style import MUTED
from dlnotes.plot.surface import plot_contours, plot_path
from dlnotes.sweep import value

SWEEP = {
    "name": "lr",
    "values": [0.01, 0.03, 0.1, 0.3, 0.5],
    "default": 0.3,
    "label": "Learning rate η",
    "key": "final_loss",
    "key_label": "loss after 50 steps",
    "key_format": ".4g",
}
lr = value(SWEEP)  # the default; see dlnotes/sweep.py to run another value

rng = np.random.default_rng(0)
x = rng.uniform(0, 2, size=40)
y = 2 * x + 1 + 0.3 * rng.standard_normal(40)  # the true line: w = 2, b = 1


def loss(w, b):
    """Mean squared error of the line (w, b); also works on grids."""
    w, b = np.asarray(w)[..., None], np.asarray(b)[..., None]
    return np.mean((w * x + b - y) ** 2, axis=-1)


def gradient(theta):
    """(dL/dw, dL/db) at theta = (w, b)."""
    residual = theta[0] * x + theta[1] - y
    return np.array([2 * np.mean(residual * x), 2 * np.mean(residual)])


theta = start = np.array([0.0, 4.0])
steps = 50
path = [theta]
for _ in range(steps):
    theta = theta - lr * gradient(theta)
    path.append(theta)
path = np.array(path)

A = np.column_stack([x, np.ones_like(x)])
best = np.linalg.lstsq(A, y, rcond=None)[0]
smallest_loss = float(loss(*best))
losses = loss(path[:, 0], path[:, 1])
final_loss = float(losses[-1])
distance = float(np.linalg.norm(path[-1] - best))
diverged = bool(final_loss > loss(*start))

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.9))
plot_contours(left, loss, xlim=(-1.5, 4.5), ylim=(-2.0, 5.0), levels=14, minimum=best)
plot_path(left, path, label=f"η = {lr:g}")
left.set(title="Path on the loss surface", xlabel="slope w", ylabel="intercept b")
left.set_xlim(-1.5, 4.5)
left.set_ylim(-2.0, 5.0)
left.legend(loc="lower left", fontsize=9)
right.semilogy(losses, label=f"η = {lr:g}")
right.axhline(smallest_loss, color=MUTED, linestyle=":", label="smallest possible loss")
right.set(title="Loss after each step", xlabel="step", ylabel="loss L(w, b)", ylim=(0.05, 1e4))
right.legend(loc="upper right", fontsize=9)

print(f"learning rate η = {lr:g}, {steps} steps from (w, b) = (0, 4)")
print(f"final: w = {path[-1, 0]:.4g}, b = {path[-1, 1]:.4g}")
print(f"loss {final_loss:.4g} (smallest possible {smallest_loss:.4f})")
print(f"distance to the minimum {distance:.3g}")
