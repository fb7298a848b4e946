"""Loss surfaces of two parameters, and the paths optimizers take across them.

A loss of two parameters ``L(a, b)`` is a landscape: draw its contour lines
(curves of equal loss, like the height lines of a map) with
:func:`plot_contours`, then the points an optimizer visited with
:func:`plot_path`::

    from dlnotes.plot.surface import plot_contours, plot_path

    plot_contours(ax, loss, xlim=(-3, 3), ylim=(-2, 2), minimum=(0, 0))
    plot_path(ax, path, label="lr = 0.1")    # path: (steps + 1, 2)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.axes import Axes

from dlnotes.plot.style import INK, MUTED

Surface = Callable[[np.ndarray, np.ndarray], np.ndarray]


def plot_contours(
    ax: Axes,
    f: Surface,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    *,
    levels: int | Sequence[float] = 12,
    log: bool = True,
    minimum: tuple[float, float] | None = None,
    resolution: int = 200,
) -> None:
    """Draw contour lines of ``f`` over a rectangle, and fix the axis limits.

    ``f`` is evaluated once on a ``resolution × resolution`` grid, so it must
    work elementwise on arrays: ``f(A, B)`` with ``A, B`` of shape
    ``(resolution, resolution)`` returns the loss at every grid point, same
    shape. Lines are drawn in the muted text colour, so they read on light
    and dark pages alike.

    Args:
        ax: where to draw.
        f: the loss as a function of the two parameters, vectorized.
        xlim: range of the first parameter (horizontal axis).
        ylim: range of the second parameter (vertical axis).
        levels: number of contour lines, or the loss values to draw them at.
        log: space an integer number of levels evenly in log(loss) between
            the grid's smallest and largest positive values, so the lines
            crowd neither the bottom of the valley nor the walls.
        minimum: if given, mark this point (the minimum) with a star.
        resolution: grid points along each axis.
    """
    a, b = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    z = f(a, b)
    if isinstance(levels, int) and log:
        positive = z[z > 0]
        levels = np.geomspace(positive.min(), positive.max(), levels + 2)[1:-1]
    ax.contour(a, b, z, levels=levels, colors=MUTED, linewidths=0.7, alpha=0.8)
    if minimum is not None:
        ax.plot(*minimum, marker="*", markersize=13, color=INK, linestyle="none", zorder=10)
    ax.set(xlim=xlim, ylim=ylim)
    ax.grid(False)


def plot_path(
    ax: Axes,
    path: np.ndarray,
    *,
    label: str | None = None,
    color: str | None = None,
    markersize: float = 3.5,
    stop_outside: bool = True,
    zorder: float = 3,
) -> None:
    """Draw the points an optimizer visited, joined in order.

    The start is a larger open circle; every later point is a small dot, so
    the spacing of the dots shows the step sizes.

    A diverging path soon leaves the map, and its later, ever longer steps
    would cross the whole picture. With ``stop_outside`` the path is drawn
    up to the first point outside the axes' current limits (set them first,
    e.g. with :func:`plot_contours`), so its last step points off the map.

    Args:
        ax: where to draw (usually after :func:`plot_contours`).
        path: the visited points, shape ``(steps + 1, 2)``, start first.
        label: legend entry for the path.
        color: line colour; the next colour of the cycle if None.
        markersize: size of the dots.
        stop_outside: end the drawing at the first point outside the axes.
        zorder: drawing order; a path with a higher value is drawn on top.
    """
    path = np.asarray(path)
    if stop_outside:
        (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
        outside = (path[:, 0] < x0) | (path[:, 0] > x1) | (path[:, 1] < y0) | (path[:, 1] > y1)
        if outside.any():
            path = path[: np.argmax(outside) + 1]
    (line,) = ax.plot(
        path[:, 0],
        path[:, 1],
        marker="o",
        markersize=markersize,
        linewidth=1.4,
        label=label,
        color=color,
        zorder=zorder,
    )
    ax.plot(
        *path[0],
        marker="o",
        markersize=9,
        markerfacecolor="none",
        markeredgewidth=1.6,
        color=line.get_color(),
        zorder=zorder + 0.5,
    )
