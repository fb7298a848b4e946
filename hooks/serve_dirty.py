"""``mkdocs serve --dirty``: rebuild only the pages an edit can change.

A full rebuild renders every page, the API reference and the search index,
which takes seconds; with ``--dirty`` MkDocs renders only the pages whose
Markdown file is newer than their HTML, so a prose edit reaches the browser
in about a second. MkDocs cannot know what else a page depends on, so
:func:`mark_stale` tells it, for every page not edited itself:

* a page that embeds a snippet (or one of its values) whose result changed,
  or that shows the list of snippets (```` ```build-report ````);
* an API reference page (``::: dlnotes.x``) when a ``dlnotes`` file is newer
  than the page (a docstring edit runs no snippet but changes the page);
* the Performance page when ``bench/results.json`` is newer than it.

Still stale until the next full build: the navigation of other pages when a
page is added or renamed, and glossary tooltips on pages other than the
glossary when a term changes. ``make build`` is always a full build.

Every build, dirty or not, compiles the theme's Jinja templates again (about
a second); :func:`cache_templates` keeps their compiled bytecode on disk, keyed
by each template's source.

MkDocs warns that a dirty build is being performed; in strict mode that
warning would abort every serve rebuild, so :func:`quiet_dirty_warning`
filters that one message out (it stays as an info line).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mkdocs.structure.files import Files

API = re.compile(r"^:::\s+dlnotes\b", re.MULTILINE)
DIRTY_WARNING = "A 'dirty' build is being performed"


class _DirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and DIRTY_WARNING in record.getMessage():
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def quiet_dirty_warning() -> None:
    """Make MkDocs' "dirty build" warning an info line (strict mode would abort on it)."""
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DirtyWarning) for f in logger.filters):
        logger.addFilter(_DirtyWarning())


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _newest(folder: Path, pattern: str = "*.py") -> float:
    return max((_mtime(p) for p in folder.rglob(pattern)), default=0.0)


def mark_stale(
    files: Files,
    root: Path,
    page_snippets: dict[str, set[str]],
    changed: set[str],
) -> list[str]:
    """Force a rebuild of every page an edit elsewhere changed; returns their ``src_uri``.

    Args:
        files: this build's files.
        root: the project root.
        page_snippets: page ``src_uri`` -> the snippets it showed when it was
            last rendered in this session.
        changed: the snippets whose result differs from the last build's.
    """
    newest_dlnotes = _newest(root / "dlnotes")
    bench = _mtime(root / "bench" / "results.json")
    stale = []
    for file in files.documentation_pages():
        if file.abs_src_path is None or not file.src_uri.endswith(".md"):
            continue
        built = _mtime(Path(file.abs_dest_path))
        if not built:
            continue  # never built: MkDocs builds it anyway
        reason = bool(page_snippets.get(file.src_uri, set()) & changed)
        if not reason:
            text = Path(file.abs_src_path).read_text(encoding="utf-8")
            reason = (
                ("```build-report" in text and bool(changed))
                or (newest_dlnotes > built and bool(API.search(text)))
                or (bench > built and "```bench-results" in text)
            )
        if reason:
            file.is_modified = lambda: True  # type: ignore[method-assign]
            stale.append(file.src_uri)
    return stale


def is_dirty_serve(command: str, dirty: bool) -> bool:
    """Whether this is ``mkdocs serve --dirty`` (never a real build)."""
    return command == "serve" and dirty and not os.environ.get("DLNOTES_NO_DIRTY")


def cache_templates(env, folder: Path) -> None:
    """Keep the compiled bytecode of the theme's templates in ``folder`` between builds.

    Jinja checks each template's source checksum, so an edited template is
    compiled again; nothing stale is ever used.
    """
    from jinja2 import FileSystemBytecodeCache

    folder.mkdir(parents=True, exist_ok=True)
    if env.bytecode_cache is None:
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
