"""Tests for dlnotes/plot/network.py: network diagrams."""

import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from dlnotes.plot.network import draw_network, node_positions
from dlnotes.plot.style import INK, MUTED, PALETTE, PAPER


def new_axes():
    return Figure().subplots()


def circles(ax) -> list[Circle]:
    return [p for p in ax.patches if isinstance(p, Circle)]


def connections(ax) -> LineCollection:
    (lines,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    return lines


@pytest.mark.parametrize(
    ("sizes", "n_lines"),
    [([3, 5, 2], 3 * 5 + 5 * 2), ([2, 1], 2), ([4, 6, 6, 3], 24 + 36 + 18), ([7], 0)],
)
def test_one_circle_per_neuron_and_one_line_per_weight(sizes, n_lines) -> None:
    ax = new_axes()
    draw_network(ax, sizes)
    assert len(circles(ax)) == sum(sizes)
    assert len(connections(ax).get_segments()) == n_lines


def test_every_line_joins_nodes_of_neighbouring_layers() -> None:
    ax = new_axes()
    positions = draw_network(ax, [3, 4, 2], layer_gap=2.0)
    centres = {tuple(p) for layer in positions for p in layer}
    for (x0, y0), (x1, y1) in connections(ax).get_segments():
        assert (x0, y0) in centres and (x1, y1) in centres
        assert x1 - x0 == pytest.approx(2.0)  # next layer, never skipping one


def test_layers_are_columns_centred_on_zero() -> None:
    positions = node_positions([3, 4], layer_gap=1.5, node_gap=0.5)
    assert [p.shape for p in positions] == [(3, 2), (4, 2)]
    np.testing.assert_allclose(positions[1][:, 0], 1.5)
    np.testing.assert_allclose(positions[0][:, 1], [0.5, 0.0, -0.5])
    np.testing.assert_allclose(positions[1][:, 1].mean(), 0.0, atol=1e-12)


def test_nodes_have_paper_faces_and_ink_or_chosen_edges() -> None:
    ax = new_axes()
    draw_network(ax, [2, 3], layer_colors=[PALETTE[0], INK])
    nodes = circles(ax)
    assert {to_hex(c.get_facecolor()) for c in nodes} == {PAPER}
    assert [to_hex(c.get_edgecolor()) for c in nodes] == [PALETTE[0]] * 2 + [INK] * 3
    assert to_hex(connections(ax).get_edgecolor()[0]) == MUTED


def test_nodes_are_drawn_above_the_lines() -> None:
    ax = new_axes()
    draw_network(ax, [2, 2])
    assert all(c.get_zorder() > connections(ax).get_zorder() for c in circles(ax))


def test_captions_and_node_labels_are_written() -> None:
    ax = new_axes()
    draw_network(
        ax,
        [2, 1],
        labels=["input", "output"],
        node_labels=[["x1", "x2"], None],
    )
    texts = [t.get_text() for t in ax.texts]
    assert sorted(texts) == ["input", "output", "x1", "x2"]


def test_mismatched_labels_are_rejected() -> None:
    with pytest.raises(ValueError, match="expected 3 labels"):
        draw_network(new_axes(), [2, 3, 1], labels=["a", "b"])
    with pytest.raises(ValueError, match="3 nodes but 2 node labels"):
        draw_network(new_axes(), [2, 3], node_labels=[None, ["a", "b"]])
    with pytest.raises(ValueError, match=">= 1 node"):
        draw_network(new_axes(), [2, 0, 1])
