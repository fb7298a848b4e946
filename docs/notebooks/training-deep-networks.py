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
# # Exercise: training deep networks
#
# A deep network trains only if the scale of its signal and of its gradient
# stays under control from the first layer to the last. In this notebook you
# measure that scale through 20 layers, write layer normalisation and batch
# normalisation by hand (in training and in evaluation), trace a gradient
# back through plain and residual blocks, and write the warmup-plus-cosine
# learning-rate schedule.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../training-deep-networks-solution/) shows
# every task completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`training_deep_networks_checks.py`](../training_deep_networks_checks.py)
# into the same folder; [Notebooks](../) says how to install `dlnotes` and run
# it.

# %% [markdown] tags=["solution-only"]
# # Solution: training deep networks
#
# This is the [exercise](../training-deep-networks/) with every task
# completed. The code ran while this site was built, so every printed number
# and figure is its real output, and every check passed.

# %%
import matplotlib.pyplot as plt
import numpy as np
from dlnotes.optim import SGD
from dlnotes.schedules import warmup_cosine

import training_deep_networks_checks as check

# %% [markdown]
# ## Task 1: the scale of the signal through 20 layers
#
# Each layer computes $h_l = \mathrm{ReLU}(h_{l-1} W_l)$ (the biases start at
# zero, so leave them out). Draw every weight with standard deviation
# `scale` times He's, $\sqrt{2/n}$, where $n$ is the number of inputs of
# the layer: `scale = 1` is He initialisation, smaller or larger values are
# the mistakes the chapter measures.
#
# **Task:** complete `layer_stds`. Start from `n_examples` random inputs
# `rng.standard_normal((n_examples, width))`, send them through `depth`
# layers of `width` units, and return the standard deviation of each
# layer's output (all its entries together), an array of `depth` numbers.


# %% tags=["todo"]
def layer_stds(scale, depth=20, width=100, n_examples=500, seed=0):
    """Standard deviation of each layer's output, for weights at scale x He."""
    raise NotImplementedError(
        "TODO: rng = np.random.default_rng(seed); for each layer, "
        "W = rng.standard_normal(...) * scale * np.sqrt(2 / width), "
        "h = np.maximum(h @ W, 0)"
    )


# %% tags=["solution"]
def layer_stds(
    scale, depth=20, width=100, n_examples=500, seed=0
):  # replaces the TODO above
    """Standard deviation of each layer's output, for weights at scale x He."""
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((n_examples, width))
    stds = []
    for _ in range(depth):
        W = (
            rng.standard_normal((width, width))
            * scale
            * np.sqrt(2 / width)
        )
        h = np.maximum(h @ W, 0)
        stds.append(h.std())
    return np.array(stds)


# %%
check.layer_stds(layer_stds)

# %% [markdown] tags=["solution-only"]
# Four scales, one line each. On a log scale a constant factor per layer is
# a straight line: only He's scale keeps it flat. With $\sqrt{1/n}$, which
# is Xavier's for a layer with as many inputs as outputs, the signal loses
# a factor of about $1/\sqrt 2$ per layer.

# %% tags=["solution-only"] alt="Standard deviation of each of 20 layers' outputs on a log scale, for weights at 0.5, 0.71, 1 and 1.5 times He's scale: four nearly straight lines, falling steeply for 0.5, falling more slowly for 0.71, nearly flat for 1, between about 0.8 and 1.2, and rising for 1.5 to a few thousand at layer 20."
fig, ax = plt.subplots(figsize=(5.0, 3.4))
layers = np.arange(1, 21)
for scale in (0.5, 1 / np.sqrt(2), 1.0, 1.5):
    stds = layer_stds(scale)
    ax.semilogy(layers, stds, "o-", ms=3, label=f"{scale:.2f} × He")
    print(
        f"scale {scale:.2f}: layer 1 {stds[0]:.2f}, layer 20 {stds[-1]:.2g}"
    )
ax.set(xlabel="layer", ylabel="standard deviation of the output")
ax.legend()
plt.show()

# %% [markdown]
# ## Task 2: layer normalisation
#
# Layer normalisation standardises each example over its own features, then
# scales and shifts it with learned $\gamma$ and $\beta$, one per feature:
#
# $$\hat{x} = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}}, \qquad
# y = \gamma\,\hat{x} + \beta$$
#
# Here $\mu$ and $\sigma^2$ are the mean and the variance (dividing by the
# number of features, as `np.var` does) of one example's features. The input
# may have more than two axes, for example `(N, T, D)` for a batch of
# sequences; the features are always the last axis.
#
# **Task:** complete `layer_norm`. It must give what `dlnotes.norm.LayerNorm`
# gives.


# %% tags=["todo"]
def layer_norm(x, gamma, beta, eps=1e-5):
    """gamma * (x - mean) / sqrt(var + eps) + beta, over the last axis."""
    raise NotImplementedError(
        "TODO: mu = x.mean(axis=-1, keepdims=True); var = ..."
    )


