"""Which snippets need the artifacts of which: ``# needs:`` headers, checked.

A snippet that reuses what another one made (trained weights, say) declares
it with a comment line, the path relative to ``snippets/``::

    # needs: concepts/transfer_pretrain.py

Several lines are allowed. The producer writes under
``$DLNOTES_ARTIFACTS/concepts/transfer_pretrain/`` and the consumer reads from
there (see :mod:`snippet_runner`). This module only reads the headers and
checks the graph: a producer that does not exist, or a cycle, is a
:class:`GraphError` that names both files and the header line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

NEEDS = re.compile(r"^#\s*needs:\s*(?P<path>\S+)\s*$")


@dataclass(frozen=True)
class Need:
    """One ``# needs:`` line: the producer, relative to the root, and where it was said."""

    producer: str  # e.g. "snippets/concepts/transfer_pretrain.py"
    line: int  # 1-based line of the header in the consumer


@dataclass(frozen=True)
class GraphError:
    """Why a snippet cannot run: its producer is missing, or they form a cycle."""

    snippet: str
    line: int
    kind: str  # "missing" or "cycle"
    message: str


def needs_of(path: Path, text: str | None = None) -> list[Need]:
    """The ``# needs:`` lines of a snippet file, in order."""
    text = path.read_text(encoding="utf-8") if text is None else text
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = NEEDS.match(line.strip())
        if match:
            found.append(Need("snippets/" + match["path"].removeprefix("snippets/"), number))
    return found


def check(graph: dict[str, list[Need]], existing: set[str]) -> dict[str, GraphError]:
    """Every snippet of ``graph`` that cannot run, with the reason.

    Args:
        graph: snippet -> its needs (every snippet is a key).
        existing: the snippet files that exist.
    """
    errors: dict[str, GraphError] = {}
    for snippet, needs in graph.items():
        for need in needs:
            if need.producer not in existing:
                errors.setdefault(
                    snippet,
                    GraphError(
                        snippet,
                        need.line,
                        "missing",
                        f"needs {need.producer}, which does not exist",
                    ),
                )
    # Cycles: a depth-first walk; a grey node met again closes a cycle.
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for need in graph.get(node, []):
            nxt = need.producer
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycle = [*path[path.index(nxt) :], nxt]
                chain = " -> ".join(cycle)
                for member, after in pairwise(cycle):
                    line = next(n.line for n in graph[member] if n.producer == after)
                    errors[member] = GraphError(
                        member, line, "cycle", f"needs {after}, a cycle: {chain}"
                    )
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return errors


def closure(graph: dict[str, list[Need]], wanted: list[str]) -> list[str]:
    """``wanted`` and every existing producer they need, directly or not (sorted)."""
    seen: set[str] = set()
    stack = list(wanted)
    while stack:
        node = stack.pop()
        if node in seen or node not in graph:
            continue
        seen.add(node)
        stack += [n.producer for n in graph.get(node, [])]
    return sorted(seen)


def dependants(graph: dict[str, list[Need]]) -> dict[str, set[str]]:
    """producer -> the snippets that need it."""
    out: dict[str, set[str]] = {}
    for snippet, needs in graph.items():
        for need in needs:
            out.setdefault(need.producer, set()).add(snippet)
    return out
