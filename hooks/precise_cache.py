"""The precise cache: results keyed on what a run used, shared by snippets and notebooks.

A run (a snippet in :mod:`snippet_runner`, a notebook in :mod:`notebook_runner`)
records what it used: which lines of the measured Python files ran
(SlipCover, in :class:`snippet_child.Recorder`) and which other project
files it opened for reading. This module turns that record into a dependency
list and the list into a cache key:

* ``deps = {"code": {file: [block, ...]}, "reads": [file, ...]}``, files
  relative to the project root. A block is a function or a module's
  import-time code (:mod:`code_fingerprint`); ``["*"]`` means the whole file.
* The key is a digest of the run's *base* (what is known before it runs: its
  source, its settings, the versions) and of each dependency as it is *now*:
  the fingerprint of every block (its syntax tree, so comments, blank lines
  and docstrings do not count) and the bytes of every file read.

A key cannot be known before the run, so an :class:`Index` keeps, per run,
the last few dependency lists it had. To find a cached result, the runner
computes the key of each remembered list from the files as they are now; an
existing entry under one of those keys is a hit. An edit to a function
therefore re-runs exactly the runs that executed it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import code_fingerprint

#: Dependency lists the index keeps per run (newest first).
INDEX_ENTRIES = 8
#: The recorder's own file, which a run reads when it shows a traceback.
RECORDER = Path(__file__).resolve().with_name("snippet_child.py")

_file_digests: dict[tuple[str, int, int], str] = {}


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, remembered by (path, size, modification time)."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    if not path.is_file():
        return "not a file"
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _file_digests:
        _file_digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _file_digests[key]


def key_of(root: Path, base: str, deps: dict) -> str:
    """The key of a result whose run used ``deps``, with the files under ``root`` as now."""
    h = hashlib.sha256(base.encode())
    for rel, names in sorted(deps.get("code", {}).items()):
        path = root / rel
        h.update(rel.encode() + b"\0")
        if not path.is_file():
            h.update(b"missing")
            continue
        digest, blocks = code_fingerprint.file_blocks(path)
        if blocks is None or names == ["*"]:
            h.update(digest.encode())
            continue
        for name in names:
            h.update(f"{name}={blocks.fingerprints.get(name, '-')};".encode())
    for rel in sorted(deps.get("reads", [])):
        h.update(f"{rel}={file_digest(root / rel)};".encode())
    return h.hexdigest()[:32]


def snapshot(root: Path, files: Iterable[Path]) -> dict[str, str]:
    """The content digest of each of ``files``, by path relative to ``root``.

    Taken before and after a run: if it changed, the run may have seen a file
    half-way through an edit, and its result must not be cached under a key.
    """
    return {path.relative_to(root).as_posix(): file_digest(path) for path in sorted(files)}


def python_files(root: Path, folders: Iterable[str]) -> list[Path]:
    """Every ``.py`` file under ``folders`` of ``root`` (``__pycache__`` left out)."""
    return [
        path
        for folder in folders
        for path in sorted((root / folder).rglob("*.py"))
        if "__pycache__" not in path.parts
    ]


def code_used(root: Path, record: dict, measured: Iterable[str]) -> dict[str, list[str]]:
    """The ``code`` part of a dependency list, from a recorder's ``deps.json`` ``record``.

    A traced run names the blocks whose lines ran (a file that does not parse
    counts whole). An untraced run (``"traced": false``) depends on every file
    in ``measured`` (paths relative to ``root``), whole.
    """
    if not record.get("traced"):
        return {rel: ["*"] for rel in sorted(measured)}
    code: dict[str, list[str]] = {}
    for name, lines in record["lines"].items():
        path = Path(name).resolve()
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            continue
        blocks = code_fingerprint.file_blocks(path)[1] if path.is_file() else None
        code[rel] = ["*"] if blocks is None else code_fingerprint.lines_to_blocks(blocks, lines)
    return code


def under(path: Path, folder: Path) -> bool:
    """Whether ``path`` (resolved) lies inside ``folder``."""
    try:
        path.resolve().relative_to(folder)
    except ValueError:
        return False
    return True


def dependencies(
    root: Path, record: dict, measured: Iterable[str], skip: Iterable[Path] = (), own: str = ""
) -> dict:
    """The dependency list of a run, from its recorder's ``deps.json`` ``record``.

    ``code`` as :func:`code_used` gives it; a measured file that was imported
    but none of whose lines ran counts by its import-time code. ``reads`` are
    the other project files the run opened, except those under ``skip``
    (caches), the recorder itself, and ``own`` (the run's source).
    """
    measured = set(measured)
    code = code_used(root, record, measured)
    reads = set()
    for name in record.get("reads", []):
        path = Path(name).resolve()
        if not path.is_file() or path == RECORDER or any(under(path, f) for f in skip):
            continue
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            continue
        if rel in measured and rel not in code:
            code[rel] = [code_fingerprint.MODULE]  # imported, no function of it ran
        if rel != own and rel not in code:
            reads.add(rel)
    return {"code": code, "reads": sorted(reads)}


@contextmanager
def one_run_at_a_time(folder: Path, base: str) -> Iterator[None]:
    """Hold the lock of the run whose key starts with ``base``, across processes.

    Several builds, ``serve`` and ``pytest`` share a cache: the second to ask
    waits, then finds the first one's result instead of running it again.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{base[:24]}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class Index:
    """Per run, the dependency lists of its last :data:`INDEX_ENTRIES` results.

    One small JSON file per run under ``folder``, written atomically, so
    several builds (serve, pytest, make build) can share it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _file(self, ident: str) -> Path:
        return self.folder / (hashlib.sha256(ident.encode()).hexdigest()[:20] + ".json")

    def entries(self, ident: str) -> list[dict]:
        """The remembered ``{"deps": ..., "seconds": ...}`` of run ``ident``, newest first."""
        try:
            return json.loads(self._file(ident).read_text())["entries"]
        except (OSError, ValueError, KeyError):
            return []

    def remember(self, ident: str, deps: dict, seconds: float) -> None:
        """Put ``deps`` first in the list of ``ident`` (once), with how long the run took."""
        entries = [e for e in self.entries(ident) if e["deps"] != deps]
        entries = [{"deps": deps, "seconds": round(seconds, 3)}, *entries][:INDEX_ENTRIES]
        target = self._file(ident)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}")
        tmp.write_text(json.dumps({"path": ident, "entries": entries}, indent=1))
        os.replace(tmp, target)

    def expected_seconds(self, ident: str) -> float:
        """How long the last stored run of ``ident`` took (0 if none is known)."""
        entries = self.entries(ident)
        return float(entries[0].get("seconds", 0.0)) if entries else 0.0

    def find(self, root: Path, ident: str, base: str, exists) -> tuple[str, dict] | None:
        """The key and dependency list of a remembered run whose entry ``exists(key)``."""
        for entry in self.entries(ident):
            key = key_of(root, base, entry["deps"])
            if exists(key):
                return key, entry["deps"]
        return None
