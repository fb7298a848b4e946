# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["exercise-only"]
# # Exercise: generalization
#
# A model is judged on examples it has never seen. In this notebook you
# measure training and validation error as a model grows more flexible,
# split the expected error into bias and variance, choose when to stop
# training from a validation curve, and write three regularizers by hand:
# weight decay, dropout and data augmentation by shifting.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../generalization-solution/) shows every
# task completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`generalization_checks.py`](../generalization_checks.py) into the
# same folder; [Notebooks](../) says how to install `dlnotes` and run it.

# %% [markdown] tags=["solution-only"]
# # Solution: generalization
#
# This is the [exercise](../generalization/) with every task completed. The
# code ran while this site was built, so every printed number and figure is
# its real output, and every check passed.

# %%
import matplotlib.pyplot as plt
import numpy as np
from numpy.polynomial import legendre

import generalization_checks as check

# %% [markdown]
# ## The data and the model
#
# As in the chapter: noisy samples of a sine curve,
# $y = \sin(2\pi x) + \varepsilon$ with noise $\varepsilon$ of standard
# deviation 0.3, 20 points to train on and 20 more to validate with. The
# model is a polynomial of a chosen degree, fitted by least squares.
# `fit_polynomial` returns its coefficients and `predict` evaluates it
# (both use Legendre polynomials, which give the same fits as powers of $x$
# but keep the numbers well conditioned).

# %% alt="Two sets of 20 points each, training and validation, scattered around a dashed sine curve that rises to 1 near x = 0.25 and falls to -1 near x = 0.75."
NOISE = 0.3


def truth(x):
    return np.sin(2 * np.pi * x)


def sample(n, rng):
    x = rng.uniform(0, 1, n)
    return x, truth(x) + NOISE * rng.standard_normal(n)


def fit_polynomial(x, y, degree):
    """Least-squares coefficients of a polynomial of the given degree."""
    features = legendre.legvander(2 * x - 1, degree)  # (N, degree + 1)
    coef, *_ = np.linalg.lstsq(features, y, rcond=None)
    return coef


def predict(coef, x):
    return legendre.legval(2 * x - 1, coef)


rng = np.random.default_rng(0)
x_train, y_train = sample(20, rng)
x_val, y_val = sample(20, rng)

grid = np.linspace(0, 1, 200)
fig, ax = plt.subplots(figsize=(5.0, 3.0))
ax.plot(grid, truth(grid), "k--", lw=1, label="sin(2πx)")
ax.scatter(x_train, y_train, s=14, label="training")
ax.scatter(x_val, y_val, s=14, marker="s", label="validation")
ax.set(xlabel="x", ylabel="y")
ax.legend()
plt.show()

# %% [markdown]
# ## Task 1: training and validation error against the degree
#
# The error of a fit on a set of points is the mean squared error,
# $\frac{1}{N}\sum_i (\hat f(x_i) - y_i)^2$.
#
# **Task:** complete `errors_by_degree`. For each degree in `degrees`, fit
# the polynomial **on the training set only**, and record its error on the
# training set and on the validation set. Return the two lists of errors.


# %% tags=["todo"]
def errors_by_degree(x_train, y_train, x_val, y_val, degrees):
    """(training errors, validation errors), one of each per degree."""
    raise NotImplementedError(
        "TODO: coef = fit_polynomial(x_train, y_train, d); "
        "np.mean((predict(coef, x) - y) ** 2)"
    )


# %% tags=["solution"]
def errors_by_degree(
    x_train, y_train, x_val, y_val, degrees
):  # replaces the TODO above
    """(training errors, validation errors), one of each per degree."""
    train_errors, val_errors = [], []
    for degree in degrees:
        coef = fit_polynomial(x_train, y_train, degree)
        train_errors.append(
            np.mean((predict(coef, x_train) - y_train) ** 2)
        )
        val_errors.append(np.mean((predict(coef, x_val) - y_val) ** 2))
    return train_errors, val_errors


# %%
check.errors_by_degree(errors_by_degree)

# %% [markdown] tags=["solution-only"]
# The training error never rises as the degree grows; the validation
# error falls, then rises again. The validation set chooses the degree where it is
# lowest.

