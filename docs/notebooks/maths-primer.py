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
# # Exercise: the maths primer
#
# Deep learning uses a small amount of mathematics over and over: matrix
# products, derivatives, the chain rule, gradients and log-probabilities. In
# this notebook you compute each of them with NumPy: a matrix product from its
# definition, derivatives by finite differences, one derivative by the chain
# rule, a gradient and a step down it, and log-probabilities that never
# overflow.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../maths-primer-solution/) shows every task
# completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`maths_primer_checks.py`](../maths_primer_checks.py) into the same
# folder; [Notebooks](../) says how to install `dlnotes` and run it.

# %% [markdown] tags=["solution-only"]
# # Solution: the maths primer
#
# This is the [exercise](../maths-primer/) with every task completed. The code
# ran while this site was built, so every printed number and figure is its real
# output, and every check passed.

# %%
import matplotlib.pyplot as plt
import numpy as np
from dlnotes.activations import sigmoid

import maths_primer_checks as check

# %% [markdown]
# ## Task 1: a matrix product, from its definition
#
# A batch $X$ of shape $(N, n)$ times weights $W$ of shape $(n, m)$ gives a
# result of shape $(N, m)$, with entries
#
# $$(XW)_{ij} = \sum_{k=1}^{n} X_{ik} W_{kj}$$
#
# NumPy's `X @ W` computes this; here you write it yourself, with loops. When
# the inner sizes differ the product is not defined. A loop may still run and
# return numbers, and that silent wrong answer is worse than an error.
#
# **Task:** complete `matmul`. Check the inner sizes first and raise a
# `ValueError` when they differ; then fill an array of zeros of the right
# shape, entry by entry.


# %% tags=["todo"]
def matmul(X, W):
    """X @ W for X of shape (N, n) and W of shape (n, m), by loops."""
    raise NotImplementedError(
        "TODO: compare X.shape[1] with W.shape[0]; loop over i, j and k"
    )


# %% tags=["solution"]
def matmul(X, W):  # replaces the TODO above
    """X @ W for X of shape (N, n) and W of shape (n, m), by loops."""
    N, n = X.shape
    if W.shape[0] != n:
        raise ValueError(f"inner sizes differ: {n} and {W.shape[0]}")
    m = W.shape[1]
    Y = np.zeros((N, m))
    for i in range(N):
        for j in range(m):
            Y[i, j] = sum(X[i, k] * W[k, j] for k in range(n))
    return Y


# %%
check.matmul(matmul)

# %% [markdown]
# ## Task 2: derivatives by finite differences
#
# The derivative is the limit of the slope between two nearby points. A
# computer cannot take the limit, but it can use a small step $h$. The
# *forward* difference looks one step ahead, and estimates $f'(x)$ by
#
# $$\frac{f(x + h) - f(x)}{h}$$
#
# The *central* difference looks one step to each side:
#
# $$\frac{f(x + h) - f(x - h)}{2h}$$
#
# Each is the slope of a straight line through two points of the curve. The
# figure draws both lines for $f(x) = x^3$ at $x = 1$ with a large step,
# $h = 0.5$, next to the tangent, whose slope is the exact $f'(1) = 3$.


# %% alt="The curve y = x cubed for x from 0.2 to 1.8, its tangent at x = 1 with slope 3, and two straight lines labelled with their slopes through points of the curve: the forward line through x = 1 and x = 1.5 is clearly steeper than the tangent, while the central line through x = 0.5 and x = 1.5 is nearly parallel to it."
# The curve, its tangent at x = 1, and the two lines of the formulas.
def cube(x):
    return x**3


