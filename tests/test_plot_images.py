"""Tests for dlnotes/plot/images.py: images, filters and annotated heatmaps."""

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from dlnotes.plot import style
from dlnotes.plot.images import (
    ON_DARK,
    ON_LIGHT,
    annotated_heatmap,
    show_filters,
    show_image,
    show_images,
    text_colour_on,
)


def new_axes(n: int = 1):
    axes = Figure().subplots(1, n, squeeze=False)[0]
    return list(axes)


def test_show_image_draws_the_array_unchanged_without_ticks_or_grid() -> None:
    (ax,) = new_axes()
    image = np.arange(12.0).reshape(3, 4)
    shown = show_image(ax, image, "title")
    np.testing.assert_array_equal(shown.get_array(), image)
    assert ax.get_xticks().size == 0 and ax.get_yticks().size == 0
    assert not any(line.get_visible() for line in ax.get_xgridlines())
    assert ax.get_title() == "title"


def test_show_image_rejects_a_batch() -> None:
    (ax,) = new_axes()
    with pytest.raises(ValueError, match="2-D"):
        show_image(ax, np.zeros((1, 4, 4)))


def test_show_images_shares_one_scale_and_hides_spare_axes() -> None:
    axes = new_axes(3)
    shown = show_images(axes, [np.zeros((2, 2)), np.full((2, 2), 4.0)])
    assert [im.get_clim() for im in shown] == [(0.0, 4.0), (0.0, 4.0)]
    assert axes[2].get_visible() is False


def test_show_images_checks_counts() -> None:
    with pytest.raises(ValueError, match="only 1 axes"):
        show_images(new_axes(1), np.zeros((2, 3, 3)))
    with pytest.raises(ValueError, match="titles"):
        show_images(new_axes(2), np.zeros((2, 3, 3)), titles=["one"])


def test_show_filters_scale_is_symmetric_about_zero() -> None:
    kernels = np.array([[[0.5, -0.2], [0.1, 0.0]], [[-1.5, 0.3], [0.2, 0.4]]])
    shown = show_filters(new_axes(2), kernels)
    assert all(im.get_clim() == (-1.5, 1.5) for im in shown)


def test_text_colour_is_light_on_dark_cells_and_dark_on_light_ones() -> None:
    assert text_colour_on("#000080") == ON_DARK
    assert text_colour_on("#ffff00") == ON_LIGHT
    assert text_colour_on((0.97, 0.97, 0.97, 1.0)) == ON_LIGHT


def test_cell_text_colours_survive_the_dark_theme() -> None:
    """Numbers sit on the colormap, not the page, so to_dark must leave them alone."""
    fig = Figure()
    ax = fig.subplots()
    annotated_heatmap(ax, np.array([[-1.0, 0.0, 1.0]]), ["row"], ["a", "b", "c"])
    before = [to_hex(t.get_color()) for t in ax.texts]
    style.to_dark(fig)
    assert [to_hex(t.get_color()) for t in ax.texts] == before
    # strong red and blue cells get light text, the white middle cell dark text
    assert before == [ON_DARK, ON_LIGHT, ON_DARK]


def test_annotated_heatmap_writes_every_value_and_labels() -> None:
    (ax,) = new_axes()
    matrix = np.array([[0.25, -0.5], [1.0, 0.0]])
    shown = annotated_heatmap(ax, matrix, ["r1", "r2"], ["c1", "c2"])
    assert [t.get_text() for t in ax.texts] == ["+0.25", "-0.50", "+1.00", "+0.00"]
    assert shown.get_clim() == (-1.0, 1.0)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["r1", "r2"]


def test_annotated_heatmap_checks_labels() -> None:
    (ax,) = new_axes()
    with pytest.raises(ValueError, match="2x2"):
        annotated_heatmap(ax, np.zeros((2, 2)), ["r1"], ["c1", "c2"])
