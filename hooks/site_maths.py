"""MkDocs hook: render TeX maths to MathML while the site builds.

``pymdownx.arithmatex`` (generic mode) wraps ``$...$`` and ``$$...$$`` in
``<span class="arithmatex">\\(...\\)</span>`` and
``<div class="arithmatex">\\[...\\]</div>``. This hook replaces each with
MathML from :mod:`latex2mathml`, which browsers draw natively: no MathJax,
no KaTeX, no request to any other host. A formula that cannot be converted
fails the build and names the page.
"""

from __future__ import annotations

import html
import re

from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError

MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<block>.*?)\\\])\s*</(?P=tag)>",
    re.DOTALL,
)


def to_mathml(tex: str, display: bool) -> str:
    """MathML for one formula (``tex`` is HTML-escaped, as arithmatex leaves it)."""
    mathml = convert(html.unescape(tex).strip(), display="block" if display else "inline")
    leftover = re.search(r"\\[A-Za-z]+", mathml)
    if leftover:  # latex2mathml passes unknown commands through as text
        raise ValueError(f"unknown command {leftover.group()}")
    if display:
        return f'<div class="arithmatex">{mathml}</div>'
    return f'<span class="arithmatex">{mathml}</span>'


def render_for_page(tex: str, display: bool, page) -> str:
    """:func:`to_mathml`, or a build error that names the page and the formula."""
    try:
        return to_mathml(tex, display)
    except Exception as error:  # latex2mathml raises several types
        raise PluginError(
            f"docs/{page.file.src_uri}: cannot render the formula {tex!r}: {error}"
        ) from error


def on_page_content(content: str, page, config, files) -> str:
    def replace(match: re.Match) -> str:
        display = match["block"] is not None
        return render_for_page(match["block"] if display else match["inline"], display, page)

    return MATH.sub(replace, content)
