"""Shift the input, and the feature map shifts with it: convolution is equivariant.

Two 16 x 16 views are cut from one larger surface image, the second a few
pixels further along, as if the camera had moved. The same 3x3 spot filter
runs over both. Its feature maps agree exactly once the shift is undone
(equivariance), but not as they are (no invariance). The strongest response
over the whole map does not change at all, and 2x2 max pooling makes the maps
of a one-pixel shift a little more alike.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes import data
from dlnotes.conv import Conv2D, MaxPool2D
from dlnotes.plot.style import MUTED

# The hand-made spot filter: a pixel minus the average of its eight neighbours.
spot = np.full((3, 3), -1 / 8)
spot[1, 1] = 1.0
layer = Conv2D(1, 1, kernel_size=3)
layer.params["W"][...] = spot

# Larger 24 x 24 surfaces, all defective; keep the one whose defect lies
# nearest the centre, so that it stays inside both views.
big, _ = data.defects(n=40, size=24, defective_fraction=1.0, seed=3)
responses = np.abs(layer.forward(big))[:, 0]  # (40, 22, 22)
where = [np.unravel_index(r.argmax(), r.shape) for r in responses]
k = int(np.argmin([abs(i - 10.5) + abs(j - 10.5) for i, j in where]))
surface = big[k : k + 1]  # (1, 1, 24, 24)

# --8<-- [start:shift]
dy, dx = 3, 2  # the camera moves 3 pixels down and 2 to the right
original = surface[:, :, 4:20, 4:20]  # a 16 x 16 view
shifted = surface[:, :, 4 + dy : 20 + dy, 4 + dx : 20 + dx]  # the same scene, moved

F = np.abs(layer.forward(original))[0, 0]  # (14, 14) feature maps
G = np.abs(layer.forward(shifted))[0, 0]

# Equivariance: G is F moved by (-dy, -dx), where both maps see the same pixels.
equivariance_error = float(np.abs(G[: 14 - dy, : 14 - dx] - F[dy:, dx:]).max())
# No invariance: compared position by position, the maps disagree.
unaligned_difference = float(np.abs(G - F).max())
# The strongest response anywhere does not care where the defect is.
peak_original, peak_shifted = float(F.max()), float(G.max())
print(f"shift undone:     largest difference {equivariance_error:.1e}")
print(f"shift not undone: largest difference {unaligned_difference:.3f}")
print(f"strongest response: {peak_original:.3f} before, {peak_shifted:.3f} after")
# --8<-- [end:shift]

# --8<-- [start:pooling]
# How alike are the maps of a view and the same view moved by one pixel,
# before and after 2 x 2 max pooling? (Correlation: 1 means identical.)
pool = MaxPool2D(2)
one_pixel = np.abs(layer.forward(surface[:, :, 4:20, 5:21]))  # (1, 1, 14, 14)
F4 = F[None, None]
alike_before = float(np.corrcoef(F4.ravel(), one_pixel.ravel())[0, 1])
alike_after = float(np.corrcoef(pool.forward(F4).ravel(), pool.forward(one_pixel).ravel())[0, 1])
print(f"one-pixel shift, maps alike before pooling: {alike_before:.2f}")
print(f"one-pixel shift, maps alike after pooling:  {alike_after:.2f}")
# --8<-- [end:pooling]

fig, axes = plt.subplots(2, 2, figsize=(5.6, 5.4))
top = max(peak_original, peak_shifted)
rows = [("first view", original, F), (f"view moved {dy} down, {dx} right", shifted, G)]
for row, (name, view, fmap) in enumerate(rows):
    axes[row, 0].imshow(view[0, 0], cmap="gray", vmin=0, vmax=1, extent=(-0.5, 15.5, 15.5, -0.5))
    axes[row, 1].imshow(fmap, cmap="magma", vmin=0, vmax=top, extent=(0.5, 14.5, 14.5, 0.5))
    axes[row, 0].set_title(f"{name}: image", fontsize=9.5, fontweight="normal", loc="left")
    axes[row, 1].set_title("its |filter response|", fontsize=9.5, fontweight="normal")
    i, j = np.unravel_index(fmap.argmax(), fmap.shape)
    for ax in axes[row]:
        # A ring around the strongest response, at its pixel in both panels.
        ax.plot(j + 1, i + 1, "o", ms=16, mfc="none", mec="C0", mew=1.5)
        ax.set(xlim=(-0.5, 15.5), ylim=(15.5, -0.5), xticks=[], yticks=[])
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set(visible=True, color=MUTED, linewidth=0.6)
