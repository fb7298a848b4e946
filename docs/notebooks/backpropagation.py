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
# # Exercise: backpropagation by hand
#
# Backpropagation computes the gradient of the loss with respect to every
# weight by applying the chain rule one layer at a time, from the loss back to
# the input. Each layer needs only one rule: given the gradient of the loss with
# respect to its output, return the gradients with respect to its input and its
# parameters. In this notebook you write those rules for a Dense layer, ReLU and
# softmax with cross-entropy, then check them the slow, safe way, with finite
# differences.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../backpropagation-solution/) shows every task
# completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`backpropagation_checks.py`](../backpropagation_checks.py) into the
# same folder; [Notebooks](../) says how to install `dlnotes` and run it.

# %% [markdown] tags=["solution-only"]
# # Solution: backpropagation by hand
#
# This is the [exercise](../backpropagation/) with every task completed. The code
# ran while this site was built, so every printed number is its real output, and
# every check passed. At the end the four rules compute the gradient of a small
# two-layer network, and finite differences confirm it.

# %%
import matplotlib.pyplot as plt
import numpy as np

import backpropagation_checks as check

# %% [markdown]
# ## Task 1: the Dense layer
#
# A Dense layer computes $Y = X W + b$ for a batch $X$ of shape $(N, n_{in})$,
# weights $W$ of shape $(n_{in}, n_{out})$ and a bias $b$ of shape $(n_{out},)$.
# Given $\partial L / \partial Y$ (called `dout`, shape $(N, n_{out})$), the chain
# rule gives
#
# $$\frac{\partial L}{\partial X} = \frac{\partial L}{\partial Y} W^T, \qquad
# \frac{\partial L}{\partial W} = X^T \frac{\partial L}{\partial Y}, \qquad
# \frac{\partial L}{\partial b} = \sum_{i=1}^{N} \frac{\partial L}{\partial Y_i}$$
#
# Each gradient has the shape of the array it belongs to: if a shape does not
# fit, a transpose is in the wrong place.
#
# **Task:** complete `dense_backward`.


# %% tags=["todo"]
def dense_backward(X, W, dout):
    """Gradients (dX, dW, db) of Y = X W + b, given dout = dL/dY."""
    raise NotImplementedError(
        "TODO: three matrix expressions; follow the shapes"
    )


# %% tags=["solution"]
def dense_backward(X, W, dout):  # replaces the TODO above
    """Gradients (dX, dW, db) of Y = X W + b, given dout = dL/dY."""
    dX = dout @ W.T  # (N, n_out) @ (n_out, n_in) -> (N, n_in)
    dW = X.T @ dout  # (n_in, N) @ (N, n_out) -> (n_in, n_out)
    db = dout.sum(axis=0)  # (n_out,)
    return dX, dW, db


# %%
check.dense(dense_backward)

# %% [markdown]
# ## Task 2: ReLU
#
# ReLU has no parameters; its backward rule multiplies the incoming gradient by
# its slope, element by element. The slope is 1 where the input $z$ was positive
# and 0 where it was negative:
#
# $$\frac{\partial L}{\partial z} = \frac{\partial L}{\partial \mathrm{ReLU}(z)} \odot [z > 0]$$
#
# **Task:** complete `relu_backward`.


# %% tags=["todo"]
def relu_backward(z, dout):
    """dL/dz for ReLU, given its input z and dout = dL/dReLU(z)."""
    raise NotImplementedError("TODO: dout times the slope of ReLU at z")


# %% tags=["solution"]
def relu_backward(z, dout):  # replaces the TODO above
    """dL/dz for ReLU, given its input z and dout = dL/dReLU(z)."""
    return dout * (z > 0)


# %%
check.relu(relu_backward)

# %% [markdown]
# ## Task 3: softmax with cross-entropy
#
# A classifier's last step turns scores $s$ into probabilities
# $p = \mathrm{softmax}(s)$ and takes the mean cross-entropy
# $L = -\frac{1}{N}\sum_i \log p_{i, y_i}$. Worked through the chain rule, the
# two together have a famously simple gradient:
#
# $$\frac{\partial L}{\partial s} = \frac{p - \mathrm{onehot}(y)}{N}$$
#
# where $\mathrm{onehot}(y)$ has a 1 at each example's true class and 0 elsewhere.
#
# **Task:** complete `softmax_ce_backward`. `labels` holds each example's class
# as an integer; `p[np.arange(N), labels]` picks the true class of every row.


