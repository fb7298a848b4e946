# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["exercise-only"]
# # Exercise: transfer learning
#
# A network trained on one task can start another. In this notebook you
# pre-train a small network on forty kinds of image, then reuse it for five
# new kinds: you freeze its base and check which weights move, give it a new
# head, use its base as a feature extractor, write a training step with one
# learning rate for the base and another for the head, and measure how far
# fine-tuning moves each layer. Finally, a fair comparison with training from
# scratch.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../transfer-learning-solution/) shows every
# task completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`transfer_learning_checks.py`](../transfer_learning_checks.py)
# into the same folder; [Notebooks](../) says how to install `dlnotes` and run
# it.

# %% [markdown] tags=["solution-only"]
# # Solution: transfer learning
#
# This is the [exercise](../transfer-learning/) with every task completed.
# The code ran while this site was built, so every printed number and figure
# is its real output, and every check passed.

# %%
import itertools

import matplotlib.pyplot as plt
import numpy as np
from dlnotes.activations import ReLU
from dlnotes.callbacks import EarlyStopping
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.images import show_images

import transfer_learning_checks as check

# %% [markdown]
# ## The data: glyphs made of two strokes
#
# Ten straight strokes, and every pair of them drawn together as a
# **glyph** on 8 × 8 pixels: 45 kinds of glyph. Each image is shifted by up
# to a pixel and gets pixel noise. The **source task** has 40 kinds of glyph
# and plenty of images; the **new task** has the 5 other kinds and only a
# few labelled images each. The new glyphs are new pairs of strokes that the
# source glyphs also use, so features learned on the source could help.

# %% alt="Two rows of small grey images of glyphs, each made of two blurred straight strokes: the top row shows eight kinds from the source task, the bottom row the five kinds of the new task."
STROKES = np.random.default_rng(42).uniform(
    -2.5, 2.5, (10, 2, 2)
)  # stroke, end, (x, y)
PAIRS = np.array(list(itertools.combinations(range(10), 2)))
PAIRS = PAIRS[
    np.random.default_rng(5).permutation(len(PAIRS))
]  # 45 kinds of glyph
NEW, SOURCE = PAIRS[:5], PAIRS[5:]


def glyph_images(pairs, n_per_class, seed=0):
    """(N, 64) images of the glyphs `pairs`, and labels 0..len(pairs) - 1."""
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(len(pairs)), n_per_class)
    row, col = np.meshgrid(
        np.arange(8) - 3.5, np.arange(8) - 3.5, indexing="ij"
    )
    pixels = np.stack(
        [col, row], axis=-1
    )  # (8, 8, 2): each pixel's (x, y)
    shift = rng.uniform(-1.0, 1.0, (len(y), 1, 1, 2))
    images = np.zeros((len(y), 8, 8))
    for stroke in STROKES[pairs[y]].transpose(
        1, 0, 2, 3
    ):  # two strokes per image
        a, b = (
            stroke[:, None, None, 0] + shift,
            stroke[:, None, None, 1] + shift,
        )
        t = np.clip(
            ((pixels - a) * (b - a)).sum(-1) / ((b - a) ** 2).sum(-1),
            0.0,
            1.0,
        )
        distance = np.linalg.norm(
            pixels - (a + t[..., None] * (b - a)), axis=-1
        )
        images = np.maximum(images, np.exp(-(distance**2) / 0.5))
    images += 0.15 * rng.standard_normal(images.shape)
    return images.reshape(len(y), 64), y


X_source, y_source = glyph_images(SOURCE, 40, seed=1)
X_source_val, y_source_val = glyph_images(SOURCE, 5, seed=2)

fig, axes = plt.subplots(2, 8, figsize=(6.4, 1.9))
shown = np.concatenate(
    [glyph_images(SOURCE[:8], 1, 3)[0], glyph_images(NEW, 1, 3)[0]]
)
show_images(axes.flat, shown.reshape(-1, 8, 8), vmin=0.0, vmax=1.0)
axes[0, 0].set_ylabel("source")
axes[1, 0].set_ylabel("new")
plt.show()

# %% [markdown]
# ## Pre-training
#
# A dense network: a **base** of two hidden layers, `N_BASE = 4` layers
# counting the ReLUs, and a **head**, the output layer, with one score per
# source glyph.

