"""Depth on the spirals: networks with 0, 1 and 3 hidden layers.

Three networks learn to tell the three arms of a spiral apart. Each hidden
layer has 8 ReLU neurons. With no hidden layer the network can only draw
straight boundaries; hidden layers let the boundary bend around the arms.
The summary of the deepest network counts its parameters.
"""

import matplotlib.pyplot as plt

from dlnotes.activations import ReLU
from dlnotes.data import spirals
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.boundary import plot_decision_boundary

X, y = spirals(n_per_class=100, classes=3, seed=0)  # 3 arms of 100 points in 2-D
n_points = len(X)


# --8<-- [start:build]
def build(hidden_layers, width=8, seed=0):
    """2 inputs -> `hidden_layers` x (Dense + ReLU) -> 3 class scores."""
    layers, n_in = [], 2
    for i in range(hidden_layers):
        layers += [Dense(n_in, width, seed=seed + i), ReLU()]
        n_in = width
    layers.append(Dense(n_in, 3, seed=seed + hidden_layers))  # output layer
    return Sequential(layers)


depths = [0, 1, 3]
models, train_accuracy = [], []
for depth in depths:
    model = build(depth)
    model.compile(CrossEntropy(), Adam(lr=0.01))
    model.fit(X, y, epochs=300, batch_size=32, seed=0)
    models.append(model)
    train_accuracy.append(model.evaluate(X, y)["accuracy"])
# --8<-- [end:build]

fig, axes = plt.subplots(1, 3, figsize=(9, 3.5))
titles = ["no hidden layer", "1 hidden layer", "3 hidden layers"]
for ax, model, title, acc in zip(axes, models, titles, train_accuracy, strict=True):
    plot_decision_boundary(ax, model, X, y, padding=0.2)
    ax.set_title(f"{title}\ntrain accuracy {acc:.0%}")
    ax.set_aspect("equal")

# --8<-- [start:summary]
deep = models[-1]  # the network with 3 hidden layers
print(deep.summary())

# By hand: a Dense layer has n_in * n_out weights and n_out biases.
dense_layers = [layer for layer in deep.layers if isinstance(layer, Dense)]
by_hand = sum(l.n_in * l.n_out + l.n_out for l in dense_layers)
terms = " + ".join(f"({l.n_in}·{l.n_out} + {l.n_out})" for l in dense_layers)
print(f"by hand: {terms} = {by_hand}")
# --8<-- [end:summary]
