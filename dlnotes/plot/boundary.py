"""Decision boundaries of 2-D classifiers."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap

from dlnotes.plot.style import MUTED, PALETTE

Classifier = Callable[[np.ndarray], np.ndarray]


def predict_labels(model: object) -> Classifier:
    """A function ``(M, 2) points -> (M,) int labels`` for a compiled model.

    A compiled ``Sequential`` turns its raw outputs into labels with its loss
    (``model.loss.labels``); any callable is returned unchanged.
    """
    if callable(model) and not hasattr(model, "predict"):
        return model
    return lambda points: model.loss.labels(model.predict(points))


def plot_decision_boundary(
    ax: Axes,
    model: object,
    X: np.ndarray,
    y: np.ndarray,
    *,
    resolution: int = 250,
    padding: float = 0.5,
    alpha: float = 0.22,
    point_size: float = 14,
) -> None:
    """Shade the regions a classifier assigns to each class, and draw the data.

    Every point of a ``resolution × resolution`` grid covering the data is
    classified, and each region is filled with its class colour at ``alpha``
    (readable on light and dark pages alike). The data points are drawn on
    top in the same colours.

    Args:
        ax: where to draw.
        model: a compiled ``Sequential`` or any function from (M, 2) points
            to (M,) integer labels.
        X: data points, shape (N, 2).
        y: integer labels, shape (N,).
        resolution: grid points along each axis.
        padding: margin around the data, in data units.
        alpha: opacity of the shaded regions.
        point_size: marker area of the data points.
    """
    classify = predict_labels(model)
    (x0, y0), (x1, y1) = X.min(axis=0) - padding, X.max(axis=0) + padding
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    grid = np.column_stack([gx.ravel(), gy.ravel()]).astype(X.dtype, copy=False)
    regions = classify(grid).reshape(gx.shape)

    n_classes = int(max(y.max(), regions.max())) + 1
    colours = ListedColormap(PALETTE[:n_classes])
    ax.imshow(
        regions,
        origin="lower",
        extent=(x0, x1, y0, y1),
        cmap=colours,
        vmin=-0.5,
        vmax=n_classes - 0.5,
        alpha=alpha,
        interpolation="nearest",
        aspect="auto",
    )
    ax.contour(gx, gy, regions, levels=np.arange(n_classes) + 0.5, colors=MUTED, linewidths=0.8)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap=colours, vmin=-0.5, vmax=n_classes - 0.5, s=point_size)
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xticks=[], yticks=[])
    ax.grid(False)
