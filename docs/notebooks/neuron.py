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
# # Exercise: the artificial neuron
#
# One neuron weighs its inputs, adds a bias and passes the sum through a
# sigmoid. In this notebook you write that neuron with NumPy, find the
# straight line along which it cannot decide, set its weights by hand to
# compute AND and OR, search many lines to see that none computes XOR, and
# finally let it learn its own weights by gradient descent.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../neuron-solution/) shows every task
# completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`neuron_checks.py`](../neuron_checks.py) into the same folder;
# [Notebooks](../) says how to install `dlnotes` and run it.

# %% [markdown] tags=["solution-only"]
# # Solution: the artificial neuron
#
# This is the [exercise](../neuron/) with every task completed. The code ran
# while this site was built, so every printed number and figure is its real
# output, and every check passed.

# %%
import matplotlib.pyplot as plt
import numpy as np
from dlnotes.activations import sigmoid
from dlnotes.data import xor

import neuron_checks as check

# %% [markdown]
# ## Task 1: the neuron
#
# A neuron with weights $w = (w_1, \dots, w_n)$ and bias $b$ turns an input
# $x = (x_1, \dots, x_n)$ into
#
# $$\begin{array}{l} z = w \cdot x + b \\ a = \sigma(z) = \dfrac{1}{1 + e^{-z}} \end{array}$$
#
# For a batch, the inputs are the rows of a matrix `X` of shape $(N, n)$, and
# `X @ w` computes all $N$ weighted sums at once. `sigmoid` (imported above)
# computes $\sigma$.
#
# **Task:** complete `neuron`, returning the $N$ outputs, shape `(N,)`.


# %% tags=["todo"]
def neuron(X, w, b):
    """sigmoid(w . x + b) for every row x of X."""
    raise NotImplementedError("TODO: z = X @ w + ...")


# %% tags=["solution"]
def neuron(X, w, b):  # replaces the TODO above
    """sigmoid(w . x + b) for every row x of X."""
    return sigmoid(X @ w + b)


# %%
check.neuron(neuron)

# %% [markdown]
# ## Task 2: the decision boundary
#
# With two inputs, the neuron's output is above 0.5 exactly where
# $z = w_1 x_1 + w_2 x_2 + b$ is positive. Where $z = 0$ it outputs exactly
# 0.5: that line is its decision boundary.
#
# **Task:** complete `boundary_x2`. For an array of $x_1$ values it returns,
# for each, the $x_2$ at which the point $(x_1, x_2)$ lies on the line. Solve
# $w_1 x_1 + w_2 x_2 + b = 0$ for $x_2$ (assume $w_2 \neq 0$).


# %% tags=["todo"]
def boundary_x2(w, b, x1):
    """The x2 of the point on the boundary above each x1."""
    raise NotImplementedError("TODO: solve w[0]*x1 + w[1]*x2 + b = 0")


# %% tags=["solution"]
def boundary_x2(w, b, x1):  # replaces the TODO above
    """The x2 of the point on the boundary above each x1."""
    return -(w[0] * x1 + b) / w[1]


# %%
check.boundary(boundary_x2)

# %% [markdown]
# ## Task 3: AND and OR by hand
#
# Before any training, a neuron's weights can be set by hand. With inputs
# that are 0 or 1, AND is 1 only at the corner $(1, 1)$; OR is 1 at every
# corner except $(0, 0)$. Each needs a line with the right corners on its
# positive side. A neuron that is right but unsure, with an output of 0.6
# where the answer is 1, is not much use: aim for outputs within 0.1 of the
# right answer at every corner.
#
# **Task:** set `AND` and `OR` to pairs `(w, b)`, with `w` an array of two
# weights. The cell below prints your neurons' outputs at the four corners.

# %% tags=["todo"]
AND = None  # TODO: (np.array([w1, w2]), b)
OR = None  # TODO: the same form

# %% tags=["solution"]
AND = (np.array([10.0, 10.0]), -15.0)  # z > 0 only when both are 1
OR = (np.array([10.0, 10.0]), -5.0)  # z > 0 when at least one is 1

