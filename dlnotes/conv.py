"""Convolution and pooling for images in NCHW layout (batch, channels, rows, cols).

``conv2d_naive`` spells out the convolution as nested loops, to read.
``Conv2D`` computes the same thing without a loop over pixels: ``row_windows``
lays out every image row k times, moved by 0 .. k-1 pixels, so the
convolution becomes one matrix product with all k kernel rows stacked, plus
k - 1 shifted additions (``shifted_products``). With few input channels and
many filters, copying whole k × k patches out of those rows and making one
product moves less memory (``patch_products``); ``Conv2D`` takes whichever of
the two moves less (``patches_move_less``). Its backward pass is more
matrix products: the gradient for the input is itself a convolution, of the
output gradient with the flipped kernel.

Like PyTorch, "convolution" here is cross-correlation (the kernel is not
flipped), and the output size is ``H_out = (H + 2 * padding - k) // stride + 1``.
"""

from __future__ import annotations

import numpy as np
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


def row_windows(
    x: np.ndarray,
    k: int,
    stride: int = 1,
    pads: tuple[int, int, int, int] = (0, 0, 0, 0),
    out: np.ndarray | None = None,
) -> np.ndarray:
    """The ``k`` horizontal windows of every image row, side by side, the batch included.

    With ``xp`` the images zero-padded by ``pads = (top, bottom, left, right)``,
    of size ``Hp × Wp``::

        rows[(c, v), (n, a, j)] = xp[n, c, a, j*s + v]      v < k, a < Hp, j < W_out

    Row ``(c, v)`` is channel ``c`` moved left by ``v`` pixels (and keeping
    every ``s``-th column); column ``(n, a, j)`` is pixel ``(a, j)`` of image
    ``n``. Window ``(i, j)`` of the convolution is then ``k`` columns of
    ``rows``, one per kernel row ``u``: column ``(n, i*s + u, j)``. Those are
    ``u * W_out`` apart, so a product with kernel row ``u``, read ``u * W_out``
    columns on, covers every window (see ``shifted_products``). The padding
    is part of ``rows``, so ``x`` is read only once.

    Only the entries that come from ``x`` are written. The others (the
    padding, and the columns that reach past an image's edge) must already
    be 0 in ``out``: a new array is made with zeros, and a layer that keeps
    one ``out`` for inputs of one shape finds them still 0, since every call
    writes the same entries.

    Args:
        x: Images ``(N, C, H, W)``.
        k: Window size.
        stride: Step ``s`` between neighbouring windows along a row.
        pads: Zeros added on the top, bottom, left and right of each image.
        out: An array of ``rows``' shape and ``x``'s dtype, 0 outside the
            entries from ``x``, to write into; or None for a new one.

    Returns:
        ``rows: (C*k, N * Hp * W_out)``, ``Hp = H + top + bottom``,
        ``W_out = (W + left + right - k) // s + 1``.
    """
    top, bottom, left, right = pads
    n, c, height, width = x.shape
    s, hp = stride, height + top + bottom
    w_out = (width + left + right - k) // s + 1
    if out is None:
        out = np.zeros((c * k, n * hp * w_out), dtype=x.dtype)
    inside = out.reshape(c, k, n, hp, w_out)[:, :, :, top : top + height]  # (C, k, N, H, W_out)
    x = x.transpose(1, 0, 2, 3)  # (C, N, H, W), a view
    for v in range(k):
        # column j reads x's column j*s + v - left: inside the image for j0 <= j < j1
        # (the columns outside stay 0)
        j0 = min(w_out, max(0, -((v - left) // s)))
        j1 = max(j0, min(w_out, (width - 1 + left - v) // s + 1))
        first = j0 * s + v - left
        inside[:, v, :, :, j0:j1] = x[:, :, :, first : first + (j1 - j0 - 1) * s + 1 : s]
    return out


def shifted_products(W: np.ndarray, rows: np.ndarray, w_out: int) -> np.ndarray:
    """``y[:, t] = sum_u W[:, :, u, :] @ rows[:, t + u * w_out]``: one product, then shifted sums.

    ``W: (F, C, k, k)`` with its last two axes ``(u, v)``; ``W[:, :, u, :]``
    seen as ``(F, C*k)`` matches the rows ``(c, v)`` of ``row_windows``.
    The ``k`` kernel rows are stacked into one ``(k*F, C*k)`` matrix, so a
    single product ``z = W_stacked @ rows`` reads ``rows`` once; block ``u``
    of ``z`` (its rows ``u*F .. u*F + F - 1``), read ``u * w_out`` columns
    further on, is then added onto block 0::

        z[u*F + f, t] = sum_{c, v} W[f, c, u, v] * rows[(c, v), t]
        y[f, t] = sum_u z[u*F + f, t + u * w_out]

    For ``t`` at window ``(i, j)``'s top-left pixel, ``y[:, t]`` is the
    window's output. The last ``(k-1) * w_out`` columns reach past the end,
    belong to no window, and are set to 0.

    Args:
        W: Kernels ``(F, C, k, k)``.
        rows: ``(C*k, P)`` from ``row_windows``.
        w_out: Columns per image row in ``rows``.

    Returns:
        ``y: (F, P)``.
    """
    f, c, k, _ = W.shape
    length = rows.shape[1] - (k - 1) * w_out  # columns with all k shifted rows in range
    W_stacked = W.transpose(2, 0, 1, 3).reshape(k * f, c * k)  # row u*F + f is W[f, :, u, :]
    z = W_stacked @ rows  # (k*F, P)
    y = z[:f]  # block u = 0, a view: the other blocks are added onto it
    for u in range(1, k):
        y[:, :length] += z[u * f : (u + 1) * f, u * w_out : u * w_out + length]
    y[:, length:] = 0
    return y


def patch_products(
    W: np.ndarray, rows: np.ndarray, w_out: int, cols: np.ndarray | None = None
) -> np.ndarray:
    """``y[:, t] = W_flat @ cols[:, t]``: every whole ``k × k`` patch copied out, then one product.

    Computes what ``shifted_products`` computes, the other way round: the
    ``k`` shifted reads of ``rows`` are copied first, side by side, into
    ``cols`` (a matrix of whole patches, *im2col*), and one product with all
    ``C*k*k`` kernel weights of each filter gives ``y`` directly::

        cols[u, (c, v), t] = rows[(c, v), t + u * w_out]
        y[f, t] = sum_{u, c, v} W[f, c, u, v] * cols[u, (c, v), t]

    The last ``(k-1) * w_out`` columns of ``y`` belong to no window and are
    set to 0, as in ``shifted_products``.

    Args:
        W: Kernels ``(F, C, k, k)``.
        rows: ``(C*k, P)`` from ``row_windows``.
        w_out: Columns per image row in ``rows``.
        cols: An array of shape ``(k, C*k, P - (k-1) * w_out)`` and ``rows``'
            dtype to copy the patches into, or None for a new one.

    Returns:
        ``y: (F, P)``.
    """
    f, c, k, _ = W.shape
    length = rows.shape[1] - (k - 1) * w_out
    row_step, column_step = rows.strides
    # shifted[u, (c, v), t] = rows[(c, v), t + u * w_out]: a view, no copy
    shifted = np.lib.stride_tricks.as_strided(
        rows, (k, c * k, length), (w_out * column_step, row_step, column_step), writeable=False
    )
    if cols is None:
        cols = np.empty(shifted.shape, dtype=rows.dtype)
    cols[...] = shifted
    W_flat = W.transpose(0, 2, 1, 3).reshape(f, k * c * k)  # columns in cols' order (u, c, v)
    y = np.empty((f, rows.shape[1]), dtype=rows.dtype)
    np.matmul(W_flat, cols.reshape(k * c * k, length), out=y[:, :length])
    y[:, length:] = 0
    return y


def patches_move_less(in_channels: int, out_channels: int, k: int) -> bool:
    """Whether ``patch_products`` writes fewer numbers per pixel than ``shifted_products``.

    Per pixel, ``patch_products`` writes ``C*k*k`` copies and ``F`` outputs,
    ``shifted_products`` writes ``k*F`` stacked outputs. With few input
    channels and more filters (a first layer on grey or colour images) the
    patches are fewer; with many channels the stacked outputs are. Both wait
    on memory more than on arithmetic at these sizes, so the one that writes
    less is faster; where the counts are close, so are the times.
    """
    return in_channels * k * k + out_channels < k * out_channels


class Conv2D(Layer):
    """2-D convolution layer (cross-correlation, like ``torch.nn.Conv2d``).

    Shapes: ``x: (N, C, H, W)``, ``W: (F, C, k, k)``, ``b: (F,)``,
    ``y: (N, F, H_out, W_out)`` with ``H_out = (H + 2p - k) // s + 1``.

    Forward, with ``xp`` the zero-padded ``x`` of size ``Hp × Wp``::

        y[n, :, i, j] = b + sum_u sum_{c, v} W[:, c, u, v] * xp[n, c, i*s + u, j*s + v]

    ``row_windows`` lays out every row of ``xp`` ``k`` times, moved by
    ``v = 0 .. k-1`` pixels: ``rows`` of shape ``(C*k, P)``, one column per
    pixel ``(n, a, j)``, ``P = N * Hp * W_out``. The inner sum over ``(c, v)``
    for kernel row ``u`` is then a matrix product with ``W[:, :, u, :]``
    (``(F, C*k)``), read ``u`` image rows further on; ``shifted_products``
    makes all ``k`` of them in one product and adds them up::

        y[:, t] = sum_u W[:, :, u, :] @ rows[:, t + u * W_out] + b     # (F, P)

    The output at window ``(i, j)`` of image ``n`` is column ``(n, i*s, j)``;
    the other rows of ``y`` are computed and skipped (the ``k - 1`` last of
    each image, when ``s = 1``). Each pixel is copied ``k`` times, not
    ``k*k`` times as in a matrix of whole patches (*im2col*); with few
    channels the products wait on memory more than on arithmetic, so
    copying less is what makes them faster. The stacked product does write
    ``k`` outputs per filter and pixel, though; when whole patches are the
    smaller copy (few channels, many filters: ``patches_move_less``), the
    layer copies them out of ``rows`` and makes one product with them
    instead (``patch_products``), which gives the same ``y``.

    Backward, with ``g = dL/dy`` placed on the same grid as ``y`` (0 at the
    skipped rows), ``gT: (P, F)``::

        dL/dW[:, :, u, :] = (rows[:, u*W_out :] @ gT).T     # (F, C*k), each u
        dL/db = g summed over n, i, j                       # (F,)

    and ``dL/dx`` in one of two ways that give the same sums:

    * **as a convolution** (when ``F <= C``): the gradient of a correlation
      is the correlation of ``g`` with the kernel flipped (``W[:, :, ::-1, ::-1]``),
      its ``F`` and ``C`` axes swapped. ``g`` is spaced out by ``s`` (zeros
      between its entries) and padded by ``k - 1 - p``, so the result has
      ``x``'s size, and this runs through ``row_windows`` and
      ``shifted_products`` like the forward pass.
    * **col2im** (when ``F > C``): one product for every kernel offset at
      once, ``dcols = W.reshape(F, C*k*k).T @ g`` of shape ``(C*k*k, N*H_out*W_out)``,
      then ``k*k`` strided additions into ``(N, C, H, W)``: each entry goes
      back to the pixel it was read from. With few input channels ``dcols``
      is small, and this is the faster way.

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
        self.work: dict[str, tuple[tuple, np.ndarray]] = {}  # kept from pass to pass (_work)

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
        n, _, height, width = self.x_shape = x.shape
        hp = height + 2 * p
        h_out, w_out = (hp - k) // s + 1, (width + 2 * p - k) // s + 1
        rows_shape = (self.in_channels * k, n * hp * w_out)
        rows = self._work("rows", rows_shape, x.dtype)
        self.rows = row_windows(x, k, s, (p, p, p, p), out=rows)
        y = self._products(self.params["W"], self.rows, w_out, "cols")  # (F, N*Hp*W_out)
        y += self.params["b"][:, None]  # in place: no second (F, P) array
        # (F, N, Hp, W_out) in memory; keep the rows where windows start, every s-th,
        # and view it as (N, F, H_out, W_out): no copy
        y = y.reshape(self.out_channels, n, hp, w_out)[:, :, : (h_out - 1) * s + 1 : s]
        return y.transpose(1, 0, 2, 3)

    def backward(self, grad: np.ndarray) -> np.ndarray | None:
        """Fill ``grads`` and return ``dL/dx: (N, C, H, W)`` for ``g: (N, F, H_out, W_out)``.

        ``dW`` by one product per kernel row, ``db = g`` summed over ``(n, i, j)``, ``dx``
        as a convolution of ``g`` or by col2im (see the class docstring).
        ``dx`` is skipped (None is returned) when ``needs_input_grad`` is False.
        """
        k, s, p = self.kernel_size, self.stride, self.padding
        n, f, h_out, w_out = grad.shape
        c, hp = self.in_channels, self.x_shape[2] + 2 * p
        # g on y's grid, one row per pixel (n, a, j) and one column per filter; only the
        # rows where windows start are written, the others stay 0 (see _work)
        gT = self._work("gT", (n, hp, w_out, f), grad.dtype)
        gT[:, : (h_out - 1) * s + 1 : s] = grad.transpose(0, 2, 3, 1)
        gT = gT.reshape(-1, f)[: self.rows.shape[1] - (k - 1) * w_out]  # (P', F)
        length = gT.shape[0]
        dW = np.empty_like(self.params["W"])
        for u in range(k):
            rows_u = self.rows[:, u * w_out : u * w_out + length]  # (C*k, P')
            dW[:, :, u, :] = (rows_u @ gT).T.reshape(f, c, k)
        self.grads["W"] = dW
        self.grads["b"] = np.einsum("nfij->f", grad)  # g summed over n, i, j
        if not self.needs_input_grad:
            return None  # the input is the data: nobody needs dL/dx
        if f > c:
            return self._input_grad_col2im(grad)
        return self._input_grad_as_convolution(grad)

    def _input_grad_as_convolution(self, grad: np.ndarray) -> np.ndarray:
        """``dL/dx`` = ``g``, spaced out by ``s`` and padded, correlated with the flipped kernel.

        ``dL/dx[n, c, a, b] = sum_{f, u, v} W[f, c, u, v] * gd[n, f, a + p - u, b + p - v]``
        where ``gd`` is ``g`` with ``s - 1`` zeros between neighbours; with the
        kernel flipped, ``W'[c, f, u, v] = W[f, c, k-1-u, k-1-v]``, that is a
        correlation of ``gd`` padded by ``k - 1 - p``.
        """
        k, s, p = self.kernel_size, self.stride, self.padding
        n, f, h_out, w_out = grad.shape
        _, c, height, width = self.x_shape
        gd = grad
        if s > 1:  # space the entries out by s
            gd = np.zeros((n, f, (h_out - 1) * s + 1, (w_out - 1) * s + 1), dtype=grad.dtype)
            gd[:, :, ::s, ::s] = grad
        # pad by k - 1 - p, and more at the bottom and right where the windows did
        # not reach (stride leftovers); a negative pad crops, as p > k - 1 can ask
        q = k - 1 - p
        bottom = q + height + 2 * p - k - (h_out - 1) * s
        right = q + width + 2 * p - k - (w_out - 1) * s
        crop = max(0, -q)
        gd = gd[:, :, crop : gd.shape[2] - max(0, -bottom), crop : gd.shape[3] - max(0, -right)]
        pads = (max(0, q), max(0, bottom), max(0, q), max(0, right))
        shape = (f * k, n * (gd.shape[2] + pads[0] + pads[1]) * width)
        rows = row_windows(gd, k, 1, pads, out=self._work("grad_rows", shape, grad.dtype))
        W_flipped = self.params["W"][:, :, ::-1, ::-1].transpose(1, 0, 2, 3)  # (C, F, k, k)
        dx = self._products(W_flipped, rows, width, "grad_cols")  # (C, N*Hg*W)
        # (C, N, Hg, W) in memory; the first H rows of each image, seen as (N, C, H, W)
        return dx.reshape(c, n, -1, width)[:, :, :height].transpose(1, 0, 2, 3)

    def _input_grad_col2im(self, grad: np.ndarray) -> np.ndarray:
        """``dL/dx = col2im(W.reshape(F, C*k*k).T @ g[n])`` for each image ``g[n]: (F, Ho*Wo)``."""
        k, s, p = self.kernel_size, self.stride, self.padding
        n, f, h_out, w_out = grad.shape
        W_flat = self.params["W"].reshape(f, -1)  # (F, C*k*k)
        # kept between passes, and laid out (C*k*k, N, H_out*W_out) for the additions below
        dcols = self._work("dcols", (W_flat.shape[1], n, h_out * w_out), grad.dtype)
        np.matmul(W_flat.T, grad.reshape(n, f, -1), out=dcols.transpose(1, 0, 2))
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

    def _products(self, W: np.ndarray, rows: np.ndarray, w_out: int, name: str) -> np.ndarray:
        """``shifted_products(W, rows, w_out)``, or ``patch_products`` where that moves less.

        ``W: (F', C', k, k)``; ``name`` is the work array that keeps the patches.
        """
        f, c, k, _ = W.shape
        if not patches_move_less(c, f, k):
            return shifted_products(W, rows, w_out)
        shape = (k, c * k, rows.shape[1] - (k - 1) * w_out)
        return patch_products(W, rows, w_out, cols=self._work(name, shape, rows.dtype))

    def _work(self, name: str, shape: tuple[int, ...], dtype: DTypeLike) -> np.ndarray:
        """A work array, made of zeros, that the layer keeps from one pass to the next.

        A fresh array of several megabytes on every pass can come from the
        operating system as fresh memory pages, and touching each page for the
        first time costs a page fault; a kept array costs nothing after the
        first pass. Each work array is written at the same entries on every
        pass with inputs of one shape (pixels of the image or of the
        gradient), and never at the others (padding, skipped rows), so those
        keep the zeros they were made with. An array is therefore kept only
        while the input shape (``x_shape``), its own shape and the dtype stay
        the same; any change gets a new array of zeros.
        """
        key = (self.x_shape, shape, np.dtype(dtype))
        kept = self.work.get(name)
        if kept is None or kept[0] != key:
            kept = self.work[name] = (key, np.zeros(shape, dtype=dtype))
        return kept[1]

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
