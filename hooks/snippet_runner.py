"""Run example scripts (snippets) in fresh processes, in parallel, with a cache.

This module knows nothing about MkDocs: the site hook and the tests both call
:class:`SnippetRunner`, so what the tests run is exactly what the site shows.

A snippet's result is cached under a key that covers everything that can
change what it prints or draws:

* the snippet's own source;
* every file of the ``dlnotes`` package, including the figure style
  (``dlnotes/plot/style.py``);
* this runner and its child process;
* the Python, NumPy and Matplotlib versions.

Only successes are cached. A cached entry is written to a temporary folder and
renamed into place, so a half-written entry is never read back.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path

CHILD = Path(__file__).with_name("snippet_child.py")
DEFAULT_TIMEOUT = 120.0
#: Extra seconds the parent waits beyond the child's own timeout before killing it.
KILL_GRACE = 15.0


@dataclass(frozen=True)
class Failure:
    """Why a snippet failed, and where: ``snippets/x.py:LINE``."""

    snippet: str
    line: int | None
    kind: str  # "exception", "syntax", "timeout", "exit", "silent", "crash"
    message: str
    traceback: str = ""

    @property
    def location(self) -> str:
        return f"{self.snippet}:{self.line if self.line is not None else 1}"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass
class Result:
    """What one snippet produced in this build."""

    path: str  # relative to the project root, e.g. "snippets/concepts/activations.py"
    key: str
    seconds: float  # time spent running it in this build (0 when cached)
    cached: bool
    figures: list[str] = field(default_factory=list)  # stems: "figure-1", ...
    stdout: str = ""
    out_dir: Path | None = None
    failure: Failure | None = None

    @property
    def values(self) -> dict:
        """The snippet's top-level numbers and strings (see ``snippet_child``)."""
        assert self.out_dir is not None, f"{self.path} failed: {self.failure}"
        return json.loads((self.out_dir / "values.json").read_text())

    @property
    def ok(self) -> bool:
        return self.failure is None

    def figure_file(self, stem: str, theme: str) -> Path:
        """The SVG of figure ``stem`` for ``theme`` ("light" or "dark")."""
        assert self.out_dir is not None
        return self.out_dir / f"{stem}.{theme}.svg"


def digest_files(paths: Iterable[Path], root: Path) -> str:
    """One digest of the names and contents of ``paths`` (relative to ``root``)."""
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def child_environment(root: Path, mpl_backend: str) -> dict[str, str]:
    """The environment of a process that runs site code (a snippet or a notebook kernel).

    A fixed hash seed, no bytecode written next to the sources, one BLAS thread
    (the processes already run one per core), and the project importable first.
    """
    env = dict(os.environ)
    env.update(
        MPLBACKEND=mpl_backend,
        PYTHONHASHSEED="0",
        PYTHONDONTWRITEBYTECODE="1",
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONPATH=os.pathsep.join([str(root), *filter(None, [env.get("PYTHONPATH")])]),
    )
    return env


def errors_on_page(command: str) -> bool:
    """Show problems on the page instead of failing the build: under ``mkdocs serve``,
    or in a preview build with ``DLNOTES_SNIPPET_ERRORS=page``."""
    return command == "serve" or os.environ.get("DLNOTES_SNIPPET_ERRORS") == "page"


def environment_versions() -> dict[str, str]:
    """The versions that are part of every cache key."""
    return {
        "python": sys.version.split()[0],
        "numpy": version("numpy"),
        "matplotlib": version("matplotlib"),
    }


