"""A dead ReLU unit comes back to life when the layer below it changes.

A small regression network has two hidden ReLU layers. One unit of the second
hidden layer starts dead: its bias is so negative that its weighted sum is
below zero for every training example, so it outputs 0 and its own weights
get a zero gradient. The first layer keeps learning, though, and as its
outputs grow the dead unit's weighted sum turns positive again.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import ReLU
from dlnotes.layers import Dense
from dlnotes.losses import MSE
from dlnotes.model import Sequential
from dlnotes.optim import SGD

rng = np.random.default_rng(0)
X = rng.uniform(0, 1, size=(200, 2))
y = 10 * X.sum(axis=1, keepdims=True)  # needs larger hidden outputs than at the start

# --8<-- [start:dead]
first, second = Dense(2, 4, seed=1), Dense(4, 4, seed=2)
second.params["W"][:, 0] = 0.5  # unit 0 of the second layer: half the sum of its inputs ...
second.params["b"][0] = -2.0  # ... minus 2, which is negative for every example at the start
model = Sequential([first, ReLU(), second, ReLU(), Dense(4, 1, seed=3)])
model.compile(MSE(), SGD(lr=0.01), metrics=())


def unit_0_sums():
    """The weighted sum of unit 0 for every training example."""
    hidden = np.maximum(first.forward(X), 0)  # the first layer's ReLU outputs
    return hidden @ second.params["W"][:, 0] + second.params["b"][0]


firing, moved = [], []  # per epoch: share of examples where unit 0 fires; its weight change
for epoch in range(30):
    firing.append(float(np.mean(unit_0_sums() > 0)))
    before = second.params["W"][:, 0].copy()
    model.fit(X, y, epochs=1, batch_size=20, seed=epoch)
    moved.append(float(np.abs(second.params["W"][:, 0] - before).max()))
    if epoch % 5 == 0:
        print(f"epoch {epoch:2d}: unit 0 fires on {firing[-1]:4.0%} of the examples")
# --8<-- [end:dead]
firing.append(float(np.mean(unit_0_sums() > 0)))  # after the last epoch
dead_epochs = next(i for i, share in enumerate(firing) if share > 0)  # silent at the start
moved_while_dead = max(moved[: dead_epochs - 1]) if dead_epochs > 1 else 0.0
final_firing = firing[-1]

fig, ax = plt.subplots(figsize=(6.5, 3.2))
ax.plot(range(len(firing)), firing, marker="o", markersize=3)
ax.axvspan(0, dead_epochs - 0.5, alpha=0.12, label="silent on every example")
ax.set(
    xlabel="epoch",
    ylabel="share of examples",
    title="How often unit 0 fires (weighted sum > 0)",
    ylim=(-0.03, 1.03),
)
ax.legend(loc="lower right")
