"""Inline values: numbers in the prose come from the run, and a wrong reference fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from inline_values import render
from snippet_runner import Failure, Result


@pytest.fixture
def results(tmp_path: Path) -> dict[str, Result]:
    (tmp_path / "values.json").write_text(
        json.dumps({"accuracy": 0.98765, "epochs": 12, "scores": {"mlp": [0.5, 0.25]}})
    )
    ok = Result("snippets/a/run.py", "k", 0.1, False, [], "", out_dir=tmp_path)
    broken = Result(
        "snippets/a/broken.py",
        "k2",
        0.1,
        False,
        failure=Failure("snippets/a/broken.py", 3, "exception", "boom"),
    )
    return {ok.path: ok, broken.path: broken}


def test_values_are_formatted_with_their_spec(results: dict[str, Result]) -> None:
    page = (
        'It reaches {{ value("a/run.py", "accuracy", ".1%") }}'
        ' after {{ value("a/run.py", "epochs") }} epochs.'
    )
    out = render(page, "p.md", results)
    assert out.problems == []
    assert out.markdown == "It reaches 98.8% after 12 epochs."
    assert out.referenced == {"snippets/a/run.py"}


def test_dotted_names_reach_into_dicts_and_lists(results: dict[str, Result]) -> None:
    out = render("{{ value('a/run.py', 'scores.mlp.1', '.2f') }}", "p.md", results)
    assert out.markdown == "0.25" and out.problems == []


def test_code_is_left_as_written(results: dict[str, Result]) -> None:
    page = 'Write `{{ value("a/run.py", "nope") }}`.\n\n```text\n{{ value("x.py", "y") }}\n```\n'
    out = render(page, "p.md", results)
    assert out.markdown == page and out.problems == []


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ('{{ value("a/missing.py", "x") }}', "no snippet snippets/a/missing.py"),
        ('{{ value("a/run.py", "acuracy") }}', "has no value 'acuracy'"),
        ('{{ value("a/run.py", "scores.svm") }}', "has no value 'svm' at scores"),
        ('{{ value("a/broken.py", "x") }}', "failed, so its values are unknown"),
        ('{{ value("a/run.py", "accuracy", "d") }}', "format 'd' does not fit"),
        ("{{ value(a/run.py, accuracy) }}", "cannot read"),
    ],
)
def test_a_bad_reference_names_page_and_line(
    results: dict[str, Result], call: str, expected: str
) -> None:
    out = render(f"Title\n\nSome text {call}.\n", "concepts/x.md", results)
    assert len(out.problems) == 1
    problem = out.problems[0]
    assert expected in problem.message
    assert (problem.page, problem.line) == ("concepts/x.md", 3)
    assert "docs/concepts/x.md:3" in str(problem)
