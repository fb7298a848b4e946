"""Mini-batch gradients are noisy estimates of the exact gradient.

On the line-fitting loss of the gradient-descent example (now with 1000
points), compares the exact gradient at one point with the estimates from 300
random mini-batches of 4 and of 32 points.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.plot.style import INK

rng = np.random.default_rng(0)
x = rng.uniform(0, 2, size=1000)
y = 2 * x + 1 + 0.3 * rng.standard_normal(1000)


# --8<-- [start:noise]
def gradient(theta, idx):
    """(dL/dw, dL/db) of the mean squared error over the samples idx."""
    residual = theta[0] * x[idx] + theta[1] - y[idx]
    return np.array([2 * np.mean(residual * x[idx]), 2 * np.mean(residual)])


theta = np.array([0.0, 4.0])
exact = gradient(theta, np.arange(len(x)))  # all 1000 points
estimates = {}
for size in (4, 32):
    batches = [rng.choice(len(x), size, replace=False) for _ in range(300)]
    estimates[size] = np.array([gradient(theta, b) for b in batches])
# --8<-- [end:noise]

# Typical size of the estimation error, relative to the exact gradient.
spread = {
    size: float(np.sqrt(np.mean(np.sum((g - exact) ** 2, axis=1))) / np.linalg.norm(exact))
    for size, g in estimates.items()
}
spread_4, spread_32 = spread[4], spread[32]
spread_ratio = spread_4 / spread_32  # about sqrt(32 / 4) = 2.8 expected
exact_dw, exact_db = float(exact[0]), float(exact[1])
print(f"exact gradient: dL/dw = {exact[0]:.3f}, dL/db = {exact[1]:.3f}")
for size, s in spread.items():
    print(f"batch of {size:2d}: typical error {s:.0%} of the exact gradient's length")

fig, ax = plt.subplots(figsize=(5.2, 4.2))
for size, g in estimates.items():
    ax.scatter(g[:, 0], g[:, 1], s=9, alpha=0.6, label=f"batches of {size}")
ax.plot(*exact, marker="*", markersize=16, color=INK, linestyle="none", label="exact (all 1000)")
ax.set(title="300 mini-batch gradient estimates", xlabel="dL/dw", ylabel="dL/db")
ax.legend(loc="lower right", fontsize=9)
