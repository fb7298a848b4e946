"""The snippet runner: failures named by file and line, the cache, determinism."""

from __future__ import annotations

import textwrap
from pathlib import Path

from snippet_runner import SnippetRunner

REPO = Path(__file__).resolve().parent.parent


def write(project: Path, name: str, code: str) -> Path:
    path = project / "snippets" / name
    path.write_text(textwrap.dedent(code).lstrip())
    return path


def runner(project: Path, **kwargs) -> SnippetRunner:
    return SnippetRunner(project, cache_dir=project / "cache", **kwargs)


PLOT = """
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [1, 0, 1], label="line")
    ax.set_title("A title")
    ax.legend()
    answer = 6 * 7
    print("answer", answer)
"""


def test_success_saves_light_and_dark_figures_output_and_values(project: Path) -> None:
    path = write(project, "plot.py", PLOT)
    result = runner(project).run(path)
    assert result.ok and not result.cached
    assert result.figures == ["figure-1"]
    light = result.figure_file("figure-1", "light").read_text()
    dark = result.figure_file("figure-1", "dark").read_text()
    assert light != dark
    assert "#1f2328" in light and "#e6edf3" not in light  # light ink
    assert "#e6edf3" in dark and "#1f2328" not in dark  # dark ink
    assert result.stdout == "answer 42\n"
    assert result.values["answer"] == 42


def test_exception_names_the_snippet_line(project: Path) -> None:
    path = write(project, "boom.py", "x = 1\ny = 2\nz = x / 0\n")
    result = runner(project).run(path)
    assert result.failure is not None
    assert result.failure.kind == "exception"
    assert result.failure.location == "snippets/boom.py:3"
    assert "ZeroDivisionError" in str(result.failure)


def test_exception_inside_a_library_still_names_the_snippet_line(project: Path) -> None:
    code = """
        import numpy as np
        from dlnotes.layers import Dense

        layer = Dense(2, 3, seed=0)
        layer.forward(np.zeros((4, 5)))
    """
    result = runner(project).run(write(project, "shape.py", code))
    assert result.failure is not None
    assert result.failure.location == "snippets/shape.py:5"
    assert "ValueError" in result.failure.message


def test_syntax_error_names_the_line(project: Path) -> None:
    path = write(project, "broken.py", "a = 1\nb = (2,\nc = ]\n")
    result = runner(project).run(path)
    assert result.failure is not None
    assert result.failure.kind == "syntax"
    assert result.failure.line in (2, 3)
    assert result.failure.message.startswith("SyntaxError")


def test_timeout_names_the_line_where_it_hung(project: Path) -> None:
    code = """
        import time
        x = 1
        while True:
            time.sleep(0.05)
    """
    result = runner(project, timeout=10).run(write(project, "hang.py", code))
    assert result.failure is not None
    assert result.failure.kind == "timeout"
    assert result.failure.line in (3, 4)
    assert "timed out after 10 s" in result.failure.message


def test_silent_snippet_fails(project: Path) -> None:
    result = runner(project).run(write(project, "quiet.py", "x = 1 + 1\n"))
    assert result.failure is not None
    assert result.failure.kind == "silent"
    assert result.failure.location == "snippets/quiet.py:1"


def test_nonzero_exit_fails(project: Path) -> None:
    result = runner(project).run(write(project, "exit.py", "import sys\nsys.exit(3)\n"))
    assert result.failure is not None
    assert result.failure.kind == "exit"
    assert result.failure.line == 2


def test_cache_hit_after_success_and_miss_after_an_edit(project: Path) -> None:
    path = write(project, "plot.py", PLOT)
    first = runner(project).run(path)
    second = runner(project).run(path)
    assert not first.cached and second.cached
    assert second.seconds == 0.0
    assert second.stdout == first.stdout
    path.write_text(path.read_text() + "print('more')\n")
    third = runner(project).run(path)
    assert not third.cached and third.stdout.endswith("more\n")


METRIC = """
    from dlnotes.metrics import accuracy
    print("accuracy", accuracy([0, 1, 1], [0, 1, 0]))
"""


