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
# # Exercise: evaluating a model
#
# A score is only as good as the way it was measured. In this notebook you
# write the tools of honest evaluation with NumPy: a k-fold split,
# cross-validation that never lets the model see its test fold, the confusion
# matrix with precision, recall and F1, and a paired comparison of two models
# on the same folds.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../evaluating-a-model-solution/) shows every
# task completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`evaluating_a_model_checks.py`](../evaluating_a_model_checks.py)
# into the same folder; [Notebooks](../) says how to install `dlnotes` and run
# it.

# %% [markdown] tags=["solution-only"]
# # Solution: evaluating a model
#
# This is the [exercise](../evaluating-a-model/) with every task completed.
# The code ran while this site was built, so every printed number and figure
# is its real output, and every check passed.

# %%
import matplotlib.pyplot as plt
import numpy as np

import evaluating_a_model_checks as check

# %% [markdown]
# ## The data and two small models
#
# 300 points in two dimensions; a quarter of them belong to class 1, the rest
# to class 0, and the two clouds overlap. Two ready-made models: the nearest
# class mean, and the nearest single training example. Each has the form
# `fit_predict(X_train, y_train, X_test)` and returns the predicted classes
# of `X_test`.

# %% alt="Scatter plot of 300 points: a large cloud of class 0 around the centre and a smaller cloud of class 1 up and to the right, the two overlapping."
rng = np.random.default_rng(0)
y = (rng.random(300) < 0.25).astype(int)
X = rng.standard_normal((300, 2)) + 1.6 * y[:, None]


def nearest_mean(X_train, y_train, X_test):
    """Predict the class whose mean training example is closest."""
    means = np.stack(
        [X_train[y_train == c].mean(axis=0) for c in (0, 1)]
    )
    distances = ((X_test[:, None, :] - means[None]) ** 2).sum(axis=2)
    return distances.argmin(axis=1)


def nearest_neighbour(X_train, y_train, X_test):
    """Predict the class of the closest training example."""
    distances = ((X_test[:, None, :] - X_train[None]) ** 2).sum(axis=2)
    return y_train[distances.argmin(axis=1)]


fig, ax = plt.subplots(figsize=(5.0, 3.4))
for c in (0, 1):
    ax.scatter(*X[y == c].T, s=10, label=f"class {c}")
ax.set(xlabel="feature 1", ylabel="feature 2")
ax.legend()
plt.show()

# %% [markdown]
# ## Task 1: the k-fold split
#
# Shuffle the indices $0, \dots, n - 1$
# (`np.random.default_rng(seed).permutation(n)`), cut them into $k$ folds of nearly
# equal size (`np.array_split` allows sizes that differ by one), and for each
# fold return the pair `(train_idx, test_idx)`: the fold is the test set, all
# the other folds together are the training set. Every example is then tested
# exactly once.
#
# **Task:** complete `k_fold`, returning a list of `k` pairs.


# %% tags=["todo"]
def k_fold(n, k, seed=0):
    """[(train_idx, test_idx), ...] for k shuffled folds of 0..n-1."""
    raise NotImplementedError(
        "TODO: shuffle with rng.permutation(n), then np.array_split"
    )


# %% tags=["solution"]
def k_fold(n, k, seed=0):  # replaces the TODO above
    """[(train_idx, test_idx), ...] for k shuffled folds of 0..n-1."""
    order = np.random.default_rng(seed).permutation(n)
    folds = np.array_split(order, k)
    return [
        (np.concatenate(folds[:i] + folds[i + 1 :]), folds[i])
        for i in range(k)
    ]


# %%
check.k_fold(k_fold)

# %% [markdown]
# ## Task 2: cross-validation
#
# For each fold: fit on the training indices only, predict the test indices,
# and record the accuracy, the share of correct predictions. The model must
# never see its test fold while it is fitted.
#
# **Task:** complete `cross_validate`, returning the `k` accuracies as an
# array, in the order of the folds of `k_fold(len(y), k, seed)`.


# %% tags=["todo"]
def cross_validate(fit_predict, X, y, k=5, seed=0):
    """Accuracy of fit_predict on each of the k folds of k_fold."""
    raise NotImplementedError(
        "TODO: for train, test in k_fold(...): fit_predict(X[train], ...)"
    )


# %% tags=["solution"]
def cross_validate(
    fit_predict, X, y, k=5, seed=0
):  # replaces the TODO above
    """Accuracy of fit_predict on each of the k folds of k_fold."""
    scores = []
    for train, test in k_fold(len(y), k, seed):
        predicted = fit_predict(X[train], y[train], X[test])
        scores.append(np.mean(predicted == y[test]))
    return np.array(scores)


# %%
check.cross_validate(cross_validate)

# %% [markdown]
# ## Task 3: the confusion matrix
#
# For two classes, the confusion matrix counts the four outcomes. Rows are
# the true classes, columns the predicted ones:
#
# | true class | predicted 0 | predicted 1 |
# | --- | --- | --- |
# | **true 0** | TN (true negatives) | FP (false positives) |
# | **true 1** | FN (false negatives) | TP (true positives) |
#
# **Task:** complete `confusion`, returning the 2 × 2 array
# `[[TN, FP], [FN, TP]]` of counts.


# %% tags=["todo"]
def confusion(y_true, y_pred):
    """[[TN, FP], [FN, TP]] for labels and predictions in {0, 1}."""
    raise NotImplementedError(
        "TODO: TP = np.sum((y_true == 1) & (y_pred == 1)) ..."
    )


