"""Fine-tuning: reuse the network pre-trained on 0-4 for the digits 5-9.

Three strategies get the same few labelled examples of 5-9, the same
validation images to decide when to stop, and the same test images:

* **frozen base**: keep the pre-trained convolutional layers fixed and train
  only new dense layers on top;
* **fine-tune all**: start every layer but the last from the pre-trained
  weights and let all of them change, with a smaller learning rate;
* **from scratch**: the same network, randomly initialised;
* and a control, **frozen random base**: the convolutional layers fixed at
  their random initial weights, which shows what the pre-trained features
  are worth over features nobody trained.

Each is repeated over three random draws of the labelled examples.
"""
# needs: concepts/transfer_pretrain.py

import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

from dlnotes.activations import ReLU
from dlnotes.callbacks import EarlyStopping
from dlnotes.conv import Conv2D, MaxPool2D
from dlnotes.layers import Dense, Flatten
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.style import PALETTE

ARTIFACTS = Path(os.environ.get("DLNOTES_ARTIFACTS", ".cache/artifacts"))
BASE = ARTIFACTS / "concepts/transfer_pretrain/digits_0to4.npz"


def digit_cnn(seed: int) -> Sequential:
    """The architecture of transfer_pretrain.py: 8x8 images -> 5 class scores."""
    return Sequential(
        [
            Conv2D(1, 16, kernel_size=3, padding=1, seed=seed),
            ReLU(),
            MaxPool2D(2),
            Conv2D(16, 32, kernel_size=3, padding=1, seed=seed + 1),
            ReLU(),
            MaxPool2D(2),
            Flatten(),
            Dense(128, 64, seed=seed + 2),
            ReLU(),
            Dense(64, 5, seed=seed + 3),
        ]
    )


digits = load_digits()
X = (digits.images / 16.0 - 0.5)[:, None]
y = digits.target - 5  # the new task's classes 5..9 become 0..4
target = np.random.default_rng(1).permutation(np.flatnonzero(digits.target >= 5))
test, val, pool = target[:300], target[300:400], target[400:]

# --8<-- [start:strategies]
N_BASE = 6  # layers 0-5: the convolutional base


def build(strategy: str, seed: int) -> Sequential:
    """A network for 5-9, set up for one of the three strategies."""
    model = digit_cnn(seed)  # fresh random weights everywhere
    if strategy == "from scratch":
        model.compile(CrossEntropy(), Adam(lr=3e-3))
        return model
    if strategy == "frozen random base":
        for layer in model.layers[:N_BASE]:
            layer.trainable = False
        model.compile(CrossEntropy(), Adam(lr=3e-3))
        return model
    pretrained = digit_cnn(seed).load(BASE)
    if strategy == "frozen base":
        model.layers[:N_BASE] = pretrained.layers[:N_BASE]
        for layer in model.layers[:N_BASE]:
            layer.trainable = False  # the optimizer never sees these weights
        model.compile(CrossEntropy(), Adam(lr=3e-3))
    else:  # "fine-tune all": every layer but the new output layer starts pre-trained
        model.layers[:-1] = pretrained.layers[:-1]
        model.compile(CrossEntropy(), Adam(lr=1e-3))  # smaller steps: keep what was learned
    return model


# --8<-- [end:strategies]


# --8<-- [start:compare]
STRATEGIES = ("frozen base", "fine-tune all", "from scratch", "frozen random base")
PER_CLASS = (2, 10, 30, 80)  # labelled examples of each digit
DRAWS = 3
accuracy = {s: np.zeros((len(PER_CLASS), DRAWS)) for s in STRATEGIES}
for i, n in enumerate(PER_CLASS):
    for draw in range(DRAWS):
        rng = np.random.default_rng(100 + draw)
        train = np.concatenate([rng.choice(pool[y[pool] == c], n, replace=False) for c in range(5)])
        for strategy in STRATEGIES:
            model = build(strategy, seed=10 + draw)
            stop = EarlyStopping(monitor="val_loss", patience=8, restore_best=True)
            model.fit(
                X[train], y[train], epochs=60, batch_size=16,
                validation_data=(X[val], y[val]), callbacks=[stop], seed=draw,
            )  # fmt: skip
            accuracy[strategy][i, draw] = model.evaluate(X[test], y[test])["accuracy"]
# --8<-- [end:compare]

mean = {s: accuracy[s].mean(axis=1) for s in STRATEGIES}
spread = {s: accuracy[s].std(axis=1) for s in STRATEGIES}
for s in STRATEGIES:
    print(
        f"{s:14s}",
        "  ".join(
            f"{n:2d}/class {m:.3f}±{d:.3f}"
            for n, m, d in zip(PER_CLASS, mean[s], spread[s], strict=True)
        ),
    )

fig, ax = plt.subplots()
for colour, s in zip(PALETTE, STRATEGIES, strict=False):
    ax.errorbar(PER_CLASS, mean[s], yerr=spread[s], marker="o", capsize=3, color=colour, label=s)
ax.set(
    xscale="log", xlabel="labelled examples per digit (log scale)", ylabel="test accuracy on 5-9"
)
ax.set_xticks(PER_CLASS, [str(n) for n in PER_CLASS])
ax.legend(title="strategy")

# How far does fine-tuning move each layer from its pre-trained weights?
pretrained = digit_cnn(0).load(BASE)
tuned = build("fine-tune all", seed=10)
rng = np.random.default_rng(100)
train = np.concatenate(
    [rng.choice(pool[y[pool] == c], PER_CLASS[-1], replace=False) for c in range(5)]
)
tuned.fit(X[train], y[train], epochs=15, batch_size=16, seed=0)
weighted = [i for i, layer in enumerate(pretrained.layers[:-1]) if layer.params]
layer_names = ["conv 1", "conv 2", "dense"]
relative_change = [
    float(
        np.linalg.norm(tuned.layers[i].params["W"] - pretrained.layers[i].params["W"])
        / np.linalg.norm(pretrained.layers[i].params["W"])
    )
    for i in weighted
]
fig, ax = plt.subplots(figsize=(6.0, 3.0))
ax.bar(layer_names, relative_change, color=PALETTE[1])
ax.set(ylabel="relative change of W", title="how far fine-tuning moved each layer")

# Values for the page
mean_accuracy = {s: mean[s].tolist() for s in STRATEGIES}
spread_accuracy = {s: spread[s].tolist() for s in STRATEGIES}
best_at = {str(n): max(STRATEGIES, key=lambda s, i=i: mean[s][i]) for i, n in enumerate(PER_CLASS)}
range_at = [
    float(max(mean[s][i] for s in STRATEGIES) - min(mean[s][i] for s in STRATEGIES))
    for i in range(len(PER_CLASS))
]
largest_range = max(range_at)
pretrained_over_random = float(mean["frozen base"][0] - mean["frozen random base"][0])
freezing_cost = float(mean["fine-tune all"][-1] - mean["frozen base"][-1])
change = dict(zip(layer_names, relative_change, strict=True))
n_test, n_val, fewest, most = len(test), len(val), PER_CLASS[0], PER_CLASS[-1]
