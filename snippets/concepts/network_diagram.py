"""Where deep learning sits, and what "deep" looks like.

Figure 1 draws artificial intelligence, machine learning and deep learning as
nested sets. Figure 2 draws a small deep network with
``dlnotes.plot.network.draw_network`` and counts its neurons and weights.
"""

from itertools import pairwise

import matplotlib.pyplot as plt
from matplotlib.patches import Ellipse

from dlnotes.plot.network import draw_network
from dlnotes.plot.style import PALETTE

# --8<-- [start:fields]
fields = [  # (name, examples, width, height, centre y): each set inside the last
    ("Artificial intelligence", "search, planning, hand-written rules", 9.6, 5.6, 0.0),
    ("Machine learning", "linear models, decision trees, clustering", 7.0, 3.9, -0.8),
    ("Deep learning", "neural networks with many layers", 4.4, 2.0, -1.6),
]
fig, ax = plt.subplots(figsize=(7, 4))
for (name, examples, width, height, y), colour in zip(fields, PALETTE, strict=False):
    ax.add_patch(Ellipse((0, y), width, height, facecolor=colour, alpha=0.12))
    ax.add_patch(Ellipse((0, y), width, height, fill=False, edgecolor=colour, lw=2))
    top = y + height / 2
    ax.text(0, top - 0.35, name, ha="center", va="top", fontweight="bold", fontsize=12)
    ax.text(0, top - 0.8, examples, ha="center", va="top", fontsize=9.5)
ax.set(xlim=(-5, 5), ylim=(-3, 3), aspect="equal")
ax.axis("off")
# --8<-- [end:fields]

# --8<-- [start:network]
layer_sizes = [4, 6, 6, 6, 3]
captions = [
    "input\npixels",
    "hidden 1\nedges",
    "hidden 2\nshapes",
    "hidden 3\nparts",
    "output\nobjects",
]
# Input layer blue, hidden layers orange, output layer green.
colours = [PALETTE[0]] + [PALETTE[1]] * 3 + [PALETTE[2]]
fig, ax = plt.subplots(figsize=(7.5, 4.2))
draw_network(ax, layer_sizes, labels=captions, layer_colors=colours)

hidden_layers = len(layer_sizes) - 2
neurons = sum(layer_sizes[1:])  # input nodes only hold the data
# One weight per line: n_in * n_out for each pair of neighbouring layers.
weights = sum(n_in * n_out for n_in, n_out in pairwise(layer_sizes))
biases = neurons  # one per neuron
print(f"hidden layers: {hidden_layers}")
print(f"neurons:       {neurons}")
print(f"weights:       {weights}  (one per line in the figure)")
print(f"biases:        {biases}")
# --8<-- [end:network]
