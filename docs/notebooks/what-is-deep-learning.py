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
# # Exercise: what is deep learning?
#
# Deep learning grew out of a very simple unit: add up weighted inputs, and
# fire when the sum is large enough. In this notebook you build that unit
# with NumPy, wire a few of them by hand into a network that computes what
# no single unit can, let the perceptron rule learn the weights instead,
# count the weights of a layered network, and design a feature that makes a
# single unit succeed where it failed on the raw inputs.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../what-is-deep-learning-solution/) shows
# every task completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`what_is_deep_learning_checks.py`](../what_is_deep_learning_checks.py)
# into the same folder; [Notebooks](../) says how to install `dlnotes` and run
# it.

# %% [markdown] tags=["solution-only"]
# # Solution: what is deep learning?
#
# This is the [exercise](../what-is-deep-learning/) with every task completed.
# The code ran while this site was built, so every printed number and figure
# is its real output, and every check passed.

# %%
from itertools import pairwise

import matplotlib.pyplot as plt
import numpy as np
from dlnotes.activations import ReLU
from dlnotes.layers import Dense
from dlnotes.losses import BinaryCrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.boundary import plot_decision_boundary

import what_is_deep_learning_checks as check

# %% [markdown]
# ## Task 1: a threshold unit
#
# The oldest model of a neuron multiplies each input $x_j$ by a weight $w_j$,
# adds the products up, and fires (outputs $\hat y = 1$) when the sum
# reaches a threshold $\theta$; otherwise it stays silent ($\hat y = 0$):
#
# $$\hat y = \begin{cases} 1 & \text{if } \sum_j x_j w_j \ge \theta \\
# 0 & \text{otherwise} \end{cases}$$
#
# **Task:** complete `threshold_unit`. `X` holds one input per row, shape
# `(N, n)`; `w` has shape `(n,)`. Return the `N` outputs as integers 0 or 1.


# %% tags=["todo"]
def threshold_unit(X, w, theta):
    """1 where the weighted sum X @ w reaches theta, else 0; shape (N,)."""
    raise NotImplementedError(
        "TODO: compare X @ w with theta, then .astype(int)"
    )


# %% tags=["solution"]
def threshold_unit(X, w, theta):  # replaces the TODO above
    """1 where the weighted sum X @ w reaches theta, else 0; shape (N,)."""
    return (X @ w >= theta).astype(int)


# %%
check.threshold_unit(threshold_unit)

# %% [markdown]
# ## Task 2: a network wired by hand
#
# With two inputs, one unit draws a straight line across the plane of its
# inputs: it fires on one side and not on the other. Exclusive or (XOR) outputs 1 when exactly one of two
# binary inputs is 1, and no straight line puts $(0, 1)$ and $(1, 0)$ on one
# side with $(0, 0)$ and $(1, 1)$ on the other. Two layers of units can do
# it: two hidden units each compute a simpler question about the inputs,
# and an output unit combines their answers.
#
# | x₁ | x₂ | XOR |
# | --- | --- | --- |
# | 0 | 0 | 0 |
# | 0 | 1 | 1 |
# | 1 | 0 | 1 |
# | 1 | 1 | 0 |
#
# The network below is fixed; you choose its numbers. The hidden layer has
# weights `W1` of shape `(2, 2)` (column $k$ feeds hidden unit $k$) and
# thresholds `theta1` of shape `(2,)`; the output unit has weights `w2` of
# shape `(2,)` and a threshold `theta2`. Nothing is learned: as in the
# first networks of threshold units, a person sets every connection.
#
# **Task:** complete `xor_weights`, returning `(W1, theta1, w2, theta2)`.
# Hint: which simple question is true for $(0, 1)$, $(1, 0)$ and $(1, 1)$,
# and which for every input except $(1, 1)$?


# %%
def two_layer_network(X, W1, theta1, w2, theta2):
    """Hidden units fire where X @ W1 >= theta1; the output unit reads them."""
    hidden = (X @ W1 >= theta1).astype(int)
    return (hidden @ w2 >= theta2).astype(int)


# %% tags=["todo"]
def xor_weights():
    """(W1, theta1, w2, theta2) for which two_layer_network computes XOR."""
    raise NotImplementedError(
        "TODO: W1 = np.array([[..., ...], [..., ...]]); ..."
    )


