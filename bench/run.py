"""``make bench``: measure, print the tables with PASS/MISS, write the results.

Usage::

    python -m bench.run [--threads N] [--rounds R] [--config mkdocs.yml]
                        [--skip-build] [--skip-torch] [--out bench/results.json]

It times the site builds (:mod:`bench.build_bench`), then dlnotes against
PyTorch (:mod:`bench.torch_bench`, skipped when PyTorch is not installed),
with ``--threads`` threads in each library and, when that is more than one,
again with one thread each (:func:`torch_one_thread`), prints every table
of the Performance page, and writes ``bench/results.json`` with the date,
the machine's core count, the thread count and the versions.
Commit that file: the site renders it (``hooks/site_bench.py``).

Targets (for this benchmark only; tests never assert timings):

* a warm build executes 0 snippets and 0 notebooks;
* editing one snippet executes exactly 1;
* a comment or a docstring edit to a ``dlnotes`` function executes 0;
* a body edit executes at most the snippets and notebooks that executed that function;
* a prose edit reaches the page under ``mkdocs serve`` within 1.5 s;
* recording dependencies costs at most 10% of the cold build;
* a cold build of the full site takes at most 360 s, and ``make pdf`` at most 180 s;
* a sweep of n values takes at most n times one run;
* every MLP training step takes at most 1.0× PyTorch's time;
* ``Conv2D`` forward plus backward takes at most 2.0× PyTorch's time;
* the layers of modern networks: at most 1.5× for the ``TransformerBlock``,
  2.0× for the residual block and 2.0× for the ``RNN``.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import json
import os
import platform
import re
import sys
import time
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bench.build_bench import output_tail

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
COLD_BUILD_SECONDS = 360.0  # the whole v2 site, every snippet and notebook, on 2 cores
PDF_SECONDS = 180.0  # make pdf, with the snippet cache warm
PROSE_RELOAD_SECONDS = 1.5
TRACE_OVERHEAD = 0.10
MLP_RATIO, CONV_RATIO = 1.0, 2.0
BUSY = 0.05  # warn if other programs took more than this share of the CPU
THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
OPENBLAS_GET_THREADS = (
    "scipy_openblas_get_num_threads64_",
    "openblas_get_num_threads64_",
    "openblas_get_num_threads",
)


def set_threads(threads: int) -> None:
    """Make NumPy's BLAS (and PyTorch's OpenMP) use ``threads`` threads.

    BLAS libraries read these variables once, when NumPy is imported.

    Raises:
        RuntimeError: if NumPy was imported already.
    """
    if "numpy" in sys.modules:
        raise RuntimeError("set_threads must run before NumPy is imported")
    for name in THREAD_VARIABLES:
        os.environ[name] = str(threads)


def numpy_blas_threads() -> int | None:
    """The thread count NumPy's OpenBLAS reports (None if it cannot be asked)."""
    import numpy  # noqa: F401  (loads the BLAS library)

    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return None
    libraries = {line.split()[-1] for line in maps.splitlines() if "openblas" in line.lower()}
    for library in sorted(libraries):
        handle = ctypes.CDLL(library)
        for symbol in OPENBLAS_GET_THREADS:
            function = getattr(handle, symbol, None)
            if function is not None:
                return int(function())
    return None


class OtherPrograms:
    """The share of the machine's CPU time that *other* programs used meanwhile.

    Busy time of all cores (``/proc/stat``) minus this process's own time and
    that of its finished children (``/proc/self/stat``), divided by the
    elapsed time times the cores. 0.0 means the benchmark had the machine to
    itself. None where ``/proc`` does not exist.
    """

    def __enter__(self) -> OtherPrograms:
        self.share: float | None = None
        self._start = self._read()
        return self

    def __exit__(self, *exc: object) -> None:
        end = self._read()
        if self._start is None or end is None:
            return
        wall = end[0] - self._start[0]
        busy = end[1] - self._start[1]
        own = end[2] - self._start[2]
        ticks = os.sysconf("SC_CLK_TCK") * wall * (os.cpu_count() or 1)
        self.share = max(0.0, (busy - own) / ticks) if ticks > 0 else None

    @staticmethod
    def _read() -> tuple[float, int, int] | None:
        try:
            cpu = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
            own = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, ValueError):
            return None
        busy = sum(cpu) - cpu[3] - cpu[4]  # all but idle and iowait
        return time.monotonic(), busy, sum(int(v) for v in own[11:15])  # utime..cstime


def machine(threads: int) -> dict:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu_count": os.cpu_count(),
        "cpu": cpu,
        "platform": platform.platform(),
        "threads": threads,
        "numpy_blas_threads": numpy_blas_threads(),
    }


