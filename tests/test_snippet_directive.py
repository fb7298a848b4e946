"""The ```snippet block: code, sections, figures, output, and its error messages."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from snippet_directive import expand, fences, read_code
from snippet_runner import Failure, Result

CODE = """\
\"\"\"Docstring.\"\"\"
import numpy as np

# --8<-- [start:part]
x = np.arange(3)
print(x)
# --8<-- [end:part]
y = 2
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "snippets" / "sub").mkdir(parents=True)
    (tmp_path / "snippets" / "sub" / "demo.py").write_text(CODE)
    out = tmp_path / "out"
    out.mkdir()
    return tmp_path


def ok_result(project: Path, figures: int = 1, stdout: str = "[0 1 2]\n") -> dict[str, Result]:
    stems = [f"figure-{i + 1}" for i in range(figures)]
    result = Result("snippets/sub/demo.py", "k", 0.1, False, stems, stdout, out_dir=project / "out")
    return {result.path: result}


def block(body: str, path: str = "sub/demo.py") -> str:
    return f"Intro.\n\n```snippet {path}\n{textwrap.dedent(body).strip()}\n```\n\nAfter.\n"


def test_whole_block_shows_code_figure_pair_and_output(project: Path) -> None:
    page = block("alt:\n  - A line going up.")
    out = expand(page, "concepts/page.md", project, ok_result(project))
    assert not out.problems
    md = out.markdown
    assert '```python title="snippets/sub/demo.py"' in md
    assert "--8<--" not in md  # section markers are never shown
    assert "y = 2" in md
    # One <img> per figure naming both variants, relative to the page's URL
    # (concepts/page/), with no src: the page's script fetches one variant.
    assert 'data-light="../../_snippets/sub/demo/figure-1.light.svg"' in md
    assert 'data-dark="../../_snippets/sub/demo/figure-1.dark.svg"' in md
    assert md.count('<img class="dl-figure__img" alt="A line going up."') == 2  # + <noscript>
    assert 'loading="lazy"' in md and " src=" not in md.split("<noscript>")[0]
    assert '```text title="Output"\n[0 1 2]\n```' in md
    assert md.startswith("Intro.") and md.rstrip().endswith("After.")
    assert out.referenced == {"snippets/sub/demo.py"}


def test_section_shows_only_that_part(project: Path) -> None:
    out = expand(block("section: part\nshow: [code]"), "p.md", project, ok_result(project))
    assert not out.problems
    assert '```python title="snippets/sub/demo.py"\nx = np.arange(3)\nprint(x)\n```' in (
        out.markdown
    )
    assert "y = 2" not in out.markdown and "Docstring" not in out.markdown


def test_read_code_section(project: Path) -> None:
    code = read_code(project / "snippets/sub/demo.py", "part")
    assert code == "x = np.arange(3)\nprint(x)"
    with pytest.raises(KeyError):
        read_code(project / "snippets/sub/demo.py", "nope")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("section: nope\nalt: [a]", "no section 'nope'"),
        ("alt: []", "1 figure(s) shown but 0 alt text(s)"),
        ("figures: [2]\nalt: [a]", "figure(s) [2], but the snippet drew 1"),
        ("colour: red", "unknown snippet option(s) ['colour']"),
        ("show: [plots]", "may only name"),
    ],
)
def test_block_problems_name_the_page_and_line(project: Path, body: str, message: str) -> None:
    out = expand(block(body), "concepts/page.md", project, ok_result(project))
    assert len(out.problems) == 1
    problem = out.problems[0]
    assert message in problem.message
    assert "(embedded in docs/concepts/page.md:3)" in str(problem)
    assert "!!! failure" in out.markdown  # what `mkdocs serve` shows


def test_missing_snippet_file_is_a_problem(project: Path) -> None:
    out = expand(block("alt: [a]", path="sub/missing.py"), "p.md", project, {})
    assert "snippets/sub/missing.py: no such snippet file" in out.problems[0].message


def test_output_asked_for_but_not_printed(project: Path) -> None:
    page = block("show: [output]")
    out = expand(page, "p.md", project, ok_result(project, figures=0, stdout=""))
    assert "printed nothing" in out.problems[0].message


def test_figures_asked_for_but_none_drawn(project: Path) -> None:
    page = block("show: [figures]")
    out = expand(page, "p.md", project, ok_result(project, figures=0))
    assert "drew none" in out.problems[0].message


def test_failed_snippet_shows_its_location_and_traceback(project: Path) -> None:
    failure = Failure("snippets/sub/demo.py", 6, "exception", "ZeroDivisionError: x", "Trace")
    result = Result("snippets/sub/demo.py", "k", 0.1, False, failure=failure)
    out = expand(block("alt: [a]"), "p.md", project, {result.path: result})
    assert out.problems[0].message == "snippets/sub/demo.py:6: ZeroDivisionError: x"
    assert "Trace" in out.markdown


def test_blocks_inside_longer_fences_are_left_alone(project: Path) -> None:
    page = "````markdown\n```snippet sub/demo.py\nalt: [a]\n```\n````\n"
    out = expand(page, "p.md", project, ok_result(project))
    assert out.markdown == page
    assert not out.referenced
    assert not list(fences(page, ("snippet",)))


def test_indented_block_keeps_its_indentation(project: Path) -> None:
    page = '=== "Tab"\n\n    ```snippet sub/demo.py\n    show: [output]\n    ```\n'
    out = expand(page, "p.md", project, ok_result(project))
    assert not out.problems
    assert '    ```text title="Output"\n    [0 1 2]\n    ```' in out.markdown


def test_figure_html_has_size_lazy_loading_and_a_noscript_fallback(project: Path) -> None:
    svg = '<?xml version="1.0"?>\n<svg width="504pt" height="259.2pt" viewBox="0 0 504 259.2">'
    for theme in ("light", "dark"):
        (project / "out" / f"figure-1.{theme}.svg").write_text(svg + "</svg>")
    out = expand(block('alt: ["A <b> & \\"c\\""]'), "index.md", project, ok_result(project))
    assert not out.problems, out.problems
    md = out.markdown
    assert 'width="672" height="346"' in md  # pt -> CSS px, so no layout shift
    assert 'alt="A &lt;b&gt; &amp; &quot;c&quot;"' in md  # escaped
    assert 'data-light="_snippets/sub/demo/figure-1.light.svg"' in md  # index.md: its own folder
    assert '<noscript><img class="dl-figure__img"' in md
    assert 'src="_snippets/sub/demo/figure-1.light.svg"></noscript>' in md


def test_page_url_dir_follows_directory_urls() -> None:
    from snippet_directive import page_url_dir

    assert page_url_dir("concepts", "neuron.md") == "concepts/neuron"
    assert page_url_dir("concepts", "index.md") == "concepts"
    assert page_url_dir("", "index.md") == "."
    assert page_url_dir("", "glossary.md") == "glossary"