# %% tags=["solution-only"] alt="Mean squared error against the polynomial degree, 0 to 12, on a log scale. The training error falls at almost every degree. The validation error falls steeply up to degree 3, stays low for a few degrees and then rises, most steeply at the highest degrees. A dotted vertical line marks the degree with the lowest validation error."
degrees = np.arange(13)
train_errors, val_errors = errors_by_degree(
    x_train, y_train, x_val, y_val, degrees
)
best = int(degrees[np.argmin(val_errors)])
print(
    f"lowest validation error at degree {best}: {min(val_errors):.3f}"
)
print(f"degree 12: training error {train_errors[-1]:.4f}, ", end="")
print(f"validation error {val_errors[-1]:.3f}")
fig, ax = plt.subplots(figsize=(5.0, 3.4))
ax.semilogy(degrees, train_errors, "o-", ms=3, label="training")
ax.semilogy(degrees, val_errors, "s-", ms=3, label="validation")
ax.axvline(best, color="grey", ls=":")
ax.set(xlabel="degree", ylabel="mean squared error")
ax.legend()
plt.show()

# %% [markdown]
# ## Task 2: bias and variance
#
# Keep the 20 training inputs, draw fresh label noise many times and refit
# each time: the fits of one degree at the points of a grid form an array
# `predictions` of shape `(n_sets, n_points)`, one row per training set.
# At each point, with $\mathbb{E}[\hat f(x)]$ the average over the rows,
#
# $$\text{bias}^2 = \big(\mathbb{E}[\hat f(x)] - f(x)\big)^2$$
#
# $$\text{variance} = \mathbb{E}\big[(\hat f(x) - \mathbb{E}[\hat f(x)])^2\big]$$
#
# **Task:** complete `bias_and_variance`, returning both numbers, each
# averaged over the points of the grid. `truth_values` holds $f(x)$ at
# those points.


# %% tags=["todo"]
def bias_and_variance(predictions, truth_values):
    """(bias squared, variance), averaged over the grid's points."""
    raise NotImplementedError(
        "TODO: average = predictions.mean(axis=0); ..."
    )


# %% tags=["solution"]
def bias_and_variance(
    predictions, truth_values
):  # replaces the TODO above
    """(bias squared, variance), averaged over the grid's points."""
    average = predictions.mean(axis=0)  # E[f_hat(x)] at each point
    bias_squared = np.mean((average - truth_values) ** 2)
    variance = np.mean(predictions.var(axis=0))
    return bias_squared, variance


# %%
check.bias_and_variance(bias_and_variance)

# %% [markdown] tags=["solution-only"]
# 200 fresh training sets for each degree. Bias² falls as the degree rises,
# variance climbs, and their sum plus the noise, the expected test error,
# is lowest in between. (At the highest degrees bias² seems to rise again:
# the average of 200 fits still scatters, by about the variance divided by
# 200, and that scatter lands in the estimate of bias².)

# %% tags=["solution-only"] alt="Bias squared, variance and expected test error against the degree, 0 to 12, on a log scale. Bias squared drops sharply at degree 3 and stays far below the noise line up to degree 9, creeping up at the highest degrees; variance climbs steadily; the expected test error, their sum plus the noise, is U-shaped and close to the dashed noise line at its lowest point."
n_sets = 200
noise_rng = np.random.default_rng(1)
labels = truth(x_train) + NOISE * noise_rng.standard_normal(
    (n_sets, 20)
)
parts = []
for degree in degrees:
    predictions = np.array(
        [
            predict(fit_polynomial(x_train, y, degree), grid)
            for y in labels
        ]
    )
    parts.append(bias_and_variance(predictions, truth(grid)))
bias_squared, variance = np.array(parts).T
expected = bias_squared + variance + NOISE**2
print(f"lowest expected test error at degree {np.argmin(expected)}")
fig, ax = plt.subplots(figsize=(6.4, 3.4))
ax.semilogy(degrees, bias_squared, "o-", ms=3, label="bias²")
ax.semilogy(degrees, variance, "s-", ms=3, label="variance")
ax.semilogy(degrees, expected, "^-", ms=3, label="expected test error")
ax.axhline(NOISE**2, color="grey", ls="--", lw=1, label="noise")
ax.set(xlabel="degree", ylabel="squared error")
ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
plt.show()

