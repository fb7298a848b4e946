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
# # Exercise: gradient descent
#
# Gradient descent is the algorithm that trains almost every network: compute
# the slope of the loss, take a small step downhill, repeat. In this notebook
# you write it from scratch for the simplest model there is, a straight line,
# then find a learning rate that works and compute the largest one that can.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../gradient-descent-solution/) shows every
# task completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`gradient_descent_checks.py`](../gradient_descent_checks.py) into
# the same folder; [Notebooks](../) says how to install `dlnotes` and run it.

# %% [markdown] tags=["solution-only"]
# # Solution: gradient descent
#
# This is the [exercise](../gradient-descent/) with every task completed. The
# code ran while this site was built, so every printed number and figure is its
# real output, and every check passed.

# %%
import matplotlib.pyplot as plt
import numpy as np

import gradient_descent_checks as check

# %% [markdown]
# ## The data
#
# Forty points scattered around the line $y = 2x + 1$. The model is a line
# $\hat y = w x + b$ with two parameters, collected in one array
# `theta = np.array([w, b])`. The loss is the mean squared error:
#
# $$L(w, b) = \frac{1}{N} \sum_{i=1}^{N} \left( w x_i + b - y_i \right)^2$$

# %% alt="Scatter plot of 40 points for x between 0 and 2, rising from about y = 1 to y = 5 around the dashed line y = 2x + 1."
rng = np.random.default_rng(0)
x = rng.uniform(0, 2, size=40)
y = 2 * x + 1 + 0.3 * rng.standard_normal(40)

fig, ax = plt.subplots(figsize=(5.0, 3.0))
ax.scatter(x, y, s=12, label="data")
ax.plot([0, 2], [1, 5], "C1--", label="y = 2x + 1")
ax.set(xlabel="x", ylabel="y")
ax.legend()
plt.show()

# %% [markdown]
# ## Task 1: the gradient
#
# The gradient is the pair of partial derivatives of the loss, one per
# parameter:
#
# $$\frac{\partial L}{\partial w} = \frac{2}{N} \sum_{i} (w x_i + b - y_i)\, x_i,
# \qquad
# \frac{\partial L}{\partial b} = \frac{2}{N} \sum_{i} (w x_i + b - y_i)$$
#
# The part in brackets, prediction minus target, is the *residual*. `np.mean`
# gives the $\frac{1}{N}\sum$.
#
# **Task:** complete `gradient`, returning `np.array([dL_dw, dL_db])`.


# %% tags=["todo"]
def gradient(theta, x, y):
    """(dL/dw, dL/db) of the mean squared error at theta = (w, b)."""
    raise NotImplementedError(
        "TODO: residual = theta[0] * x + theta[1] - y, then ..."
    )


# %% tags=["solution"]
def gradient(theta, x, y):  # replaces the TODO above
    """(dL/dw, dL/db) of the mean squared error at theta = (w, b)."""
    residual = theta[0] * x + theta[1] - y
    return np.array([2 * np.mean(residual * x), 2 * np.mean(residual)])


# %%
check.gradient(gradient)

# %% [markdown]
# ## Task 2: one step
#
# One step of gradient descent moves the parameters a little way against the
# gradient, because the gradient points uphill:
#
# $$\theta \leftarrow \theta - \eta\, \nabla L(\theta)$$
#
# $\eta$ ("eta") is the learning rate.
#
# **Task:** complete `step`, returning the new parameters (a new array; leave
# `theta` itself unchanged).


# %% tags=["todo"]
def step(theta, grad, lr):
    """The parameters after one step of size lr against grad."""
    raise NotImplementedError("TODO: one line, from the formula above")


# %% tags=["solution"]
def step(theta, grad, lr):  # replaces the TODO above
    """The parameters after one step of size lr against grad."""
    return theta - lr * grad


# %%
check.step(step)

# %% [markdown]
# ## Task 3: descend
#
# Gradient descent repeats the step: compute the gradient where you are, step,
# and start again from the new point.
#
# **Task:** complete `descend`, which returns every point visited as an array
# of shape `(steps + 1, 2)`: the start first, then the point after each step.
# Use your `gradient` and `step`.


