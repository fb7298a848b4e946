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
# # Exercise: deep learning or classical machine learning?
#
# A classical model works with the features a person gives it; a network
# learns its own, and pays for that in data. In this notebook you design
# features that let a linear model solve a curved problem, measure learning
# curves for it, for the same model on the raw inputs and for a small
# network, find the training-set size from which the network is ahead, and
# measure how much two networks that differ only in their seed disagree.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../dl-vs-ml-solution/) shows every task
# completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`dl_vs_ml_checks.py`](../dl_vs_ml_checks.py) into the same
# folder; [Notebooks](../) says how to install `dlnotes` and run it.

# %% [markdown] tags=["solution-only"]
# # Solution: deep learning or classical machine learning?
#
# This is the [exercise](../dl-vs-ml/) with every task completed. The code
# ran while this site was built, so every printed number and figure is its
# real output, and every check passed.

# %%
import matplotlib.pyplot as plt
import numpy as np
from dlnotes.activations import ReLU
from dlnotes.data import moons
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam

import dl_vs_ml_checks as check

# %% [markdown]
# ## The data and the models
#
# The two-moons problem with noise 0.2: two interleaved arcs, one per class,
# whose true boundary is a curve. Every model below is scored on the same
# 2,000 fresh test points. There are two kinds of model, trained in exactly
# the same way (`train`):
#
# - logistic regression, a single `Dense` layer with a softmax. On inputs
#   $f_1, \dots, f_k$ it gives each class a score, a weighted sum of the
#   inputs plus a bias, and its boundary is where the two scores are equal,
#   a straight line (a flat plane) in the features;
# - a multilayer perceptron (MLP) with two hidden layers of 16 ReLU units,
#   which learns its own features in its hidden layers.

# %% alt="Scatter plot of 200 training points forming two interleaved crescents: class 0 an arch on the upper left, class 1 a bowl on the lower right, the tip of each reaching into the hollow of the other. The points scatter around the arcs and a few cross into the other class's region."
X_test, y_test = moons(n=2000, noise=0.2, seed=99)
X_train, y_train = moons(n=200, noise=0.2, seed=0)


def train(model, X, y, seed):
    """Compile and fit: Adam on all the points at once, 200 epochs."""
    model.compile(CrossEntropy(), Adam(lr=0.05))
    model.fit(X, y, epochs=200, batch_size=len(X), seed=seed)
    return model


def logistic_regression(n_features, seed):
    return Sequential([Dense(n_features, 2, seed=seed)])


def mlp(seed):
    return Sequential(
        [
            Dense(2, 16, seed=seed),
            ReLU(),
            Dense(16, 16, seed=seed + 100),
            ReLU(),
            Dense(16, 2, seed=seed + 200),
        ]
    )


fig, ax = plt.subplots(figsize=(5.0, 3.4))
for c in (0, 1):
    ax.scatter(*X_train[y_train == c].T, s=10, label=f"class {c}")
ax.set(xlabel="$x_1$", ylabel="$x_2$")
ax.legend()
plt.show()

# %% [markdown]
# ## Task 1: features designed by hand
#
# Logistic regression on the raw coordinates $(x_1, x_2)$ can only draw a
# straight line between the moons. Give it better inputs. Look at the
# figure: what kind of curve would separate the two classes? Then choose
# features $f_1, \dots, f_k$, each computed from one point's $x_1$ and
# $x_2$. The boundary the model draws is
#
# $$w_1 f_1 + \dots + w_k f_k + b = 0,$$
#
# where each $w_j$ and $b$ is the difference between the two classes'
# learned weights and biases. Choose the features so that this equation,
# plotted over $(x_1, x_2)$, can be the curve you have in mind. This is
# feature engineering: the model still learns only the weights; the shape
# of what it can draw is your design.
#
# **Task:** complete `features`, returning an array of shape `(N, k)` with
# at most 10 features per point, with which logistic regression, trained
# with `train`, gets at least 93% of fresh test points right.


