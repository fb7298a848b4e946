"""Learning curves: validation accuracy against the number of training examples.

Two networks learn to spot defects in 16 x 16 images of a product surface
(``dlnotes.data.defects``). A dense network sees 256 unrelated pixel values; a
small convolutional network slides eight 3 x 3 detectors over the image. Both
get the same preprocessing, optimizer, learning rate, batch size and number of
updates; each is trained on growing subsets of the same pool and scored on the
same 1,000 held-out images, which play no part in training.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import ReLU
from dlnotes.conv import Conv2D, MaxPool2D
from dlnotes.data import defects
from dlnotes.layers import Dense, Flatten
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.style import MUTED

X, y = defects(n=4200, defective_fraction=0.5, seed=1)  # half defective: balanced classes
X = X - X.mean(axis=(1, 2, 3), keepdims=True)  # remove each image's overall brightness
X_pool, X_val, y_pool, y_val = X[:3200], X[3200:], y[:3200], y[3200:]


# --8<-- [start:curve]
def dense_network():
    """256 pixels -> 32 hidden units -> 2 classes: 8,290 weights."""
    return Sequential([Flatten(), Dense(256, 32, seed=0), ReLU(), Dense(32, 2, seed=1)])


def conv_network():
    """Eight 3 x 3 detectors, keep each one's strongest response, then 2 classes: 98 weights."""
    return Sequential(
        [Conv2D(1, 8, 3, seed=0), ReLU(), MaxPool2D(14), Flatten(), Dense(8, 2, seed=1)]
    )


def validation_accuracy(make_model, n, steps=600, batch_size=64):
    """Train on the first n pool images for about `steps` updates; score on X_val."""
    model = make_model()
    model.compile(CrossEntropy(), Adam(lr=0.01))
    batch_size = min(n, batch_size)
    epochs = max(1, steps * batch_size // n)  # same number of updates for every n
    model.fit(X_pool[:n], y_pool[:n], epochs=epochs, batch_size=batch_size, seed=0)
    return model.evaluate(X_val, y_val)["accuracy"]


sizes = [50, 100, 200, 400, 800, 1600, 3200]
dense_accuracy = [validation_accuracy(dense_network, n) for n in sizes]
conv_sizes = [50, 200, 800, 3200]
conv_accuracy = [validation_accuracy(conv_network, n) for n in conv_sizes]
# --8<-- [end:curve]

for n, accuracy in zip(sizes, dense_accuracy, strict=True):
    print(f"dense network, {n:5} training images: {accuracy:.1%}")
for n, accuracy in zip(conv_sizes, conv_accuracy, strict=True):
    print(f"conv network,  {n:5} training images: {accuracy:.1%}")

dense_params = sum(p.size for p, _ in dense_network().parameters())
conv_params = sum(p.size for p, _ in conv_network().parameters())

fig, ax = plt.subplots(figsize=(6.5, 3.6))
ax.plot(sizes, dense_accuracy, marker="o", label=f"dense network ({dense_params:,} weights)")
ax.plot(
    conv_sizes, conv_accuracy, marker="s", label=f"convolutional network ({conv_params} weights)"
)
ax.axhline(0.5, color=MUTED, linestyle=":", linewidth=1)
ax.annotate("guessing", (sizes[0], 0.5), xytext=(0, -4), textcoords="offset points", va="top")
ax.set(
    xscale="log",
    xlabel="training images (log scale)",
    ylabel="validation accuracy",
    ylim=(0.4, 1.02),
    xticks=sizes,
    xticklabels=[str(n) for n in sizes],
)
ax.legend(loc="lower right")

examples_for_90 = next(n for n, a in zip(sizes, dense_accuracy, strict=True) if a >= 0.9)
gain_from_more_data = float(np.round(dense_accuracy[-1] - dense_accuracy[0], 3))
defective_share = float(y.mean())  # about half: accuracy reads simply, guessing scores 50 %
dense_smallest, dense_largest = dense_accuracy[0], dense_accuracy[-1]
conv_smallest, conv_worst = conv_accuracy[0], min(conv_accuracy)
n_val = len(y_val)
