"""The wheel readers install: built offline, reproducible, and enough to run a notebook.

The last test is the reader's path: a fresh virtual environment (no system
packages, no repository on ``sys.path``), the wheel plus NumPy and Matplotlib
at the versions ``requirements.txt`` pins (so it needs PyPI, as CI has), then
the solution version of the ``first-model`` notebook, with its checks file,
run in a folder outside the repository. Every check must pass.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import site_wheel
from notebook_runner import Variant, build

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "docs/notebooks/first-model.py"
CHECKS = ROOT / "docs" / "notebooks" / "first_model_checks.py"
CHECK_LINE = re.compile(r"^(check\.\w+\(.*\))\s*$", re.MULTILINE)


def test_the_version_comes_from_pyproject() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    version = site_wheel.project_version()
    assert f'version = "{version}"' in text
    assert site_wheel.wheel_name() == f"dlnotes-{version}-py3-none-any.whl"
    assert site_wheel.install_line().startswith("# %pip install https://")
    assert site_wheel.wheel_url().endswith(f"/downloads/dlnotes-{version}-py3-none-any.whl")


def test_two_builds_give_the_same_bytes(tmp_path: Path) -> None:
    first = site_wheel.build_wheel(cache_dir=tmp_path / "one")
    second = site_wheel.build_wheel(cache_dir=tmp_path / "two")
    assert first.read_bytes() == second.read_bytes(), "the wheel is not byte-reproducible"
    names = zipfile.ZipFile(first).namelist()
    assert "dlnotes/__init__.py" in names and "dlnotes/plot/style.py" in names
    assert not any("tests/" in n or "snippets/" in n for n in names)
    # the cache: a second call with the same sources builds nothing
    assert site_wheel.build_wheel(cache_dir=tmp_path / "one") == first


def script_of_solution() -> str:
    """The first-model solution notebook as a script; each check must pass."""
    nb, _ = build(Variant(NOTEBOOK, "solution"), ROOT)
    code = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(
            line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))
        )
        code.append(
            CHECK_LINE.sub(r"_verdict = \1\nprint(repr(_verdict))\nassert _verdict", source)
        )
    return "\n\n".join(code) + "\n"


def test_a_fresh_venv_runs_the_first_model_solution_from_the_wheel(tmp_path: Path) -> None:
    wheel = site_wheel.build_wheel()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    pins = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.startswith(("numpy==", "matplotlib=="))
    ]
    assert len(pins) >= 2, "requirements.txt pins neither numpy nor matplotlib"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel), *pins],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    work = tmp_path / "reader"
    work.mkdir()
    (work / "first_model_checks.py").write_bytes(CHECKS.read_bytes())
    (work / "first_model.py").write_text(script_of_solution(), encoding="utf-8")
    env["MPLBACKEND"] = "Agg"
    run = subprocess.run(
        [str(python), "-E", "-s", "first_model.py"],  # no PYTHON* variables, no user site
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert run.stdout.count("Works:") == script_of_solution().count("assert _verdict") >= 5
    assert "Not yet" not in run.stdout
    # the package came from the wheel, not from the repository
    where = subprocess.run(
        [str(python), "-E", "-s", "-c", "import dlnotes; print(dlnotes.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(venv) in where and str(ROOT) not in where
