"""Hand-made features versus features a network learns by itself.

Points inside a ring belong to class 0, points on the ring to class 1. A single
neuron sees only the raw coordinates and can draw only a straight line. Given a
feature a person designed (the squared distance from the centre) it succeeds.
A small network gets the raw coordinates and finds a suitable feature itself.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import ReLU
from dlnotes.layers import Dense
from dlnotes.losses import BinaryCrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.boundary import plot_decision_boundary

# An inner disc (class 0) and a ring around it (class 1).
rng = np.random.default_rng(0)
n = 150
radius = np.concatenate([rng.uniform(0.0, 0.5, n), rng.uniform(0.8, 1.2, n)])
angle = rng.uniform(0, 2 * np.pi, 2 * n)
X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
y = np.repeat([0, 1], n)


# --8<-- [start:features]
def train(layers, inputs):
    """Train a model on `inputs` and return it with its training accuracy."""
    model = Sequential(layers)
    model.compile(BinaryCrossEntropy(), Adam(lr=0.05))
    model.fit(inputs, y, epochs=150, batch_size=32, seed=0)
    return model, model.evaluate(inputs, y)["accuracy"]


# 1. One neuron on the raw coordinates (x1, x2).
raw_neuron, acc_raw = train([Dense(2, 1, seed=0)], X)


# 2. One neuron on a feature a person designed:
#    the squared distance from the centre.
def engineered(points):
    return (points**2).sum(axis=1, keepdims=True)  # x1² + x2²


feature_neuron, acc_engineered = train([Dense(1, 1, seed=0)], engineered(X))

# 3. A network with two hidden layers on the raw coordinates.
hidden = [Dense(2, 16, seed=0), ReLU(), Dense(16, 16, seed=1), ReLU()]
network, acc_network = train([*hidden, Dense(16, 1, seed=2)], X)
print(f"one neuron, raw (x1, x2):        accuracy {acc_raw:.0%}")
print(f"one neuron, hand-made x1² + x2²: accuracy {acc_engineered:.0%}")
print(f"network, raw (x1, x2):           accuracy {acc_network:.0%}")
# --8<-- [end:features]

fig, axes = plt.subplots(1, 3, figsize=(9, 3.3))
panels = [
    (raw_neuron, f"One neuron, raw inputs\naccuracy {acc_raw:.0%}"),
    (
        lambda P: feature_neuron.loss.labels(feature_neuron.predict(engineered(P))),
        f"One neuron, hand-made feature\naccuracy {acc_engineered:.0%}",
    ),
    (network, f"Network, raw inputs\naccuracy {acc_network:.0%}"),
]
for ax, (model, title) in zip(axes, panels, strict=True):
    plot_decision_boundary(ax, model, X, y, padding=0.2)
    ax.set_title(title)
    ax.set_aspect("equal")
