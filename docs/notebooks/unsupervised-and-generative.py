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
# # Exercise: unsupervised and generative models
#
# No labels in this notebook: only data. You write k-means, which finds
# groups, and PCA, which finds a short code for each example. Then you build
# a linear autoencoder and compare it with PCA at the same code size, and
# finally you generate new examples by sampling codes from a Gaussian and
# decoding them.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../unsupervised-and-generative-solution/)
# shows every task completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and
# [`unsupervised_and_generative_checks.py`](../unsupervised_and_generative_checks.py)
# into the same folder; [Notebooks](../) says how to install `dlnotes` and run
# it.

# %% [markdown] tags=["solution-only"]
# # Solution: unsupervised and generative models
#
# This is the [exercise](../unsupervised-and-generative/) with every task
# completed. The code ran while this site was built, so every printed number
# and figure is its real output, and every check passed.

# %%
import matplotlib.pyplot as plt
import numpy as np
from dlnotes.layers import Dense
from dlnotes.losses import MSE
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.images import show_images

import unsupervised_and_generative_checks as check

# %% [markdown]
# ## The data
#
# Two unlabelled data sets. `points`: 300 points in two dimensions that
# form three groups, though nothing says which point belongs to which.
# `strokes`: 600 images of 8 × 8 pixels, each a blurred straight stroke at a
# random angle, position and width, with a little pixel noise. Each image is
# a row of $D = 64$ numbers, yet only three numbers (angle, position, width)
# were used to draw it.

# %% alt="Left: a scatter plot of 300 grey points forming three loose groups. Right: 16 small grey images, each a blurred straight stroke at a different angle and position."
rng = np.random.default_rng(0)
true_centres = np.array([[0.0, 0.0], [4.0, 1.0], [1.5, 4.0]])
points = true_centres[rng.integers(0, 3, 300)] + rng.standard_normal(
    (300, 2)
)


def stroke_images(n, seed=0):
    """(n, 64) images of blurred strokes: angle, offset and width at random."""
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0.0, np.pi, (n, 1, 1))
    offset = rng.uniform(-1.5, 1.5, (n, 1, 1))
    width = rng.uniform(0.6, 1.0, (n, 1, 1))
    row, col = np.meshgrid(
        np.arange(8) - 3.5, np.arange(8) - 3.5, indexing="ij"
    )
    distance = col * np.cos(angle) + row * np.sin(angle) - offset
    images = np.exp(-(distance**2) / (2 * width**2))
    images += 0.03 * rng.standard_normal(images.shape)
    return images.reshape(n, 64)


strokes = stroke_images(600)

fig = plt.figure(figsize=(6.4, 3.0))
left, right = fig.subfigures(1, 2)
ax = left.subplots()
ax.scatter(*points.T, s=8, color="0.45")
ax.set(title="points", xlabel="$x_1$", ylabel="$x_2$")
show_images(right.subplots(4, 4).flat, strokes[:16].reshape(-1, 8, 8))
right.suptitle("strokes")
plt.show()

# %% [markdown]
# ## Task 1: k-means, the assignment step
#
# k-means keeps $k$ centres $\mu_1, \dots, \mu_k$ and repeats two steps.
# The first assigns each point to its nearest centre:
#
# $$c_n = \underset{j}{\mathrm{arg\,min}} \lVert x_n - \mu_j \rVert^2$$
#
# With `X` of shape $(N, D)$ and `centres` of shape $(k, D)$,
# `X[:, None, :] - centres[None, :, :]` has shape $(N, k, D)$: every point
# minus every centre.
#
# **Task:** complete `assign`, returning the $N$ indices $c_n$ as integers.


# %% tags=["todo"]
def assign(X, centres):
    """Index of the nearest centre for every row of X: shape (N,)."""
    raise NotImplementedError(
        "TODO: squared distances (N, k), then argmin"
    )


# %% tags=["solution"]
def assign(X, centres):  # replaces the TODO above
    """Index of the nearest centre for every row of X: shape (N,)."""
    distances = ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    return distances.argmin(axis=1)


# %%
check.assign(assign)

