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
# # Exercise: attention
#
# Attention is the operation at the heart of every transformer: each position
# compares what it is looking for with what every other position offers, and
# takes a weighted average of what they hold. In this notebook you write
# scaled dot-product attention with NumPy, add the causal mask that stops a
# position from seeing the future, and measure why the scores are divided by
# $\sqrt{d_k}$.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../sequences-and-attention-solution/) shows
# every task completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`sequences_and_attention_checks.py`](../sequences_and_attention_checks.py)
# into the same folder; [Notebooks](../) says how to install `dlnotes` and run
# it.

# %% [markdown] tags=["solution-only"]
# # Solution: attention
#
# This is the [exercise](../sequences-and-attention/) with every task
# completed. The code ran while this site was built, so every printed number
# and figure is its real output, and every check passed.

# %%
import matplotlib.pyplot as plt
import numpy as np

import sequences_and_attention_checks as check

# %% [markdown]
# ## Task 1: the scores
#
# $Q$ holds one query per row ($T_q \times d_k$), $K$ one key per row
# ($T_k \times d_k$). The score of query $i$ for key $j$ is their dot product,
# divided by $\sqrt{d_k}$ so that it does not grow with the length of the
# vectors:
#
# $$S = \frac{Q K^{\top}}{\sqrt{d_k}}$$
#
# a $T_q \times T_k$ matrix, one row per query.
#
# **Task:** complete `scores`. `K.T` is the transpose, `Q.shape[-1]` is $d_k$.


# %% tags=["todo"]
def scores(Q, K):
    """Scaled dot products of every query with every key: (T_q, T_k)."""
    raise NotImplementedError("TODO: Q @ K.T divided by ...")


# %% tags=["solution"]
def scores(Q, K):  # replaces the TODO above
    """Scaled dot products of every query with every key: (T_q, T_k)."""
    return Q @ K.T / np.sqrt(Q.shape[-1])


# %%
check.scores(scores)

# %% [markdown]
# ## Task 2: the causal mask
#
# A model that predicts the next token must not look at it. The causal mask
# is a $T \times T$ matrix $M$ added to the scores: 0 where position $i$ may
# look at position $j$ (that is, $j \le i$, itself and earlier), and
# $-\infty$ where it may not ($j > i$). After the softmax, $e^{-\infty} = 0$:
# those weights vanish.
#
# **Task:** complete `causal_mask`. `np.triu(a, k=1)` keeps the part of `a`
# strictly above the diagonal and sets the rest to 0; `np.inf` is $\infty$.


# %% tags=["todo"]
def causal_mask(T):
    """(T, T) array: 0 where j <= i, -inf where j > i."""
    raise NotImplementedError(
        "TODO: np.triu(np.full((T, T), ...), k=1)"
    )


# %% tags=["solution"]
def causal_mask(T):  # replaces the TODO above
    """(T, T) array: 0 where j <= i, -inf where j > i."""
    return np.triu(np.full((T, T), -np.inf), k=1)


# %%
check.causal_mask(causal_mask)

# %% [markdown]
# ## Task 3: attention
#
# Put it together. Add the mask to the scores, take the softmax of each row
# (so row $i$ holds the weights query $i$ gives to the keys, adding up to 1),
# and blend the values $V$ ($T_k \times d_v$) with those weights:
#
# $$\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\left( \frac{Q K^{\top}}{\sqrt{d_k}} + M \right) V$$
#
# Subtract each row's maximum before `np.exp`, so that nothing overflows; a
# row's maximum is never $-\infty$, because a position may always look at
# itself.
#
# **Task:** complete `attention`, returning both the output and the weights.


# %% tags=["todo"]
def attention(Q, K, V, mask=None):
    """softmax(Q K^T / sqrt(d_k) + mask) V; returns (output, weights)."""
    raise NotImplementedError(
        "TODO: s = scores(Q, K) (+ mask), softmax each row, weights @ V"
    )


# %% tags=["solution"]
def attention(Q, K, V, mask=None):  # replaces the TODO above
    """softmax(Q K^T / sqrt(d_k) + mask) V; returns (output, weights)."""
    s = scores(Q, K)
    if mask is not None:
        s = s + mask
    e = np.exp(s - s.max(axis=1, keepdims=True))
    weights = e / e.sum(axis=1, keepdims=True)
    return weights @ V, weights


# %%
check.attention(attention)

