"""What the exercise-notebook tests share: run a notebook source, load its checks,
read what its check cells printed, and collect the solution's functions.

Notebooks run through the site's own runner and cache, so a test after
``make build`` re-runs nothing that has not changed.
"""

from __future__ import annotations

import importlib.util
import os
import re
from functools import cache
from pathlib import Path
from types import ModuleType

from notebook_runner import NotebookRunner, variants_of

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "docs" / "notebooks"
CHECK_CALL = re.compile(r"^check\.\w+\(", re.MULTILINE)


def load_checks(name: str) -> ModuleType:
    """``docs/notebooks/<name>.py``, imported as the reader's notebook imports it."""
    spec = importlib.util.spec_from_file_location(name, FOLDER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def executed(source: str) -> dict:
    """The executed variants of ``docs/notebooks/<source>``, by page stem."""
    cache_dir = os.environ.get("DLNOTES_NOTEBOOK_CACHE_DIR")
    runner = NotebookRunner(ROOT, cache_dir=Path(cache_dir) if cache_dir else None)
    results = runner.run_all(variants_of(FOLDER / source, ROOT))
    for result in results.values():
        assert result.failure is None, f"{result.failure}\n{result.failure.traceback}"
    return {Path(page).stem: result.notebook() for page, result in results.items()}


def printed(cell) -> str:
    """What a code cell printed or displayed, as text."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif "data" in output:
            parts.append(output.data.get("text/plain", ""))
    return "".join(parts)


def check_cells(nb) -> list:
    """The code cells that call a check."""
    return [c for c in nb.cells if c.cell_type == "code" and CHECK_CALL.search(c.source)]


def solution_functions(nb, namespace: dict) -> dict:
    """``namespace`` plus every function the notebook's ``def`` cells define."""
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("def "):
            exec(compile(cell.source, "<solution>", "exec"), namespace)
    return namespace
