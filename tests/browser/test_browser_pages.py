"""Every page of the built site, in headless Chromium.

Pages are found in the built site itself (``sitemap.xml`` and every
``index.html``), so a page added under ``docs/`` is checked with no change
here. Each page is loaded once at desktop width and once at 375 px (see
``browser_checks.survey``); each test below applies one check to every page
and lists every page that fails it.
"""

from __future__ import annotations

import os
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
    check_themes,
)
from site_build import ROOT

from tools.screenshots import built_pages, sitemap_pages

browser = pytest.mark.browser
#: The survey loads every page in parallel tabs.
pytestmark = pytest.mark.every_core


def _verdict(problems: list[str], reports: dict[str, PageReport]) -> str:
    pages = len({p.split(":", 1)[0] for p in problems})
    return f"{len(problems)} problem(s) on {pages} of {len(reports)} page(s):\n" + "\n".join(
        problems
    )


def test_the_sitemap_lists_every_built_page(site_dir: Path) -> None:
    listed, built = set(sitemap_pages(site_dir)), set(built_pages(site_dir))
    assert "" in built, "the site has no home page"
    assert listed == built, (
        f"built but not in sitemap.xml: {sorted(built - listed)}; "
        f"in sitemap.xml but not built: {sorted(listed - built)}"
    )


@pytest.mark.skipif(
    bool(os.environ.get("DLNOTES_SITE_DIR")), reason="DLNOTES_SITE_DIR: not built from docs/"
)
def test_every_docs_page_is_a_page_of_the_site(site_pages: list[str]) -> None:
    """So that the browser tests below cover every page written under docs/."""
    expected = set()
    for source in (ROOT / "docs").rglob("*"):
        if source.suffix not in (".md", ".ipynb"):
            continue
        rel = source.relative_to(ROOT / "docs").with_suffix("")
        if rel.name in ("index", "README"):
            rel = rel.parent
        expected.add("" if rel == Path(".") else rel.as_posix() + "/")
    missing = expected - set(site_pages)
    assert not missing, f"docs pages that the built site does not have: {sorted(missing)}"


@browser
def test_every_page_loads_with_status_200(reports: dict[str, PageReport]) -> None:
    problems = [p for r in reports.values() for p in check_status(r)]
    assert not problems, _verdict(problems, reports)


@browser
def test_no_page_logs_a_console_error(reports: dict[str, PageReport]) -> None:
    problems = [p for r in reports.values() for p in check_console(r)]
    assert not problems, _verdict(problems, reports)


@browser
def test_every_image_loads_and_has_alt_text(reports: dict[str, PageReport]) -> None:
    problems = [p for r in reports.values() for p in check_images(r)]
    assert not problems, _verdict(problems, reports)
    # The figures really were looked at.
    figures = [i for r in reports.values() for i in r.images if "_snippets/" in i["src"]]
    assert any(i["visible"] for i in figures)


@browser
def test_no_request_leaves_the_local_server(reports: dict[str, PageReport]) -> None:
    problems = [p for r in reports.values() for p in check_requests(r)]
    assert not problems, _verdict(problems, reports)


@browser
def test_every_internal_link_and_anchor_resolves(
    reports: dict[str, PageReport], site_files: SiteFiles
) -> None:
    problems = [p for r in reports.values() for p in check_links(r, site_files)]
    assert not problems, _verdict(problems, reports)


@browser
def test_no_raw_tex_is_left_in_the_text(reports: dict[str, PageReport]) -> None:
    problems = [p for r in reports.values() for p in check_maths(r)]
    assert not problems, _verdict(problems, reports)


@browser
def test_no_page_scrolls_sideways_at_375_px(reports: dict[str, PageReport]) -> None:
    problems = [p for r in reports.values() for p in check_phone_width(r)]
    assert not problems, _verdict(problems, reports)


@browser
def test_a_page_fetches_only_the_figures_of_its_theme(reports: dict[str, PageReport]) -> None:
    """Loaded in the light scheme, no page asks for a dark figure or the search index."""
    problems = [p for r in reports.values() for p in check_one_variant(r)]
    assert not problems, _verdict(problems, reports)
    assert any(".light.svg" in url for r in reports.values() for url in r.requests_on_load)


@browser
def test_every_figure_follows_the_theme(reports: dict[str, PageReport]) -> None:
    """In the light scheme each light figure shows and its dark twin hides; in the
    dark scheme the reverse (the scheme set as the palette toggle sets it)."""
    problems = [p for r in reports.values() for p in check_themes(r)]
    assert not problems, _verdict(problems, reports)
    assert all(set(r.themes) == {"default", "slate"} for r in reports.values())
