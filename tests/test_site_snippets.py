"""The MkDocs hook end to end: real `mkdocs build` runs on a tiny copy of the project."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

CONFIG = """
site_name: mini
strict: true
theme:
  name: material
  font: false
markdown_extensions:
  - admonition
  - pymdownx.superfences
hooks:
  - hooks/site_publish.py
  - hooks/site_snippets.py
extra:
  snippets:
    timeout: 20
"""

GOOD = """
\"\"\"Prints and plots.\"\"\"
import matplotlib.pyplot as plt

fig, ax = plt.subplots()
ax.plot([0, 1], [0, 1])
print("hello")
"""

PAGE = """
# Mini

```snippet good.py
alt:
  - A rising line.
```
"""


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__")
    for folder in ("dlnotes", "hooks"):
        shutil.copytree(REPO / folder, tmp_path / folder, ignore=ignore)
    (tmp_path / "mkdocs.yml").write_text(CONFIG)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(PAGE)
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "good.py").write_text(GOOD.lstrip())
    return tmp_path


def build(project: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def report(project: Path) -> dict:
    return json.loads((project / "site" / "build-report.json").read_text())


def test_build_embeds_outputs_and_a_rebuild_runs_nothing(mini: Path) -> None:
    first = build(mini)
    assert first.returncode == 0, first.stderr
    html = (mini / "site" / "index.html").read_text()
    assert "_snippets/good/figure-1.light.svg" in html
    assert 'alt="A rising line."' in html
    assert (mini / "site" / "_snippets" / "good" / "figure-1.dark.svg").exists()
    assert not list((mini / "docs").rglob("*.svg")), "outputs must never land in docs/"
    assert report(mini)["executed"] == 1

    second = build(mini)
    assert second.returncode == 0, second.stderr
    assert report(mini)["executed"] == 0
    assert all(s["cached"] for s in report(mini)["snippets"])
    assert "snippets: 0 run, 1 from cache" in second.stderr


def test_a_raising_snippet_fails_the_build_with_file_line_and_page(mini: Path) -> None:
    (mini / "snippets" / "good.py").write_text(GOOD.lstrip() + "1 / 0\n")
    result = build(mini)
    assert result.returncode != 0
    assert "snippets/good.py:7: ZeroDivisionError: division by zero" in result.stderr
    assert "(shown on docs/index.md:3)" in result.stderr
    assert not (mini / "site").exists(), "a failed build must not publish"


def test_an_unreferenced_snippet_fails_the_build(mini: Path) -> None:
    (mini / "snippets" / "orphan.py").write_text("print('nobody shows me')\n")
    result = build(mini)
    assert result.returncode != 0
    assert "snippets/orphan.py:1: no page shows this snippet" in result.stderr


def test_a_reference_to_a_missing_snippet_fails_the_build(mini: Path) -> None:
    page = PAGE + "\n```snippet missing.py\n```\n"
    (mini / "docs" / "index.md").write_text(page)
    result = build(mini)
    assert result.returncode != 0
    assert "snippets/missing.py: no such snippet file" in result.stderr


def test_preview_mode_shows_the_error_on_the_page_and_keeps_going(mini: Path) -> None:
    # Strict, as under `mkdocs serve` with this project's config: the problem is
    # on the page and printed once, and it is not a warning that would abort.
    (mini / "snippets" / "good.py").write_text(GOOD.lstrip() + "1 / 0\n")
    value = '{{ value("good.py", "answer") }}'
    other = f"# Other\n\nFine, {value}.\n\n" + PAGE.split("\n", 2)[2]
    (mini / "docs" / "other.md").write_text(other)
    (mini / "docs" / "third.md").write_text("# Third\n\nNo snippet here.\n")
    result = build(mini, DLNOTES_SNIPPET_ERRORS="page")
    assert result.returncode == 0, result.stderr
    html = (mini / "site" / "index.html").read_text()
    assert "admonition failure" in html
    assert "snippets/good.py:7" in html
    assert "ZeroDivisionError" in html
    assert "Fine" in (mini / "site" / "other" / "index.html").read_text()
    assert (mini / "site" / "third" / "index.html").exists()
    # One fault, reported once, with both pages that show it.
    assert result.stderr.count("snippets/good.py:7: ZeroDivisionError") == 1, result.stderr
    assert "shown on docs/index.md:3, docs/other.md:3, docs/other.md:6" in result.stderr


def test_timeout_setting_comes_from_mkdocs_yml(mini: Path) -> None:
    hang = "import time\nwhile True:\n    time.sleep(0.05)\n"
    (mini / "snippets" / "good.py").write_text(hang)
    (mini / "mkdocs.yml").write_text(CONFIG.replace("timeout: 20", "timeout: 10"))
    result = build(mini)
    assert result.returncode != 0
    assert "snippets/good.py:3: timed out after 10 s" in result.stderr


SERVE_DIRTY = """
import os, sys, time
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.commands.build import build

site = sys.argv[1]


def config():
    return load_config(config_file="mkdocs.yml", site_dir=site)


first = config()
first.plugins.on_startup(command="serve", dirty=True)
build(first, serve_url="http://127.0.0.1:8000/", dirty=True)
time.sleep(1.1)  # a coarse file system clock must see the edit as newer
Path("snippets/good.py").write_text(Path("snippets/good.py").read_text() + "print('again')\\n")
build(config(), serve_url="http://127.0.0.1:8000/", dirty=True)
"""


def test_serve_dirty_rebuilds_the_pages_whose_snippets_changed(mini: Path) -> None:
    # `make serve` runs `mkdocs serve --dirty`: a rebuild renders only the
    # edited pages, plus those whose snippet results changed.
    (mini / "docs" / "other.md").write_text("# Other\n\nNo snippet here.\n")
    (mini / "serve_dirty.py").write_text(SERVE_DIRTY)
    site = mini / "served"
    result = subprocess.run(
        [sys.executable, "serve_dirty.py", str(site)],
        cwd=mini,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "again" in (site / "index.html").read_text(), "the page kept the old output"
    assert "no page shows this snippet" not in result.stderr
    assert "Aborted" not in result.stderr
    other = (site / "other" / "index.html").stat().st_mtime
    assert other < (site / "index.html").stat().st_mtime, "an unchanged page was rebuilt"
