"""Time site builds on a temporary copy of the project.

The project (docs, snippets, dlnotes, hooks, overrides, committed data, the MkDocs config and
any config it inherits from) is copied into a temporary folder, and the snippet
and notebook caches point into that folder, so editing a snippet here never
touches the real repository or its cache. The builds run one after the other:

1. **cold**: empty caches;
2. **warm**: nothing changed since the cold build;
3. **snippet edit**: a comment appended to one snippet;
4. **dlnotes touch**: one ``dlnotes`` file's modification time changed, its
   content not (the cache keys hash content, so nothing should run);
5. **comment edit**, **docstring edit**, **body edit** of one ``dlnotes``
   function that few snippets execute (the one with the fewest users, read
   from the cache index the cold build wrote): the first two should run
   nothing, the last only the snippets that executed the function;
6. **cold, untraced**: every cache emptied again (snippet and notebook
   results, artifacts, the wheel, templates, the notebooks' HTML), with
   ``DLNOTES_TRACE=0``, so the difference to the first build is what recording
   the dependencies costs.

Then the author's loop under ``mkdocs serve`` (:func:`prose_reload`): a
paragraph is added to a page, and the time until the server returns the
page with it is measured (median of three edits).

Each build is a fresh ``mkdocs build`` process. What it executed is read from
the ``build-report.json`` it wrote (``executed`` for snippets; the
``notebooks`` section when the notebook hook adds one, else its log line).
The builds run with ``--no-strict`` and ``DLNOTES_SNIPPET_ERRORS=page``, so a
page that another author is still writing cannot stop the measurement; the
number of failed snippets is recorded, because a failure is never cached.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Copied into the temporary project when they exist.
PROJECT_PARTS = (
    "docs",
    "snippets",
    "dlnotes",
    "hooks",
    "overrides",
    "data",
    "bench/results.json",
    "bench/audit.json",  # read by snippets/about/audit.py
    "pyproject.toml",  # the wheel the site serves (hooks/site_wheel.py)
    "README.md",
)
#: The snippet whose edit is timed (the first snippet found if it is missing).
EDITED_SNIPPET = "snippets/concepts/activations.py"
#: The dlnotes file that is touched.
EDITED_MODULE = "dlnotes/metrics.py"
#: The page whose prose is edited under ``mkdocs serve``.
EDITED_PAGE = "docs/concepts/neuron.md"
INHERIT = re.compile(r"^INHERIT:\s*(?P<path>\S+)\s*$", re.MULTILINE)
SNIPPET_LOG = re.compile(r"snippets: (?P<run>\d+) run, (?P<cached>\d+) from cache")
NOTEBOOK_LOG = re.compile(r"notebooks: (?P<run>\d+) run, (?P<cached>\d+) from cache")


@dataclass
class Build:
    """One timed build."""

    name: str  # "cold", "warm", ...
    label: str  # what changed before it, for the table
    wall_seconds: float  # the whole `mkdocs build` process
    snippets_executed: int
    snippets_total: int
    snippets_failed: int
    snippet_seconds: float  # sum over the snippets it ran
    snippet_wall_seconds: float  # the snippet phase, from start to last result
    workers: int  # snippets run at once
    notebooks_executed: int | None  # None: this site has no notebooks
    notebooks_total: int | None

    @property
    def parallel_efficiency(self) -> float | None:
        """``sum of snippet seconds / (snippet wall seconds * workers)``."""
        if not self.snippets_executed or self.snippet_wall_seconds <= 0:
            return None
        return self.snippet_seconds / (self.snippet_wall_seconds * self.workers)

    def as_dict(self) -> dict:
        return {**asdict(self), "parallel_efficiency": self.parallel_efficiency}


def config_files(config: Path) -> list[Path]:
    """The config and every config it inherits from (``INHERIT: other.yml``)."""
    chain = [config]
    while match := INHERIT.search(chain[-1].read_text()):
        parent = (chain[-1].parent / match["path"]).resolve()
        if parent in chain:
            break
        chain.append(parent)
    return chain


def copy_project(dest: Path, config: Path) -> None:
    """Copy what a build reads into ``dest`` (no caches, no ``__pycache__``).

    The config (and its parents) go to the top of ``dest``, so a config kept
    elsewhere (say, an older version for comparison) builds this project.
    """
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".cache")
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=ignore)
        elif src.is_file():
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / part)
    for file in config_files(config):
        target = dest / file.relative_to(config.parent)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(file, target)


def append_comment(path: Path, text: str) -> None:
    """Change a Python file's content without changing what it does."""
    with path.open("a") as handle:
        handle.write(f"\n# {text}\n")