class SnippetRunner:
    """Runs every ``snippets/**/*.py`` of a project, reusing cached results.

    Args:
        root: the project root (holds ``snippets/`` and ``dlnotes/``).
        cache_dir: where results are kept between builds.
        timeout: seconds one snippet may run before it is stopped.
        jobs: processes at once; ``None`` or 0 means one per CPU core.
    """

    def __init__(
        self,
        root: Path,
        cache_dir: Path | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        jobs: int | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        self.snippets_dir = self.root / "snippets"
        self.cache_dir = Path(cache_dir or self.root / ".cache" / "snippets").resolve()
        self.timeout = float(timeout)
        self.jobs = jobs or os.cpu_count() or 1
        self.wall_seconds = 0.0  # of the last run_all

    # ------------------------------------------------------------------ keys
    def discover(self) -> list[Path]:
        """Every snippet, sorted, as absolute paths."""
        return sorted(self.snippets_dir.rglob("*.py"))

    def shared_digest(self) -> str:
        """Digest of what every snippet depends on: dlnotes, runner, versions."""
        package = [
            p
            for p in (self.root / "dlnotes").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        ]
        h = hashlib.sha256()
        h.update(digest_files(package, self.root).encode())
        h.update(CHILD.read_bytes())
        h.update(Path(__file__).read_bytes())
        h.update(json.dumps(environment_versions(), sort_keys=True).encode())
        return h.hexdigest()

    def key(self, snippet: Path, shared: str | None = None) -> str:
        """The cache key of one snippet."""
        h = hashlib.sha256()
        h.update((shared or self.shared_digest()).encode())
        h.update(self.relative(snippet).encode())
        h.update(snippet.read_bytes())
        return h.hexdigest()[:32]

    def relative(self, snippet: Path) -> str:
        return Path(snippet).resolve().relative_to(self.root).as_posix()

    # ------------------------------------------------------------------- run
    def run_all(self, snippets: Iterable[Path] | None = None) -> dict[str, Result]:
        """Run (or fetch from cache) every snippet, ``jobs`` at a time.

        Returns results keyed by relative path, in sorted order.
        """
        snippets = list(snippets) if snippets is not None else self.discover()
        shared = self.shared_digest()
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            results = list(pool.map(lambda s: self.run(s, shared), snippets))
        self.wall_seconds = time.perf_counter() - start
        return {r.path: r for r in results}

    def run(self, snippet: Path, shared: str | None = None) -> Result:
        """Run one snippet, unless a cached result for its key exists."""
        snippet = Path(snippet).resolve()
        rel = self.relative(snippet)
        key = self.key(snippet, shared)
        final = self.cache_dir / key
        if (final / "result.json").exists():
            return self._load(rel, key, final)

        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.cache_dir / f".tmp-{key}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
        try:
            start = time.perf_counter()
            failure, stdout = self._execute(snippet, rel, tmp)
            seconds = time.perf_counter() - start
            if failure is not None:
                return Result(rel, key, seconds, False, failure=failure)
            figures = json.loads((tmp / "figures.json").read_text())
            if not figures and not stdout.strip():
                failure = Failure(
                    rel, 1, "silent", "the snippet drew no figure and printed nothing"
                )
                return Result(rel, key, seconds, False, failure=failure)
            (tmp / "stdout.txt").write_text(stdout)
            record = {"path": rel, "seconds": seconds, "figures": figures}
            (tmp / "result.json").write_text(json.dumps(record, indent=2))
            if not final.exists():
                # A rename is atomic: readers see no entry or a whole one. If
                # another build stored the same key meanwhile, keep theirs.
                os.replace(tmp, final)
            return Result(rel, key, seconds, False, figures, stdout, final)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _load(self, rel: str, key: str, folder: Path) -> Result:
        record = json.loads((folder / "result.json").read_text())
        stdout = (folder / "stdout.txt").read_text()
        return Result(rel, key, 0.0, True, record["figures"], stdout, folder)

    def _execute(self, snippet: Path, rel: str, out: Path) -> tuple[Failure | None, str]:
        env = child_environment(self.root, "Agg")
        command = [sys.executable, str(CHILD), str(snippet), str(out), str(self.timeout)]
        try:
            proc = subprocess.run(
                command,
                cwd=self.root,
                env=env,
                capture_output=True,
                text=True,
                timeout=self.timeout + KILL_GRACE,
                check=False,
            )
        except subprocess.TimeoutExpired:
            message = f"timed out after {self.timeout:g} s (and did not stop)"
            return Failure(rel, None, "timeout", message), ""

        record_path = out / "failure.json"
        if record_path.exists():
            record = json.loads(record_path.read_text())
            return (
                Failure(
                    rel,
                    record["line"],
                    record["kind"],
                    record["message"],
                    record["traceback"],
                ),
                proc.stdout,
            )
        if proc.returncode != 0:
            if "Timeout (" in proc.stderr:
                line = _hung_line(proc.stderr, snippet)
                message = f"timed out after {self.timeout:g} s"
                return Failure(rel, line, "timeout", message, proc.stderr), proc.stdout
            tail = proc.stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
            return Failure(rel, None, "crash", tail[0], proc.stderr), proc.stdout
        return None, proc.stdout


def _hung_line(stack: str, snippet: Path) -> int | None:
    """The snippet line in a faulthandler dump, which lists the innermost frame first."""
    pattern = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+)')
    for match in pattern.finditer(stack):
        if Path(match["file"]).resolve() == snippet:
            return int(match["line"])
    return None


def report(results: dict[str, Result], runner: SnippetRunner) -> dict:
    """The facts ``build-report.json`` records about the snippets of a build."""
    return {
        "versions": environment_versions(),
        "jobs": runner.jobs,
        "timeout_seconds": runner.timeout,
        "wall_seconds": round(runner.wall_seconds, 3),
        "executed": sum(1 for r in results.values() if not r.cached),
        "snippets": [
            {
                "path": r.path,
                "seconds": round(r.seconds, 3),
                "cached": r.cached,
                "figures": r.figures,
                "ok": r.ok,
                **({"failure": asdict(r.failure)} if r.failure else {}),
            }
            for r in results.values()
        ],
    }