grid = np.linspace(0.2, 1.8, 100)
h_big = 0.5
lines = {
    "tangent at x = 1": (1.0, 3.0),
    "forward: through x and x + h": (
        1.0,
        (cube(1 + h_big) - cube(1)) / h_big,
    ),
    "central: through x − h and x + h": (
        1 - h_big,
        (cube(1 + h_big) - cube(1 - h_big)) / (2 * h_big),
    ),
}
fig, ax = plt.subplots(figsize=(5.0, 3.4))
ax.plot(grid, cube(grid), color="black", label="f(x) = x³")
for (label, (start, slope)), style in zip(
    lines.items(), ["-", "--", ":"], strict=True
):
    ax.plot(
        grid,
        cube(start) + slope * (grid - start),
        style,
        label=f"{label} ({slope:.2f})",
    )
ax.set(xlabel="x", ylabel="y", ylim=(-1, 6))
ax.legend(fontsize=8.5)
plt.show()

# %% [markdown]
# **Task:** complete both functions, the forward difference and the
# central one. Each takes a function `f`, a point `x` and a step `h`.


# %% tags=["todo"]
def forward_difference(f, x, h):
    """Slope of f between x and x + h."""
    raise NotImplementedError("TODO: from the first formula above")


def central_difference(f, x, h):
    """Slope of f between x - h and x + h."""
    raise NotImplementedError("TODO: from the second formula above")


# %% tags=["solution"]
def forward_difference(f, x, h):  # replaces the TODO above
    """Slope of f between x and x + h."""
    return (f(x + h) - f(x)) / h


def central_difference(f, x, h):
    """Slope of f between x - h and x + h."""
    return (f(x + h) - f(x - h)) / (2 * h)


# %%
check.differences(forward_difference, central_difference)

# %% [markdown]
# ## Task 3: the best step
#
# A smaller $h$ brings the estimate closer to the limit, but only up to a
# point. A float64 number keeps about 16 significant digits, and
# $f(x + h) - f(x)$ subtracts two nearly equal numbers: below some step,
# rounding errors grow faster than the estimate improves.
#
# **Task:** complete `best_step`. It is given one of your two estimates, a
# function, and its exact derivative `exact` at `x`. Try each step of
# `steps` below, from $10^{-1}$ down to $10^{-13}$, and return the one whose
# estimate lies closest to `exact`.

# %%
steps = np.logspace(-1, -13, 13)  # 0.1, 0.01, ..., 1e-13


# %% tags=["todo"]
def best_step(estimate, f, exact, x):
    """The h in steps whose estimate(f, x, h) is closest to exact."""
    raise NotImplementedError(
        "TODO: the error of each step, then the step of the smallest"
    )


# %% tags=["solution"]
def best_step(estimate, f, exact, x):  # replaces the TODO above
    """The h in steps whose estimate(f, x, h) is closest to exact."""
    errors = [abs(estimate(f, x, h) - exact) for h in steps]
    return steps[np.argmin(errors)]


# %%
check.best_step(best_step)

# %% [markdown] tags=["solution-only"]
# The errors of both estimates for $\sin$ at $x = 1$, whose exact derivative
# is $\cos 1$. The forward difference's error falls in proportion to $h$, the
# central one's in proportion to $h^2$, so the central difference reaches a
# smaller error at a larger step, before rounding takes over.

# %% tags=["solution-only"] alt="Error of the forward and the central difference of sin at x = 1 against the step h, both on log scales, h shrinking from left to right. The central difference's error falls twice as steeply as the forward one's and reaches a lower minimum at a larger step; below each minimum the errors rise again, jaggedly."
fig, ax = plt.subplots(figsize=(5.4, 3.4))
for estimate, marker in [
    (forward_difference, "o"),
    (central_difference, "s"),
]:
    errors = [
        abs(estimate(np.sin, 1.0, h) - np.cos(1.0)) for h in steps
    ]
    best = best_step(estimate, np.sin, np.cos(1.0), 1.0)
    print(
        f"{estimate.__name__}: best h = {best:.0e}, "
        f"error there {min(errors):.1e}"
    )
    ax.loglog(
        steps,
        np.array(errors)
        + 1e-17,  # a zero error cannot be drawn on a log scale
        marker=marker,
        label=estimate.__name__.replace("_", " "),
    )
ax.invert_xaxis()
ax.set(xlabel="step h", ylabel="error against cos 1")
ax.legend()
plt.show()