# %% tags=["solution"]
def xor_weights():  # replaces the TODO above
    """(W1, theta1, w2, theta2) for which two_layer_network computes XOR."""
    # Hidden unit 0 is OR (x1 + x2 >= 1); hidden unit 1 is NOT AND
    # (-x1 - x2 >= -1). The output fires when both fire: AND.
    W1 = np.array([[1.0, -1.0], [1.0, -1.0]])
    theta1 = np.array([1.0, -1.0])
    w2 = np.array([1.0, 1.0])
    return W1, theta1, w2, 2.0


# %%
check.xor_weights(xor_weights)

# %% [markdown]
# ## Task 3: the perceptron learns its weights
#
# Rosenblatt's perceptron is a threshold unit that sets its own weights. It
# writes the threshold as a bias $b = -\theta$, so it fires when
# $x \cdot w + b \ge 0$. Start with $w = 0$ and $b = 0$, and go through the
# examples in order. For each example $x_i$ with label $y_i$, compute the
# unit's output $\hat y_i$ with the current weights, and then update
#
# $$w \leftarrow w + \eta\,(y_i - \hat y_i)\,x_i$$
#
# $$b \leftarrow b + \eta\,(y_i - \hat y_i)$$
#
# with a learning rate $\eta$. A correct answer changes nothing; a wrong one
# shifts and turns the line so that this example comes closer to its correct
# side. One pass over all the examples is an epoch.
#
# **Task:** complete `perceptron`, returning `(w, b, errors)`, where `errors`
# is a list with, for each epoch, the number of examples it got wrong during
# that pass.


# %% tags=["todo"]
def perceptron(X, y, epochs=10, lr=1.0):
    """Rosenblatt's rule, one example at a time; (w, b, errors per epoch)."""
    raise NotImplementedError(
        "TODO: w = np.zeros(X.shape[1]); b = 0.0; for ..."
    )


# %% tags=["solution"]
def perceptron(X, y, epochs=10, lr=1.0):  # replaces the TODO above
    """Rosenblatt's rule, one example at a time; (w, b, errors per epoch)."""
    w, b = np.zeros(X.shape[1]), 0.0
    errors = []
    for _ in range(epochs):
        wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            y_hat = int(x_i @ w + b >= 0)
            w = w + lr * (y_i - y_hat) * x_i
            b = b + lr * (y_i - y_hat)
            wrong += int(y_hat != y_i)
        errors.append(wrong)
    return w, b, errors


# %%
check.perceptron(perceptron)

# %% [markdown] tags=["solution-only"]
# The same rule on the four inputs of AND, and on the four of XOR. AND has a
# line that separates its answers, and the perceptron finds one; XOR has
# none, so every epoch still gets some example wrong, however long it runs.
# This is why networks needed hidden layers, and a way to train them.

# %% tags=["solution-only"]
inputs = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
for name, targets in {"AND": [0, 0, 0, 1], "XOR": [0, 1, 1, 0]}.items():
    w, b, errors = perceptron(inputs, np.array(targets), epochs=12)
    print(f"{name}: mistakes per epoch {errors}")

# %% [markdown]
# ## Task 4: counting the weights
#
# A dense layer with $n_{\text{in}}$ inputs and $n_{\text{out}}$ neurons
# joins every input to every neuron, and each neuron has a bias. A network
# is described by its layer sizes, input first: `[4, 6, 3]` has 4 inputs, a
# hidden layer of 6 neurons and 3 outputs.
#
# **Task:** complete `count_parameters`, returning `(weights, biases)` for a
# list of layer sizes.


# %% tags=["todo"]
def count_parameters(layer_sizes):
    """(number of weights, number of biases) of a dense network."""
    raise NotImplementedError(
        "TODO: loop over neighbouring pairs of layer sizes"
    )


# %% tags=["solution"]
def count_parameters(layer_sizes):  # replaces the TODO above
    """(number of weights, number of biases) of a dense network."""
    pairs = pairwise(layer_sizes)
    weights = sum(n_in * n_out for n_in, n_out in pairs)
    biases = sum(layer_sizes[1:])  # the input layer only holds the data
    return weights, biases


# %%
check.count_parameters(count_parameters)

# %% [markdown] tags=["solution-only"]
# `dlnotes` agrees: a `Sequential` of `Dense` layers with these sizes holds
# exactly that many numbers.

# %% tags=["solution-only"]
sizes = [784, 100, 10]
network = Sequential([Dense(a, b) for a, b in pairwise(sizes)])
print("by hand:", count_parameters(sizes))
print(
    "dlnotes:",
    sum(p.size for p, _ in network.parameters()),
    "numbers in all",
)