def versions() -> dict:
    out = {"python": platform.python_version()}
    for package in ("dlnotes", "numpy", "torch", "mkdocs", "mkdocs-material"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            out[package] = "not installed"
    return out


def targets(build: dict | None, torch: dict | None) -> list[dict]:
    """Each target with its measured value and PASS (True) or MISS (False)."""
    out = []

    def add(name: str, value: float, op: str, limit: float, unit: str) -> None:
        passed = value == limit if op == "==" else value <= limit
        out.append(
            {"name": name, "value": value, "op": op, "limit": limit, "unit": unit, "pass": passed}
        )

    if build is not None:
        runs = {b["name"]: b for b in build["builds"]}

        def executed(b: dict) -> int:
            return b["snippets_executed"] + (b["notebooks_executed"] or 0)

        warm, edit, cold = runs["warm"], runs["snippet_edit"], runs["cold"]
        add("Warm build: snippets and notebooks run", executed(warm), "==", 0, "runs")
        add("One snippet edited: snippets and notebooks run", executed(edit), "==", 1, "runs")
        add("Cold build of the full site", cold["wall_seconds"], "<=", COLD_BUILD_SECONDS, "s")
        for kind in ("comment", "docstring"):
            if f"dlnotes_{kind}" in runs:
                edited = runs[f"dlnotes_{kind}"]
                add(
                    f"A {kind} edit in dlnotes: snippets and notebooks run",
                    executed(edited),
                    "==",
                    0,
                    "runs",
                )
        if "dlnotes_body" in runs:
            users = int(re.search(r"executed by (\d+)", runs["dlnotes_body"]["label"])[1])
            add(
                "A body edit in dlnotes: snippets and notebooks run (limit: those that ran it)",
                executed(runs["dlnotes_body"]),
                "<=",
                users,
                "runs",
            )
        if "prose_reload" in runs:
            reload = runs["prose_reload"]["wall_seconds"]
            add(
                "A prose edit under mkdocs serve, to the new page",
                reload,
                "<=",
                PROSE_RELOAD_SECONDS,
                "s",
            )
        for sweep in build.get("sweeps", []):
            add(
                f"Sweep `{sweep['name']}` ({sweep['values']} values): runs over one run",
                sweep["seconds_over_one_run"],
                "<=",
                float(sweep["values"]),
                "x",
            )
        if "make_pdf" in runs:
            add(
                "The printable book (make pdf)",
                runs["make_pdf"]["wall_seconds"],
                "<=",
                PDF_SECONDS,
                "s",
            )
        if "cold_untraced" in runs and runs["cold_untraced"]["wall_seconds"] > 0:
            overhead = cold["wall_seconds"] / runs["cold_untraced"]["wall_seconds"] - 1
            add(
                "Recording dependencies: extra share of the cold build",
                round(overhead, 3),
                "<=",
                TRACE_OVERHEAD,
                "share",
            )
    if torch is not None:
        for t in torch["mlp"]:
            add(f"{t['task']}, {t['dtype']}: dlnotes / PyTorch", t["ratio"], "<=", MLP_RATIO, "x")
        for t in torch["conv"]:
            add(f"{t['task']}, {t['dtype']}: dlnotes / PyTorch", t["ratio"], "<=", CONV_RATIO, "x")
        from bench.torch_bench import LAYER_RATIOS  # after set_threads: it imports NumPy

        for t in torch.get("layers", []):
            limit = LAYER_RATIOS[t["task"]]
            add(f"{t['task']}, {t['dtype']}: dlnotes / PyTorch", t["ratio"], "<=", limit, "x")
    return out


def _timed_row(name: str, label: str, wall: float) -> dict:
    """One more row of the build table for a command that is timed, not a site build."""
    return {
        "name": name,
        "label": label,
        "wall_seconds": wall,
        "snippets_executed": 0,
        "snippets_total": 0,
        "snippets_failed": 0,
        "snippet_seconds": 0.0,
        "snippet_wall_seconds": 0.0,
        "workers": os.cpu_count() or 1,
        "notebooks_executed": None,
        "notebooks_total": None,
        "parallel_efficiency": None,
    }


def time_tests(echo=print) -> dict:
    """Time ``pytest --durations=10`` in the repository, as ``make test`` runs it.

    It shares the build's caches, so after a build it runs no snippet.
    Returned as one more row of the build table.
    """
    import subprocess

    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--durations=10"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    echo(f"  make test's pytest: {wall:.1f} s (exit {proc.returncode})")
    label = "The test suite (`make test`'s pytest, caches warm)"
    return _timed_row(
        "make_test", label + ("" if proc.returncode == 0 else f", exit {proc.returncode}"), wall
    )


def time_pdf(echo=print) -> dict:
    """Time ``make pdf`` (``tools/make_pdf.py``) in the repository, into a temporary file.

    It shares the build's snippet cache, as ``make pdf`` after ``make build``
    does. Returned as one more row of the build table.
    """
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="dlnotes-bench-pdf-") as folder:
        out = Path(folder) / "dlnotes.pdf"
        command = [sys.executable, "tools/make_pdf.py", "--out", str(out)]
        command += ["--site", str(Path(folder) / "print-site")]
        start = time.perf_counter()
        proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        size = out.stat().st_size if out.exists() else 0
    if proc.returncode != 0:
        raise RuntimeError(f"make pdf failed (exit {proc.returncode}):\n{output_tail(proc.stderr)}")
    echo(f"  make pdf: {wall:.1f} s, {size / 1e6:.1f} MB")
    return _timed_row(
        "make_pdf", f"The printable book (`make pdf`, caches warm; {size / 1e6:.0f} MB)", wall
    )


