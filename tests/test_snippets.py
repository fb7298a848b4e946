"""Every snippet runs cleanly through the site's runner, and a page shows it."""

from __future__ import annotations

import re

import pytest
from snippet_support import ROOT, results, runner

SNIPPETS = [p.relative_to(ROOT).as_posix() for p in runner().discover()]
EMBED = re.compile(r"^\s*(`{3,}|~{3,})snippet\s+(?P<path>\S+)", re.MULTILINE)


def embedded() -> set[str]:
    """Every snippet path named by a ```snippet block in docs/."""
    found = set()
    for page in (ROOT / "docs").rglob("*.md"):
        found |= {"snippets/" + m["path"] for m in EMBED.finditer(page.read_text())}
    return found


@pytest.mark.parametrize("path", SNIPPETS)
def test_snippet_runs_and_produces_output(path: str) -> None:
    result = results()[path]
    assert result.failure is None, f"{result.failure}\n{result.failure.traceback}"
    assert result.figures or result.stdout.strip(), f"{path} drew and printed nothing"


@pytest.mark.parametrize("path", SNIPPETS)
def test_snippet_is_shown_by_a_page(path: str) -> None:
    assert path in embedded(), f"{path} is embedded by no page under docs/"


def test_every_embedded_snippet_exists() -> None:
    missing = embedded() - set(SNIPPETS)
    assert not missing, f"pages embed snippets that do not exist: {sorted(missing)}"