# %%
N_BASE = 4  # layers 0-3: Dense, ReLU, Dense, ReLU


def network(n_classes, seed=0):
    """64 pixels -> base (32, 32 features) -> head (n_classes scores)."""
    return Sequential(
        [
            Dense(64, 32, seed=seed),
            ReLU(),
            Dense(32, 32, seed=seed + 1),
            ReLU(),
            Dense(32, n_classes, seed=seed + 2),  # the head
        ]
    )


pretrained = network(len(SOURCE))
pretrained.compile(CrossEntropy(), Adam(lr=3e-3))
history = pretrained.fit(
    X_source, y_source, epochs=25, batch_size=32,
    validation_data=(X_source_val, y_source_val), seed=0,
)  # fmt: skip
print(
    f"pre-trained on {len(X_source)} images of {len(SOURCE)} glyphs; "
    f"validation accuracy {history['val_accuracy'][-1]:.2f} (chance: {1 / len(SOURCE):.3f})"
)


def pretrained_copy():
    """A new network holding a copy of the pre-trained weights."""
    model = network(len(SOURCE))
    for layer, trained in zip(
        model.layers, pretrained.layers, strict=True
    ):
        for name, value in trained.params.items():
            layer.params[name][...] = value
    return model


# %% [markdown]
# ## Task 1: freeze the base
#
# In `dlnotes`, a layer with `layer.trainable = False` is frozen:
# `Sequential.parameters()` leaves it out, so the optimizer never changes its
# weights. Freezing the base is the learning rate $\eta_B = 0$ of the
# chapter's formula.
#
# **Task:** complete `freeze_base`: freeze the first `n_base` layers of
# `model` (and only those), and return the model.


# %% tags=["todo"]
def freeze_base(model, n_base):
    """Freeze model.layers[:n_base]; return the model."""
    raise NotImplementedError(
        "TODO: for layer in model.layers[...]: layer.trainable = ..."
    )


# %% tags=["solution"]
def freeze_base(model, n_base):  # replaces the TODO above
    """Freeze model.layers[:n_base]; return the model."""
    for layer in model.layers[:n_base]:
        layer.trainable = False
    return model


# %%
check.freeze_base(freeze_base)

# %% [markdown] tags=["solution-only"]
# Which weights does a short training run change, with the base frozen?

# %% tags=["solution-only"]
model = freeze_base(pretrained_copy(), N_BASE)
before = [
    {k: v.copy() for k, v in layer.params.items()}
    for layer in model.layers
]
model.compile(CrossEntropy(), Adam(lr=3e-3))
model.fit(X_source, y_source, epochs=1, batch_size=32, seed=0)
for i, layer in enumerate(model.layers):
    for name, value in layer.params.items():
        moved = not np.array_equal(value, before[i][name])
        print(
            f"layer {i} {name}: {'changed' if moved else 'unchanged'}"
        )

# %% [markdown]
# ## Task 2: a new head
#
# The new task has 5 classes, not 40, so the output layer must go: the new
# head is a fresh `Dense` layer from the base's features to one score per
# new class, with random weights. The base's layers are kept, weights and
# all. Build a new `Sequential` rather than changing `model.layers` in place:
# the pre-trained model should stay as it was, ready to be reused.
#
# **Task:** complete `replace_head`, returning a new model: the layers of
# `model` but the last, then `Dense(n_in, n_classes, seed=seed)`, where
# `n_in` is the number of inputs of the old head (the first dimension of its
# `params["W"]`).


# %% tags=["todo"]
def replace_head(model, n_classes, seed=0):
    """A new Sequential: model's layers but the last, then a fresh Dense head."""
    raise NotImplementedError(
        "TODO: n_in = model.layers[-1].params['W'].shape[0]; ..."
    )


# %% tags=["solution"]
def replace_head(model, n_classes, seed=0):  # replaces the TODO above
    """A new Sequential: model's layers but the last, then a fresh Dense head."""
    n_in = model.layers[-1].params["W"].shape[0]
    return Sequential(
        [*model.layers[:-1], Dense(n_in, n_classes, seed=seed)]
    )


# %%
check.replace_head(replace_head)

