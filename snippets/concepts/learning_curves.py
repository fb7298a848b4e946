"""Learning curves: a linear model against a small network, as data grows.

Both models learn the two-moons problem (noise 0.3) from training sets of 8 to
512 points and are scored on the same 2000 fresh test points. Each size is
repeated with three different training sets and initial weights; the curve is
their mean.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import ReLU
from dlnotes.data import moons
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam

X_test, y_test = moons(n=2000, noise=0.3, seed=99)


# --8<-- [start:models]
def linear(seed):
    """Logistic regression: one Dense layer, so a straight boundary."""
    return Sequential([Dense(2, 2, seed=seed)])


def mlp(seed):
    """A small network with two hidden layers of 16 ReLU units."""
    return Sequential(
        [
            Dense(2, 16, seed=seed),
            ReLU(),
            Dense(16, 16, seed=seed + 100),
            ReLU(),
            Dense(16, 2, seed=seed + 200),
        ]
    )


def score(make_model, n, seed):
    """Test accuracy after training on n points."""
    X, y = moons(n=n, noise=0.3, seed=seed)  # a training set of n points
    model = make_model(seed)
    model.compile(CrossEntropy(), Adam(lr=0.01))
    model.fit(X, y, epochs=200, batch_size=n, seed=seed)
    return model.evaluate(X_test, y_test)["accuracy"]


sizes = [8, 16, 32, 64, 128, 256, 512]
scores = {}  # one row per training-set size, one column per repeat
for name, make in {"linear model": linear, "MLP": mlp}.items():
    rows = [[score(make, n, seed) for seed in range(3)] for n in sizes]
    scores[name] = np.array(rows)
# --8<-- [end:models]

linear_parameters = sum(p.size for p, _ in linear(0).parameters())
mlp_parameters = sum(p.size for p, _ in mlp(0).parameters())
mean_linear = scores["linear model"].mean(axis=1).tolist()
mean_mlp = scores["MLP"].mean(axis=1).tolist()
# What the page says about the curves.
linear_at_8, mlp_at_8 = mean_linear[0], mean_mlp[0]
ahead = [m > lin for lin, m in zip(mean_linear, mean_mlp, strict=True)]
mlp_ahead_from = next(n for i, n in enumerate(sizes) if all(ahead[i:]))
lead_points = 100 * (mean_mlp[-1] - mean_linear[-1])  # percentage points at 512
linear_plateau = [a for n, a in zip(sizes, mean_linear, strict=True) if n >= 32]
linear_plateau_low, linear_plateau_high = min(linear_plateau), max(linear_plateau)
print(f"parameters: linear model {linear_parameters}, MLP {mlp_parameters}")
print("training points:", *[f"{n:5d}" for n in sizes])
print("linear model:   ", *[f"{a:5.3f}" for a in mean_linear])
print("MLP:            ", *[f"{a:5.3f}" for a in mean_mlp])

fig, ax = plt.subplots(figsize=(7, 3.8))
for name, s in scores.items():
    (line,) = ax.plot(sizes, s.mean(axis=1), marker="o", label=f"{name} (mean of 3)")
    ax.scatter(np.repeat(sizes, 3), s.ravel(), s=10, alpha=0.4, color=line.get_color())
ax.set(
    xscale="log",
    xticks=sizes,
    xticklabels=[str(n) for n in sizes],
    xlabel="training points (log scale)",
    ylabel="test accuracy",
    title="Test accuracy against training-set size (two moons)",
)
ax.minorticks_off()
ax.legend(loc="lower right")
