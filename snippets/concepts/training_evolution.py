"""A network learning the spirals, watched epoch by epoch.

Splits the data into a training and a validation set, trains a small network
with ``model.fit`` for 200 epochs, and draws its decision boundary before
training and after epochs 1, 5, 20, 50 and 200 (a callback does the drawing
while ``fit`` runs). A second figure shows the learning curves.
"""

import matplotlib.pyplot as plt

from dlnotes.activations import ReLU
from dlnotes.callbacks import Callback
from dlnotes.data import spirals, train_test_split
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.boundary import plot_decision_boundary

# --8<-- [start:fit]
X, y = spirals(n_per_class=100, classes=3, noise=0.3, seed=0)
split = train_test_split(X, y, test_fraction=0.25, seed=0)
X_train, X_val, y_train, y_val = split

model = Sequential(
    [
        Dense(2, 32, seed=1),
        ReLU(),
        Dense(32, 32, seed=2),
        ReLU(),
        Dense(32, 3, seed=3),
    ]
)
model.compile(CrossEntropy(), Adam(lr=0.003))
# --8<-- [end:fit]

# --8<-- [start:callback]
shown_epochs = [0, 1, 5, 20, 50, 200]
fig, axes = plt.subplots(2, 3, figsize=(8, 5.6))
panels = dict(zip(shown_epochs, axes.flat, strict=True))
accuracy_at = {}  # validation accuracy at each drawn epoch


def draw(epoch, val_accuracy):
    """Draw the current decision boundary in the panel of this epoch."""
    accuracy_at[f"epoch {epoch}"] = val_accuracy
    ax = panels[epoch]
    plot_decision_boundary(ax, model, X_train, y_train, point_size=8)
    title = f"epoch {epoch}: {val_accuracy:.0%} validation accuracy"
    ax.set_title(title, fontsize=9.5, fontweight="normal")


class DrawBoundary(Callback):
    """fit calls on_epoch_end after every epoch (counted from 0)."""

    def on_epoch_end(self, epoch, logs):
        if epoch + 1 in panels:
            draw(epoch + 1, logs["val_accuracy"])


draw(0, model.evaluate(X_val, y_val)["accuracy"])  # before any training
# --8<-- [end:callback]

# --8<-- [start:train]
history = model.fit(
    X_train,
    y_train,
    epochs=200,
    batch_size=64,
    validation_data=(X_val, y_val),
    callbacks=[DrawBoundary()],
    seed=0,
)
# --8<-- [end:train]

n_train, n_val = len(X_train), len(X_val)
untrained_accuracy = accuracy_at["epoch 0"]
print(f"{len(X_train)} training and {len(X_val)} validation points")
for name, acc in accuracy_at.items():
    print(f"{name:9s}  validation accuracy {acc:.1%}")
curves = history.history  # {"loss": [...], "val_loss": [...], ...}, one value per epoch
final_train_accuracy = history["accuracy"][-1]
final_val_accuracy = history["val_accuracy"][-1]
best_val_loss_epoch = history.history["val_loss"].index(min(history["val_loss"])) + 1
print(
    f"after 200 epochs: training accuracy {final_train_accuracy:.1%}, "
    f"validation accuracy {final_val_accuracy:.1%}"
)
print(f"lowest validation loss at epoch {best_val_loss_epoch}")

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.5))
epochs = range(1, 201)
left.plot(epochs, history["loss"], label="training")
left.plot(epochs, history["val_loss"], label="validation")
right.plot(epochs, history["accuracy"], label="training")
right.plot(epochs, history["val_accuracy"], label="validation")
left.set(title="Loss", xlabel="epoch", ylabel="cross-entropy", yscale="log")
right.set(title="Accuracy", xlabel="epoch", ylabel="accuracy", ylim=(0.3, 1.02))
right.legend(loc="lower right")
