"""What hidden layers buy: a linear model and a small network on spirals.

Three interleaved spiral arms, one per class. A linear classifier (one
Dense layer, softmax in the loss) and a network with two hidden layers of
64 ReLU units learn from 70% of the points and are scored on the other
30%. The figure shades the region each model gives to each class.
"""

import matplotlib.pyplot as plt

from dlnotes.activations import ReLU
from dlnotes.data import spirals, train_test_split
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.boundary import plot_decision_boundary

X, y = spirals(n_per_class=150, classes=3, noise=0.2, seed=0)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=0.3)

# --8<-- [start:models]
linear = Sequential([Dense(2, 3, seed=0)])
network = Sequential(
    [
        Dense(2, 64, seed=0),
        ReLU(),
        Dense(64, 64, seed=1),
        ReLU(),
        Dense(64, 3, seed=2),
    ]
)
models = {"linear model": linear, "two hidden layers": network}

fig, axes = plt.subplots(1, 2, figsize=(8, 4))
test_accuracy = {}
for ax, (name, model) in zip(axes, models.items(), strict=True):
    model.compile(CrossEntropy(), Adam(lr=0.01))
    model.fit(X_train, y_train, epochs=300, batch_size=32, seed=0)
    test_accuracy[name] = model.evaluate(X_test, y_test)["accuracy"]
    print(f"{name:<18} test accuracy {test_accuracy[name]:.3f}")

    plot_decision_boundary(ax, model, X_test, y_test)
    ax.set_title(f"{name}: {test_accuracy[name]:.0%} right")
    ax.set(xticks=[], yticks=[], aspect="equal")
# --8<-- [end:models]
