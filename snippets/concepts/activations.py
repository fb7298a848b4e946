"""Activation functions and their derivatives.

Plots sigmoid, tanh, ReLU and leaky ReLU (left) with their derivatives (right),
all computed by ``dlnotes.activations``, then turns three class scores into
probabilities with softmax.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes import activations as act

# --8<-- [start:curves]
z = np.linspace(-5, 5, 401)
functions = {
    "sigmoid": (act.sigmoid, act.sigmoid_grad),
    "tanh": (act.tanh, act.tanh_grad),
    "ReLU": (act.relu, act.relu_grad),
    "leaky ReLU (α = 0.1)": (
        lambda x: act.leaky_relu(x, alpha=0.1),
        lambda x: act.leaky_relu_grad(x, alpha=0.1),
    ),
}

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.4), sharex=True)
for name, (g, g_prime) in functions.items():
    dashed = "--" if name.startswith("leaky") else "-"  # ReLU stays visible below it
    left.plot(z, g(z), linestyle=dashed, label=name)
    right.plot(z, g_prime(z), linestyle=dashed, label=name)
# --8<-- [end:curves]
left.set(title="Activation g(z)", xlabel="z", ylim=(-1.5, 3.0))
right.set(title="Derivative g′(z)", xlabel="z", ylim=(-0.1, 1.35))
left.legend(loc="upper left", fontsize=9)
right.legend(loc="upper left", fontsize=9)

# Facts the page states, measured on the curves above.
sigmoid_max_slope = float(act.sigmoid_grad(z).max())
tanh_max_slope = float(act.tanh_grad(z).max())
sigmoid_slope_at_5 = float(act.sigmoid_grad(np.array(5.0)))

# --8<-- [start:softmax]
scores = np.array([2.0, 1.0, 0.1])
probabilities = act.softmax(scores)
print("scores:        ", scores)
print("probabilities: ", probabilities.round(3))
print("sum:           ", probabilities.sum())
# --8<-- [end:softmax]
probability_list = probabilities.tolist()
