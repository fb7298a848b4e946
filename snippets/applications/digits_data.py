"""A first look at the handwritten digits: examples of every class and the class balance.

``load_digits`` ships with scikit-learn: 1,797 scans of handwritten digits,
each reduced to 8×8 pixels with 17 grey levels (0 to 16). The snippet shows
four examples of each digit and counts the images per class.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

from dlnotes.plot.images import show_images
from dlnotes.plot.style import PALETTE

# --8<-- [start:load]
digits = load_digits()
X = digits.images  # (1797, 8, 8): grey levels, 0 = no ink, 16 = full ink
y = digits.target  # (1797,): the digit each image shows
print(f"images: {X.shape}, grey levels {X.min():.0f} to {X.max():.0f}")
counts = np.bincount(y)  # images per digit 0..9
print("images per digit:", dict(enumerate(counts.tolist())))
# --8<-- [end:load]

n_images = len(y)
n_levels = int(X.max() - X.min() + 1)
fewest, most = int(counts.min()), int(counts.max())
fewest_digit, most_digit = int(counts.argmin()), int(counts.argmax())

# Four examples of each digit, one column per digit.
fig, axes = plt.subplots(4, 10, figsize=(6.4, 2.9))
for digit in range(10):
    first_four = X[y == digit][:4]
    show_images(axes[:, digit], first_four, vmin=0, vmax=16, cmap="gray_r")
    axes[0, digit].set_title(str(digit))
fig.suptitle("The first four images of each digit", fontsize=11)

# The class balance.
fig, ax = plt.subplots(figsize=(5.6, 2.6))
ax.bar(range(10), counts, color=PALETTE[0], edgecolor="none")
ax.set(
    xticks=range(10),
    xlabel="digit",
    ylabel="images",
    title="Images per digit",
    ylim=(0, most * 1.15),
)
for digit, count in enumerate(counts):
    ax.text(digit, count + 3, str(count), ha="center", va="bottom", fontsize=8.5)
ax.grid(axis="x", visible=False)
