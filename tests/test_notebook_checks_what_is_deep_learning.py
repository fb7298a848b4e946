"""The what-is-deep-learning notebook: it runs, its checks pass the solution and
explain plausible wrong answers."""

from __future__ import annotations

import re
from itertools import pairwise

import numpy as np
import pytest
from notebook_support import check_cells, executed, load_checks, printed, solution_functions

check = load_checks("what_is_deep_learning_checks")
NAME = "what-is-deep-learning"


def notebooks() -> dict:
    return executed(f"{NAME}.py")


def output() -> str:
    nb = notebooks()[f"{NAME}-solution"]
    return "\n".join(printed(c) for c in nb.cells if c.cell_type == "code")


def test_the_solution_passes_every_check_and_the_exercise_waits() -> None:
    solved = check_cells(notebooks()[f"{NAME}-solution"])
    waiting = check_cells(notebooks()[NAME])
    assert len(solved) == len(waiting) == 5
    for cell in solved:
        assert printed(cell).startswith("Works: "), f"{cell.source}\n{printed(cell)}"
    for cell in waiting:
        assert printed(cell).startswith("Not yet: the function still raises"), printed(cell)


def _solution():
    return solution_functions(notebooks()[f"{NAME}-solution"], {"np": np, "pairwise": pairwise})


# ----------------------------------------------------------- wrong answers
def _weights(hidden_or=True, hidden_nand=True, output_threshold=2.0):
    """The XOR network's numbers, with one of its parts swapped for a mistake."""
    or_unit = ([1.0, 1.0], 1.0) if hidden_or else ([1.0, 1.0], 2.0)  # else AND
    nand_unit = ([-1.0, -1.0], -1.0) if hidden_nand else ([1.0, 1.0], 1.0)  # else OR
    W1 = np.array([or_unit[0], nand_unit[0]]).T
    return W1, np.array([or_unit[1], nand_unit[1]]), np.array([1.0, 1.0]), output_threshold


def _perceptron(X, y, epochs=10, lr=1.0, sign=1, bias=True, strict=False, batch=False):
    return check._perceptron(X, y, epochs, lr, sign=sign, bias=bias, strict=strict, batch=batch)


def _count(sizes, biases_of_input=False, sum_not_product=False, weights_with_biases=False):
    pairs = list(pairwise(sizes))
    weights = sum(a + b if sum_not_product else a * b for a, b in pairs)
    biases = sum(sizes) if biases_of_input else sum(sizes[1:])
    return (weights + biases if weights_with_biases else weights), biases


@pytest.mark.parametrize(
    ("name", "wrong_answers"),
    [
        (
            "threshold_unit",
            [
                (lambda X, w, t: (X @ w > t).astype(int), "use `>=`"),
                (lambda X, w, t: X @ w, "only 0 or 1"),
                (lambda X, w, t: (X * w >= t).astype(int), "one output per row"),
                (lambda X, w, t: (X @ w < t).astype(int), "reversed"),
            ],
        ),
        (
            "xor_weights",
            [
                (lambda: _weights(hidden_nand=False), "computes OR"),
                (lambda: _weights(hidden_or=False), "for (0, 1) it outputs 0"),
                (lambda: (np.eye(2), np.ones(2), np.ones(2), 2.0), "computes AND"),
                (lambda: _weights(output_threshold=1.0), "for (0, 0) it outputs 1"),
                (lambda: (np.ones(2), np.ones(2), np.ones(2), 1.0), "shape (2, 2)"),
            ],
        ),
        (
            "perceptron",
            [
                (lambda X, y, e=10, lr=1.0: _perceptron(X, y, e, lr, sign=-1), "away from"),
                (lambda X, y, e=10, lr=1.0: _perceptron(X, y, e, lr, bias=False), "bias never"),
                (lambda X, y, e=10, lr=1.0: _perceptron(X, y, e, lr, strict=True), "`>= 0`"),
                (lambda X, y, e=10, lr=1.0: _perceptron(X, y, e, lr, batch=True), "each example"),
                (lambda X, y, e=10, lr=1.0: _perceptron(X, y, e - 1, lr), "one count per epoch"),
            ],
        ),
        (
            "count_parameters",
            [
                (lambda s: _count(s, biases_of_input=True), "input layer has no biases"),
                (lambda s: _count(s, sum_not_product=True), "n_in · n_out"),
                (lambda s: _count(s, weights_with_biases=True), "includes the biases"),
            ],
        ),
        (
            "feature",
            [
                (lambda P: P[:, 0] + P[:, 1], "weighted sum of x1 and x2"),
                (lambda P: (P**2).sum(axis=1), "signs of x1 and x2"),
                (lambda P: P[:, 0] * P[:, 1] > 5, "same value for every point"),
                (lambda P: P, "one number per point"),
            ],
        ),
    ],
)
def test_checks_pass_the_solution_and_explain_mistakes(name: str, wrong_answers: list) -> None:
    function = getattr(check, name)
    assert function(_solution()[name]).passed
    for wrong, words in wrong_answers:
        verdict = function(wrong)
        assert repr(verdict).startswith("Not yet: "), verdict
        assert words in verdict.message, verdict


def test_a_constant_feature_cannot_be_cut_into_two_classes() -> None:
    points, labels = check._quarters(300, seed=1)
    assert check.best_cut_accuracy(np.zeros(300), labels) == max(labels.mean(), 1 - labels.mean())
    assert check.best_cut_accuracy(points[:, 0] * points[:, 1], labels) == 1.0


def test_the_perceptron_learns_and_but_never_xor() -> None:
    found = dict(re.findall(r"(AND|XOR): mistakes per epoch \[([\d, ]+)\]", output()))
    and_errors = [int(v) for v in found["AND"].split(", ")]
    xor_errors = [int(v) for v in found["XOR"].split(", ")]
    assert and_errors[-1] == 0  # the page: the perceptron finds a line for AND
    assert min(xor_errors) > 0  # every epoch still gets some example wrong


def test_dlnotes_agrees_with_the_count_by_hand() -> None:
    weights, biases = map(int, re.search(r"by hand: \((\d+), (\d+)\)", output()).groups())
    total = int(re.search(r"dlnotes: (\d+) numbers", output())[1])
    assert weights + biases == total


def test_the_network_finds_a_feature_as_good_as_the_designed_one() -> None:
    accuracy = {
        name: float(value) / 100
        for name, value in re.findall(
            r"^one neuron, (raw \(x1, x2\)|your feature): +accuracy (\d+)%", output(), re.M
        )
    }
    network = float(re.search(r"network, raw \(x1, x2\): +accuracy (\d+)%", output())[1]) / 100
    assert accuracy["raw (x1, x2)"] < 0.8  # one straight line leaves many points wrong
    assert accuracy["your feature"] >= 0.95 and network >= 0.95
