"""Same data, same network, same settings: only the random seed differs.

Trains one small network on 100 noisy moon points three times: with seed 1,
with seed 2, and with seed 1 again. The seed sets the initial weights and the
order of the mini-batches. Compares the decision boundaries, the accuracies on
fresh test points, and the probability each model gives to one point. Then
trains logistic regression, whose loss is convex, from the same two seeds.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import ReLU, softmax
from dlnotes.data import moons
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.boundary import plot_decision_boundary
from dlnotes.plot.style import INK

X, y = moons(n=100, noise=0.3, seed=0)
X_test, y_test = moons(n=2000, noise=0.3, seed=99)


# --8<-- [start:train]
def train(seed):
    model = Sequential(
        [
            Dense(2, 32, seed=seed),
            ReLU(),
            Dense(32, 32, seed=seed + 100),
            ReLU(),
            Dense(32, 2, seed=seed + 200),
        ]
    )
    model.compile(CrossEntropy(), Adam(lr=0.01))
    model.fit(X, y, epochs=100, batch_size=16, seed=seed)
    return model


models = {"seed 1": train(1), "seed 2": train(2), "seed 1 again": train(1)}
point = np.array([[-0.75, -0.8]])  # a new input, away from the data
for name, model in models.items():
    p = softmax(model.predict(point))[0, 1]
    acc = model.evaluate(X_test, y_test)["accuracy"]
    print(f"{name:12s}  test accuracy {acc:.1%}  P(lower moon) = {p:.6f}")
# --8<-- [end:train]

test_accuracy = {name: m.evaluate(X_test, y_test)["accuracy"] for name, m in models.items()}
probability = {name: float(softmax(m.predict(point))[0, 1]) for name, m in models.items()}
labels = {name: m.loss.labels(m.predict(X_test)) for name, m in models.items()}
disagreement_1_vs_2 = float(np.mean(labels["seed 1"] != labels["seed 2"]))
disagreement_1_vs_1 = float(np.mean(labels["seed 1"] != labels["seed 1 again"]))
same_seed_weight_difference = max(
    float(np.abs(p - q).max())
    for (p, _), (q, _) in zip(
        models["seed 1"].parameters(), models["seed 1 again"].parameters(), strict=True
    )
)
accuracy_seed_1, accuracy_seed_2 = test_accuracy["seed 1"], test_accuracy["seed 2"]
accuracy_gap_points = 100 * abs(accuracy_seed_1 - accuracy_seed_2)
probability_seed_1, probability_seed_2 = probability["seed 1"], probability["seed 2"]
print(f"test points labelled differently, seed 1 vs seed 2: {disagreement_1_vs_2:.1%}")
print(f"largest weight difference, seed 1 vs seed 1 again: {same_seed_weight_difference}")


# --8<-- [start:linear]
def train_linear(seed):
    """Logistic regression on all 100 points per step, until it settles."""
    model = Sequential([Dense(2, 2, seed=seed)])
    model.compile(CrossEntropy(), Adam(lr=0.05))
    model.fit(X, y, epochs=3000, batch_size=len(X), seed=seed)
    return model


linear_models = {"seed 1": train_linear(1), "seed 2": train_linear(2)}
for name, model in linear_models.items():
    p = softmax(model.predict(point))[0, 1]
    print(f"logistic regression, {name}:  P(lower moon) = {p:.6f}")
# --8<-- [end:linear]
linear_probability = {n: float(softmax(m.predict(point))[0, 1]) for n, m in linear_models.items()}
linear_probability_difference = abs(linear_probability["seed 1"] - linear_probability["seed 2"])
linear_labels = {n: m.loss.labels(m.predict(X_test)) for n, m in linear_models.items()}
linear_disagreement = float(np.mean(linear_labels["seed 1"] != linear_labels["seed 2"]))

fig, axes = plt.subplots(1, 2, figsize=(8, 3.6))
for ax, name in zip(axes, ["seed 1", "seed 2"], strict=True):
    plot_decision_boundary(ax, models[name], X, y)
    ax.plot(*point[0], marker="X", markersize=11, color=INK, linestyle="none")
    ax.set_title(f"{name}: {test_accuracy[name]:.1%} on test data")