# %% tags=["solution"]
def confusion(y_true, y_pred):  # replaces the TODO above
    """[[TN, FP], [FN, TP]] for labels and predictions in {0, 1}."""
    matrix = np.zeros((2, 2), dtype=int)
    for t in (0, 1):
        for p in (0, 1):
            matrix[t, p] = np.sum((y_true == t) & (y_pred == p))
    return matrix


# %%
check.confusion(confusion)

# %% [markdown]
# ## Task 4: precision, recall and F1
#
# From the matrix:
#
# $$\text{precision} = \frac{\text{TP}}{\text{TP} + \text{FP}}, \qquad
# \text{recall} = \frac{\text{TP}}{\text{TP} + \text{FN}}, \qquad
# F_1 = \frac{2\,\text{TP}}{2\,\text{TP} + \text{FP} + \text{FN}}$$
#
# Precision is the share of the flagged examples that are really positive;
# recall is the share of the positives that get flagged; $F_1$ is their
# harmonic mean. A model that flags nothing has no precision to speak of:
# return 0 for any ratio whose denominator is 0, without dividing by 0.
#
# **Task:** complete `precision_recall_f1`, taking the matrix of Task 3.


# %% tags=["todo"]
def precision_recall_f1(matrix):
    """(precision, recall, F1) of the positive class; 0 for 0 / 0."""
    raise NotImplementedError("TODO: tp = matrix[1, 1]; ...")


# %% tags=["solution"]
def precision_recall_f1(matrix):  # replaces the TODO above
    """(precision, recall, F1) of the positive class; 0 for 0 / 0."""
    fp, fn, tp = matrix[0, 1], matrix[1, 0], matrix[1, 1]

    def ratio(top, bottom):
        return top / bottom if bottom > 0 else 0.0

    return (
        ratio(tp, tp + fp),
        ratio(tp, tp + fn),
        ratio(2 * tp, 2 * tp + fp + fn),
    )


# %%
check.precision_recall_f1(precision_recall_f1)

# %% [markdown] tags=["solution-only"]
# The two models on one split, the first fold as the test set:

# %% tags=["solution-only"]
train, test = k_fold(len(y), 5)[0]
for model in (nearest_mean, nearest_neighbour):
    matrix = confusion(y[test], model(X[train], y[train], X[test]))
    p, r, f1 = precision_recall_f1(matrix)
    print(
        f"{model.__name__:17} TN, FP, FN, TP = {matrix.ravel()}; "
        f"precision {p:.2f}, recall {r:.2f}, F1 {f1:.2f}"
    )

# %% [markdown]
# ## Task 5: is one model really better?
#
# Scored on the same $k$ folds, two models give differences
# $d_i = a_i - b_i$ of their fold scores. Their mean $\bar d$ has the
# standard error
#
# $$\text{SE} = \frac{s_d}{\sqrt{k}}, \qquad
# s_d = \sqrt{\frac{1}{k-1} \sum_{i=1}^{k} (d_i - \bar d)^2}$$
#
# and $t = \bar d / \text{SE}$ says how many standard errors $\bar d$ is from
# zero. `np.std(d, ddof=1)` divides by $k - 1$. The folds share training
# data, so this $t$ is somewhat optimistic;
# the chapter "Evaluating a model" shows a correction.
#
# **Task:** complete `paired_t`, returning `(mean_difference, t)`.


# %% tags=["todo"]
def paired_t(scores_a, scores_b):
    """Mean fold difference a - b, and that mean over its standard error."""
    raise NotImplementedError(
        "TODO: d = a - b; d.mean() / (d.std(ddof=1) / ...)"
    )


# %% tags=["solution"]
def paired_t(scores_a, scores_b):  # replaces the TODO above
    """Mean fold difference a - b, and that mean over its standard error."""
    d = np.asarray(scores_a) - np.asarray(scores_b)
    se = d.std(ddof=1) / np.sqrt(len(d))
    return d.mean(), d.mean() / se


# %%
check.paired_t(paired_t)

# %% [markdown] tags=["solution-only"]
# The two models on the same 10 folds. One has the higher mean accuracy,
# but on some folds the other wins, and the paired $t$ is far below 2: these
# scores give no good evidence that either model is better. More folds, or
# repeated splits, would be needed to tell them apart.

# %% tags=["solution-only"] alt="Accuracy on each of 10 folds for the nearest class mean and the nearest neighbour, one line joining each fold's two scores: the lines slope both ways, and the two sets of scores overlap almost entirely."
a = cross_validate(nearest_mean, X, y, k=10)
b = cross_validate(nearest_neighbour, X, y, k=10)
difference, t = paired_t(a, b)
print(
    f"mean accuracy: nearest mean {a.mean():.3f}, "
    f"nearest neighbour {b.mean():.3f}"
)
print(f"mean difference {difference:.3f}, t = {t:.1f}")
fig, ax = plt.subplots(figsize=(4.0, 3.4))
for score_a, score_b in zip(a, b, strict=True):
    ax.plot([0, 1], [score_a, score_b], color="C2", alpha=0.6)
ax.scatter(np.zeros(10), a, zorder=3)
ax.scatter(np.ones(10), b, zorder=3)
ax.set(xticks=[0, 1], xticklabels=["nearest mean", "nearest neighbour"])
ax.set(ylabel="accuracy on the fold", xlim=(-0.4, 1.4))
plt.show()
