"""How much of the image one unit sees: the receptive field grows with depth.

Two stacks on a 41×41 input: 3×3 convolutions only (stride 1), and 3×3
convolutions with 2×2 average pooling between them. For the unit at the
centre of each layer's output, the backward pass finds every input pixel
that can change it: the gradient of that one unit with respect to the input
is non-zero exactly on its receptive field. Its measured width is compared
with the rule ``r_l = r_(l-1) + (k_l - 1) * j_(l-1)``, ``j_l = j_(l-1) * s_l``
(``k`` the window, ``s`` the stride, ``j`` the distance in input pixels
between neighbouring units). All weights are 1, so no gradient cancels.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from dlnotes.conv import AvgPool2D, Conv2D
from dlnotes.model import Sequential
from dlnotes.plot.style import MUTED, PALETTE

SIZE = 41  # input height and width


def ones_conv() -> Conv2D:
    conv = Conv2D(1, 1, kernel_size=3)
    conv.params["W"][...] = 1.0
    return conv


# --8<-- [start:measure]
def receptive_field(layers: list) -> np.ndarray:
    """|d(centre unit of the last layer) / d(input)|: non-zero on its receptive field."""
    model = Sequential(layers)
    out = model.forward(np.zeros((1, 1, SIZE, SIZE)))
    grad = np.zeros_like(out)
    grad[0, 0, out.shape[2] // 2, out.shape[3] // 2] = 1.0  # pick one output unit
    return np.abs(model.backward(grad)[0, 0])


def predicted_width(layers: list) -> int:
    """r = r + (k - 1) * j and j = j * s, layer by layer, starting at r = j = 1."""
    r, j = 1, 1
    for layer in layers:
        k = layer.kernel_size if isinstance(layer, Conv2D) else layer.size
        s = layer.stride if isinstance(layer, Conv2D) else layer.size
        r, j = r + (k - 1) * j, j * s
    return r


plain, pooled = [], []
rows = {"3×3 convolutions": [], "3×3 convolutions + 2×2 pooling": []}
for depth in range(1, 5):
    plain.append(ones_conv())
    pooled += [AvgPool2D(2), ones_conv()] if depth > 1 else [ones_conv()]
    for name, layers in (("3×3 convolutions", plain), ("3×3 convolutions + 2×2 pooling", pooled)):
        field = receptive_field(list(layers))
        seen = np.flatnonzero(field.any(axis=0))  # columns the unit can see
        rows[name].append((field, int(seen.size), predicted_width(layers)))
        print(
            f"{name:31s} conv layers {depth}: measured {seen.size:2d}, rule {rows[name][-1][2]:2d}"
        )
# --8<-- [end:measure]

measured = {name: [w for _, w, _ in entries] for name, entries in rows.items()}
predicted = {name: [p for _, _, p in entries] for name, entries in rows.items()}
plain_widths, pooled_widths = (
    measured["3×3 convolutions"],
    measured["3×3 convolutions + 2×2 pooling"],
)
rule_matches = measured == predicted
plain_last, pooled_last = plain_widths[-1], pooled_widths[-1]
# How unevenly the unit sees its field: share of the gradient on the middle ninth of the field.
field4, width4, _ = rows["3×3 convolutions"][-1]
c, third = SIZE // 2, width4 // 6
centre_share = float(
    field4[c - third : c + third + 1, c - third : c + third + 1].sum() / field4.sum()
)
centre_area = (2 * third + 1) ** 2 / width4**2

fig, axes = plt.subplots(2, 4, figsize=(8.2, 4.4))
for row, (name, entries) in enumerate(rows.items()):
    for depth, (ax, (field, width, _)) in enumerate(zip(axes[row], entries, strict=True), 1):
        ax.imshow(field / field.max(), cmap="magma", vmin=0, vmax=1, interpolation="nearest")
        top, left = np.flatnonzero(field.any(axis=1))[0], np.flatnonzero(field.any(axis=0))[0]
        box = Rectangle((left - 0.5, top - 0.5), width, width, fill=False, ec=PALETTE[5], lw=1.2)
        ax.add_patch(box)  # the rule's square, drawn where the gradient is non-zero
        ax.set(xticks=[], yticks=[])
        ax.grid(False)
        ax.set_title(f"{depth} conv layer{'s' if depth > 1 else ''}: {width}×{width}", fontsize=9.5)
    axes[row, 0].set_ylabel(name.replace(" + ", "\n+ "), fontsize=9.5, color=MUTED)
fig.suptitle("What one unit in the middle sees of a 41×41 input (brighter = larger gradient)")

fig, ax = plt.subplots(figsize=(5.2, 3.0))
layers_axis = np.arange(1, 5)
for name, widths in measured.items():
    ax.plot(layers_axis, widths, marker="o", label=name)
ax.set(
    xlabel="convolution layers",
    ylabel="receptive field (pixels across)",
    xticks=layers_axis,
    title="Receptive field width",
)
ax.legend(fontsize=9)
