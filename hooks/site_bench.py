"""MkDocs hook: the Performance page's tables, from ``bench/results.json``.

``make bench`` measures and writes ``bench/results.json``; the committed file
is what the site shows. A page asks for one of its tables with a fenced block
whose argument names the table::

    ```bench-results mlp
    ```

Tables: ``machine`` (date, cores, threads, versions), ``targets`` (PASS or
MISS per target), ``build`` (the timed site builds), ``mlp`` (training steps
against PyTorch), ``conv`` (``Conv2D`` against PyTorch), ``layers`` (the
transformer block, residual block and RNN against PyTorch; these three tables
add the ratio with one thread in each library when it was measured) and ``flops``
(GFLOP/s of the largest training step against NumPy's matrix products).

The snippet cache does not know about ``bench/results.json``, so the tables
are not a snippet: this hook reads the file on every build. A missing or
invalid file, or an unknown table name, fails the build with a message that
names the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from mkdocs.exceptions import PluginError
from snippet_directive import Fence, replace_fences

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
FENCE = "bench-results"
#: Keys every results file has (``build`` and ``torch`` may be null: not measured).
REQUIRED = ("date", "machine", "versions", "build", "torch", "targets")


class ResultsError(ValueError):
    """The results file is missing, unreadable or incomplete."""


def _name(path: Path) -> str:
    """``bench/results.json`` for the project's file, else the full path."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def load(path: Path) -> dict:
    """Read and check a results file.

    Raises:
        ResultsError: naming the file, if it is missing, not JSON, or lacks a
            key the tables need.
    """
    name = _name(path)
    try:
        data = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise ResultsError(f"{name}: not found; run `make bench` to measure") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ResultsError(f"{name}: not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise ResultsError(f"{name}: expected a JSON object, got {type(data).__name__}")
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        raise ResultsError(f"{name}: missing key(s) {missing}; run `make bench` again")
    return data


# ------------------------------------------------------------------ tables


def render(data: dict, table: str, name: str = "bench/results.json") -> str:
    """The Markdown for one table of ``data``.

    Raises:
        ResultsError: for an unknown table, or a table whose data is malformed.
    """
    if table not in TABLES:
        raise ResultsError(
            f"{name}: unknown table {table!r} in a ```{FENCE} block; expected one of {list(TABLES)}"
        )
    try:
        return TABLES[table](data)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise ResultsError(f"{name}: the {table!r} table cannot be read: {error!r}") from None


def _machine(data: dict) -> str:
    machine, versions = data["machine"], data["versions"]
    rows = [
        ("Measured on", _date(data["date"])),
        ("Processor", machine.get("cpu") or "unknown"),
        ("Cores", machine["cpu_count"]),
        ("Threads (NumPy's BLAS and PyTorch)", machine.get("threads", "-")),
        ("Platform", machine.get("platform", "-")),
        ("CPU time used by other programs meanwhile", _others(machine)),
        *((name, value) for name, value in versions.items()),
    ]
    return _table(("Item", "Value"), [(f"**{a}**", _code_free(b)) for a, b in rows], "l", "l")


def _targets(data: dict) -> str:
    rows = []
    for target in data["targets"]:
        value, limit, unit = target["value"], target["limit"], target["unit"]
        op = "=" if target["op"] == "==" else "≤"
        rows.append(
            (
                target["name"],
                _with_unit(value, unit),
                f"{op} {_with_unit(limit, unit)}",
                "**PASS**" if target["pass"] else "**MISS**",
            )
        )
    if not rows:
        return "_No target was measured in this run._"
    return _table(("Target", "Measured", "Limit", "Result"), rows, "l", "r", "r", "c")


def _build(data: dict) -> str:
    build = data["build"]
    if build is None:
        return "_The site builds were not measured in this run._"
    rows = []
    for b in build["builds"]:
        efficiency = b.get("parallel_efficiency")
        notebooks = "-"
        if b.get("notebooks_executed") is not None:
            notebooks = f"{b['notebooks_executed']} of {b['notebooks_total']}"
        rows.append(
            (
                b["label"],
                f"{b['wall_seconds']:.1f}",
                f"{b['snippets_executed']} of {b['snippets_total']}",
                notebooks,
                "-" if efficiency is None else f"{efficiency:.0%}",
            )
        )
    headers = ("Build", "Wall seconds", "Snippets run", "Notebooks run", "Parallel efficiency")
    return _table(headers, rows, "l", "r", "r", "r", "r")


def _timings(key: str) -> Callable[[dict], str]:
    def table(data: dict) -> str:
        torch = data["torch"]
        if torch is None:
            return "_PyTorch was not installed when these results were measured._"
        if key not in torch:
            return "_Not measured in this run: run `make bench` again._"
        timings = torch[key]
        one_thread = any("one_thread" in t for t in timings)  # measured again, 1 thread each
        headers = ("Task", "dtype", "dlnotes (ms)", "PyTorch (ms)", "dlnotes / PyTorch")
        headers += ("dlnotes / PyTorch, 1 thread each",) if one_thread else ()
        rows = [
            (
                t["task"],
                t["dtype"],
                _ms(t["dlnotes_ms"]),
                _ms(t["torch_ms"]),
                _ratio(t),
                *([_ratio(t.get("one_thread"))] if one_thread else []),
            )
            for t in timings
        ]
        return _table(headers, rows, "l", "l", *("r",) * (len(headers) - 2))

    return table


def _flops(data: dict) -> str:
    torch = data["torch"]
    if torch is None:
        return "_PyTorch was not installed when these results were measured._"
    steps = sorted({(f["task"], f"{f['gflop_per_step']:.2f}") for f in torch["flops"]})
    caption = " and ".join(f"{task} ({gflop} GFLOP)" for task, gflop in steps)
    rows = [
        (
            f["dtype"],
            f"{f['dlnotes_gflops']:.1f}",
            f"{f['torch_gflops']:.1f}",
            f"{f['numpy_matmul_gflops']:.1f}",
            f"{f['torch_matmul_gflops']:.1f}",
            f"{f['dlnotes_gflops'] / f['numpy_matmul_gflops']:.0%}",
            f"{f['torch_gflops'] / f['torch_matmul_gflops']:.0%}",
        )
        for f in torch["flops"]
    ]
    headers = (
        "dtype",
        "dlnotes GFLOP/s",
        "PyTorch GFLOP/s",
        "NumPy products alone, GFLOP/s",
        "PyTorch products alone, GFLOP/s",
        "dlnotes / NumPy products",
        "PyTorch / PyTorch products",
    )
    table = _table(headers, rows, "l", "r", "r", "r", "r", "r", "r")
    return f"One training step of the {caption}:\n\n{table}"


TABLES: dict[str, Callable[[dict], str]] = {
    "machine": _machine,
    "targets": _targets,
    "build": _build,
    "mlp": _timings("mlp"),
    "conv": _timings("conv"),
    "layers": _timings("layers"),
    "flops": _flops,
}


def _table(headers: tuple[str, ...], rows: list[tuple], *align: str) -> str:
    rule = {"l": ":---", "r": "---:", "c": ":---:"}
    lines = [
        "| " + " | ".join(headers) + " |",
        "| " + " | ".join(rule[a] for a in align) + " |",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _code_free(value: object) -> str:
    return str(value).replace("`", "")


def _date(iso: str) -> str:
    """``2025-01-02T03:04:05+00:00`` -> ``2025-01-02 03:04 UTC``."""
    when = datetime.fromisoformat(iso).astimezone(timezone.utc)
    return when.strftime("%Y-%m-%d %H:%M UTC")


def _others(machine: dict) -> str:
    """Other programs' share of the CPU per part, e.g. ``1% (builds), 0% (PyTorch)``."""
    names = {
        "build": "builds",
        "torch": "PyTorch comparison",
        "torch_one_thread": "the same with 1 thread",
    }
    shares = machine.get("other_programs_cpu_share") or {}
    parts = [f"{share:.0%} ({names.get(part, part)})" for part, share in shares.items()]
    return ", ".join(parts) if parts else "-"


def _ms(value: float) -> str:
    """Milliseconds with about three significant digits."""
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _ratio(timing: dict | None) -> str:
    """A timing's ``dlnotes / PyTorch`` ratio, ``0.57×``, or ``-`` where there is none."""
    return "-" if timing is None else f"{timing['ratio']:.2f}×"


def _with_unit(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.1f} s"
    if unit == "x":
        return f"{value:.2f}×"
    return f"{value:g}"


# ------------------------------------------------------------------- hook


class _State:
    data: dict | None = None


_state = _State()


def on_config(config):
    _state.data = None  # read again on every build (and every serve rebuild)
    return config


def on_page_markdown(markdown: str, page, config, files) -> str:
    if FENCE not in markdown:
        return markdown  # most pages: nothing to read

    def table(fence: Fence) -> str:
        try:
            if _state.data is None:
                _state.data = load(RESULTS)
            return render(_state.data, fence.argument, _name(RESULTS))
        except ResultsError as error:
            raise PluginError(f"{error} (in docs/{page.file.src_uri})") from None

    return replace_fences(markdown, (FENCE,), table)
