"""Looking inside a trained network: raw weights versus input-gradient saliency.

Eight random input features, but the label depends on only two of them: it is
1 when x1 and x2 have the same sign (an XOR-like rule). An 8 -> 32 -> 32 -> 2
network learns it. Its first-layer weights do not say clearly what it uses;
the gradient of its output with respect to each input does.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import ReLU
from dlnotes.data import train_test_split
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.style import MUTED, PALETTE

rng = np.random.default_rng(0)
X = rng.standard_normal((1500, 8))
y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)  # only features 1 and 2 matter
X_train, X_val, y_train, y_val = train_test_split(X, y, test_fraction=0.4, seed=0)
features = [f"x{i}" for i in range(1, 9)]

model = Sequential(
    [Dense(8, 32, seed=0), ReLU(), Dense(32, 32, seed=1), ReLU(), Dense(32, 2, seed=2)]
)
model.compile(CrossEntropy(), Adam(lr=0.01))
model.fit(X_train, y_train, epochs=60, batch_size=32, seed=0)
val_accuracy = model.evaluate(X_val, y_val)["accuracy"]
n_weights = sum(p.size for p, _ in model.parameters())

# For comparison: a linear model (logistic regression), readable but too simple here.
linear = Sequential([Dense(8, 2, seed=0)])
linear.compile(CrossEntropy(), Adam(lr=0.01))
linear.fit(X_train, y_train, epochs=60, batch_size=32, seed=0)
linear_accuracy = linear.evaluate(X_val, y_val)["accuracy"]

# --8<-- [start:saliency]
# The score to explain: s = z1 - z0, the log-odds of class 1.
logits = model.forward(X_val)  # (N, 2)
d_score_d_logits = np.zeros_like(logits)
d_score_d_logits[:, 1], d_score_d_logits[:, 0] = 1.0, -1.0
gradients = model.backward(d_score_d_logits)  # (N, 8): d score / d input

saliency = np.abs(gradients).mean(axis=0)  # one number per feature
saliency_share = saliency / saliency.sum()
# --8<-- [end:saliency]

W = model.layers[0].params["W"]  # (8, 32) first-layer weights
weight_share = np.abs(W).sum(axis=1) / np.abs(W).sum()
feature_saliency = saliency_share.round(4).tolist()  # x1 ... x8
relevant_saliency_share = float(saliency_share[:2].sum())
relevant_weight_share = float(weight_share[:2].sum())
mean_abs_weight = np.abs(W).mean(axis=1).round(3).tolist()  # one per input feature
top_two_features = [features[i] for i in np.argsort(saliency)[::-1][:2]]
print(f"network validation accuracy: {val_accuracy:.1%}  ({n_weights:,} weights)")
print(f"linear model validation accuracy: {linear_accuracy:.1%}")
print(f"share of saliency on x1 and x2:         {relevant_saliency_share:.0%}")
print(f"share of first-layer |weight| on x1, x2: {relevant_weight_share:.0%}")

fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4), gridspec_kw={"width_ratios": [1.6, 1]})
limit = np.abs(W).max()
image = left.imshow(W, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
left.set(
    title="First-layer weights (8 × 32)",
    xlabel="hidden unit",
    yticks=range(8),
    yticklabels=features,
)
left.grid(False)
fig.colorbar(image, ax=left, label="weight")
colours = [PALETTE[1] if i < 2 else MUTED for i in range(8)]
right.barh(features, saliency_share, color=colours)
right.invert_yaxis()
right.set(title="Saliency per feature", xlabel="share of the total saliency")
