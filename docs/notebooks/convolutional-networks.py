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
# # Exercise: convolutional networks
#
# A convolutional layer slides a small filter over an image and computes a
# weighted sum at every position. Before you trust a library to do that, it
# pays to be able to do the bookkeeping yourself: how large the output is, how
# many weights the layer has, how much of the image one unit sees, and the
# sliding sum itself.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../convolutional-networks-solution/) shows
# every task completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`convolutional_networks_checks.py`](../convolutional_networks_checks.py)
# into the same folder; [Notebooks](../) says how to install `dlnotes` and run
# it.

# %% [markdown] tags=["solution-only"]
# # Solution: convolutional networks
#
# This is the [exercise](../convolutional-networks/) with every task
# completed. The code ran while this site was built, so every printed number
# and figure is its real output, and every check passed.

# %%
import matplotlib.pyplot as plt
import numpy as np

import convolutional_networks_checks as check

# %% [markdown]
# ## Task 1: the output size
#
# A $k \times k$ window slides over an image of height $H$ with $p$ rows of
# zeros added above **and** below (the padding), moving $s$ pixels at a time
# (the stride). It fits at
#
# $$H_{\text{out}} = \left\lfloor \frac{H + 2p - k}{s} \right\rfloor + 1$$
#
# positions, where $\lfloor\cdot\rfloor$ rounds down. In Python, `a // b`
# divides and rounds down.
#
# **Task:** complete `output_size`. It should return an `int`.


# %% tags=["todo"]
def output_size(h, k, p=0, s=1):
    """Output height of a k x k window, padding p, stride s, on height h."""
    raise NotImplementedError("TODO: (h + 2 * p - k) // s ...")


# %% tags=["solution"]
def output_size(h, k, p=0, s=1):  # replaces the TODO above
    """Output height of a k x k window, padding p, stride s, on height h."""
    return (h + 2 * p - k) // s + 1


# %%
check.output_size(output_size)

# %% [markdown]
# ## Task 2: how many parameters
#
# A convolutional layer from $C$ input channels to $F$ output channels has
# $F$ filters. Each filter has a $k \times k$ window of weights **for every
# input channel**, and one bias. The same filters slide over the whole image,
# so the image size does not appear.
#
# **Task:** complete `conv_parameters`.


# %% tags=["todo"]
def conv_parameters(c_in, c_out, k):
    """Weights and biases of a k x k convolution, c_in to c_out channels."""
    raise NotImplementedError(
        "TODO: c_out filters, each with ... weights + 1 bias"
    )


# %% tags=["solution"]
def conv_parameters(c_in, c_out, k):  # replaces the TODO above
    """Weights and biases of a k x k convolution, c_in to c_out channels."""
    return c_out * (c_in * k * k + 1)


# %%
check.conv_parameters(conv_parameters)

# %% [markdown]
# ## Task 3: the receptive field
#
# The receptive field of a unit is the width of the input patch that can
# change its value. Layer by layer, with window $k_l$ and stride $s_l$,
#
# $$r_l = r_{l-1} + (k_l - 1)\, j_{l-1}, \qquad j_l = j_{l-1}\, s_l, \qquad r_0 = j_0 = 1$$
#
# where $j$ is the distance, in input pixels, between neighbouring units of a
# layer. A 2 × 2 pooling with stride 2 counts as a layer with $k = 2$, $s = 2$.
#
# **Task:** complete `receptive_field`, which takes a list of `(k, s)` pairs,
# first layer first.


# %% tags=["todo"]
def receptive_field(layers):
    """Receptive field width after the layers [(k1, s1), (k2, s2), ...]."""
    raise NotImplementedError(
        "TODO: r, j = 1, 1; then for k, s in layers: ..."
    )


# %% tags=["solution"]
def receptive_field(layers):  # replaces the TODO above
    """Receptive field width after the layers [(k1, s1), (k2, s2), ...]."""
    r, j = 1, 1
    for k, s in layers:
        r = r + (k - 1) * j
        j = j * s
    return r


# %%
check.receptive_field(receptive_field)

# %% [markdown]
# ## Task 4: cross-correlation of one channel
#
# Now the layer itself, for one channel, no padding and stride 1. The output
# at row $i$, column $j$ is the sum of the window of the image that starts
# there, multiplied element by element with the kernel $w$:
#
# $$y_{i,j} = \sum_{u=0}^{k-1} \sum_{v=0}^{k-1} w_{u,v}\, x_{i+u,\, j+v}$$
#
# Deep-learning libraries call this a convolution, but it is a
# cross-correlation: the kernel is not flipped. Below is the image you will
# try it on, a ring, and a kernel that responds to edges running from top to
# bottom.

