"""Initialisation: what a 20-layer network does to its signal before any training.

A stack of 20 ``Dense`` layers of 100 units with ReLU after each, its weights
drawn at four scales: far too small (standard deviation 0.01), Xavier
(``sqrt(1 / n)`` here, where n_in = n_out = n), He (``sqrt(2 / n)``) and too
large (``2 sqrt(2 / n)``). A batch of 500 random inputs goes forward; the
standard deviation of every layer's output is recorded. Then a random
gradient of length 1 goes backward from the top, and its length where it
reaches each layer's input is recorded. Finally the same depth, at three of the scales, is
trained for a few epochs on the digits, to see what the statistics mean for
learning.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from dlnotes.activations import ReLU
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import SGD
from dlnotes.plot.style import MUTED

DEPTH, WIDTH = 20, 100

# --8<-- [start:stats]
SCALES = {  # standard deviation of every weight
    "too small: 0.01": 0.01,
    "Xavier: √(1/n)": np.sqrt(1 / WIDTH),
    "He: √(2/n)": np.sqrt(2 / WIDTH),
    "too large: 2√(2/n)": 2 * np.sqrt(2 / WIDTH),
}


def relu_stack(std: float, n_in: int = WIDTH, n_out: int = WIDTH) -> Sequential:
    """DEPTH x (Dense + ReLU), every weight ~ Normal(0, std); a final Dense to n_out."""
    layers = []
    for i in range(DEPTH):
        dense = Dense(n_in if i == 0 else WIDTH, WIDTH, seed=i)
        dense.params["W"][...] = np.random.default_rng(i).normal(0, std, dense.params["W"].shape)
        layers += [dense, ReLU()]
    last = Dense(WIDTH, n_out, seed=DEPTH)
    last.params["W"][...] = np.random.default_rng(DEPTH).normal(0, std, last.params["W"].shape)
    return Sequential([*layers, last])


rng = np.random.default_rng(0)
X = rng.normal(size=(500, WIDTH))  # inputs with standard deviation 1
activation_std, signal, weight_grad = {}, {}, {}
for name, std in SCALES.items():
    model = relu_stack(std)
    h, stds = X, []
    for layer in model.layers:  # forward, layer by layer, recording each ReLU's output
        h = layer.forward(h, train=True)
        if isinstance(layer, ReLU):
            stds.append(float(h.std()))
    grad = rng.normal(size=h.shape)
    grad /= np.linalg.norm(grad)  # a gradient of length 1 enters at the top
    lengths = []
    for layer in reversed(model.layers):  # backward, recording dL/d(input) of each Dense
        grad = layer.backward(grad)
        if isinstance(layer, Dense):
            lengths.append(float(np.linalg.norm(grad)))
    activation_std[name] = stds
    signal[name] = lengths[::-1][:DEPTH]  # layer 1 first
    weight_grad[name] = float(np.linalg.norm(model.layers[0].grads["W"]))  # dL/dW, layer 1
    print(
        f"{name:20s} output std: layer 1 {stds[0]:.1e}, layer 20 {stds[-1]:.1e};"
        f"  backward signal: layer 20 {signal[name][-1]:.1e}, layer 1 {signal[name][0]:.1e}"
    )
# --8<-- [end:stats]

names = list(SCALES)
small, xavier, he, large = names
he_std_first, he_std_last = activation_std[he][0], activation_std[he][-1]
xavier_std_last = activation_std[xavier][-1]
xavier_per_layer = (activation_std[xavier][-1] / activation_std[xavier][0]) ** (1 / (DEPTH - 1))
small_std_last = activation_std[small][-1]
large_std_last = activation_std[large][-1]
he_signal_first, he_signal_last = signal[he][0], signal[he][-1]
small_signal_first, large_signal_first = signal[small][0], signal[large][0]
xavier_signal_first = signal[xavier][0]
small_wgrad, he_wgrad, large_wgrad = weight_grad[small], weight_grad[he], weight_grad[large]


def sci(value: float) -> str:
    """2.3e-13 written as 2.3 × 10⁻¹³ for the prose."""
    mantissa, exponent = f"{value:.1e}".split("e")
    digits_ = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa} × 10{digits_}"


small_std_text, large_std_text = sci(small_std_last), sci(large_std_last)
small_signal_text, large_signal_text = sci(small_signal_first), sci(large_signal_first)
small_wgrad_text, large_wgrad_text = sci(small_wgrad), sci(large_wgrad)

# --8<-- [start:train]
digits = load_digits()
Xd = digits.data / 16.0
Xd = Xd - Xd.mean(axis=0)  # centred pixels
X_train, X_val, y_train, y_val = train_test_split(
    Xd, digits.target, test_size=0.2, stratify=digits.target, random_state=0
)
train_loss = {}
for name in (small, xavier, he):
    model = relu_stack(SCALES[name], n_in=64, n_out=10)
    model.compile(CrossEntropy(), SGD(lr=0.01, momentum=0.9))
    history = model.fit(X_train, y_train, epochs=10, batch_size=32, seed=0)
    train_loss[name] = history["loss"]
    print(f"{name:20s} training loss after 10 epochs: {history['loss'][-1]:.3f}")
# --8<-- [end:train]
chance_loss = float(np.log(10))  # the loss of a uniform guess over 10 digits
final_loss = {name: losses[-1] for name, losses in train_loss.items()}
small_final, xavier_final, he_final = final_loss[small], final_loss[xavier], final_loss[he]

fig, axes = plt.subplots(1, 2, figsize=(8.6, 3.4))
layer_numbers = np.arange(1, DEPTH + 1)
for name in names:
    axes[0].semilogy(layer_numbers, activation_std[name], marker="o", markersize=3, label=name)
    axes[1].semilogy(layer_numbers, signal[name], marker="o", markersize=3, label=name)
axes[0].set(xlabel="layer", ylabel="std of the layer's output", title="Forward: activations")
axes[1].set(
    xlabel="layer", ylabel="length of dL/d(layer input)", title="Backward: the gradient signal"
)
for ax in axes:
    ax.set_xticks([1, 5, 10, 15, 20])
axes[0].legend(fontsize=8.5)

fig, ax = plt.subplots(figsize=(5.4, 3.0))
for name, losses in train_loss.items():
    ax.plot(np.arange(1, len(losses) + 1), losses, marker="o", markersize=3, label=name)
ax.axhline(chance_loss, color=MUTED, linestyle=":", linewidth=1.2, label="uniform guess, ln 10")
ax.set(xlabel="epoch", ylabel="training loss", title="20 ReLU layers on the digits", ylim=(0, 2.6))
ax.legend(fontsize=8.5)
