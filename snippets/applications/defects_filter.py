"""Surface images with and without defects, and one hand-made filter that finds them.

Draws examples from ``dlnotes.data.defects``, slides a 3x3 "spot" filter over
one image with the loop-based ``conv2d_naive``, max-pools the result, and then
checks how well the filter's strongest response alone separates good images
from defective ones.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes import data
from dlnotes.conv import Conv2D, MaxPool2D, conv2d_naive
from dlnotes.plot.images import show_image, show_images
from dlnotes.plot.style import PALETTE

# --8<-- [start:data]
X, y = data.defects(n=800, size=16, seed=0)
print(f"images: {X.shape}  (samples, channels, rows, columns)")
print(f"pixel values from {X.min():.0f} to {X.max():.0f}")
print(f"defective: {y.sum()} of {len(y)}")
# --8<-- [end:data]
n_defective = int(y.sum())

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
image = X[y == 1][:1]  # the first defective image: (1, 1, 16, 16)
response = conv2d_naive(image, spot[None, None], np.zeros(1))  # (1, 1, 14, 14)
strength = np.abs(response)  # a dark spot counts as much as a bright one
pooled = MaxPool2D(2).forward(strength)  # (1, 1, 7, 7)
# --8<-- [end:filter]

fig, axes = plt.subplots(1, 3, figsize=(7.4, 2.8))
show_image(axes[0], image[0, 0], "image, 16 × 16", vmin=0, vmax=1)
show_image(axes[1], strength[0, 0], "|filter response|, 14 × 14", cmap="magma", vmin=0)
show_image(axes[2], pooled[0, 0], "after 2 × 2 max pooling, 7 × 7", cmap="magma", vmin=0)

# --8<-- [start:threshold]
# The same filter on every image at once: Conv2D computes what
# conv2d_naive does, without the loops.
layer = Conv2D(1, 1, kernel_size=3)
layer.params["W"][...] = spot
responses = np.abs(layer.forward(X))  # (800, 1, 14, 14)
peak = responses.max(axis=(1, 2, 3))  # strongest response per image

# Call an image defective when its peak passes a threshold. Choose the
# threshold with the fewest mistakes on the 600 training images, then
# score it on the 200 test images (the same split as the CNN's).
split = data.train_test_split(peak, y, test_fraction=0.25, seed=0)
peak_train, peak_test, y_train, y_test = split
candidates = np.sort(peak_train)
mistakes = [np.sum((peak_train > t) != y_train) for t in candidates]
threshold = candidates[int(np.argmin(mistakes))]
accuracy = np.mean((peak_test > threshold) == y_test)
print(f"threshold {threshold:.3f}: test accuracy {accuracy:.3f}")
# --8<-- [end:threshold]

fig, ax = plt.subplots(figsize=(6.4, 3.0))
bins = np.linspace(0, peak.max(), 40)
for label, name in [(0, "good"), (1, "defect")]:
    ax.hist(
        peak[y == label],
        bins=bins,
        color=PALETTE[label],
        alpha=0.6,
        ec=PALETTE[label],
        histtype="stepfilled",
        label=name,
    )
ax.axvline(threshold, color=PALETTE[3], ls="--", lw=1.5, label="threshold")
ax.set(
    xlabel="strongest |response| of the spot filter",
    ylabel="images",
    title="One hand-made filter, 800 images",
)
ax.legend()

threshold_accuracy = float(accuracy)
