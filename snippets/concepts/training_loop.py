"""The training loop written out, and the same training with ``model.fit``.

Two copies of one network (same initial weights) learn the moons data for 20
epochs: one with a hand-written loop of forward pass, loss, backward pass and
step, the other with ``model.fit``. Both visit the mini-batches in the same
order, so they should end with exactly the same weights.
"""

import numpy as np

from dlnotes.activations import ReLU
from dlnotes.data import moons
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import SGD

X, y = moons(n=200, noise=0.15, seed=0)


def network():
    return Sequential([Dense(2, 16, seed=1), ReLU(), Dense(16, 2, seed=2)])


# --8<-- [start:loop]
model = network()
loss_fn, optimizer = CrossEntropy(), SGD(lr=0.1, momentum=0.9)
rng = np.random.default_rng(0)
for _ in range(20):  # 20 epochs
    order = rng.permutation(len(X))  # a new random order every epoch
    for start in range(0, len(X), 32):  # one mini-batch of 32 at a time
        batch = order[start : start + 32]
        output = model.forward(X[batch], train=True)  # 1. forward pass
        loss, grad = loss_fn(output, y[batch])  # 2. loss and dL/d(output)
        model.backward(grad)  # 3. backward pass: fills every layer's grads
        optimizer.step(model.parameters())  # 4. step: update the weights
# --8<-- [end:loop]

# --8<-- [start:fit]
same = network()
same.compile(CrossEntropy(), SGD(lr=0.1, momentum=0.9))
history = same.fit(X, y, epochs=20, batch_size=32, seed=0)
# --8<-- [end:fit]

max_weight_difference = max(
    float(np.abs(p - q).max())
    for (p, _), (q, _) in zip(model.parameters(), same.parameters(), strict=True)
)
loop_accuracy = float(np.mean(loss_fn.labels(model.forward(X)) == y))
fit_accuracy = same.evaluate(X, y)["accuracy"]
print(f"hand-written loop: training accuracy {loop_accuracy:.1%}")
print(f"model.fit:         training accuracy {fit_accuracy:.1%}")
print(f"largest difference between their weights: {max_weight_difference}")