# %% alt="Left: a 16 by 16 image of a bright ring on a dark background. Right: the 3 by 3 kernel, -1, -2, -1 in the left column, zeros in the middle column and 1, 2, 1 in the right column."
rows, cols = np.mgrid[0:16, 0:16]
radius = np.hypot(rows - 7.5, cols - 7.5)
image = ((radius > 3.5) & (radius < 6.0)).astype(float)
kernel = np.array(
    [[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]
)

fig, (left, right) = plt.subplots(1, 2, figsize=(6.0, 3.0))
left.imshow(image, cmap="gray")
left.set(title="image (16 × 16)", xticks=[], yticks=[])
right.imshow(kernel, cmap="RdBu_r", vmin=-2, vmax=2)
right.set(title="kernel (3 × 3)", xticks=[], yticks=[])
plt.show()

# %% [markdown]
# **Task:** complete `cross_correlate`. Two loops over the output positions
# are fine; `output_size` tells you how many there are.


# %% tags=["todo"]
def cross_correlate(x, w):
    """Cross-correlation of a 2-D image x with a k x k kernel w."""
    raise NotImplementedError(
        "TODO: y = np.zeros(...); y[i, j] = np.sum(x[i:i+k, j:j+k] * w)"
    )


# %% tags=["solution"]
def cross_correlate(x, w):  # replaces the TODO above
    """Cross-correlation of a 2-D image x with a k x k kernel w."""
    k = w.shape[0]
    h_out = output_size(x.shape[0], k)
    w_out = output_size(x.shape[1], k)
    y = np.zeros((h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            y[i, j] = np.sum(x[i : i + k, j : j + k] * w)
    return y


# %%
check.cross_correlate(cross_correlate)

# %% [markdown]
# ## Task 5: padding and stride
#
# A real layer also pads and strides. Padding adds $p$ rows and columns of
# zeros on every side (`np.pad(x, p)` does exactly that). A stride $s$ keeps
# every $s$-th window: output $(i, j)$ starts at row $s i$, column $s j$.
#
# **Task:** complete `conv2d`, using `np.pad` and your `output_size`. With
# `p=1, s=1` and a 3 × 3 kernel, the output keeps the image's size.


# %% tags=["todo"]
def conv2d(x, w, p=0, s=1):
    """Cross-correlation of x with w after padding p, with stride s."""
    raise NotImplementedError(
        "TODO: x = np.pad(x, p), then windows at s*i, s*j"
    )


# %% tags=["solution"]
def conv2d(x, w, p=0, s=1):  # replaces the TODO above
    """Cross-correlation of x with w after padding p, with stride s."""
    k = w.shape[0]
    x = np.pad(x, p)
    h_out = output_size(x.shape[0], k, 0, s)
    w_out = output_size(x.shape[1], k, 0, s)
    y = np.zeros((h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            y[i, j] = np.sum(
                x[s * i : s * i + k, s * j : s * j + k] * w
            )
    return y


# %%
check.conv2d(conv2d)

# %% [markdown] tags=["solution-only"]
# On the ring, the kernel is positive where the image gets brighter from left
# to right (the left side of each stroke) and negative where it gets darker.
# With stride 2 the map has half the size and keeps the same pattern, coarser.

# %% tags=["solution-only"] alt="Two feature maps of the ring. Left, padding 1 and stride 1, 16 by 16: red arcs on the left edges of the ring's strokes and blue arcs on their right edges. Right, padding 1 and stride 2, 8 by 8: the same pattern at half the resolution."
same = conv2d(image, kernel, p=1, s=1)
half = conv2d(image, kernel, p=1, s=2)
fig, axes = plt.subplots(1, 2, figsize=(6.0, 3.0))
for ax, fmap, title in [
    (axes[0], same, f"p = 1, s = 1: {same.shape[0]} × {same.shape[1]}"),
    (axes[1], half, f"p = 1, s = 2: {half.shape[0]} × {half.shape[1]}"),
]:
    ax.imshow(fmap, cmap="RdBu_r", vmin=-4, vmax=4)
    ax.set(title=title, xticks=[], yticks=[])
plt.show()
