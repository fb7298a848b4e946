"""Predicting a film's box-office revenue: a straight line against neural networks.

Fits four models to the made-up films of ``dlnotes.data.box_office`` and
scores each on films it never saw: a single neuron that sees the budget only
(a straight line), a single neuron that sees all four inputs, the small
4-3-1 network of the notes, and a wider, deeper 4-32-32-1 network.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes import data
from dlnotes.activations import ReLU, Tanh
from dlnotes.layers import Dense
from dlnotes.losses import MSE
from dlnotes.metrics import mse, r2
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.style import INK, MUTED, PALETTE

# --8<-- [start:data]
# Columns of X: budget, advertising, star_power, release_timing.
X, y = data.box_office(n=500, seed=0)
split = data.train_test_split(X, y, test_fraction=0.2, seed=0)
X_train, X_test, y_train, y_test = split

# Standardize every input with the training set's mean and spread, and
# measure revenue in units of $100M, so every number the network sees is near 1.
mean, std = X_train.mean(axis=0), X_train.std(axis=0)
Z_train, Z_test = (X_train - mean) / std, (X_test - mean) / std
t_train = y_train[:, None] / 100.0


def train(layers, inputs, epochs=300):
    """Train a network on the chosen input columns with MSE and Adam."""
    model = Sequential(layers)
    model.compile(MSE(), Adam(lr=0.01), metrics=())
    model.fit(Z_train[:, inputs], t_train, epochs, batch_size=32, seed=0)
    return model


def predict(model, inputs):
    """Predicted revenue of the test films, in $M."""
    return 100.0 * model.predict(Z_test[:, inputs])[:, 0]


# --8<-- [end:data]


# --8<-- [start:line]
BUDGET, ALL = [0], [0, 1, 2, 3]
# One neuron, no activation: a straight line.
line = train([Dense(1, 1, seed=0)], BUDGET)

# Turn its weight and bias back into dollars: revenue = a + b * budget.
w = line.layers[0].params["W"][0, 0]
b = line.layers[0].params["b"][0]
slope = 100.0 * w / std[0]
intercept = 100.0 * b - slope * mean[0]
print(f"trained line:  revenue = {intercept:.1f} + {slope:.2f} * budget")

# The exact least-squares line, solved directly: [1, budget] @ [a, b] ~ revenue.
A = np.column_stack([np.ones(len(X_train)), X_train[:, 0]])
(exact_intercept, exact_slope), *_ = np.linalg.lstsq(A, y_train, rcond=None)
print(f"least squares: revenue = {exact_intercept:.1f} + {exact_slope:.2f} * budget")
# --8<-- [end:line]
slope_gap = abs(slope - exact_slope) / exact_slope  # relative difference
intercept_gap = abs(intercept - exact_intercept)  # $M
train_rmse_trained = float(np.sqrt(mse(y_train, intercept + slope * X_train[:, 0])))
train_rmse_exact = float(np.sqrt(mse(y_train, exact_intercept + exact_slope * X_train[:, 0])))

fig, ax = plt.subplots(figsize=(6.4, 3.8))
dots = ax.scatter(X_train[:, 0], y_train, c=X_train[:, 1], s=12, cmap="viridis", vmin=-30)
budgets = np.array([10.0, 200.0])
ax.plot(budgets, intercept + slope * budgets, color=PALETTE[3], lw=2.5, label="fitted line")
ax.set(
    xlabel="production budget ($M)",
    ylabel="box-office revenue ($M)",
    title="Revenue against budget, 400 training films",
)
fig.colorbar(dots, ax=ax, label="advertising spend ($M)", values=np.linspace(0, 100, 101))
ax.legend(loc="upper left")

# How widely revenue varies among films with similar budgets, $140M to $160M.
similar = (X_train[:, 0] > 140) & (X_train[:, 0] < 160)
revenue_range_near_150 = [float(y_train[similar].min()), float(y_train[similar].max())]
line_at_10, line_at_200 = intercept + slope * 10, intercept + slope * 200

# --8<-- [start:network]
# One neuron that sees all four inputs: still linear.
plane = train([Dense(4, 1, seed=0)], ALL)

# The network of the story: 4 inputs, 3 tanh hidden units, 1 output.
hidden = Dense(4, 3, init="xavier", seed=0)
small = train([hidden, Tanh(), Dense(3, 1, seed=100)], ALL)
# --8<-- [end:network]

# --8<-- [start:bigger]
layers = [Dense(4, 32, seed=0), ReLU()]
layers += [Dense(32, 32, seed=1), ReLU()]
layers += [Dense(32, 1, seed=2)]
bigger = train(layers, ALL)
# --8<-- [end:bigger]

# --8<-- [start:scores]
models = {
    "line, budget only": (line, BUDGET),
    "linear, all four inputs": (plane, ALL),
    "network 4-3-1": (small, ALL),
    "network 4-32-32-1": (bigger, ALL),
}
print(f"\n{'model':<24}{'params':>7}{'RMSE ($M)':>11}{'R²':>7}")
rmse, r_squared, n_params = {}, {}, {}
for name, (model, inputs) in models.items():
    guess = predict(model, inputs)
    rmse[name] = float(np.sqrt(mse(y_test, guess)))
    r_squared[name] = r2(y_test, guess)
    n_params[name] = sum(p.size for p, _ in model.parameters())
    scores = f"{rmse[name]:>11.1f}{r_squared[name]:>7.3f}"
    print(f"{name:<24}{n_params[name]:>7}" + scores)
# --8<-- [end:scores]

# The best any model could do: the true function, without its noise.
budget, advertising, star_power, week = X_test.T
awareness = 1 - np.exp(-advertising / 25)
appeal = 0.2 + 0.16 * star_power
season = 1 + 0.35 * np.cos(2 * np.pi * week / 26)
noise_free = budget * (0.3 + 3 * awareness * appeal) * season
rmse_noise_floor = float(np.sqrt(mse(y_test, noise_free)))
mae_noise_floor = float(np.mean(np.abs(y_test - noise_free)))  # mean absolute error
r2_noise_floor = r2(y_test, noise_free)
floor = f"{rmse_noise_floor:>11.1f}{r2_noise_floor:>7.3f}"
print(f"{'(true formula, no noise)':<24}{'':>7}" + floor)

# Predicted against actual revenue on the 100 test films.
fig, axes = plt.subplots(1, 3, figsize=(9, 3.3), sharex=True, sharey=True)
for ax, name, colour in zip(
    axes, ["line, budget only", "network 4-3-1", "network 4-32-32-1"], PALETTE, strict=False
):
    model, inputs = models[name]
    ax.plot([0, 1200], [0, 1200], color=MUTED, lw=1, ls="--")
    ax.scatter(y_test, predict(model, inputs), s=12, color=colour)
    ax.set_title(f"{name}\nR² = {r_squared[name]:.2f}", fontsize=10.5)
    ax.set_xlabel("actual revenue ($M)")
axes[0].set_ylabel("predicted revenue ($M)")
axes[0].set(xlim=(0, 1200), ylim=(-100, 1200))

# What each network predicts as the release week changes, all else held at
# the median film, against the true seasonal pattern.
weeks = np.arange(1, 53)
typical = np.tile(np.median(X_train, axis=0), (52, 1))
typical[:, 3] = weeks
b0, a0, s0 = typical[0, :3]
truth = (
    b0
    * (0.3 + 3 * (1 - np.exp(-a0 / 25)) * (0.2 + 0.16 * s0))
    * (1 + 0.35 * np.cos(2 * np.pi * weeks / 26))
)
by_week = {
    name: 100.0 * models[name][0].predict((typical - mean) / std)[:, 0]
    for name in ["network 4-3-1", "network 4-32-32-1"]
}
fig, ax = plt.subplots(figsize=(6.4, 3.2))
ax.plot(weeks, truth, color=INK, lw=1.5, ls="--", label="true function (no noise)")
ax.plot(weeks, by_week["network 4-3-1"], color=PALETTE[1], label="network 4-3-1")
ax.plot(weeks, by_week["network 4-32-32-1"], color=PALETTE[2], label="network 4-32-32-1")
ax.set(
    xlabel="release week",
    ylabel="predicted revenue ($M)",
    title="A median film, released in each week of the year",
    xlim=(1, 52),
    ylim=(180, 680),
)
ax.legend(loc="upper center", fontsize=8.5, ncol=3)

# How much each network's prediction swings over the year, peak to trough.
season_swing = {name: float(v.max() - v.min()) for name, v in by_week.items()}
season_swing_true = float(truth.max() - truth.min())

# Values the page quotes, by short names.
r2_line, r2_plane = r_squared["line, budget only"], r_squared["linear, all four inputs"]
r2_small, r2_bigger = r_squared["network 4-3-1"], r_squared["network 4-32-32-1"]
rmse_plane, rmse_small = rmse["linear, all four inputs"], rmse["network 4-3-1"]
params_small, params_bigger = n_params["network 4-3-1"], n_params["network 4-32-32-1"]
swing_small, swing_bigger = season_swing["network 4-3-1"], season_swing["network 4-32-32-1"]
n_train_films, n_test_films = len(y_train), len(y_test)
