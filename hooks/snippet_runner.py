"""Run example scripts (snippets) in fresh processes, in parallel, with a precise cache.

This module knows nothing about MkDocs: the site hook and the tests both call
:class:`SnippetRunner`, so what the tests run is exactly what the site shows.

**Processes.** Every run is a fresh process. When a ``run_all`` has several
runs to make (a build), they are forked from a warm server that has already
imported NumPy, Matplotlib and scikit-learn (:mod:`snippet_forkserver`), which
saves each run 0.6 to 2 s of start-up; otherwise, or with
``DLNOTES_FORKSERVER=0``, each run starts ``python`` anew. Either way the
child runs :mod:`snippet_child`, which imports ``dlnotes`` itself.

**What a result depends on.** While a snippet runs, its child process
(:mod:`snippet_child`) records which lines of ``dlnotes`` ran (with
SlipCover) and which files under the project it opened for reading (an
audit hook). The runner turns the lines into *blocks* (one per function, plus
each module's import-time code: :mod:`code_fingerprint`) and keeps that list
in an index beside the cache (:mod:`precise_cache`). A result's key then covers:

* the snippet's own bytes and path;
* the fingerprint of every ``dlnotes`` block it executed: the syntax tree,
  so comments, blank lines and docstrings do not count;
* the content of every other file it read (a committed data set, say);
* the artifacts of the snippets it needs (``# needs:``, see below);
* the code of the child process, and the versions of Python and the
  scientific packages.

To find a cached result, the runner recomputes the key of each dependency list
the index remembers for that snippet, from the files as they are now; a key
whose entry exists is a hit. An edit to a ``dlnotes`` function re-runs exactly
the snippets that executed it. ``DLNOTES_FULL_RERUN=1`` ignores the cache (it
still stores what it runs): the safe path, and the reference the tests compare
the precise cache with. ``DLNOTES_TRACE=0`` turns the recording off; results
are then keyed on the whole package, as before (used to measure what the
recording costs).

**Shared artifacts.** A snippet may reuse what another one made. The consumer
says so with a header line ``# needs: concepts/transfer_pretrain.py`` (relative
to ``snippets/``; :mod:`snippet_graph`). Every run gets ``DLNOTES_ARTIFACTS``,
the artifact root (default ``.cache/artifacts``, next to this cache). A
producer writes under ``$DLNOTES_ARTIFACTS/<its path without .py>/`` and a
consumer reads from there. Producers run before their consumers in the pool; a
producer's folder is stored with its cached result and put back when the
result comes from the cache; a consumer's key includes the digest of its
producers' artifacts. A missing producer, a cycle, or reading another
snippet's artifacts without declaring it fails the snippet, naming both files.

**Sweeps.** A snippet that declares a ``SWEEP`` (:mod:`snippet_sweep`) is
run once plainly (its default value) and once per other value, with
``DLNOTES_SWEEP_VALUE`` set; the value is part of the key, so each value is
cached like any run, and all of them run in parallel. The plain result holds
the others in :attr:`Result.variants`; a failed value fails the snippet. A
malformed ``SWEEP`` fails it before anything runs. A swept snippet may read
artifacts but not write any (its runs would overwrite each other's).

Only successes are cached. A cached entry is written to a temporary folder and
renamed into place, so a half-written entry is never read back.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import code_fingerprint
import precise_cache
import snippet_forkserver
import snippet_graph
import snippet_sweep

HERE = Path(__file__).resolve().parent
CHILD = HERE / "snippet_child.py"
#: Hook modules whose *code* is part of every key (comments in them are not). The
#: fingerprint code is not: a change there changes the fingerprints themselves,
#: and a change in what a key means bumps CACHE_FORMAT.
KEYED_MODULES = (CHILD,)
#: Changes whenever the layout of the cache or the meaning of a key changes.
CACHE_FORMAT = "precise-1"
#: Folders of the project whose Python files are keyed per function.
MEASURED = ("dlnotes",)
DEFAULT_TIMEOUT = 300.0
#: Runs in one ``run_all`` from which a fork server pays for its own start
#: (about 2 s, against 0.6 to 2 s saved per run).
FORK_FROM = 4
#: Extra seconds the parent waits beyond the child's own timeout before killing it
#: (the child's clock starts after its imports, which a busy machine slows down).
KILL_GRACE = 60.0
#: Packages whose versions are part of every key, when installed.
VERSIONED = ("numpy", "matplotlib", "scikit-learn", "scipy", "torch")


@dataclass(frozen=True)
class Failure:
    """Why a snippet failed, and where: ``snippets/x.py:LINE``."""

    snippet: str
    line: int | None
    kind: str  # "exception", "syntax", "timeout", "exit", "silent", "crash", "needs", "sweep"
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
    artifacts: str = ""  # digest of what it left under $DLNOTES_ARTIFACTS ("" for nothing)
    needs: list[str] = field(default_factory=list)  # the producers it declared
    blocks: int = 0  # dlnotes blocks its key covers
    reads: list[str] = field(default_factory=list)  # other project files it read
    sweep: snippet_sweep.Sweep | None = None  # the sweep it declares, if any
    #: Per value of the sweep (by :func:`snippet_sweep.value_id`), that value's
    #: result; the default's is this result itself. Empty without a sweep.
    variants: dict[str, Result] = field(default_factory=dict)

    def variant(self, value: object) -> Result:
        """The result of the run with the sweep at ``value``."""
        assert self.sweep is not None, f"{self.path} declares no SWEEP"
        found = self.variants.get(snippet_sweep.value_id(value))
        if found is None:
            raise KeyError(f"{self.path}: {value!r} is not one of {list(self.sweep.values)}")
        return found

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


def code_digest(paths: Iterable[Path], root: Path) -> str:
    """Like :func:`digest_files`, but Python files count by their code only.

    Comments, blank lines and docstrings of ``.py`` files do not change it
    (:mod:`code_fingerprint`); any other file counts by its bytes.
    """
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        blocks = code_fingerprint.file_blocks(path)[1] if path.suffix == ".py" else None
        if blocks is None:
            h.update(path.read_bytes())
        else:
            h.update(json.dumps(blocks.fingerprints, sort_keys=True).encode())
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


def full_rerun() -> bool:
    """``DLNOTES_FULL_RERUN=1``: run every snippet and notebook, ignoring the caches."""
    return os.environ.get("DLNOTES_FULL_RERUN", "") not in ("", "0")


def environment_versions() -> dict[str, str]:
    """The versions that are part of every cache key."""
    found = {"python": sys.version.split()[0]}
    for name in VERSIONED:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


def folder_digest(folder: Path) -> str:
    """A digest of every file under ``folder`` (names and bytes); "" if it has none."""
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    if not files:
        return ""
    h = hashlib.sha256()
    for path in files:
        h.update(path.relative_to(folder).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:32]


def _stat_list(folder: Path) -> list[list]:
    if not folder.is_dir():
        return []
    return [
        [p.relative_to(folder).as_posix(), p.stat().st_size, p.stat().st_mtime_ns]
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]


class SnippetRunner:
    """Runs every ``snippets/**/*.py`` of a project, reusing cached results.

    Args:
        root: the project root (holds ``snippets/`` and ``dlnotes/``).
        cache_dir: where results are kept between builds (``.cache/snippets``).
        timeout: seconds one snippet may run before it is stopped.
        jobs: processes at once; ``None`` or 0 means one per CPU core.
        artifacts_dir: the artifact root (``DLNOTES_ARTIFACTS``, else
            ``artifacts`` next to the cache folder: ``.cache/artifacts``).
        full: ignore cached results (default: ``DLNOTES_FULL_RERUN=1``).
        trace: record what each run used (default: unless ``DLNOTES_TRACE=0``).
        forkserver: fork runs from a warm server when a build runs several
            (:mod:`snippet_forkserver`; default: unless ``DLNOTES_FORKSERVER=0``).
    """

    def __init__(
        self,
        root: Path,
        cache_dir: Path | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        jobs: int | None = None,
        artifacts_dir: Path | None = None,
        full: bool | None = None,
        trace: bool | None = None,
        forkserver: bool | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        self.snippets_dir = self.root / "snippets"
        self.cache_dir = Path(cache_dir or self.root / ".cache" / "snippets").resolve()
        artifacts = artifacts_dir or os.environ.get("DLNOTES_ARTIFACTS")
        self.artifacts_dir = Path(artifacts or self.cache_dir.parent / "artifacts").resolve()
        self.timeout = float(timeout)
        self.jobs = jobs or os.cpu_count() or 1
        self.full = full_rerun() if full is None else full
        self.trace = os.environ.get("DLNOTES_TRACE", "1") != "0" if trace is None else trace
        if forkserver is None:
            forkserver = os.environ.get("DLNOTES_FORKSERVER", "1") != "0"
        self.forkserver = forkserver and hasattr(os, "fork")
        self._batch = False  # this run_all has enough runs to start a fork server
        code_fingerprint.disk_cache = self.cache_dir / "fingerprints"
        #: Per run, the dependency lists of its last results (:mod:`precise_cache`).
        self.index = precise_cache.Index(self.cache_dir / "index")
        self.wall_seconds = 0.0  # of the last run_all
        self.lookup_seconds = 0.0  # of the last run_all: finding cached results

    # ------------------------------------------------------------------ keys
    def discover(self) -> list[Path]:
        """Every snippet, sorted, as absolute paths."""
        return sorted(self.snippets_dir.rglob("*.py"))

    def relative(self, snippet: Path) -> str:
        return Path(snippet).resolve().relative_to(self.root).as_posix()

    def shared_digest(self) -> str:
        """Digest of what every snippet depends on: the child's code, the versions."""
        h = hashlib.sha256(CACHE_FORMAT.encode())
        h.update(code_digest(KEYED_MODULES, HERE).encode())
        h.update(json.dumps(environment_versions(), sort_keys=True).encode())
        h.update(str(self.trace).encode())
        return h.hexdigest()

    def _base(
        self, rel: str, producers: list[tuple[str, str]], shared: str, value: str | None = None
    ) -> str:
        """The part of a key known before the run: the snippet, its producers, a sweep value."""
        h = hashlib.sha256(shared.encode())
        h.update(rel.encode() + b"\0")
        if value is not None:
            h.update(f"{snippet_sweep.ENV}={value}\0".encode())
        h.update((self.root / rel).read_bytes())
        h.update(json.dumps(producers).encode())
        return h.hexdigest()

    def key_of(self, base: str, deps: dict) -> str:
        """The key of a result whose run used ``deps`` (:func:`precise_cache.key_of`)."""
        return precise_cache.key_of(self.root, base, deps)

    # ------------------------------------------------------------- artifacts
    def artifact_folder(self, rel: str) -> Path:
        """Where ``snippets/<x>.py`` writes its artifacts: ``<root>/<x>/``."""
        stem = rel.removeprefix("snippets/").removesuffix(".py")
        return self.artifacts_dir / stem

    def _stamp(self, rel: str) -> Path:
        name = rel.removeprefix("snippets/").removesuffix(".py").replace("/", "__")
        return self.artifacts_dir / ".stamps" / f"{name}.json"

    def _write_stamp(self, rel: str, key: str) -> None:
        stamp = self._stamp(rel)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        folder = self.artifact_folder(rel)
        stamp.write_text(json.dumps({"key": key, "files": _stat_list(folder)}))

    def _restore_artifacts(self, rel: str, key: str, entry: Path) -> None:
        """Put a cached producer's artifacts back, unless they are already in place."""
        stored = entry / "artifacts"
        folder = self.artifact_folder(rel)
        try:
            stamp = json.loads(self._stamp(rel).read_text())
        except (OSError, ValueError):
            stamp = {}
        if stamp.get("key") == key and stamp.get("files") == _stat_list(folder):
            return
        shutil.rmtree(folder, ignore_errors=True)
        if stored.is_dir():
            folder.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(stored, folder)
        self._write_stamp(rel, key)

    # ------------------------------------------------------------------- run
    def run_all(self, snippets: Iterable[Path] | None = None) -> dict[str, Result]:
        """Run (or fetch from cache) snippets, ``jobs`` at a time, producers first.

        ``snippets`` defaults to all of them; the producers they need are run
        too. Returns results keyed by relative path, in sorted order.
        """
        start = time.perf_counter()
        self.lookup_seconds = 0.0
        existing = {self.relative(p): p for p in self.discover()}
        wanted = list(existing) if snippets is None else [self.relative(p) for p in list(snippets)]
        graph = {rel: snippet_graph.needs_of(path) for rel, path in existing.items()}
        for rel in wanted:
            graph.setdefault(rel, snippet_graph.needs_of(self.root / rel))
        errors = snippet_graph.check(graph, set(graph))
        todo = snippet_graph.closure(graph, wanted)
        dependants = snippet_graph.dependants(graph)
        shared = self.shared_digest()

        results: dict[str, Result] = {}
        sweeps: dict[str, snippet_sweep.Sweep] = {}
        for rel in todo:
            if rel in errors:
                error = errors[rel]
                failure = Failure(rel, error.line, "needs", error.message)
                results[rel] = Result(rel, "", 0.0, False, failure=failure)
                continue
            try:
                sweep = snippet_sweep.read_sweep(self.root / rel)
            except snippet_sweep.SweepError as error:
                failure = Failure(rel, error.line, "sweep", error.message)
                results[rel] = Result(rel, "", 0.0, False, failure=failure)
                continue
            if sweep is not None:
                sweeps[rel] = sweep
        # One job per plain run, plus one per other value of a sweep.
        pending: list[tuple[str, str | None]] = [(rel, None) for rel in todo if rel not in results]
        for rel, sweep in sweeps.items():
            ids = [snippet_sweep.value_id(v) for v in sweep.values if v != sweep.default]
            pending += [(rel, value) for value in ids]
        variants: dict[str, dict[str, Result]] = {rel: {} for rel in sweeps}
        self._batch = len(pending) >= FORK_FROM

        def priority(job: tuple[str, str | None]) -> tuple:
            # Producers first (others wait for them), then the longest runs (as
            # last measured), then consumers: a consumer ends a chain that has
            # been running since its producer began, so it is the one to finish
            # first when no run time is known (a fresh clone).
            rel, value = job
            ident = self._ident(rel, value)
            return (
                -len(dependants.get(rel, ())),
                -self.index.expected_seconds(ident),
                -len(graph[rel]),
                ident,
            )

        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            running: dict[Future, tuple[str, str | None]] = {}
            while pending or running:
                ready = [
                    job for job in pending if all(n.producer in results for n in graph[job[0]])
                ]
                # A job is given to the pool only when a worker is free, so that
                # one made ready by a producer just now is weighed against the
                # others still waiting rather than queued behind all of them.
                for job in sorted(ready, key=priority):
                    rel, value = job
                    blocked = self._blocked(rel, graph[rel], results)
                    if blocked is not None:
                        pending.remove(job)
                        if value is None:
                            results[rel] = blocked
                        continue
                    if len(running) >= self.jobs:
                        continue  # no free worker: it waits for the next round
                    pending.remove(job)
                    producers = [(n.producer, results[n.producer].artifacts) for n in graph[rel]]
                    future = pool.submit(self._run_one, rel, graph[rel], producers, shared, value)
                    running[future] = job
                if not running:
                    if pending and not ready:  # cannot happen: the graph was checked
                        for rel, _value in pending:
                            message = "its producers never finished"
                            results[rel] = Result(
                                rel, "", 0.0, False, failure=Failure(rel, 1, "needs", message)
                            )
                        pending = []
                    continue
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    rel, value = running.pop(future)
                    if value is None:
                        results[rel] = future.result()
                    else:
                        variants[rel][value] = future.result()
        for rel, sweep in sweeps.items():
            self._gather(results[rel], sweep, variants[rel])
        self.wall_seconds = time.perf_counter() - start
        return {rel: results[rel] for rel in sorted(results)}

    @staticmethod
    def _ident(rel: str, value: str | None) -> str:
        """How the index names one run: the snippet, and the sweep value if not the default."""
        return rel if value is None else f"{rel}?{snippet_sweep.ENV}={value}"

    @staticmethod
    def _gather(result: Result, sweep: snippet_sweep.Sweep, others: dict[str, Result]) -> None:
        """Attach a sweep's runs to the plain result; a failed value fails it."""
        result.sweep = sweep
        if result.failure is not None:
            return
        if result.artifacts:
            message = (
                f"declares a {snippet_sweep.NAME} but writes artifacts; a swept snippet may "
                "read artifacts (# needs:) but not write any, since its runs would overwrite "
                "each other's"
            )
            result.failure = Failure(result.path, sweep.line, "sweep", message)
            return
        result.variants = {snippet_sweep.value_id(sweep.default): result, **others}
        for value in sweep.values:
            other = result.variants.get(snippet_sweep.value_id(value))
            if other is None:  # its producer failed, and so did the plain run
                continue
            if other.failure is not None:
                cause = other.failure
                message = f"with {sweep.name} = {value!r}: {cause.message}"
                result.failure = Failure(
                    result.path, cause.line, cause.kind, message, cause.traceback
                )
                result.variants = {}
                return

    def run(self, snippet: Path) -> Result:
        """Run one snippet (and the producers it needs), unless its result is cached."""
        return self.run_all([snippet])[self.relative(snippet)]

    @staticmethod
    def _blocked(
        rel: str, needs: list[snippet_graph.Need], results: dict[str, Result]
    ) -> Result | None:
        """A failure if a producer of ``rel`` failed (the consumer cannot run)."""
        for need in needs:
            producer = results[need.producer]
            if producer.failure is not None:
                message = f"needs {need.producer}, which failed: {producer.failure}"
                failure = Failure(rel, need.line, "needs", message)
                return Result(rel, "", 0.0, False, failure=failure)
        return None

    def _run_one(
        self,
        rel: str,
        needs: list[snippet_graph.Need],
        producers: list,
        shared: str,
        value: str | None = None,
    ) -> Result:
        lookup = time.perf_counter()
        base = self._base(rel, producers, shared, value)
        names = [n.producer for n in needs]
        if not self.full:
            hit = self._cached(rel, base, names, value)
            self.lookup_seconds += time.perf_counter() - lookup
            if hit is not None:
                return hit
        with precise_cache.one_run_at_a_time(self.cache_dir / "locks", base):
            hit = None if self.full else self._cached(rel, base, names, value)
            return hit or self._execute_and_store(rel, base, needs, value)

    def _cached(
        self, rel: str, base: str, names: list[str], value: str | None = None
    ) -> Result | None:
        """The cached result of a dependency list the index remembers, if one matches."""
        found = self.index.find(
            self.root,
            self._ident(rel, value),
            base,
            lambda key: (self.cache_dir / key / "result.json").exists(),
        )
        if found is None:
            return None
        key, deps = found
        folder = self.cache_dir / key
        result = self._load(rel, key, folder, deps, names)
        if value is None:
            self._restore_artifacts(rel, key, folder)
        return result

    def _snapshot(self) -> dict[str, str]:
        """The content digest of every measured Python file, before a run."""
        return precise_cache.snapshot(self.root, precise_cache.python_files(self.root, MEASURED))

    def _execute_and_store(
        self, rel: str, base: str, needs: list[snippet_graph.Need], value: str | None = None
    ) -> Result:
        snippet = self.root / rel
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.cache_dir / f".tmp-{uuid.uuid4().hex[:12]}"
        tmp.mkdir()
        folder = self.artifact_folder(rel)
        if value is None:  # a sweep's other values leave the plain run's folder alone
            shutil.rmtree(folder, ignore_errors=True)  # a producer starts from nothing
            self._stamp(rel).unlink(missing_ok=True)
        names = [n.producer for n in needs]
        try:
            before = self._snapshot()
            start = time.perf_counter()
            failure, stdout = self._execute(snippet, rel, tmp, value)
            seconds = time.perf_counter() - start
            if failure is not None:
                return Result(rel, "", seconds, False, failure=failure, needs=names)
            figures = json.loads((tmp / "figures.json").read_text())
            if not figures and not stdout.strip():
                failure = Failure(
                    rel, 1, "silent", "the snippet drew no figure and printed nothing"
                )
                return Result(rel, "", seconds, False, failure=failure, needs=names)
            deps, failure = self._dependencies(rel, tmp, needs, before)
            if failure is not None:
                return Result(rel, "", seconds, False, failure=failure, needs=names)
            key = self.key_of(base, deps)
            if self._snapshot() != before:
                # dlnotes changed while this ran: keep the result out of reach.
                key = f"unstable-{uuid.uuid4().hex[:12]}"
            artifacts = folder_digest(folder) if value is None else ""
            if artifacts:
                shutil.copytree(folder, tmp / "artifacts")
            (tmp / "stdout.txt").write_text(stdout)
            record = {
                "path": rel,
                "seconds": seconds,
                "figures": figures,
                "artifacts": artifacts,
                "deps": deps,
            }
            (tmp / "result.json").write_text(json.dumps(record, indent=2))
            final = self.cache_dir / key
            if not final.exists():
                # A rename is atomic: readers see no entry or a whole one. If
                # another build stored the same key meanwhile, keep theirs.
                os.replace(tmp, final)
            if not key.startswith("unstable-"):
                self.index.remember(self._ident(rel, value), deps, seconds)
            if value is None:
                self._write_stamp(rel, key)
            return self._load(rel, key, final, deps, names, seconds=seconds, cached=False)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _dependencies(
        self, rel: str, out: Path, needs: list[snippet_graph.Need], before: dict[str, str]
    ) -> tuple[dict, Failure | None]:
        """What the run used, from the child's ``deps.json``, relative to the root."""
        record = json.loads((out / "deps.json").read_text())
        allowed = {self.artifact_folder(r) for r in [rel, *(n.producer for n in needs)]}
        for name in record.get("reads", []):
            path = Path(name)
            if not precise_cache.under(path, self.artifacts_dir) or not path.is_file():
                continue
            if any(precise_cache.under(path, a) for a in allowed):
                continue
            owner = path.relative_to(self.artifacts_dir).parts[0]
            message = (
                f"reads {path.relative_to(self.artifacts_dir).as_posix()} from the artifacts "
                f"of another snippet (under {owner}/) without declaring it with a "
                "'# needs: <that snippet>' line"
            )
            return {}, Failure(rel, 1, "needs", message)
        # Artifacts count through their producers' digests, not as files read.
        skip = (self.cache_dir, self.artifacts_dir)
        return precise_cache.dependencies(self.root, record, before, skip, own=rel), None

    def _load(
        self,
        rel: str,
        key: str,
        folder: Path,
        deps: dict,
        needs: list[str],
        seconds: float = 0.0,
        cached: bool = True,
    ) -> Result:
        record = json.loads((folder / "result.json").read_text())
        stdout = (folder / "stdout.txt").read_text()
        return Result(
            rel,
            key,
            seconds,
            cached,
            record["figures"],
            stdout,
            folder,
            artifacts=record.get("artifacts", ""),
            needs=needs,
            blocks=sum(len(v) for v in deps.get("code", {}).values()),
            reads=list(deps.get("reads", [])),
        )

    def _execute(
        self, snippet: Path, rel: str, out: Path, value: str | None = None
    ) -> tuple[Failure | None, str]:
        env = child_environment(self.root, "Agg")
        env.pop(snippet_sweep.ENV, None)
        if value is not None:
            env[snippet_sweep.ENV] = value
        env.update(
            DLNOTES_ROOT=str(self.root),
            DLNOTES_ARTIFACTS=str(self.artifacts_dir),
            DLNOTES_MEASURE=os.pathsep.join(str(self.root / m) for m in MEASURED)
            if self.trace
            else "",
        )
        proc = self._spawn(snippet, out, env, value)
        if proc is None:
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

    def _spawn(
        self, snippet: Path, out: Path, env: dict[str, str], value: str | None
    ) -> snippet_forkserver.Finished | subprocess.CompletedProcess | None:
        """Run the child for ``snippet``; None if it outlived the timeout and was killed.

        Through the build's fork server when there is one (:meth:`run_all`
        starts it for a batch of runs), else as a new ``python`` process.
        """
        wait = self.timeout + KILL_GRACE
        if self.forkserver and (self._batch or _servers):
            startup = {k: v for k, v in env.items() if k != snippet_sweep.ENV}
            server = _server(startup, self.root)
            try:
                return server.run(snippet, out, self.timeout, env, wait)
            except snippet_forkserver.ServerGone:
                _drop_server(server)  # and run this one the plain way
        command = [sys.executable, str(CHILD), str(snippet), str(out), str(self.timeout)]
        try:
            return subprocess.run(
                command,
                cwd=self.root,
                env=env,
                capture_output=True,
                text=True,
                timeout=wait,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None


#: Fork servers by (folder, environment), kept for the life of the process: a
#: ``serve`` session starts one and reuses it for every rebuild.
_servers: dict[tuple, snippet_forkserver.ForkServer] = {}
_servers_lock = threading.Lock()


def _server(env: dict[str, str], root: Path) -> snippet_forkserver.ForkServer:
    key = (str(root), tuple(sorted(env.items())))
    with _servers_lock:
        if key not in _servers or not _servers[key].alive():
            _servers[key] = snippet_forkserver.ForkServer(env, root)
        return _servers[key]


def _drop_server(server: snippet_forkserver.ForkServer) -> None:
    with _servers_lock:
        for key, known in list(_servers.items()):
            if known is server:
                del _servers[key]
    server.close()


def close_servers() -> None:
    """Stop every fork server this process started."""
    with _servers_lock:
        servers = list(_servers.values())
        _servers.clear()
    for server in servers:
        server.close()


atexit.register(close_servers)


def _hung_line(stack: str, snippet: Path) -> int | None:
    """The snippet line in a faulthandler dump, which lists the innermost frame first."""
    pattern = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+)')
    for match in pattern.finditer(stack):
        if Path(match["file"]).resolve() == snippet:
            return int(match["line"])
    return None


