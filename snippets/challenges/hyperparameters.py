"""A learning-rate x batch-size grid: validation accuracy for every pair.

The same small network (2 -> 32 -> 32 -> 3) learns the three-spirals problem
16 times, once per cell, with SGD plus momentum for 30 epochs. Only the two
knobs change; data, weights at the start and epochs stay the same.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import ReLU
from dlnotes.data import spirals, train_test_split
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import SGD

X, y = spirals(n_per_class=200, classes=3, noise=0.2, seed=0)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_fraction=0.5, seed=0)
n_train = len(X_train)


# --8<-- [start:grid]
def small_network():
    """2 inputs -> 32 -> 32 -> 3 classes, from the same starting weights every time."""
    layers = [
        Dense(2, 32, seed=0),
        ReLU(),
        Dense(32, 32, seed=1),
        ReLU(),
        Dense(32, 3, seed=2),
    ]
    return Sequential(layers)


learning_rates = [0.001, 0.01, 0.1, 1.0]
batch_sizes = [4, 16, 64, 256]

grid = np.zeros((len(learning_rates), len(batch_sizes)))
for i, lr in enumerate(learning_rates):
    for j, batch_size in enumerate(batch_sizes):
        model = small_network()
        model.compile(CrossEntropy(), SGD(lr=lr, momentum=0.9))
        model.fit(X_train, y_train, epochs=30, batch_size=batch_size, seed=0)
        grid[i, j] = model.evaluate(X_val, y_val)["accuracy"]
# --8<-- [end:grid]

best_i, best_j = np.unravel_index(grid.argmax(), grid.shape)
best_lr, best_batch_size = learning_rates[best_i], batch_sizes[best_j]
best_accuracy, worst_accuracy = grid.max(), grid.min()
# For each batch size, the learning rate that did best.
best_lr_per_batch = {str(b): learning_rates[grid[:, j].argmax()] for j, b in enumerate(batch_sizes)}
accuracy_grid = grid.round(3).tolist()
# Updates made in 30 epochs: ceil(n_train / batch_size) per epoch.
updates_per_run = {str(b): 30 * -(-n_train // b) for b in batch_sizes}
slow_big_batch = float(grid[0, -1])  # learning rate 0.001, batch size 256
slow_small_batch = float(grid[0, 0])  # learning rate 0.001, batch size 4
chance = 1 / 3
print(f"best cell: learning rate {best_lr}, batch size {best_batch_size}: {best_accuracy:.1%}")
print(f"worst cell: {worst_accuracy:.1%}   (guessing among 3 classes: 33.3%)")
for b, lr in best_lr_per_batch.items():
    print(f"batch size {b:>3}: best learning rate {lr}")

fig, ax = plt.subplots(figsize=(5.6, 4.2))
image = ax.imshow(grid, cmap="viridis", vmin=0.3, vmax=1.0)
# Cell labels sit on the colour map, not on the page: dark on light cells, light on
# dark cells, in greys that stay the same in both site themes.
for (i, j), accuracy in np.ndenumerate(grid):
    ax.text(
        j,
        i,
        f"{accuracy:.1%}",
        ha="center",
        va="center",
        color="#111111" if accuracy > 0.65 else "#f5f5f5",
        fontweight="bold" if (i, j) == (best_i, best_j) else "normal",
    )
ax.set(
    xticks=range(len(batch_sizes)),
    xticklabels=batch_sizes,
    xlabel="batch size",
    yticks=range(len(learning_rates)),
    yticklabels=learning_rates,
    ylabel="learning rate",
    title="Validation accuracy after 30 epochs",
)
ax.grid(False)
fig.colorbar(image, ax=ax, label="validation accuracy")
