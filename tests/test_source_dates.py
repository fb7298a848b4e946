"""Build dates come from the sources' commits, not the clock (hooks/source_dates.py)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import source_dates


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = dict(os.environ)
    if when is not None:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t")
    env.update(GIT_COMMITTER_EMAIL="t@t")
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # pin() sets these in os.environ: setenv first, so the monkeypatch restores them.
    for name in ("SOURCE_DATE_EPOCH", "DLNOTES_PINNED_DATE"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    git(tmp_path, "init", "-q")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "old.md").write_text("# Old\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "one", when="2024-03-01T12:00:00+00:00")
    (tmp_path / "docs" / "new.md").write_text("# New\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "two", when="2024-05-09T12:00:00+00:00")
    source_dates._dates.clear()
    return tmp_path


def test_each_page_gets_its_last_commit_date(repo: Path) -> None:
    assert source_dates.page_date(repo, "docs/old.md") == "2024-03-01"
    assert source_dates.page_date(repo, "docs/new.md") == "2024-05-09"
    # Not committed yet: the last commit's date, never today's.
    assert source_dates.page_date(repo, "docs/draft.md") == "2024-05-09"


def test_pin_sets_source_date_epoch_from_the_last_commit(repo: Path) -> None:
    source_dates.pin(repo)
    assert os.environ["SOURCE_DATE_EPOCH"] == "1715256000"


def test_an_outside_source_date_epoch_wins(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    source_dates.pin(repo)
    assert os.environ["SOURCE_DATE_EPOCH"] == "0"
    assert source_dates.page_date(repo, "docs/old.md") is None  # MkDocs uses the variable
