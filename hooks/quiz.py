"""Self-check quizzes: read, validate and render a page's questions.

This module knows nothing about MkDocs (the hook :mod:`site_quiz` calls it).

**Where the questions live.** Beside their page: ``docs/concepts/neuron.md``
has its quiz in ``docs/concepts/neuron.quiz.yml``, and shows it where the page
has a line holding only ``{{ quiz() }}``. The file is a YAML list; each item
is one question, either multiple choice::

    - question: Which activation is zero for every negative input?
      choices:
        - text: the sigmoid
        - text: ReLU
          correct: true
      explanation: ReLU(z) = max(0, z).

or numeric (the reader types a number; ``tolerance`` defaults to 0)::

    - question: What is the largest slope of the sigmoid?
      answer: 0.25
      tolerance: 0.001
      explanation: σ'(z) = σ(z)(1 − σ(z)) peaks at z = 0, where σ = 1/2.

Text is Markdown (code spans, emphasis, links). Keys are ``question``,
``explanation`` (both required), then ``choices`` (each ``text`` and, for
exactly one, ``correct: true``) or ``answer`` (a number) with an optional
``tolerance`` (a number ≥ 0). Anything else is a :class:`QuizError` naming
the file and line: an unknown key, a question without a correct answer, two
correct choices, a value of the wrong type.

**What is rendered.** Each question is a ``<form>`` with a ``<fieldset>`` and
``<legend>``, radio buttons or a number box, a "Check" button, an
``aria-live`` feedback line and a ``<details>`` block holding the answer and
its explanation, so the page reads well with JavaScript off.
``docs/assets/quiz.js`` checks the answers in the browser.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

import markdown
import yaml

#: The line a page writes where its quiz goes.
MARKER = re.compile(r"^\{\{\s*quiz\(\)\s*\}\}[ \t]*$", re.MULTILINE)
QUESTION_KEYS = {"question", "explanation", "choices", "answer", "tolerance"}
CHOICE_KEYS = {"text", "correct"}


class QuizError(ValueError):
    """A quiz file that cannot be used, with the file and line at fault."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = str(path)
        self.line = line


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool


@dataclass(frozen=True)
class Question:
    """One question: ``choices`` for multiple choice, or ``answer`` for a number."""

    text: str
    explanation: str
    line: int
    choices: tuple[Choice, ...] = ()
    answer: float | None = None
    tolerance: float = 0.0

    @property
    def kind(self) -> str:
        return "choice" if self.choices else "number"


def quiz_path(page: Path) -> Path:
    """Where the quiz of ``page`` lives: ``x.md`` -> ``x.quiz.yml``."""
    return page.with_suffix(".quiz.yml")


# ------------------------------------------------------------------- parse
def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _scalar(node: yaml.Node, path: Path, what: str, kind: str) -> object:
    """The Python value of a scalar node of the wanted ``kind`` (str, number, bool)."""
    if not isinstance(node, yaml.ScalarNode):
        raise QuizError(path, _line(node), f"{what} must be a {kind}, not a list or mapping")
    if kind == "text":  # taken as written: "yes" stays "yes", "0.5" stays "0.5"
        text = str(node.value).strip()
        if not text:
            raise QuizError(path, _line(node), f"{what} is empty")
        return text
    value = yaml.safe_load(yaml.serialize(node))
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise QuizError(path, _line(node), f"{what} must be a number, got {value!r}")
        if not math.isfinite(value):
            raise QuizError(path, _line(node), f"{what} must be finite, got {value!r}")
        return float(value)
    if not isinstance(value, bool):
        raise QuizError(path, _line(node), f"{what} must be true or false, got {value!r}")
    return value


def _mapping(node: yaml.Node, path: Path, what: str, allowed: set[str]) -> dict:
    if not isinstance(node, yaml.MappingNode):
        raise QuizError(path, _line(node), f"{what} must be a mapping of keys to values")
    items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name not in allowed:
            raise QuizError(
                path,
                _line(key),
                f"unknown key {name!r} in {what}; allowed: {', '.join(sorted(allowed))}",
            )
        if name in items:
            raise QuizError(path, _line(key), f"key {name!r} appears twice in {what}")
        items[name] = (key, value)
    return items


