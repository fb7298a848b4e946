"""Tell the author about broken snippets and notebooks: once per fault, every page named.

In ``mkdocs build`` a problem fails the build (the hooks raise). Under
``mkdocs serve`` (or with ``DLNOTES_SNIPPET_ERRORS=page``) the page shows the
problem in a box instead, and the terminal gets one line per fault. Those
lines go through a logger outside MkDocs' own (``dlnotes.problems``): a
warning logged under ``mkdocs`` would count in strict mode, abort the
rebuild, and leave the browser on the stale site. Here every other page stays
live and current while one is broken.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field

log = logging.getLogger("dlnotes.problems")
if not log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
    log.propagate = False


@dataclass
class Fault:
    """One problem and every place it shows."""

    message: str  # its first line: "snippets/x.py:3: ZeroDivisionError: ..."
    traceback: str = ""
    pages: list[str] = field(default_factory=list)  # "docs/a.md:12", or empty


def group(items: list[tuple[str, str, str | None]]) -> list[Fault]:
    """Merge ``(message, traceback, where)`` items that report the same fault.

    The fault's key is the first line of its message; ``where`` (a page and
    line, or None when no page shows it) is collected, in order, without repeats.
    """
    faults: dict[str, Fault] = {}
    for message, trace, where in items:
        first = message.splitlines()[0] if message else "(no message)"
        fault = faults.setdefault(first, Fault(first, trace))
        if where and where not in fault.pages:
            fault.pages.append(where)
    return list(faults.values())


def describe(faults: list[Fault], what: str, tail: int = 6) -> str:
    """A multi-line message: each fault once, with its pages and its traceback's tail."""
    lines = [f"{len(faults)} {what} problem(s):"]
    for fault in faults:
        where = f" (shown on {', '.join(fault.pages)})" if fault.pages else ""
        lines.append(f"  {fault.message}{where}")
        if fault.traceback.strip():
            lines += ["      " + line for line in fault.traceback.strip().splitlines()[-tail:]]
    return "\n".join(lines)


def announce(message: str) -> None:
    """Print ``message`` for the author without failing a strict ``serve`` rebuild."""
    log.warning("%s", message)