# %% tags=["todo"]
def softmax_ce_backward(scores, labels):
    """dL/dscores of the mean cross-entropy of softmax(scores): (N, K) -> (N, K)."""
    raise NotImplementedError(
        "TODO: probabilities, minus 1 at the true class, over N"
    )


# %% tags=["solution"]
def softmax_ce_backward(scores, labels):  # replaces the TODO above
    """dL/dscores of the mean cross-entropy of softmax(scores): (N, K) -> (N, K)."""
    N = len(scores)
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    p[np.arange(N), labels] -= 1.0
    return p / N


# %%
check.cross_entropy(softmax_ce_backward)

# %% [markdown]
# ## Task 4: check a gradient numerically
#
# A gradient can be estimated without any calculus. Nudge one entry of $x$ up
# and down by a small $\epsilon$ and see how $f$ changes:
#
# $$\frac{\partial f}{\partial x_j} \approx \frac{f(x + \epsilon e_j) - f(x - \epsilon e_j)}{2 \epsilon}$$
#
# This **central difference** is accurate to about $\epsilon^2$, far better than
# the one-sided $(f(x + \epsilon e_j) - f(x)) / \epsilon$. It needs two calls of
# $f$ per entry, so it is far too slow for training, but ideal for testing a
# backward rule.
#
# **Task:** complete `numerical_gradient`. Change one entry of `x` at a time
# (loop over `np.ndindex(x.shape)`), and put its old value back afterwards.


# %% tags=["todo"]
def numerical_gradient(f, x, eps=1e-5):
    """Central-difference estimate of the gradient of the number f(x), shaped like x."""
    raise NotImplementedError(
        "TODO: for each index: nudge up, nudge down, restore"
    )


# %% tags=["solution"]
def numerical_gradient(f, x, eps=1e-5):  # replaces the TODO above
    """Central-difference estimate of the gradient of the number f(x), shaped like x."""
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + eps
        up = f(x)
        x[index] = old - eps
        down = f(x)
        x[index] = old  # restore
        grad[index] = (up - down) / (2 * eps)
    return grad


# %%
check.numerical(numerical_gradient)

# %% [markdown] tags=["solution-only"]
# ## All four together
#
# A network with a hidden ReLU layer: $z = X W_1 + b_1$, $h = \mathrm{ReLU}(z)$,
# $s = h W_2 + b_2$, then softmax and cross-entropy. The backward pass runs the
# rules in the opposite order; finite differences confirm every gradient.

# %% tags=["solution-only"]
rng = np.random.default_rng(0)
X = rng.standard_normal((8, 4))
labels = rng.integers(0, 3, size=8)
W1, b1 = rng.standard_normal((4, 5)) * 0.5, np.zeros(5)
W2, b2 = rng.standard_normal((5, 3)) * 0.5, np.zeros(3)


def loss_of(W1, b1, W2, b2):
    s = np.maximum(X @ W1 + b1, 0) @ W2 + b2
    e = np.exp(s - s.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(len(X)), labels])))


z = X @ W1 + b1
h = np.maximum(z, 0)
s = h @ W2 + b2
ds = softmax_ce_backward(s, labels)
dh, dW2, db2 = dense_backward(h, W2, ds)
dz = relu_backward(z, dh)
_, dW1, db1 = dense_backward(X, W1, dz)

params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
grads = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
errors = []
for name, param in params.items():
    estimate = numerical_gradient(
        lambda _: loss_of(W1, b1, W2, b2), param
    )
    error = float(np.max(np.abs(grads[name] - estimate)))
    errors.append(error)
    print(
        f"{name}: largest difference from finite differences {error:.1e}"
    )

# %% tags=["solution-only"] alt="Bar chart, on a log scale, of the largest difference between the backpropagated and the numerical gradient for W1, b1, W2 and b2: all far below one in a million."
fig, ax = plt.subplots(figsize=(5.0, 3.0))
ax.bar(list(params), errors)
ax.set(
    yscale="log",
    title="Backpropagation against finite differences",
    xlabel="parameter",
    ylabel="largest difference",
)
plt.show()
