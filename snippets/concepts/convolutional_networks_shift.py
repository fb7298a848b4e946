"""Shift a digit: the feature maps shift with it, and pooling adds a little invariance.

Uses the layer-1 filters of the CNN trained in
``convolutional_networks_features.py``. The validation digits are put on a
16×16 empty canvas and moved 0 to 4 pixels to the right. The maps of a moved
digit equal the moved maps of the original (equivariance), to rounding. Left
unaligned, the maps become less alike the further the digit moves;
max pooling over 2×2 or 4×4 blocks makes them more alike for small moves, and
a maximum over the whole map does not change at all (invariance). Finally the
trained CNN itself classifies the 8×8 validation digits moved by 0 to 2 pixels.
"""
# needs: concepts/convolutional_networks_features.py

import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from dlnotes.activations import ReLU
from dlnotes.conv import Conv2D, MaxPool2D
from dlnotes.layers import Dense, Flatten
from dlnotes.model import Sequential

ARTIFACTS = Path(os.environ.get("DLNOTES_ARTIFACTS", ".cache/artifacts"))
WEIGHTS = ARTIFACTS / "concepts/convolutional_networks_features/digits_cnn.npz"

# The same network and the same validation split as the producer.
cnn = Sequential(
    [
        Conv2D(1, 8, kernel_size=3, padding=1),
        ReLU(),
        MaxPool2D(2),
        Conv2D(8, 16, kernel_size=3, padding=1),
        ReLU(),
        MaxPool2D(2),
        Flatten(),
        Dense(64, 10),
    ]
).load(WEIGHTS)
digits = load_digits()
X = (digits.images / 16.0)[:, None]
X_rest, _, y_rest, _ = train_test_split(
    X, digits.target, test_size=0.2, stratify=digits.target, random_state=0
)
_, X_val, _, y_val = train_test_split(
    X_rest, y_rest, test_size=0.2, stratify=y_rest, random_state=0
)

# --8<-- [start:shift]
SHIFTS = [0, 1, 2, 3, 4]
canvas = np.zeros((len(X_val), 1, 16, 16))
canvas[:, :, 4:12, 2:10] = X_val  # the digit, with room to move 4 pixels right


def layer1(images: np.ndarray) -> np.ndarray:
    """Trained layer-1 filters + ReLU: (N, 1, 16, 16) -> (N, 8, 16, 16) maps."""
    return cnn.layers[1].forward(cnn.layers[0].forward(images))


def moved(images: np.ndarray, d: int) -> np.ndarray:
    return np.roll(images, d, axis=3)  # d pixels right; only empty canvas wraps round


def alike(a: np.ndarray, b: np.ndarray) -> float:
    """Mean cosine similarity of two batches of representations (1 = identical)."""
    a, b = a.reshape(len(a), -1), b.reshape(len(b), -1)
    cos = (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    return float(cos.mean())


F = layer1(canvas)
poolings = {
    "no pooling": lambda m: m,
    "2×2 max pooling": MaxPool2D(2).forward,
    "4×4 max pooling": MaxPool2D(4).forward,
    "maximum over the whole map": lambda m: m.max(axis=(2, 3)),
}
similarity = {name: [] for name in poolings}
equivariance_error = 0.0
for d in SHIFTS:
    G = layer1(moved(canvas, d))
    # Equivariance: the maps of the moved digit are the moved maps.
    equivariance_error = max(equivariance_error, float(np.abs(G - moved(F, d)).max()))
    for name, pool in poolings.items():
        similarity[name].append(alike(pool(F), pool(G)))
print(f"maps of the moved digit vs the moved maps: largest difference {equivariance_error:.1e}")
for name, values in similarity.items():
    print(f"{name:27s}", "  ".join(f"{v:.2f}" for v in values))
# --8<-- [end:shift]


# --8<-- [start:network]
def shift_8x8(images: np.ndarray, d: int) -> np.ndarray:
    """Move 8×8 digits d pixels right, filling the left with empty columns."""
    out = np.zeros_like(images)
    out[..., d:] = images[..., : 8 - d]
    return out


CNN_SHIFTS = [0, 1, 2]
shifted_accuracy = [
    float((cnn.forward(shift_8x8(X_val, d)).argmax(axis=1) == y_val).mean()) for d in CNN_SHIFTS
]
print(
    "CNN validation accuracy, digits moved 0, 1, 2 pixels:",
    ", ".join(f"{a:.1%}" for a in shifted_accuracy),
)
# --8<-- [end:network]

one_pixel = {name: values[1] for name, values in similarity.items()}
four_pixels = {name: values[4] for name, values in similarity.items()}
none_1, pool2_1, pool4_1 = (one_pixel[n] for n in list(poolings)[:3])
none_4, pool2_4 = four_pixels["no pooling"], four_pixels["2×2 max pooling"]
global_4 = four_pixels["maximum over the whole map"]
global_change = max(abs(1.0 - v) for v in similarity["maximum over the whole map"])
accuracy_0, accuracy_1, accuracy_2 = shifted_accuracy

fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.3), gridspec_kw={"width_ratios": [1.6, 1]})
for name, values in similarity.items():
    axes[0].plot(SHIFTS, values, marker="o", label=name)
axes[0].set(
    xlabel="digit moved by (pixels)",
    ylabel="similarity to the unmoved maps\n(cosine, 1 = identical)",
    xticks=SHIFTS,
    title="Layer-1 maps, compared unaligned",
)
axes[0].legend(fontsize=8.5, loc="lower left")
axes[1].bar([str(d) for d in CNN_SHIFTS], shifted_accuracy, color="C0")
for d, acc in enumerate(shifted_accuracy):
    axes[1].text(d, acc + 0.02, f"{acc:.0%}", ha="center", fontsize=9)
axes[1].set(
    xlabel="8×8 digit moved by (pixels)",
    ylabel="validation accuracy",
    ylim=(0, 1.1),
    title="The trained CNN",
)
axes[1].grid(axis="x", visible=False)