# %% tags=["solution"]
def layer_norm(x, gamma, beta, eps=1e-5):  # replaces the TODO above
    """gamma * (x - mean) / sqrt(var + eps) + beta, over the last axis."""
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta


# %%
check.layer_norm(layer_norm)

# %% [markdown]
# ## Task 3: batch normalisation, in training and in evaluation
#
# Batch normalisation uses the same formula, but $\mu$ and $\sigma^2$ are
# taken over the batch, for each feature (each column of `x`, shape `(N, C)`).
# That holds in training only. Training also updates running averages
# $\bar\mu$ and $\bar\sigma^2$ of the statistics, with `momentum` $m$ the
# weight of the current batch:
#
# $$\bar\mu \leftarrow (1 - m)\,\bar\mu + m\,\mu$$
#
# $$\bar\sigma^2 \leftarrow (1 - m)\,\bar\sigma^2 + m\,s^2$$
#
# Here $s^2 = \sigma^2 N / (N - 1)$ is the unbiased estimate of the
# variance, as PyTorch uses it, while the batch itself is normalised with
# the plain $\sigma^2$. In evaluation the layer normalises with the running
# averages instead, and leaves them unchanged, so that one example's output
# does not depend on the others in its batch.
#
# **Task:** complete `batch_norm`, returning the output and the new running
# mean and variance (return new arrays; do not change the ones passed in).
# It must give what `dlnotes.norm.BatchNorm` gives.


# %% tags=["todo"]
def batch_norm(
    x,
    gamma,
    beta,
    running_mean,
    running_var,
    train,
    momentum=0.1,
    eps=1e-5,
):
    """(y, new running_mean, new running_var) for x of shape (N, C)."""
    raise NotImplementedError(
        "TODO: if train: mu = x.mean(axis=0), ...; else use the running ones"
    )


# %% tags=["solution"]
def batch_norm(
    x,
    gamma,
    beta,
    running_mean,
    running_var,
    train,
    momentum=0.1,
    eps=1e-5,
):  # replaces the TODO above
    """(y, new running_mean, new running_var) for x of shape (N, C)."""
    if train:
        mu, var = x.mean(axis=0), x.var(axis=0)
        n = len(x)
        running_mean = (1 - momentum) * running_mean + momentum * mu
        running_var = (
            1 - momentum
        ) * running_var + momentum * var * n / (n - 1)
    else:
        mu, var = running_mean, running_var
    y = gamma * (x - mu) / np.sqrt(var + eps) + beta
    return y, running_mean, running_var


# %%
check.batch_norm(batch_norm)

# %% [markdown] tags=["solution-only"]
# The same example in two different batches: in training mode its output
# depends on its batch-mates, in evaluation mode it does not.

# %% tags=["solution-only"]
rng = np.random.default_rng(1)
example = rng.normal(2.0, 3.0, size=(1, 4))
batches = [
    np.vstack([example, rng.normal(2.0, 3.0, size=(15, 4))])
    for _ in range(2)
]
ones, zeros = np.ones(4), np.zeros(4)
mean, var = zeros, np.ones(4)
for _ in range(50):  # let the running averages settle
    batch = rng.normal(2.0, 3.0, size=(16, 4))
    _, mean, var = batch_norm(batch, ones, zeros, mean, var, train=True)
for train in (True, False):
    out = [
        batch_norm(b, ones, zeros, mean, var, train)[0][0]
        for b in batches
    ]
    print(
        f"train={train!s:5}: output moved by "
        f"{np.abs(out[0] - out[1]).max():.3f}"
    )

# %% [markdown]
# ## Task 4: a gradient through plain and residual blocks
#
# A plain block computes $h_l = f(h_{l-1})$ with
# $f(h) = \mathrm{ReLU}(h W_l)$; a residual block adds its input,
# $h_l = h_{l-1} + f(h_{l-1})$. Going back, write $g_l$ for the gradient
# $\partial L/\partial h_l$, $z_l = h_{l-1} W_l$ for ReLU's input, and
# $d_l = g_l \odot \mathbb{1}[z_l > 0]$ for the part of $g_l$ that passes
# ReLU: $\odot$ multiplies element by element, and $\mathbb{1}[z_l > 0]$ is
# 1 where $z_l$ was positive, 0 elsewhere. Through a plain block
#
# $$g_{l-1} = d_l\, W_l^\top$$
#
# and through a residual block $g_l$ itself is added:
#
# $$g_{l-1} = g_l + d_l\, W_l^\top$$
#
# **Task:** complete `input_gradient`. Run the forward pass through the
# blocks with weights `weights[0], weights[1], …`, keeping what the backward
# pass needs, then carry `grad` (the gradient at the last block's output)
# back to the input `x` and return it.