def bench_environment(project: Path, **extra: str) -> dict[str, str]:
    """The environment of a timed build: caches inside ``project``."""
    env = dict(os.environ)
    env.pop("DLNOTES_FULL_RERUN", None)
    env.pop("DLNOTES_ARTIFACTS", None)
    env.update(
        DLNOTES_CACHE_DIR=str(project / ".cache" / "snippets"),
        DLNOTES_NOTEBOOK_CACHE_DIR=str(project / ".cache" / "notebooks"),
        DLNOTES_SNIPPET_ERRORS="page",
        NO_MKDOCS_2_WARNING="1",
        PYTHONDONTWRITEBYTECODE="1",
        **extra,
    )
    return env


def output_tail(output: str, lines: int = 15) -> str:
    """The last ``lines`` lines of a child process's output, for an error message."""
    return "\n".join(output.strip().splitlines()[-lines:])


def run_build(project: Path, config: str, name: str, label: str, **extra: str) -> Build:
    """Run one ``mkdocs build`` in ``project`` and read what it did."""
    site = project / "site"
    env = bench_environment(project, **extra)
    command = [sys.executable, "-m", "mkdocs", "build", "--no-strict", "-f", config]
    command += ["-d", str(site)]
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    report_path = site / "build-report.json"
    if proc.returncode != 0 or not report_path.exists():
        failed = f"the {name} build failed (exit {proc.returncode})"
        raise RuntimeError(f"{failed}:\n{output_tail(proc.stderr)}")
    report = json.loads(report_path.read_text())
    snippets = report.get("snippets", [])
    notebooks_run, notebooks_total = _notebooks(report, proc.stderr)
    return Build(
        name=name,
        label=label,
        wall_seconds=wall,
        snippets_executed=int(report["executed"]),
        snippets_total=len(snippets),
        snippets_failed=sum(1 for s in snippets if not s.get("ok", True)),
        snippet_seconds=sum(s["seconds"] for s in snippets if not s["cached"]),
        snippet_wall_seconds=float(report.get("wall_seconds", 0.0)),
        workers=int(report.get("jobs", 1)),
        notebooks_executed=notebooks_run,
        notebooks_total=notebooks_total,
    )


def _notebooks(report: dict, log: str) -> tuple[int | None, int | None]:
    """Notebooks executed and in total: from the report, else the hook's log line."""
    section = report.get("notebooks")
    if isinstance(section, dict) and "executed" in section:
        total = section.get("notebooks")
        return int(section["executed"]), len(total) if isinstance(total, list) else None
    match = NOTEBOOK_LOG.search(log)
    if match:
        run = int(match["run"])
        return run, run + int(match["cached"])
    return None, None


def least_used_function(project: Path) -> tuple[str, str, int] | None:
    """The dlnotes function that the fewest runs executed (at least one).

    Read from the cache indexes the cold build wrote, of the snippets and of
    the notebooks. Returns ``(file, name, users)``, or None if no run executed
    a function with a body to edit.
    """
    users: dict[tuple[str, str], int] = {}
    cache = project / ".cache"
    indexes = [*(cache / "snippets" / "index").glob("*.json")]
    indexes += (cache / "notebooks" / "index").glob("*.json")
    for index in indexes:
        entries = json.loads(index.read_text()).get("entries", [])
        if not entries:
            continue
        for file, blocks in entries[0]["deps"].get("code", {}).items():
            for block in blocks:
                if file.startswith("dlnotes/") and block not in ("<module>", "*"):
                    users[(file, block)] = users.get((file, block), 0) + 1
    for (file, block), count in sorted(users.items(), key=lambda item: (item[1], item[0])):
        if _function_node(project / file, block) is not None:
            return file, block, count
    return None