# %% [markdown]
# ## Task 3: the base as a feature extractor
#
# A frozen base turns every image into the same 32 numbers, whatever the
# head is, so its output can be computed once and reused: these are the
# image's **features**. They are the output of the first `n_base` layers,
# in inference mode.
#
# **Task:** complete `extract_features`, returning the output of
# `model.layers[:n_base]` for every row of `X`. (`Sequential` of a list of
# layers makes a model of them; its `predict` runs them.)


# %% tags=["todo"]
def extract_features(model, n_base, X):
    """The output of the first n_base layers of model, for every row of X."""
    raise NotImplementedError(
        "TODO: Sequential(model.layers[...]).predict(X)"
    )


# %% tags=["solution"]
def extract_features(model, n_base, X):  # replaces the TODO above
    """The output of the first n_base layers of model, for every row of X."""
    return Sequential(model.layers[:n_base]).predict(X)


# %%
check.extract_features(extract_features)

# %% [markdown] tags=["solution-only"]
# With 5 labelled images per new glyph, classify test images by the nearest
# class mean: once on the raw 64 pixels, once on the 32 pre-trained features
# and once on the features of the same network with random weights, which
# nobody trained. Which representation works best is computed, not assumed.

# %% tags=["solution-only"]
X_few, y_few = glyph_images(NEW, 5, seed=10)
X_test, y_test = glyph_images(NEW, 100, seed=11)


def nearest_mean_accuracy(train_features, test_features):
    means = np.stack(
        [
            train_features[y_few == c].mean(axis=0)
            for c in range(len(NEW))
        ]
    )
    distances = ((test_features[:, None] - means[None]) ** 2).sum(
        axis=2
    )
    return np.mean(distances.argmin(axis=1) == y_test)


representations = {
    "raw pixels": (X_few, X_test),
    "pre-trained features": tuple(
        extract_features(pretrained, N_BASE, X) for X in (X_few, X_test)
    ),
    "random features": tuple(
        extract_features(network(5), N_BASE, X) for X in (X_few, X_test)
    ),
}
for name, (train_features, test_features) in representations.items():
    print(
        f"nearest class mean on {name:21s} {nearest_mean_accuracy(train_features, test_features):.3f}"
    )

# %% [markdown]
# ## Task 4: two learning rates
#
# Fine-tuning lets the base move too, with its own learning rate, usually
# smaller than the head's:
#
# $$\theta_B \leftarrow \theta_B - \eta_B \, \nabla_{\theta_B} L, \qquad
# \theta_H \leftarrow \theta_H - \eta_H \, \nabla_{\theta_H} L$$
#
# After `model.backward(...)`, each layer holds its weights in
# `layer.params` and their gradients, under the same names, in
# `layer.grads`.
#
# **Task:** complete `two_rate_step`: one step of gradient descent, in place,
# with rate `lr_base` for the weights of `model.layers[:n_base]` and
# `lr_head` for all the others. With `lr_base = 0` it is freezing.


# %% tags=["todo"]
def two_rate_step(model, n_base, lr_base, lr_head):
    """W -= lr * dL/dW for every weight: lr_base in the base, lr_head above it."""
    raise NotImplementedError(
        "TODO: for i, layer in enumerate(model.layers): ..."
    )


# %% tags=["solution"]
def two_rate_step(
    model, n_base, lr_base, lr_head
):  # replaces the TODO above
    """W -= lr * dL/dW for every weight: lr_base in the base, lr_head above it."""
    for i, layer in enumerate(model.layers):
        lr = lr_base if i < n_base else lr_head
        for name, value in layer.params.items():
            value -= lr * layer.grads[name]


# %%
check.two_rate_step(two_rate_step)

# %% [markdown]
# ## Task 5: how far did each layer move?
#
# The chapter measures what fine-tuning did to a layer by the size of the
# change of its weights relative to their pre-trained size:
#
# $$\frac{\lVert W - W^{\text{pre}} \rVert}{\lVert W^{\text{pre}} \rVert}$$
#
# with $\lVert \cdot \rVert$ the square root of the sum of the squared
# entries (`np.linalg.norm` of the array).
#
# **Task:** complete `relative_change`, returning this number for each
# layer that has a weight matrix `W`, in order, as a list.


