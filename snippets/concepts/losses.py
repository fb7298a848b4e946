"""The three standard losses, one prediction at a time.

Each loss in ``dlnotes.losses`` is evaluated for a single example while the
prediction sweeps its range: mean squared error against a target of 1,
binary cross-entropy for a label of 1 and of 0, and categorical
cross-entropy against the probability given to the true class (three classes).
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.losses import MSE, BinaryCrossEntropy, CrossEntropy

mse = MSE()
bce = BinaryCrossEntropy(from_logits=False)  # takes probabilities
ce = CrossEntropy()  # takes raw scores (logits) and integer labels


def bce_of(p, label):
    """BCE for one example with predicted probability p."""
    return bce(np.array([p]), np.array([float(label)]))[0]


def ce_of(p_true, classes=3):
    """CE for one example whose true class (0) gets probability p_true."""
    rest = (1 - p_true) / (classes - 1)  # the others share what is left equally
    logits = np.log([[p_true] + [rest] * (classes - 1)])  # softmax(log p) = p
    return ce(logits, np.array([0]))[0]


# --8<-- [start:values]
bce_at_half = bce_of(0.5, 1)
print(f"BCE, label 1, p = 0.5:  {bce_at_half:.4f}   (ln 2 = {np.log(2):.4f})")
print(f"BCE, label 1, p = 0.9:  {bce_of(0.9, 1):.4f}")
print(f"BCE, label 1, p = 0.1:  {bce_of(0.1, 1):.4f}")
print(f"BCE, label 0, p = 0.1:  {bce_of(0.1, 0):.4f}")
ce_uniform = ce(np.zeros((1, 3)), np.array([0]))[0]  # 3 equal scores
print(f"CE, 3 equal scores:     {ce_uniform:.4f}   (ln 3 = {np.log(3):.4f})")
mse_off_by_2 = mse(np.array([3.0]), np.array([1.0]))[0]
print(f"MSE, target 1, pred 3:  {mse_off_by_2:.4f}")
# --8<-- [end:values]
bce_p09 = bce_of(0.9, 1)
bce_p01 = bce_of(0.1, 1)

# --8<-- [start:curves]
prediction = np.linspace(-1, 3, 201)
p = np.linspace(0.005, 0.995, 199)

fig, (ax_mse, ax_bce, ax_ce) = plt.subplots(1, 3, figsize=(9, 3.3))
one = np.array([1.0])  # the target
ax_mse.plot(prediction, [mse(np.array([q]), one)[0] for q in prediction])
ax_mse.set(title="MSE, target 1", xlabel="prediction ŷ", ylabel="loss")

ax_bce.plot(p, [bce_of(q, 1) for q in p], label="label 1")
ax_bce.plot(p, [bce_of(q, 0) for q in p], label="label 0")
ax_bce.set(title="Binary cross-entropy", xlabel="predicted probability p")
ax_bce.plot(0.5, bce_at_half, "o", color="C3")
ax_bce.annotate("ln 2", (0.5, bce_at_half), xytext=(0.45, 0.15), color="C3")
ax_bce.legend(loc="upper center")

ax_ce.plot(p, [ce_of(q) for q in p], color="C2")
ax_ce.set(title="Cross-entropy, 3 classes", xlabel="p of the true class")
for ax in (ax_bce, ax_ce):
    ax.set_ylim(0, 5)
# --8<-- [end:curves]

# The CE curve is -ln(p): check it against the formula on the plotted points.
ce_curve = np.array([ce_of(q) for q in p])
ce_matches_minus_log = bool(np.allclose(ce_curve, -np.log(p), rtol=0, atol=1e-12))
