"""The notebook build machinery: variants, cache, failures, and the HTML it publishes."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
import site_notebooks
from notebook_runner import NotebookRunner, Variant, build, variants_of
from site_wheel import install_line

ROOT = Path(__file__).resolve().parent.parent

EXERCISE_SOURCE = """\
# %% [markdown] tags=["exercise-only"]
# # Exercise

# %% [markdown] tags=["solution-only"]
# # Solution

# %%
x = 1

# %% tags=["todo"]
answer = None  # TODO

# %% tags=["solution"]
answer = x + 1

# %%
print("answer:", answer)
"""

BROKEN_SOURCE = """\
# %% [markdown]
# # Broken

# %%
value = 41

# %%
value += 1
raise ValueError(f"boom {value}")

# %%
print("never reached")
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A tiny project: the real dlnotes package and an empty docs/notebooks/."""
    (tmp_path / "docs" / "notebooks").mkdir(parents=True)
    (tmp_path / "dlnotes").symlink_to(ROOT / "dlnotes")
    return tmp_path


def write(project: Path, name: str, text: str) -> Path:
    path = project / "docs" / "notebooks" / name
    path.write_text(text)
    return path


# ------------------------------------------------------------------ variants
def test_an_exercise_source_gives_an_exercise_and_a_solution(project: Path) -> None:
    source = write(project, "task.py", EXERCISE_SOURCE)
    variants = variants_of(source, project)
    assert variants == [
        Variant("docs/notebooks/task.py", "exercise"),
        Variant("docs/notebooks/task.py", "solution"),
    ]
    assert [v.src_uri for v in variants] == ["notebooks/task.py", "notebooks/task-solution.ipynb"]

    exercise, lines = build(variants[0], project)
    texts = [c.source for c in exercise.cells]
    assert texts[0] == "# Exercise" and "# Solution" not in texts
    assert "answer = None  # TODO" in texts
    folded = next(c for c in exercise.cells if c.source.startswith("<details"))
    assert folded.cell_type == "markdown" and "```python\nanswer = x + 1\n```" in folded.source
    assert lines[texts.index("x = 1")] == 7  # the "# %%" line of that cell
    assert not any(c.metadata.get("tags") for c in exercise.cells)

    solution, _ = build(variants[1], project)
    code = [c.source for c in solution.cells if c.cell_type == "code"]
    assert code[0].endswith(install_line())  # the reader's install line comes first
    assert code[1:] == ["x = 1", "answer = x + 1", 'print("answer:", answer)']
    assert solution.cells[0].source == "# Solution"


def test_a_plain_source_gives_one_notebook(project: Path) -> None:
    source = write(project, "plain.py", "# %%\nprint(1)\n")
    assert variants_of(source, project) == [Variant("docs/notebooks/plain.py", "notebook")]


def test_helper_modules_are_not_notebooks(project: Path) -> None:
    write(project, "plain.py", "# %%\nprint(1)\n")
    write(project, "helpers.py", "def f():\n    return 1\n")
    runner = NotebookRunner(project)
    assert [p.name for p in runner.sources()] == ["plain.py"]
    assert [p.name for p in runner.helpers()] == ["helpers.py"]


# --------------------------------------------------------------------- cache
def test_a_second_run_executes_nothing_and_an_edit_reruns_only_that_notebook(
    project: Path,
) -> None:
    write(project, "task.py", EXERCISE_SOURCE)
    write(project, "plain.py", "# %%\nprint(1)\n")
    runner = NotebookRunner(project, jobs=3)
    first = runner.run_all()
    assert all(r.ok and not r.cached for r in first.values()), first
    exercise = first["notebooks/task.py"].notebook()
    printed = [o.text for c in exercise.cells if c.cell_type == "code" for o in c.outputs]
    assert printed == ["answer: None\n"]
    solution = first["notebooks/task-solution.ipynb"].notebook()
    assert [o.text for c in solution.cells for o in c.get("outputs", [])] == ["answer: 2\n"]

    again = runner.run_all()
    assert all(r.cached and r.seconds == 0.0 for r in again.values())
    assert {k: r.path for k, r in again.items()} == {k: r.path for k, r in first.items()}

    write(project, "plain.py", "# %%\nprint(2)\n")
    edited = runner.run_all()
    assert not edited["notebooks/plain.py"].cached
    assert edited["notebooks/task.py"].cached and edited["notebooks/task-solution.ipynb"].cached


@pytest.fixture
def own_dlnotes(project: Path) -> Path:
    """``project`` with a copy of dlnotes that a test may edit."""
    (project / "dlnotes").unlink()
    shutil.copytree(
        ROOT / "dlnotes", project / "dlnotes", ignore=shutil.ignore_patterns("__pycache__")
    )
    return project


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new))


def _reran(runner: NotebookRunner) -> list[str]:
    results = runner.run_all()
    assert all(r.ok for r in results.values()), [str(r.failure) for r in results.values()]
    return sorted(page for page, r in results.items() if not r.cached)


SCORES = "# %%\nfrom dlnotes.metrics import accuracy\nprint(accuracy([1, 0], [1, 1]))\n"
HELPED = "# %%\nfrom helpers import used\nprint(used())\n"
HELPERS = "def used():\n    return 1\n\n\ndef unused():\n    return 2\n"


def test_a_notebook_reruns_only_when_code_it_ran_changes(own_dlnotes: Path) -> None:
    project = own_dlnotes
    write(project, "scores.py", SCORES)
    write(project, "helped.py", HELPED)
    helpers = write(project, "helpers.py", HELPERS)
    metrics = project / "dlnotes" / "metrics.py"
    runner = NotebookRunner(project, jobs=2)
    assert _reran(runner) == ["notebooks/helped.py", "notebooks/scores.py"]
    # The index names the functions each run executed, and only those.
    code = runner.index.entries("docs/notebooks/scores.py#notebook")[0]["deps"]["code"]
    assert "accuracy" in code["dlnotes/metrics.py"] and "mse" not in code["dlnotes/metrics.py"]
    assert "docs/notebooks/helpers.py" not in code

    # A comment, a docstring, and the body of a function no notebook ran: nothing.
    _replace(
        metrics, '    """Fraction of samples', '    # A comment.\n    """The fraction of samples'
    )
    signature = "def mse(y_true: np.ndarray, y_pred: np.ndarray) -> float:\n"
    _replace(metrics, signature, signature + "    y_true = y_true\n")
    _replace(helpers, "    return 2", "    return 3")
    assert _reran(runner) == []

    # The body of a function one notebook ran: that notebook alone.
    _replace(metrics, "    return float(np.mean(t == p))", "    return float(np.mean(p == t))")
    assert _reran(runner) == ["notebooks/scores.py"]
    _replace(helpers, "    return 1", "    return 4")
    assert _reran(runner) == ["notebooks/helped.py"]
    helped = runner.run_all()["notebooks/helped.py"].notebook()
    assert helped.cells[-1].outputs[0].text == "4\n"

    # Without the recording, a notebook depends on every measured file, whole.
    untraced = NotebookRunner(project, jobs=2, trace=False)
    assert _reran(untraced) == ["notebooks/helped.py", "notebooks/scores.py"]
    _replace(helpers, "    return 3", "    return 5")
    assert _reran(untraced) == ["notebooks/helped.py", "notebooks/scores.py"]


