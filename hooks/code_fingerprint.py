"""Fingerprints of Python code, one per function, that ignore comments and docstrings.

A snippet's cache key names the parts of ``dlnotes`` the snippet executed
(:mod:`snippet_child` records them with SlipCover, a coverage tool). Each part is a
*block*:

* every function or method, by its dotted name (``Dense.forward``; a nested
  function is ``outer.inner``), fingerprinted with its decorators, signature
  and body;
* ``<module>``: everything that runs at import time (imports, constants, class
  bodies, decorators, default values, and the *signatures* of the functions
  without their bodies), so adding, removing or renaming a function changes it.

A fingerprint hashes the syntax tree, not the text: comments, blank lines,
formatting and docstrings do not change it. Line numbers are not part of it
either, so an edit above a function leaves that function's fingerprint alone.

:func:`lines_to_blocks` maps the line numbers the coverage tool reports to these
blocks: a line belongs to the innermost function whose body holds it, else to
``<module>``.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

MODULE = "<module>"
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class FileBlocks:
    """The blocks of one source file."""

    fingerprints: dict[str, str]  # block name -> fingerprint
    spans: tuple[tuple[int, int, str], ...]  # (first body line, last line, name)

    def block_of(self, line: int) -> str:
        """The innermost function whose body holds ``line``, else ``<module>``."""
        best, size = MODULE, None
        for first, last, name in self.spans:
            if first <= line <= last and (size is None or last - first < size):
                best, size = name, last - first
        return best


def _strip_docstrings(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                node.body = body[1:] or [ast.Pass()]


def _digest(node: ast.AST) -> str:
    return hashlib.sha256(ast.dump(node, include_attributes=False).encode()).hexdigest()[:20]


def _functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, ast.AST]]:
    """Every function in ``tree`` with its dotted name, outer before inner."""
    found = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, _DEFS):
            name = f"{prefix}{node.name}"
            found.append((name, node))
            found += _functions(node, f"{name}.")
        elif isinstance(node, ast.ClassDef):
            found += _functions(node, f"{prefix}{node.name}.")
        else:
            found += _functions(node, prefix)
    return found


def blocks(source: str) -> FileBlocks:
    """The fingerprinted blocks of ``source`` (see the module docstring).

    Raises:
        SyntaxError: if ``source`` is not valid Python.
    """
    tree = ast.parse(source)
    spans = tuple(
        (node.body[0].lineno, node.end_lineno or node.body[0].lineno, name)
        for name, node in _functions(tree)
    )
    _strip_docstrings(tree)
    fingerprints: dict[str, str] = {}
    functions = _functions(tree)
    for name, node in functions:
        # Two functions of one name (say, under `if`): both count.
        fingerprints[name] = _digest(node) + fingerprints.get(name, "")
    # The module without function bodies: empty them in place, then put them back.
    bodies = [(node, node.body) for _, node in functions]
    for node, _ in bodies:
        node.body = [ast.Pass()]
    fingerprints[MODULE] = _digest(tree)
    for node, body in bodies:
        node.body = body
    return FileBlocks(fingerprints, spans)


_parsed: dict[str, FileBlocks | None] = {}  # content digest -> blocks (None: no parse)
#: One parse at a time: the runners compute keys in threads, and in CPython 3.11
#: two parses at once can fail with "SystemError: AST constructor recursion depth
#: mismatch" (the AST builder's depth counter is shared by the threads).
_parsing = threading.Lock()
#: Where fingerprints are kept between processes (set by the snippet runner).
disk_cache: Path | None = None


def file_blocks(path: Path) -> tuple[str, FileBlocks | None]:
    """The content digest of ``path`` and its blocks (None if it does not parse).

    Parsed once per content: remembered for the life of the process (a
    ``mkdocs serve`` session parses each version of a file once) and, when
    :data:`disk_cache` is set, in a small JSON file per content digest.
    """
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest in _parsed:
        return digest, _parsed[digest]
    stored = disk_cache / f"{digest[:32]}.json" if disk_cache is not None else None
    found: FileBlocks | None = None
    try:
        record = json.loads(stored.read_text()) if stored is not None else None
    except (OSError, ValueError):
        record = None
    if record is not None:
        found = FileBlocks(record["fingerprints"], tuple(tuple(s) for s in record["spans"]))
    else:
        try:
            with _parsing:
                found = blocks(data.decode("utf-8"))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            found = None
        if found is not None and stored is not None:
            stored.parent.mkdir(parents=True, exist_ok=True)
            # Per process and thread: the runner computes fingerprints in threads.
            tmp = stored.with_name(f".{stored.name}.{os.getpid()}.{threading.get_ident()}")
            tmp.write_text(json.dumps({"fingerprints": found.fingerprints, "spans": found.spans}))
            os.replace(tmp, stored)
    _parsed[digest] = found
    return digest, found


def lines_to_blocks(found: FileBlocks, lines: list[int]) -> list[str]:
    """The sorted names of the blocks that hold ``lines``."""
    return sorted({found.block_of(line) for line in lines})
