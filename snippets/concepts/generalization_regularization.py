"""Four regularizers compared fairly on one small task: 8 x 8 digits.

A network with one hidden layer of 256 ReLU units is trained on only 200
digits from scikit-learn's ``load_digits``. Every method gets the same
budget (60 epochs of 10 steps) and the same data: its strength is chosen on
a validation split carved from the training data, and the test set is used
once per chosen setting. Methods: none, weight decay, dropout, early stopping
and data augmentation (each image shifted by up to one pixel, afresh every
epoch). Each setting runs from 3 seeds. The chosen settings are scored on the
test digits as they are, and on the same test digits shifted by up to a pixel.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

from dlnotes.activations import ReLU
from dlnotes.callbacks import EarlyStopping
from dlnotes.layers import Dense, Dropout
from dlnotes.losses import CrossEntropy
from dlnotes.metrics import accuracy
from dlnotes.model import Sequential
from dlnotes.optim import AdamW
from dlnotes.plot.style import PALETTE

digits = load_digits()
images, labels = digits.images / 16.0, digits.target  # (1797, 8, 8) in [0, 1]
order = np.random.default_rng(0).permutation(len(labels))
train, val, test = order[:200], order[200:500], order[500:]
n_train, n_val, n_test = len(train), len(val), len(test)
EPOCHS, BATCH = 60, 20
SEEDS = (0, 1, 2)
steps_per_epoch = -(-n_train // BATCH)


# --8<-- [start:shift]
def shifted(batch, rng):
    """Each 8 x 8 image moved by -1, 0 or +1 pixel in each direction, zeros shifted in."""
    padded = np.pad(batch, ((0, 0), (1, 1), (1, 1)))  # (N, 10, 10)
    dy, dx = rng.integers(0, 3, size=(2, len(batch)))
    rows = dy[:, None] + np.arange(8)  # (N, 8) row indices into the padded image
    cols = dx[:, None] + np.arange(8)
    return padded[np.arange(len(batch))[:, None, None], rows[:, :, None], cols[:, None, :]]


# --8<-- [end:shift]


# --8<-- [start:train]
def train_model(method, strength, seed):
    """Train with one regularizer; return the model and its validation accuracy."""
    layers = [Dense(64, 256, seed=seed), ReLU()]
    if method == "dropout":
        layers.append(Dropout(strength, seed=seed + 100))
    layers.append(Dense(256, 10, seed=seed + 200))
    model = Sequential(layers)
    decay = strength if method == "weight decay" else 0.0
    model.compile(CrossEntropy(), AdamW(lr=0.003, weight_decay=decay))
    X_val, y_val = images[val].reshape(-1, 64), labels[val]
    rng = np.random.default_rng(seed)
    if method == "augmentation":  # same number of steps, fresh shifts every epoch
        for _ in range(EPOCHS):
            X = shifted(images[train], rng).reshape(-1, 64)
            model.fit(X, labels[train], epochs=1, batch_size=BATCH, seed=rng)
    else:
        stop = [EarlyStopping("val_loss", patience=strength)] if method == "early stopping" else []
        X = images[train].reshape(-1, 64)
        model.fit(X, labels[train], EPOCHS, BATCH, (X_val, y_val), callbacks=stop, seed=rng)
    return model, accuracy(y_val, model.predict(X_val))


# --8<-- [end:train]

# --8<-- [start:compare]
grid = {
    "none": [None],
    "weight decay": [0.1, 1.0],
    "dropout": [0.3, 0.6],
    "early stopping": [3, 10],  # patience, in epochs
    "augmentation": [None],
}
X_test, y_test = images[test].reshape(-1, 64), labels[test]
X_test_shifted = shifted(images[test], np.random.default_rng(99)).reshape(-1, 64)
chosen, val_accuracy, test_accuracy, shifted_accuracy = {}, {}, {}, {}
for method, strengths in grid.items():
    runs = {s: [train_model(method, s, seed) for seed in SEEDS] for s in strengths}
    mean_val = {s: np.mean([acc for _, acc in r]) for s, r in runs.items()}
    best = max(mean_val, key=mean_val.get)  # chosen on validation accuracy only
    chosen[method], val_accuracy[method] = best, float(mean_val[best])
    test_accuracy[method] = [accuracy(y_test, m.predict(X_test)) for m, _ in runs[best]]
    shifted_accuracy[method] = [accuracy(y_test, m.predict(X_test_shifted)) for m, _ in runs[best]]
# --8<-- [end:compare]

test_mean = {m: float(np.mean(a)) for m, a in test_accuracy.items()}
test_spread = {m: float(max(a) - min(a)) for m, a in test_accuracy.items()}
shifted_mean = {m: float(np.mean(a)) for m, a in shifted_accuracy.items()}
best_method = max(test_mean, key=test_mean.get)
gain = {m: test_mean[m] - test_mean["none"] for m in test_mean}
print(f"{n_train} training, {n_val} validation, {n_test} test digits; {EPOCHS} epochs")
for m in grid:
    print(
        f"{m:15s} setting {chosen[m]!s:5s}  validation {val_accuracy[m]:.1%}  "
        f"test {test_mean[m]:.1%} (seeds {', '.join(f'{a:.1%}' for a in test_accuracy[m])}), "
        f"shifted test {shifted_mean[m]:.1%}"
    )

fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6), width_ratios=(1, 2.4))
rng = np.random.default_rng(5)
example = images[train[:1]]
left.imshow(np.concatenate([example[0], np.zeros((8, 1)), shifted(example, rng)[0]], axis=1))
left.set(title="a digit and a shifted copy", xticks=[], yticks=[])
names = list(grid)
for k, m in enumerate(names):
    for offset, accs, colour, label in (
        (-0.15, test_accuracy[m], PALETTE[0], "test digits as they are"),
        (0.15, shifted_accuracy[m], PALETTE[1], "test digits shifted"),
    ):
        right.scatter([k + offset] * len(SEEDS), accs, s=16, color=colour, zorder=3)
        right.hlines(np.mean(accs), k + offset - 0.12, k + offset + 0.12, color=colour)
        right.plot([], [], color=colour, marker="o", label=label if k == 0 else None)
right.set_xticks(range(len(names)), [n.replace(" ", "\n") for n in names])
right.set(ylabel="test accuracy", title="3 seeds each (line: their mean)")
right.legend(fontsize=8, loc="lower left")