def _question(node: yaml.Node, path: Path, number: int) -> Question:
    what = f"question {number}"
    items = _mapping(node, path, what, QUESTION_KEYS)
    for required in ("question", "explanation"):
        if required not in items:
            raise QuizError(path, _line(node), f"{what} has no {required!r}")
    text = _scalar(items["question"][1], path, f"{what}: 'question'", "text")
    explanation = _scalar(items["explanation"][1], path, f"{what}: 'explanation'", "text")
    if ("choices" in items) == ("answer" in items):
        raise QuizError(
            path,
            _line(node),
            f"{what} needs exactly one of 'choices' (multiple choice) or 'answer' (a number)",
        )
    if "answer" in items:
        answer = _scalar(items["answer"][1], path, f"{what}: 'answer'", "number")
        tolerance = 0.0
        if "tolerance" in items:
            tolerance = _scalar(items["tolerance"][1], path, f"{what}: 'tolerance'", "number")
            if tolerance < 0:
                raise QuizError(path, _line(items["tolerance"][1]), f"{what}: tolerance < 0")
        return Question(text, explanation, _line(node), answer=answer, tolerance=tolerance)

    if "tolerance" in items:
        raise QuizError(
            path, _line(items["tolerance"][0]), f"{what}: 'tolerance' only goes with 'answer'"
        )
    key, seq = items["choices"]
    if not isinstance(seq, yaml.SequenceNode) or len(seq.value) < 2:
        raise QuizError(path, _line(seq), f"{what}: 'choices' must be a list of at least two")
    choices = []
    for i, item in enumerate(seq.value, start=1):
        fields = _mapping(item, path, f"{what}, choice {i}", CHOICE_KEYS)
        if "text" not in fields:
            raise QuizError(path, _line(item), f"{what}, choice {i} has no 'text'")
        choice_text = _scalar(fields["text"][1], path, f"{what}, choice {i}: 'text'", "text")
        correct = False
        if "correct" in fields:
            correct = _scalar(fields["correct"][1], path, f"{what}, choice {i}: 'correct'", "bool")
        choices.append(Choice(str(choice_text), bool(correct)))
    right = sum(c.correct for c in choices)
    if right == 0:
        raise QuizError(
            path, _line(key), f"{what} has no correct answer (mark one 'correct: true')"
        )
    if right > 1:
        raise QuizError(path, _line(key), f"{what} has {right} correct choices; mark exactly one")
    return Question(str(text), str(explanation), _line(node), choices=tuple(choices))


def parse(text: str, path: Path | str = "<quiz>") -> list[Question]:
    """The questions of one quiz file's ``text``.

    Raises:
        QuizError: naming ``path`` and the line of the first problem.
    """
    path = Path(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise QuizError(path, line, f"not valid YAML: {error.problem}") from None
    if root is None:
        raise QuizError(path, 1, "the quiz is empty; write a list of questions")
    if not isinstance(root, yaml.SequenceNode):
        raise QuizError(path, _line(root), "a quiz must be a list of questions ('- question: ...')")
    if not root.value:
        raise QuizError(path, _line(root), "the quiz has no questions")
    return [_question(node, path, i) for i, node in enumerate(root.value, start=1)]


def load(path: Path) -> list[Question]:
    """The questions of the quiz file at ``path``."""
    return parse(path.read_text(encoding="utf-8"), path)


# ------------------------------------------------------------------ render
def _inline(text: str) -> str:
    out = markdown.markdown(text, extensions=["attr_list"]).strip()
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out


def _block(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list"]).strip()


def _number(value: float) -> str:
    return f"{value:g}" if value != int(value) or abs(value) >= 1e16 else str(int(value))


def render(questions: list[Question], quiz_id: str) -> str:
    """The HTML of a quiz; ``quiz_id`` makes its element ids unique on the page."""
    parts = [f'<div class="dlnotes-quiz" id="{html.escape(quiz_id)}">']
    for n, q in enumerate(questions, start=1):
        qid = f"{quiz_id}-{n}"
        attrs = f'data-kind="{q.kind}"'
        if q.kind == "number":
            attrs += f' data-answer="{q.answer!r}" data-tolerance="{q.tolerance!r}"'
        parts.append(f'<form class="quiz-question" id="{qid}" {attrs} novalidate>')
        parts.append("<fieldset>")
        parts.append(
            f'<legend><span class="quiz-number">Question {n}.</span> {_inline(q.text)}</legend>'
        )
        if q.kind == "choice":
            correct = next(i for i, c in enumerate(q.choices) if c.correct)
            for i, choice in enumerate(q.choices):
                cid = f"{qid}-{i}"
                mark = ' data-correct=""' if choice.correct else ""
                parts.append(
                    f'<div class="quiz-choice"><input type="radio" name="{qid}" id="{cid}" '
                    f'value="{i}"{mark}> <label for="{cid}">{_inline(choice.text)}</label></div>'
                )
            shown = _inline(q.choices[correct].text)
        else:
            shown = _number(q.answer)
            if q.tolerance:
                shown += f" (anything within ±{_number(q.tolerance)} counts)"
            parts.append(
                f'<div class="quiz-number-input"><label for="{qid}-in">Your answer</label> '
                f'<input type="text" inputmode="decimal" autocomplete="off" id="{qid}-in" '
                f'name="{qid}"></div>'
            )
        parts.append(
            '<p class="quiz-actions"><button type="submit" class="md-button quiz-check" hidden>'
            f'Check</button> <span class="quiz-feedback" id="{qid}-fb" aria-live="polite">'
            "</span></p>"
        )
        parts.append(
            '<details class="quiz-answer"><summary>Answer and explanation</summary>'
            f"<p><strong>Answer:</strong> {shown}</p>{_block(q.explanation)}</details>"
        )
        parts.append("</fieldset></form>")
    parts.append("</div>")
    return "\n".join(parts)
