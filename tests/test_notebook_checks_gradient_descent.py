"""The gradient-descent notebook: it runs, its checks pass the solution and
explain plausible wrong answers."""

from __future__ import annotations

import numpy as np
import pytest
from notebook_support import check_cells, executed, load_checks, printed, solution_functions

check = load_checks("gradient_descent_checks")


def notebooks() -> dict:
    return executed("gradient-descent.py")


def test_the_solution_passes_every_check_and_the_exercise_waits() -> None:
    solved = check_cells(notebooks()["gradient-descent-solution"])
    waiting = check_cells(notebooks()["gradient-descent"])
    assert len(solved) == len(waiting) == 5
    for cell in solved:
        assert printed(cell).startswith("Works: "), f"{cell.source}\n{printed(cell)}"
    for cell in waiting[:3] + waiting[4:]:
        assert printed(cell).startswith("Not yet: the function still raises"), printed(cell)
    assert printed(waiting[3]).startswith("Not yet: `lr` is still `None`")


def _solution():
    return solution_functions(notebooks()["gradient-descent-solution"], {"np": np})


def _grad(theta, x, y):
    r = theta[0] * x + theta[1] - y
    return np.array([2 * np.mean(r * x), 2 * np.mean(r)])


def _in_place(theta, grad, lr):
    theta -= lr * grad
    return theta


def _no_reassign(theta, lr, steps, x, y):
    path = [theta]
    for _ in range(steps):
        path.append(theta - lr * _grad(theta, x, y))
    return np.array(path)


def _no_start(theta, lr, steps, x, y):
    path = []
    for _ in range(steps):
        theta = theta - lr * _grad(theta, x, y)
        path.append(theta)
    return np.array(path)


def _last_only(theta, lr, steps, x, y):
    for _ in range(steps):
        theta = theta - lr * _grad(theta, x, y)
    return theta


def _hessian(x):
    return np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), len(x)]]) / len(x)


@pytest.mark.parametrize(
    ("check_name", "solution", "wrong_answers"),
    [
        (
            "gradient",
            "gradient",
            [
                (lambda t, x, y: -_grad(t, x, y), "sign is flipped"),
                (lambda t, x, y: _grad(t, x, y) / 2, "factor 2"),
                (lambda t, x, y: _grad(t, x, y) * len(x), "divide by N"),
                (lambda t, x, y: _grad(t, x, y)[::-1], "swapped"),
            ],
        ),
        (
            "step",
            "step",
            [
                (lambda t, g, lr: t + lr * g, "uphill"),
                (lambda t, g, lr: t - g, "ignores the learning rate"),
                (_in_place, "in place"),
            ],
        ),
        (
            "descend",
            "descend",
            [
                (_no_reassign, "same point"),
                (_no_start, "include the start"),
                (_last_only, "every point visited"),
            ],
        ),
        (
            "largest_stable_rate",
            "largest_stable_rate",
            [
                (lambda x: 2 / np.linalg.eigvalsh(2 * _hessian(x))[0], "smallest curvature"),
                (lambda x: 1 / np.linalg.eigvalsh(2 * _hessian(x))[-1], "not 1 / λ_max"),
                (lambda x: 2 / np.linalg.eigvalsh(_hessian(x))[-1], "factor 2 / N"),
            ],
        ),
    ],
)
def test_checks_pass_the_solution_and_explain_mistakes(
    check_name: str, solution: str, wrong_answers: list
) -> None:
    function = getattr(check, check_name)
    assert function(_solution()[solution]).passed
    for wrong, words in wrong_answers:
        verdict = function(wrong)
        assert repr(verdict).startswith("Not yet: "), verdict
        assert words in verdict.message, verdict


def test_learning_rate_check_passes_a_good_rate_and_explains_bad_ones() -> None:
    assert check.learning_rate(0.3).passed
    for lr, words in [
        (0.03, "too slow"),
        (0.5, "the loss grows"),
        (-0.1, "positive"),
        (None, "still `None`"),
    ]:
        verdict = check.learning_rate(lr)
        assert repr(verdict).startswith("Not yet: "), verdict
        assert words in verdict.message, verdict


def test_the_rate_limit_separates_convergence_from_divergence() -> None:
    limit = _solution()["largest_stable_rate"](check.X)
    assert check.learning_rate(0.9 * limit).passed
    assert "the loss grows" in check.learning_rate(1.1 * limit).message
