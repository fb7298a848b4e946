"""The browser checks can fail: each catches a deliberately broken page, by name.

A copy of the built site gets extra pages, each a copy of a real page with one
defect (a broken image path, a CDN script, a broken anchor, ...), placed next
to the original so that every relative link still works. One survey loads them
all; each case asserts that its check reports the defect and names the page,
and the unbroken copy shows that the checks pass a good page.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_checks import (
    PageReport,
    SiteFiles,
    check_console,
    check_images,
    check_links,
    check_maths,
    check_one_variant,
    check_phone_width,
    check_requests,
    check_status,
    every_problem,
    page_size,
    survey,
)

from tools.screenshots import pages, serve

pytestmark = pytest.mark.browser

ARTICLE = '<article class="md-content__inner md-typeset">'


def _break_src(variant: str) -> Callable[[str, str], str]:
    def mutate(html: str, leaf: str) -> str:
        pattern = rf'data-{variant}="([^"]*_snippets/[^"]*)\.{variant}\.svg"'
        new, count = re.subn(pattern, rf'data-{variant}="\1-missing.{variant}.svg"', html, count=1)
        assert count == 1, f"the model page has no {variant} figure"
        return new

    return mutate


def _drop_alt(html: str, leaf: str) -> str:
    new, count = re.subn(r'(<img [^>]*?)alt="[^"]+"', r'\1alt=""', html, count=1)
    assert count == 1
    return new


def _light_shows_dark(html: str, leaf: str) -> str:
    """The light theme's figure points at the dark file: a page that fetches both."""
    new, count = re.subn(
        r'data-light="([^"]*)\.light\.svg"', r'data-light="\1.dark.svg"', html, count=1
    )
    assert count == 1
    return new


def _in_head(tag: str) -> Callable[[str, str], str]:
    return lambda html, leaf: html.replace("</head>", f"{tag}\n</head>", 1)


def _in_article(markup: str) -> Callable[[str, str], str]:
    def mutate(html: str, leaf: str) -> str:
        assert ARTICLE in html, "the model page has no Material article"
        return html.replace(ARTICLE, ARTICLE + markup.replace("{model}", leaf), 1)

    return mutate


#: name: (how to break a copy of the model page, the check that must catch it,
#:        a word its message must contain). ``{model}`` is the model page's folder.
CASES: dict[str, tuple[Callable[[str, str], str] | None, Callable[..., list[str]], str]] = {
    "broken-image": (_break_src("light"), check_images, "visible image"),
    "image-without-alt": (_drop_alt, check_images, "no alt text"),
    "image-with-placeholder-alt": (
        _in_article(
            '<p><img alt="No description has been provided for this image" '
            'src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></p>'
        ),
        check_images,
        "placeholder alt text",
    ),
    "cdn-script": (
        _in_head(
            '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>'
        ),
        check_requests,
        "cdn.jsdelivr.net",
    ),
    "web-font": (
        _in_head('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'),
        check_requests,
        "fonts.googleapis.com",
    ),
    "analytics-beacon": (
        _in_article('<img alt="pixel" src="https://www.google-analytics.com/collect?v=1">'),
        check_requests,
        "google-analytics.com",
    ),
    "broken-anchor": (
        _in_article('<a href="#no-such-heading">here</a>'),
        check_links,
        "no-such-heading",
    ),
    "broken-anchor-on-another-page": (
        _in_article('<a href="../{model}/#no-such-heading">there</a>'),
        check_links,
        "no-such-heading",
    ),
    "broken-internal-link": (
        _in_article('<a href="../no-such-page/">gone</a>'),
        check_links,
        "does not exist",
    ),
    "raw-tex": (
        _in_article(r"<p>The mean loss is $\frac{1}{N} \sum_i L_i$.</p>"),
        check_maths,
        r"\frac",
    ),
    "unconverted-arithmatex": (
        _in_article(r'<p><span class="arithmatex">\(x^2\)</span></p>'),
        check_maths,
        "MathML",
    ),
    "console-error": (
        _in_article('<script>console.error("deliberately broken")</script>'),
        check_console,
        "deliberately broken",
    ),
    "script-error": (
        _in_article("<script>noSuchFunction()</script>"),
        check_console,
        "noSuchFunction",
    ),
    "wide-content": (
        _in_article('<p style="width: 900px">A paragraph wider than a phone.</p>'),
        check_phone_width,
        "scrolls sideways",
    ),
    "missing-page": (None, check_status, "HTTP 404"),
    "dark-variant-fetched-in-light": (_light_shows_dark, check_one_variant, "fetched the dark"),
}


