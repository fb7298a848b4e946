"""Quizzes: validation names the file and line; rendering is accessible and readable
without JavaScript; every quiz beside a page parses and is shown on its page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import quiz

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

GOOD = """\
- question: Which activation is zero for every negative input?
  choices:
    - text: the sigmoid
    - text: ReLU
      correct: true
  explanation: ReLU(z) = max(0, z).
- question: What is the largest slope of the sigmoid?
  answer: 0.25
  tolerance: 0.001
  explanation: yes
"""


def test_a_good_quiz_parses() -> None:
    first, second = quiz.parse(GOOD, "x.quiz.yml")
    assert first.kind == "choice"
    assert [c.correct for c in first.choices] == [False, True]
    assert second.kind == "number"
    assert (second.answer, second.tolerance) == (0.25, 0.001)
    assert second.explanation == "yes"  # text as written, not YAML's True


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD.replace("  tolerance: 0.001", "  tolerence: 0.001"), 9, "unknown key 'tolerence'"),
        (GOOD.replace("      correct: true\n", ""), 2, "no correct answer"),
        (
            GOOD.replace("    - text: the sigmoid", "    - text: the sigmoid\n      correct: true"),
            2,
            "2 correct choices",
        ),
        (GOOD.replace("answer: 0.25", "answer: a quarter"), 8, "must be a number"),
        (GOOD.replace("      correct: true", "      correct: 1"), 5, "true or false"),
        (GOOD.replace("  explanation: yes\n", ""), 7, "no 'explanation'"),
        (GOOD.replace("  answer: 0.25\n", ""), 7, "exactly one of"),
        ("question: x\n", 1, "must be a list"),
        ("- question: [\n", 2, "not valid YAML"),
        ("", 1, "empty"),
    ],
    ids=[
        "unknown-key",
        "no-correct",
        "two-correct",
        "bad-number",
        "bad-bool",
        "no-explanation",
        "neither-kind",
        "not-a-list",
        "bad-yaml",
        "empty",
    ],
)
def test_a_bad_quiz_fails_naming_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(quiz.QuizError) as caught:
        quiz.parse(text, "docs/concepts/x.quiz.yml")
    message = str(caught.value)
    assert message.startswith(f"docs/concepts/x.quiz.yml:{line}: "), message
    assert words in message


def test_rendered_quiz_is_accessible_and_readable_without_javascript() -> None:
    out = quiz.render(quiz.parse(GOOD), "quiz-x")
    assert out.count("<fieldset>") == 2 and out.count("<legend>") == 2
    assert out.count('type="radio"') == 2
    assert out.count('aria-live="polite"') == 2
    assert out.count(">Check</button>") == 2
    # every input has a label
    for input_id in re.findall(r'<input [^>]*id="([^"]+)"', out):
        assert f'<label for="{input_id}">' in out
    # answers and explanations are in <details>, readable with JavaScript off
    answers = re.findall(r"<details.*?</details>", out, re.DOTALL)
    assert "ReLU" in answers[0] and "max(0, z)" in answers[0]
    assert "0.25" in answers[1]
    # ids are unique
    ids = re.findall(r'id="([^"]+)"', out)
    assert len(ids) == len(set(ids))


def test_markdown_in_questions_is_rendered() -> None:
    text = "- question: Is `x` **big**?\n  answer: 1\n  explanation: See [here](a.md).\n"
    out = quiz.render(quiz.parse(text), "q")
    assert "<code>x</code>" in out and "<strong>big</strong>" in out
    assert '<a href="a.md">here</a>' in out


QUIZZES = sorted(DOCS.rglob("*.quiz.yml"))


@pytest.mark.parametrize("path", QUIZZES, ids=[p.stem for p in QUIZZES])
def test_every_quiz_file_is_valid_and_placed_on_its_page(path: Path) -> None:
    questions = quiz.load(path)
    assert 3 <= len(questions) <= 5, f"{path.name}: {len(questions)} questions, want 3 to 5"
    page = path.with_name(path.name.removesuffix(".quiz.yml") + ".md")
    text = page.read_text(encoding="utf-8")
    assert len(quiz.MARKER.findall(text)) == 1, f"{page.name} needs one '{{{{ quiz() }}}}' line"
    marker = quiz.MARKER.search(text).start()
    further = text.find("## Further reading")
    assert further < 0 or marker < further, f"{page.name}: the quiz goes before Further reading"


def test_the_quiz_script_handles_both_kinds_and_reports_politely() -> None:
    script = (DOCS / "assets" / "quiz.js").read_text(encoding="utf-8")
    assert "data-correct" in script and "dataset.answer" in script
    assert "fetch(" not in script and "XMLHttpRequest" not in script  # nothing leaves the page
