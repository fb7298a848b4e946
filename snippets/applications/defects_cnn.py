"""Finding defects on a production line: a small CNN against dense networks.

Trains a convolutional network and two dense networks on the surface images of
``dlnotes.data.defects``, where only a few images are defective. All three get
the same preprocessing, the same training budget and the same small search for
the learning rate, judged on a validation split carved from the training data.
The test images are scored once, at the end, with precision, recall and a
confusion matrix as well as accuracy. Then the CNN's filters and feature maps
show what it learned.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes import data
from dlnotes.activations import ReLU
from dlnotes.callbacks import EarlyStopping
from dlnotes.conv import Conv2D, MaxPool2D
from dlnotes.layers import Dense, Flatten
from dlnotes.losses import CrossEntropy
from dlnotes.metrics import accuracy, confusion_matrix, precision_recall_f1
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.images import show_filters, show_images
from dlnotes.plot.style import PALETTE

# --8<-- [start:data]
# X: (2000, 1, 16, 16) images; y: 0 = good, 1 = defect (about 8 % defective).
X, y = data.defects(n=2000, size=16, seed=0)
# The same preprocessing for every model: remove each image's own average
# brightness, which says nothing about defects.
X = X - X.mean(axis=(1, 2, 3), keepdims=True)

# Hold out a quarter as the test set, then carve a validation set out of the
# rest. Only the validation set guides training; the test set is used once.
X_rest, X_test, y_rest, y_test = data.train_test_split(X, y, test_fraction=0.25, seed=0)
split = data.train_test_split(X_rest, y_rest, test_fraction=0.2, seed=1)
X_train, X_val, y_train, y_val = split
# --8<-- [end:data]
n_images, n_train, n_val, n_test = len(y), len(y_train), len(y_val), len(y_test)
defective_share = float(y.mean())
test_defective = int(y_test.sum())


# --8<-- [start:models]
def make_cnn():
    return Sequential(
        [
            Conv2D(1, 8, kernel_size=5, seed=0),  # 8 filters: (N, 8, 12, 12)
            ReLU(),
            MaxPool2D(2),  # strongest response per 2x2 block: (N, 8, 6, 6)
            Flatten(),  # (N, 288)
            Dense(288, 2, seed=0),  # two scores: good, defect
        ]
    )


def make_dense():
    return Sequential(
        [
            Flatten(),  # the 256 pixels as one long vector
            Dense(256, 3, seed=0),
            ReLU(),
            Dense(3, 2, seed=0),
        ]
    )


def make_wide():  # the same, with 32 hidden units instead of 3
    return Sequential([Flatten(), Dense(256, 32, seed=0), ReLU(), Dense(32, 2, seed=0)])


makers = {"CNN": make_cnn, "dense": make_dense, "wide dense": make_wide}
print(make_cnn().summary(input_shape=(1, 16, 16)), end="\n\n")
print(make_dense().summary(input_shape=(1, 16, 16)))
# --8<-- [end:models]
n_params = {name: sum(p.size for p, _ in make().parameters()) for name, make in makers.items()}


# --8<-- [start:train]
def train(make_model, lr):
    """At most 40 epochs; keep the weights of the epoch with the lowest validation loss."""
    model = make_model()
    model.compile(CrossEntropy(), Adam(lr=lr))
    stop = EarlyStopping(monitor="val_loss", patience=10, restore_best=True)
    validation = (X_val, y_val)
    history = model.fit(
        X_train, y_train, 40, batch_size=32, seed=0, validation_data=validation, callbacks=[stop]
    )
    return model, min(history["val_loss"])


# The same budget for every model: two learning rates, the one with the lower
# validation loss wins. The test set plays no part in any of these choices.
models, chosen_lr = {}, {}
for name, make in makers.items():
    runs = {lr: train(make, lr) for lr in (0.003, 0.01)}
    chosen_lr[name] = min(runs, key=lambda lr: runs[lr][1])
    models[name] = runs[chosen_lr[name]][0]
# --8<-- [end:train]

# --8<-- [start:test]
# The test set, touched once: every model's labels for the held-out images.
print(f"{'':>12}  accuracy  precision  recall  defects found  false alarms")
scores, matrices = {}, {}
for name, model in models.items():
    predicted = model.loss.labels(model.predict(X_test))
    precision, recall, _ = precision_recall_f1(y_test, predicted)
    matrix = confusion_matrix(y_test, predicted, labels=[0, 1])  # rows: true, columns: predicted
    scores[name] = {
        "accuracy": accuracy(y_test, predicted),
        "precision": precision,
        "recall": recall,
    }
    matrices[name] = matrix
    found, alarms = matrix[1, 1], matrix[0, 1]
    row = f"{scores[name]['accuracy']:>8.3f}  {precision:>9.3f}  {recall:>6.3f}"
    print(f"{name:>12}  {row}  {found:>6} of {matrix[1].sum():<5} {alarms:>8}")
always_good = accuracy(y_test, np.zeros_like(y_test))  # a "model" that never finds a defect
nothing_found = f"{0.0:>6.3f}  {0:>6} of {test_defective}"
print(f"{'always good':>12}  {always_good:>8.3f}  {'-':>9}  {nothing_found}")
# --8<-- [end:test]

# Facts the page states.
cnn, dense, wide = models["CNN"], models["dense"], models["wide dense"]
test_scores = scores
confusion = {name: m.tolist() for name, m in matrices.items()}
cnn_found = int(matrices["CNN"][1, 1])
cnn_false_alarms = int(matrices["CNN"][0, 1])
cnn_false_alarm_text = f"{cnn_false_alarms} false alarm" + "s" * (cnn_false_alarms != 1)
dense_found = int(matrices["dense"][1, 1])
wide_found = int(matrices["wide dense"][1, 1])
dense_predicted_defects = int(matrices["dense"][:, 1].sum())
wide_predicted_defects = int(matrices["wide dense"][:, 1].sum())
train_accuracy = {name: m.evaluate(X_train, y_train)["accuracy"] for name, m in models.items()}
train_share_good = float(1 - y_train.mean())

# The confusion matrix of each model on the test images.
fig, axes = plt.subplots(1, 3, figsize=(8.4, 2.9))
for ax, (name, matrix) in zip(axes, matrices.items(), strict=True):
    share = matrix / matrix.sum(axis=1, keepdims=True)  # colour: share of each true class
    ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for (i, j), count in np.ndenumerate(matrix):
        colour = "#f5f5f5" if share[i, j] > 0.5 else "#141414"
        ax.text(j, i, f"{count}", ha="center", va="center", color=colour, fontsize=12)
    ax.set(
        xticks=[0, 1],
        xticklabels=["good", "defect"],
        yticks=[0, 1],
        yticklabels=["good", "defect"],
        xlabel="predicted",
        title=f"{name}\nfound {matrix[1, 1]} of {matrix[1].sum()}",
    )
    ax.grid(False)
axes[0].set_ylabel("true")

# --8<-- [start:filters]
# One 5x5 kernel per filter: (8, 1, 5, 5) -> (8, 5, 5).
filters = cnn.layers[0].params["W"][:, 0]
# --8<-- [end:filters]
fig, axes = plt.subplots(1, 8, figsize=(7.2, 1.5))
shown = show_filters(axes, filters, [f"filter {k + 1}" for k in range(8)])
fig.colorbar(shown[0], ax=axes, shrink=0.8, label="weight")

# --8<-- [start:maps]
conv, relu = cnn.layers[0], cnn.layers[1]


def feature_maps(images):
    """The 8 feature maps of each image: ReLU(convolution), (N, 8, 12, 12)."""
    return relu.forward(conv.forward(images))


# The first test image of each kind, as a batch of one.
defective = X_test[np.flatnonzero(y_test == 1)[:1]]
good = X_test[np.flatnonzero(y_test == 0)[:1]]
maps = {
    "defect": feature_maps(defective)[0],  # (8, 12, 12)
    "good": feature_maps(good)[0],
}
# --8<-- [end:maps]
peak = max(float(m.max()) for m in maps.values())
low, high = float(X_test.min()), float(X_test.max())
fig, axes = plt.subplots(2, 9, figsize=(7.6, 2.35))
for row, (name, image) in enumerate([("defect", defective), ("good", good)]):
    show_images(axes[row, :1], [image[0, 0]], [name], vmin=low, vmax=high)
    titles = [f"map {k + 1}" for k in range(8)] if row == 0 else None
    show_images(axes[row, 1:], maps[name], titles, cmap="magma", vmin=0, vmax=peak)

# --8<-- [start:selectivity]
# Over all test images: each filter's strongest response (after ReLU) per
# image, averaged over the defective images and over the good ones.
peaks = feature_maps(X_test).max(axis=(2, 3))  # (N_test, 8)
on_defects = peaks[y_test == 1].mean(axis=0)  # (8,)
on_good = peaks[y_test == 0].mean(axis=0)
# --8<-- [end:selectivity]
fig, ax = plt.subplots(figsize=(6.4, 3.0))
k = np.arange(1, 9)
ax.bar(k - 0.2, on_defects, width=0.4, color=PALETTE[1], label="defective images")
ax.bar(k + 0.2, on_good, width=0.4, color=PALETTE[0], label="good images")
ax.set(
    xticks=k,
    xlabel="filter",
    ylabel="mean strongest response",
    title=f"How strongly each filter fires, {n_test} test images",
)
ax.set_ylim(0, 1.25 * float(max(on_defects.max(), on_good.max())))
ax.grid(axis="x", visible=False)
ax.legend(loc="upper left", fontsize=9, ncol=2)
ratio = (on_defects / np.maximum(on_good, 1e-12)).tolist()


def numbered(indices):
    """Filter numbers as the page writes them: "1, 2 and 4"."""
    names = [str(i + 1) for i in indices]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# Detectors fire at least twice as strongly on defective images; surface
# filters fire within 25 % as strongly on both kinds.
detector_filters = [i for i, r in enumerate(ratio) if r >= 2.0]
surface_filters = [i for i, r in enumerate(ratio) if r < 1.25]
n_detectors, n_surface = len(detector_filters), len(surface_filters)
detector_names, surface_names = numbered(detector_filters), numbered(surface_filters)
weakest_detector_ratio = min(ratio[i] for i in detector_filters)
