"""Finding defects on a production line: a small CNN against a dense network.

Trains a convolutional network and a dense network with about the same number
of parameters on the surface images of ``dlnotes.data.defects``, compares
their accuracy on held-out images, then shows what the CNN learned: its
filters and the feature maps they produce.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes import data
from dlnotes.activations import ReLU
from dlnotes.conv import Conv2D, MaxPool2D
from dlnotes.layers import Dense, Flatten
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.images import show_filters, show_images
from dlnotes.plot.style import PALETTE

# --8<-- [start:data]
# X: (800, 1, 16, 16) images; y: 0 = good, 1 = defect.
X, y = data.defects(n=800, size=16, seed=0)
X = X - 0.5  # centre the pixel values on zero
split = data.train_test_split(X, y, test_fraction=0.25, seed=0)
X_train, X_test, y_train, y_test = split
# --8<-- [end:data]

# --8<-- [start:models]
cnn_layers = [
    Conv2D(1, 8, kernel_size=5, seed=0),  # 8 filters: (N, 8, 12, 12)
    ReLU(),
    MaxPool2D(2),  # strongest response per 2x2 block: (N, 8, 6, 6)
    Flatten(),  # (N, 288)
    Dense(288, 2, seed=0),  # two scores: good, defect
]
dense_layers = [
    Flatten(),  # the 256 pixels as one long vector
    Dense(256, 3, seed=0),
    ReLU(),
    Dense(3, 2, seed=0),
]
wide_layers = [  # the same, with 32 hidden units instead of 3
    Flatten(),
    Dense(256, 32, seed=0),
    ReLU(),
    Dense(32, 2, seed=0),
]
cnn = Sequential(cnn_layers)
dense = Sequential(dense_layers)
wide = Sequential(wide_layers)
print(cnn.summary(input_shape=(1, 16, 16)), end="\n\n")
print(dense.summary(input_shape=(1, 16, 16)), end="\n\n")
# --8<-- [end:models]

# --8<-- [start:train]
models = {"CNN": cnn, "dense": dense, "wide dense": wide}
histories, train_accuracy, test_accuracy = {}, {}, {}
test_set = (X_test, y_test)
for name, model in models.items():
    model.compile(CrossEntropy(), Adam(lr=0.01))
    histories[name] = model.fit(
        X_train, y_train, 15, batch_size=32, seed=0, validation_data=test_set
    )
    train_accuracy[name] = model.evaluate(X_train, y_train)["accuracy"]
    test_accuracy[name] = model.evaluate(X_test, y_test)["accuracy"]
    train, test = train_accuracy[name], test_accuracy[name]
    print(f"{name:>10}: train accuracy {train:.3f}, test accuracy {test:.3f}")
# --8<-- [end:train]

# Facts the page states.
n_params = {name: sum(p.size for p, _ in m.parameters()) for name, m in models.items()}
cnn_curve = histories["CNN"]["val_accuracy"]
dense_curve = histories["dense"]["val_accuracy"]
n_test = len(y_test)
share_defective_test = float(y_test.mean())
cnn_errors = int(np.sum(cnn.loss.labels(cnn.predict(X_test)) != y_test))

# Test accuracy after every epoch.
fig, ax = plt.subplots(figsize=(6.4, 3.2))
epochs = np.arange(1, 16)
for (name, history), colour in zip(histories.items(), PALETTE, strict=False):
    ax.plot(
        epochs,
        history["val_accuracy"],
        marker="o",
        ms=4,
        color=colour,
        label=f"{name} ({n_params[name]:,} parameters)",
    )
ax.axhline(0.5, color=PALETTE[3], lw=1, ls=":", label="coin toss")
ax.set(
    xlabel="epoch",
    ylabel="test accuracy",
    ylim=(0.3, 1.02),
    xlim=(0.5, 15.5),
    title="Accuracy on the 200 held-out images",
)
ax.legend(loc="center right", bbox_to_anchor=(1.0, 0.7), fontsize=9)

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
fig, axes = plt.subplots(2, 9, figsize=(7.6, 2.35))
for row, (name, image) in enumerate([("defect", defective), ("good", good)]):
    show_images(axes[row, :1], [image[0, 0] + 0.5], [name], vmin=0, vmax=1)
    titles = [f"map {k + 1}" for k in range(8)] if row == 0 else None
    show_images(axes[row, 1:], maps[name], titles, cmap="magma", vmin=0, vmax=peak)

# --8<-- [start:selectivity]
# Over all 200 test images: each filter's strongest response (after ReLU) per
# image, averaged over the defective images and over the good ones.
peaks = feature_maps(X_test).max(axis=(2, 3))  # (200, 8)
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
    title="How strongly each filter fires, 200 test images",
    ylim=(0, 0.9),
)
ax.grid(axis="x", visible=False)
ax.legend(loc="upper left", fontsize=9, ncol=2)
ratio = (on_defects / on_good).tolist()
