"""Overfitting, and three remedies compared on the same problem.

A network with about 17,000 weights is trained on only 60 noisy points from
the two-moons problem and checked on 500 fresh points. The plain network
memorises its training set; dropout, L2 weight decay and early stopping each
keep it closer to the true shape of the classes.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import ReLU
from dlnotes.callbacks import EarlyStopping
from dlnotes.data import moons, train_test_split
from dlnotes.layers import Dense, Dropout
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.boundary import plot_decision_boundary
from dlnotes.plot.style import MUTED

# 60 training points, 500 validation points, all from the same noisy moons.
X, y = moons(n=560, noise=0.3, seed=1)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_fraction=500 / 560, seed=0)
n_train = len(X_train)


# --8<-- [start:setup]
def big_network(dropout=0.0):
    """2 inputs -> 128 -> 128 -> 2 classes, optionally with dropout after each hidden layer."""
    layers = [Dense(2, 128, seed=0), ReLU()]
    if dropout:
        layers.append(Dropout(dropout, seed=0))
    layers += [Dense(128, 128, seed=1), ReLU()]
    if dropout:
        layers.append(Dropout(dropout, seed=1))
    layers.append(Dense(128, 2, seed=2))
    return Sequential(layers)


early_stop = EarlyStopping(monitor="val_loss", patience=20)
runs = {
    "no remedy": (big_network(), Adam(lr=0.01), []),
    "dropout": (big_network(dropout=0.5), Adam(lr=0.01), []),
    "weight decay": (big_network(), Adam(lr=0.01, weight_decay=0.01), []),
    "early stopping": (big_network(), Adam(lr=0.01), [early_stop]),
}

histories = {}
for name, (model, optimizer, callbacks) in runs.items():
    model.compile(CrossEntropy(), optimizer)
    histories[name] = model.fit(
        X_train,
        y_train,
        epochs=300,
        batch_size=n_train,
        validation_data=(X_val, y_val),
        callbacks=callbacks,
        seed=0,
    )
# --8<-- [end:setup]

n_params = sum(p.size for p, _ in runs["no remedy"][0].parameters())

# --8<-- [start:results]
results = {}
print(f"{'':15} epochs  train loss  val loss  val accuracy")
for name, (model, _, _) in runs.items():
    train, val = model.evaluate(X_train, y_train), model.evaluate(X_val, y_val)
    epochs = len(histories[name]["loss"])
    results[name] = {
        "epochs": epochs,
        "train_loss": train["loss"],
        "train_accuracy": train["accuracy"],
        "val_loss": val["loss"],
        "val_accuracy": val["accuracy"],
    }
    print(
        f"{name:15} {epochs:6}  {train['loss']:10.3f}  {val['loss']:8.3f}  {val['accuracy']:12.1%}"
    )
# --8<-- [end:results]
best_epoch = early_stop.best_epoch + 1  # counted from 1 on the page
curves = {name: {"loss": h["loss"], "val_loss": h["val_loss"]} for name, h in histories.items()}

# Values the page quotes.
params_per_point = n_params / n_train
base = results["no remedy"]
base_val_curve = histories["no remedy"]["val_loss"]
base_lowest_epoch = int(np.argmin(base_val_curve)) + 1
base_val_growth = base_val_curve[-1] / base_val_curve[0]  # last epoch against the first
dropout_loss_share = results["dropout"]["val_loss"] / base["val_loss"]
stopped_after = results["early stopping"]["epochs"]
patience = early_stop.patience
epochs_saved_share = 1 - stopped_after / 300

# Figure 1: training and validation loss, epoch by epoch, for every run.
fig, axes = plt.subplots(2, 2, figsize=(7.5, 5.4), sharex=True, sharey=True)
for ax, (name, history) in zip(axes.flat, histories.items(), strict=True):
    epochs = range(1, len(history["loss"]) + 1)
    ax.plot(epochs, history["loss"], label="training loss")
    ax.plot(epochs, history["val_loss"], label="validation loss")
    ax.set(title=name, xlim=(0, 300), ylim=(0, 2.5))
for ax in axes[1]:
    ax.set_xlabel("epoch")
for ax in axes[:, 0]:
    ax.set_ylabel("cross-entropy loss")
axes[0, 0].legend(loc="upper left")
axes[1, 1].axvline(best_epoch, color=MUTED, linestyle="--", linewidth=1)
axes[1, 1].annotate(
    f"best epoch ({best_epoch}), restored",
    (best_epoch, 2.2),
    xytext=(6, 0),
    textcoords="offset points",
    color=MUTED,
)

# Figure 2: what each network learned, with the 60 training points on top.
fig, axes = plt.subplots(2, 2, figsize=(7, 6.2))
for ax, (name, (model, _, _)) in zip(axes.flat, runs.items(), strict=True):
    plot_decision_boundary(ax, model, X_train, y_train, resolution=200, point_size=22)
    ax.set_title(f"{name}\nvalidation accuracy {results[name]['val_accuracy']:.1%}")