# %%
corners, xor_labels = xor()  # (0, 0), (0, 1), (1, 0), (1, 1)
for name, gate in [("AND", AND), ("OR", OR)]:
    if gate is not None:
        print(name, "outputs:", neuron(corners, *gate).round(3))

# %%
check.gates(AND, OR)

# %% [markdown]
# ## Task 4: no line computes XOR
#
# XOR is 1 at $(0, 1)$ and $(1, 0)$ and 0 at the other two corners. The
# chapter proves that no line puts both 1s on one side and both 0s on the
# other. Here you see it by search: try every line of a grid, and count how
# many corners the best one gets right.
#
# A corner counts as right when its side of the line matches its label:
# $z > 0$ for label 1, and $z \le 0$ for label 0 (on the line itself the
# output is 0.5, which is not above 0.5).
#
# **Task:** complete `most_corners_right`. For every combination of
# $w_1$, $w_2$ and $b$ taken from `values`, count the corners of `X` that the
# line gets right, and return the largest count.


# %% tags=["todo"]
def most_corners_right(X, y, values):
    """Most corners any line with w1, w2 and b in values gets right."""
    raise NotImplementedError(
        "TODO: three nested loops over values; count, keep the best"
    )


# %% tags=["solution"]
def most_corners_right(X, y, values):  # replaces the TODO above
    """Most corners any line with w1, w2 and b in values gets right."""
    best = 0
    for w1 in values:
        for w2 in values:
            for b in values:
                z = X @ np.array([w1, w2]) + b
                right = np.sum((z > 0) == (y == 1))
                best = max(best, int(right))
    return best


# %%
check.most_corners_right(most_corners_right)

# %% [markdown] tags=["solution-only"]
# On a grid of 21 values per parameter, 9261 lines in all, some line gets
# all four corners of AND and OR right, but none gets more than three of
# XOR:

# %% tags=["solution-only"]
values = np.linspace(-3, 3, 21)
for name, labels in [
    ("AND", np.array([0, 0, 0, 1])),
    ("OR", np.array([0, 1, 1, 1])),
    ("XOR", xor_labels),
]:
    best = most_corners_right(corners, labels, values)
    print(f"{name}: the best line gets {best} of 4 corners right")

# %% [markdown]
# ## Training: the data
#
# Now the neuron learns its weights. Two data sets of 100 points each: two
# clouds that a line can split, and XOR as clouds, 25 noisy copies of each
# corner.

# %% alt="Two scatter plots. Left: two clouds of 50 points, class 0 around (-1, -1) and class 1 around (1, 1), which a straight line can split. Right: four small clusters at the corners of the unit square, class 1 at (0, 1) and (1, 0), class 0 at (0, 0) and (1, 1)."
rng = np.random.default_rng(0)
X_clouds = np.concatenate(
    [rng.normal(-1.0, 0.5, (50, 2)), rng.normal(1.0, 0.5, (50, 2))]
)
y_clouds = np.repeat([0.0, 1.0], 50)
X_xor = np.repeat(corners, 25, axis=0) + rng.normal(0.0, 0.1, (100, 2))
y_xor = np.repeat(xor_labels, 25).astype(float)

fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.2))
for ax, X, y, title in [
    (axes[0], X_clouds, y_clouds, "two clouds"),
    (axes[1], X_xor, y_xor, "XOR"),
]:
    for c in (0, 1):
        ax.scatter(*X[y == c].T, s=10, label=f"class {c}")
    ax.set(title=title, xlabel="x₁", ylabel="x₂")
axes[0].legend(fontsize=8.5)
plt.show()

# %% [markdown]
# ## Task 5: the gradient of the loss
#
# Training minimises the binary cross-entropy $L$, the mean over the $N$
# examples of
#
# $$\ell_i = -y_i \ln a_i - (1 - y_i) \ln (1 - a_i)$$
#
# where $a_i = \sigma(w \cdot x_i + b)$ is the neuron's output for example $i$.
#
# By the chain rule through $a_i$, the sigmoid's slope cancels against the
# slope of the logarithm, and each example's $z_i$ receives
# $\partial L / \partial z_i = (a_i - y_i) / N$. Since
# $z_i = w \cdot x_i + b$, its derivative with respect to $w_j$ is $x_{ij}$,
# and with respect to $b$ it is 1:
#
# $$\frac{\partial L}{\partial w_j} = \frac{1}{N} \sum_{i} (a_i - y_i)\, x_{ij}$$
#
# $$\frac{\partial L}{\partial b} = \frac{1}{N} \sum_{i} (a_i - y_i)$$
#
# **Task:** complete `gradients`, returning `(dw, db)`: an array with one
# entry per weight, and a number. `X.T @ r` computes
# $\sum_i r_i x_{ij}$ for every $j$ at once.


