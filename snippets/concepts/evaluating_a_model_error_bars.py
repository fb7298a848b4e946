"""Error bars: how much a score moves with the seed and the fold, and a paired comparison.

Two models on all 1,797 digits of ``load_digits``, with 10-fold
cross-validation (the same folds for both): logistic regression from
scikit-learn and a dlnotes network with one hidden layer of 64 ReLU units.
The network is also trained from 5 seeds on one split, to see the spread a
seed alone causes. The two models are compared fold by fold.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression

from dlnotes.activations import ReLU
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.metrics import accuracy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.style import MUTED

X, y = load_digits(return_X_y=True)
X = X / 16.0
FOLDS = 10


def k_fold(n, k, seed):
    """Shuffle 0..n-1, cut into k folds, yield (train_idx, test_idx) per fold."""
    folds = np.array_split(np.random.default_rng(seed).permutation(n), k)
    for i in range(k):
        yield np.concatenate(folds[:i] + folds[i + 1 :]), folds[i]


def network(X_train, y_train, seed):
    model = Sequential([Dense(64, 64, seed=seed), ReLU(), Dense(64, 10, seed=seed + 1)])
    model.compile(CrossEntropy(), Adam(lr=0.003))
    model.fit(X_train, y_train, epochs=20, batch_size=32, seed=seed)
    return model


def logistic(X_train, y_train):
    return LogisticRegression(C=1.0, max_iter=2000).fit(X_train, y_train)


# --8<-- [start:seeds]
train, test = next(k_fold(len(y), FOLDS, seed=0))
seed_scores = [accuracy(y[test], network(X[train], y[train], s).predict(X[test])) for s in range(5)]
# --8<-- [end:seeds]

# --8<-- [start:paired]
net_scores, logreg_scores = [], []
for train, test in k_fold(len(y), FOLDS, seed=0):  # the same folds for both models
    net_scores.append(accuracy(y[test], network(X[train], y[train], 0).predict(X[test])))
    logreg_scores.append(accuracy(y[test], logistic(X[train], y[train]).predict(X[test])))
diff = np.array(net_scores) - np.array(logreg_scores)  # one paired difference per fold
mean_diff = float(diff.mean())
standard_error = float(diff.std(ddof=1) / np.sqrt(FOLDS))
t_statistic = mean_diff / standard_error
# The folds share most of their training data, so the differences are not
# independent; Nadeau and Bengio's correction widens the standard error.
n_test_fold, n_train_fold = len(y) / FOLDS, len(y) * (FOLDS - 1) / FOLDS
corrected_se = float(diff.std(ddof=1) * np.sqrt(1 / FOLDS + n_test_fold / n_train_fold))
corrected_t = mean_diff / corrected_se
# --8<-- [end:paired]

seed_spread = float(max(seed_scores) - min(seed_scores))
seed_std = float(np.std(seed_scores, ddof=1))
net_mean, logreg_mean = float(np.mean(net_scores)), float(np.mean(logreg_scores))
net_fold_std = float(np.std(net_scores, ddof=1))
logreg_fold_std = float(np.std(logreg_scores, ddof=1))
folds_net_better = int((diff > 0).sum())
folds_tied = int((diff == 0).sum())
fold_size = len(y) // FOLDS
print(f"network on one split, 5 seeds: {', '.join(f'{s:.1%}' for s in seed_scores)}")
print(f"  spread {seed_spread:.1%}, standard deviation {seed_std:.1%}")
print(f"10-fold CV: network {net_mean:.1%} ± {net_fold_std:.1%} (sd over folds)")
print(f"            logistic regression {logreg_mean:.1%} ± {logreg_fold_std:.1%}")
print(f"paired difference: mean {mean_diff:+.2%}, standard error {standard_error:.2%}")
print(f"corrected standard error {corrected_se:.2%}, corrected t = {corrected_t:.2f}")
print(f"t = {t_statistic:.2f}; the network is better on {folds_net_better} of {FOLDS} folds")

fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6), width_ratios=(1.4, 1))
for k in range(FOLDS):
    left.plot([0, 1], [logreg_scores[k], net_scores[k]], color=MUTED, linewidth=0.8)
left.scatter([0] * FOLDS, logreg_scores, zorder=3, label="logistic regression")
left.scatter([1] * FOLDS, net_scores, zorder=3, label="network")
left.set_xticks([0, 1], ["logistic\nregression", "network"])
left.set(xlim=(-0.5, 1.5), ylabel="test accuracy of the fold", title="Same 10 folds, paired")
right.axvline(0, color=MUTED, linestyle="--")
right.scatter(diff, np.arange(FOLDS), zorder=3)
right.errorbar(mean_diff, -1.2, xerr=2 * standard_error, fmt="o", capsize=4, label="mean ± 2 SE")
right.errorbar(
    mean_diff, -2.4, xerr=2 * corrected_se, fmt="s", capsize=4, label="mean ± 2 corrected SE"
)
right.set(xlabel="network − logistic regression", ylabel="fold", title="Paired differences")
right.set_yticks(range(FOLDS), [str(k + 1) for k in range(FOLDS)])
right.legend(fontsize=8, loc="upper right")
