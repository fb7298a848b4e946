"""Surface images with and without defects, and one hand-made filter that finds them.

Draws examples from ``dlnotes.data.defects``, slides a 3x3 "spot" filter over
one image with the loop-based ``conv2d_naive``, max-pools the result, and then
checks how well the filter's strongest response alone separates good images
from defective ones: accuracy, and also precision and recall, because only a
few images are defective.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes import data
from dlnotes.conv import Conv2D, MaxPool2D, conv2d_naive
from dlnotes.metrics import accuracy, confusion_matrix, precision_recall_f1
from dlnotes.plot.images import show_images
from dlnotes.plot.style import MUTED, PALETTE

# --8<-- [start:data]
X, y = data.defects(n=2000, size=16, seed=0)  # defective_fraction=0.08 by default
print(f"images: {X.shape}  (samples, channels, rows, columns)")
print(f"pixel values from {X.min():.0f} to {X.max():.0f}")
print(f"defective: {y.sum()} of {len(y)} ({y.mean():.1%})")
# --8<-- [end:data]
n_images, n_defective = len(y), int(y.sum())
defective_share = float(y.mean())

good, bad = np.flatnonzero(y == 0)[:6], np.flatnonzero(y == 1)[:6]
fig, axes = plt.subplots(2, 6, figsize=(7.2, 3.0))
show_images(axes[0], X[good, 0], ["good"] * 6, vmin=0, vmax=1)
show_images(axes[1], X[bad, 0], ["defect"] * 6, vmin=0, vmax=1)

# --8<-- [start:filter]
# A pixel (weight 1) minus the average of its eight neighbours (weight
# -1/8 each). The weights sum to zero, so a flat or evenly sloping surface
# gives 0; a lone spot does not.
spot = np.full((3, 3), -1 / 8)
spot[1, 1] = 1.0
image = X[y == 1][4:5]  # the fifth defective image, a scratch: (1, 1, 16, 16)
response = conv2d_naive(image, spot[None, None], np.zeros(1))  # (1, 1, 14, 14)
strength = np.abs(response)  # a dark spot counts as much as a bright one
pooled = MaxPool2D(2).forward(strength)  # (1, 1, 7, 7)
# --8<-- [end:filter]

# All three panels on the image's pixel grid: response [i, j] belongs to the
# 3x3 patch centred on pixel (i + 1, j + 1), and pooled cell [p, q] to the
# 2x2 block of responses below it, so each cell sits over the pixels it saw.
fig, axes = plt.subplots(1, 3, figsize=(7.4, 2.9))
panels = [
    (image[0, 0], "gray", (-0.5, 15.5, 15.5, -0.5), "image, 16 × 16"),
    (strength[0, 0], "magma", (0.5, 14.5, 14.5, 0.5), "|filter response|, 14 × 14"),
    (pooled[0, 0], "magma", (0.5, 14.5, 14.5, 0.5), "after 2 × 2 max pooling, 7 × 7"),
]
for ax, (array, cmap, extent, title) in zip(axes, panels, strict=True):
    top = 1.0 if cmap == "gray" else float(strength.max())
    ax.imshow(array, cmap=cmap, vmin=0, vmax=top, extent=extent, interpolation="nearest")
    ax.set(xlim=(-0.5, 15.5), ylim=(15.5, -0.5), xticks=[], yticks=[])
    ax.set_title(title, fontsize=9.5, fontweight="normal")
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set(visible=True, color=MUTED, linewidth=0.6)

# --8<-- [start:threshold]
# The same filter on every image at once: Conv2D computes what
# conv2d_naive does, without the loops.
layer = Conv2D(1, 1, kernel_size=3)
layer.params["W"][...] = spot
responses = np.abs(layer.forward(X))  # (2000, 1, 14, 14)
peak = responses.max(axis=(1, 2, 3))  # strongest response per image

# Call an image defective when its peak passes a threshold. Choose the
# threshold with the fewest mistakes on the training images, then score it
# on the test images (the same quarter the networks are tested on).
split = data.train_test_split(peak, y, test_fraction=0.25, seed=0)
peak_train, peak_test, y_train, y_test = split
candidates = np.sort(peak_train)
mistakes = [np.sum((peak_train > t) != y_train) for t in candidates]
threshold = candidates[int(np.argmin(mistakes))]
called = (peak_test > threshold).astype(int)
precision, recall, _ = precision_recall_f1(y_test, called)
matrix = confusion_matrix(y_test, called, labels=[0, 1])  # rows: true, columns: called
print(f"threshold {threshold:.3f} on {len(y_test)} test images:")
print(f"  accuracy {accuracy(y_test, called):.3f}, precision {precision:.3f}, recall {recall:.3f}")
print(f"  defects found {matrix[1, 1]} of {matrix[1].sum()}, false alarms {matrix[0, 1]}")
# --8<-- [end:threshold]

fig, ax = plt.subplots(figsize=(6.4, 3.0))
bins = np.linspace(0, peak.max(), 40)
for label, name in [(0, "good"), (1, "defective")]:
    ax.hist(
        peak[y == label],
        bins=bins,
        density=True,  # each kind on its own scale: defective images are few
        color=PALETTE[label],
        alpha=0.6,
        ec=PALETTE[label],
        histtype="stepfilled",
        label=f"{name} ({np.sum(y == label):,} images)",
    )
ax.axvline(threshold, color=PALETTE[3], ls="--", lw=1.5, label="threshold")
ax.set(
    xlabel="strongest |response| of the spot filter",
    ylabel="share of images (density)",
    title=f"One hand-made filter, {len(y):,} images",
)
ax.legend()

n_test, test_defective = len(y_test), int(y_test.sum())
threshold_accuracy = accuracy(y_test, called)
threshold_precision, threshold_recall = float(precision), float(recall)
threshold_found, threshold_false_alarms = int(matrix[1, 1]), int(matrix[0, 1])
false_alarm_text = f"{threshold_false_alarms} false alarm" + "s" * (threshold_false_alarms != 1)
good_peak_high = float(np.quantile(peak[y == 0], 0.99))  # almost every good image is below
