"""Checking backpropagation with central differences.

``dlnotes.gradcheck.check_gradients`` nudges every weight of a small network up
and down by 1e-5, measures how the loss changes, and compares that slope with
the gradient from the backward pass. It does this for a correct network and
for one with a deliberately broken tanh layer.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import Tanh
from dlnotes.data import spirals
from dlnotes.gradcheck import check_gradients
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.plot.style import MUTED

X, y = spirals(n_per_class=5, classes=3, seed=0)  # 15 points, 3 classes


# --8<-- [start:check]
def network(tanh_layer):
    return Sequential(
        [
            Dense(2, 5, init="xavier", seed=1),
            tanh_layer,
            Dense(5, 3, init="xavier", seed=2),
        ]
    )


class ForgetfulTanh(Tanh):
    """A bug: backward forgets to multiply by tanh'(x) = 1 - y²."""

    def backward(self, grad):
        return grad


loss = CrossEntropy()
errors = check_gradients(network(Tanh()), loss, X, y)
buggy_errors = check_gradients(network(ForgetfulTanh()), loss, X, y)
for name, error in errors.items():
    print(f"{name}   correct {error:.1e}   buggy {buggy_errors[name]:.1e}")
# --8<-- [end:check]

worst_error = max(errors.values())
buggy_worst_error = max(buggy_errors.values())
buggy_output_layer_error = max(buggy_errors["2.Dense.W"], buggy_errors["2.Dense.b"])
buggy_first_layer_error = min(buggy_errors["0.Dense.W"], buggy_errors["0.Dense.b"])

fig, ax = plt.subplots(figsize=(7, 3.2))
names = list(errors)
rows = np.arange(len(names))
ax.barh(rows + 0.2, list(errors.values()), height=0.4, label="correct backward")
ax.barh(rows - 0.2, [buggy_errors[n] for n in names], height=0.4, label="tanh' forgotten")
ax.axvline(1e-6, color=MUTED, linestyle="--", linewidth=1.2)
ax.text(1.3e-6, len(names) - 0.45, "1e-6", color=MUTED)
ax.set(
    xscale="log",
    yticks=rows,
    yticklabels=names,
    xlabel="relative error (log scale)",
    title="Backprop against central differences",
    xlim=(1e-13, 10),
)
ax.invert_yaxis()
ax.legend(loc="lower right", fontsize=9)
