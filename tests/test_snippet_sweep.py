"""Sweeps: the SWEEP literal read statically, one cached run per value, clear failures."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from snippet_runner import SnippetRunner, report
from snippet_sweep import SweepError, read_sweep, value_id

from dlnotes.sweep import value

SWEPT = """
    import matplotlib.pyplot as plt
    from dlnotes.sweep import value

    SWEEP = {
        "name": "lr",
        "values": [0.01, 0.1, 0.5, 1.0, 2.0],
        "default": 0.1,
        "label": "learning rate",
        "key": "final",
        "key_format": ".3f",
    }
    lr = value(SWEEP)
    final = 10 * lr
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, lr], label="rate")
    ax.set_title(f"rate {lr}")
    print("lr", lr)
"""


def write(project: Path, name: str, code: str) -> Path:
    path = project / "snippets" / name
    path.write_text(textwrap.dedent(code).lstrip())
    return path


def runner(project: Path, **kwargs) -> SnippetRunner:
    return SnippetRunner(project, cache_dir=project / "cache", **kwargs)


def test_the_sweep_is_read_without_running_the_snippet(tmp_path: Path) -> None:
    path = tmp_path / "s.py"
    path.write_text("import sys\nsys.exit(3)\n" + textwrap.dedent(SWEPT))
    sweep = read_sweep(path)
    assert sweep is not None
    assert sweep.name == "lr" and sweep.default == 0.1 and sweep.default_index == 1
    assert sweep.values == (0.01, 0.1, 0.5, 1.0, 2.0) and sweep.numeric
    assert sweep.key_label == "final" and sweep.text(0.5) == "0.5"
    assert sweep.line == 7
    path.write_text("x = 1\n")
    assert read_sweep(path) is None


@pytest.mark.parametrize(
    ("literal", "says"),
    [
        ('{"name": "lr", "values": [1, 2], "default": 3, "label": "rate"}', "default 3 is not"),
        ('{"name": "lr", "values": [1], "default": 1, "label": "rate"}', "2 to 8 values"),
        ('{"name": "lr", "values": [1, 1], "default": 1, "label": "rate"}', "repeats"),
        ('{"name": "lr", "values": [1, 2], "default": 1}', "missing key(s) ['label']"),
        ('{"name": "lr", "values": [1, 2], "default": 1, "label": "r", "colour": 1}', "unknown"),
        ('{"name": "l r", "values": [1, 2], "default": 1, "label": "r"}', "identifier"),
        ("dict(name='lr')", "literal dict"),
        ('{"name": "lr", "values": [1, 2], "default": 1, "label": ""}', "visible label"),
    ],
)
def test_a_malformed_sweep_names_its_line(tmp_path: Path, literal: str, says: str) -> None:
    path = tmp_path / "s.py"
    path.write_text(f"import numpy\n\nSWEEP = {literal}\n")
    with pytest.raises(SweepError) as caught:
        read_sweep(path)
    assert caught.value.line == 3
    assert says in caught.value.message


def test_the_value_is_the_default_unless_a_run_asks_for_another(monkeypatch) -> None:
    sweep = {"name": "lr", "values": [0.1, 0.5], "default": 0.1, "label": "rate"}
    monkeypatch.delenv("DLNOTES_SWEEP_VALUE", raising=False)
    assert value(sweep) == 0.1
    monkeypatch.setenv("DLNOTES_SWEEP_VALUE", "0.5")
    assert value(sweep) == 0.5
    monkeypatch.setenv("DLNOTES_SWEEP_VALUE", "0.7")
    with pytest.raises(ValueError, match=r"0\.7.*not one of lr.s values"):
        value(sweep)


def test_each_value_runs_once_and_is_cached_on_its_own(project: Path) -> None:
    path = write(project, "swept.py", SWEPT)
    first = runner(project).run(path)
    assert first.ok, first.failure
    assert set(first.variants) == {value_id(v) for v in (0.01, 0.1, 0.5, 1.0, 2.0)}
    assert first.variant(0.1) is first
    assert first.values["lr"] == 0.1  # the plain run is the default
    assert first.variant(0.5).values["lr"] == 0.5
    assert first.variant(2.0).stdout == "lr 2.0\n"
    assert len({r.key for r in first.variants.values()}) == 5
    light = {first.variant(v).figure_file("figure-1", "light").read_text() for v in (0.01, 2.0)}
    assert len(light) == 2  # each value has its own figure
    assert all(not r.cached for r in first.variants.values())

    again = runner(project)
    second = again.run(path)
    assert all(r.cached for r in second.variants.values())
    facts = report({second.path: second}, again)["snippets"][0]["sweep"]
    assert facts["values"] == [0.01, 0.1, 0.5, 1.0, 2.0] and all(facts["cached"])

    # A change to the snippet re-runs every value.
    path.write_text(path.read_text().replace("10 * lr", "20 * lr"))
    third = runner(project).run(path)
    assert all(not r.cached for r in third.variants.values())
    assert third.variant(0.5).values["final"] == 10.0


def test_a_sweep_of_five_values_costs_five_runs(project: Path) -> None:
    path = write(project, "swept.py", SWEPT)
    run = runner(project)
    result = run.run(path)
    facts = report({result.path: result}, run)["snippets"][0]["sweep"]
    assert facts["seconds_over_one_run"] is not None
    # Five runs of one script: about five times one run (timing noise allowed).
    assert facts["seconds_over_one_run"] <= 5 * 1.5
    assert sum(not c for c in facts["cached"]) == 5


def test_a_failing_value_fails_the_snippet_naming_value_and_line(project: Path) -> None:
    code = SWEPT.replace("final = 10 * lr", "final = 10 / (lr - 0.5)")
    path = write(project, "swept.py", code)
    result = runner(project).run(path)
    assert result.failure is not None
    assert "with lr = 0.5" in result.failure.message
    assert "ZeroDivisionError" in result.failure.message
    assert result.failure.location == "snippets/swept.py:13"


def test_a_default_outside_the_values_fails_before_running(project: Path) -> None:
    path = write(project, "swept.py", SWEPT.replace('"default": 0.1', '"default": 0.2'))
    result = runner(project).run(path)
    assert result.failure is not None and result.failure.kind == "sweep"
    assert result.failure.location == "snippets/swept.py:4"
    assert "default 0.2 is not one of the values" in str(result.failure)
    assert not (project / "cache" / "index").exists()  # nothing ran


def test_a_swept_snippet_may_not_write_artifacts(project: Path) -> None:
    folder = 'os.environ["DLNOTES_ARTIFACTS"] + "/swept"'
    code = SWEPT + f"\n    import os\n    os.makedirs({folder}, exist_ok=True)\n"
    code += f'    open({folder} + "/w.txt", "w").write("x")\n'
    result = runner(project).run(write(project, "swept.py", code))
    assert result.failure is not None and "writes artifacts" in result.failure.message


def test_the_report_is_json(project: Path) -> None:
    run = runner(project)
    result = run.run(write(project, "swept.py", SWEPT))
    json.dumps(report({result.path: result}, run))