def _function_node(path: Path, dotted: str) -> ast.FunctionDef | None:
    """The function ``dotted`` (``Class.method``) of ``path``, if it has a docstring
    and a statement after it on lines of their own."""
    sys.path.insert(0, str(ROOT / "hooks"))
    import code_fingerprint

    tree = ast.parse(path.read_text())
    for name, node in code_fingerprint._functions(tree):
        if name != dotted or not isinstance(node, ast.FunctionDef):
            continue
        if ast.get_docstring(node) and len(node.body) > 1 and node.body[1].lineno > node.lineno:
            return node
    return None


def edit_function(path: Path, dotted: str, kind: str) -> None:
    """Edit function ``dotted`` of ``path``: a ``comment``, its ``docstring``, or its ``body``."""
    node = _function_node(path, dotted)
    assert node is not None, f"{path}: no function {dotted}"
    lines = path.read_text().split("\n")
    statement = node.body[1]
    line = lines[statement.lineno - 1]
    indent = line[: len(line) - len(line.lstrip())]
    if kind == "comment":
        lines.insert(statement.lineno - 1, f"{indent}# edited by bench/build_bench.py")
    elif kind == "docstring":
        first = node.body[0].lineno - 1
        lines[first] = lines[first].replace('"""', '"""Edited by the benchmark. ', 1)
    else:
        lines.insert(statement.lineno - 1, f"{indent}_edited_by_the_benchmark = True")
    path.write_text("\n".join(lines))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def prose_reload(project: Path, config: str, rounds: int = 3, echo=print) -> list[float]:
    """Seconds from saving a prose edit to ``mkdocs serve`` returning the new page.

    ``mkdocs serve --dirty`` (what ``make serve`` runs) serves the (warm)
    temporary project. Each round appends
    a new paragraph to :data:`EDITED_PAGE` and polls the page every 20 ms
    until it holds the paragraph; the browser's reload follows the same
    rebuild. Returns the time of each round.
    """
    page = project / EDITED_PAGE
    if not page.exists():
        return []
    port = _free_port()
    site_url = re.search(r"^site_url:\s*(\S+)", (project / config).read_text(), re.MULTILINE)
    mount = urllib.parse.urlsplit(site_url[1]).path if site_url else "/"
    page_path = EDITED_PAGE.removeprefix("docs/").removesuffix(".md")
    url = f"http://127.0.0.1:{port}{mount.rstrip('/')}/{page_path}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-f", config]
    command += ["-a", f"127.0.0.1:{port}"]  # as `make serve` runs it
    log = (project / "serve.log").open("w")
    server = subprocess.Popen(
        command, cwd=project, env=bench_environment(project), stdout=log, stderr=log
    )
    times = []
    try:
        deadline = time.monotonic() + 600
        while _get(url) is None:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"mkdocs serve did not start; see {project / 'serve.log'}")
            time.sleep(0.2)
        time.sleep(2.0)  # let the file watcher settle
        for number in range(rounds):
            marker = f"Benchmark paragraph {number} {time.time_ns()}."
            start = time.perf_counter()
            with page.open("a") as handle:
                handle.write(f"\n\n{marker}\n")
            while True:
                body = _get(url)
                if body is not None and marker in body:
                    break
                if time.perf_counter() - start > 120:
                    raise RuntimeError("mkdocs serve did not pick up the edit in 120 s")
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
            echo(f"  prose edit {number + 1}: {times[-1]:.2f} s to the new page")
            time.sleep(1.5)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return times


def _serve_runs(log: Path) -> int:
    """Snippets the serve rebuilds ran after the first build (from the hook's log lines)."""
    counts = [int(m["run"]) for m in SNIPPET_LOG.finditer(log.read_text())]
    return sum(counts[1:])


