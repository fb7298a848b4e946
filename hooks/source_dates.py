"""Dates a build writes, taken from the sources' commits rather than the clock.

Two builds of one commit must give the same bytes (issue 13), but MkDocs
writes the day of the build into ``sitemap.xml`` (every page's ``<lastmod>``)
and into the header of ``sitemap.xml.gz``. Here:

* ``SOURCE_DATE_EPOCH``, when set, wins (the reproducible-builds convention
  MkDocs itself honours);
* otherwise each page's date is the last commit that touched its source file,
  and a page with no commit yet (a new file) gets the date of the last commit;
* outside a Git checkout, MkDocs' own behaviour (today) is left alone.

:func:`pin` runs in ``on_config``, :func:`page_date` for every page; both are
called by :mod:`site_publish`.
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


class SourceDates:
    """Last-commit dates of the files of one checkout, read with one ``git log``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.head: str | None = None
        self.last: int | None = None  # the last commit's time
        self.files: dict[str, int] = {}

    def refresh(self) -> None:
        """Re-read the history if HEAD moved (once per ``serve`` rebuild at most)."""
        head = _git(self.root, "rev-parse", "HEAD")
        if head is None or head == self.head:
            return
        log = _git(self.root, "log", "--format=%x00%ct", "--name-only", "--", "docs")
        last = _git(self.root, "log", "-1", "--format=%ct")
        self.head = head
        self.last = int(last.strip()) if last and last.strip() else None
        self.files = {}
        for chunk in (log or "").split("\0")[1:]:
            lines = chunk.strip().splitlines()
            if not lines:
                continue
            stamp = int(lines[0])
            for name in lines[1:]:
                self.files.setdefault(name.strip(), stamp)  # newest commit comes first

    def date_of(self, rel: str) -> int | None:
        """The last commit time of ``rel`` (relative to the root), else of the checkout."""
        return self.files.get(rel, self.last)


_dates: dict[Path, SourceDates] = {}


def _for(root: Path) -> SourceDates:
    if root not in _dates:
        _dates[root] = SourceDates(root)
    _dates[root].refresh()
    return _dates[root]


def pin(root: Path) -> None:
    """Set ``SOURCE_DATE_EPOCH`` to the last commit's time, unless it is set already."""
    if "SOURCE_DATE_EPOCH" in os.environ and not os.environ.get("DLNOTES_PINNED_DATE"):
        return
    last = _for(root).last
    if last is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(last)
        os.environ["DLNOTES_PINNED_DATE"] = "1"  # ours: re-pinned on the next rebuild


def page_date(root: Path, source: str) -> str | None:
    """The ``YYYY-MM-DD`` a page's ``<lastmod>`` shows, or None to keep MkDocs' own.

    ``source`` is the page's file relative to the root (``docs/concepts/neuron.md``).
    """
    if "SOURCE_DATE_EPOCH" in os.environ and not os.environ.get("DLNOTES_PINNED_DATE"):
        return None  # set from outside: MkDocs already uses it for every page
    stamp = _for(root).date_of(source)
    if stamp is None:
        return None
    return datetime.fromtimestamp(stamp, timezone.utc).strftime("%Y-%m-%d")
