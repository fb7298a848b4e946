"""Convolution and pooling for images in NCHW layout (batch, channels, rows, cols).

``conv2d_naive`` spells out the convolution as nested loops, to read.
``Conv2D`` computes the same thing without a loop over pixels: ``im2col``
copies every k×k patch into a column, so the whole convolution becomes one
matrix product. Its backward pass is more matrix products, and adds the
patch gradients back onto the image with a loop over the k*k kernel offsets
only.

Like PyTorch, "convolution" here is cross-correlation (the kernel is not
flipped), and the output size is ``H_out = (H + 2 * padding - k) // stride + 1``.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import DTypeLike

from dlnotes.layers import Layer


def conv2d_naive(
    x: np.ndarray, W: np.ndarray, b: np.ndarray, stride: int = 1, padding: int = 0
) -> np.ndarray:
    """Reference 2-D convolution written as loops (slow, but easy to read).

    ``y[n, f, i, j] = b[f] + sum_{c, u, v} W[f, c, u, v] * xp[n, c, i*s + u, j*s + v]``
    where ``xp`` is ``x`` zero-padded by ``padding`` on each side.

    Args:
        x: Images ``(N, C, H, W)``.
        W: Kernels ``(F, C, k, k)``.
        b: Biases ``(F,)``.
        stride: Step ``s`` between neighbouring windows.
        padding: Zeros added on every side of each image.

    Returns:
        ``y: (N, F, H_out, W_out)``, ``H_out = (H + 2 * padding - k) // s + 1``.
    """
    n_images, _, height, width = x.shape
    n_filters, _, k, _ = W.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    h_out = (height + 2 * padding - k) // stride + 1
    w_out = (width + 2 * padding - k) // stride + 1
    y = np.zeros((n_images, n_filters, h_out, w_out), dtype=x.dtype)
    for n in range(n_images):
        for f in range(n_filters):
            for i in range(h_out):
                for j in range(w_out):
                    r, c = i * stride, j * stride
                    patch = xp[n, :, r : r + k, c : c + k]  # (C, k, k)
                    y[n, f, i, j] = np.sum(patch * W[f]) + b[f]
    return y


def im2col(xp: np.ndarray, k: int, stride: int = 1) -> tuple[np.ndarray, tuple[int, int]]:
    """Every ``k × k`` window of the images ``xp`` as one column, the batch included.

    ``cols[(c, u, v), (n, i, j)] = xp[n, c, i*s + u, j*s + v]``: row ``(c, u, v)``
    is channel ``c`` at kernel offset ``(u, v)``, column ``(n, i, j)`` is
    window ``(i, j)`` of image ``n``. ``xp`` is already padded.

    Args:
        xp: Images ``(N, C, H, W)``.
        k: Window size.
        stride: Step ``s`` between neighbouring windows.

    Returns:
        ``cols: (C*k*k, N * H_out * W_out)`` and ``(H_out, W_out)``, with
        ``H_out = (H - k) // s + 1``.
    """
    # a strided *view* of every window, (N, C, H_out, W_out, k, k), then one copy
    windows = sliding_window_view(xp, (k, k), axis=(2, 3))[:, :, ::stride, ::stride]
    c, h_out, w_out = windows.shape[1:4]
    cols = windows.transpose(1, 4, 5, 0, 2, 3).reshape(c * k * k, -1)
    return cols, (h_out, w_out)


class Conv2D(Layer):
    """2-D convolution layer (cross-correlation, like ``torch.nn.Conv2d``).

    Shapes: ``x: (N, C, H, W)``, ``W: (F, C, k, k)``, ``b: (F,)``,
    ``y: (N, F, H_out, W_out)`` with ``H_out = (H + 2p - k) // s + 1``.

    Forward with im2col, ``P = N * H_out * W_out`` window positions of the
    whole batch::

        cols = im2col(x)                 # (C*k*k, P): one patch per column
        y = W.reshape(F, C*k*k) @ cols + b[:, None]     # (F, P)

    Backward, with ``g = dL/dy`` arranged as ``(F, P)`` like ``y``::

        dL/dW = g @ cols.T               # (F, C*k*k), reshaped to (F, C, k, k)
        dL/db = g.sum over P             # (F,)

    and ``dL/dx`` by undoing im2col. With ``xp`` the zero-padded ``x``, of
    size ``Hp × Wp`` (``Hp = H + 2p``), patch entry ``(c, u, v)`` of window
    ``(n, i, j)`` was ``xp[n, c, i*s + u, j*s + v]``, so its gradient goes
    back there::

        dL/dxp[n, :, i*s + u, j*s + v] += W[:, :, u, v].T @ g[:, n, i, j]   # each (u, v)

    a loop over the ``k*k`` kernel offsets, never over pixels, grouped in one
    of two ways that give the same sums:

    * **col2im** (when ``F > C``): one product for every offset at once,
      ``dcols = W.reshape(F, C*k*k).T @ g`` of shape ``(C*k*k, P)``, then
      ``k*k`` strided additions into ``(N, C, H, W)``.
    * **one product per offset** (when ``F <= C``): here ``dcols`` would be
      large, and writing it, then adding it back in short strided runs,
      costs more than ``k*k`` smaller products that each add into one
      contiguous slice. For that, each channel of the padded batch is
      laid out as one long row, pixel ``(n, a, b)`` at ``(n*Hp + a)*Wp + b``.
      Moving by the offset ``(u, v)`` is then moving ``u*Wp + v`` along the
      row, so offset ``(u, v)`` adds ``W[:, :, u, v].T @ gf`` into one
      contiguous slice, where ``gf`` holds ``g[:, n, i, j]`` at window
      ``(i, j)``'s corner ``(n, i*s, j*s)`` and 0 elsewhere.

    Putting the batch inside the columns makes every product run over the
    whole batch at once, which BLAS runs far faster than ``N`` small ones.

    ``W`` is initialised He-normal, ``std = sqrt(2 / (C * k * k))``; ``b`` is 0.

    Args:
        in_channels: ``C``.
        out_channels: ``F``, the number of filters.
        kernel_size: ``k`` (square kernels).
        stride: Step between neighbouring windows.
        padding: Zeros added on every side of each image.
        seed: An int, a ``np.random.Generator`` or None.
        dtype: Floating dtype of the parameters; float32 stays float32.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int,
        stride: int = 1,
        padding: int = 0,
        seed: int | np.random.Generator | None = None,
        dtype: DTypeLike = np.float64,
    ) -> None:
        super().__init__()
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding
        rng = np.random.default_rng(seed)
        shape = (out_channels, in_channels, kernel_size, kernel_size)
        std = float(np.sqrt(2.0 / (in_channels * kernel_size * kernel_size)))
        self.params = {
            "W": rng.standard_normal(shape, dtype=dtype) * std,
            "b": np.zeros(out_channels, dtype=dtype),
        }
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``y = W ⊛ x + b``: ``(N, C, H, W) -> (N, F, H_out, W_out)``.

        Raises:
            ValueError: If ``x`` is not ``(N, C, H, W)`` with ``C = in_channels``
                or an image is smaller than the kernel.
        """
        k, s, p = self.kernel_size, self.stride, self.padding
        if x.ndim != 4 or x.shape[1] != self.in_channels:
            raise ValueError(
                f"{self!r} expected input of shape (N, {self.in_channels}, H, W), got {x.shape}"
            )
        if min(x.shape[2:]) + 2 * p < k:
            raise ValueError(f"{self!r} got images {x.shape[2:]}, smaller than k={k}")
        self.x_shape = x.shape
        if p:  # zeros in x's own memory order, so the copy runs straight through memory
            n, c, height, width = x.shape
            xp = np.zeros_like(x, shape=(n, c, height + 2 * p, width + 2 * p))
            xp[:, :, p : p + height, p : p + width] = x
            x = xp
        self.cols, (h_out, w_out) = im2col(x, k, s)  # (C*k*k, P)
        n = x.shape[0]
        W = self.params["W"].reshape(self.out_channels, -1)  # (F, C*k*k)
        y = W @ self.cols  # (F, P)
        y += self.params["b"][:, None]  # in place: no second (F, P) array
        # (F, N, H_out, W_out) in memory, seen as (N, F, H_out, W_out): no copy
        return y.reshape(self.out_channels, n, h_out, w_out).transpose(1, 0, 2, 3)

    def backward(self, grad: np.ndarray) -> np.ndarray | None:
        """Fill ``grads`` and return ``dL/dx: (N, C, H, W)`` for ``g: (N, F, H_out, W_out)``.

        ``dW = g @ cols.T``, ``db = g.sum((0, 2, 3))`` with ``g`` arranged as
        ``(F, P)``; ``dx`` by col2im or by one product per kernel offset (see
        the class docstring). ``dx`` is skipped (None is returned) when
        ``needs_input_grad`` is False.
        """
        f = self.out_channels
        g = grad.transpose(1, 0, 2, 3).reshape(f, -1)  # (F, P), like y
        # (cols @ g.T).T is g @ cols.T; BLAS runs this order faster for a long P
        self.grads["W"] = (self.cols @ g.T).T.reshape(self.params["W"].shape)
        self.grads["b"] = g.sum(axis=1)
        if not self.needs_input_grad:
            return None  # the input is the data: nobody needs dL/dx
        if f > self.in_channels:
            return self._input_grad_col2im(g, grad.shape)
        return self._input_grad_by_offset(grad)

    def _input_grad_col2im(self, g: np.ndarray, grad_shape: tuple[int, ...]) -> np.ndarray:
        """``dL/dx = col2im(W.reshape(F, C*k*k).T @ g)`` for ``g: (F, P)``."""
        k, s, p = self.kernel_size, self.stride, self.padding
        n, f, h_out, w_out = grad_shape
        dcols = self.params["W"].reshape(f, -1).T @ g  # (C*k*k, P)
        dcols = dcols.reshape(self.in_channels, k, k, n, h_out, w_out)
        # col2im: window (i, j) read xp[.., i*s + u, j*s + v] through kernel offset
        # (u, v), so add every offset's gradient back onto that strided grid.
        # The sum is built as (C, N, H, W), the order of dcols, and viewed as (N, C, H, W).
        _, c, height, width = self.x_shape
        dx = np.zeros((c, n, height + 2 * p, width + 2 * p), dtype=dcols.dtype)
        for u in range(k):
            for v in range(k):
                dx[:, :, u : u + s * h_out : s, v : v + s * w_out : s] += dcols[:, u, v]
        return dx[:, :, p : p + height, p : p + width].transpose(1, 0, 2, 3)

    def _input_grad_by_offset(self, grad: np.ndarray) -> np.ndarray:
        """``dL/dxp[:, shifted by (u, v)] += W[:, :, u, v].T @ gf``, one product per offset.

        ``gf: (F, N*Hp*Wp)`` is ``g`` placed at the windows' corners on the
        padded images laid end to end (see the class docstring).
        """
        k, s, p = self.kernel_size, self.stride, self.padding
        n, f, h_out, w_out = grad.shape
        _, c, height, width = self.x_shape
        hp, wp = height + 2 * p, width + 2 * p
        gf = np.zeros((f, n, hp, wp), dtype=grad.dtype)
        gf[:, :, : s * h_out : s, : s * w_out : s] = grad.transpose(1, 0, 2, 3)
        gf = gf.reshape(f, -1)
        # every corner with a window lies before `length`, so each shifted slice fits
        length = gf.shape[1] - (k - 1) * wp - (k - 1)
        dx = np.zeros((c, gf.shape[1]), dtype=grad.dtype)
        product = np.empty((c, length), dtype=grad.dtype)  # reused by every offset
        W = self.params["W"]
        for u in range(k):
            for v in range(k):
                shift = u * wp + v
                np.matmul(W[:, :, u, v].T, gf[:, :length], out=product)
                dx[:, shift : shift + length] += product
        # (C, N, Hp, Wp) in memory; drop the padding and view it as (N, C, H, W)
        dx = dx.reshape(c, n, hp, wp)[:, :, p : p + height, p : p + width]
        return dx.transpose(1, 0, 2, 3)

    def __repr__(self) -> str:
        return (
            f"Conv2D({self.in_channels} -> {self.out_channels}, "
            f"kernel_size={self.kernel_size}, stride={self.stride}, "
            f"padding={self.padding})"
        )


class MaxPool2D(Layer):
    """Max pooling over non-overlapping ``size × size`` windows (stride = size).

    ``y[n, c, i, j] = max_{u, v < size} x[n, c, i*size + u, j*size + v]``.
    Shapes: ``x: (N, C, H, W)`` -> ``y: (N, C, H // size, W // size)``; rows
    and columns that do not fill a window are dropped, like PyTorch.

    Both passes loop over the ``size * size`` offsets ``(u, v)`` of a window,
    never over pixels: ``x[:, :, u::size, v::size]`` holds offset ``(u, v)`` of
    every window at once.

    Backward: each window's gradient goes to the position of its maximum (the
    first one on ties, like PyTorch); every other position gets 0.

    Args:
        size: Window size and stride.
    """

    def __init__(self, size: int = 2) -> None:
        super().__init__()
        self.size = size

    def _offset(self, x: np.ndarray, u: int, v: int) -> np.ndarray:
        """View of offset ``(u, v)`` of every window: ``(N, C, H_out, W_out)``."""
        s, (h_out, w_out) = self.size, self.out_hw
        return x[:, :, u : h_out * s : s, v : w_out * s : s]

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``(N, C, H, W) -> (N, C, H // size, W // size)``; keeps ``x`` and ``y``."""
        if x.ndim != 4 or min(x.shape[2:]) < self.size:
            raise ValueError(
                f"{self!r} expected input (N, C, H, W) with H, W >= {self.size}, got {x.shape}"
            )
        s = self.size
        self.out_hw = (x.shape[2] // s, x.shape[3] // s)
        y = self._offset(x, 0, 0).copy()
        for u in range(s):
            for v in range(s):
                np.maximum(y, self._offset(x, u, v), out=y)
        self.x, self.y = x, y
        return y

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Route each ``g[n, c, i, j]`` to the (first) argmax of its window."""
        dx = np.zeros(self.x.shape, dtype=grad.dtype)
        taken = np.zeros(self.y.shape, dtype=bool)  # window already got its grad
        for u in range(self.size):
            for v in range(self.size):
                hit = self._offset(self.x, u, v) == self.y
                hit &= ~taken
                taken |= hit
                np.multiply(hit, grad, out=self._offset(dx, u, v))
        return dx

    def __repr__(self) -> str:
        return f"MaxPool2D(size={self.size})"


class AvgPool2D(Layer):
    """Average pooling over non-overlapping ``size × size`` windows (stride = size).

    ``y[n, c, i, j] = mean_{u, v < size} x[n, c, i*size + u, j*size + v]``.
    Shapes: ``x: (N, C, H, W)`` -> ``y: (N, C, H // size, W // size)``; rows
    and columns that do not fill a window are dropped, like
    ``torch.nn.AvgPool2d(size)``.

    The windows are a reshape, no loop: the cropped image
    ``(N, C, H_out * size, W_out * size)`` is viewed as
    ``(N, C, H_out, size, W_out, size)`` and averaged over axes 3 and 5.

    Backward: every input of a window gets ``g[n, c, i, j] / size**2``;
    dropped rows and columns get 0.

    Args:
        size: Window size and stride.

    Raises:
        ValueError: If ``size < 1``.
    """

    def __init__(self, size: int = 2) -> None:
        super().__init__()
        if size < 1:
            raise ValueError(f"AvgPool2D size must be >= 1, got {size}")
        self.size = size

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``(N, C, H, W) -> (N, C, H // size, W // size)``, the mean of each window.

        Raises:
            ValueError: If ``x`` is not ``(N, C, H, W)`` with ``H, W >= size``.
        """
        s = self.size
        if x.ndim != 4 or min(x.shape[2:]) < s:
            raise ValueError(
                f"{self!r} expected input (N, C, H, W) with H, W >= {s}, got {x.shape}"
            )
        n, c, h, w = x.shape
        h_out, w_out = h // s, w // s
        self.x_shape = x.shape
        windows = x[:, :, : h_out * s, : w_out * s].reshape(n, c, h_out, s, w_out, s)
        return windows.mean(axis=(3, 5))

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Spread each ``g[n, c, i, j] / size**2`` over its window."""
        s = self.size
        n, c, h_out, w_out = grad.shape
        share = grad * (1.0 / (s * s))
        dx = np.broadcast_to(share[:, :, :, None, :, None], (n, c, h_out, s, w_out, s))
        dx = dx.reshape(n, c, h_out * s, w_out * s)  # a copy: the broadcast repeats
        h, w = self.x_shape[2:]
        if (h, w) != (h_out * s, w_out * s):  # dropped rows/columns get 0
            dx = np.pad(dx, ((0, 0), (0, 0), (0, h - h_out * s), (0, w - w_out * s)))
        return dx

    def __repr__(self) -> str:
        return f"AvgPool2D(size={self.size})"


class GlobalAvgPool2D(Layer):
    """Mean of each channel over all pixels: ``(N, C, H, W) -> (N, C)``.

    ``y[n, c] = mean_{i, j} x[n, c, i, j]``, as
    ``torch.nn.AdaptiveAvgPool2d(1)`` followed by a flatten. It replaces a
    large ``Flatten`` + ``Dense`` head with one number per channel, and
    works for any image size.

    Backward: every pixel of channel ``c`` gets ``g[n, c] / (H * W)``.
    """

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``(N, C, H, W) -> (N, C)``.

        Raises:
            ValueError: If ``x`` is not 4-dimensional.
        """
        if x.ndim != 4:
            raise ValueError(f"{self!r} expected input of shape (N, C, H, W), got {x.shape}")
        self.x_shape = x.shape
        return x.mean(axis=(2, 3))

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """``dL/dx[n, c, i, j] = g[n, c] / (H * W)``."""
        h, w = self.x_shape[2:]
        dx = np.empty(self.x_shape, dtype=grad.dtype)
        dx[...] = (grad * (1.0 / (h * w)))[:, :, None, None]
        return dx