def test_a_notebook_that_reads_a_file_reruns_when_it_changes(project: Path) -> None:
    data = project / "data" / "numbers.txt"
    data.parent.mkdir()
    data.write_text("1 2 3\n")
    write(project, "reader.py", "# %%\nprint(open('../../data/numbers.txt').read().split())\n")
    runner = NotebookRunner(project)
    assert _reran(runner) == ["notebooks/reader.py"]
    deps = runner.index.entries("docs/notebooks/reader.py#notebook")[0]["deps"]
    assert deps["reads"] == ["data/numbers.txt"]
    assert _reran(runner) == []
    data.write_text("4 5 6\n")
    assert _reran(runner) == ["notebooks/reader.py"]


# ------------------------------------------------------------------ failures
def test_a_failure_names_the_source_line_and_cell_and_is_not_cached(project: Path) -> None:
    write(project, "broken.py", BROKEN_SOURCE)
    runner = NotebookRunner(project)
    result = runner.run_all()["notebooks/broken.py"]
    failure = result.failure
    assert failure is not None
    assert failure.location == "docs/notebooks/broken.py:9"  # the raise
    assert failure.cell == 4  # counted in the notebook, after the install cell
    assert failure.message == "ValueError: boom 42"
    assert str(failure).startswith("docs/notebooks/broken.py:9: notebook notebook, cell 4:")
    # Previews show the run up to the failing cell, under a red box.
    shown = nbformat.read(result.path, as_version=4)
    assert "failed while the site was built" in shown.cells[0].source
    assert not shown.cells[-1].get("outputs")
    # Nothing was cached: the next build runs it again.
    entries = [p for p in runner.cache_dir.iterdir() if not p.name.startswith(".")]
    assert entries == []
    assert not runner.run_all()["notebooks/broken.py"].cached