# %% [markdown]
# ## Task 4: causal self-attention
#
# In self-attention, the queries, keys and values all come from the same
# sequence $X$ ($T \times d$), through three learned matrices:
# $Q = X W_Q$, $K = X W_K$, $V = X W_V$. With the causal mask, the output at
# position $t$ can depend only on $x_1, \dots, x_t$: change a later token and
# the earlier outputs must not move.
#
# **Task:** complete `causal_self_attention`, using your `attention` and
# `causal_mask`.


# %% tags=["todo"]
def causal_self_attention(X, W_q, W_k, W_v):
    """Causal self-attention of the rows of X; (output, weights)."""
    raise NotImplementedError(
        "TODO: Q, K, V from X, then attention(..., causal_mask(len(X)))"
    )


# %% tags=["solution"]
def causal_self_attention(X, W_q, W_k, W_v):  # replaces the TODO above
    """Causal self-attention of the rows of X; (output, weights)."""
    mask = causal_mask(len(X))
    return attention(X @ W_q, X @ W_k, X @ W_v, mask)


# %%
check.causal_self_attention(causal_self_attention)

# %% [markdown] tags=["solution-only"]
# The weights of causal self-attention for six random tokens: every row adds
# up to 1, and everything above the diagonal is exactly 0.

# %% tags=["solution-only"] alt="A 6 by 6 heat map of attention weights, query position down the side and key position across. Every cell above the diagonal is 0; the first row puts all its weight on position 0, and later rows spread their weight over the positions up to their own."
rng = np.random.default_rng(0)
X = rng.standard_normal((6, 8))
W_q, W_k, W_v = (
    rng.standard_normal((8, 8)) / np.sqrt(8) for _ in range(3)
)
_, weights = causal_self_attention(X, W_q, W_k, W_v)
fig, ax = plt.subplots(figsize=(4.2, 3.6))
image = ax.imshow(weights, cmap="viridis", vmin=0, vmax=1)
ax.set(xlabel="key position j", ylabel="query position i")
ax.grid(False)
fig.colorbar(image, ax=ax, label="weight")
plt.show()

# %% [markdown]
# ## Task 5: why divide by the square root of d_k
#
# If the entries of $q$ and $k$ are random with mean 0 and variance 1, the
# dot product $q \cdot k$ is a sum of $d_k$ products and has variance $d_k$.
# Large scores make the softmax put nearly all its weight on one key, where
# its slope, and so the gradient, is nearly zero.
#
# **Task:** measure it. Complete `mean_top_weight`: draw `trials` random
# queries, each with 16 random keys (from `rng = np.random.default_rng(seed)`,
# with `rng.standard_normal`), compute the softmax weights of each query over its
# keys, scaled by $1/\sqrt{d_k}$ or not, and return the average, over the
# queries, of the largest weight. A loop over the trials is fine.


# %% tags=["todo"]
def mean_top_weight(d_k, scaled, trials=300, seed=0):
    """Mean largest softmax weight of a random query over 16 keys."""
    raise NotImplementedError(
        "TODO: per trial: q, K, scores, softmax, max"
    )


# %% tags=["solution"]
def mean_top_weight(
    d_k, scaled, trials=300, seed=0
):  # replaces the TODO above
    """Mean largest softmax weight of a random query over 16 keys."""
    rng = np.random.default_rng(seed)
    tops = []
    for _ in range(trials):
        q = rng.standard_normal(d_k)
        K = rng.standard_normal((16, d_k))
        s = K @ q  # the 16 scores of this query
        if scaled:
            s = s / np.sqrt(d_k)
        weights = np.exp(s - s.max())
        weights = weights / weights.sum()
        tops.append(weights.max())
    return float(np.mean(tops))


# %%
check.mean_top_weight(mean_top_weight)

# %% [markdown] tags=["solution-only"]
# Unscaled, the largest of 16 weights heads towards 1 as $d_k$ grows: the
# softmax becomes a hard choice. Scaled, it stays where it is for every $d_k$.

# %% tags=["solution-only"] alt="The average largest of 16 attention weights against d_k from 1 to 1024 on a log scale: both start near 0.2 at d_k = 1; unscaled, it climbs towards 1; scaled, it stays flat near 0.25."
sizes = [1, 4, 16, 64, 256, 1024]
fig, ax = plt.subplots(figsize=(5.0, 3.2))
for scaled, label in [(False, "unscaled"), (True, "scaled by 1/√d_k")]:
    tops = [mean_top_weight(d, scaled, trials=100) for d in sizes]
    ax.semilogx(sizes, tops, marker="o", label=label, base=2)
ax.set(xlabel="$d_k$", ylabel="average largest weight", ylim=(0, 1.05))
ax.legend()
plt.show()