#: Said in ``build-report.json`` itself: it is the one file two builds may differ in.
REPORT_NOTE = (
    "This file records one build's run: timings and which results came from the cache. "
    "It is the only file of the site that is not byte-identical between two builds of "
    "the same commit (tests/build/test_build_reproducible.py)."
)


def report(results: dict[str, Result], runner: SnippetRunner) -> dict:
    """The facts ``build-report.json`` records about the snippets of a build."""
    return {
        "note": REPORT_NOTE,
        "versions": environment_versions(),
        "jobs": runner.jobs,
        "timeout_seconds": runner.timeout,
        "full_rerun": runner.full,
        "traced": runner.trace,
        "wall_seconds": round(runner.wall_seconds, 3),
        "lookup_seconds": round(runner.lookup_seconds, 3),
        "executed": sum(1 for r in results.values() if not r.cached),
        "snippets": [
            {
                "path": r.path,
                "seconds": round(r.seconds, 3),
                "cached": r.cached,
                "figures": r.figures,
                "needs": r.needs,
                "blocks": r.blocks,
                "reads": r.reads,
                "ok": r.ok,
                **({"failure": asdict(r.failure)} if r.failure else {}),
                **({"sweep": _sweep_report(r, runner)} if r.sweep and r.variants else {}),
            }
            for r in results.values()
        ],
    }


def _sweep_report(result: Result, runner: SnippetRunner) -> dict:
    """A sweep's runs: per value, seconds in this build, cache hits, and the cost of a run.

    ``run_seconds`` is each value's last measured run (from the index, so a
    warm build still reports it), and ``seconds_over_one_run`` the whole
    sweep's run time over its default's: each value is one run of the same
    script, so it stays near the number of values, and the values run in
    parallel.
    """
    sweep = result.sweep
    assert sweep is not None
    ids = [snippet_sweep.value_id(v) for v in sweep.values]
    runs = [result.variants[i] for i in ids]
    default = snippet_sweep.value_id(sweep.default)
    measured = [
        runner.index.expected_seconds(runner._ident(result.path, None if i == default else i))
        for i in ids
    ]
    one = measured[sweep.default_index]
    return {
        "name": sweep.name,
        "values": list(sweep.values),
        "default": sweep.default,
        "seconds": [round(r.seconds, 3) for r in runs],
        "cached": [r.cached for r in runs],
        "run_seconds": [round(m, 3) for m in measured],
        "seconds_over_one_run": round(sum(measured) / one, 2) if one > 0 else None,
    }