# %% [markdown]
# ## Task 5: a feature designed by hand
#
# Points are spread over a square, and the label says whether a point lies
# in the lower-left or upper-right quarter (class 1) or in one of the other
# two (class 0). A threshold unit on the raw coordinates $(x_1, x_2)$ draws
# one straight line, and no straight line puts both class-1 quarters on one
# side and both class-0 quarters on the other.
#
# A feature is a number computed from the raw input. A unit that reads one
# feature $f$ fires when $f \cdot w \ge \theta$: it cuts the values of $f$ at
# one point. Find a feature for which one cut separates the two classes.
# Look at the figure: what do the coordinates of class 1 have in common?
#
# **Task:** complete `feature`, returning one number per point, shape `(N,)`.

# %% alt="Scatter plot of 300 points in a square from minus 1 to 1: class 1 fills the lower-left and upper-right quarters, class 0 the upper-left and lower-right quarters, with an empty band along both axes."
rng = np.random.default_rng(0)
points = rng.uniform(-1, 1, (600, 2))
clear = np.abs(points).min(axis=1) > 0.1  # keep clear of the axes
points = points[clear][:300]
labels = (np.sign(points[:, 0]) == np.sign(points[:, 1])).astype(int)
fig, ax = plt.subplots(figsize=(3.8, 4.2))
for c in (0, 1):
    ax.scatter(*points[labels == c].T, s=10, label=f"class {c}")
ax.set(xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
plt.show()


# %% tags=["todo"]
def feature(points):
    """One number per point, shape (N,), from its coordinates x1, x2."""
    raise NotImplementedError(
        "TODO: combine points[:, 0] and points[:, 1]"
    )


# %% tags=["solution"]
def feature(points):  # replaces the TODO above
    """One number per point, shape (N,), from its coordinates x1, x2."""
    x1, x2 = points[:, 0], points[:, 1]
    return x1 * x2  # positive exactly in class 1's quarters


# %%
check.feature(feature)

# %% [markdown] tags=["solution-only"]
# Now let learning do the rest. One neuron (a `Dense` layer with one output,
# trained with binary cross-entropy) learns from the raw coordinates, one
# from your feature, and a network with two hidden layers from the raw
# coordinates. The network was never told about your feature, yet its
# hidden layers work out features that do as well: that is what "learned
# features" means.

# %% tags=["solution-only"] alt="Three panels of the four-quarter data, each shaded by the class a model predicts. Left: one neuron on the raw coordinates divides the square with a single diagonal line, which leaves a large share of the points on the wrong side. Centre: one neuron on the product of the coordinates shades exactly the two class-1 quarters. Right: a network with two hidden layers on the raw coordinates shades the same two quarters, with slightly rounded edges."


def train(layers, inputs):
    model = Sequential(layers)
    model.compile(BinaryCrossEntropy(), Adam(lr=0.05))
    model.fit(inputs, labels, epochs=150, batch_size=32, seed=0)
    return model, model.evaluate(inputs, labels)["accuracy"]


raw, raw_accuracy = train([Dense(2, 1, seed=0)], points)
designed, designed_accuracy = train(
    [Dense(1, 1, seed=0)], feature(points)[:, None]
)
hidden = [Dense(2, 16, seed=0), ReLU(), Dense(16, 16, seed=1), ReLU()]
learned, learned_accuracy = train(
    [*hidden, Dense(16, 1, seed=2)], points
)
print(f"one neuron, raw (x1, x2):        accuracy {raw_accuracy:.0%}")
print(
    f"one neuron, your feature:        accuracy {designed_accuracy:.0%}"
)
print(
    f"network, raw (x1, x2):           accuracy {learned_accuracy:.0%}"
)

fig, axes = plt.subplots(1, 3, figsize=(9.0, 3.4))
panels = [
    (raw, f"one neuron, raw: {raw_accuracy:.0%}"),
    (
        lambda P: designed.loss.labels(
            designed.predict(feature(P)[:, None])
        ),
        f"one neuron, feature: {designed_accuracy:.0%}",
    ),
    (learned, f"network, raw: {learned_accuracy:.0%}"),
]
for ax, (model, title) in zip(axes, panels, strict=True):
    plot_decision_boundary(ax, model, points, labels, padding=0.1)
    ax.set(title=title, aspect="equal")
plt.show()
