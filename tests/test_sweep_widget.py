"""A swept figure on a page: the slider's HTML, alt texts per value, and its errors."""

from __future__ import annotations

import html
import json
import re
import textwrap
from pathlib import Path

import pytest
from snippet_directive import expand, sweep_files
from snippet_runner import Result
from snippet_sweep import Sweep, value_id

SWEEP = Sweep(
    "lr",
    (0.01, 0.1, 0.5),
    0.1,
    "Learning rate η",
    key="final",
    key_label="final loss",
    key_format=".2f",
)


def swept(project: Path, sweep: Sweep = SWEEP) -> dict[str, Result]:
    rel = "snippets/sub/demo.py"
    runs = {}
    for index, value in enumerate(sweep.values):
        out = project / f"out-{index}"
        out.mkdir(exist_ok=True)
        (out / "values.json").write_text(json.dumps({"final": 10 * index + 0.123}))
        runs[value_id(value)] = Result(
            rel, f"k{index}", 0.1, False, ["figure-1"], f"run {value}\n", out_dir=out
        )
    result = runs[value_id(sweep.default)]
    result.sweep, result.variants = sweep, runs
    return {rel: result}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "snippets" / "sub").mkdir(parents=True)
    (tmp_path / "snippets" / "sub" / "demo.py").write_text("x = 1\n")
    return tmp_path


def page(body: str) -> str:
    return f"Intro.\n\n```snippet sub/demo.py\n{textwrap.dedent(body).strip()}\n```\n"


def data_of(markdown: str) -> dict:
    found = re.search(r'data-sweep="([^"]*)"', markdown)
    assert found, markdown
    return json.loads(html.unescape(found[1]))


def test_a_swept_block_renders_a_labelled_slider_with_every_value(project: Path) -> None:
    body = "show: [figures, output]\nsweep: lr\nalt:\n  - Rate {value}, loss {key}."
    out = expand(page(body), "concepts/a.md", project, swept(project))
    assert not out.problems, out.problems
    text = out.markdown
    assert '<label for="sweep-lr-1-control">Learning rate η</label>' in text
    assert 'type="range"' in text and 'min="0" max="2"' in text and 'value="1"' in text
    assert 'aria-valuetext="0.1"' in text
    assert 'aria-live="polite"' in text
    assert 'class="dl-sweep__control" hidden' in text  # no dead control without JS
    # The default's figure is the only <img>; the others are data, fetched on use.
    assert text.count("<img ") == 2  # the figure and its <noscript> copy
    assert 'alt="Rate 0.1, loss 10.12."' in text
    assert "run 0.1" in text
    data = data_of(text)
    assert [v["text"] for v in data["values"]] == ["0.01", "0.1", "0.5"]
    assert data["values"][0]["light"] == ["../../_snippets/sub/demo/lr-0/figure-1.light.svg"]
    assert data["values"][1]["dark"] == ["../../_snippets/sub/demo/figure-1.dark.svg"]
    assert data["values"][2]["alt"] == ["Rate 0.5, loss 20.12."]
    assert data["values"][2]["output"] == "run 0.5"
    assert data["values"][2]["key"] == "final loss 20.12"
    # Without JavaScript: every value's key number.
    assert "<li>Learning rate η 0.01: final loss 0.12</li>" in text
    # The script and its style are loaded once, by the first sweep of the page.
    assert text.count("../../assets/sweep.js") == 1
    again = expand(page(body) + page(body), "concepts/a.md", project, swept(project))
    assert again.markdown.count("sweep.js") == 1 and "sweep-lr-2-control" in again.markdown


def test_text_values_get_a_menu(project: Path) -> None:
    sweep = Sweep("act", ("relu", "tanh"), "tanh", "Activation")
    out = expand(page('sweep: act\nalt: ["Act {value}."]'), "a.md", project, swept(project, sweep))
    assert not out.problems, out.problems
    assert "<select" in out.markdown and "<option selected>tanh</option>" in out.markdown


def test_an_unknown_sweep_name_fails_with_page_and_line(project: Path) -> None:
    out = expand(page("sweep: rate\nalt: [A.]"), "concepts/a.md", project, swept(project))
    assert len(out.problems) == 1
    problem = out.problems[0]
    assert problem.line == 3
    assert "shows the sweep 'rate', but the snippet declares 'lr'" in str(problem)
    assert "docs/concepts/a.md:3" in str(problem)


def test_a_sweep_on_a_snippet_without_one_fails(project: Path) -> None:
    results = swept(project)
    results["snippets/sub/demo.py"].sweep = None
    out = expand(page("sweep: lr\nalt: [A.]"), "a.md", project, results)
    assert "declares no SWEEP" in str(out.problems[0])


def test_other_values_figures_are_published(project: Path) -> None:
    files = dict(sweep_files(swept(project)["snippets/sub/demo.py"]))
    assert sorted(files) == [
        "_snippets/sub/demo/lr-0/figure-1.dark.svg",
        "_snippets/sub/demo/lr-0/figure-1.light.svg",
        "_snippets/sub/demo/lr-2/figure-1.dark.svg",
        "_snippets/sub/demo/lr-2/figure-1.light.svg",
    ]
