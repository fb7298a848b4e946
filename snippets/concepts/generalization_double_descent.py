"""Double descent: test error against the width of a random-features model.

A random-features model is a network with one hidden layer of p ReLU units
whose first-layer weights are random and frozen; only the output weights are
fitted, by minimum-norm least squares. With n = 60 noisy training points, the
test error is measured for widths from 1 to 1000, averaged over 10 draws of
the random features.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.plot.style import MUTED

N_TRAIN, DIM, NOISE = 60, 4, 0.3
rng = np.random.default_rng(0)
direction = rng.standard_normal(DIM) / np.sqrt(DIM)


def target(X):
    t = X @ direction
    return np.sin(2 * t) + 0.5 * t**2


X_train = rng.standard_normal((N_TRAIN, DIM))
y_train = target(X_train) + NOISE * rng.standard_normal(N_TRAIN)
X_test = rng.standard_normal((1000, DIM))
y_test = target(X_test)  # noiseless: the error measures the learned function


# --8<-- [start:fit]
def random_features(X, W, b):
    """The frozen hidden layer: ReLU(X @ W + b), shape (N, p)."""
    return np.maximum(X @ W + b, 0.0)


def fit_min_norm(F, y):
    """Output weights c minimising ||F c - y||; of all minimisers, the smallest ||c||.

    Below the interpolation threshold (p < n) this is ordinary least squares;
    above it, many c fit the data exactly and lstsq returns the shortest one.
    """
    c, *_ = np.linalg.lstsq(F, y, rcond=None)
    return c


# --8<-- [end:fit]

widths = np.unique(np.r_[np.geomspace(1, 1000, 36).astype(int), N_TRAIN - 2, N_TRAIN + 2, N_TRAIN])
n_draws = 10
test_error = np.empty((len(widths), n_draws))
train_error = np.empty((len(widths), n_draws))
weight_norm = np.empty((len(widths), n_draws))
# --8<-- [start:sweep]
for i, p in enumerate(widths):
    for draw in range(n_draws):
        r = np.random.default_rng(1000 + draw)  # draw k uses the same features at every width
        W = r.standard_normal((DIM, p)) / np.sqrt(DIM)
        b = r.uniform(-1, 1, p)
        c = fit_min_norm(random_features(X_train, W, b), y_train)
        test_error[i, draw] = np.mean((random_features(X_test, W, b) @ c - y_test) ** 2)
        train_error[i, draw] = np.mean((random_features(X_train, W, b) @ c - y_train) ** 2)
        weight_norm[i, draw] = np.linalg.norm(c)
mean_test = test_error.mean(axis=1)
# --8<-- [end:sweep]

peak_width = int(widths[np.argmax(mean_test)])
peak_error = float(mean_test.max())
under = widths < N_TRAIN
u_best_width = int(widths[under][np.argmin(mean_test[under])])
u_best_error = float(mean_test[under].min())
widest = int(widths[-1])
widest_error = float(mean_test[-1])
first_interpolating_width = int(widths[np.argmax(train_error.mean(axis=1) < 1e-20)])
target_variance = float(np.var(y_test))
peak_over_widest = peak_error / widest_error
peak_over_mean = peak_error / target_variance
mean_test_error = mean_test.tolist()
width_list = widths.tolist()
print(f"{N_TRAIN} training points; test error of predicting the mean: {target_variance:.3f}")
print(f"classic regime (p < n): lowest test error {u_best_error:.3f} at width {u_best_width}")
print(f"peak: test error {peak_error:.2f} at width {peak_width}")
print(f"training error is 0 (to rounding) from width {first_interpolating_width} on")
print(f"widest model, p = {widest}: test error {widest_error:.3f}")

fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6))
left.plot(widths, mean_test, marker="o", markersize=3, label="test error")
left.plot(widths, np.maximum(train_error.mean(axis=1), 1e-4), label="training error")
left.axvline(N_TRAIN, color=MUTED, linestyle="--", label=f"p = n = {N_TRAIN}")
left.set(xscale="log", yscale="log", ylim=(1e-4, 1e3), xlabel="width p (random features)")
left.set(ylabel="mean squared error", title="Error against width")
left.legend(fontsize=8, loc="lower left")
right.plot(widths, weight_norm.mean(axis=1), marker="o", markersize=3)
right.axvline(N_TRAIN, color=MUTED, linestyle="--")
right.set(xscale="log", yscale="log", xlabel="width p (random features)")
right.set(ylabel="‖c‖, length of the output weights", title="Size of the fitted weights")
