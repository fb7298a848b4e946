"""Initialisation scale, one value at a time: the signal through 20 ReLU layers.

The 20-layer stack of ``training_deep_networks.py`` (100 units, ReLU after
each layer), with every weight drawn from a normal distribution whose
standard deviation is a multiple of He's ``sqrt(2 / n)``. A batch of 500
random inputs goes forward and the standard deviation of every layer's output
is recorded.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import ReLU
from dlnotes.layers import Dense
from dlnotes.plot.style import MUTED
from dlnotes.sweep import value

SWEEP = {
    "name": "scale",
    "values": [0.5, 0.8, 1.0, 1.25, 2.0],
    "default": 1.0,
    "label": "Weight scale, in multiples of He's √(2/n)",
    "unit": "×",
    "key": "last_std",
    "key_label": "output standard deviation of layer 20",
    "key_format": ".3g",
}
scale = value(SWEEP)  # the default; see dlnotes/sweep.py to run another value

DEPTH, WIDTH = 20, 100
std = scale * np.sqrt(2 / WIDTH)
rng = np.random.default_rng(0)
h = rng.normal(size=(500, WIDTH))  # inputs with standard deviation 1
stds = []
for i in range(DEPTH):
    dense = Dense(WIDTH, WIDTH, seed=i)
    dense.params["W"][...] = np.random.default_rng(i).normal(0, std, dense.params["W"].shape)
    h = ReLU().forward(dense.forward(h, train=True), train=True)
    stds.append(float(h.std()))
last_std = stds[-1]
per_layer_factor = float((stds[-1] / stds[0]) ** (1 / (DEPTH - 1)))

fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
layers = np.arange(1, DEPTH + 1)
ax.semilogy(layers, stds, marker="o", label=f"weights at {scale:g} × He")
ax.axhline(stds[0], color=MUTED, linestyle=":", label="layer 1's level")
ax.set(
    title="Spread of each layer's output, before training",
    xlabel="layer",
    ylabel="standard deviation",
    ylim=(1e-7, 1e7),
    xticks=[1, 5, 10, 15, 20],
)
ax.legend(loc="upper left", fontsize=9)

print(f"weights ~ Normal(0, {scale:g} x sqrt(2/{WIDTH}) = {std:.4f})")
print(f"output std: layer 1 {stds[0]:.3g}, layer 10 {stds[9]:.3g}, layer 20 {last_std:.3g}")
print(f"each layer multiplies the spread by about {per_layer_factor:.3g}")