# %% tags=["todo"]
def relative_change(pre, tuned):
    """[|W - W_pre| / |W_pre| for each layer with a "W"], pre and tuned models."""
    raise NotImplementedError(
        "TODO: np.linalg.norm(W - W_pre) / np.linalg.norm(W_pre)"
    )


# %% tags=["solution"]
def relative_change(pre, tuned):  # replaces the TODO above
    """[|W - W_pre| / |W_pre| for each layer with a "W"], pre and tuned models."""
    changes = []
    for a, b in zip(pre.layers, tuned.layers, strict=True):
        if "W" in a.params:
            W_pre, W = a.params["W"], b.params["W"]
            changes.append(
                float(np.linalg.norm(W - W_pre) / np.linalg.norm(W_pre))
            )
    return changes


# %%
check.relative_change(relative_change)

# %% [markdown] tags=["solution-only"]
# ## A fair comparison
#
# Three ways to learn the new glyphs from 5 labelled images each: from
# scratch, with the pre-trained base frozen, and fine-tuning all of it. Each
# gets the same training images, the same budget (at most 60 epochs of
# Adam), the same 50 validation images to stop early on, and the same 500
# test images, looked at once. Each is repeated over three draws of the
# training images, and the spread between draws is part of the result.

# %% tags=["solution-only"]
X_val, y_val = glyph_images(NEW, 10, seed=12)


def build(strategy, seed):
    """A network for the 5 new glyphs, set up for one strategy."""
    if strategy == "from scratch":
        return network(len(NEW), seed=seed)
    model = replace_head(pretrained_copy(), len(NEW), seed=seed)
    if strategy == "frozen base":
        freeze_base(model, N_BASE)
    return model


STRATEGIES = ("from scratch", "frozen base", "fine-tune all")
accuracy = {s: [] for s in STRATEGIES}
for draw in range(3):
    X_few, y_few = glyph_images(NEW, 5, seed=20 + draw)
    for strategy in STRATEGIES:
        model = build(strategy, seed=30 + draw)
        model.compile(CrossEntropy(), Adam(lr=3e-3))
        stop = EarlyStopping(
            monitor="val_loss", patience=10, restore_best=True
        )
        model.fit(
            X_few, y_few, epochs=60, batch_size=16,
            validation_data=(X_val, y_val), callbacks=[stop], seed=draw,
        )  # fmt: skip
        accuracy[strategy].append(
            model.evaluate(X_test, y_test)["accuracy"]
        )
        if strategy == "fine-tune all" and draw == 0:
            tuned = model

mean = {s: np.mean(a) for s, a in accuracy.items()}
spread = {s: np.std(a) for s, a in accuracy.items()}
for s in STRATEGIES:
    print(
        f"{s:14s} test accuracy {mean[s]:.3f} ± {spread[s]:.3f} over 3 draws"
    )
best, worst = max(mean, key=mean.get), min(mean, key=mean.get)
gap = mean[best] - mean[worst]
clear = gap > spread[best] + spread[worst]
print(
    f"best: {best}, {gap:.3f} ahead of {worst}; "
    f"{'larger' if clear else 'not larger'} than their spreads together"
)

# %% [markdown] tags=["solution-only"]
# How far did fine-tuning move each layer (the first draw), with the
# function of Task 5? The head started from random weights, so it is
# measured from those, not from the pre-trained head.

# %% tags=["solution-only"] alt="Left: test accuracy on the new glyphs for three strategies, from scratch, frozen base and fine-tune all, each a bar for the mean with the three draws as dots. Right: the relative change of the weights of the two base layers and the head after fine-tuning, one bar each."
start = replace_head(
    pretrained_copy(), len(NEW), seed=30
)  # tuned's starting weights
change = relative_change(start, tuned)
fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.0))
for i, s in enumerate(STRATEGIES):
    axes[0].bar(i, mean[s], color=f"C{i}", alpha=0.6)
    axes[0].scatter([i] * 3, accuracy[s], color="black", s=12, zorder=3)
axes[0].set_xticks(range(3), ["scratch", "frozen", "fine-tune"])
axes[0].set(ylabel="test accuracy", ylim=(0, 1))
axes[1].bar(["dense 1", "dense 2", "head"], change, color="C1")
axes[1].set(ylabel="relative change of W", title="fine-tune all")
plt.show()
