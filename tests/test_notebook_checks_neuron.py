"""The neuron notebook: it runs, its checks pass the solution and explain
plausible wrong answers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_support import check_cells, executed, load_checks, printed, solution_functions

from dlnotes.activations import sigmoid

check = load_checks("neuron_checks")
NAME = "neuron"


def notebooks() -> dict:
    return executed("neuron.py")


def _output(nb) -> str:
    return "".join(printed(c) for c in nb.cells if c.cell_type == "code")


def test_the_solution_passes_every_check_and_the_exercise_waits() -> None:
    solved = check_cells(notebooks()[f"{NAME}-solution"])
    waiting = check_cells(notebooks()[NAME])
    assert len(solved) == len(waiting) == 6
    for cell in solved:
        assert printed(cell).startswith("Works: "), f"{cell.source}\n{printed(cell)}"
    gates = next(c for c in waiting if "check.gates" in c.source)
    for cell in waiting:
        if cell is not gates:
            assert printed(cell).startswith("Not yet: the function still raises"), printed(cell)
    assert printed(gates).startswith("Not yet: `AND` is still `None`"), printed(gates)


def test_the_exercise_gives_no_answer_away() -> None:
    output = _output(notebooks()[NAME])
    assert "outputs:" not in output and "corners right" not in output


def test_the_grid_search_finds_and_and_or_but_never_xor() -> None:
    output = _output(notebooks()[f"{NAME}-solution"])
    best = dict(re.findall(r"(\w+): the best line gets (\d) of 4", output))
    assert best == {"AND": "4", "OR": "4", "XOR": "3"}


def test_the_trained_neuron_splits_the_clouds_and_hedges_on_xor() -> None:
    """The solution says: clouds separated; XOR near 0.5, loss near ln 2, about half right."""
    output = _output(notebooks()[f"{NAME}-solution"])
    runs = {
        name: (float(loss), float(accuracy))
        for name, loss, accuracy in re.findall(
            r"(two clouds|XOR): w = .*?, loss (\S+), accuracy (\d+)%", output
        )
    }
    assert runs["two clouds"][1] == 100
    loss, accuracy = runs["XOR"]
    assert abs(loss - np.log(2)) < 0.01 and 35 <= accuracy <= 65
    w = [float(v) for v in re.search(r"XOR: w = \[\s*(\S+)\s+(\S+)\]", output).groups()]
    assert max(abs(v) for v in w) < 0.5  # outputs near 0.5 at every corner


def _solution():
    return solution_functions(notebooks()[f"{NAME}-solution"], {"np": np, "sigmoid": sigmoid})


# ------------------------------------------------------------ wrong answers
def _neuron(X, w, b):
    return sigmoid(X @ w + b)


def _count(X, y, values, at_least=False, share=False, ones_only=False):
    best = 0
    for w1 in values:
        for w2 in values:
            for b in values:
                z = X @ np.array([w1, w2]) + b
                side = z >= 0 if at_least else z > 0
                right = np.sum(side & (y == 1)) if ones_only else np.sum(side == (y == 1))
                best = max(best, int(right))
    return best / 4 if share else best


def _grads(X, y, w, b, total=False, flipped=False, slope=False):
    a = _neuron(X, w, b)
    r = (y - a) if flipped else (a - y)
    if slope:
        r = r * a * (1 - a)
    n = 1 if total else len(y)
    return X.T @ r / n, np.sum(r) / n


def _train(X, y, lr, epochs, uphill=False, early=False, no_bias=False):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        dw, db = _grads(X, y, w, b)
        w = w + lr * dw if uphill else w - lr * dw
        if not no_bias:
            b = b + lr * db if uphill else b - lr * db
        if early:
            return w, b
    return w, b


@pytest.mark.parametrize(
    ("name", "arguments", "wrong_answers"),
    [
        (
            "neuron",
            ["neuron"],
            [
                ([lambda X, w, b: X @ w + b], "through the sigmoid"),
                ([lambda X, w, b: sigmoid(X @ w)], "bias is missing"),
                ([lambda X, w, b: sigmoid(X @ w) + b], "belongs inside"),
                ([lambda X, w, b: sigmoid(np.sum(X * w) + b)], "shape (5,)"),
            ],
        ),
        (
            "boundary",
            ["boundary_x2"],
            [
                ([lambda w, b, x1: (w[0] * x1 + b) / w[1]], "sign is flipped"),
                ([lambda w, b, x1: -w[0] * x1 / w[1]], "bias is missing"),
                ([lambda w, b, x1: -(w[1] * x1 + b) / w[0]], "swapped"),
                ([lambda w, b, x1: -(w[0] * x1 + b) * w[1]], "Solve"),
            ],
        ),
        (
            "gates",
            ["AND", "OR"],
            [
                ([(np.array([1.0, 1.0]), -1.5), (np.array([1.0, 1.0]), -0.5)], "same factor"),
                ([(np.array([10.0, 10.0]), -5.0), (np.array([10.0, 10.0]), -15.0)], "wrong place"),
                ([(np.array([10.0, 10.0]), -10.0), (np.array([10.0, 10.0]), -5.0)], "exactly on"),
                ([(np.array([10.0, 10.0]), -15.0), None], "`OR` is still `None`"),
            ],
        ),
        (
            "most_corners_right",
            ["most_corners_right"],
            [
                ([lambda X, y, v: _count(X, y, v, at_least=True)], "not z ≥ 0"),
                ([lambda X, y, v: _count(X, y, v, share=True)], "a share"),
                ([lambda X, y, v: _count(X, y, v, ones_only=True)], "matches their label"),
            ],
        ),
        (
            "gradients",
            ["gradients"],
            [
                ([lambda *a: _grads(*a, total=True)], "divide by N"),
                ([lambda *a: _grads(*a, flipped=True)], "sign is flipped"),
                ([lambda *a: _grads(*a, slope=True)], "cancels"),
                ([lambda *a: _grads(*a)[0]], "return two things"),
            ],
        ),
        (
            "train",
            ["train"],
            [
                ([lambda *a: _train(*a, uphill=True)], "went up"),
                ([lambda *a: _train(*a, early=True)], "after one epoch"),
                ([lambda *a: _train(*a, no_bias=True)], "bias never changed"),
            ],
        ),
    ],
)
def test_checks_pass_the_solution_and_explain_mistakes(
    name: str, arguments: list, wrong_answers: list
) -> None:
    function = getattr(check, name)
    solution = _solution()
    namespace = solution if name != "gates" else _gates()
    assert function(*[namespace[a] for a in arguments]).passed
    for wrong, words in wrong_answers:
        verdict = function(*wrong)
        assert repr(verdict).startswith("Not yet: "), verdict
        assert words in verdict.message, verdict


def _gates() -> dict:
    """AND and OR as the solution notebook sets them."""
    cell = next(
        c
        for c in notebooks()[f"{NAME}-solution"].cells
        if c.cell_type == "code" and c.source.startswith("AND = ")
    )
    namespace = {"np": np}
    exec(compile(cell.source, "<solution>", "exec"), namespace)
    return namespace


def test_no_cell_writes_a_warning() -> None:
    for page, nb in notebooks().items():
        for cell in nb.cells:
            if cell.cell_type == "code":
                errors = [o for o in cell.outputs if o.get("name") == "stderr"]
                assert not errors, f"{page}: {cell.source}\n{errors}"
