"""Shared artifacts: ``# needs:`` headers, order, keys, cycles, missing producers;
and the child's strictness (warnings are errors, no network)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from snippet_graph import Need, check, needs_of
from snippet_runner import SnippetRunner
from test_snippet_runner import runner, write

PRODUCER = """
    import os
    import time
    from pathlib import Path

    ARTIFACTS = Path(os.environ.get("DLNOTES_ARTIFACTS", ".cache/artifacts"))
    out = ARTIFACTS / "make"
    out.mkdir(parents=True, exist_ok=True)
    time.sleep(0.5)  # a consumer started too early would find nothing
    (out / "weights.txt").write_text("{value}")
    print("made {value}")
"""

CONSUMER = """
    # needs: make.py
    import os
    from pathlib import Path

    ARTIFACTS = Path(os.environ.get("DLNOTES_ARTIFACTS", ".cache/artifacts"))
    weights = (ARTIFACTS / "make" / "weights.txt").read_text()
    print("used", weights)
"""


def test_needs_headers_are_read_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "c.py"
    path.write_text('"""Doc."""\n# needs: a/b.py\nx = 1\n# needs: snippets/c/d.py\n')
    assert needs_of(path) == [Need("snippets/a/b.py", 2), Need("snippets/c/d.py", 4)]


def test_producer_runs_before_its_consumer_even_in_parallel(project: Path) -> None:
    write(project, "make.py", PRODUCER.format(value="w1"))
    write(project, "use.py", CONSUMER)
    results = runner(project, jobs=2).run_all()
    assert all(r.ok for r in results.values()), [str(r.failure) for r in results.values()]
    assert results["snippets/use.py"].stdout == "used w1\n"
    assert results["snippets/use.py"].needs == ["snippets/make.py"]
    assert results["snippets/make.py"].artifacts


def test_a_consumer_runs_as_soon_as_its_producer_is_done(project: Path) -> None:
    """With one worker and no run times known, the consumer is next once its
    producer ends, ahead of the other snippets that were ready from the start."""
    write(project, "make.py", PRODUCER.format(value="w1"))
    write(project, "use.py", CONSUMER + "    import time\n    print('started', time.time())\n")
    for name in ("a.py", "b.py", "c.py"):
        write(project, name, "import time\nprint('started', time.time())\n")
    results = runner(project, jobs=1).run_all()
    assert all(r.ok for r in results.values()), [str(r.failure) for r in results.values()]
    started = {
        rel: float(r.stdout.split("started ")[1])
        for rel, r in results.items()
        if "started" in r.stdout
    }
    order = sorted(started, key=started.get)
    assert order == ["snippets/use.py", "snippets/a.py", "snippets/b.py", "snippets/c.py"], order


def test_a_consumer_alone_brings_its_producer(project: Path) -> None:
    write(project, "make.py", PRODUCER.format(value="w1"))
    use = write(project, "use.py", CONSUMER)
    result = runner(project).run(use)
    assert result.ok, result.failure
    assert result.stdout == "used w1\n"


def test_the_consumer_key_includes_the_producer_artifacts(project: Path) -> None:
    make = write(project, "make.py", PRODUCER.format(value="w1"))
    use = write(project, "use.py", CONSUMER)
    first = runner(project).run_all()
    again = runner(project).run_all()
    assert again["snippets/use.py"].cached and again["snippets/make.py"].cached
    make.write_text(textwrap.dedent(PRODUCER.format(value="w2")).lstrip())
    third = runner(project).run_all([use])
    assert not third["snippets/make.py"].cached and not third["snippets/use.py"].cached
    assert third["snippets/use.py"].stdout == "used w2\n"
    assert third["snippets/use.py"].key != first["snippets/use.py"].key


def test_a_producer_edit_that_leaves_its_artifacts_alone_keeps_the_consumer(
    project: Path,
) -> None:
    make = write(project, "make.py", PRODUCER.format(value="w1"))
    write(project, "use.py", CONSUMER)
    runner(project).run_all()
    make.write_text(make.read_text() + "print('one more line of output')\n")
    results = runner(project).run_all()
    assert not results["snippets/make.py"].cached
    assert results["snippets/use.py"].cached


def test_cached_artifacts_are_restored(project: Path) -> None:
    write(project, "make.py", PRODUCER.format(value="w1"))
    write(project, "use.py", CONSUMER)
    run = runner(project)
    run.run_all()
    weights = run.artifact_folder("snippets/make.py") / "weights.txt"
    assert weights.read_text() == "w1"
    weights.write_text("tampered")
    again = runner(project).run_all()
    assert again["snippets/make.py"].cached
    assert weights.read_text() == "w1"


def test_the_artifact_root_defaults_to_dot_cache_artifacts(project: Path) -> None:
    # What a snippet run by hand from the root uses as its default.
    run = SnippetRunner(project)
    assert run.artifacts_dir == (project / ".cache" / "artifacts").resolve()


def test_a_missing_producer_fails_naming_both_files(project: Path) -> None:
    use = write(project, "use.py", "# needs: nowhere.py\nprint('x')\n")
    result = runner(project).run(use)
    assert result.failure is not None and result.failure.kind == "needs"
    assert result.failure.location == "snippets/use.py:1"
    assert "snippets/nowhere.py" in result.failure.message


def test_a_cycle_fails_naming_both_files(project: Path) -> None:
    write(project, "a.py", "# needs: b.py\nprint('a')\n")
    write(project, "b.py", "print('b')\n# needs: a.py\n")
    results = runner(project).run_all()
    a, b = results["snippets/a.py"].failure, results["snippets/b.py"].failure
    assert a is not None and b is not None
    assert a.location == "snippets/a.py:1" and "snippets/b.py" in a.message
    assert b.location == "snippets/b.py:2" and "snippets/a.py" in b.message
    assert "cycle" in a.message


def test_check_finds_cycles_and_missing_producers() -> None:
    graph = {
        "snippets/a.py": [Need("snippets/b.py", 1)],
        "snippets/b.py": [Need("snippets/c.py", 3)],
        "snippets/c.py": [Need("snippets/a.py", 2)],
        "snippets/d.py": [Need("snippets/gone.py", 5)],
        "snippets/e.py": [Need("snippets/a.py", 1)],
    }
    errors = check(graph, set(graph))
    assert {k: v.kind for k, v in errors.items()} == {
        "snippets/a.py": "cycle",
        "snippets/b.py": "cycle",
        "snippets/c.py": "cycle",
        "snippets/d.py": "missing",
    }
    assert errors["snippets/c.py"].line == 2


def test_a_failed_producer_fails_its_consumer(project: Path) -> None:
    write(project, "make.py", "raise RuntimeError('no weights')\n")
    write(project, "use.py", CONSUMER)
    results = runner(project).run_all()
    failure = results["snippets/use.py"].failure
    assert failure is not None and failure.kind == "needs"
    assert "snippets/make.py" in failure.message and "no weights" in failure.message


def test_reading_undeclared_artifacts_fails(project: Path) -> None:
    write(project, "make.py", PRODUCER.format(value="w1"))
    runner(project).run_all()
    sneak = write(project, "sneak.py", CONSUMER.replace("# needs: make.py\n", ""))
    result = runner(project).run(sneak)
    assert result.failure is not None and result.failure.kind == "needs"
    assert "make/" in result.failure.message


def test_the_cache_index_records_blocks_and_reads(project: Path) -> None:
    path = write(
        project, "m.py", "from dlnotes.metrics import accuracy\nprint(accuracy([1], [1]))\n"
    )
    runner(project).run(path)
    index = next((project / "cache" / "index").glob("*.json"))
    deps = json.loads(index.read_text())["entries"][0]["deps"]
    assert "accuracy" in deps["code"]["dlnotes/metrics.py"]
    assert "mse" not in deps["code"]["dlnotes/metrics.py"]


# --------------------------------------------------------------- strictness
def test_a_warning_fails_the_snippet_at_its_line(project: Path) -> None:
    code = "import warnings\nx = 1\nwarnings.warn('did not converge', RuntimeWarning)\n"
    result = runner(project).run(write(project, "warn.py", code))
    assert result.failure is not None
    assert result.failure.location == "snippets/warn.py:3"
    assert "did not converge" in result.failure.message


def test_a_convergence_warning_fails_the_snippet(project: Path) -> None:
    code = """
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        rng = np.random.default_rng(0)
        x, y = rng.normal(size=(200, 5)), rng.integers(0, 2, 200)
        LogisticRegression(max_iter=1).fit(x, y)
        print("fitted")
    """
    result = runner(project).run(write(project, "converge.py", code))
    assert result.failure is not None
    assert result.failure.location == "snippets/converge.py:6"
    assert "ConvergenceWarning" in result.failure.message


def test_numpy_overflow_fails_the_snippet(project: Path) -> None:
    code = "import numpy as np\nprint(np.exp(np.float64(1000.0)))\n"
    result = runner(project).run(write(project, "overflow.py", code))
    assert result.failure is not None and result.failure.line == 2


def test_the_network_is_closed(project: Path) -> None:
    code = "import socket\nsocket.create_connection(('example.com', 80), timeout=1)\n"
    result = runner(project).run(write(project, "net.py", code))
    assert result.failure is not None and result.failure.line == 2
    assert "network" in result.failure.message
