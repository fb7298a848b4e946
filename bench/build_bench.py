"""Time site builds on a temporary copy of the project.

The project (docs, snippets, dlnotes, hooks, overrides, the MkDocs config and
any config it inherits from) is copied into a temporary folder, and the snippet
and notebook caches point into that folder, so editing a snippet here never
touches the real repository or its cache. Five builds run one after the other:

1. **cold**: empty caches;
2. **warm**: nothing changed since the cold build;
3. **snippet edit**: a comment appended to one snippet;
4. **dlnotes touch**: one ``dlnotes`` file's modification time changed, its
   content not (the cache keys hash content, so nothing should run);
5. **dlnotes edit**: a comment appended to one ``dlnotes`` file (every
   snippet and notebook depends on the package, so all of them run again).

Each build is a fresh ``mkdocs build`` process. What it executed is read from
the ``build-report.json`` it wrote (``executed`` for snippets; the
``notebooks`` section when the notebook hook adds one, else its log line).
The builds run with ``--no-strict`` and ``DLNOTES_SNIPPET_ERRORS=page``, so a
page that another author is still writing cannot stop the measurement; the
number of failed snippets is recorded, because a failure is never cached.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Copied into the temporary project when they exist.
PROJECT_PARTS = ("docs", "snippets", "dlnotes", "hooks", "overrides", "bench/results.json")
#: The snippet whose edit is timed (the first snippet found if it is missing).
EDITED_SNIPPET = "snippets/concepts/activations.py"
#: The dlnotes file that is touched, then edited.
EDITED_MODULE = "dlnotes/metrics.py"
INHERIT = re.compile(r"^INHERIT:\s*(?P<path>\S+)\s*$", re.MULTILINE)
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


def run_build(project: Path, config: str, name: str, label: str) -> Build:
    """Run one ``mkdocs build`` in ``project`` and read what it did."""
    site = project / "site"
    env = dict(os.environ)
    env.update(
        DLNOTES_CACHE_DIR=str(project / ".cache" / "snippets"),
        DLNOTES_NOTEBOOK_CACHE_DIR=str(project / ".cache" / "notebooks"),
        DLNOTES_SNIPPET_ERRORS="page",
        NO_MKDOCS_2_WARNING="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    command = [sys.executable, "-m", "mkdocs", "build", "--no-strict", "-f", config]
    command += ["-d", str(site)]
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    report_path = site / "build-report.json"
    if proc.returncode != 0 or not report_path.exists():
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"the {name} build failed (exit {proc.returncode}):\n{tail}")
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


def run(config: str = "mkdocs.yml", keep: bool = False, echo=print) -> list[Build]:
    """Time the five builds of the module docstring; returns them in order.

    Args:
        config: the MkDocs config, relative to the project root or absolute.
        keep: leave the temporary project in place (its path is echoed).
        echo: called with one progress line per build.
    """
    config_path = (ROOT / config).resolve()
    project = Path(tempfile.mkdtemp(prefix="dlnotes-bench-"))
    builds: list[Build] = []
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
            (
                "dlnotes_edit",
                f"One dlnotes file edited (`{EDITED_MODULE}`)",
                lambda: append_comment(module, "edited by bench/build_bench.py"),
            ),
        ]
        for name, label, change in steps:
            if change is not None:
                change()
            build = run_build(project, config_path.name, name, label)
            builds.append(build)
            notebooks = "-" if build.notebooks_executed is None else build.notebooks_executed
            echo(
                f"  {name:14s} {build.wall_seconds:6.1f} s  snippets run "
                f"{build.snippets_executed}/{build.snippets_total}  notebooks run {notebooks}"
            )
    finally:
        if keep:
            echo(f"  temporary project kept in {project}")
        else:
            shutil.rmtree(project, ignore_errors=True)
    return builds


if __name__ == "__main__":
    for item in run(*sys.argv[1:2]):
        print(json.dumps(item.as_dict()))
