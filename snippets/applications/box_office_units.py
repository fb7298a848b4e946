"""What the three hidden units of the 4-3-1 box-office network respond to.

Trains the same small network as ``box_office_models.py`` (same data, seeds
and settings), then reads its first-layer weights and measures how each
hidden unit's contribution to the predicted revenue moves with each input.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes import data
from dlnotes.activations import Tanh
from dlnotes.layers import Dense
from dlnotes.losses import MSE
from dlnotes.metrics import mse
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.images import annotated_heatmap
from dlnotes.plot.network import draw_network
from dlnotes.plot.style import INK, MUTED, PALETTE

# The story usually told, drawn as the 4-3-1 network it describes.
INPUTS = ["budget", "advertising", "star power", "release timing"]
STORY = ["the story:", "1  spend?", "2  awareness?", "3  timing and", "    distribution?"]
fig, ax = plt.subplots(figsize=(6.8, 3.4))
nodes = draw_network(
    ax,
    [4, 3, 1],
    labels=["inputs", "hidden units", "output"],
    node_labels=[None, ["1", "2", "3"], None],
    layer_colors=[PALETTE[0], PALETTE[1], PALETTE[2]],
    layer_gap=3.0,
)
for (x, y_), name in zip(nodes[0], INPUTS, strict=True):
    ax.text(x - 0.45, y_, name, ha="right", va="center")
x_out, y_out = nodes[2][0]
ax.text(x_out + 0.45, y_out, "revenue", ha="left", va="center")
ax.text(x_out + 0.45, y_out - 0.6, "\n".join(STORY), ha="left", va="top", fontsize=9.5)
ax.set_xlim(-3.2, 9.6)

# The same data and network as box_office_models.py.
X, y = data.box_office(n=500, seed=0)
split = data.train_test_split(X, y, test_fraction=0.2, seed=0)
X_train, X_test, y_train, y_test = split
mean, std = X_train.mean(axis=0), X_train.std(axis=0)
Z_train, Z_test = (X_train - mean) / std, (X_test - mean) / std
small = Sequential([Dense(4, 3, init="xavier", seed=0), Tanh(), Dense(3, 1, seed=100)])
small.compile(MSE(), Adam(lr=0.01), metrics=())
small.fit(Z_train, y_train[:, None] / 100.0, epochs=300, batch_size=32, seed=0)
rmse_small = float(np.sqrt(mse(y_test, 100.0 * small.predict(Z_test)[:, 0])))

# --8<-- [start:read]
first, last = small.layers[0].params, small.layers[2].params
W1, b1 = first["W"].copy(), first["b"].copy()  # (4, 3), (3,)
W2, b2 = last["W"][:, 0].copy(), last["b"][0]  # (3,), a number

# tanh is odd, tanh(-z) = -tanh(z): flipping the signs of a unit's incoming
# weights, its bias and its outgoing weight leaves the network's output
# unchanged. Flip every unit whose outgoing weight is negative, so that for
# every unit "more active" means "more revenue".
flip = np.where(W2 < 0, -1.0, 1.0)
W1, b1, W2 = W1 * flip, b1 * flip, W2 * flip

# Each unit's contribution to the predicted revenue ($M) of every test film.
hidden = np.tanh(Z_test @ W1 + b1)  # (100, 3)
contribution = 100.0 * hidden * W2  # (100, 3)
prediction = 100.0 * small.predict(Z_test)[:, 0]
rebuilt = contribution.sum(axis=1) + 100.0 * b2
same_output = bool(np.allclose(rebuilt, prediction))

# How strongly each contribution moves with each input (correlation, -1 to 1).
corr = np.zeros((4, 3))
for i in range(4):
    for j in range(3):
        corr[i, j] = np.corrcoef(X_test[:, i], contribution[:, j])[0, 1]
# --8<-- [end:read]

print(f"output unchanged after the sign flips: {same_output}")
print(f"outgoing weights (x $100M): {np.round(W2, 2)}")
for j in range(3):
    listens = ", ".join(
        f"{INPUTS[i]} {corr[i, j]:+.2f}"
        for i in np.argsort(-np.abs(corr[:, j]))
        if abs(corr[i, j]) >= 0.3
    )
    print(f"unit {j + 1} contribution moves with: {listens}")

fig, (left, right) = plt.subplots(1, 2, figsize=(8.6, 3.2))
columns = [f"unit {j + 1}\n(out {W2[j]:+.1f})" for j in range(3)]
annotated_heatmap(left, W1, INPUTS, columns)
left.set_title("Weights into\neach unit", pad=8)
annotated_heatmap(right, corr, INPUTS, columns, vmax=1.0)
right.set_title("Correlation of contribution\nwith each input", pad=8)

# Each unit's contribution as advertising grows, for the median film.
spend = np.linspace(0, 100, 101)
film = np.tile(np.median(X_train, axis=0), (101, 1))
film[:, 1] = spend
parts = 100.0 * np.tanh((film - mean) / std @ W1 + b1) * W2  # (101, 3)
on_film = 100.0 * small.predict((film - mean) / std)[:, 0]
budget, _, star_power, week = film.T
truth = (
    budget
    * (0.3 + 3 * (1 - np.exp(-spend / 25)) * (0.2 + 0.16 * star_power))
    * (1 + 0.35 * np.cos(2 * np.pi * week / 26))
)
fig, ax = plt.subplots(figsize=(7.8, 3.6))
for j in range(3):
    ax.plot(spend, parts[:, j], color=PALETTE[j + 3], lw=1.5, label=f"unit {j + 1}")
ax.plot(spend, on_film, color=PALETTE[1], lw=2.5, label="network:\nsum + bias")
ax.plot(spend, truth, color=INK, lw=1.5, ls="--", label="true formula\n(no noise)")
ax.axhline(0, color=MUTED, lw=0.8)
ax.set(
    xlabel="advertising spend ($M)",
    ylabel="contribution to revenue ($M)",
    title="A median film, with more and more advertising",
    xlim=(0, 100),
)
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)

# Facts the page states.
gain_first_30 = float(on_film[30] - on_film[0])  # advertising 0 -> $30M
gain_last_30 = float(on_film[100] - on_film[70])  # advertising $70M -> $100M
true_gain_first_30 = float(truth[30] - truth[0])
true_gain_last_30 = float(truth[100] - truth[70])
weights = W1.tolist()
correlations = corr.tolist()
outgoing = W2.tolist()
largest_timing_weight = float(np.abs(W1[3]).max())
largest_timing_corr = float(np.abs(corr[3]).max())