def torch_one_thread(rounds: int, echo=print) -> dict:
    """The PyTorch comparison again, with one thread in each library, in a child process.

    NumPy's BLAS reads its thread count once, when NumPy loads, so a second
    count needs a second process: ``python -m bench.run --threads 1
    --skip-build``, whose results are read back. Its timing lines are echoed.

    Raises:
        RuntimeError: if the child process fails, with the end of its output.
    """
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="dlnotes-bench-one-thread-") as folder:
        out = Path(folder) / "results.json"
        command = [sys.executable, "-m", "bench.run", "--threads", "1", "--skip-build"]
        command += ["--rounds", str(rounds), "--out", str(out)]
        proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if proc.returncode != 0 or not out.exists():
            failed = f"the one-thread comparison failed (exit {proc.returncode})"
            raise RuntimeError(f"{failed}:\n{output_tail(proc.stdout + proc.stderr)}")
        for line in proc.stdout.splitlines():
            if line.startswith("  ") and " ratio " in line:
                echo(line)
        return json.loads(out.read_text())["torch"]


def add_one_thread(torch: dict, one: dict) -> None:
    """Give each timing of ``torch`` the same task's timing with one thread, as ``one_thread``.

    ``torch`` and ``one`` are the ``"torch"`` parts of two results; a row is
    the same task when its task and dtype are.

    Raises:
        ValueError: naming a task that ``one`` does not have.
    """
    for key in ("mlp", "conv", "layers"):
        ones = {(t["task"], t["dtype"]): t for t in one.get(key, [])}
        for t in torch.get(key, []):
            match = ones.get((t["task"], t["dtype"]))
            if match is None:
                raise ValueError(f"the one-thread run has no {t['task']!r} in {t['dtype']}")
            t["one_thread"] = {k: match[k] for k in ("dlnotes_ms", "torch_ms", "ratio")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=21, help="timing rounds per comparison")
    parser.add_argument("--config", default="mkdocs.yml", help="MkDocs config of the site")
    parser.add_argument("--skip-build", action="store_true", help="do not time site builds")
    parser.add_argument("--skip-torch", action="store_true", help="do not compare with PyTorch")
    parser.add_argument(
        "--with-tests", action="store_true", help="also time the test suite (make test's pytest)"
    )
    parser.add_argument(
        "--with-pdf", action="store_true", help="also time the printable book (make pdf)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the results")
    args = parser.parse_args(argv)
    set_threads(args.threads)
    others: dict[str, float | None] = {}  # other programs' share of the CPU, per part

    from bench import build_bench

    sys.path.insert(0, str(ROOT / "hooks"))
    import site_bench  # the page's tables, printed here as Markdown

    build = None
    if not args.skip_build:
        print(f"Site builds ({args.config}, on a temporary copy of the project):", flush=True)
        try:
            with OtherPrograms() as meanwhile:
                builds, sweeps = build_bench.run(
                    args.config, echo=lambda line: print(line, flush=True)
                )
        except RuntimeError as error:  # a build failed: nothing is written
            print(f"bench: {error}", file=sys.stderr)
            return 1
        others["build"] = meanwhile.share
        build = {"config": args.config, "builds": [b.as_dict() for b in builds], "sweeps": sweeps}
        if args.with_tests:
            build["builds"].append(time_tests(echo=lambda line: print(line, flush=True)))
        if args.with_pdf:
            try:
                build["builds"].append(time_pdf(echo=lambda line: print(line, flush=True)))
            except RuntimeError as error:
                print(f"bench: {error}", file=sys.stderr)
                return 1

    torch = None
    if args.skip_torch:
        print("PyTorch comparison skipped (--skip-torch).")
    elif importlib.util.find_spec("torch") is None:
        print("PyTorch is not installed: the comparison with it is skipped.")
    else:
        from bench import torch_bench

        print(f"dlnotes against PyTorch ({args.threads} thread(s) each):", flush=True)
        with OtherPrograms() as meanwhile:
            torch = torch_bench.run(args.threads, args.rounds, echo=lambda s: print(s, flush=True))
        others["torch"] = meanwhile.share
        if args.threads > 1:
            print("The same, with 1 thread each (in a second process):", flush=True)
            try:
                with OtherPrograms() as meanwhile:
                    one = torch_one_thread(args.rounds, echo=lambda s: print(s, flush=True))
            except RuntimeError as error:
                print(f"bench: {error}", file=sys.stderr)
                return 1
            add_one_thread(torch, one)
            others["torch_one_thread"] = meanwhile.share

    results = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {**machine(args.threads), "other_programs_cpu_share": others},
        "versions": versions(),
        "build": build,
        "torch": torch,
        "targets": targets(build, torch),
    }
    for table in site_bench.TABLES:
        print()
        print(site_bench.render(results, table))
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWrote {args.out}")
    busy = {part: share for part, share in others.items() if share and share > BUSY}
    if busy:
        for part, share in busy.items():
            print(f"Warning: other programs took {share:.0%} of the CPU during the {part} part.")
        print("Their load skews the timings: re-run on a quiet machine before committing.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
