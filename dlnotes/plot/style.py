"""The site's figure style, and how a figure becomes its dark-theme twin.

Every figure on the site is saved twice: once for the light theme and once for
the dark one. Snippets draw with the *light* colours below; after the snippet
has run, :func:`to_dark` repaints every artist whose colour is one of the light
"ink" colours with its dark counterpart. Data colours (:data:`PALETTE`) were
chosen to read on both a white and a near-black page, so they stay as they are.

Rules for figure code, so that the swap works:

* draw text, axes and outlines in :data:`INK` or :data:`MUTED` (the defaults
  after :func:`use`), never in hard-coded ``"black"`` or ``"white"``;
* fill regions with a palette colour plus ``alpha``, not with opaque pastels;
* use :data:`PAPER` where something must look like the page (a node's face).
"""

from __future__ import annotations

import base64
import io
import os
import re
from collections.abc import Mapping
from pathlib import Path

import matplotlib as mpl
from matplotlib.backend_bases import register_backend
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.collections import PathCollection, QuadMesh
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure

#: Data colours, readable on a white and on a dark page (checked on screenshots).
PALETTE: tuple[str, ...] = (
    "#2f7ed8",  # blue
    "#f28e2b",  # orange
    "#2ca25f",  # green
    "#e15759",  # red
    "#a173d1",  # purple
    "#17b3c4",  # cyan
    "#d4a20c",  # ochre
)

#: Light-theme neutrals. ``to_dark`` maps each to the same key in ``DARK``.
LIGHT: Mapping[str, str] = {
    "ink": "#1f2328",  # text, axes, outlines
    "muted": "#59636e",  # secondary text, ticks
    "grid": "#d1d9e0",  # grid lines, faint guides
    "paper": "#ffffff",  # "the page": node faces, legend boxes
}
DARK: Mapping[str, str] = {
    "ink": "#e6edf3",
    "muted": "#9aa5b1",
    "grid": "#3a424c",
    "paper": "#1e2129",  # Material's slate background
}

INK, MUTED, GRID, PAPER = LIGHT["ink"], LIGHT["muted"], LIGHT["grid"], LIGHT["paper"]

#: Matplotlib settings for every site figure. The figure background is
#: transparent, so the page colour shows through in both themes.
RC: dict[str, object] = {
    "figure.figsize": (7.0, 3.6),
    "figure.dpi": 100,
    "figure.facecolor": "none",
    "figure.edgecolor": "none",
    "figure.constrained_layout.use": True,
    "savefig.facecolor": "none",
    "savefig.edgecolor": "none",
    "savefig.transparent": True,
    "font.size": 10.5,
    "font.family": "DejaVu Sans",
    "axes.facecolor": "none",
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.titlecolor": INK,
    "axes.titlesize": 11.5,
    "axes.titleweight": "bold",
    "axes.grid": True,
    "axes.axisbelow": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=list(PALETTE)),
    "grid.color": GRID,
    "grid.linewidth": 0.8,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "text.color": INK,
    "legend.frameon": True,
    "legend.facecolor": PAPER,
    "legend.edgecolor": GRID,
    "legend.framealpha": 0.9,
    "lines.linewidth": 2.0,
    "patch.edgecolor": INK,
    "image.cmap": "viridis",
    "scatter.edgecolors": "face",
    # Text as <text>, drawn by the reader's own sans-serif font: no glyph
    # outlines embedded in every figure (about half of a small SVG), and the
    # text stays selectable and searchable. Nothing is fetched either way.
    "svg.fonttype": "none",
    # Fixed salt: SVG element ids are the same on every run.
    "svg.hashsalt": "dlnotes",
}


#: A scatter plot with more points than this is drawn as an image inside the SVG.
DENSE_POINTS = 100
#: Pixels per inch of the parts of an SVG drawn as images (sharp on a 2x screen).
RASTER_DPI = 200
#: Decimals kept in SVG coordinates (in pt: 0.01 pt is far below a pixel).
SVG_DECIMALS = 2


def use() -> None:
    """Apply the site style to Matplotlib's global settings.

    Also makes ``savefig(..., format="svg")`` go through :class:`LightSVGCanvas`,
    which keeps the files small (see :func:`lighten` and :func:`compact_svg`).
    """
    mpl.rcParams.update(RC)
    register_backend("svg", __name__, "Scalable Vector Graphics, kept small")


def lighten(fig: Figure) -> None:
    """Mark the dense parts of ``fig`` to be drawn as images inside its SVG.

    A scatter plot of more than :data:`DENSE_POINTS` points costs about 200
    bytes per point as vectors; as an image it costs a few kilobytes. Colour
    meshes (``pcolormesh``) are rasterized too. Axes, text and lines stay
    vectors, so they remain sharp and (for text) selectable.
    """
    for artist in fig.findobj():
        dense_scatter = (
            isinstance(artist, PathCollection) and len(artist.get_offsets()) > DENSE_POINTS
        )
        if dense_scatter or isinstance(artist, QuadMesh):
            artist.set_rasterized(True)


_COORDINATE = re.compile(rf"(-?\d+\.\d{{{SVG_DECIMALS}}})\d+")
_ROUNDED = re.compile(r'(\s(?:d|x|y|x1|x2|y1|y2|points)=")([^"]*)(")')