# %% [markdown]
# ## Task 4: the chain rule
#
# A sigmoid neuron with one input $x$, scored by its squared distance from a
# target $y$, is a chain of three links:
#
# $$\begin{array}{l} z = wx + b \\ a = \sigma(z) \\ L = (a - y)^2 \end{array}$$
#
# The chain rule multiplies the derivative of each link, taken at the value
# that went into it:
#
# $$\frac{dL}{dw} = \frac{dL}{da} \cdot \frac{da}{dz} \cdot \frac{dz}{dw}$$
#
# The sigmoid's slope is $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$; `sigmoid`
# (imported above) computes $\sigma$.
#
# **Task:** complete `dL_dw`, the exact derivative by the chain rule.


# %% tags=["todo"]
def dL_dw(w, x, b, y):
    """dL/dw of L = (sigmoid(w x + b) - y)**2."""
    raise NotImplementedError(
        "TODO: z = w * x + b; a = sigmoid(z); ..."
    )


# %% tags=["solution"]
def dL_dw(w, x, b, y):  # replaces the TODO above
    """dL/dw of L = (sigmoid(w x + b) - y)**2."""
    z = w * x + b
    a = sigmoid(z)
    return 2 * (a - y) * a * (1 - a) * x


# %%
check.chain_rule(dL_dw)

# %% [markdown] tags=["solution-only"]
# Your central difference of Task 2 agrees with the chain rule:


# %% tags=["solution-only"]
# L(w) for x = 2, b = -1 and y = 1
def L(w):
    return (sigmoid(w * 2.0 - 1.0) - 1.0) ** 2


print(f"chain rule:         {dL_dw(0.8, 2.0, -1.0, 1.0):.10f}")
print(f"central difference: {central_difference(L, 0.8, 1e-5):.10f}")

# %% [markdown]
# ## Task 5: the gradient, numerically
#
# For a function $g$ of several inputs $p = (p_1, \dots, p_n)$, the gradient
# $\nabla g$ collects the partial derivatives, one per input. Each one holds
# every other input fixed, so a central difference estimates
# $\partial g / \partial p_i$ by shifting one coordinate only:
#
# $$\frac{g(p + h e_i) - g(p - h e_i)}{2h}$$
#
# where $e_i$ is 1 in coordinate $i$ and 0 elsewhere.
#
# **Task:** complete `numerical_gradient`, returning an array of the same
# shape as `p`. Leave `p` itself unchanged.


# %% tags=["todo"]
def numerical_gradient(g, p, h=1e-5):
    """Central-difference estimate of the gradient of g at p."""
    raise NotImplementedError(
        "TODO: for each i: e = np.zeros_like(p); e[i] = h; ..."
    )


# %% tags=["solution"]
def numerical_gradient(g, p, h=1e-5):  # replaces the TODO above
    """Central-difference estimate of the gradient of g at p."""
    grad = np.zeros_like(p, dtype=float)
    for i in range(len(p)):
        e = np.zeros_like(p, dtype=float)
        e[i] = h
        grad[i] = (g(p + e) - g(p - e)) / (2 * h)
    return grad


# %%
check.numerical_gradient(numerical_gradient)

# %% [markdown]
# ## Task 6: a step straight downhill
#
# The gradient points in the direction in which $g$ rises fastest, so
# $-\nabla g$ points straight downhill. Divided by its length
# $\lVert \nabla g \rVert$ (`np.linalg.norm`), it becomes a unit vector: a
# direction of length 1.
#
# **Task:** complete `steepest_step`, which walks `distance` from `p`
# straight downhill and returns the point it reaches. Use your
# `numerical_gradient`.


# %% tags=["todo"]
def steepest_step(g, p, distance):
    """The point `distance` from p along minus the gradient of g."""
    raise NotImplementedError(
        "TODO: grad = numerical_gradient(g, p); direction = ..."
    )