def test_a_failing_build_stops_with_the_notebook_and_cell(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import Files

    write(project, "broken.py", BROKEN_SOURCE)
    monkeypatch.delenv("DLNOTES_SNIPPET_ERRORS", raising=False)
    monkeypatch.setattr(site_notebooks._build, "runner", NotebookRunner(project))
    monkeypatch.setattr(site_notebooks._build, "command", "build")
    with pytest.raises(PluginError, match=r"docs/notebooks/broken\.py:9: .*cell 4: ValueError"):
        site_notebooks.on_files(Files([]), MkDocsConfig())


# ---------------------------------------------------------------- the HTML
class _Page:
    class file:
        src_uri = "notebooks/demo.py"
        dest_uri = "notebooks/demo/index.html"


def rendered(project: Path) -> tuple[str, object]:
    """The HTML mkdocs-jupyter makes of a small executed notebook with maths."""
    from mkdocs_jupyter.convert import nb2html

    write(
        project,
        "demo.py",
        textwrap.dedent(
            """\
            # %% [markdown]
            # # Demo
            #
            # Inline $\\sigma(z) = 1 / (1 + e^{-z})$ and display
            # $$L = \\frac{1}{N} \\sum_i x_i$$
            # but not in code: `$HOME`.

            # %%
            print("costs $5")
            """
        ),
    )
    result = NotebookRunner(project).run_all()["notebooks/demo.py"]
    html = nb2html(str(result.path), theme="light", allow_errors=False, custom_mathjax_url="")
    return html, result


def test_notebook_pages_load_nothing_from_other_hosts_and_show_mathml(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html, result = rendered(project)
    assert re.search(r"<script[^>]*src=", html) or "://" in html  # what mkdocs-jupyter adds
    monkeypatch.setitem(site_notebooks._build.pages, "notebooks/demo.py", result)
    monkeypatch.setattr(site_notebooks._build, "stylesheets", {})
    page = _Page()
    out = site_notebooks.on_page_content(html, page, None, None)
    scripts = re.findall(r"<script\b[^>]*>.*?</script>", out, re.DOTALL)
    assert not [s for s in scripts if "src=" in s or "://" in s]
    assert not re.search(r"<link\b[^>]*https?://", out)
    assert "mathjax" not in out.lower()
    assert out.count("<math") == 2 and 'display="block"' in out
    assert "<code>$HOME</code>" in out and "costs $5" in out
    assert out.startswith('<a href="demo.ipynb" download class="md-content__button md-icon"')
    # The inlined JupyterLab CSS moved to one shared, content-named file.
    link = re.search(r'<link rel="stylesheet" href="([^"]+)">', out)
    assert link and "<style" not in out.split('<div class="jupyter-wrapper">')[0]
    [(uri, css)] = site_notebooks._build.stylesheets.items()
    assert link[1] == "../../" + uri and len(css) > 100_000


def test_settings_and_the_cache_folder_come_from_the_config_and_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DLNOTES_NOTEBOOK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(site_notebooks._build, "runner", None)
    config = SimpleNamespace(extra={"notebooks": {"timeout": 30, "jobs": 1}})
    site_notebooks.on_config(config)
    runner = site_notebooks._build.runner
    assert runner.cache_dir == tmp_path.resolve()
    assert runner.timeout == 30 and runner.jobs == 1
