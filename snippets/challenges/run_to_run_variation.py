"""The same network, the same data, different random seeds.

A 2 -> 32 -> 32 -> 2 network is trained on 40 noisy two-moons points and
tested on 1,000 others. Only the seeds change: the seed of the starting
weights, the seed of the order in which examples are visited, or both.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import PercentFormatter

from dlnotes.activations import ReLU
from dlnotes.data import moons, train_test_split
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.boundary import plot_decision_boundary
from dlnotes.plot.style import MUTED

X, y = moons(n=1040, noise=0.3, seed=2)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=1000 / 1040, seed=0)


# --8<-- [start:train]
def train(init_seed, order_seed):
    """init_seed picks the starting weights, order_seed the order of the examples."""
    weights = np.random.default_rng(init_seed)  # one generator for all starting weights
    layers = [
        Dense(2, 32, seed=weights),
        ReLU(),
        Dense(32, 32, seed=weights),
        ReLU(),
        Dense(32, 2, seed=weights),
    ]
    model = Sequential(layers)
    model.compile(CrossEntropy(), Adam(lr=0.01))
    model.fit(X_train, y_train, epochs=50, batch_size=10, seed=order_seed)
    return model


def test_accuracy(model):
    return model.evaluate(X_test, y_test)["accuracy"]


seeds = range(10)
accuracy = {
    "starting weights vary": [test_accuracy(train(s, 0)) for s in seeds],
    "example order varies": [test_accuracy(train(0, s)) for s in seeds],
    "both vary": [test_accuracy(train(s, s)) for s in seeds],
}

# The same seeds twice: the very same network?
first = [p for p, _ in train(3, 3).parameters()]
second = [p for p, _ in train(3, 3).parameters()]
identical = all(np.array_equal(a, b) for a, b in zip(first, second, strict=True))
# --8<-- [end:train]

both = accuracy["both vary"]
lowest, highest = min(both), max(both)
spread = highest - lowest
spread_by_source = {name: max(a) - min(a) for name, a in accuracy.items()}
for name, values in accuracy.items():
    print(f"{name:22} test accuracy from {min(values):.1%} to {max(values):.1%}")
mean = float(np.mean(both))
std = float(np.std(both, ddof=1))  # sample standard deviation over the 10 runs
print(f"both vary: mean {mean:.1%}, standard deviation {100 * std:.1f} percentage points")
print("same seeds twice, identical weights:", identical)

# Figure 1: every run as a dot, one row per source of randomness.
fig, ax = plt.subplots(figsize=(7, 2.8))
jitter = np.random.default_rng(0).uniform(-0.12, 0.12, len(seeds))
for row, values in enumerate(accuracy.values()):
    ax.scatter(values, row + jitter, s=36, alpha=0.85, color=f"C{row}")
    ax.plot([np.median(values)] * 2, [row - 0.3, row + 0.3], color=MUTED, linewidth=2)
ax.set(
    yticks=range(3),
    yticklabels=list(accuracy),
    xlabel="test accuracy",
    ylim=(2.6, -0.6),
    title="10 seeds per row (bar: median)",
)
ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))

# Figure 2: the worst and the best of the "both vary" runs.
worst_seed, best_seed = int(np.argmin(both)), int(np.argmax(both))
fig, axes = plt.subplots(1, 2, figsize=(7, 3.0))
train_accuracy = {}  # how well the worst and the best run fit their 40 points
for ax, seed in zip(axes, [worst_seed, best_seed], strict=True):
    model = train(seed, seed)
    train_accuracy[str(seed)] = model.evaluate(X_train, y_train)["accuracy"]
    plot_decision_boundary(ax, model, X_train, y_train, resolution=150, point_size=18)
    ax.set_title(f"seed {seed}: test accuracy {both[seed]:.1%}", fontsize=10)

# Values the page quotes.
spread_weights = spread_by_source["starting weights vary"]
spread_order = spread_by_source["example order varies"]
worst_train_misses = round((1 - train_accuracy[str(worst_seed)]) * len(y_train))
best_train_misses = round((1 - train_accuracy[str(best_seed)]) * len(y_train))
# Differences between accuracies, in percentage points.
spread_points, std_points = 100 * spread, 100 * std
weights_points, order_points = 100 * spread_weights, 100 * spread_order
