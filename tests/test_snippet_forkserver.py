"""The fork server: runs forked from a warm process behave exactly like fresh processes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import snippet_runner
from snippet_runner import SnippetRunner

SNIPPETS = {
    "plot.py": """
        import matplotlib.pyplot as plt
        from dlnotes.metrics import accuracy
        fig, ax = plt.subplots()
        ax.plot([0, 1, 2], [1, 0, 1])
        ax.set_title("A title")
        score = accuracy([1, 0, 1], [1, 1, 1])
        print("score", score)
    """,
    "models.py": """
        from sklearn.datasets import load_iris
        from sklearn.linear_model import LogisticRegression
        X, y = load_iris(return_X_y=True)
        model = LogisticRegression(max_iter=1000).fit(X, y)
        accuracy = float(model.score(X, y))
        print(f"{accuracy:.3f}")
    """,
    "leak.py": """
        import numpy as np
        np.left_behind = True  # must not reach the next run forked from the server
        print("set")
    """,
    "look.py": """
        import numpy as np
        seen = hasattr(np, "left_behind")
        print("seen", seen)
    """,
    "fails.py": """
        x = 1
        raise ValueError("broken on purpose")
    """,
    "exits.py": """
        import os
        print("about to exit", flush=True)
        os._exit(3)
    """,
}


def write_all(project: Path) -> None:
    for name, code in SNIPPETS.items():
        (project / "snippets" / name).write_text(textwrap.dedent(code).lstrip())


def outputs(result) -> dict:
    if result.failure is not None:
        return {"failure": (result.failure.kind, result.failure.line, result.failure.message)}
    files = {"stdout": result.stdout, "values": result.values}
    for stem in result.figures:
        for theme in ("light", "dark"):
            files[f"{stem}.{theme}"] = result.figure_file(stem, theme).read_bytes()
    return files


@pytest.fixture
def forked(project: Path):
    write_all(project)
    runner = SnippetRunner(project, cache_dir=project / "forked", jobs=2, forkserver=True)
    yield runner.run_all()
    snippet_runner.close_servers()


def test_forked_runs_give_what_fresh_processes_give(project: Path, forked) -> None:
    assert len(snippet_runner._servers) == 1, "six runs use one server"
    fresh = SnippetRunner(project, cache_dir=project / "fresh", jobs=2, forkserver=False)
    plain = fresh.run_all()
    assert sorted(forked) == sorted(plain)
    for rel in plain:
        assert outputs(forked[rel]) == outputs(plain[rel]), rel
    assert forked["snippets/plot.py"].values["score"] == pytest.approx(2 / 3)
    assert forked["snippets/plot.py"].blocks > 0, "dlnotes is recorded in a forked run"


def test_a_forked_run_starts_clean_and_fails_like_a_fresh_one(forked) -> None:
    assert forked["snippets/look.py"].stdout == "seen False\n"
    failure = forked["snippets/fails.py"].failure
    assert failure is not None and failure.location == "snippets/fails.py:2"
    assert "broken on purpose" in failure.message
    exited = forked["snippets/exits.py"].failure
    assert exited is not None and exited.kind == "crash"


def test_a_forked_run_past_its_timeout_names_its_line(project: Path) -> None:
    names = ["a.py", "b.py", "c.py"]
    for name in names:
        (project / "snippets" / name).write_text("print('quick')\n")
    (project / "snippets" / "hang.py").write_text("import time\nx = 1\ntime.sleep(60)\n")
    runner = SnippetRunner(project, cache_dir=project / "c", timeout=2, forkserver=True)
    try:
        results = runner.run_all()
    finally:
        snippet_runner.close_servers()
    failure = results["snippets/hang.py"].failure
    assert failure is not None and failure.kind == "timeout"
    assert failure.location == "snippets/hang.py:3"
    assert all(results[f"snippets/{name}"].ok for name in names)
