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
# # Exercise: loss functions
#
# A loss turns "how wrong is the network?" into one number, and its gradient
# says which way to move. In this notebook you write the three standard losses
# with NumPy, each with its gradient, as `dlnotes.losses` computes them: the
# mean squared error, binary cross-entropy from raw scores, and softmax
# cross-entropy. Then you measure why squared error is a poor loss for
# probabilities, and try a loss that is not thrown off by outliers.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../losses-solution/) shows every task
# completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`losses_checks.py`](../losses_checks.py) into the same folder;
# [Notebooks](../) says how to install `dlnotes` and run it.

# %% [markdown] tags=["solution-only"]
# # Solution: loss functions
#
# This is the [exercise](../losses/) with every task completed. The code ran
# while this site was built, so every printed number and figure is its real
# output, and every check passed.

# %%
import matplotlib.pyplot as plt
import numpy as np
from dlnotes.activations import sigmoid

import losses_checks as check

# %% [markdown]
# Every loss in this notebook follows the conventions of `dlnotes.losses`:
# it takes the predictions and the targets of a whole batch and returns a
# pair `(value, grad)`. `value` is one number, the **mean** over the batch,
# as PyTorch's losses compute it; `grad` has the shape of the predictions
# and holds $\partial L / \partial \text{prediction}$ for each of them.
# Because the loss is a mean over $N$ items, every gradient carries a
# factor $1/N$.
#
# `sigmoid`, imported above from `dlnotes`, is written so that it never
# overflows.
#
# ## The data for the last task
#
# Thirty points scattered around the line $y = 2x + 1$, and five points that
# are far off it: a sensor that failed, or labels typed in wrong.

# %% alt="Scatter plot: thirty points rising along the dashed line y = 2x + 1 for x between 0 and 2, and five outliers at the right, near x = 2, lying about 6 below the line."
rng = np.random.default_rng(0)
x = np.concatenate([rng.uniform(0, 2, 30), rng.uniform(1.7, 2.0, 5)])
y = 2 * x + 1 + 0.2 * rng.standard_normal(35)
y[30:] -= 6  # the outliers
fig, ax = plt.subplots(figsize=(5.0, 3.0))
ax.scatter(x[:30], y[:30], s=12, label="data")
ax.scatter(
    x[30:], y[30:], s=16, marker="x", color="C3", label="outliers"
)
ax.plot([0, 2], [1, 5], "C1--", label="y = 2x + 1")
ax.set(xlabel="x", ylabel="y")
ax.legend()
plt.show()

# %% [markdown]
# ## Task 1: mean squared error
#
# For predictions $\hat y$ and targets $y$ of the same shape, with $n$
# entries in all (for $N$ examples with $k$ outputs each, $n = N k$):
#
# $$L = \frac{1}{n} \sum (\hat y - y)^2,$$
#
# and its gradient is
#
# $$\frac{\partial L}{\partial \hat y} = \frac{2}{n} (\hat y - y).$$
#
# The mean runs over every entry, as in `torch.nn.MSELoss`.
#
# **Task:** complete `mse`, returning `(value, grad)`.


# %% tags=["todo"]
def mse(pred, target):
    """(mean squared error, its gradient with respect to pred)."""
    raise NotImplementedError("TODO: diff = pred - target; ...")


# %% tags=["solution"]
def mse(pred, target):  # replaces the TODO above
    """(mean squared error, its gradient with respect to pred)."""
    diff = pred - target
    return np.mean(diff**2), 2 * diff / diff.size


# %%
check.mse(mse)

# %% [markdown]
# ## Task 2: binary cross-entropy from scores
#
# A binary classifier outputs a raw score $z$ (a *logit*); the probability of
# "yes" is $p = \sigma(z)$. The loss of one example is $-\ln p$ if its label
# is $y = 1$ and $-\ln(1 - p)$ if $y = 0$. Written in $z$, both cases are
#
# $$\ln(1 + e^{z}) - y\,z,$$
#
# and its slope is simply $\partial L / \partial z = \sigma(z) - y$. Computed
# through $p$, a confident score such as $z = -800$ gives $p = 0$ in floating
# point and then $\ln 0$. The form in $z$ never forms $p$:
# `np.logaddexp(0, z)` computes $\ln(e^0 + e^z)$ without overflowing.
#
# **Task:** complete `bce_with_logits` for arrays `z` and `y` of shape `(N,)`,
# returning the mean loss and its gradient with respect to `z`.


# %% tags=["todo"]
def bce_with_logits(z, y):
    """(mean binary cross-entropy of scores z, its gradient in z)."""
    raise NotImplementedError(
        "TODO: np.logaddexp(0, z) - y * z, then ..."
    )


