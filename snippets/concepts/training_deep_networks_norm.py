"""BatchNorm and LayerNorm: what they compute, train vs eval, and how much faster they train.

First a batch of 8 examples with 4 features, far from standardised, goes
through both layers: BatchNorm standardises every *column* (feature) over the
batch, LayerNorm every *row* (example) over its features. Then the same
example is put into two different batches: in training mode BatchNorm's
output for it changes with its batch-mates, in evaluation mode (running
statistics) and for LayerNorm it does not. Last, the 20-layer ReLU network of the
initialisation section is trained on the digits with Xavier weights (too
small for ReLU), with and without BatchNorm after every hidden ``Dense``,
and with He weights and no normalisation; the epochs each needs to bring the
loss on the training set below a target are counted.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from dlnotes.activations import ReLU
from dlnotes.callbacks import Callback
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.norm import BatchNorm, LayerNorm
from dlnotes.optim import SGD
from dlnotes.plot.style import MUTED

# --8<-- [start:compute]
rng = np.random.default_rng(0)
x = rng.normal(loc=[5.0, -3.0, 0.0, 10.0], scale=[1.0, 0.1, 4.0, 2.0], size=(8, 4))
bn, ln = BatchNorm(4), LayerNorm(4)
y_bn, y_ln = bn.forward(x, train=True), ln.forward(x, train=True)
print("BatchNorm: mean of each column", np.round(y_bn.mean(axis=0), 6) + 0.0)
print("           std of each column ", np.round(y_bn.std(axis=0), 3))
print("LayerNorm: mean of each row   ", np.round(y_ln.mean(axis=1), 6) + 0.0)
print("           std of each row    ", np.round(y_ln.std(axis=1), 3))
# --8<-- [end:compute]
bn_column_mean = float(np.abs(y_bn.mean(axis=0)).max())
ln_row_mean = float(np.abs(y_ln.mean(axis=1)).max())

# --8<-- [start:modes]
first = x[:1]  # one example, in two different batches
batch_a = np.vstack([first, rng.normal(5.0, 1.0, size=(7, 4))])
batch_b = np.vstack([first, rng.normal(-5.0, 1.0, size=(7, 4))])
for _ in range(50):  # let the running statistics settle on typical batches
    bn.forward(
        rng.normal(loc=[5.0, -3.0, 0.0, 10.0], scale=[1.0, 0.1, 4.0, 2.0], size=(8, 4)), train=True
    )
changes = {
    "BatchNorm, train": bn.forward(batch_a, train=True)[0] - bn.forward(batch_b, train=True)[0],
    "BatchNorm, eval": bn.forward(batch_a)[0] - bn.forward(batch_b)[0],
    "LayerNorm": ln.forward(batch_a)[0] - ln.forward(batch_b)[0],
}
for mode, change in changes.items():
    print(f"{mode:17s} the first example's output changes by up to {np.abs(change).max():.3f}")
# --8<-- [end:modes]
bn_train_change, bn_eval_change, ln_change = (float(np.abs(c).max()) for c in changes.values())

# --8<-- [start:speed]
digits = load_digits()
X = digits.data / 16.0
X = X - X.mean(axis=0)
X_train, X_val, y_train, y_val = train_test_split(
    X, digits.target, test_size=0.2, stratify=digits.target, random_state=0
)
DEPTH, WIDTH, EPOCHS, TARGET = 20, 64, 15, 0.5


def network(init: str, norm) -> Sequential:
    """DEPTH - 1 hidden layers Dense (+ norm) + ReLU, then Dense(WIDTH, 10)."""
    layers, n_in = [], 64
    for i in range(DEPTH - 1):
        layers += [Dense(n_in, WIDTH, init=init, seed=i), *([norm(WIDTH)] if norm else []), ReLU()]
        n_in = WIDTH
    return Sequential([*layers, Dense(WIDTH, 10, init=init, seed=99)])


class TrainingLoss(Callback):
    """The loss on the whole training set after every epoch, in evaluation mode."""

    def on_train_begin(self, model) -> None:
        self.model, self.losses = model, []

    def on_epoch_end(self, epoch: int, logs: dict[str, float]) -> None:
        self.losses.append(self.model.loss(self.model.forward(X_train), y_train)[0])


RACE = {
    "Xavier, no normalisation": ("xavier", None),
    "Xavier + BatchNorm": ("xavier", BatchNorm),
    "He, no normalisation": ("he", None),
}
curves, epochs_to_target = {}, {}
for name, (init, norm) in RACE.items():
    model = network(init, norm)
    model.compile(CrossEntropy(), SGD(lr=0.01, momentum=0.9))
    probe = TrainingLoss()
    model.fit(X_train, y_train, EPOCHS, 32, callbacks=[probe], seed=0)
    curves[name] = probe.losses
    below = [e + 1 for e, loss in enumerate(probe.losses) if loss < TARGET]
    epochs_to_target[name] = below[0] if below else None
    print(
        f"{name:25s} epochs to training loss < {TARGET}: {epochs_to_target[name]}; "
        f"after {EPOCHS}: {probe.losses[-1]:.3f}"
    )
# --8<-- [end:speed]
xavier_epochs = epochs_to_target["Xavier, no normalisation"]
bn_epochs, he_epochs = (
    epochs_to_target["Xavier + BatchNorm"],
    epochs_to_target["He, no normalisation"],
)
xavier_final = curves["Xavier, no normalisation"][-1]
xavier_reaches_target = xavier_epochs is not None
bn_final, he_final = curves["Xavier + BatchNorm"][-1], curves["He, no normalisation"][-1]

fig, axes = plt.subplots(1, 2, figsize=(8.0, 2.9))
for ax, y_norm, title, axis in ((axes[0], y_bn, "BatchNorm", 0), (axes[1], y_ln, "LayerNorm", 1)):
    im = ax.imshow(y_norm, cmap="RdBu_r", vmin=-2.5, vmax=2.5, aspect="auto")
    ax.set(
        xlabel="feature",
        ylabel="example",
        title=f"{title}: standardises each " + ("column" if axis == 0 else "row"),
        xticks=range(4),
        yticks=range(8),
    )
    ax.grid(False)
fig.colorbar(im, ax=axes, label="output", shrink=0.9)

fig, ax = plt.subplots(figsize=(5.6, 3.1))
epochs = np.arange(1, EPOCHS + 1)
for name, losses in curves.items():
    ax.semilogy(epochs, losses, marker="o", markersize=3, label=name)
ax.axhline(TARGET, color=MUTED, linestyle=":", linewidth=1.2, label=f"target {TARGET}")
ax.set(
    xlabel="epoch",
    ylabel="training loss (whole set)",
    title="20 ReLU layers, SGD with momentum, lr 0.01",
    xticks=[1, 5, 10, 15],
)
ax.legend(fontsize=9)
