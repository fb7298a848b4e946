"""The recorder in a snippet's process: which measured lines ran, which files were read."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

HOOKS = Path(__file__).resolve().parent.parent / "hooks"

MODULE = """
from typing import TYPE_CHECKING

LIMIT = 3

if TYPE_CHECKING:
    from pathlib import Path


def used(x):
    y = x + 1
    if y > LIMIT:  # pragma: no cover
        y = LIMIT
    return y


def unused(x):
    return x - 1


def reads(path):
    with open(path) as f:
        return f.read()
"""

RUN = """
import sys
from pathlib import Path
sys.path.insert(0, {hooks!r})
from snippet_child import Recorder

root = Path({root!r})
recorder = Recorder(root, [str(root / "pkg")])
sys.path.insert(0, str(root))
recorder.start()
import other
import pkg.mod
pkg.mod.used(1)  # y = 2: the branch under "if" does not run
pkg.mod.reads(root / "data.txt")
other.helper()
recorder.stop()
pkg.mod.unused(1)  # after stop: not part of the run
pkg.mod.reads(root / "late.txt")
recorder.save(root, 0.0)
"""


def record(tmp_path: Path) -> dict:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "mod.py").write_text(MODULE.lstrip())
    (tmp_path / "other.py").write_text("def helper():\n    return 1\n")
    (tmp_path / "data.txt").write_text("data")
    (tmp_path / "late.txt").write_text("read after stop()")
    script = RUN.format(hooks=str(HOOKS), root=str(tmp_path))
    subprocess.run([sys.executable, "-c", textwrap.dedent(script)], check=True, cwd=tmp_path)
    return json.loads((tmp_path / "deps.json").read_text())


def test_records_the_measured_lines_that_ran_and_the_files_read(tmp_path: Path) -> None:
    deps = record(tmp_path)
    assert deps["traced"]
    mod = str(tmp_path / "pkg" / "mod.py")
    assert set(deps["lines"]) == {mod, str(tmp_path / "pkg" / "__init__.py")}
    lines = set(deps["lines"][mod])
    source = (tmp_path / "pkg" / "mod.py").read_text().splitlines()

    def line(text: str) -> int:
        return next(n for n, s in enumerate(source, 1) if s.strip() == text)

    # Import-time code counts, a guard on TYPE_CHECKING and a "no cover" line too.
    for text in ("LIMIT = 3", "if TYPE_CHECKING:", "def used(x):", "y = x + 1"):
        assert line(text) in lines, text
    assert line("if y > LIMIT:  # pragma: no cover") in lines
    # What did not run, or ran after stop(), is not recorded.
    assert line("y = LIMIT") not in lines
    assert line("return x - 1") not in lines
    # Only the measured folder: other.py ran but is not listed.
    assert str(tmp_path / "other.py") not in deps["lines"]
    assert str(tmp_path / "data.txt") in deps["reads"]
    assert str(tmp_path / "late.txt") not in deps["reads"]
    assert str(tmp_path / "other.py") in deps["reads"]  # its source was read to import it


def test_without_measured_folders_nothing_is_traced(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    script = f"""
import sys
from pathlib import Path
sys.path.insert(0, {str(HOOKS)!r})
from snippet_child import Recorder
recorder = Recorder(Path({str(tmp_path)!r}), [])
recorder.start()
recorder.stop()
recorder.save(Path({str(tmp_path)!r}), 1.5)
"""
    subprocess.run([sys.executable, "-c", script], check=True, cwd=tmp_path)
    deps = json.loads((tmp_path / "deps.json").read_text())
    assert deps == {"traced": False, "lines": {}, "reads": [], "seconds": 1.5}