# %% tags=["solution"]
def bce_with_logits(z, y):  # replaces the TODO above
    """(mean binary cross-entropy of scores z, its gradient in z)."""
    value = np.mean(np.logaddexp(0, z) - y * z)
    return value, (sigmoid(z) - y) / len(z)


# %%
check.bce_with_logits(bce_with_logits)

# %% [markdown]
# ## Task 3: softmax cross-entropy
#
# With $C$ classes, each example has $C$ scores $z_1, \dots, z_C$ and an
# integer label $y$. Its loss is $-\ln p_y$ with $p = \mathrm{softmax}(z)$,
# and in log form
#
# $$-\ln p_y = \ln \sum_{c} e^{z_c} - z_y.$$
#
# The same number is
#
# $$m + \ln \sum_{c} e^{z_c - m} - z_y,$$
#
# where $m$ is the largest of the example's scores: after subtracting it,
# no exponent is above 0, so `np.exp` cannot overflow. The gradient with
# respect to the scores is $\mathrm{softmax}(z) - \text{one-hot}(y)$, divided
# by $N$ for the mean over the batch.
#
# **Task:** complete `softmax_cross_entropy` for scores `z` of shape
# `(N, C)` and labels of shape `(N,)`. `z[np.arange(N), labels]` picks each
# row's score of its true class.


# %% tags=["todo"]
def softmax_cross_entropy(z, labels):
    """(mean softmax cross-entropy, its gradient in the scores z)."""
    raise NotImplementedError(
        "TODO: shifted = z - z.max(axis=1, keepdims=True); ..."
    )


# %% tags=["solution"]
def softmax_cross_entropy(z, labels):  # replaces the TODO above
    """(mean softmax cross-entropy, its gradient in the scores z)."""
    n = len(z)
    rows = np.arange(n)
    shifted = z - z.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(shifted).sum(axis=1))
    value = np.mean(log_sum - shifted[rows, labels])
    grad = np.exp(shifted - log_sum[:, None])  # softmax
    grad[rows, labels] -= 1
    return value, grad / n


# %%
check.softmax_cross_entropy(softmax_cross_entropy)

# %% [markdown]
# ## Task 4: squared error on a probability learns slowly
#
# Nothing stops you from training a classifier with the squared error of its
# probability, $(\sigma(z) - y)^2$, instead of binary cross-entropy. Compare
# their slopes with respect to the score $z$ of one example. By the chain
# rule, with $p = \sigma(z)$ and $\sigma'(z) = p(1 - p)$, the slope
# $\frac{d}{dz} (p - y)^2$ of the squared error is
#
# $$2 (p - y)\, p (1 - p),$$
#
# and the slope of binary cross-entropy is
#
# $$p - y.$$
#
# **Task:** complete `slopes`, returning both slopes, elementwise, for an
# array of scores `z` and a label `y` (0 or 1).


# %% tags=["todo"]
def slopes(z, y):
    """(d/dz of (sigmoid(z) - y)**2, d/dz of BCE), elementwise in z."""
    raise NotImplementedError("TODO: p = sigmoid(z); ...")


# %% tags=["solution"]
def slopes(z, y):  # replaces the TODO above
    """(d/dz of (sigmoid(z) - y)**2, d/dz of BCE), elementwise in z."""
    p = sigmoid(z)
    return 2 * (p - y) * p * (1 - p), p - y


# %%
check.slopes(slopes)

# %% [markdown] tags=["solution-only"]
# The label is 1. Far to the left the network is confidently wrong, which is
# where it most needs a push. The cross-entropy slope stays near its largest
# size there; the squared error's slope fades towards zero, because
# $p(1 - p)$ does. A network that starts out confidently wrong under squared
# error barely moves.

# %% tags=["solution-only"] alt="The size of the slope against the score z from -8 to 8, for label 1. Cross-entropy's slope is near 1 for very negative z and falls smoothly to 0 for large z. The squared error's slope is near 0 at both ends, with a low hump in the middle, far below cross-entropy's on the left where the prediction is confidently wrong."
z = np.linspace(-8, 8, 321)
mse_slope, bce_slope = slopes(z, 1)
fig, ax = plt.subplots(figsize=(5.0, 3.2))
ax.plot(z, np.abs(bce_slope), label="cross-entropy")
ax.plot(z, np.abs(mse_slope), label="squared error of p")
ax.set(xlabel="score z (label 1)", ylabel="size of dL/dz")
ax.legend()
plt.show()
for score in (-6, -2):
    m, b = slopes(np.array([score]), 1)
    print(
        f"z = {score}: squared-error slope {abs(m[0]):.4f}, "
        f"cross-entropy slope {abs(b[0]):.4f}"
    )