# %% [markdown]
# ## Task 3: early stopping
#
# Early stopping watches the validation loss after every epoch. An epoch
# whose loss is lower than every earlier one is an **improvement**. After
# `patience` epochs in a row without an improvement, training stops, and
# the weights of the best epoch are kept.
#
# **Task:** complete `early_stopping`. Given the validation losses of
# epochs 0, 1, 2, …, return `(best_epoch, stop_epoch)`: the epoch with the
# lowest loss *seen before stopping*, and the epoch after which training
# stops, or `None` if it runs to the end. A loss equal to the best so far
# is not an improvement. This is what `dlnotes.callbacks.EarlyStopping`
# does.


# %% tags=["todo"]
def early_stopping(val_losses, patience):
    """(best_epoch, stop_epoch or None) for validation losses per epoch."""
    raise NotImplementedError(
        "TODO: loop over enumerate(val_losses), count epochs since the best"
    )


# %% tags=["solution"]
def early_stopping(val_losses, patience):  # replaces the TODO above
    """(best_epoch, stop_epoch or None) for validation losses per epoch."""
    best, best_epoch, wait = np.inf, None, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return best_epoch, epoch
    return best_epoch, None


# %%
check.early_stopping(early_stopping)

# %% [markdown] tags=["solution-only"]
# A real validation curve: gradient descent on the degree-12 polynomial,
# which first fits the broad shape of the data and later its noise. With a
# patience of 5 epochs training stops soon after the best epoch; run to
# the end, it would only have got worse on the validation set.

# %% tags=["solution-only"] alt="Validation and training error per epoch, 100 epochs of gradient descent on a degree-12 polynomial. The training error falls throughout. The validation error falls to a minimum and then rises slowly to the end. A dot marks the best epoch and a vertical dotted line the epoch where early stopping ends training, a few epochs later."
F_train = legendre.legvander(2 * x_train - 1, 12)  # (20, 13)
F_val = legendre.legvander(2 * x_val - 1, 12)
w = np.zeros(13)
curve, train_curve = [], []
for step in range(1, 1001):  # 100 epochs of 10 steps
    w -= 0.02 * F_train.T @ (F_train @ w - y_train) * 2 / 20
    if step % 10 == 0:
        curve.append(np.mean((F_val @ w - y_val) ** 2))
        train_curve.append(np.mean((F_train @ w - y_train) ** 2))
best_epoch, stop_epoch = early_stopping(curve, patience=5)
print(f"best epoch {best_epoch}, stopped after epoch {stop_epoch}")
print(f"validation error at the best epoch {curve[best_epoch]:.3f}")
print(f"validation error after all 100 epochs {curve[-1]:.3f}")
fig, ax = plt.subplots(figsize=(5.0, 3.4))
ax.plot(curve, label="validation")
ax.plot(train_curve, label="training")
ax.plot(best_epoch, curve[best_epoch], "ko", label="best epoch")
ax.axvline(stop_epoch, color="grey", ls=":", label="stopped")
ax.set(xlabel="epoch", ylabel="mean squared error")
ax.legend()
plt.show()

# %% [markdown]
# ## Task 4: one step with weight decay
#
# Weight decay adds the penalty $\frac{\lambda}{2}\lVert w \rVert^2$ to the
# loss. Its gradient is $\lambda w$, so one step of gradient descent with
# learning rate $\eta$ becomes
#
# $$w \leftarrow w - \eta\,\big(g + \lambda w\big)$$
#
# where $g$ is the gradient of the loss itself. This is the rule of
# `dlnotes.optim.SGD(lr, weight_decay=...)` and of PyTorch's SGD.
#
# **Task:** complete `decayed_step`, returning the new weights (leave the
# array passed in unchanged).


# %% tags=["todo"]
def decayed_step(w, grad, lr, weight_decay):
    """w after one SGD step with L2 weight decay."""
    raise NotImplementedError("TODO: return w - lr * (...)")


