"""A small CNN learns the digits; its two layers see different things.

Trains ``Conv(1→8) → ReLU → pool → Conv(8→16) → ReLU → pool → Dense`` on
scikit-learn's 8×8 digits (a validation split carved from the training part,
the test set used once). Then it looks inside: the eight 3×3 filters of
layer 1, the feature maps of both layers for one digit, and for each channel
the validation images that excite it most. A layer-1 unit sees a 3×3 patch;
a layer-2 unit sees 8×8 pixels, the whole digit. The share of one digit among
a channel's strongest images measures how specific the channel is.
The trained weights are saved for ``convolutional_networks_shift.py``.
"""

import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from dlnotes.activations import ReLU
from dlnotes.conv import Conv2D, MaxPool2D
from dlnotes.layers import Dense, Flatten
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.images import show_filters, show_images
from dlnotes.plot.style import MUTED

ARTIFACTS = Path(os.environ.get("DLNOTES_ARTIFACTS", ".cache/artifacts"))
OUT = ARTIFACTS / "concepts/convolutional_networks_features"

# --8<-- [start:train]
digits = load_digits()
X = (digits.images / 16.0)[:, None]  # (1797, 1, 8, 8), ink in [0, 1]
y = digits.target
X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
X_train, X_val, y_train, y_val = train_test_split(
    X_rest, y_rest, test_size=0.2, stratify=y_rest, random_state=0
)

cnn = Sequential(
    [
        Conv2D(1, 8, kernel_size=3, padding=1, seed=0),  # layer 1: (N, 8, 8, 8)
        ReLU(),
        MaxPool2D(2),  # (N, 8, 4, 4)
        Conv2D(8, 16, kernel_size=3, padding=1, seed=1),  # layer 2: (N, 16, 4, 4)
        ReLU(),
        MaxPool2D(2),  # (N, 16, 2, 2)
        Flatten(),  # (N, 64)
        Dense(64, 10, seed=2),  # one score per digit
    ]
)
cnn.compile(CrossEntropy(), Adam(lr=3e-3))
history = cnn.fit(
    X_train, y_train, epochs=25, batch_size=32, validation_data=(X_val, y_val), seed=0
)
test_accuracy = cnn.evaluate(X_test, y_test)["accuracy"]  # the test set, once
print(f"validation accuracy {history['val_accuracy'][-1]:.3f}, test accuracy {test_accuracy:.3f}")
# --8<-- [end:train]
val_accuracy = history["val_accuracy"][-1]
n_train, n_val, n_test = len(y_train), len(y_val), len(y_test)
OUT.mkdir(parents=True, exist_ok=True)
cnn.save(OUT / "digits_cnn.npz")


