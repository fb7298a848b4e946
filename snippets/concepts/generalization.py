"""Training, validation and test error, and the bias-variance trade-off.

Fits polynomials of degree 0 to 12 by least squares to 20 noisy samples of a
sine curve. One data set shows the three errors and picks a degree on the
validation set. Then the same 20 inputs get fresh label noise 500 times, and
the expected test error splits into bias squared, variance and noise.
"""

import matplotlib.pyplot as plt
import numpy as np
from numpy.polynomial import legendre

from dlnotes.plot.style import MUTED

NOISE = 0.3  # standard deviation of the label noise
N_TRAIN = 20
DEGREES = np.arange(13)


def truth(x):
    return np.sin(2 * np.pi * x)


def sample(n, rng):
    x = rng.uniform(0, 1, n)
    return x, truth(x) + NOISE * rng.standard_normal(n)


# --8<-- [start:fit]
def fit_polynomial(x, y, degree):
    """Least-squares coefficients of a degree-``degree`` polynomial."""
    features = legendre.legvander(2 * x - 1, degree)  # (N, degree + 1), well conditioned
    coef, *_ = np.linalg.lstsq(features, y, rcond=None)
    return coef


def predict(coef, x):
    return legendre.legval(2 * x - 1, coef)


def mse(coef, x, y):
    return float(np.mean((predict(coef, x) - y) ** 2))


# --8<-- [end:fit]

# --8<-- [start:split]
rng = np.random.default_rng(0)
x_train, y_train = sample(N_TRAIN, rng)
x_val, y_val = sample(20, rng)  # used to choose the degree
x_test, y_test = sample(2000, rng)  # used once, for the chosen degree

fits = {d: fit_polynomial(x_train, y_train, d) for d in DEGREES}
train_error = [mse(fits[d], x_train, y_train) for d in DEGREES]
val_error = [mse(fits[d], x_val, y_val) for d in DEGREES]
best_degree = int(DEGREES[np.argmin(val_error)])
test_error_of_best = mse(fits[best_degree], x_test, y_test)
# --8<-- [end:split]
print(f"degree chosen on the validation set: {best_degree}")
print(f"its errors: training {train_error[best_degree]:.3f}, ", end="")
print(f"validation {val_error[best_degree]:.3f}, test {test_error_of_best:.3f}")
print(f"noise variance (the best any model can do): {NOISE**2:.3f}")
train_error_of_best, val_error_of_best = train_error[best_degree], val_error[best_degree]
train_error_max_degree = train_error[-1]
val_error_max_degree = val_error[-1]
noise_variance = NOISE**2

# --8<-- [start:decompose]
grid = np.linspace(0, 1, 200)
n_sets = 500
predictions = np.empty((len(DEGREES), n_sets, len(grid)))
for s in range(n_sets):
    y = truth(x_train) + NOISE * rng.standard_normal(N_TRAIN)  # fresh noise, same inputs
    for d in DEGREES:
        predictions[d, s] = predict(fit_polynomial(x_train, y, d), grid)

# Least squares is linear in y, so the average fit is the fit to noiseless labels.
mean_fit = np.array([predict(fit_polynomial(x_train, truth(x_train), d), grid) for d in DEGREES])
bias_squared = ((mean_fit - truth(grid)) ** 2).mean(axis=1)
variance = predictions.var(axis=1).mean(axis=1)  # spread of the fits around their mean
expected_test_error = bias_squared + variance + NOISE**2
# --8<-- [end:decompose]
best_expected_degree = int(DEGREES[np.argmin(expected_test_error)])
bias_squared = bias_squared.tolist()
variance = variance.tolist()
expected_test_error = expected_test_error.tolist()
print(f"lowest expected test error at degree {best_expected_degree}")
max_degree = int(DEGREES[-1])
bias_squared_degree_1 = bias_squared[1]
variance_degree_1 = variance[1]
variance_max_degree = variance[-1]

# Figure 1: three fits to the same 20 points.
shown = (1, 3, 12)
fig, axes = plt.subplots(1, 3, figsize=(9, 3), sharey=True)
for ax, d in zip(axes, shown, strict=True):
    ax.plot(grid, truth(grid), color=MUTED, linestyle="--", label="truth")
    ax.plot(grid, predict(fits[d], grid), label="fit")
    ax.scatter(x_train, y_train, s=14, zorder=3, label="training points")
    ax.set(title=f"degree {d}", xlabel="x", ylim=(-2, 2))
axes[0].set_ylabel("y")
axes[0].legend(loc="lower left", fontsize=8)

# Figure 2: the three errors on one data set, and the decomposition over many.
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
left.plot(DEGREES, train_error, marker="o", label="training")
left.plot(DEGREES, val_error, marker="o", label="validation")
left.axvline(best_degree, color=MUTED, linestyle=":", label="chosen degree")
left.set(title="One data set", xlabel="polynomial degree", ylabel="mean squared error")
left.set(yscale="log")
left.legend(fontsize=8)
right.plot(DEGREES, bias_squared, marker="o", label="bias²")
right.plot(DEGREES, variance, marker="o", label="variance")
right.plot(DEGREES, expected_test_error, marker="o", label="expected test error")
right.axhline(NOISE**2, color=MUTED, linestyle="--", label="noise σ²")
right.set(title=f"Over {n_sets} draws of the noise", xlabel="polynomial degree")
right.set(yscale="log", ylim=(1e-3, 30))
right.legend(fontsize=8)
