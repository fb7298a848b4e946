"""Tests for dlnotes/plot/surface.py: contour maps and optimizer paths."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from dlnotes.plot.style import INK, MUTED
from dlnotes.plot.surface import plot_contours, plot_path


def bowl(a, b):
    return a**2 + 10 * b**2


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_contours_set_limits_and_use_log_spaced_levels_inside_the_range(ax) -> None:
    plot_contours(ax, bowl, xlim=(-2, 3), ylim=(-1, 1), levels=8)
    assert ax.get_xlim() == (-2, 3) and ax.get_ylim() == (-1, 1)
    (contours,) = [c for c in ax.collections if hasattr(c, "levels")]
    levels = np.asarray(contours.levels)
    assert len(levels) == 8
    ratios = levels[1:] / levels[:-1]
    assert np.allclose(ratios, ratios[0])  # evenly spaced in log(loss)
    assert 0 < levels.min() and levels.max() < bowl(3, 1)


def test_contours_are_drawn_in_the_muted_colour(ax) -> None:
    plot_contours(ax, bowl, xlim=(-1, 1), ylim=(-1, 1), levels=[1.0, 2.0, 4.0])
    (contours,) = [c for c in ax.collections if hasattr(c, "levels")]
    assert list(contours.levels) == [1.0, 2.0, 4.0]
    assert {to_hex(c) for c in contours.get_edgecolor()} == {MUTED}


def test_minimum_is_marked_with_an_ink_star(ax) -> None:
    plot_contours(ax, bowl, xlim=(-1, 1), ylim=(-1, 1), minimum=(0.0, 0.0))
    stars = [line for line in ax.lines if line.get_marker() == "*"]
    assert len(stars) == 1
    assert to_hex(stars[0].get_color()) == INK
    assert list(stars[0].get_xydata()[0]) == [0.0, 0.0]


def test_path_draws_every_point_and_marks_the_start(ax) -> None:
    ax.set(xlim=(-5, 5), ylim=(-5, 5))
    path = np.array([[3.0, 2.0], [1.0, 1.0], [0.0, 0.5]])
    plot_path(ax, path, label="run")
    line, start = ax.lines
    assert line.get_label() == "run"
    assert np.array_equal(line.get_xydata(), path)
    assert list(start.get_xydata()[0]) == [3.0, 2.0]
    assert start.get_color() == line.get_color()


def test_diverging_path_stops_at_the_first_point_outside(ax) -> None:
    ax.set(xlim=(-1, 1), ylim=(-1, 1))
    path = np.array([[0.5, 0.0], [-0.8, 0.0], [1.5, 0.0], [-3.0, 0.0], [9.0, 0.0]])
    plot_path(ax, path)
    assert np.array_equal(ax.lines[0].get_xydata(), path[:3])


def test_stop_outside_can_be_switched_off(ax) -> None:
    ax.set(xlim=(-1, 1), ylim=(-1, 1))
    path = np.array([[0.5, 0.0], [2.0, 0.0], [0.1, 0.0]])
    plot_path(ax, path, stop_outside=False)
    assert np.array_equal(ax.lines[0].get_xydata(), path)


def test_zorder_puts_one_path_above_another(ax) -> None:
    ax.set(xlim=(-1, 1), ylim=(-1, 1))
    plot_path(ax, np.array([[0.0, 0.0], [0.5, 0.5]]), zorder=7)
    line, start = ax.lines
    assert line.get_zorder() == 7 and start.get_zorder() > 7
