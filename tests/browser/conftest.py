"""Fixtures of the browser tests: the built site, served on 127.0.0.1, and Chromium.

The site is built once per test session with ``mkdocs build --strict`` into a
temporary folder (:mod:`session_builds`, which starts it as soon as the tests
are collected), sharing the snippet cache with ``make build`` (so a warm
cache makes it quick). Set ``DLNOTES_SITE_DIR`` to test an existing build
instead, e.g. ``DLNOTES_SITE_DIR=site pytest tests/browser``.

Tests marked ``browser`` drive Debian's ``chromium`` package through
Playwright. Without it they are skipped, with the reason; CI sets
``DLNOTES_REQUIRE_BROWSER=1`` so that a missing browser fails instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from accessibility import PlanScans, Scan, plan
from browser_checks import PageReport, SiteFiles, survey
from session_builds import session_site
from site_build import browser_missing

from tools.screenshots import pages, serve


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is None:
        return
    reason = browser_missing()
    if reason is None:
        return
    if os.environ.get("DLNOTES_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (and DLNOTES_REQUIRE_BROWSER is set)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site: ``DLNOTES_SITE_DIR``, or a fresh strict build of this checkout."""
    given = os.environ.get("DLNOTES_SITE_DIR")
    if given:
        path = Path(given).resolve()
        if not (path / "index.html").is_file():
            pytest.fail(f"DLNOTES_SITE_DIR={given} holds no built site", pytrace=False)
        return path
    try:
        return session_site()
    except AssertionError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def site_files(site_dir: Path) -> SiteFiles:
    return SiteFiles(site_dir)


@pytest.fixture(scope="session")
def site_pages(site_dir: Path) -> list[str]:
    """Every page of the built site (sitemap plus every built index.html)."""
    return pages(site_dir)


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1 for the whole session."""
    with serve(site_dir) as base:
        yield base


@pytest.fixture(scope="session")
def axe_plan(site_dir: Path, site_pages: list[str]) -> list[Scan]:
    """Which page axe scans in which scheme and width (``accessibility.plan``)."""
    return plan(site_pages, lambda p: (site_dir / p / "index.html").stat().st_size)


@pytest.fixture(scope="session")
def reports(base_url: str, site_pages: list[str], axe_plan: list[Scan]) -> dict[str, PageReport]:
    """Every page, loaded once in Chromium (desktop and phone width, light scheme).

    Each load also runs the plan's axe scans of that page, in the light
    scheme and then the dark one (``PageReport.visits``, see
    ``accessibility.PlanScans``), so those need no load of their own.
    """
    return survey(base_url, site_pages, visit=PlanScans(axe_plan))