# %% tags=["todo"]
def features(X):
    """Hand-designed features of each point (x1, x2): shape (N, k), k <= 10."""
    raise NotImplementedError(
        "TODO: np.column_stack([X[:, 0], X[:, 1], ...])"
    )


# %% tags=["solution"]
def features(X):  # replaces the TODO above
    """Hand-designed features of each point (x1, x2): shape (N, k), k <= 10."""
    x1, x2 = X[:, 0], X[:, 1]
    # With these, the boundary is x2 = a cubic in x1: a wave, like the gap.
    return np.column_stack([x1, x2, x1**2, x1**3])


# %%
check.features(features)

# %% [markdown]
# ## Task 2: a learning curve
#
# A learning curve measures test accuracy against $n$, the number of
# training points. Each point of the curve trains a new model on a new
# training set of $n$ points, and is repeated with several seeds, because
# one run can be lucky or unlucky. The three functions below each train one
# kind of model on `(X, y)` with a given seed and return its accuracy on the
# shared test set.
#
# **Task:** complete `learning_curve`. For each size `n` in `sizes` and each
# seed in `seeds`, draw a training set with
# `moons(n=n, noise=0.2, seed=seed)`, and record
# `fit_and_score(X, y, seed)`. Return an array with one row per size and one
# column per seed.


# %%
def linear_on_raw(X, y, seed):
    model = train(logistic_regression(2, seed), X, y, seed)
    return model.evaluate(X_test, y_test)["accuracy"]


def linear_on_features(X, y, seed):
    F = features(X)
    model = train(logistic_regression(F.shape[1], seed), F, y, seed)
    return model.evaluate(features(X_test), y_test)["accuracy"]


def mlp_on_raw(X, y, seed):
    model = train(mlp(seed), X, y, seed)
    return model.evaluate(X_test, y_test)["accuracy"]


# %% tags=["todo"]
def learning_curve(fit_and_score, sizes, seeds):
    """Test accuracies, shape (len(sizes), len(seeds)), fresh data per run."""
    raise NotImplementedError(
        "TODO: for n in sizes: for seed in seeds: moons(...)"
    )


# %% tags=["solution"]
def learning_curve(
    fit_and_score, sizes, seeds
):  # replaces the TODO above
    """Test accuracies, shape (len(sizes), len(seeds)), fresh data per run."""
    scores = np.zeros((len(sizes), len(seeds)))
    for i, n in enumerate(sizes):
        for j, seed in enumerate(seeds):
            X, y = moons(n=n, noise=0.2, seed=seed)
            scores[i, j] = fit_and_score(X, y, seed)
    return scores


# %%
check.learning_curve(learning_curve)

# %% [markdown]
# ## Task 3: from where is the network ahead?
#
# Two models' learning curves, as `learning_curve` returns them, are
# compared by their means over the seeds. Model B is *ahead from* size $n$
# if its mean is higher than model A's at $n$ and at every larger size in
# the list: a single win followed by a loss does not count.
#
# **Task:** complete `ahead_from`, returning the smallest such size, or
# `None` if B is not ahead at the largest size.


# %% tags=["todo"]
def ahead_from(sizes, scores_a, scores_b):
    """Smallest size from which B's mean beats A's at every size; else None."""
    raise NotImplementedError(
        "TODO: mean over the seeds, then walk the sizes"
    )


# %% tags=["solution"]
def ahead_from(sizes, scores_a, scores_b):  # replaces the TODO above
    """Smallest size from which B's mean beats A's at every size; else None."""
    ahead = scores_b.mean(axis=1) > scores_a.mean(axis=1)
    start = None
    for n, b_wins in zip(sizes, ahead, strict=True):
        if not b_wins:
            start = None
        elif start is None:
            start = n
    return start


# %%
check.ahead_from(ahead_from)

# %% [markdown] tags=["solution-only"]
# The three learning curves, three seeds per size. On the raw inputs the
# straight line levels off early: no amount of data bends it. The MLP turns
# extra data into accuracy. Logistic regression on the designed features
# gets the shape of a curved boundary from its features instead of having
# to learn it, so it needs far fewer points; the network catches up only
# with more data.