# %% [markdown]
# ## Task 2: k-means, the update step
#
# The second step moves each centre to the mean of the points assigned to
# it:
#
# $$\mu_j = \frac{1}{|S_j|} \sum_{n \in S_j} x_n, \qquad S_j = \{n : c_n = j\}$$
#
# A centre that got no points has no mean: leave it where it was (dividing
# by $|S_j| = 0$ would give NaN).
#
# **Task:** complete `update`, returning the new $(k, D)$ centres.


# %% tags=["todo"]
def update(X, labels, centres):
    """Each centre moved to the mean of its points; a centre without points stays."""
    raise NotImplementedError(
        "TODO: for j in range(len(centres)): X[labels == j] ..."
    )


# %% tags=["solution"]
def update(X, labels, centres):  # replaces the TODO above
    """Each centre moved to the mean of its points; a centre without points stays."""
    new = np.array(centres, dtype=float)
    for j in range(len(new)):
        members = X[labels == j]
        if len(members):
            new[j] = members.mean(axis=0)
    return new


# %%
check.update(update)

# %% [markdown] tags=["solution-only"]
# k-means on `points`: start from three points of the data, and alternate
# the two steps. The sum of squared distances from each point to its centre
# (the *inertia*) can only go down at each step, so the loop settles.

# %% tags=["solution-only"] alt="Left: the 300 points coloured in three groups found by k-means, each centre marked with a black cross and its path from the starting point drawn as a line. Right: the inertia against the iteration, falling steeply at first and then flat."
centres = points[
    np.random.default_rng(1).choice(len(points), 3, replace=False)
]
path, inertia = [centres], []
for _ in range(10):
    labels = assign(points, centres)
    inertia.append(((points - centres[labels]) ** 2).sum())
    centres = update(points, labels, centres)
    path.append(centres)
path = np.array(path)
print(
    f"inertia: first step {inertia[0]:.0f}, last step {inertia[-1]:.0f}"
)

fig, axes = plt.subplots(1, 2, figsize=(6.4, 3.0))
axes[0].scatter(*points.T, s=8, c=[f"C{c}" for c in labels])
for j in range(3):
    axes[0].plot(*path[:, j].T, color="black", lw=1)
axes[0].scatter(*centres.T, marker="x", s=80, color="black")
axes[0].set(title="k-means, k = 3", xlabel="$x_1$", ylabel="$x_2$")
axes[1].plot(range(1, 11), inertia, marker="o")
axes[1].set(xlabel="iteration", ylabel="inertia")
plt.show()

# %% [markdown]
# ## Task 3: PCA through the SVD
#
# PCA finds the directions along which the data vary most. Centre the data,
# $X_c = X - \bar x$, and take its singular value decomposition
# $X_c = U S V^\top$ (`np.linalg.svd(Xc, full_matrices=False)` returns `U`,
# `s` and `Vt` $= V^\top$, singular values largest first). The rows of
# $V^\top$ are the principal directions; the first $k$ of them are the
# **components** of a code of $k$ numbers.
#
# **Task:** complete `pca`, returning `(mean, components)`: the mean of the
# rows, shape $(D,)$, and the first $k$ directions as rows, shape $(k, D)$.


# %% tags=["todo"]
def pca(X, k):
    """(mean (D,), components (k, D)): the top k principal directions of X."""
    raise NotImplementedError(
        "TODO: mean = X.mean(axis=0); np.linalg.svd(X - mean, ...)"
    )


# %% tags=["solution"]
def pca(X, k):  # replaces the TODO above
    """(mean (D,), components (k, D)): the top k principal directions of X."""
    mean = X.mean(axis=0)
    _, _, Vt = np.linalg.svd(X - mean, full_matrices=False)
    return mean, Vt[:k]


# %%
check.pca(pca)

# %% [markdown]
# ## Task 4: explained variance
#
# The variance of the data along direction $i$ is $s_i^2 / (N - 1)$, and the
# total variance is the sum of these. The **explained variance ratio** of
# component $i$ is its share of the total:
#
# $$r_i = \frac{s_i^2}{\sum_j s_j^2}$$
#
# **Task:** complete `explained_variance`, returning every $r_i$, largest
# first (one per singular value).


