"""Mini-batches: more gradient steps per epoch.

Trains the same small network on the moons data with full-batch gradient
descent and with mini-batches of 32 and 8, from the same initial weights and
for the same number of epochs, with plain SGD at the same learning rate.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import ReLU
from dlnotes.data import moons
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import SGD

# --8<-- [start:epochs]
X, labels = moons(n=200, noise=0.15, seed=0)
histories = {}
for batch_size in (200, 32, 8):  # 200 = all the data: full-batch descent
    # Fixed seeds: the same starting weights every time.
    model = Sequential(
        [
            Dense(2, 32, seed=1),
            ReLU(),
            Dense(32, 32, seed=2),
            ReLU(),
            Dense(32, 2, seed=3),
        ]
    )
    model.compile(CrossEntropy(), SGD(lr=0.1))
    history = model.fit(X, labels, epochs=60, batch_size=batch_size, seed=0)
    histories[batch_size] = history["loss"]
# --8<-- [end:epochs]

steps_per_epoch = {b: -(-len(X) // b) for b in histories}  # ceil(200 / b)
first_epoch_loss = {f"batch {b}": h[0] for b, h in histories.items()}
final_loss = {f"batch {b}": h[-1] for b, h in histories.items()}
# After the same number of gradient steps (56), full batch vs batches of 32.
loss_full_at_56_steps, loss_32_at_56_steps = histories[200][55], histories[32][7]
full_first, full_final = first_epoch_loss["batch 200"], final_loss["batch 200"]
final_32, final_8 = final_loss["batch 32"], final_loss["batch 8"]
steps_batch_8 = steps_per_epoch[8] * len(histories[8])  # gradient steps in 60 epochs
for b, h in histories.items():
    print(
        f"batch size {b:3d}: steps per epoch {steps_per_epoch[b]:2d}, "
        f"loss after 60 epochs {h[-1]:.3f}"
    )

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.5), sharey=True)
for b, h in histories.items():
    epochs = np.arange(1, len(h) + 1)
    name = "full batch (200)" if b == len(X) else f"batches of {b}"
    left.plot(epochs, h, label=name)
    right.plot(epochs * steps_per_epoch[b], h, label=name)
left.set(title="Loss per epoch", xlabel="epoch", ylabel="training loss", yscale="log")
right.set(title="The same runs, per gradient step", xlabel="gradient steps", xscale="log")
left.legend(loc="lower left", fontsize=9)
right.legend(loc="lower left", fontsize=9)
