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
# # Exercise: activation functions
#
# An activation function is the small nonlinear function a layer applies to
# each of its outputs. Without one, a stack of layers is no better than a single
# layer. In this notebook you write the common activations with NumPy, make them
# safe for very large inputs, and prove that the layers collapse without them.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../activations-solution/) shows every task
# completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`activations_checks.py`](../activations_checks.py) into the same
# folder; [Notebooks](../) says how to install `dlnotes` and run it.

# %% [markdown] tags=["solution-only"]
# # Solution: activation functions
#
# This is the [exercise](../activations/) with every task completed. The code
# ran while this site was built, so every printed number and figure is its real
# output, and every check passed.

# %%
import matplotlib.pyplot as plt
import numpy as np

import activations_checks as check

# %% [markdown]
# ## Task 1: ReLU
#
# The rectified linear unit keeps positive inputs and replaces negative ones
# by zero:
#
# $$\mathrm{ReLU}(z) = \max(0, z)$$
#
# It works element by element, so an array goes in and an array of the same
# shape comes out. Python's `max` compares two numbers; `np.maximum` compares
# arrays element by element.
#
# **Task:** complete `relu`.


# %% tags=["todo"]
def relu(z):
    """max(0, z) for every element of the array z."""
    raise NotImplementedError("TODO: np.maximum(...)")


# %% tags=["solution"]
def relu(z):  # replaces the TODO above
    """max(0, z) for every element of the array z."""
    return np.maximum(z, 0.0)


# %%
check.relu(relu)

# %% [markdown]
# ## Task 2: the sigmoid, safely
#
# The sigmoid squashes any number into the interval from 0 to 1:
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}}$$
#
# Written this way, `np.exp(-z)` overflows for $z = -1000$ (the result, $e^{1000}$,
# is far beyond the largest float). The same function can be written with
# tanh, which never overflows: $\sigma(z) = \tfrac{1}{2}\left(1 + \tanh(z/2)\right)$.
#
# **Task:** complete `sigmoid` so that it gives 0 and 1 for $z = \mp 1000$
# without any overflow.


# %% tags=["todo"]
def sigmoid(z):
    """1 / (1 + e^(-z)) for every element of z, without overflow."""
    raise NotImplementedError("TODO: 0.5 * (1 + np.tanh(...))")


# %% tags=["solution"]
def sigmoid(z):  # replaces the TODO above
    """1 / (1 + e^(-z)) for every element of z, without overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


# %%
check.sigmoid(sigmoid)

# %% [markdown]
# ## Task 3: the slope of the sigmoid
#
# Backpropagation multiplies the gradient by the slope of each activation. For
# the sigmoid the slope has a neat form, in terms of the sigmoid itself:
#
# $$\sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)$$
#
# **Task:** complete `sigmoid_grad`, using your `sigmoid`.


# %% tags=["todo"]
def sigmoid_grad(z):
    """The slope of the sigmoid at every element of z."""
    raise NotImplementedError("TODO: s = sigmoid(z), then ...")


# %% tags=["solution"]
def sigmoid_grad(z):  # replaces the TODO above
    """The slope of the sigmoid at every element of z."""
    s = sigmoid(z)
    return s * (1.0 - s)


# %%
check.sigmoid_slope(sigmoid_grad)

# %% [markdown]
# The slope of the sigmoid is never larger than 0.25. Through ten sigmoid layers
# a gradient is multiplied by at most $0.25^{10}$, about one in a million: the
# early layers barely learn. ReLU's slope is exactly 1 for every positive input.

# %% alt="Left: ReLU and the sigmoid from z = -6 to 6. Right: their slopes; the sigmoid's slope peaks at 0.25 at z = 0, ReLU's is 0 for negative and 1 for positive z."
z = np.linspace(-6, 6, 241)
s = 0.5 * (1.0 + np.tanh(0.5 * z))  # the sigmoid
fig, (left, right) = plt.subplots(1, 2, figsize=(7.0, 3.0))
left.plot(z, np.maximum(z, 0.0), label="ReLU")
left.plot(z, s, label="sigmoid")
left.set(
    title="Activation", xlabel="$z$", ylabel="output", ylim=(-0.5, 3)
)
left.legend()
right.plot(z, (z > 0).astype(float), label="ReLU")
right.plot(z, s * (1.0 - s), label="sigmoid")
right.set(title="Slope", xlabel="$z$", ylabel="slope")
right.legend()
plt.show()

# %% [markdown]
# ## Task 4: softmax, safely
#
# For a classifier with several classes, softmax turns each row of scores into
# probabilities that sum to 1:
#
# $$\mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}}$$
#
# Each row of `z` is one example, so the sum runs over `axis=1`. Subtracting the
# same number from every score of a row does not change the result (it cancels
# between top and bottom), and subtracting the row's maximum keeps every
# exponent at or below 0, so nothing overflows.
#
# **Task:** complete `softmax` for a 2-D array of scores.


# %% tags=["todo"]
def softmax(z):
    """Softmax of each row of z: (N, K) -> (N, K), rows summing to 1."""
    raise NotImplementedError(
        "TODO: subtract each row's max, exponentiate, divide"
    )


# %% tags=["solution"]
def softmax(z):  # replaces the TODO above
    """Softmax of each row of z: (N, K) -> (N, K), rows summing to 1."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# %%
check.softmax(softmax)

# %% [markdown]
# ## Task 5: without an activation, layers collapse
#
# Two Dense layers in a row with no activation compute
# $(X W_1 + b_1) W_2 + b_2$. Multiply it out and it is one Dense layer,
# $X W + b$, with a single weight matrix and bias.
#
# **Task:** complete `collapse`, which returns that `W` and `b`.


# %% tags=["todo"]
def collapse(W1, b1, W2, b2):
    """The single layer (W, b) equal to layer (W1, b1) followed by layer (W2, b2)."""
    raise NotImplementedError("TODO: multiply out (X W1 + b1) W2 + b2")


# %% tags=["solution"]
def collapse(W1, b1, W2, b2):  # replaces the TODO above
    """The single layer (W, b) equal to layer (W1, b1) followed by layer (W2, b2)."""
    return W1 @ W2, b1 @ W2 + b2


# %%
check.collapse(collapse)

# %% [markdown] tags=["solution-only"]
# However many linear layers are stacked, the result is one linear layer, which
# can only draw straight boundaries. An activation between the layers (ReLU,
# tanh, the sigmoid) is what stops the collapse and lets depth add power.