# %% tags=["todo"]
def descend(theta, lr, steps, x, y):
    """`steps` steps of gradient descent from theta; every point visited."""
    raise NotImplementedError(
        "TODO: path = [theta]; loop: theta = step(...); path.append(theta)"
    )


# %% tags=["solution"]
def descend(theta, lr, steps, x, y):  # replaces the TODO above
    """`steps` steps of gradient descent from theta; every point visited."""
    path = [theta]
    for _ in range(steps):
        theta = step(theta, gradient(theta, x, y), lr)
        path.append(theta)
    return np.array(path)


# %%
check.descend(descend)

# %% [markdown]
# ## Task 4: a learning rate that works
#
# Start at $(w, b) = (0, 4)$ and take 50 steps. A rate that is too small
# creeps towards the minimum and stops far from it; a rate that is too large
# overshoots, further each time, and the loss explodes.
#
# **Task:** try a few rates with your `descend` (print the last point of the
# path, or plot the loss), then set `lr` to one that ends within 0.05 of the
# best line after 50 steps.

# %% tags=["todo"]
lr = None  # TODO: try 0.01, 0.1, 1, ... and narrow it down

# %% tags=["solution"]
for trial in [0.01, 0.1, 0.3, 1.0]:
    end = descend(np.array([0.0, 4.0]), trial, 50, x, y)[-1]
    print(f"lr = {trial:<5} ends at w = {end[0]:.4g}, b = {end[1]:.4g}")
lr = 0.3

# %%
check.learning_rate(lr)

# %% [markdown]
# ## Task 5: the largest rate that can work
#
# This loss is a bowl. Its curvature along each of its two main directions is
# an eigenvalue of the matrix of second derivatives (the *Hessian*):
#
# $$H = \frac{2}{N} \begin{pmatrix} \sum_i x_i^2 & \sum_i x_i \\ \sum_i x_i & N \end{pmatrix}$$
#
# Along a direction of curvature $\lambda$, one step multiplies the distance
# to the minimum by $1 - \eta\lambda$. That shrinks the distance only while
# $\eta\lambda < 2$, so the steepest direction decides: gradient descent
# converges for every $\eta < 2 / \lambda_{\max}$ and diverges above it.
#
# **Task:** complete `largest_stable_rate`. `np.linalg.eigvalsh(H)` returns
# the eigenvalues of a symmetric matrix, smallest first.


# %% tags=["todo"]
def largest_stable_rate(x):
    """2 / (largest eigenvalue of the Hessian of the MSE of a line)."""
    raise NotImplementedError(
        "TODO: build H, then np.linalg.eigvalsh(H)"
    )


# %% tags=["solution"]
def largest_stable_rate(x):  # replaces the TODO above
    """2 / (largest eigenvalue of the Hessian of the MSE of a line)."""
    n = len(x)
    H = 2 / n * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), n]])
    return 2 / np.linalg.eigvalsh(H)[-1]


# %%
check.largest_stable_rate(largest_stable_rate)

# %% [markdown] tags=["solution-only"]
# The figure runs 50 steps at many rates and plots how far each run ends from
# the best line. Below the limit, a larger rate gets closer; just past it, the
# runs explode.

# %% tags=["solution-only"] alt="Distance from the best line after 50 steps against the learning rate, both on log scales: the distance falls from about 3 at rate 0.01 to below 0.01 near rate 0.4, then shoots up past a dashed vertical line at the computed largest stable rate."
best = np.linalg.lstsq(
    np.column_stack([x, np.ones_like(x)]), y, rcond=None
)[0]
rates = np.geomspace(0.01, 0.5, 60)
ends = [descend(np.array([0.0, 4.0]), r, 50, x, y)[-1] for r in rates]
fig, ax = plt.subplots(figsize=(5.0, 3.2))
ax.loglog(
    rates,
    [np.linalg.norm(e - best) for e in ends],
    label="after 50 steps",
)
ax.axvline(
    largest_stable_rate(x),
    color="C1",
    linestyle="--",
    label="2 / λ_max",
)
ax.set(xlabel="learning rate η", ylabel="distance to the best (w, b)")
ax.legend()
plt.show()