# %% tags=["todo"]
def input_gradient(weights, x, grad, residual):
    """dL/dx for blocks h -> ReLU(h W) (plain) or h -> h + ReLU(h W) (residual)."""
    raise NotImplementedError(
        "TODO: forward, keeping each z = h @ W; then back: "
        "g = (g * (z > 0)) @ W.T, plus g itself if residual"
    )


# %% tags=["solution"]
def input_gradient(
    weights, x, grad, residual
):  # replaces the TODO above
    """dL/dx for blocks h -> ReLU(h W) (plain) or h -> h + ReLU(h W) (residual)."""
    h, zs = x, []
    for W in weights:
        z = h @ W
        zs.append(z)
        h = h + np.maximum(z, 0) if residual else np.maximum(z, 0)
    g = grad
    for W, z in zip(reversed(weights), reversed(zs), strict=True):
        through_f = (g * (z > 0)) @ W.T
        g = g + through_f if residual else through_f
    return g


# %%
check.input_gradient(input_gradient)

# %% [markdown] tags=["solution-only"]
# Blocks of 64 units whose weights are at a tenth of He's scale, a poor
# start, and a gradient of length 1 at the top. Through plain blocks it
# shrinks by a constant factor per block; through residual blocks the
# skip carries it down undiminished.

# %% tags=["solution-only"] alt="Length of the gradient at the input against the number of blocks, 1 to 30, on a log scale. Plain blocks: a straight falling line, many orders of magnitude down after 30 blocks. Residual blocks: a line that stays near 1, rising slowly to about 1.2 at 30 blocks."
rng = np.random.default_rng(0)
width, scale = 64, 0.1
weights = [
    rng.standard_normal((width, width)) * scale * np.sqrt(2 / width)
    for _ in range(30)
]
x = rng.standard_normal((32, width))
top = rng.standard_normal((32, width))
top /= np.linalg.norm(top)
depths = np.arange(1, 31)
lengths = {
    name: [
        np.linalg.norm(input_gradient(weights[:d], x, top, residual))
        for d in depths
    ]
    for name, residual in (("plain", False), ("residual", True))
}
for name, values in lengths.items():
    print(f"{name:8}: length {values[-1]:.2g} after 30 blocks")
fig, ax = plt.subplots(figsize=(5.0, 3.4))
for name, values in lengths.items():
    ax.semilogy(depths, values, "o-", ms=3, label=name)
ax.set(xlabel="number of blocks", ylabel="length of dL/dx")
ax.legend()
plt.show()

# %% [markdown]
# ## Task 5: warmup, then cosine decay
#
# For step $t$ of a run of $T$ steps with base rate $\eta_0$, warmup rises
# linearly from $a\,\eta_0$ (`start_factor` $a$) towards $\eta_0$ over the first
# $w$ steps, $t = 0, \dots, w - 1$:
#
# $$\eta_t = \eta_0 \left(a + (1 - a)\,\frac{t}{w}\right)$$
#
# and from step $w$ on, the cosine decay runs over the remaining $T - w$
# steps, from $\eta_0$ at $t = w$ down to 0 at $t = T$. With
# $s = (t - w)/(T - w)$, the share of the decay done so far,
#
# $$\eta_t = \tfrac12\, \eta_0 \left(1 + \cos \pi s\right)$$
#
# `dlnotes.schedules.warmup_cosine` builds this schedule for an optimizer;
# the figure shows its learning rate at every step, the curve your function
# must reproduce.

# %% alt="Learning rate against the step, 0 to 100: a straight rise from 0.01 to 0.1 over the first 10 steps, then half a cosine falling from 0.1 to 0 at step 100."
target = warmup_cosine(SGD(lr=0.1), warmup_steps=10, total_steps=100)
steps = np.arange(101)
fig, ax = plt.subplots(figsize=(5.0, 3.0))
ax.plot(steps, [target.lr_at(t) for t in steps])
ax.set(xlabel="step t", ylabel="learning rate")
plt.show()

# %% [markdown]
# **Task:** complete `warmup_cosine_lr`, the learning rate at step `t`.


# %% tags=["todo"]
def warmup_cosine_lr(
    t, base_lr, warmup_steps, total_steps, start_factor=0.1
):
    """Learning rate at step t: linear warmup, then cosine decay to 0."""
    raise NotImplementedError(
        "TODO: if t < warmup_steps: ...; else use t - warmup_steps"
    )


# %% tags=["solution"]
def warmup_cosine_lr(
    t, base_lr, warmup_steps, total_steps, start_factor=0.1
):  # replaces the TODO above
    """Learning rate at step t: linear warmup, then cosine decay to 0."""
    if t < warmup_steps:
        return base_lr * (
            start_factor + (1 - start_factor) * t / warmup_steps
        )
    progress = (t - warmup_steps) / (total_steps - warmup_steps)
    return 0.5 * base_lr * (1 + np.cos(np.pi * progress))


# %%
check.warmup_cosine_lr(warmup_cosine_lr)