# %% [markdown]
# ## Task 5: a loss that shrugs off outliers
#
# The squared error of a point 6 off the line is 36, as much as 900 points
# that are off by 0.2, so five outliers can drag a fitted line a long way.
# The **Huber loss** (Peter Huber, "Robust estimation of a location
# parameter", *Annals of Mathematical Statistics*, 1964,
# [doi:10.1214/aoms/1177703732](https://doi.org/10.1214/aoms/1177703732)) is
# the squared error for small residuals $r = \hat y - y$ and grows only in a
# straight line for large ones. With a threshold $\delta$, as
# `torch.nn.HuberLoss` defines it, a residual costs
#
# $$\ell(r) = \tfrac{1}{2} r^2$$
#
# while $|r| \le \delta$, and beyond that
#
# $$\ell(r) = \delta \left(|r| - \tfrac{1}{2}\delta\right).$$
#
# Its slope $\ell'(r)$ is $r$ where $|r| \le \delta$, and
# $\delta \,\mathrm{sign}(r)$ beyond.
#
# The two pieces meet without a jump or a kink at $|r| = \delta$, and the
# slope is never larger than $\delta$: an outlier pulls no harder than any
# other point that is more than $\delta$ off. The loss is the mean of
# $\ell$ over the batch.
#
# **Task:** complete `huber`, returning `(value, grad)` like `mse`.
# `np.where(condition, a, b)` picks from `a` where the condition holds and
# from `b` elsewhere.


# %% tags=["todo"]
def huber(pred, target, delta=1.0):
    """(mean Huber loss, its gradient with respect to pred)."""
    raise NotImplementedError(
        "TODO: r = pred - target; small = np.abs(r) <= delta; ..."
    )


# %% tags=["solution"]
def huber(pred, target, delta=1.0):  # replaces the TODO above
    """(mean Huber loss, its gradient with respect to pred)."""
    r = pred - target
    small = np.abs(r) <= delta
    loss = np.where(
        small, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta)
    )
    grad = np.where(small, r, delta * np.sign(r))
    return np.mean(loss), grad / r.size


# %%
check.huber(huber)

# %% [markdown] tags=["solution-only"]
# Fit the line $\hat y = w x + b$ to the data above by gradient descent, once
# with the squared error and once with the Huber loss. The chain rule takes
# the loss's gradient with respect to the predictions to the two
# parameters:
# $\partial L / \partial w = \sum_i g_i x_i$ and
# $\partial L / \partial b = \sum_i g_i$, where $g$ is the `grad` the loss
# returns.


# %% tags=["solution-only"]
def fit_line(loss, steps=2000, lr=0.2):
    """(w, b) of the line that gradient descent on `loss` finds."""
    w, b = 0.0, 0.0
    for _ in range(steps):
        _, g = loss(w * x + b, y)
        w, b = w - lr * np.sum(g * x), b - lr * np.sum(g)
    return w, b


# %% tags=["solution-only"] alt="The data with its five outliers and two fitted lines. The line fitted with the squared error is tilted down towards the outliers and misses the bulk of the points at the right; the line fitted with the Huber loss runs through the thirty ordinary points, close to the dashed line y = 2x + 1."
grid = np.array([0.0, 2.0])
fig, ax = plt.subplots(figsize=(5.0, 3.2))
ax.scatter(x[:30], y[:30], s=12, color="C0")
ax.scatter(x[30:], y[30:], s=16, marker="x", color="C3")
ax.plot(grid, 2 * grid + 1, "--", color="0.45", label="y = 2x + 1")
fits = {
    "squared error": fit_line(mse),
    "Huber, δ = 0.5": fit_line(lambda p, t: huber(p, t, delta=0.5)),
}
for (name, (w, b)), colour in zip(
    fits.items(), ("C1", "C2"), strict=True
):
    ax.plot(grid, w * grid + b, colour, label=name)
ax.set(xlabel="x", ylabel="y")
ax.legend()
plt.show()
for name, (w, b) in fits.items():
    print(f"{name:14}: w = {w:.2f}, b = {b:.2f}")

# %% [markdown] tags=["solution-only"]
# The squared error bends its line towards the five outliers. The Huber
# line is pulled far less and stays close to $y = 2x + 1$, the line the
# other thirty points follow. Its threshold $\delta = 0.5$ suits these
# data: the ordinary points scatter by about 0.2 around their line, so
# nearly all of them fall on the quadratic part, while the outliers fall on
# the straight part, where each pulls with a slope of at most $\delta$. A smaller $\delta$ caps their pull further; a very large one
# turns the Huber loss back into (half) the squared error.
