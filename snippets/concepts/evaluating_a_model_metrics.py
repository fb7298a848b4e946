"""Scoring a detector of a rare class: "is this digit an 8?".

About one digit in ten is an 8, so the classes are imbalanced. A small
network (64 -> 32 -> 1, sigmoid output) is trained on 600 digits from
scikit-learn's ``load_digits`` and scored on 897 held-out digits with
``dlnotes.metrics``: the majority-class baseline, the confusion matrix,
precision, recall and F1 at several thresholds, the ROC and PR curves, and a
reliability diagram of its probabilities.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

from dlnotes.activations import ReLU, sigmoid
from dlnotes.layers import Dense
from dlnotes.losses import BinaryCrossEntropy
from dlnotes.metrics import (
    accuracy,
    average_precision,
    calibration_curve,
    confusion_matrix,
    log_loss,
    precision_recall_curve,
    precision_recall_f1,
    roc_auc,
    roc_curve,
)
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.images import annotated_heatmap
from dlnotes.plot.style import MUTED

digits = load_digits()
X, y = digits.data / 16.0, (digits.target == 8).astype(np.int64)  # 1 = "an 8"
order = np.random.default_rng(0).permutation(len(y))
train, val, test = order[:600], order[600:900], order[900:]
n_train, n_test = len(train), len(test)
positive_share = float(y[test].mean())

# --8<-- [start:train]
model = Sequential([Dense(64, 32, seed=0), ReLU(), Dense(32, 1, seed=1)])
model.compile(BinaryCrossEntropy(), Adam(lr=0.003))
model.fit(X[train], y[train], epochs=60, batch_size=32, seed=0)
score = sigmoid(model.predict(X[test])[:, 0])  # P("an 8"), one number per test digit
# --8<-- [end:train]

# --8<-- [start:baseline]
majority_accuracy = accuracy(y[test], np.zeros_like(y[test]))  # always answer "not an 8"
predicted = (score >= 0.5).astype(np.int64)
model_accuracy = accuracy(y[test], predicted)
cm = confusion_matrix(y[test], predicted)  # rows: true 0/1, columns: predicted 0/1
precision, recall, f1 = precision_recall_f1(y[test], predicted)
# --8<-- [end:baseline]
tn, fp, fn, tp = (int(c) for c in cm.ravel())
print(f"{n_test} test digits, {positive_share:.1%} of them 8s")
print(f"always 'not an 8': accuracy {majority_accuracy:.1%}, recall 0")
print(f"network at threshold 0.5: accuracy {model_accuracy:.1%}")
print(f"  precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}")
print(f"  confusion matrix [[TN FP] [FN TP]] = {cm.tolist()}")

# --8<-- [start:curves]
fpr, tpr, _ = roc_curve(y[test], score)
auc = roc_auc(y[test], score)
pr_precision, pr_recall, pr_thresholds = precision_recall_curve(y[test], score)
ap = average_precision(y[test], score)
# --8<-- [end:curves]
print(f"ROC AUC {auc:.3f}; average precision {ap:.3f}")

thresholds = np.linspace(0.02, 0.98, 49)
sweep = np.array([precision_recall_f1(y[test], (score >= t).astype(int)) for t in thresholds])
best_f1_threshold = float(thresholds[np.argmax(sweep[:, 2])])
best_f1 = float(sweep[:, 2].max())
at = {t: precision_recall_f1(y[test], (score >= t).astype(int)) for t in (0.1, 0.5, 0.9)}
threshold_table = {
    f"t{round(t * 100)}": {"precision": p, "recall": r} for t, (p, r, _) in at.items()
}
for t, (p, r, f) in at.items():
    print(f"threshold {t}: precision {p:.3f}, recall {r:.3f}, F1 {f:.3f}")

# --8<-- [start:calibration]
prob_true, prob_pred = calibration_curve(y[test], score, n_bins=10)
test_log_loss = log_loss(y[test], score)
# --8<-- [end:calibration]
calibration_gap = float(np.max(np.abs(prob_true - prob_pred)))
bin_counts = np.histogram(score, bins=np.linspace(0, 1, 11))[0].tolist()
middle_count = int(sum(bin_counts[1:-1]))  # digits with a probability between 0.1 and 0.9
confident = (score < 0.05) | (score > 0.95)
confident_share = float(confident.mean())
confident_accuracy = accuracy(y[test][confident], (score[confident] > 0.5).astype(int))
print(f"log loss {test_log_loss:.3f}; largest gap in the reliability diagram {calibration_gap:.3f}")
print(f"{confident_share:.1%} of the digits get a probability below 5% or above 95%;")
print(f"  on those the network is right {confident_accuracy:.1%} of the time")

# Figure 1: confusion matrix and the threshold trade-off.
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6), width_ratios=(1, 1.6))
annotated_heatmap(left, cm, ["not 8", "8"], ["not 8", "8"], fmt="{:.0f}")
left.set(xlabel="predicted", ylabel="true", title="Confusion matrix at 0.5")
right.plot(thresholds, sweep[:, 0], label="precision")
right.plot(thresholds, sweep[:, 1], label="recall")
right.plot(thresholds, sweep[:, 2], label="F1")
right.set(xlabel="threshold on P(8)", ylabel="score", title="The threshold trade-off")
right.legend(fontsize=8, loc="lower center")

# Figure 2: ROC and precision-recall curves.
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8))
left.plot(fpr, tpr, label=f"network (AUC {auc:.3f})")
left.plot([0, 1], [0, 1], color=MUTED, linestyle="--", label="random ranking")
left.set(xlabel="false-positive rate", ylabel="true-positive rate (recall)", title="ROC curve")
left.legend(fontsize=8, loc="lower right")
right.step(pr_recall, pr_precision, where="post", label=f"network (AP {ap:.3f})")
right.axhline(positive_share, color=MUTED, linestyle="--", label="random ranking")
right.set(xlabel="recall", ylabel="precision", title="Precision-recall curve", ylim=(0, 1.03))
right.legend(fontsize=8, loc="lower left")

# Figure 3: reliability diagram.
fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(5, 5), height_ratios=(3, 1), sharex=True, constrained_layout=True
)
top.plot([0, 1], [0, 1], color=MUTED, linestyle="--", label="perfect calibration")
top.plot(prob_pred, prob_true, marker="o", label="network")
top.set(ylabel="share that are 8s", title="Reliability diagram (10 bins)")
top.legend(fontsize=8, loc="upper left")
bottom.hist(score, bins=np.linspace(0, 1, 11))
bottom.set(xlabel="predicted P(8)", ylabel="digits", yscale="log")
