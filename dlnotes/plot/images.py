"""Pictures of arrays: images, convolution filters, feature maps and heatmaps.

Every function draws into axes the caller made with ``plt.subplots``, so a
snippet decides the layout::

    fig, axes = plt.subplots(2, 6, figsize=(8, 3))
    show_images(axes.flat, X[:12, 0], titles=["good"] * 6 + ["defect"] * 6)

Images are opaque, so their colours look the same on a light and a dark page.
Only what surrounds them (titles, frames, colour-bar labels) follows the site
style. The one exception is text drawn *on* an image cell, such as the numbers
of :func:`annotated_heatmap`: it sits on the colormap, not on the page, so it
uses the fixed colours :data:`ON_LIGHT` and :data:`ON_DARK`, chosen per cell
by the cell's brightness, which the dark theme leaves unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.image import AxesImage

from dlnotes.plot.style import MUTED

#: Text colour on a bright image cell (not one of the colours the dark theme swaps).
ON_LIGHT = "#141414"
#: Text colour on a dark image cell.
ON_DARK = "#f5f5f5"


def _frame(ax: Axes) -> None:
    """No ticks, no grid, a thin frame in the muted style colour."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(MUTED)
        spine.set_linewidth(0.6)


def show_image(
    ax: Axes,
    image: np.ndarray,
    title: str | None = None,
    *,
    cmap: str = "gray",
    vmin: float | None = None,
    vmax: float | None = None,
) -> AxesImage:
    """Draw one 2-D array as an image, pixel ``[i, j]`` at row ``i``, column ``j``.

    Args:
        ax: where to draw.
        image: array of shape ``(H, W)``.
        title: optional title above the image.
        cmap: Matplotlib colormap name.
        vmin: the value mapped to the low end of the colormap
            (default: the image's own minimum).
        vmax: the value mapped to the high end (default: the image's maximum).

    Returns:
        The ``AxesImage``, for a colour bar.

    Raises:
        ValueError: if ``image`` is not 2-D.
    """
    image = np.asarray(image)
    if image.ndim != 2:
        raise ValueError(f"show_image expected a 2-D array (H, W), got shape {image.shape}")
    shown = ax.imshow(image, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    _frame(ax)
    if title is not None:
        ax.set_title(title, fontsize=9.5, fontweight="normal")
    return shown


def show_images(
    axes: Iterable[Axes],
    images: Sequence[np.ndarray] | np.ndarray,
    titles: Sequence[str] | None = None,
    *,
    cmap: str = "gray",
    vmin: float | None = None,
    vmax: float | None = None,
) -> list[AxesImage]:
    """Draw ``images[k]`` into the ``k``-th axes, all on one colour scale.

    With ``vmin``/``vmax`` left as None, the scale runs from the smallest to
    the largest value over *all* images, so equal values look equal in every
    panel. Axes left over after the last image are hidden.

    Args:
        axes: axes to fill, e.g. ``axes.flat`` from ``plt.subplots``.
        images: ``(K, H, W)`` array or a sequence of ``K`` 2-D arrays.
        titles: optional, one per image.
        cmap: Matplotlib colormap name.
        vmin: low end of the shared colour scale.
        vmax: high end of the shared colour scale.

    Returns:
        One ``AxesImage`` per image.

    Raises:
        ValueError: if there are more images than axes, or titles do not
            match the images.
    """
    axes = list(axes)
    images = [np.asarray(im) for im in images]
    if len(images) > len(axes):
        raise ValueError(f"show_images got {len(images)} images but only {len(axes)} axes")
    if titles is not None and len(titles) != len(images):
        raise ValueError(f"show_images got {len(titles)} titles for {len(images)} images")
    lo = min(float(im.min()) for im in images) if vmin is None else vmin
    hi = max(float(im.max()) for im in images) if vmax is None else vmax
    shown = []
    for k, (ax, im) in enumerate(zip(axes, images, strict=False)):
        title = titles[k] if titles is not None else None
        shown.append(show_image(ax, im, title, cmap=cmap, vmin=lo, vmax=hi))
    for ax in axes[len(images) :]:
        ax.set_visible(False)
    return shown


def show_filters(
    axes: Iterable[Axes],
    kernels: np.ndarray,
    titles: Sequence[str] | None = None,
    *,
    cmap: str = "RdBu_r",
) -> list[AxesImage]:
    """Draw convolution kernels on one colour scale centred on zero.

    The scale is symmetric, ``[-m, m]`` with ``m = max |kernels|``, so with the
    default diverging colormap positive weights are red, negative weights blue
    and zero weights white, in every panel alike.

    Args:
        axes: axes to fill, one per kernel.
        kernels: ``(F, k, k)`` array, e.g. ``Conv2D.params["W"][:, 0]``.
        titles: optional, one per kernel.
        cmap: a diverging Matplotlib colormap.

    Returns:
        One ``AxesImage`` per kernel (for a shared colour bar).
    """
    kernels = np.asarray(kernels)
    m = float(np.abs(kernels).max())
    return show_images(axes, kernels, titles, cmap=cmap, vmin=-m, vmax=m)


def text_colour_on(rgba: Sequence[float]) -> str:
    """:data:`ON_DARK` or :data:`ON_LIGHT`, whichever reads on a cell of this colour.

    Uses the relative luminance ``0.2126 R + 0.7152 G + 0.0722 B`` of the
    (gamma-encoded) colour; cells below 0.5 get light text.
    """
    r, g, b = to_rgb(rgba)
    return ON_DARK if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 else ON_LIGHT


def annotated_heatmap(
    ax: Axes,
    matrix: np.ndarray,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    *,
    cmap: str = "RdBu_r",
    vmax: float | None = None,
    fmt: str = "{:+.2f}",
) -> AxesImage:
    """A matrix as coloured cells with each value written in its cell.

    The colour scale is symmetric about zero, ``[-vmax, vmax]``, so the sign
    of a value shows as its hue and its size as the colour's strength. Each
    number is written in :data:`ON_LIGHT` or :data:`ON_DARK` depending on its
    cell's brightness, so it stays readable in both site themes.

    Args:
        ax: where to draw.
        matrix: ``(R, C)`` values; row ``i`` is drawn at the top for ``i = 0``.
        row_labels: ``R`` labels, written left of the rows.
        col_labels: ``C`` labels, written above the columns.
        cmap: a diverging Matplotlib colormap.
        vmax: end of the colour scale (default ``max |matrix|``).
        fmt: format of the number in each cell.

    Returns:
        The ``AxesImage``, for a colour bar.

    Raises:
        ValueError: if the labels do not match the matrix's shape.
    """
    matrix = np.asarray(matrix, dtype=float)
    rows, cols = matrix.shape
    if len(row_labels) != rows or len(col_labels) != cols:
        raise ValueError(
            f"annotated_heatmap: matrix is {rows}x{cols} but got "
            f"{len(row_labels)} row labels and {len(col_labels)} column labels"
        )
    m = float(np.abs(matrix).max()) if vmax is None else vmax
    shown = ax.imshow(matrix, cmap=cmap, vmin=-m, vmax=m, aspect="auto")
    for i in range(rows):
        for j in range(cols):
            colour = text_colour_on(shown.cmap(shown.norm(matrix[i, j])))
            ax.text(j, i, fmt.format(matrix[i, j]), ha="center", va="center", color=colour)
    ax.set_xticks(range(cols), col_labels)
    ax.set_yticks(range(rows), row_labels)
    ax.tick_params(top=False, bottom=False, left=False, labeltop=True, labelbottom=False)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return shown