_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=\s]+)")
#: Colours kept in an embedded image (a PNG palette holds at most 256).
PNG_COLOURS = 256


def _smaller_png(match: re.Match) -> str:
    """An embedded PNG as a palette PNG (up to :data:`PNG_COLOURS`), if that is smaller."""
    from PIL import Image

    raw = base64.b64decode(match[1])
    image = Image.open(io.BytesIO(raw))
    image = image.convert("RGBA").quantize(PNG_COLOURS, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    if len(out.getvalue()) >= len(raw):
        return match[0]
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def compact_svg(text: str) -> str:
    """``text`` (an SVG) made smaller without a visible change.

    Coordinates are cut to :data:`SVG_DECIMALS` decimals, in geometry
    attributes only (``d``, ``x``, ``y``, ``points`` ...; transforms and
    colours are left as they are), and embedded images become palette PNGs.
    """
    text = _ROUNDED.sub(lambda m: m[1] + _COORDINATE.sub(r"\1", m[2]) + m[3], text)
    return _PNG.sub(_smaller_png, text)


class LightSVGCanvas(FigureCanvasSVG):
    """Matplotlib's SVG canvas, writing smaller files: see :func:`lighten`, :func:`compact_svg`."""

    def print_svg(self, filename, *, bbox_inches_restore=None, metadata=None, **ignored) -> None:
        """Save as SVG. ``ignored``: what ``savefig`` passes to every format (dpi, colours)."""
        lighten(self.figure)
        buffer = io.StringIO()
        # The SVG backend draws vectors at 72 dpi whatever the figure's dpi;
        # the figure's dpi only sets the resolution of the rasterized parts.
        dpi = self.figure.dpi
        self.figure.dpi = max(dpi, RASTER_DPI)
        try:
            super().print_svg(buffer, bbox_inches_restore=bbox_inches_restore, metadata=metadata)
        finally:
            self.figure.dpi = dpi
        text = compact_svg(buffer.getvalue())
        if isinstance(filename, str | os.PathLike):
            Path(filename).write_text(text, encoding="utf-8")
        else:
            try:
                filename.write(text)
            except TypeError:  # a binary file
                filename.write(text.encode("utf-8"))

    print_svgz = None  # not offered: .svgz files are not served here


#: What :func:`matplotlib.backend_bases.register_backend` looks for.
FigureCanvas = LightSVGCanvas


def _swap(colour: object, table: Mapping[tuple, str]) -> object | None:
    """Return the dark replacement for ``colour``, or None to leave it alone.

    Alpha is kept, so a half-transparent ink line stays half-transparent.
    """
    if colour is None or (isinstance(colour, str) and colour == "none"):
        return None
    try:
        rgba = to_rgba(colour)
    except (ValueError, TypeError):
        return None
    new = table.get(tuple(round(c, 3) for c in rgba[:3]))
    if new is None:
        return None
    return to_rgba(new, rgba[3])


def _table() -> dict[tuple, str]:
    table = {}
    for key, light in LIGHT.items():
        table[tuple(round(c, 3) for c in to_rgba(light)[:3])] = DARK[key]
    # Matplotlib's own defaults, in case a snippet relies on them.
    table[(0.0, 0.0, 0.0)] = DARK["ink"]
    return table


def to_dark(fig: Figure) -> None:
    """Repaint ``fig`` in place for the dark theme.

    Every text, line, patch and collection whose colour is one of the light
    neutrals (:data:`LIGHT`) is given the matching dark neutral (:data:`DARK`).
    Palette colours, colormaps and images are left unchanged.
    """
    table = _table()
    for artist in fig.findobj():
        for getter, setter in (
            ("get_color", "set_color"),
            ("get_edgecolor", "set_edgecolor"),
            ("get_facecolor", "set_facecolor"),
            ("get_markeredgecolor", "set_markeredgecolor"),
            ("get_markerfacecolor", "set_markerfacecolor"),
        ):
            get = getattr(artist, getter, None)
            set_ = getattr(artist, setter, None)
            if get is None or set_ is None:
                continue
            try:
                current = get()
            except (TypeError, AttributeError):
                continue
            if _is_array_of_colours(current):
                swapped = [_swap(c, table) for c in current]
                if any(s is not None for s in swapped):
                    pairs = zip(swapped, current, strict=True)
                    set_([new if new is not None else old for new, old in pairs])
                continue
            new = _swap(current, table)
            if new is not None:
                set_(new)
    for ax in fig.axes:
        # Ticks and grid lines are created lazily at draw time, so set the
        # defaults they will be made with as well as repainting existing ones.
        ax.tick_params(
            which="both",
            colors=DARK["muted"],
            labelcolor=DARK["ink"],
            grid_color=DARK["grid"],
        )


def _is_array_of_colours(value: object) -> bool:
    """True for an (n, 4) RGBA array or a list of colours, as collections return."""
    shape = getattr(value, "shape", None)
    if shape is not None:
        return len(shape) == 2 and shape[1] in (3, 4)
    if not isinstance(value, list) or not value:
        return False
    return not isinstance(value[0], float)


def hex_of(colour: object) -> str:
    """The ``#rrggbb`` form of any Matplotlib colour (handy in tests)."""
    return to_hex(colour)
