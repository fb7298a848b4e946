"""A shallow and a deep network, drawn layer by layer.

Both networks read 3 inputs and produce 2 outputs. The shallow one has a single
hidden layer; the deep one has three. Data flows left to right through both;
during training, backpropagation sends gradients right to left.
"""

import matplotlib.pyplot as plt

from dlnotes.plot.network import draw_network
from dlnotes.plot.style import MUTED, PALETTE

shallow = [3, 4, 2]
deep = [3, 4, 4, 4, 2]

fig, (left, right) = plt.subplots(
    1, 2, figsize=(9, 3.9), gridspec_kw={"width_ratios": [len(shallow), len(deep)]}
)
for ax, sizes, title in [
    (left, shallow, "Shallow: 1 hidden layer"),
    (right, deep, "Deep: 3 hidden layers"),
]:
    hidden = len(sizes) - 2
    captions = ["input"] + ["hidden"] * hidden + ["output"]
    colours = [PALETTE[0]] + [PALETTE[1]] * hidden + [PALETTE[2]]
    positions = draw_network(ax, sizes, labels=captions, layer_colors=colours)
    ax.set_title(title)

    # Arrows under the captions: the forward pass and, during training, the backward pass.
    x_first, x_last = positions[0][0, 0], positions[-1][0, 0]
    y = ax.get_ylim()[0]
    ax.annotate(
        "",
        xy=(x_last, y - 0.3),
        xytext=(x_first, y - 0.3),
        arrowprops={"arrowstyle": "->", "color": PALETTE[0], "lw": 1.8},
    )
    ax.text((x_first + x_last) / 2, y - 0.45, "forward: prediction", ha="center", va="top")
    ax.annotate(
        "",
        xy=(x_first, y - 1.15),
        xytext=(x_last, y - 1.15),
        arrowprops={"arrowstyle": "->", "color": PALETTE[3], "lw": 1.8},
    )
    ax.text(
        (x_first + x_last) / 2,
        y - 1.3,
        "backward: training signal",
        ha="center",
        va="top",
        color=MUTED,
    )
    ax.set_ylim(y - 1.9, ax.get_ylim()[1])
