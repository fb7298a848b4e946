"""Across the site: search, the dark theme, figure colours and screenshots."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browser_checks import (
    PageReport,
    check_one_variant,
    check_theme_figures,
    rgb,
    search,
    svg_text_colours,
    theme_survey,
)

from tools import screenshots

browser = pytest.mark.browser

#: The page backgrounds of Material's two schemes, and the least contrast a
#: figure's text may have against them. Dark figures must be clearly light
#: (the palette's darkest, blue, gives 3.9); light ones allow the palette's
#: orange and ochre (2.3), which are data labels, never body text.
BACKGROUNDS = {"light": ("#ffffff", 2.0), "dark": ("#1e2129", 3.0)}


@browser
def test_searching_backpropagation_lists_its_page_first(base_url: str) -> None:
    results = search(base_url, "backpropagation")
    assert results, "searching 'backpropagation' found nothing"
    first = urlsplit(urljoin(base_url, results[0])).path
    assert first == "/concepts/backpropagation/", (
        f"the first result of 'backpropagation' is {first}, not /concepts/backpropagation/; "
        f"all results: {results}"
    )


def _sample(site_dir: Path, pages: list[str], count: int = 4) -> list[str]:
    """The home page and up to ``count`` pages with figures, spread over the site."""
    with_figures = sorted(
        p for p in pages if "_snippets/" in (site_dir / p / "index.html").read_text("utf-8")
    )
    step = max(1, len(with_figures) // count)
    return ["", *with_figures[::step][:count]]


@browser
@pytest.mark.parametrize(
    ("system", "scheme"),
    [("light", "slate"), ("dark", "default")],
    ids=["light-system-switched-to-dark", "dark-system-switched-to-light"],
)
def test_the_palette_toggle_swaps_figures_on_every_page_after(
    base_url: str, site_dir: Path, site_pages: list[str], system: str, scheme: str
) -> None:
    """Clicking Material's toggle (against the system's scheme) switches the page,
    and the pages opened after it keep the choice and show the matching figures.

    Every page's figures are checked in both schemes by
    ``test_every_figure_follows_the_theme``; here the real toggle is used, on a
    sample of pages.
    """
    pages = _sample(site_dir, site_pages)
    found = theme_survey(base_url, pages, system, scheme)
    problems = [p for path, page in found.items() for p in check_theme_figures(path, page, scheme)]
    assert not problems, "\n".join(problems)
    assert sum(len(page["figures"]) for page in found.values()) >= 2, pages


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_figure_text_reads_on_its_theme_background(site_dir: Path, theme: str) -> None:
    background, least = BACKGROUNDS[theme]
    svgs = sorted((site_dir / "_snippets").rglob(f"*.{theme}.svg"))
    assert svgs, "the site has no snippet figures"
    problems = []
    for svg in svgs:
        for text, ratio, colours in svg_text_colours(svg, rgb(background)):
            if ratio < least:
                name = svg.relative_to(site_dir).as_posix()
                problems.append(
                    f"{name}: text {text!r} ({colours}) has contrast {ratio:.2f} < {least}"
                )
    assert not problems, "\n".join(problems)


@browser
def test_screenshots_cover_every_page_in_both_themes(
    site_dir: Path, site_pages: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``make screenshots`` (tools/screenshots.py with no PAGE) asks for every page."""
    asked: list[list[str]] = []
    monkeypatch.setattr(
        screenshots, "capture", lambda site, out, wanted, width: asked.append(wanted) or []
    )
    monkeypatch.setattr(
        "sys.argv", ["screenshots.py", "--site", str(site_dir), "--out", str(tmp_path)]
    )
    screenshots.main()
    assert asked == [site_pages]
    names = {screenshots.screenshot_name(path, "dark") for path in site_pages}
    assert len(names) == len(site_pages), "two pages would share a screenshot file name"


@browser
def test_screenshots_are_pngs_with_a_dark_variant(
    site_dir: Path, site_pages: list[str], tmp_path: Path
) -> None:
    wanted = ["", *[path for path in site_pages if path][:1]]
    written = screenshots.capture(site_dir, tmp_path, wanted, width=800)
    assert len(written) == 2 * len(wanted)
    import matplotlib.image

    for path in wanted:
        light, dark = (
            matplotlib.image.imread(tmp_path / screenshots.screenshot_name(path, scheme))
            for scheme in ("light", "dark")
        )
        assert light.shape[1] == dark.shape[1] == 800
        assert dark[..., :3].mean() < light[..., :3].mean() - 0.3, f"/{path}: dark is not dark"


def test_the_theme_check_can_fail() -> None:
    light = "../_snippets/a/figure-1.light.svg"
    dark = "../_snippets/a/figure-1.dark.svg"

    def page(scheme: str, src: str, width: int = 700, dark_name: str = dark) -> dict:
        figure = {"src": src, "light": light, "dark": dark_name, "display": "block"}
        return {"scheme": scheme, "figures": [{**figure, "width": width}]}

    assert check_theme_figures("x/", page("slate", dark), "slate") == []
    assert check_theme_figures("x/", page("default", light), "default") == []
    for broken, message in [
        (page("slate", light), "in the dark theme figure"),
        (page("slate", ""), "shows nothing"),
        (page("slate", dark, width=0), "did not load"),
        (page("slate", dark, dark_name=light), "does not name a light and a dark"),
        (page("default", light), "not the chosen 'slate'"),
    ]:
        problems = check_theme_figures("x/", broken, "slate")
        assert any(message in p and p.startswith("/x/: ") for p in problems), problems


def test_the_one_variant_check_can_fail() -> None:
    report = PageReport("x/", requests_on_load=["http://h/_snippets/a/figure-1.light.svg"])
    assert check_one_variant(report) == []
    report.requests_on_load += [
        "http://h/_snippets/a/figure-1.dark.svg",
        "http://h/search/search_index.json",
    ]
    problems = check_one_variant(report)
    assert any("dark variant" in p for p in problems), problems
    assert any("search index" in p for p in problems), problems


def test_the_text_colour_check_can_fail(tmp_path: Path) -> None:
    """A figure saved for the dark theme without ``to_dark`` has dark text: caught."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from dlnotes.plot import style

    with matplotlib.rc_context(style.RC):
        fig, ax = plt.subplots()
        ax.set_title("a title")
        ax.text(0.5, 0.5, "boxed", bbox={"facecolor": style.PAPER})
        fig.savefig(tmp_path / "unswapped.svg")
        style.to_dark(fig)
        fig.savefig(tmp_path / "dark.svg")
        plt.close(fig)
    slate = rgb(BACKGROUNDS["dark"][0])
    unswapped = svg_text_colours(tmp_path / "unswapped.svg", slate)
    assert any(text == "a title" and ratio < 1.5 for text, ratio, _ in unswapped), unswapped
    dark = svg_text_colours(tmp_path / "dark.svg", slate)
    # (A text's box is not repainted by to_dark yet, so "boxed" is left out here.)
    assert all(ratio >= 3 for text, ratio, _ in dark if text != "boxed"), dark