# %% tags=["todo"]
def gradients(X, y, w, b):
    """(dL/dw, dL/db) of the mean binary cross-entropy of one neuron."""
    raise NotImplementedError(
        "TODO: a = neuron(X, w, b); r = a - y; ..."
    )


# %% tags=["solution"]
def gradients(X, y, w, b):  # replaces the TODO above
    """(dL/dw, dL/db) of the mean binary cross-entropy of one neuron."""
    r = neuron(X, w, b) - y
    return X.T @ r / len(y), np.mean(r)


# %%
check.gradients(gradients)

# %% [markdown]
# ## Task 6: gradient descent
#
# Start from $w = 0$ and $b = 0$, and repeat for every epoch: compute the
# gradients on all the data, then step against them with learning rate
# $\eta$:
#
# $$\begin{array}{l} w \leftarrow w - \eta\, \partial L / \partial w \\
# b \leftarrow b - \eta\, \partial L / \partial b \end{array}$$
#
# **Task:** complete `train`, returning the final `(w, b)`.


# %% tags=["todo"]
def train(X, y, lr, epochs):
    """One neuron trained by gradient descent from w = 0, b = 0."""
    raise NotImplementedError(
        "TODO: w, b = np.zeros(X.shape[1]), 0.0; loop over epochs"
    )


# %% tags=["solution"]
def train(X, y, lr, epochs):  # replaces the TODO above
    """One neuron trained by gradient descent from w = 0, b = 0."""
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        dw, db = gradients(X, y, w, b)
        w = w - lr * dw
        b = b - lr * db
    return w, b


# %%
check.train(train)

# %% [markdown] tags=["solution-only"]
# The same neuron trained on both data sets for 500 epochs, with its
# boundary drawn by `boundary_x2`. On the clouds it separates the classes.
# On XOR it starts at $w = 0$, $b = 0$, where for the four exact corners the
# gradient is zero, and it stays close to that start: its outputs stay near
# 0.5 everywhere, its loss near $\ln 2 \approx 0.693$, and about half the
# points are right.


# %% tags=["solution-only"] alt="Two scatter plots with the neuron's learned straight boundary. Left: the boundary passes between the two clouds, every point on its own class's side. Right: on the four XOR clusters the boundary cannot put the two classes on separate sides, and the title's accuracy is near one half."
# Train on each data set, report, and draw the learned boundary.
def report(name, X, y, w, b):
    a = neuron(X, w, b)
    loss = -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))
    accuracy = np.mean((a > 0.5) == (y == 1))
    print(
        f"{name}: w = {w.round(3)}, b = {b:.3f}, loss {loss:.3f}, "
        f"accuracy {accuracy:.0%}"
    )
    return accuracy


fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.2))
for ax, X, y, name in [
    (axes[0], X_clouds, y_clouds, "two clouds"),
    (axes[1], X_xor, y_xor, "XOR"),
]:
    w, b = train(X, y, 0.5, 500)
    accuracy = report(name, X, y, w, b)
    for c in (0, 1):
        ax.scatter(*X[y == c].T, s=10)
    x1 = np.linspace(X[:, 0].min(), X[:, 0].max(), 2)
    ax.plot(x1, boundary_x2(w, b, x1), "k--", label="boundary")
    ax.set(
        title=f"{name}: {accuracy:.0%} right", xlabel="x₁", ylabel="x₂"
    )
    ax.set(ylim=(X[:, 1].min() - 0.3, X[:, 1].max() + 0.3))
axes[0].legend(fontsize=8.5)
plt.show()
