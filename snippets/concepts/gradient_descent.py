"""Gradient descent on a real loss surface, with three learning rates.

Fits a line ``y = w * x + b`` to 40 noisy points by mean squared error. The
loss depends on two parameters, so it can be drawn as a contour map. Starting
from the same point, gradient descent runs 50 steps with a learning rate that
is too small, one that works, and one that is too large.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.plot.style import MUTED
from dlnotes.plot.surface import plot_contours, plot_path

rng = np.random.default_rng(0)
x = rng.uniform(0, 2, size=40)
y = 2 * x + 1 + 0.3 * rng.standard_normal(40)  # the true line: w = 2, b = 1


# --8<-- [start:descent]
def loss(w, b):
    """Mean squared error of the line (w, b); also works on grids."""
    w, b = np.asarray(w)[..., None], np.asarray(b)[..., None]
    return np.mean((w * x + b - y) ** 2, axis=-1)


def gradient(theta):
    """(dL/dw, dL/db) at theta = (w, b)."""
    residual = theta[0] * x + theta[1] - y
    return np.array([2 * np.mean(residual * x), 2 * np.mean(residual)])


def descend(theta, lr, steps):
    """Plain gradient descent; returns every point visited."""
    path = [theta]
    for _ in range(steps):
        theta = theta - lr * gradient(theta)  # the whole algorithm
        path.append(theta)
    return np.array(path)


start = np.array([0.0, 4.0])
steps = 50
rates = {
    "too small (η = 0.03)": 0.03,
    "good (η = 0.3)": 0.3,
    "too large (η = 0.5)": 0.5,
}
paths = {name: descend(start, lr, steps) for name, lr in rates.items()}
# --8<-- [end:descent]

# The exact minimum, from least squares, to measure how close each run got.
A = np.column_stack([x, np.ones_like(x)])
best = np.linalg.lstsq(A, y, rcond=None)[0]
# The loss is a quadratic bowl; its curvatures are the eigenvalues of 2 AᵀA / N.
gentle_curvature, steep_curvature = np.linalg.eigvalsh(2 * A.T @ A / len(x))
largest_stable_rate = 2 / steep_curvature

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.9))
plot_contours(left, loss, xlim=(-1.5, 4.5), ylim=(-2.0, 5.0), levels=14, minimum=best)
for rank, (name, path) in enumerate(paths.items()):
    plot_path(left, path, label=name, zorder=5 - rank)  # the short path on top
    right.semilogy(loss(path[:, 0], path[:, 1]), label=name)
left.set(title="Paths on the loss surface", xlabel="slope w", ylabel="intercept b")
right.set(title="Loss after each step", xlabel="step", ylabel="loss L(w, b)", ylim=(0.05, 100))
right.axhline(float(loss(*best)), color=MUTED, linestyle=":", label="smallest possible loss")
right.legend(loc="upper right", fontsize=9)
left.legend(loc="lower left", fontsize=9)

# What the page says about the three runs.
distance = {name: float(np.linalg.norm(path[-1] - best)) for name, path in paths.items()}
start_distance = float(np.linalg.norm(start - best))
final_loss = {name: float(loss(*path[-1])) for name, path in paths.items()}
start_loss = float(loss(*start))
losses = {name: loss(path[:, 0], path[:, 1]).tolist() for name, path in paths.items()}
# The same facts as flat names, for the prose.
small_distance, good_distance = distance["too small (η = 0.03)"], distance["good (η = 0.3)"]
small_loss_over_best = final_loss["too small (η = 0.03)"] / float(loss(*best))
large_final_loss = final_loss["too large (η = 0.5)"]
large_final_loss_text = f"{large_final_loss / 1e12:,.1f} trillion"
curvature_ratio = steep_curvature / gentle_curvature
good_factor_steep = 1 - 0.3 * steep_curvature  # one step's factor across the valley
large_factor_steep = abs(1 - 0.5 * steep_curvature)
small_progress_gentle = 0.03 * gentle_curvature  # share of the distance closed per step
print(f"minimum: w = {best[0]:.3f}, b = {best[1]:.3f}, loss = {loss(*best):.4f}")
print(f"start:   w = {start[0]:.3f}, b = {start[1]:.3f}, loss = {start_loss:.4f}")
print(
    f"curvatures of the bowl: {gentle_curvature:.3f} and {steep_curvature:.3f}; "
    f"rates above 2 / {steep_curvature:.3f} = {largest_stable_rate:.3f} diverge"
)
print(f"after {steps} steps:")
print("  rate η        w          b       loss   distance to minimum")
for name, lr in rates.items():
    w, b = paths[name][-1]
    print(f"  {lr:<6} {w:10.4g} {b:10.4g} {final_loss[name]:10.4g} {distance[name]:10.3g}")
