"""Leakage: a preprocessing step fitted on all the data inflates a cross-validated score.

The data are pure noise: 100 examples with 2,000 random features and random
labels, so no model can beat 50% on new data. Picking the 20 features most
correlated with the labels *before* 5-fold cross-validation leaks the labels
of the test folds into the model; picking them inside each fold, from the
training part only, does not. Repeated on 30 fresh noise data sets.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.metrics import accuracy
from dlnotes.plot.style import MUTED

N, D, K_BEST, FOLDS = 100, 2000, 20, 5


# --8<-- [start:folds]
def k_fold(n, k, seed):
    """Shuffle 0..n-1 and cut it into k folds; yield (train_idx, test_idx) per fold."""
    order = np.random.default_rng(seed).permutation(n)
    folds = np.array_split(order, k)  # sizes differ by at most one
    for i in range(k):
        yield np.concatenate(folds[:i] + folds[i + 1 :]), folds[i]


# --8<-- [end:folds]


# --8<-- [start:model]
def select_features(X, y, k):
    """Indices of the k features most correlated (in absolute value) with y."""
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    corr = (Xc * yc[:, None]).sum(axis=0) / (np.linalg.norm(Xc, axis=0) * np.linalg.norm(yc))
    return np.argsort(-np.abs(corr))[:k]


def nearest_centroid(X_train, y_train, X_test):
    """Predict the class whose mean training example is closest."""
    centroids = np.stack([X_train[y_train == c].mean(axis=0) for c in (0, 1)])
    distances = ((X_test[:, None, :] - centroids[None]) ** 2).sum(axis=2)
    return distances.argmin(axis=1)


# --8<-- [end:model]


# --8<-- [start:cv]
def cross_validate(X, y, leak, seed):
    """Mean accuracy over the folds; ``leak`` selects features on all the data first."""
    if leak:
        X = X[:, select_features(X, y, K_BEST)]  # WRONG: has seen every label
    scores = []
    for train, test in k_fold(len(y), FOLDS, seed):
        cols = np.arange(X.shape[1]) if leak else select_features(X[train], y[train], K_BEST)
        pred = nearest_centroid(X[train][:, cols], y[train], X[test][:, cols])
        scores.append(accuracy(y[test], pred))
    return float(np.mean(scores))


# --8<-- [end:cv]

# --8<-- [start:repeat]
leaked, honest = [], []
for repeat in range(30):
    rng = np.random.default_rng(repeat)
    X = rng.standard_normal((N, D))
    y = rng.integers(0, 2, N)  # labels unrelated to X
    leaked.append(cross_validate(X, y, leak=True, seed=repeat))
    honest.append(cross_validate(X, y, leak=False, seed=repeat))
# --8<-- [end:repeat]

leaked_mean, honest_mean = float(np.mean(leaked)), float(np.mean(honest))
leaked_min = float(np.min(leaked))
n_repeats = len(leaked)
print(
    f"{N} examples, {D} noise features, {K_BEST} selected, {FOLDS}-fold CV, {n_repeats} data sets"
)
print(f"selection before CV (leaked): mean accuracy {leaked_mean:.1%}, lowest {leaked_min:.1%}")
print(f"selection inside each fold:   mean accuracy {honest_mean:.1%}")
fold_sizes = [len(test) for _, test in k_fold(N, FOLDS, seed=0)]

fig, ax = plt.subplots(figsize=(6.5, 3.2))
bins = np.linspace(0.2, 1.0, 33)
ax.hist(honest, bins=bins, alpha=0.7, label="selection inside each fold")
ax.hist(leaked, bins=bins, alpha=0.7, label="selection on all data first (leak)")
ax.axvline(0.5, color=MUTED, linestyle="--", label="chance, the true accuracy")
ax.set(xlabel="5-fold cross-validated accuracy", ylabel="data sets")
ax.set(title="Pure-noise data: the leak invents a signal")
ax.legend(fontsize=8, loc="upper left")
