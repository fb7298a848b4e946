"""The site's figure style keeps SVGs small: text as text, dense parts as images."""

from __future__ import annotations

import io

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from dlnotes.plot import style


@pytest.fixture
def styled():
    with matplotlib.rc_context():
        style.use()
        yield
        plt.close("all")


def _svg(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue().decode("utf-8")


def test_compact_svg_cuts_coordinates_but_not_transforms() -> None:
    text = '<path d="M 1.234567 -2.5 L 30.1 4.56789"/><g transform="scale(0.015625)">'
    assert style.compact_svg(text) == (
        '<path d="M 1.23 -2.5 L 30.1 4.56"/><g transform="scale(0.015625)">'
    )


def test_text_is_text_and_a_dense_scatter_is_an_image(styled) -> None:
    rng = np.random.default_rng(0)
    fig, (dense, sparse) = plt.subplots(1, 2)
    dense.scatter(*rng.normal(size=(2, 2000)))
    sparse.scatter(*rng.normal(size=(2, 20)))
    dense.set_title("a dense cloud")
    svg = _svg(fig)
    assert ">a dense cloud</text>" in svg  # no glyph outlines
    assert svg.count("<image") == 1  # the dense scatter only
    assert svg.count("<use") >= 20  # the sparse one stays vectors
    assert len(svg) < 60_000, len(svg)  # 2000 vector points would be ~400 KB


def test_saving_to_a_path_and_to_a_text_file(styled, tmp_path) -> None:
    rng = np.random.default_rng(1)
    fig, ax = plt.subplots()
    ax.scatter(*rng.normal(size=(2, 500)), c=rng.integers(0, 3, 500))
    fig.savefig(tmp_path / "a.svg", format="svg", metadata={"Date": None})
    with open(tmp_path / "b.svg", "w", encoding="utf-8") as handle:
        fig.savefig(handle, format="svg", metadata={"Date": None})
    a, b = ((tmp_path / n).read_text() for n in ("a.svg", "b.svg"))
    assert a.startswith("<?xml") and b.startswith("<?xml")
    assert "<image" in a and "<image" in b
