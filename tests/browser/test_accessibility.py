"""Accessibility of every page: axe-core in both themes and widths, and the keyboard.

Which page is scanned in which scheme and width, with which rules, is
:func:`accessibility.plan`; a test below holds it to covering every page.
Every scan runs on the loads of the page survey (the ``reports`` fixture):
each page is scanned in the light scheme, then turned dark and scanned again
(``accessibility.PlanScans``).

axe-core comes pinned inside ``axe-playwright-python`` (requirements.txt).
A failure lists each violation as rule, page, scheme and width, the element's
selector and, for contrast, the colours and their ratio.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from accessibility import (
    ALL,
    COLOUR,
    LAYOUT,
    Checked,
    PlanScans,
    Scan,
    Stop,
    Violation,
    axe_options,
    axe_survey,
    plan,
    scan_page,
    tab_through,
    violations_of,
)
from browser_checks import PageReport, survey

from tools.screenshots import serve

browser = pytest.mark.browser


@browser
@pytest.mark.every_core
def test_no_page_has_an_axe_violation_in_either_theme_or_width(
    axe_plan: list[Scan], reports: dict[str, PageReport]
) -> None:
    # The scans ran on the page survey's loads (conftest.reports).
    missed = [
        f"/{s.path} [{s.scheme}, {s.width}]"
        for s in axe_plan
        if s.scheme not in reports[s.path].visits.get(s.width, {})
    ]
    assert not missed, f"the page survey did not scan {len(missed)} time(s): {missed}"
    found = [
        v
        for report in reports.values()
        for visit in report.visits.values()
        for violations in visit.values()
        for v in violations
    ]
    pages = len({v.page for v in found})
    listed = "\n".join(sorted({str(v) for v in found}))
    assert not found, (
        f"{len(found)} axe violation(s) on {pages} page(s) (a faint look of text is named "
        f"once, where it was first seen):\n{listed}"
    )


def _page(folder: Path, body: str, scheme: str) -> None:
    ink, paper = ("#000", "#fff") if scheme == "light" else ("#fff", "#000")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>Page</title></head>'
        f'<body style="background:{paper};color:{ink}">'
        f"<main><h1>Page</h1>{body}</main></body></html>"
    )


def _contrast(base: str, scheme: str, paths: list[str]) -> list[str]:
    """Page and selector of each contrast violation the survey finds on ``paths``."""
    found = axe_survey(base, [Scan(p, scheme, "desktop", ALL) for p in paths], tabs=1)
    return sorted(f"{v.page} {v.selector}" for v in found if v.rule == "color-contrast")


#: Text readable on the page (5.7:1) but not on SHADE (2:1), per scheme.
GREY = {"light": "#666", "dark": "#999"}
SHADE = {"light": "#999", "dark": "#666"}


@browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_look_is_checked_once_and_every_faint_look_is_found(
    tmp_path: Path, scheme: str
) -> None:
    """Text in one look (colour, font, what is behind it...) is checked once a survey."""
    grey, shade = GREY[scheme], SHADE[scheme]
    on_shade = f'<span style="color:{grey}" class="hll">lost</span>'
    code = (
        '<span style="color:inherit">fine</span> ' * 300
        + f'<span style="color:{grey}">grey</span> ' * 300
        + f'<span style="background:{shade}">{on_shade}</span>' * 300
    )
    faint = f'<p class="faint" style="color:{grey};background:{shade}">prose on shade</p>'
    _page(tmp_path / "a", f"<pre><code>{code}</code></pre>{faint}", scheme)
    _page(tmp_path / "b", f'{faint}<p><span style="color:{shade}">new</span></p>', scheme)
    with serve(tmp_path) as base:
        found = _contrast(base, scheme, ["a/", "b/"])
    # On a: one of the 300 tokens on shade, and the paragraph; the grey
    # tokens on the page pass. On b: only the look a did not have.
    assert len(found) == 3, found
    assert [f.split()[0] for f in found] == ["/a/", "/a/", "/b/"], found
    assert any(".hll" in f for f in found) and "/b/ span" in found, found


@browser
def test_a_look_axe_cannot_judge_is_checked_again_where_it_shows(tmp_path: Path) -> None:
    grey, shade = GREY["light"], SHADE["light"]
    faint = f'<p class="faint" style="color:{grey};background:{shade}">prose on shade</p>'
    # on a, a box drawn over the paragraph (not behind it: the look is the same)
    # leaves axe unsure of its background
    cover = '<div style="position:absolute;top:0;left:0;width:100%;height:50em;background:#fff">'
    _page(tmp_path / "a", f"{faint}{cover}</div>", "light")
    _page(tmp_path / "b", faint, "light")
    with serve(tmp_path) as base:
        found = _contrast(base, "light", ["a/", "b/"])
    assert found == ["/b/ p"], found


#: Readable in the light scheme; in the dark one, faint text (#333 on #000,
#: 1.7:1) that shows only when the system is dark, as Material's schemes do.
FOLLOWS_THE_SYSTEM = """<style>
  @media (prefers-color-scheme: dark) { .late { background: #000; color: #333; } }
</style><p class="late">night text</p>"""


@browser
def test_the_survey_scans_each_page_in_the_dark_too_and_turns_it_light_again(
    tmp_path: Path,
) -> None:
    for name in ("a", "b"):
        _page(tmp_path / name, FOLLOWS_THE_SYSTEM, "light")
    scans = plan(["a/", "b/"], lambda p: 1)
    with serve(tmp_path) as base:  # one tab per width: b is loaded where a was turned dark
        reports = survey(base, ["a/", "b/"], tabs=1, visit=PlanScans(scans))
    ran = {
        (path, scheme, width)
        for path, report in reports.items()
        for width, visit in report.visits.items()
        for scheme in visit
    }
    assert ran == {(s.path, s.scheme, s.width) for s in scans}
    faint = {
        (v.page, v.scheme, v.width, v.selector)
        for report in reports.values()
        for visit in report.visits.values()
        for found in visit.values()
        for v in found
        if v.rule == "color-contrast"
    }
    # Found in the dark at both widths, once (b has the same look). Had a's tabs
    # stayed dark, b's light scans would have found it too.
    assert faint == {("/a/", "dark", "desktop", "p"), ("/a/", "dark", "375px", "p")}


def test_the_plan_scans_every_page_in_both_schemes_and_widths() -> None:
    paths = [
        "",
        "concepts/a/",
        "concepts/b/",
        "reference/",
        "reference/layers/",
        "reference/source/",
        "reference/source/small/",
        "reference/source/big/",
    ]
    sizes = {"reference/source/small/": 10, "reference/source/big/": 99}
    scans = plan(paths, lambda p: sizes.get(p, 1))
    assert len(set(scans)) == len(scans), "a page is scanned twice the same way"
    runs = {(s.path, s.scheme, s.width): s.rules for s in scans}
    checked = [p for p in paths if p != "reference/source/small/"]
    for path in checked:
        # every rule at desktop, and the colour rules in the dark scheme too
        assert runs[(path, "light", "desktop")] == ALL, path
        assert runs[(path, "dark", "desktop")] == COLOUR, path
        assert runs[(path, "light", "375px")] in (ALL, LAYOUT), path
    assert not any(s.path == "reference/source/small/" for s in scans)
    # one page of each part at 375 px with the colour rules too, in both schemes
    phone_colour = {s.path for s in scans if s.width == "375px" and s.rules != LAYOUT}
    assert phone_colour == {"", "concepts/a/", "reference/"}
    assert all(runs[(p, "dark", "375px")] == COLOUR for p in phone_colour)
    assert runs[("concepts/b/", "light", "375px")] == LAYOUT


def test_each_rule_set_asks_axe_for_its_rules() -> None:
    assert "runOnly" not in axe_options(ALL) and "rules" not in axe_options(ALL)
    assert axe_options(COLOUR)["runOnly"]["values"] == ["color-contrast", "link-in-text-block"]
    assert axe_options(LAYOUT)["rules"]["color-contrast"] == {"enabled": False}
    with pytest.raises(ValueError, match="unknown rule set"):
        axe_options("contrast")


class _Tab:
    """A page that answers scan_page: its stylesheets and media, no new look, no violation."""

    def __init__(self, sheets: list[str]) -> None:
        self.sheets = sheets
        self.runs: list[dict] = []  # the options of each axe.run

    async def evaluate(self, script: str, arg=None):
        if script.startswith("options => axe.run("):
            self.runs.append(arg)
            return {"violations": [], "incomplete": []}
        if "document.styleSheets" in script:
            return self.sheets
        return [] if arg is not None else None  # _MARK_LOOKS finds no new look


def test_axe_preloads_stylesheets_and_media_once_per_set_and_never_for_colour() -> None:
    import asyncio

    checked = Checked()

    def preloads(rules: str, sheets: list[str]) -> list[bool]:
        tab = _Tab(sheets)
        asyncio.run(scan_page(tab, rules, checked))
        return [run["preload"] for run in tab.runs]

    site = ["/assets/stylesheets/main.css", "/assets/site.css"]
    assert preloads(COLOUR, site) == []  # no new look: no colour run at all
    assert preloads(LAYOUT, site) == [True]  # a new set of stylesheets
    assert preloads(LAYOUT, site) == [False]  # the same set again
    assert preloads(ALL, [*site, "/assets/quiz.css"]) == [True]  # one sheet more
    assert preloads(LAYOUT, [*site, "p { color: red }"]) == [True]  # an inline style
    assert preloads(LAYOUT, [*site, "media /a.ogg"]) == [True]  # a page with audio
    assert not axe_options(COLOUR)["preload"] and not axe_options(COLOUR, preload=True)["preload"]
    assert axe_options(LAYOUT)["preload"] and not axe_options(LAYOUT, preload=False)["preload"]


def test_a_violation_names_rule_page_selector_and_contrast() -> None:
    """The report of a contrast failure, from axe's own result format."""
    results = {
        "violations": [
            {
                "id": "color-contrast",
                "impact": "serious",
                "nodes": [
                    {
                        "target": [".md-typeset code > .mi"],
                        "any": [
                            {
                                "data": {
                                    "fgColor": "#e6695b",
                                    "bgColor": "#272a35",
                                    "contrastRatio": 4.44,
                                    "expectedContrastRatio": "4.5:1",
                                }
                            }
                        ],
                    }
                ],
            }
        ]
    }
    (violation,) = violations_of(results, "/concepts/x/", "dark", "375px")
    assert isinstance(violation, Violation)
    text = str(violation)
    for part in ("/concepts/x/", "dark", "375px", "color-contrast", ".mi", "4.44:1", "#e6695b"):
        assert part in text, text


def _order_problems(stops: list[Stop]) -> list[str]:
    problems = [f"focus on {s} shows no focus ring" for s in stops if s.visible and not s.ring]
    problems += [f"focus went to {s}, which is not visible" for s in stops if not s.visible]
    # Reading order: the skip link and the header come before the page's
    # content, and the content before the footer.
    landmarks = [s.landmark for s in stops]
    if "main" in landmarks and "header" in landmarks:
        if landmarks.index("header") > landmarks.index("main"):
            problems.append("the header is reached after the page content")
    if "footer" in landmarks and "main" in landmarks:
        last_main = len(landmarks) - 1 - landmarks[::-1].index("main")
        if landmarks.index("footer") < last_main:
            problems.append("the footer is reached before the end of the page content")
    return problems


@browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tabbing_through_a_page_shows_a_ring_in_reading_order(base_url: str, scheme: str) -> None:
    stops = tab_through(
        base_url, "concepts/activations/", presses=200, scheme=scheme
    )  # past the nav
    names = [s.tag for s in stops]
    assert len(stops) >= 20, f"only {len(stops)} focus stops: {names}"
    assert stops[0].tag.startswith("a") and "md-skip" in stops[0].tag, (
        f"the first Tab should reach the skip link, not {stops[0]}"
    )
    assert any("md-search__input" in s.tag for s in stops), f"search is not reachable: {names}"
    toggle = [s for s in stops if s.tag.startswith("label.md-header__button")]  # palette
    assert toggle, f"the theme toggle is not reachable: {names}"
    assert any(s.tag.startswith("abbr") for s in stops), (
        f"no glossary tooltip is reachable by Tab: {names}"
    )
    problems = _order_problems(stops)
    assert not problems, "\n".join(problems)


def test_the_focus_check_can_fail() -> None:
    def stop(tag: str, landmark: str, ring: bool = True, visible: bool = True) -> Stop:
        return Stop(tag, tag, 0, 0, visible, ring, landmark)

    good = [stop("a.md-skip", ""), stop("input", "header"), stop("a", "main"), stop("a", "footer")]
    assert _order_problems(good) == []
    bad = [stop("a", "main", ring=False), stop("a", "header"), stop("a", "footer", visible=False)]
    problems = "\n".join(_order_problems(bad))
    for message in ("no focus ring", "not visible", "header is reached after"):
        assert message in problems, problems