def sweep_costs(report: dict) -> list[dict]:
    """Each parameter sweep of a build report: its values and what all of them cost.

    ``seconds_over_one_run`` is the run time of every value together over the
    run time of the default value alone (from the runner's ``sweep`` entry).
    """
    return [
        {
            "snippet": s["path"],
            "name": s["sweep"]["name"],
            "values": len(s["sweep"]["values"]),
            "seconds_over_one_run": s["sweep"]["seconds_over_one_run"],
        }
        for s in report.get("snippets", [])
        if s.get("sweep") and s["sweep"].get("seconds_over_one_run") is not None
    ]


def run(
    config: str = "mkdocs.yml", keep: bool = False, echo=print
) -> tuple[list[Build], list[dict]]:
    """Time the builds of the module docstring, then the prose edit.

    Returns the builds, and the cost of each parameter sweep in the cold
    build (:func:`sweep_costs`).

    Args:
        config: the MkDocs config, relative to the project root or absolute.
        keep: leave the temporary project in place (its path is echoed).
        echo: called with one progress line per build.
    """
    config_path = (ROOT / config).resolve()
    project = Path(tempfile.mkdtemp(prefix="dlnotes-bench-"))
    builds: list[Build] = []
    sweeps: list[dict] = []
    try:
        copy_project(project, config_path)
        snippet = project / EDITED_SNIPPET
        if not snippet.exists():
            snippet = sorted((project / "snippets").rglob("*.py"))[0]
        module = project / EDITED_MODULE
        steps = [
            ("cold", "Cold: empty caches", None),
            ("warm", "Warm: nothing changed", None),
            (
                "snippet_edit",
                f"One snippet edited (`{snippet.relative_to(project).as_posix()}`)",
                lambda: append_comment(snippet, "edited by bench/build_bench.py"),
            ),
            (
                "dlnotes_touch",
                f"One dlnotes file touched, content unchanged (`{EDITED_MODULE}`)",
                lambda: os.utime(module),
            ),
        ]

        def timed(name: str, label: str, **extra: str) -> Build:
            build = run_build(project, config_path.name, name, label, **extra)
            builds.append(build)
            notebooks = "-" if build.notebooks_executed is None else build.notebooks_executed
            echo(
                f"  {name:18s} {build.wall_seconds:6.1f} s  snippets run "
                f"{build.snippets_executed}/{build.snippets_total}  notebooks run {notebooks}"
            )
            return build

        for name, label, change in steps:
            if change is not None:
                change()
            timed(name, label)
            if name == "cold":
                report = json.loads((project / "site" / "build-report.json").read_text())
                sweeps = sweep_costs(report)
        target = least_used_function(project)
        if target is not None:
            file, function, users = target
            where = f"`{function}` in `{file}`, executed by {users} snippet or notebook run(s)"
            for kind in ("comment", "docstring", "body"):
                edit_function(project / file, function, kind)
                timed(f"dlnotes_{kind}", f"A {kind} edit to {where}")
        times = prose_reload(project, config_path.name, echo=echo)
        if times:
            reload = Build(
                name="prose_reload",
                label=f"A prose edit under `mkdocs serve`, to the new page (`{EDITED_PAGE}`; "
                f"median of {len(times)})",
                wall_seconds=statistics.median(times),
                snippets_executed=_serve_runs(project / "serve.log"),
                snippets_total=builds[-1].snippets_total,
                snippets_failed=0,
                snippet_seconds=0.0,
                snippet_wall_seconds=0.0,
                workers=builds[-1].workers,
                notebooks_executed=0,
                notebooks_total=builds[-1].notebooks_total,
            )
            builds.append(reload)
        # Every cache empty again, as for the first build: the snippet and notebook
        # results, the artifacts, and also the wheel, the page templates and the
        # notebooks' HTML. Only the recording differs between the two builds.
        shutil.rmtree(project / ".cache", ignore_errors=True)
        timed("cold_untraced", "Cold, without recording dependencies", DLNOTES_TRACE="0")
    finally:
        if keep:
            echo(f"  temporary project kept in {project}")
        else:
            shutil.rmtree(project, ignore_errors=True)
    return builds, sweeps


if __name__ == "__main__":
    timed_builds, sweep_rows = run(*sys.argv[1:2])
    for item in timed_builds:
        print(json.dumps(item.as_dict()))
    for row in sweep_rows:
        print(json.dumps(row))
