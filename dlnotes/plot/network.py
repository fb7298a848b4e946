"""Diagrams of fully connected networks: a circle per neuron, a line per weight.

Layer ``l`` is drawn as a column of ``layer_sizes[l]`` circles at
``x = l * layer_gap``, centred on ``y = 0`` and ``node_gap`` apart. Every node
of one layer is joined to every node of the next, exactly as a ``Dense`` layer
connects them, so a diagram of sizes ``(n_0, n_1, ..., n_L)`` has
``sum(n_l)`` circles and ``sum(n_l * n_(l+1))`` lines, one per weight.

Example::

    fig, ax = plt.subplots()
    draw_network(ax, [3, 4, 2], labels=["input", "hidden", "output"])
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.patches import Circle

from dlnotes.plot.style import INK, MUTED, PAPER


def node_positions(
    layer_sizes: Sequence[int], layer_gap: float = 2.0, node_gap: float = 1.0
) -> list[np.ndarray]:
    """Centres of the nodes, one ``(n_l, 2)`` array of ``(x, y)`` per layer.

    Layer ``l`` sits at ``x = l * layer_gap``; its nodes are spread
    ``node_gap`` apart from top to bottom, centred on ``y = 0``.

    Args:
        layer_sizes: number of nodes in each layer, input first; each >= 1.
        layer_gap: horizontal distance between neighbouring layers.
        node_gap: vertical distance between neighbouring nodes of a layer.

    Returns:
        A list with one ``(layer_sizes[l], 2)`` float array per layer.

    Raises:
        ValueError: if there are no layers or a layer has fewer than one node.
    """
    if len(layer_sizes) == 0 or any(int(n) < 1 for n in layer_sizes):
        raise ValueError(f"expected at least one layer, each with >= 1 node, got {layer_sizes}")
    positions = []
    for l, n in enumerate(layer_sizes):
        y = node_gap * ((n - 1) / 2 - np.arange(n))  # top to bottom, mean 0
        positions.append(np.column_stack([np.full(n, l * layer_gap), y]))
    return positions


def draw_network(
    ax: Axes,
    layer_sizes: Sequence[int],
    labels: Sequence[str] | None = None,
    node_labels: Sequence[Sequence[str] | None] | None = None,
    *,
    layer_colors: Sequence[str] | None = None,
    radius: float = 0.3,
    layer_gap: float = 2.0,
    node_gap: float = 1.0,
    connection_color: str = MUTED,
) -> list[np.ndarray]:
    """Draw a fully connected network: nodes as circles, weights as lines.

    Nodes are :class:`~matplotlib.patches.Circle` patches with a ``PAPER``
    face (the page colour) and an ``INK`` edge, drawn on top of the lines so
    each line seems to end at a node's rim. All connections form one
    :class:`~matplotlib.collections.LineCollection` with one segment per
    weight. The axes get an equal aspect ratio (round circles) and no frame.

    Args:
        ax: where to draw.
        layer_sizes: nodes per layer, input layer first, e.g. ``[3, 4, 2]``.
        labels: optional caption under each layer, e.g. ``["input", ...]``;
            one per layer.
        node_labels: optional text inside the nodes: one entry per layer,
            each ``None`` or one string per node of that layer.
        layer_colors: optional edge colour for each layer's nodes (palette
            colours); ``INK`` when omitted.
        radius: node radius, in the same units as the gaps.
        layer_gap: horizontal distance between layers.
        node_gap: vertical distance between the nodes of a layer.
        connection_color: colour of the connection lines.

    Returns:
        The node centres, as returned by :func:`node_positions`, so a caller
        can annotate particular nodes or connections.

    Raises:
        ValueError: if ``labels``, ``node_labels`` or ``layer_colors`` do not
            match the number of layers, or a layer's node labels do not
            match its size.
    """
    positions = node_positions(layer_sizes, layer_gap, node_gap)
    n_layers = len(positions)
    for name, given in (
        ("labels", labels),
        ("node_labels", node_labels),
        ("layer_colors", layer_colors),
    ):
        if given is not None and len(given) != n_layers:
            raise ValueError(f"expected {n_layers} {name} (one per layer), got {len(given)}")

    # One segment per weight: every node of layer l to every node of layer l + 1.
    segments = [
        (tuple(a), tuple(b)) for left, right in pairwise(positions) for a in left for b in right
    ]
    ax.add_collection(
        LineCollection(segments, colors=connection_color, linewidths=0.8, alpha=0.7, zorder=1)
    )

    for l, centres in enumerate(positions):
        edge = layer_colors[l] if layer_colors is not None else INK
        texts = node_labels[l] if node_labels is not None else None
        if texts is not None and len(texts) != len(centres):
            raise ValueError(
                f"layer {l} has {len(centres)} nodes but {len(texts)} node labels were given"
            )
        for i, (x, y) in enumerate(centres):
            ax.add_patch(Circle((x, y), radius, facecolor=PAPER, edgecolor=edge, lw=1.6, zorder=2))
            if texts is not None:
                ax.text(x, y, texts[i], ha="center", va="center", color=INK, zorder=3)

    top = max(float(c[0, 1]) for c in positions) + radius
    bottom = -top
    if labels is not None:
        for l, label in enumerate(labels):
            x = float(positions[l][0, 0])
            ax.text(x, bottom - 0.25 * node_gap, label, ha="center", va="top", color=INK)
        bottom -= 1.1 * node_gap  # room for up to two lines of caption

    margin = radius + 0.3 * layer_gap
    ax.set_xlim(-margin, (n_layers - 1) * layer_gap + margin)
    ax.set_ylim(bottom - 0.1, top + 0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    return positions
