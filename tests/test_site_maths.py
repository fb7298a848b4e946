"""TeX becomes MathML at build time; a broken formula names its page."""

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from site_maths import on_page_content

PAGE = SimpleNamespace(file=SimpleNamespace(src_uri="concepts/x.md"))


def test_inline_and_block_maths_become_mathml() -> None:
    html = (
        '<p>See <span class="arithmatex">\\(\\sigma(z)\\)</span>.</p>'
        '<div class="arithmatex">\\[\\frac{1}{1 + e^{-z}}\\]</div>'
    )
    out = on_page_content(html, PAGE, None, None)
    assert out.count("<math") == 2
    assert 'display="block"' in out and 'display="inline"' in out
    assert "<mfrac>" in out
    assert "\\(" not in out and "\\frac" not in out


def test_escaped_html_inside_maths_is_unescaped_first() -> None:
    out = on_page_content('<span class="arithmatex">\\(a &lt; b\\)</span>', PAGE, None, None)
    assert "&lt;" not in out and "<mo>&#x0003C;</mo>" in out


@pytest.mark.parametrize("tex", ["\\left( x", "x^", "\\nosuchcommand x"])
def test_a_formula_that_cannot_be_converted_names_the_page(tex: str) -> None:
    html = f'<span class="arithmatex">\\({tex}\\)</span>'
    with pytest.raises(PluginError, match=r"docs/concepts/x.md: cannot render the formula"):
        on_page_content(html, PAGE, None, None)
