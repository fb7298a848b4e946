"""How the backward signal changes from layer to layer: it can shrink or grow.

Stacks of 20 ``Dense`` layers (100 units each) with sigmoid, tanh or ReLU
after every layer, at two initialisation scales: weights drawn with standard
deviation 1/sqrt(100) and 2/sqrt(100). A unit-length gradient enters at the
top; the snippet follows it down through every layer and records its length
where it reaches each layer's input. Each layer multiplies it by
``g'(Z)`` and by the transposed weights, so the weights count as much as the
activation's slope.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import ReLU, Sigmoid, Tanh
from dlnotes.layers import Dense
from dlnotes.model import Sequential
from dlnotes.plot.style import MUTED

depth, width = 20, 100
rng = np.random.default_rng(0)
X = rng.normal(size=(256, width))  # a batch of 256 random inputs
top = rng.normal(size=(256, width))
top /= np.linalg.norm(top)  # the gradient arriving from above: length 1


# --8<-- [start:measure]
def stack(activation, gain):
    """20 x (Dense + activation); weights with standard deviation gain / sqrt(width)."""
    layers = []
    for i in range(depth):
        dense = Dense(width, width)
        w_rng = np.random.default_rng(i)  # the same random pattern at both scales
        dense.params["W"][:] = w_rng.normal(0.0, gain / np.sqrt(width), (width, width))
        layers += [dense, activation()]
    return Sequential(layers)


def gradient_lengths(model):
    """Length of dL/d(input) of every Dense layer, first layer first."""
    model.forward(X, train=True)  # keeps what backward needs
    grad, lengths = top, []
    for layer in reversed(model.layers):  # exactly what Sequential.backward does
        grad = layer.backward(grad)  # Dense: grad @ W.T; activation: grad * g'(Z)
        if isinstance(layer, Dense):
            lengths.append(float(np.linalg.norm(grad)))
    return lengths[::-1]


activations = {"sigmoid": Sigmoid, "tanh": Tanh, "ReLU": ReLU}
gains = {"std 1/√n": 1.0, "std 2/√n": 2.0}
lengths = {
    (act, scale): gradient_lengths(stack(activations[act], gain))
    for act in activations
    for scale, gain in gains.items()
}
for (act, scale), ell in lengths.items():
    print(f"{act:8s} {scale}: at layer 1 the gradient has length {ell[0]:.1e}")
# --8<-- [end:measure]


def sci(x):
    """2.3e-13 written as 2.3 × 10⁻¹³ for the prose."""
    mantissa, exponent = f"{x:.1e}".split("e")
    digits = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa} × 10{digits}"


# Values the page quotes: the length that reaches layer 1, and the factor per layer.
curves = {f"{act}, {scale}": ell for (act, scale), ell in lengths.items()}
at_layer_1 = {key: ell[0] for key, ell in curves.items()}
per_layer = {key: value ** (1 / depth) for key, value in at_layer_1.items()}
sigmoid_bound = 0.25**depth  # the slope bound alone, as if the weights were 1
sigmoid_bound_text = sci(sigmoid_bound)
sigmoid_large_over_bound = at_layer_1["sigmoid, std 2/√n"] / sigmoid_bound
sigmoid_small_text = sci(at_layer_1["sigmoid, std 1/√n"])
sigmoid_large_text = sci(at_layer_1["sigmoid, std 2/√n"])
tanh_small, tanh_large = at_layer_1["tanh, std 1/√n"], at_layer_1["tanh, std 2/√n"]
relu_small, relu_large = at_layer_1["ReLU, std 1/√n"], at_layer_1["ReLU, std 2/√n"]
relu_small_per_layer = per_layer["ReLU, std 1/√n"]
relu_large_per_layer = per_layer["ReLU, std 2/√n"]
relu_small_text, relu_large_text = sci(relu_small), sci(relu_large)

fig, axes = plt.subplots(1, 3, figsize=(9, 3.4), sharey=True)
layer_numbers = np.arange(1, depth + 1)
for ax, act in zip(axes, activations, strict=True):
    for scale in gains:
        ax.semilogy(layer_numbers, lengths[act, scale], marker="o", markersize=3, label=scale)
    ax.axhline(1.0, color=MUTED, linewidth=1, linestyle=":")
    ax.set(title=act, xlabel="layer (1 = next to the input)", xticks=[1, 5, 10, 15, 20])
axes[0].semilogy(
    layer_numbers,
    0.25 ** (depth - layer_numbers + 1),
    color=MUTED,
    linestyle="--",
    label="0.25 per layer",
)
axes[0].legend(loc="lower right", fontsize=9)  # the same colours in every panel
axes[0].set_ylabel("length of the gradient\n(1 at the top)")
