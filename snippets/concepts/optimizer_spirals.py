"""Three optimizers train the same network on the spirals.

The network, its initial weights (fixed seeds), the data, the batch size and
the order of the mini-batches are identical in all three runs; only the
optimizer changes.
"""

import matplotlib.pyplot as plt

from dlnotes.activations import ReLU
from dlnotes.data import spirals
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import SGD, Adam

X, y = spirals(n_per_class=100, classes=3, noise=0.2, seed=0)


# --8<-- [start:train]
def network():
    """The same architecture and the same initial weights on every call."""
    return Sequential(
        [
            Dense(2, 32, seed=1),
            ReLU(),
            Dense(32, 32, seed=2),
            ReLU(),
            Dense(32, 3, seed=3),
        ]
    )


optimizers = {
    "SGD (lr 0.05)": SGD(lr=0.05),
    "momentum (lr 0.05, μ 0.9)": SGD(lr=0.05, momentum=0.9),
    "Adam (lr 0.01)": Adam(lr=0.01),
}
histories, final = {}, {}
for name, optimizer in optimizers.items():
    model = network()
    model.compile(CrossEntropy(), optimizer)
    history = model.fit(X, y, epochs=50, batch_size=32, seed=0)
    histories[name] = history.history
    final[name] = model.evaluate(X, y)  # {"loss": ..., "accuracy": ...}
    print(
        f"{name:26s} after 50 epochs: loss {final[name]['loss']:.3f}, "
        f"accuracy {final[name]['accuracy']:.1%}"
    )
# --8<-- [end:train]

loss_at_epoch_10 = {name: h["loss"][9] for name, h in histories.items()}
(sgd_final, momentum_final, adam_final) = (final[name] for name in optimizers)
sgd_loss, momentum_loss, adam_loss = (r["loss"] for r in (sgd_final, momentum_final, adam_final))
sgd_accuracy = sgd_final["accuracy"]
momentum_accuracy, adam_accuracy = momentum_final["accuracy"], adam_final["accuracy"]

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.5))
for name, h in histories.items():
    epochs = range(1, len(h["loss"]) + 1)
    left.plot(epochs, h["loss"], label=name)
    right.plot(epochs, h["accuracy"], label=name)
left.set(title="Training loss", xlabel="epoch", ylabel="cross-entropy", yscale="log")
right.set(title="Training accuracy", xlabel="epoch", ylabel="accuracy", ylim=(0.3, 1.02))
right.legend(loc="lower right", fontsize=9)
