"""Pre-training: a small CNN learns the digits 0 to 4, and its weights are saved.

The transfer-learning page reuses this network: ``transfer_finetune.py`` loads
the saved weights and adapts them to the digits 5 to 9, which this network
never sees.
"""

import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

from dlnotes.activations import ReLU
from dlnotes.conv import Conv2D, MaxPool2D
from dlnotes.layers import Dense, Flatten
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.images import show_images

ARTIFACTS = Path(os.environ.get("DLNOTES_ARTIFACTS", ".cache/artifacts"))
OUT = ARTIFACTS / "concepts/transfer_pretrain"


# --8<-- [start:network]
def digit_cnn(seed: int) -> Sequential:
    """(N, 1, 8, 8) images -> 5 class scores: a convolutional base and a dense head."""
    return Sequential(
        [
            Conv2D(1, 16, kernel_size=3, padding=1, seed=seed),  # (N, 16, 8, 8)
            ReLU(),
            MaxPool2D(2),  # (N, 16, 4, 4)
            Conv2D(16, 32, kernel_size=3, padding=1, seed=seed + 1),  # (N, 32, 4, 4)
            ReLU(),
            MaxPool2D(2),  # (N, 32, 2, 2)
            Flatten(),  # (N, 128): the features the base hands on
            Dense(128, 64, seed=seed + 2),
            ReLU(),
            Dense(64, 5, seed=seed + 3),  # one score per class
        ]
    )


# --8<-- [end:network]


# --8<-- [start:pretrain]
digits = load_digits()
X = (digits.images / 16.0 - 0.5)[:, None]  # (1797, 1, 8, 8), pixels centred on 0
y = digits.target
source = np.flatnonzero(y < 5)  # the pre-training task: 0, 1, 2, 3, 4
order = np.random.default_rng(0).permutation(source)
val, train = order[:150], order[150:]

base = digit_cnn(seed=0)
base.compile(CrossEntropy(), Adam(lr=3e-3))
history = base.fit(
    X[train], y[train], epochs=15, batch_size=32, validation_data=(X[val], y[val]), seed=0
)
OUT.mkdir(parents=True, exist_ok=True)
base.save(OUT / "digits_0to4.npz")
# --8<-- [end:pretrain]

n_source_train = len(train)
source_val_accuracy = history["val_accuracy"][-1]
print(
    f"pre-trained on {n_source_train} images of 0-4; validation accuracy {source_val_accuracy:.3f}"
)

fig, axes = plt.subplots(2, 10, figsize=(7.0, 1.9))
examples = [np.flatnonzero(y == d)[k] for k in range(2) for d in range(10)]
show_images(axes.flat, X[examples, 0], titles=[str(y[i]) for i in examples])
fig.suptitle("pre-training task: 0-4 (left)   ·   new task: 5-9 (right)")