# %% tags=["solution"]
def decayed_step(w, grad, lr, weight_decay):  # replaces the TODO above
    """w after one SGD step with L2 weight decay."""
    return w - lr * (grad + weight_decay * w)


# %%
check.decayed_step(decayed_step)

# %% [markdown] tags=["solution-only"]
# Where the loss has no slope, weight decay alone acts: every step
# multiplies the weights by $1 - \eta\lambda$, so they shrink towards zero
# unless the data push back.

# %% tags=["solution-only"]
w = np.array([2.0, -1.0, 0.5])
for _ in range(100):
    w = decayed_step(w, np.zeros(3), lr=0.1, weight_decay=0.1)
print(f"after 100 steps with no gradient: {np.round(w, 3)}")
print(f"(1 - 0.1 * 0.1) ** 100 = {(1 - 0.01) ** 100:.3f}")

# %% [markdown]
# ## Task 5: dropout
#
# In training, dropout sets each element of its input to zero with
# probability $p$ and scales the survivors by $1/(1 - p)$, so that the
# expected output equals the input (this is called inverted dropout). In
# evaluation it does nothing.
#
# **Task:** complete `dropout`. In training, draw `rng.random(x.shape)` once
# and keep the elements where it is at least `p`. Then your function gives
# exactly what `dlnotes.layers.Dropout` gives with the same random
# generator.


# %% tags=["todo"]
def dropout(x, p, rng, train):
    """Inverted dropout: zero each element with probability p, scale by 1/(1-p)."""
    raise NotImplementedError(
        "TODO: keep = rng.random(x.shape) >= p; ..."
    )


# %% tags=["solution"]
def dropout(x, p, rng, train):  # replaces the TODO above
    """Inverted dropout: zero each element with probability p, scale by 1/(1-p)."""
    if not train:
        return x
    keep = rng.random(x.shape) >= p
    return x * keep / (1 - p)


# %%
check.dropout(dropout)

# %% [markdown]
# ## Task 6: data augmentation by shifting
#
# Augmentation trains on changed copies of the examples whose label stays
# the same. For small images, a shift by one pixel is such a change: the
# chapter trains on 8 × 8 digits moved by up to one pixel in each direction,
# with zeros shifted in at the edge.
#
# **Task:** complete `shift`. For images of shape `(N, 8, 8)` return copies
# moved `dy` pixels down and `dx` pixels right (each of them −1, 0 or 1; a
# negative value moves up or left). The row or column that moves in from
# the edge is zero; the one that moves out is lost.


# %% tags=["todo"]
def shift(images, dy, dx):
    """Images moved dy pixels down and dx pixels right, zeros shifted in."""
    raise NotImplementedError(
        "TODO: pad with a border of zeros (np.pad), then cut out 8 x 8"
    )


# %% tags=["solution"]
def shift(images, dy, dx):  # replaces the TODO above
    """Images moved dy pixels down and dx pixels right, zeros shifted in."""
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1)))  # (N, 10, 10)
    return padded[:, 1 - dy : 9 - dy, 1 - dx : 9 - dx]


# %%
check.shift(shift)

# %% [markdown] tags=["solution-only"]
# One drawn digit and its nine shifts by up to a pixel: to a person all of
# them are the same 7, so the label stays.

# %% tags=["solution-only"] alt="Nine copies of an 8 by 8 drawing of the digit 7 in a 3 by 3 grid, each moved by one pixel up, down, left or right or not at all; the centre one is the original."
seven = np.zeros((8, 8))
seven[1, 1:7] = 1.0
for row in range(2, 7):
    seven[row, 7 - row] = 1.0
fig, axes = plt.subplots(3, 3, figsize=(3.6, 3.6))
for i, dy in enumerate((-1, 0, 1)):
    for j, dx in enumerate((-1, 0, 1)):
        axes[i, j].imshow(shift(seven[None], dy, dx)[0], cmap="gray_r")
        axes[i, j].set(xticks=[], yticks=[], title=f"dy={dy}, dx={dx}")
        axes[i, j].title.set_fontsize(8)
plt.show()
