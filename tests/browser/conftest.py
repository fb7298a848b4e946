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
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from accessibility import PlanScans, Scan, plan
from browser_checks import PageReport, SiteFiles, page_size, survey
from session_builds import after_site, session_site
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


def axe_plan_of(site: Path, paths: list[str]) -> list[Scan]:
    """:func:`accessibility.plan` for the pages ``paths`` of the built ``site``,
    the same whatever their order."""
    return plan(sorted(paths), lambda p: page_size(site, p))


@pytest.fixture(scope="session")
def axe_plan(site_dir: Path, site_pages: list[str]) -> list[Scan]:
    """Which page axe scans in which scheme and width (``accessibility.plan``)."""
    return axe_plan_of(site_dir, site_pages)


def survey_site(site: Path) -> dict[str, PageReport]:
    """Every page of ``site``, loaded once in Chromium (desktop and phone width, light scheme).

    Each load also runs the plan's axe scans of that page, in the light
    scheme and then the dark one (``PageReport.visits``, see
    ``accessibility.PlanScans``), so those need no load of their own.
    """
    # The longest pages first: the tabs then end together on short ones, rather
    # than one tab still working through a long page while the others idle.
    paths = sorted(pages(site), key=lambda p: (-page_size(site, p), p))
    with serve(site) as base:
        return survey(base, paths, visit=PlanScans(axe_plan_of(site, paths)))


class BackgroundSurvey:
    """The page survey of the session's site, begun as soon as the site is built.

    The survey keeps both cores busy for minutes, and its tests run last
    (``session_builds.order``). Begun in a thread once the site is built, it
    runs beside the tests that use one core and the making of the offline
    edition and the book, instead of after them.
    """

    def __init__(self) -> None:
        self.begun = False  # asked to follow the session's site build
        self.done = threading.Event()
        self.result: dict[str, PageReport] | None = None
        self.error: BaseException | None = None

    def follow_the_site_build(self) -> None:
        self.begun = True
        after_site(self)

    def __call__(self, site: Path) -> None:
        try:
            self.result = survey_site(site)
        except BaseException as error:  # re-raised in the test that asks for it
            self.error = error
        finally:
            self.done.set()

    def reports(self) -> dict[str, PageReport] | None:
        """The survey of the session's site once it ends; None if it was not begun.

        Asked for only once the site is built (the ``site_dir`` fixture), so
        a survey that was begun has started.
        """
        if not self.begun:
            return None
        self.done.wait()
        if self.error is not None:
            raise self.error
        return self.result


_background = BackgroundSurvey()


def pytest_collection_finish(session: pytest.Session) -> None:
    wanted = any("reports" in getattr(i, "fixturenames", ()) for i in session.items)
    building = not os.environ.get("DLNOTES_SITE_DIR")
    if wanted and building and browser_missing() is None and not session.config.option.collectonly:
        _background.follow_the_site_build()


@pytest.fixture(scope="session")
def reports(site_dir: Path) -> dict[str, PageReport]:
    """Every page, loaded once in Chromium, with the plan's axe scans (:func:`survey_site`).

    Taken from the survey begun when the site was built, if there was one.
    """
    found = _background.reports()
    return found if found is not None else survey_site(site_dir)