# %% tags=["solution"]
def steepest_step(g, p, distance):  # replaces the TODO above
    """The point `distance` from p along minus the gradient of g."""
    grad = numerical_gradient(g, p)
    return p - distance * grad / np.linalg.norm(grad)


# %%
check.steepest_step(steepest_step)

# %% [markdown] tags=["solution-only"]
# Twenty such steps of length 0.15 on the bowl $g(a, b) = a^2 + 3b^2$. Each
# one leaves its contour line at a right angle. The bowl is steeper along
# $b$, so the path first loses height in $b$, then follows the valley floor
# $b = 0$. Near the minimum a step of fixed length overshoots, and the path
# jumps back and forth across it.


# %% tags=["solution-only"] alt="Elliptical contour lines of g(a, b) = a squared plus 3 b squared, and a path of 20 dots joined by lines, starting at (1.8, 1) in the upper right. The path first runs down and to the left, losing height in b quickly, then runs along the line b = 0 to the minimum at (0, 0), where its last steps jump back and forth across it."
# Twenty steps of length 0.15 from (1.8, 1) on the bowl.
def bowl(p):
    return p[0] ** 2 + 3 * p[1] ** 2


path = [np.array([1.8, 1.0])]
for _ in range(20):
    path.append(steepest_step(bowl, path[-1], 0.15))
path = np.array(path)

a, b = np.meshgrid(np.linspace(-2, 2, 200), np.linspace(-1.3, 1.3, 200))
fig, ax = plt.subplots(figsize=(5.4, 3.6))
ax.contour(
    a, b, a**2 + 3 * b**2, levels=12, colors="0.6", linewidths=0.8
)
ax.plot(path[:, 0], path[:, 1], "o-", markersize=3.5, label="steps")
ax.plot(0, 0, "*", markersize=11, color="C1", label="minimum")
ax.set(xlabel="a", ylabel="b", aspect="equal")
ax.legend(loc="upper left", fontsize=8.5)
plt.show()

# %% [markdown]
# ## Task 7: log-probabilities that never overflow
#
# Softmax turns a row of scores $z$ into probabilities
# $p_j = e^{z_j} / \sum_k e^{z_k}$. Losses need their logarithms:
#
# $$\log p_j = z_j - \log \sum_k e^{z_k}$$
#
# Written just like that, `np.exp(1000.0)` overflows to `inf`, and scores of
# $-1000$ underflow to 0, whose logarithm is $-\infty$. Subtracting the same
# number $m$ from every score of a row changes no probability. With $m$ the
# row's largest score, the shifted scores $s_k = z_k - m$ are at most 0, the
# largest exponential is $e^0 = 1$, and nothing overflows:
#
# $$\log p_j = s_j - \log \sum_k e^{s_k}$$
#
# **Task:** complete `log_softmax` for an array `Z` of shape $(N, C)$: one
# row of $C$ scores per example. `Z.max(axis=1, keepdims=True)` keeps each
# row's maximum as a column, ready to subtract.


# %% tags=["todo"]
def log_softmax(Z):
    """Log-probabilities of each row of scores, computed stably."""
    raise NotImplementedError(
        "TODO: m = Z.max(axis=1, keepdims=True); ..."
    )


# %% tags=["solution"]
def log_softmax(Z):  # replaces the TODO above
    """Log-probabilities of each row of scores, computed stably."""
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


# %%
check.log_softmax(log_softmax)

# %% [markdown] tags=["solution-only"]
# Why losses use these logarithms: a model gives 2000 examples scores, and
# the probability of the whole data set is the product of the probabilities
# of their right answers. That product underflows to exactly 0, whatever the
# model; the sum of the log-probabilities stays an ordinary number.

# %% tags=["solution-only"]
rng = np.random.default_rng(0)
scores = rng.normal(size=(2000, 3))
labels = rng.integers(0, 3, size=2000)
log_p = log_softmax(scores)[np.arange(2000), labels]
print(f"product of the probabilities: {np.prod(np.exp(log_p))}")
print(f"sum of their logarithms:      {np.sum(log_p):.2f}")