# --8<-- [start:inside]
def feature_maps(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Layer-1 maps (N, 8, 8, 8) and layer-2 maps (N, 16, 4, 4), after the ReLU."""
    h1 = cnn.layers[1].forward(cnn.layers[0].forward(images))
    h2 = cnn.layers[4].forward(cnn.layers[3].forward(cnn.layers[2].forward(h1)))
    return h1, h2


h1, h2 = feature_maps(X_val)
TOP = 10  # a channel's strongest validation images


def top_images(maps: np.ndarray) -> np.ndarray:
    """For every channel, the TOP images with the largest response anywhere: (C, TOP)."""
    peak = maps.max(axis=(2, 3))  # (N, C): strongest response per image and channel
    return np.argsort(-peak, axis=0, kind="stable")[:TOP].T


def one_digit_share(maps: np.ndarray) -> np.ndarray:
    """Per channel: the share of its TOP images that show its most common digit."""
    labels = y_val[top_images(maps)]  # (C, TOP)
    return np.array([np.bincount(row, minlength=10).max() / TOP for row in labels])


share_1, share_2 = one_digit_share(h1), one_digit_share(h2)
# The same share for TOP images drawn at random, averaged over 2000 draws: chance level.
draws = np.random.default_rng(0).random((2000, len(y_val))).argsort(axis=1)[:, :TOP]
chance_share = float(np.mean([np.bincount(y_val[d], minlength=10).max() / TOP for d in draws]))
print(f"layer 1: a channel's top {TOP} images are {share_1.mean():.0%} one digit (mean)")
print(f"layer 2: a channel's top {TOP} images are {share_2.mean():.0%} one digit (mean)")
print(f"{TOP} images drawn at random:        {chance_share:.0%} one digit (mean)")
# --8<-- [end:inside]
layer1_share, layer2_share = float(share_1.mean()), float(share_2.mean())
layer2_channels_over_half = int((share_2 > 0.5).sum())
layer1_channels_over_half = int((share_1 > 0.5).sum())

# Figure 1: layer-1 filters and the maps of both layers for one digit.
k = int(np.flatnonzero(y_val == 2)[0])  # a "2"
W1 = cnn.layers[0].params["W"][:, 0]  # (8, 3, 3)
fig = plt.figure(figsize=(8.4, 5.0))
grid = fig.add_gridspec(4, 9, width_ratios=[1.6] + [1] * 8)
ax = fig.add_subplot(grid[0:2, 0])
show_images([ax], X_val[k, 0][None], ["input"], cmap="gray_r", vmin=0, vmax=1)
rows = [[fig.add_subplot(grid[r, 1 + c]) for c in range(8)] for r in range(4)]
show_filters(rows[0], W1, [f"channel {c}" if c == 0 else str(c) for c in range(8)])
show_images(rows[1], h1[k], cmap="magma")
show_images(rows[2] + rows[3], h2[k], cmap="magma")
for r, label in enumerate(["layer-1\nfilter", "layer-1\nmap 8×8", "layer-2\nmaps 4×4", ""]):
    rows[r][0].set_ylabel(label, fontsize=9)
# Figure 2: what excites a channel most, layer 1 (3×3 patches) vs layer 2 (whole digits).
SHOW = 6
padded = np.pad(X_val[:, 0], ((0, 0), (1, 1), (1, 1)))  # as the layer sees it (padding 1)
fig, axes = plt.subplots(
    8,
    2 * SHOW + 1,
    figsize=(8.0, 5.6),
    gridspec_kw={"width_ratios": [1] * SHOW + [0.35] + [1] * SHOW},
)
for c in range(8):
    best = top_images(h1)[c, :SHOW]
    patches = []
    for n in best:
        i, j = np.unravel_index(h1[n, c].argmax(), h1[n, c].shape)  # output (i, j) sees
        patches.append(padded[n, i : i + 3, j : j + 3])  # input rows i-1..i+1 (+1 for padding)
    show_images(axes[c, :SHOW], patches, cmap="gray_r", vmin=0, vmax=1)
    axes[c, 0].set_ylabel(f"c{c}", rotation=0, ha="right", va="center", fontsize=9)
    show_images(
        axes[c, SHOW + 1 :], X_val[top_images(h2)[c, :SHOW], 0], cmap="gray_r", vmin=0, vmax=1
    )
    axes[c, SHOW].axis("off")
    axes[c, SHOW + 1].set_ylabel(f"c{c}", rotation=0, ha="right", va="center", fontsize=9)
axes[0, SHOW // 2].set_title("layer 1: the 3×3 patches it fires on most", fontsize=9.5)
axes[0, SHOW + 1 + SHOW // 2].set_title("layer 2: the digits it fires on most", fontsize=9.5)

# Figure 3: how specific the channels are.
fig, ax = plt.subplots(figsize=(5.6, 2.8))
bins = np.linspace(0, 1, 11)
ax.hist([share_1, share_2], bins=bins, label=["layer 1 (8 channels)", "layer 2 (16 channels)"])
ax.axvline(chance_share, color=MUTED, linestyle="--", linewidth=1.2, label=f"{TOP} random images")
ax.set(
    xlabel=f"share of one digit among a channel's top {TOP} images",
    ylabel="channels",
    title="Deeper channels are more specific",
)
ax.legend(fontsize=9)
