"""The session's early builds: which are wanted, the order of the tests, and failures."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import session_builds
from session_builds import Builds


def item(name: str, *fixtures: str, marks: tuple[str, ...] = ()) -> SimpleNamespace:
    """A collected test as :func:`session_builds.order` sees it."""
    return SimpleNamespace(
        name=name,
        fixturenames=list(fixtures),
        get_closest_marker=lambda mark: mark if mark in marks else None,
    )


def test_products_are_wanted_by_the_fixtures_of_the_collected_tests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in ("DLNOTES_SITE_DIR", "DLNOTES_PDF_DIR", "DLNOTES_OFFLINE_ZIP"):
        monkeypatch.delenv(variable, raising=False)
    unit, site, book = item("unit", "rng"), item("axe", "site_dir"), item("pdf", "book")
    offline = item("zip", "offline_zip")
    assert session_builds.wanted([unit], has_browser=True) == []
    assert session_builds.wanted([book, unit, offline, site], has_browser=True) == [
        "site",
        "offline",
        "book",
    ]
    assert session_builds.wanted([item("repro", "built_site")], has_browser=True) == ["site"]
    # Without a browser their tests are skipped: only the site is still needed.
    assert session_builds.wanted([site, offline, book], has_browser=False) == ["site"]
    monkeypatch.setenv("DLNOTES_SITE_DIR", "site")  # tests use a site already built
    assert session_builds.wanted([site, book], has_browser=True) == ["book"]


def test_tests_that_need_nothing_run_first_then_by_the_last_product_they_need() -> None:
    items = [
        item("axe", "site_dir", marks=("every_core",)),
        item("links", "site_dir"),
        item("pdf", "book"),
        item("unit1"),
        item("zip", "offline_zip", "tmp_path"),
        item("repro", "built_site"),
        item("unit2", "rng"),
    ]

    def values() -> None:  # stands for snippet_support.values, imported by a page test
        return None

    values.__module__ = "snippet_support"
    reader = item("page", "rng")
    reader.module = SimpleNamespace(values=values)
    items.insert(0, reader)
    session_builds.order(items)
    # the site's tests on one core first, beside the book being made; the
    # tests that read the survey of every page (begun in the background) last
    expected = ["unit1", "unit2", "page", "links", "repro", "zip", "pdf", "axe"]
    assert [i.name for i in items] == expected


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch):
    """Products made by small Python commands instead of MkDocs and Chromium."""
    made: dict[str, list[str]] = {}

    def fake(name: str, path: Path) -> list[list[str]]:
        code = made[name]
        return [[sys.executable, "-c", line, str(path)] for line in code]

    monkeypatch.setattr(session_builds, "commands_for", fake)
    return made


def test_a_product_is_made_once_in_the_background(tmp_path: Path, commands) -> None:
    commands["site"] = ["import sys, pathlib; pathlib.Path(sys.argv[1]).mkdir()"]
    builds = Builds(tmp_path / "session")
    (tmp_path / "session").mkdir()
    builds.start(["site"])
    site = builds.get("site")
    assert site == tmp_path / "session" / "site" and site.is_dir()
    assert builds.get("site") == site  # not made again (mkdir would fail)
    builds.stop()
    assert not (tmp_path / "session").exists()


#: A product that starts, then waits (at most 20 s) for the other product to
#: start: it succeeds only if the two are made at the same time.
MEETS = (
    "import sys, time, pathlib; me = pathlib.Path(sys.argv[1]); me.mkdir(); "
    "other = me.parent / {other!r}; end = time.monotonic() + 20\n"
    "while not other.exists() and time.monotonic() < end: time.sleep(0.01)\n"
    "sys.exit(0 if other.exists() else 1)"
)


def test_after_the_site_the_other_products_are_made_side_by_side(tmp_path: Path, commands) -> None:
    # The book prints on one core for a minute: it must not wait for the offline edition.
    commands["site"] = ["import sys, pathlib; pathlib.Path(sys.argv[1]).mkdir()"]
    commands["offline"] = [MEETS.format(other="book")]
    commands["book"] = [MEETS.format(other="offline")]
    builds = Builds(tmp_path)
    builds.start(["site", "offline", "book"])
    assert builds.get("book").is_dir() and builds.get("offline").is_dir()
    builds.stop()


def test_a_failure_names_the_command_and_shows_its_output_to_every_test_that_asks(
    tmp_path: Path, commands
) -> None:
    commands["book"] = [
        "print('printed')",
        "import sys; print('the print page is missing'); sys.exit(3)",
        "print('never run')",
    ]
    builds = Builds(tmp_path)
    for _ in range(2):
        with pytest.raises(AssertionError) as error:
            builds.get("book")  # made on first use: nobody started it
        assert "failed (exit 3)" in str(error.value)
        assert "the print page is missing" in str(error.value)
        assert "never run" not in str(error.value)


def test_stopping_the_session_ends_a_build_that_is_still_running(tmp_path: Path, commands) -> None:
    commands["site"] = ["import time; time.sleep(60)"]
    builds = Builds(tmp_path / "session")
    builds.start(["site"])
    deadline = time.monotonic() + 30
    while not builds.running and time.monotonic() < deadline:
        time.sleep(0.01)
    assert builds.running, "the command never started"
    builds.stop()
    with pytest.raises(AssertionError, match="failed"):
        builds.get("site")


def test_work_that_follows_a_product_begins_once_it_is_made_and_never_if_it_fails(
    tmp_path: Path, commands
) -> None:
    commands["site"] = [
        "import sys, time, pathlib; time.sleep(0.5); pathlib.Path(sys.argv[1]).mkdir()"
    ]
    commands["book"] = ["import sys; sys.exit(1)"]
    builds = Builds(tmp_path)
    followed: dict[str, list[bool]] = {"site": [], "book": []}
    done = threading.Event()

    def follower(name: str):
        def follow(path: Path) -> None:
            followed[name].append(path.is_dir())  # the product is there when it begins
            if name == "site" and len(followed["site"]) == 2:
                done.set()

        return follow

    builds.then("site", follower("site"))  # before the product is even asked for
    builds.then("book", follower("book"))
    builds.start(["site", "book"])
    builds.get("site")
    builds.then("site", follower("site"))  # after it is made: begins at once
    assert done.wait(timeout=30), followed
    with pytest.raises(AssertionError):
        builds.get("book")
    time.sleep(0.2)
    assert followed == {"site": [True, True], "book": []}
