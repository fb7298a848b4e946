"""Handwritten digits from start to finish: a baseline, an MLP and a small CNN.

Splits ``load_digits`` into training, validation and test images; fits a
logistic regression baseline and trains a dense network (MLP) and a small
convolutional network (CNN) with ``dlnotes``, stopping early on the
validation images. The test images are scored once, after every choice was
made. Then the errors are examined (confusion matrix, per-class precision and
recall, the most confident mistakes), the CNN's first layer is opened up, and
both networks are tested on shifted and noisy images.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from dlnotes.activations import ReLU, softmax
from dlnotes.callbacks import EarlyStopping
from dlnotes.conv import Conv2D, MaxPool2D
from dlnotes.layers import Dense, Flatten
from dlnotes.losses import CrossEntropy
from dlnotes.metrics import accuracy, confusion_matrix, precision_recall_f1
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.images import ON_DARK, ON_LIGHT, show_filters, show_images
from dlnotes.plot.style import PALETTE

# --8<-- [start:split]
digits = load_digits()
X = digits.images[:, None] / 16  # (1797, 1, 8, 8): one grey channel, pixels in [0, 1]
y = digits.target  # (1797,): the digit, 0 to 9
index = np.arange(len(y))
# 20 % test, then 25 % of the rest for validation: 60 / 20 / 20, classes balanced.
rest, test = train_test_split(index, test_size=0.2, stratify=y, random_state=0)
train, val = train_test_split(rest, test_size=0.25, stratify=y[rest], random_state=0)
print(f"train {len(train)}, validation {len(val)}, test {len(test)} images")
# --8<-- [end:split]

# --8<-- [start:baseline]
flat = X.reshape(len(X), 64)  # the 64 pixels as one row of a table


def logistic(C):
    return LogisticRegression(C=C, max_iter=5000).fit(flat[train], y[train])


# The penalty is chosen on the validation images, never on the test images.
val_scores = {C: logistic(C).score(flat[val], y[val]) for C in [0.1, 1.0, 10.0]}
best_C = max(val_scores, key=val_scores.get)
baseline = logistic(best_C)
# --8<-- [end:baseline]

# --8<-- [start:models]
mlp = Sequential(
    [
        Flatten(),  # (N, 64)
        Dense(64, 256, seed=0),
        ReLU(),
        Dense(256, 10, seed=1),  # one score per digit
    ]
)
cnn = Sequential(
    [
        Conv2D(1, 32, kernel_size=3, padding=1, seed=0),  # 32 filters: (N, 32, 8, 8)
        ReLU(),
        MaxPool2D(2),  # (N, 32, 4, 4)
        Flatten(),  # (N, 512)
        Dense(512, 10, seed=1),
    ]
)
print(mlp.summary(input_shape=(1, 8, 8)), end="\n\n")
print(cnn.summary(input_shape=(1, 8, 8)))
# --8<-- [end:models]

# --8<-- [start:train]
networks = {"MLP": mlp, "CNN": cnn}
epochs_run = {}
for name, model in networks.items():
    model.compile(CrossEntropy(), Adam(lr=1e-3))
    stop = EarlyStopping(monitor="val_loss", patience=10)  # restores the best epoch
    history = model.fit(
        X[train], y[train], 200, 32, validation_data=(X[val], y[val]), callbacks=[stop], seed=0
    )
    epochs_run[name] = len(history.epoch)
# --8<-- [end:train]

# --8<-- [start:test]
# The test images, used once, for the three finished models.
probabilities = {name: softmax(model.predict(X[test])) for name, model in networks.items()}
predicted = {"logistic regression": baseline.predict(flat[test])}
predicted |= {name: p.argmax(axis=1) for name, p in probabilities.items()}
test_accuracy = {name: accuracy(y[test], p) for name, p in predicted.items()}
for name, score in test_accuracy.items():
    print(f"{name:>20}: test accuracy {score:.3f}")
# --8<-- [end:test]

n_train, n_val, n_test = len(train), len(val), len(test)
n_params = {name: sum(p.size for p, _ in m.parameters()) for name, m in networks.items()}
n_params["logistic regression"] = baseline.coef_.size + baseline.intercept_.size
errors = {name: int(np.sum(p != y[test])) for name, p in predicted.items()}

# --8<-- [start:errors]
matrix = confusion_matrix(y[test], predicted["CNN"], labels=np.arange(10))
precision, recall, f1 = precision_recall_f1(y[test], predicted["CNN"], average=None)
print("digit  precision  recall    F1   test images")
for d in range(10):
    print(f"{d:>5}  {precision[d]:>9.3f}  {recall[d]:>6.3f}  {f1[d]:.3f}  {matrix[d].sum():>5}")
# --8<-- [end:errors]

worst_digit = int(np.argmin(f1))
worst_f1 = float(f1[worst_digit])
off_diagonal = matrix - np.diag(np.diag(matrix))
confused_true, confused_as = np.unravel_index(off_diagonal.argmax(), matrix.shape)
confused_true, confused_as = int(confused_true), int(confused_as)
confused_count = int(off_diagonal.max())
macro_f1 = {
    name: precision_recall_f1(y[test], p, average="macro")[2] for name, p in predicted.items()
}

# The confusion matrix of the CNN: rows true digits, columns predicted digits.
fig, ax = plt.subplots(figsize=(4.6, 4.2))
share = matrix / matrix.sum(axis=1, keepdims=True)
ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
for (i, j), count in np.ndenumerate(matrix):
    if count:
        colour = ON_DARK if share[i, j] > 0.5 else ON_LIGHT
        ax.text(j, i, str(count), ha="center", va="center", color=colour, fontsize=9)
ax.set(
    xticks=range(10),
    yticks=range(10),
    xlabel="predicted digit",
    ylabel="true digit",
    title=f"CNN on the {n_test} test images",
)
ax.grid(False)

# --8<-- [start:wrong]
# Every mistake of either network, with the probability it gave its wrong answer.
mistakes = []
for name, p in probabilities.items():
    for i in np.flatnonzero(p.argmax(axis=1) != y[test]):
        mistakes.append((float(p[i].max()), name, int(i)))
most_confident = sorted(mistakes, reverse=True)[:16]
# --8<-- [end:wrong]
n_mistakes = len(mistakes)
n_shown = len(most_confident)
top_confidence = most_confident[0][0]
wrong_answers = [int(probabilities[name][i].argmax()) for _, name, i in most_confident]
commonest_wrong_answer = max(set(wrong_answers), key=wrong_answers.count)
fig, axes = plt.subplots(2, 8, figsize=(7.6, 2.6))
images = [X[test][i, 0] for _, _, i in most_confident]
titles = [
    f"{name}: {probabilities[name][i].argmax()}\n{conf:.0%}, is {y[test][i]}"
    for conf, name, i in most_confident
]
show_images(axes.flat, images, titles, vmin=0, vmax=1, cmap="gray_r")
for ax in axes.flat:
    ax.title.set_fontsize(8)

# --8<-- [start:filters]
conv, relu = cnn.layers[0], cnn.layers[1]
filters = conv.params["W"][:, 0]  # (32, 3, 3): one 3×3 kernel per filter
example = X[test][:1]  # the first test image, as a batch of one
feature_maps = relu.forward(conv.forward(example))[0]  # (32, 8, 8)
# --8<-- [end:filters]
example_digit = int(y[test][0])
fig, axes = plt.subplots(4, 8, figsize=(6.4, 3.6))
shown = show_filters(axes.flat, filters, [f"{k + 1}" for k in range(32)])
for ax in axes.flat:
    ax.title.set_fontsize(8)
fig.colorbar(shown[0], ax=axes, shrink=0.8, label="weight")
fig.suptitle("The 32 learned 3×3 filters of the first layer", fontsize=11)

fig, axes = plt.subplots(4, 9, figsize=(7.2, 3.6))
show_images(axes[:, 0], [example[0, 0]], ["input"], vmin=0, vmax=1, cmap="gray_r")
show_images(
    np.concatenate([axes[:, 1:].flat]),
    feature_maps,
    [f"{k + 1}" for k in range(32)],
    cmap="magma",
    vmin=0,
    vmax=float(feature_maps.max()),
)
for ax in axes.flat:
    ax.title.set_fontsize(8)
fig.suptitle(f"Feature maps of a test image of a {example_digit}, after ReLU", fontsize=11)


# --8<-- [start:robust]
def shift(images, rows, cols):
    """Move every image by (rows, cols) pixels; the pixels that come in are 0."""
    out = np.zeros_like(images)
    h, w = images.shape[-2:]
    out[..., max(rows, 0) : h + min(rows, 0), max(cols, 0) : w + min(cols, 0)] = images[
        ..., max(-rows, 0) : h + min(-rows, 0), max(-cols, 0) : w + min(-cols, 0)
    ]
    return out


def accuracies(images):
    """Test accuracy of the three models on modified test images."""
    scores = {"logistic regression": baseline.score(images.reshape(len(images), 64), y[test])}
    for name, model in networks.items():
        scores[name] = accuracy(y[test], model.predict(images).argmax(axis=1))
    return scores


# One pixel up, down, left and right: the mean accuracy over the four.
moves = [(-1, 0), (1, 0), (0, -1), (0, 1)]
by_move = [accuracies(shift(X[test], r, c)) for r, c in moves]
shifted_accuracy = {name: float(np.mean([s[name] for s in by_move])) for name in predicted}

# Gaussian noise of growing strength (pixels run from 0 to 1).
noise_levels = [0.1, 0.2, 0.3]
rng = np.random.default_rng(0)
noise = rng.standard_normal(X[test].shape)
noisy_accuracy = {name: [] for name in predicted}
for level in noise_levels:
    for name, score in accuracies(X[test] + level * noise).items():
        noisy_accuracy[name].append(score)
# --8<-- [end:robust]

for name in predicted:
    noisy = ", ".join(f"{a:.3f}" for a in noisy_accuracy[name])
    print(f"{name:>20}: shifted {shifted_accuracy[name]:.3f}, noisy {noisy}")

cnn_shift_gain_points = 100 * (shifted_accuracy["CNN"] - shifted_accuracy["MLP"])
cnn_beats_mlp_on_shifts = bool(cnn_shift_gain_points > 0)
cnn_beats_mlp_on_noise = bool(noisy_accuracy["CNN"][-1] > noisy_accuracy["MLP"][-1])
shift_drop = {name: test_accuracy[name] - shifted_accuracy[name] for name in predicted}

fig, (left, right) = plt.subplots(1, 2, figsize=(7.6, 3.2))
names = list(predicted)
colours = [PALETTE[0], PALETTE[3], PALETTE[4]]
for k, (name, colour) in enumerate(zip(names, colours, strict=True)):
    left.bar(k - 0.2, test_accuracy[name], 0.4, color=colour, alpha=0.45)
    left.bar(k + 0.2, shifted_accuracy[name], 0.4, color=colour)
    levels = [0, *noise_levels]
    right.plot(levels, [test_accuracy[name], *noisy_accuracy[name]], "o-", color=colour, label=name)
left.set(
    xticks=range(3),
    xticklabels=["logistic", "MLP", "CNN"],
    ylim=(0, 1),
    ylabel="test accuracy",
    title="As scanned (pale) and shifted 1 pixel",
)
left.grid(axis="x", visible=False)
right.set(
    xlabel="noise standard deviation",
    ylabel="test accuracy",
    ylim=(0, 1),
    xticks=[0, *noise_levels],
    title="With added noise",
)
right.legend(loc="lower left", fontsize=9)