def edit_function(module: Path, name: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` inside the source of function ``name`` only."""
    text = module.read_text()
    start = text.index(f"def {name}(")
    end = text.find("\ndef ", start + 1)
    end = len(text) if end < 0 else end
    body = text[start:end]
    assert old in body, f"{old!r} not in {name}"
    module.write_text(text[:start] + body.replace(old, new, 1) + text[end:])


def test_a_comment_or_docstring_edit_in_dlnotes_reruns_nothing(project: Path) -> None:
    path = write(project, "metric.py", METRIC)
    assert not runner(project).run(path).cached
    module = project / "dlnotes" / "metrics.py"
    module.write_text(
        module.read_text().replace("\n\n\ndef accuracy", "\n\n# a comment\n\ndef accuracy")
    )
    assert runner(project).run(path).cached, "a comment changed the key"
    edit_function(module, "accuracy", '"""Fraction', '"""The fraction')
    assert runner(project).run(path).cached, "a docstring changed the key"


def test_a_body_edit_reruns_only_the_snippets_that_executed_it(project: Path) -> None:
    metric = write(project, "metric.py", METRIC)
    plot = write(project, "plot.py", PLOT)
    first = runner(project).run_all()
    assert not any(r.cached for r in first.values())
    module = project / "dlnotes" / "metrics.py"
    edit_function(module, "accuracy", "    t, p =", "    unused = 0\n    t, p =")
    second = runner(project).run_all([metric, plot])
    assert not second["snippets/metric.py"].cached, "accuracy() changed; metric.py used it"
    assert second["snippets/plot.py"].cached, "plot.py never called accuracy()"
    edit_function(module, "mse", "    diff =", "    unused = 0\n    diff =")
    assert runner(project).run(metric).cached, "mse() changed, but metric.py never called it"
    module.write_text(module.read_text() + "\nLIMIT = 3\n")  # import-time code changed
    assert not runner(project).run(metric).cached


def test_a_data_file_the_snippet_reads_is_in_its_key(project: Path) -> None:
    (project / "data").mkdir()
    (project / "data" / "table.csv").write_text("a,b\n1,2\n")
    path = write(project, "read.py", "print(open('data/table.csv').read().strip())\n")
    first = runner(project).run(path)
    assert first.reads == ["data/table.csv"]
    assert runner(project).run(path).cached
    (project / "data" / "table.csv").write_text("a,b\n1,3\n")
    third = runner(project).run(path)
    assert not third.cached and third.stdout.endswith("1,3\n")


def test_full_rerun_ignores_the_cache(project: Path) -> None:
    path = write(project, "plot.py", PLOT)
    runner(project).run(path)
    assert not runner(project, full=True).run(path).cached
    assert runner(project).run(path).cached


def test_touching_without_changing_keeps_the_cache(project: Path) -> None:
    path = write(project, "plot.py", PLOT)
    runner(project).run(path)
    (project / "dlnotes" / "metrics.py").touch()
    path.touch()
    assert runner(project).run(path).cached


def test_failures_are_never_cached(project: Path) -> None:
    path = write(project, "boom.py", "print('before')\nraise RuntimeError('no')\n")
    first = runner(project).run(path)
    second = runner(project).run(path)
    assert not first.ok and not second.ok
    assert not second.cached
    assert not list((project / "cache").glob("*/result.json"))


def test_same_snippet_twice_gives_byte_identical_svg(project: Path) -> None:
    path = write(project, "plot.py", PLOT)
    a = SnippetRunner(project, cache_dir=project / "cache-a").run(path)
    b = SnippetRunner(project, cache_dir=project / "cache-b").run(path)
    for theme in ("light", "dark"):
        assert (
            a.figure_file("figure-1", theme).read_bytes()
            == b.figure_file("figure-1", theme).read_bytes()
        )


def test_snippets_run_in_parallel(project: Path) -> None:
    # Each snippet waits for the other's flag file: run one after the other,
    # the first would time out; run side by side, both finish.
    for me, other in (("a", "b"), ("b", "a")):
        write(
            project,
            f"{me}.py",
            f"""
            import time
            from pathlib import Path
            Path("{project}/{me}.flag").touch()
            while not Path("{project}/{other}.flag").exists():
                time.sleep(0.02)
            print("{me} saw {other}")
            """,
        )
    results = runner(project, timeout=20, jobs=2).run_all()
    assert all(r.ok for r in results.values()), [str(r.failure) for r in results.values()]


def test_run_all_reports_every_snippet_sorted(project: Path) -> None:
    write(project, "b.py", "print('b')\n")
    (project / "snippets" / "sub").mkdir()
    write(project, "sub/a.py", "print('a')\n")
    results = runner(project).run_all()
    assert list(results) == ["snippets/b.py", "snippets/sub/a.py"]
