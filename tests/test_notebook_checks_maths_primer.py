"""The maths-primer notebook: it runs, its checks pass the solution and
explain plausible wrong answers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_support import check_cells, executed, load_checks, printed, solution_functions

from dlnotes.activations import sigmoid

check = load_checks("maths_primer_checks")
NAME = "maths-primer"


def notebooks() -> dict:
    return executed("maths-primer.py")


def _output(nb) -> str:
    return "".join(printed(c) for c in nb.cells if c.cell_type == "code")


def test_the_solution_passes_every_check_and_the_exercise_waits() -> None:
    solved = check_cells(notebooks()[f"{NAME}-solution"])
    waiting = check_cells(notebooks()[NAME])
    assert len(solved) == len(waiting) == 7
    for cell in solved:
        assert printed(cell).startswith("Works: "), f"{cell.source}\n{printed(cell)}"
    for cell in waiting:
        assert printed(cell).startswith("Not yet: the function still raises"), printed(cell)


def _solution():
    namespace = {"np": np, "sigmoid": sigmoid, "steps": np.logspace(-1, -13, 13)}
    return solution_functions(notebooks()[f"{NAME}-solution"], namespace)


def test_the_central_difference_wins_at_a_larger_step() -> None:
    """The solution says: a smaller error, at a larger step."""
    output = _output(notebooks()[f"{NAME}-solution"])
    found = dict(
        (name, (float(h), float(e)))
        for name, h, e in re.findall(r"(\w+_difference): best h = (\S+), error there (\S+)", output)
    )
    (h_fwd, e_fwd), (h_cen, e_cen) = found["forward_difference"], found["central_difference"]
    assert h_cen > h_fwd and e_cen < e_fwd / 10


def test_the_chain_rule_matches_the_central_difference_and_the_product_underflows() -> None:
    output = _output(notebooks()[f"{NAME}-solution"])
    chain = float(re.search(r"chain rule: +(\S+)", output)[1])
    central = float(re.search(r"central difference: +(\S+)", output)[1])
    assert abs(chain - central) < 1e-8
    assert "product of the probabilities: 0.0\n" in output
    assert np.isfinite(float(re.search(r"sum of their logarithms: +(\S+)", output)[1]))


# ------------------------------------------------------------ wrong answers
def _matmul(X, W, transpose=False, guard=True):
    N, n = X.shape
    if guard and W.shape[0] != n:
        raise ValueError("inner sizes differ")
    Y = np.array(
        [[sum(X[i, k] * W[k, j] for k in range(n)) for j in range(W.shape[1])] for i in range(N)]
    )
    return Y.T if transpose else Y


def _fixed_size(X, W):
    if W.shape[0] != X.shape[1]:
        raise ValueError("inner sizes differ")
    return np.array(
        [[sum(X[i, k] * W[k, j] for k in range(3)) for j in range(2)] for i in range(4)]
    )


def _fwd(f, x, h):
    return (f(x + h) - f(x)) / h


def _cen(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def _best(estimate, f, exact, x, signed=False, smallest=False, index=False):
    steps = np.logspace(-1, -13, 13)
    errors = [estimate(f, x, h) - exact for h in steps]
    if smallest:
        return steps[-1]
    i = int(np.argmin(errors if signed else np.abs(errors)))
    return i if index else steps[i]


def _chain(w, x, b, y, two=2, inner=True, slope=True, at_w=False):
    a = sigmoid(w * x + b)
    s = sigmoid(w) * (1 - sigmoid(w)) if at_w else a * (1 - a) if slope else 1.0
    return two * (a - y) * s * (x if inner else 1.0)


def _gradient(g, p, h=1e-5, forward=False, all_at_once=False, in_place=False):
    grad = np.zeros(len(p))
    for i in range(len(p)):
        e = np.full(len(p), h) if all_at_once else np.eye(len(p))[i] * h
        if in_place:
            p[i] += h
            up = g(p)
            p[i] -= 2 * h
            grad[i] = (up - g(p)) / (2 * h)
        elif forward:
            grad[i] = (g(p + e) - g(p)) / h
        else:
            grad[i] = (g(p + e) - g(p - e)) / (2 * h)
    return grad


def _step(g, p, distance, uphill=False, unit=True, by_sum=False):
    grad = _gradient(g, p)
    if unit:
        grad = grad / (np.abs(grad).sum() if by_sum else np.linalg.norm(grad))
    return p + distance * grad if uphill else p - distance * grad


def _log_softmax(Z, naive=False, global_max=False, axis=1, probabilities=False):
    if naive:
        return np.log(np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True))
    m = Z.max() if global_max else Z.max(axis=1, keepdims=True)
    out = Z - m - np.log(np.exp(Z - m).sum(axis=axis, keepdims=True))
    return np.exp(out) if probabilities else out


@pytest.mark.parametrize(
    ("name", "arguments", "wrong_answers"),
    [
        (
            "matmul",
            ["matmul"],
            [
                ([lambda X, W: _matmul(X, W, transpose=True)], "transpose"),
                ([lambda X, W: _matmul(X, W, guard=False)], "silent wrong answer"),
                ([lambda X, W: X * W], "entry by entry"),
                ([_fixed_size], "not fixed sizes"),
            ],
        ),
        (
            "differences",
            ["forward_difference", "central_difference"],
            [
                ([_fwd, lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h], "`/ (2 * h)`"),
                ([_fwd, lambda f, x, h: (f(x + h) - f(x - h)) / h], "2h apart"),
                ([lambda f, x, h: (f(x) - f(x + h)) / h, _cen], "wrong sign"),
                ([_cen, _cen], "only f(x) and f(x + h)"),
            ],
        ),
        (
            "best_step",
            ["best_step"],
            [
                ([lambda *a: _best(*a, signed=True)], "never negative"),
                ([lambda *a: _best(*a, smallest=True)], "rounding"),
                ([lambda *a: _best(*a, index=True)], "the step h itself"),
            ],
        ),
        (
            "chain_rule",
            ["dL_dw"],
            [
                ([lambda *a: _chain(*a, inner=False)], "dz/dw = x"),
                ([lambda *a: _chain(*a, two=1)], "missing its 2"),
                ([lambda *a: _chain(*a, slope=False)], "slope of the sigmoid"),
                ([lambda *a: _chain(*a, at_w=True)], "not at w"),
            ],
        ),
        (
            "numerical_gradient",
            ["numerical_gradient"],
            [
                ([lambda g, p, h=1e-5: _gradient(g, p, h, forward=True)], "forward difference"),
                ([lambda g, p, h=1e-5: _gradient(g, p, h, all_at_once=True)], "one coordinate"),
                ([lambda g, p, h=1e-5: _gradient(g, p, h, in_place=True)], "changed the point"),
            ],
        ),
        (
            "steepest_step",
            ["steepest_step"],
            [
                ([lambda g, p, d: _step(g, p, d, uphill=True)], "went uphill"),
                ([lambda g, p, d: _step(g, p, d, unit=False)], "np.linalg.norm"),
                ([lambda g, p, d: _step(g, p, d, by_sum=True)], "unit vector"),
            ],
        ),
        (
            "log_softmax",
            ["log_softmax"],
            [
                ([lambda Z: _log_softmax(Z, naive=True)], "overflows"),
                ([lambda Z: _log_softmax(Z, global_max=True)], "own maximum"),
                ([lambda Z: _log_softmax(Z, axis=0)], "add up to 1"),
                ([lambda Z: _log_softmax(Z, probabilities=True)], "their logarithms"),
            ],
        ),
    ],
)
def test_checks_pass_the_solution_and_explain_mistakes(
    name: str, arguments: list, wrong_answers: list
) -> None:
    function = getattr(check, name)
    solution = _solution()
    assert function(*[solution[a] for a in arguments]).passed
    for wrong, words in wrong_answers:
        verdict = function(*wrong)
        assert repr(verdict).startswith("Not yet: "), verdict
        assert words in verdict.message, verdict


def test_no_cell_writes_a_warning() -> None:
    for page, nb in notebooks().items():
        for cell in nb.cells:
            if cell.cell_type == "code":
                errors = [o for o in cell.outputs if o.get("name") == "stderr"]
                assert not errors, f"{page}: {cell.source}\n{errors}"