@pytest.fixture(scope="module")
def model(site_dir: Path, site_pages: list[str]) -> str:
    """A real page to break: the shortest page that shows a figure and has no
    pages below it (so its relative links still work from a sibling folder).
    Each case loads it twice, so a short one keeps the cases quick."""
    leaves = [p for p in site_pages if p and not any(o.startswith(p) for o in site_pages if o != p)]
    for path in sorted(leaves, key=lambda p: (page_size(site_dir, p), p)):
        html = (site_dir / path / "index.html").read_text(encoding="utf-8")
        if 'class="dl-figure__img"' in html and ARTICLE in html:
            return path
    pytest.fail("no page of the site shows a snippet figure")


def _case_path(model: str, name: str) -> str:
    parent = model.rstrip("/").rpartition("/")[0]
    return f"{parent}/zz-{name}/" if parent else f"zz-{name}/"


@pytest.fixture(scope="module")
def broken(
    site_dir: Path, model: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[dict[str, PageReport], SiteFiles]]:
    copy = tmp_path_factory.mktemp("broken") / "site"
    shutil.copytree(site_dir, copy)
    original = (site_dir / model / "index.html").read_text(encoding="utf-8")
    leaf = model.rstrip("/").rpartition("/")[2]
    paths = {"unbroken-copy": _case_path(model, "unbroken-copy")}
    for name, (mutate, _, _) in CASES.items():
        paths[name] = _case_path(model, name)
        if mutate is None:
            continue  # the page is deliberately not written
        html = mutate(original, leaf)
        (copy / paths[name]).mkdir(parents=True)
        (copy / paths[name] / "index.html").write_text(html, encoding="utf-8")
    (copy / paths["unbroken-copy"]).mkdir(parents=True)
    (copy / paths["unbroken-copy"] / "index.html").write_text(original, encoding="utf-8")
    # Page discovery picks the new pages up from the built files.
    assert set(paths.values()) - {paths["missing-page"]} <= set(pages(copy))
    with serve(copy) as base:
        reports = survey(base, sorted(paths.values()))
    yield {name: reports[path] for name, path in paths.items()}, SiteFiles(copy)


def test_an_unbroken_copy_of_a_page_passes_every_check(broken) -> None:
    reports, files = broken
    assert every_problem(reports["unbroken-copy"], files) == []


@pytest.mark.parametrize("name", list(CASES))
def test_each_check_catches_its_defect_and_names_the_page(broken, name: str) -> None:
    reports, files = broken
    _, check, word = CASES[name]
    report = reports[name]
    problems = check(report, files) if check is check_links else check(report)
    assert problems, f"{check.__name__} did not notice {name}"
    assert all(p.startswith(f"{report.where}: ") for p in problems), problems
    assert any(word in p for p in problems), problems
    # ... and the page's problems are among everything the page suite reports.
    assert set(problems) <= set(every_problem(report, files))


def _busy(ms: int) -> str:
    return f"<script>var t = Date.now(); while (Date.now() - t < {ms}) {{}}</script>"


#: A page whose parser is still running scripts well after its last request, as
#: a page of the site is on a busy machine: Playwright's "networkidle" (500 ms
#: without a request) comes long before "load". Its closing script gives the
#: figure its ``src``, as the site's own script does.
SLOW_PAGE = f"""<!doctype html>
<html lang="en"><head><title>A page that parses slowly</title></head><body>
<img id="figure" alt="a green square" width="20" height="20">
{_busy(700)}
{("<p>Some text.</p>" + _busy(3) + chr(10)) * 300}
<script>document.getElementById("figure").setAttribute("src", "square.svg");</script>
</body></html>
"""


def test_the_survey_inspects_a_page_only_once_its_scripts_have_run(tmp_path: Path) -> None:
    (tmp_path / "slow").mkdir()
    (tmp_path / "slow" / "index.html").write_text(SLOW_PAGE, encoding="utf-8")
    (tmp_path / "slow" / "square.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
        '<rect width="20" height="20" fill="green"/></svg>',
        encoding="utf-8",
    )
    with serve(tmp_path) as base:
        report = survey(base, ["slow/"])["slow/"]
    assert [(i["src"], i["visible"], i["width"]) for i in report.images] == [
        ("square.svg", True, 20)
    ], report.images
    assert check_images(report) == []