# %% tags=["todo"]
def explained_variance(X):
    """Share of the total variance along each principal direction."""
    raise NotImplementedError(
        "TODO: the singular values s of the centred X, then s**2 / ..."
    )


# %% tags=["solution"]
def explained_variance(X):  # replaces the TODO above
    """Share of the total variance along each principal direction."""
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    return s**2 / np.sum(s**2)


# %%
check.explained_variance(explained_variance)

# %% [markdown] tags=["solution-only"]
# Three numbers drew each stroke, yet PCA needs many more components to
# keep 90% of the variance. Moving or turning a stroke changes its pixels
# along a curved path, and PCA can only find flat subspaces: this is where a
# nonlinear autoencoder can do better. The smallest code that keeps 90%:

# %% tags=["solution-only"] alt="Cumulative explained variance of the stroke images against the number of components, from 1 to 64: the curve rises steeply over the first ten components and then flattens towards 1, with a dashed line at 0.9."
ratio = explained_variance(strokes)
kept = np.cumsum(ratio)
k90 = int(np.argmax(kept >= 0.9)) + 1
print(
    f"{k90} of 64 components keep {kept[k90 - 1]:.1%} of the variance"
)
fig, ax = plt.subplots(figsize=(5.0, 3.0))
ax.plot(np.arange(1, 65), kept, marker=".")
ax.axhline(0.9, color="0.5", ls="--", lw=1)
ax.set(
    xlabel="components kept, k",
    ylabel="share of the variance",
    ylim=(0, 1.02),
)
plt.show()

# %% [markdown]
# ## Task 5: encode and decode with PCA
#
# With components $C$ (shape $(k, D)$, orthonormal rows), PCA is an
# autoencoder with a linear encoder and decoder:
#
# $$z = (x - \bar x)\, C^\top, \qquad \hat x = z\, C + \bar x$$
#
# **Task:** complete `reconstruct`, returning $\hat x$ for every row of `X`.


# %% tags=["todo"]
def reconstruct(X, mean, components):
    """Rows of X encoded to k numbers with PCA and decoded back: shape (N, D)."""
    raise NotImplementedError(
        "TODO: z = (X - mean) @ components.T, then back"
    )


# %% tags=["solution"]
def reconstruct(X, mean, components):  # replaces the TODO above
    """Rows of X encoded to k numbers with PCA and decoded back: shape (N, D)."""
    z = (X - mean) @ components.T
    return z @ components + mean


# %%
check.reconstruct(reconstruct)

# %% [markdown]
# ## Task 6: a linear autoencoder
#
# The chapter trains an autoencoder with ReLU layers. Take the activations
# away and you get a **linear autoencoder**: an encoder `Dense(D, k)` that
# maps each example to $k$ numbers, and a decoder `Dense(k, D)` that maps
# them back. Trained on the squared error, it can do no better than PCA with
# the same $k$: no linear map through $k$ numbers, biases included, rebuilds
# the data with a smaller squared error
# ([Eckart and Young, 1936](https://doi.org/10.1007/BF02288367)). At its best
# it spans the same subspace as PCA
# ([Baldi and Hornik, 1989](https://doi.org/10.1016/0893-6080%2889%2990014-2)).
#
# **Task:** complete `linear_autoencoder`, returning a `Sequential` from $D$
# numbers through a code of $k$ back to $D$, with nothing nonlinear in it.
# Pass `seed` on to the layers.


# %% tags=["todo"]
def linear_autoencoder(D, k, seed=0):
    """Sequential: D numbers -> a code of k -> D numbers, all linear."""
    raise NotImplementedError(
        "TODO: Sequential([Dense(D, k, ...), ...])"
    )


# %% tags=["solution"]
def linear_autoencoder(D, k, seed=0):  # replaces the TODO above
    """Sequential: D numbers -> a code of k -> D numbers, all linear."""
    return Sequential(
        [
            Dense(D, k, init="xavier", seed=seed),
            Dense(k, D, init="xavier", seed=seed + 1),
        ]
    )


