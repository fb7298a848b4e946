"""One artificial neuron, computed by hand and with dlnotes.

A neuron with three inputs multiplies each input by its weight, adds the bias
and passes the sum through a sigmoid. The same numbers come out of a
``Dense(3, 1)`` layer followed by a ``Sigmoid`` layer. The figure draws the
neuron with its weights.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import Sigmoid, sigmoid
from dlnotes.layers import Dense
from dlnotes.plot.network import draw_network
from dlnotes.plot.style import PALETTE

# --8<-- [start:neuron]
x = np.array([1.0, 2.0, -1.0])  # three inputs
w = np.array([0.5, -0.3, 0.8])  # one weight per input
b = 0.1  # the bias

z = w @ x + b  # weighted sum plus bias: 0.5 - 0.6 - 0.8 + 0.1
output = sigmoid(z)  # the activation
print(f"z      = {z:.3f}")
print(f"output = {output:.3f}")

# The same neuron as a dlnotes layer.
layer = Dense(3, 1)
layer.params["W"][:, 0] = w  # W has shape (n_in, n_out) = (3, 1)
layer.params["b"][:] = b
batch = x.reshape(1, 3)  # a batch of one sample
layer_output = Sigmoid().forward(layer.forward(batch))
print("Dense(3, 1) + Sigmoid:", layer_output)
# --8<-- [end:neuron]
matches_by_hand = bool(np.isclose(layer_output[0, 0], output, rtol=0, atol=1e-15))

fig, ax = plt.subplots(figsize=(6.5, 3.4))
positions = draw_network(
    ax,
    [3, 1],
    labels=["inputs\n(dendrites)", "sum and activation\n(cell body)"],
    node_labels=[["x₁", "x₂", "x₃"], ["Σ, σ"]],
    layer_colors=[PALETTE[0], PALETTE[1]],
    radius=0.32,
    layer_gap=3.0,
)
(out_x, out_y) = positions[1][0]
for i, ((px, py), value, weight) in enumerate(zip(positions[0], x, w, strict=True), 1):
    ax.text(px - 0.5, py, f"x{'₁₂₃'[i - 1]} = {value:g}", ha="right", va="center")
    slope = np.degrees(np.arctan2(out_y - py, out_x - px))  # write along the line
    ax.text(
        (px + out_x) / 2,
        (py + out_y) / 2 + 0.06,
        f"w{'₁₂₃'[i - 1]} = {weight:g}",
        ha="center",
        va="bottom",
        rotation=slope,
        rotation_mode="anchor",
    )
ax.annotate(
    f"output {output:.3f}\n(axon)",
    xy=(out_x + 0.32, out_y),
    xytext=(out_x + 1.6, out_y),
    ha="left",
    va="center",
    arrowprops={"arrowstyle": "<-", "color": PALETTE[1], "lw": 1.6},
)
ax.text(out_x, out_y + 0.55, f"bias b = {b:g}", ha="center")
ax.set_xlim(-2.0, out_x + 3.0)