# %% tags=["solution-only"] alt="Test accuracy against the number of training points, on a log scale from 8 to 512, for three models, with faint dots for the three seeds. Logistic regression on the raw coordinates is lowest at every size and almost flat from 32 points on. Logistic regression on the designed features is high from the smallest size on. The MLP starts lower than the designed features and climbs to about the same level at the largest sizes."
sizes, seeds = [8, 32, 128, 512], [0, 1, 2]
curves = {
    "logistic regression, raw": learning_curve(
        linear_on_raw, sizes, seeds
    ),
    "logistic regression, features": learning_curve(
        linear_on_features, sizes, seeds
    ),
    "MLP, raw": learning_curve(mlp_on_raw, sizes, seeds),
}
for name, scores in curves.items():
    print(f"{name:30}", *[f"{a:.3f}" for a in scores.mean(axis=1)])
raw, designed, learned = curves.values()
print(
    "MLP ahead of logistic regression on the raw inputs from n =",
    ahead_from(sizes, raw, learned),
)
print(
    "MLP ahead of logistic regression on the features from n =",
    ahead_from(sizes, designed, learned),
)

fig, ax = plt.subplots(figsize=(6.0, 3.6))
for name, scores in curves.items():
    (line,) = ax.plot(
        sizes, scores.mean(axis=1), marker="o", label=name
    )
    ax.scatter(
        np.repeat(sizes, len(seeds)),
        scores.ravel(),
        s=10,
        alpha=0.4,
        color=line.get_color(),
    )
ax.set(xscale="log", xticks=sizes, xticklabels=[str(n) for n in sizes])
ax.set(xlabel="training points (log scale)", ylabel="test accuracy")
ax.minorticks_off()
ax.legend(loc="lower right")
plt.show()

# %% [markdown]
# ## Task 4: two seeds, two networks
#
# Two runs that differ only in their seed give two different networks. How
# different? A useful measure is their *disagreement*: the share of points
# that the two models put in different classes. A model's class for each
# point is `model.loss.labels(model.predict(X))`, the class with the larger
# output.
#
# **Task:** complete `disagreement`, returning a number between 0 and 1.


# %% tags=["todo"]
def disagreement(model_a, model_b, X):
    """Share of the points of X that the two models label differently."""
    raise NotImplementedError(
        "TODO: labels of each model, then compare them"
    )


# %% tags=["solution"]
def disagreement(model_a, model_b, X):  # replaces the TODO above
    """Share of the points of X that the two models label differently."""
    labels_a = model_a.loss.labels(model_a.predict(X))
    labels_b = model_b.loss.labels(model_b.predict(X))
    return float(np.mean(labels_a != labels_b))


# %%
check.disagreement(disagreement)

# %% [markdown] tags=["solution-only"]
# The MLP and logistic regression, each trained twice on the same 100 points
# with seeds 1 and 2 (the MLP on mini-batches of 10, logistic regression on
# all the points at once until it settles). The network's loss has many
# valleys, and the two seeds end in different ones, so the two networks
# put some test points in different classes. Logistic regression's loss has
# a single valley, and both runs reach its bottom.

# %% tags=["solution-only"]
X_small, y_small = moons(n=100, noise=0.2, seed=0)
networks = []
for seed in (1, 2):
    network = mlp(seed)
    network.compile(CrossEntropy(), Adam(lr=0.01))
    network.fit(X_small, y_small, epochs=60, batch_size=10, seed=seed)
    networks.append(network)
linears = []
for seed in (1, 2):
    linear = logistic_regression(2, seed)
    linear.compile(CrossEntropy(), Adam(lr=0.05))
    linear.fit(X_small, y_small, epochs=1500, batch_size=100, seed=seed)
    linears.append(linear)
print(
    f"MLP, seed 1 vs seed 2:                 {disagreement(*networks, X_test):.1%} disagree"
)
print(
    f"logistic regression, seed 1 vs seed 2: {disagreement(*linears, X_test):.1%} disagree"
)