# %%
check.linear_autoencoder(linear_autoencoder)

# %% [markdown] tags=["solution-only"]
# Train it on the strokes with a code of $k$ numbers, and compare its mean
# squared error per pixel with PCA's at the same $k$. The largest *principal
# angle* between the subspace the decoder spans and PCA's subspace says how
# far apart the two are (0° means the same subspace).

# %% tags=["solution-only"]
k = 6
autoencoder = linear_autoencoder(64, k)
autoencoder.compile(MSE(), Adam(lr=1e-2), metrics=())
autoencoder.fit(strokes, strokes, epochs=120, batch_size=60, seed=0)
ae_error = np.mean((autoencoder.predict(strokes) - strokes) ** 2)

mean, components = pca(strokes, k)
pca_error = np.mean(
    (reconstruct(strokes, mean, components) - strokes) ** 2
)
decoder_basis, _ = np.linalg.qr(
    autoencoder.layers[-1].params["W"].T
)  # (64, k)
cosines = np.linalg.svd(components @ decoder_basis, compute_uv=False)
angle = np.degrees(np.arccos(np.clip(cosines.min(), 0.0, 1.0)))
print(
    f"mean squared error per pixel, k = {k}: PCA {pca_error:.5f}, autoencoder {ae_error:.5f}"
)
print(f"largest angle between the two subspaces: {angle:.1f} degrees")

# %% [markdown]
# ## Task 7: generate by sampling codes
#
# PCA's codes $z$ of the strokes are $k$ numbers each. Fit the simplest
# model of where they lie, a Gaussian with the codes' mean $m$ and covariance
# $\Sigma$ (`np.cov(Z, rowvar=False)`), and draw new codes from it. With the
# Cholesky factor $L$ of the covariance (`np.linalg.cholesky`,
# $\Sigma = L L^\top$) and standard normal rows $e$:
#
# $$z_{\text{new}} = m + e\, L^\top$$
#
# has covariance $L\, \mathrm{Cov}(e)\, L^\top = \Sigma$. Decoding the new
# codes gives new images.
#
# **Task:** complete `sample_gaussian`, returning `n` new codes drawn from
# the Gaussian fitted to the rows of `Z`, with
# `np.random.default_rng(seed)`.


# %% tags=["todo"]
def sample_gaussian(Z, n, seed=0):
    """n rows drawn from the Gaussian with the mean and covariance of Z's rows."""
    raise NotImplementedError(
        "TODO: m, L = Z.mean(axis=0), np.linalg.cholesky(...)"
    )


# %% tags=["solution"]
def sample_gaussian(Z, n, seed=0):  # replaces the TODO above
    """n rows drawn from the Gaussian with the mean and covariance of Z's rows."""
    m = Z.mean(axis=0)
    L = np.linalg.cholesky(np.cov(Z, rowvar=False))
    e = np.random.default_rng(seed).standard_normal((n, Z.shape[1]))
    return m + e @ L.T


# %%
check.sample_gaussian(sample_gaussian)

# %% [markdown] tags=["solution-only"]
# Real strokes beside images decoded from 16 sampled codes. The Gaussian
# knows only the mean and the covariance of the codes, not that every image
# is one sharp stroke, so the samples come out blurred, and many look like
# blobs or two crossing strokes. Deep generative models learn far richer
# distributions than one Gaussian over a linear code.

# %% tags=["solution-only"] alt="Two grids of 16 small grey images. Left, real strokes: sharp single lines. Right, images decoded from codes sampled from a Gaussian: blurred, some like thick strokes, many like blobs or two crossing strokes."
Z = (strokes - mean) @ components.T
drawn = sample_gaussian(Z, 16, seed=1) @ components + mean
fig = plt.figure(figsize=(6.4, 3.4))
for side, images, title in zip(
    fig.subfigures(1, 2),
    (strokes[16:32], drawn),
    ("real", "generated"),
    strict=True,
):
    show_images(
        side.subplots(4, 4).flat,
        images.reshape(-1, 8, 8),
        vmin=0.0,
        vmax=1.0,
    )
    side.suptitle(title)
plt.show()
