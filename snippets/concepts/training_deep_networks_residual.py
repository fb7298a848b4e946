"""Twenty layers with and without skip connections, trained on the digits.

Both networks have a first ``Dense(64, 64)`` + ReLU, 18 hidden blocks of
64 units and a final ``Dense(64, 10)``. In the plain network a block is
``Dense`` + ReLU. In the residual network it is ``x + Dense(ReLU(x))``, and
each block's weights start at He's scale times ``1 / sqrt(18)``, so that the
sum of 18 branches keeps the scale of the input (with the full scale, the
variance would double at every block). Each network gets the learning rate,
out of two, that gives it the lowest validation loss; the same SGD with
momentum, batches and epochs for both. After every epoch the length of the
gradient of the first layer's weights is measured on the same 256 training
images.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from dlnotes.activations import ReLU
from dlnotes.callbacks import Callback
from dlnotes.layers import Dense, Residual
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import SGD

digits = load_digits()
X = digits.data / 16.0
X = X - X.mean(axis=0)
X_train, X_val, y_train, y_val = train_test_split(
    X, digits.target, test_size=0.2, stratify=digits.target, random_state=0
)
WIDTH, BLOCKS, EPOCHS = 64, 18, 15


# --8<-- [start:networks]
def plain() -> Sequential:
    layers = [Dense(64, WIDTH, seed=0), ReLU()]
    for i in range(BLOCKS):
        layers += [Dense(WIDTH, WIDTH, seed=1 + i), ReLU()]  # h = ReLU(h W + b)
    return Sequential([*layers, Dense(WIDTH, 10, seed=99)])


def residual() -> Sequential:
    layers = [Dense(64, WIDTH, seed=0), ReLU()]
    for i in range(BLOCKS):
        branch = Dense(WIDTH, WIDTH, seed=1 + i)
        branch.params["W"] *= 1 / np.sqrt(BLOCKS)  # small branches: the sum keeps its scale
        layers.append(Residual(ReLU(), branch))  # h = h + ReLU(h) W + b
    return Sequential([*layers, Dense(WIDTH, 10, seed=99)])


# --8<-- [end:networks]


class FirstLayerGradient(Callback):
    """After every epoch: |dL/dW| of the first layer on a fixed batch of 256 images."""

    def on_train_begin(self, model) -> None:
        self.model, self.norms = model, []

    def on_epoch_end(self, epoch: int, logs: dict[str, float]) -> None:
        _, grad = self.model.loss(self.model.forward(X_train[:256], train=True), y_train[:256])
        self.model.backward(grad)
        self.norms.append(float(np.linalg.norm(self.model.layers[0].grads["W"])))


# --8<-- [start:train]
LEARNING_RATES = [0.003, 0.01]
runs = {}
for name, build in (("plain", plain), ("residual", residual)):
    for lr in LEARNING_RATES:
        model = build()
        model.compile(CrossEntropy(), SGD(lr=lr, momentum=0.9))
        probe = FirstLayerGradient()
        history = model.fit(
            X_train, y_train, EPOCHS, 32, validation_data=(X_val, y_val), callbacks=[probe], seed=0
        )
        runs[name, lr] = (history, probe.norms)
best = {  # each network at its own best learning rate (lowest final validation loss)
    name: min(LEARNING_RATES, key=lambda lr: runs[name, lr][0]["val_loss"][-1])
    for name in ("plain", "residual")
}
for name, lr in best.items():
    history, norms = runs[name, lr]
    print(
        f"{name:8s} best lr {lr}: training loss {history['loss'][-1]:.3f}, "
        f"validation accuracy {history['val_accuracy'][-1]:.3f}, "
        f"|dL/dW| of layer 1 after epoch 1: {norms[0]:.3f}"
    )
# --8<-- [end:train]

final = {
    (name, lr): {
        "loss": h["loss"][-1],
        "val_loss": h["val_loss"][-1],
        "val_acc": h["val_accuracy"][-1],
    }
    for (name, lr), (h, _) in runs.items()
}
plain_lr, residual_lr = best["plain"], best["residual"]
plain_loss, residual_loss = final["plain", plain_lr]["loss"], final["residual", residual_lr]["loss"]
plain_val_accuracy = final["plain", plain_lr]["val_acc"]
residual_val_accuracy = final["residual", residual_lr]["val_acc"]
residual_better_at_every_lr = all(
    final["residual", lr]["loss"] < final["plain", lr]["loss"] for lr in LEARNING_RATES
)
plain_grad_1 = runs["plain", plain_lr][1][0]
residual_grad_1 = runs["residual", residual_lr][1][0]
TARGET = 0.1
epochs_to_target = {
    name: next((e + 1 for e, v in enumerate(runs[name, lr][0]["loss"]) if v < TARGET), None)
    for name, lr in best.items()
}
residual_epochs_to_target = epochs_to_target["residual"]
plain_epochs_to_target = epochs_to_target["plain"]
plain_reaches_target = epochs_to_target["plain"] is not None

fig, axes = plt.subplots(1, 2, figsize=(8.6, 3.3))
epochs = np.arange(1, EPOCHS + 1)
for name, lr in best.items():
    history, norms = runs[name, lr]
    axes[0].semilogy(epochs, history["loss"], marker="o", markersize=3, label=f"{name} (lr {lr})")
    axes[1].semilogy(epochs, norms, marker="o", markersize=3, label=f"{name} (lr {lr})")
axes[0].set(xlabel="epoch", ylabel="training loss", title="Training loss, 20 layers")
axes[1].set(xlabel="epoch", ylabel="|dL/dW| of layer 1", title="Gradient at the first layer")
axes[0].legend(fontsize=9)
