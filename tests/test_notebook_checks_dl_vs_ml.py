"""The dl-vs-ml notebook: it runs, its checks pass the solution and explain
plausible wrong answers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_support import check_cells, executed, load_checks, printed, solution_functions

from dlnotes.data import moons

check = load_checks("dl_vs_ml_checks")
NAME = "dl-vs-ml"


def notebooks() -> dict:
    return executed(f"{NAME}.py")


def output() -> str:
    nb = notebooks()[f"{NAME}-solution"]
    return "\n".join(printed(c) for c in nb.cells if c.cell_type == "code")


def test_the_solution_passes_every_check_and_the_exercise_waits() -> None:
    solved = check_cells(notebooks()[f"{NAME}-solution"])
    waiting = check_cells(notebooks()[NAME])
    assert len(solved) == len(waiting) == 4
    for cell in solved:
        assert printed(cell).startswith("Works: "), f"{cell.source}\n{printed(cell)}"
    for cell in waiting:
        assert printed(cell).startswith("Not yet: the function still raises"), printed(cell)


def _solution():
    return solution_functions(notebooks()[f"{NAME}-solution"], {"np": np, "moons": moons})


# ----------------------------------------------------------- wrong answers
def _curve(fit_and_score, sizes, seeds, data_seed=None, transpose=False, noise=0.2):
    scores = np.array(
        [
            [
                fit_and_score(
                    *moons(n=n, noise=noise, seed=seed if data_seed is None else data_seed), seed
                )
                for seed in seeds
            ]
            for n in sizes
        ]
    )
    return scores.T if transpose else scores


def _ahead(sizes, a, b, first_win=False, at_least=False, axis=1):
    wins = (
        b.mean(axis=axis) >= a.mean(axis=axis)
        if at_least
        else b.mean(axis=axis) > a.mean(axis=axis)
    )
    if first_win:
        return next((n for n, w in zip(sizes, wins, strict=False) if w), None)
    start = None
    for n, w in zip(sizes, wins, strict=False):
        start = (start or n) if w else None
    return start


def _labels(model, X):
    return model.loss.labels(model.predict(X))


@pytest.mark.parametrize(
    ("name", "wrong_answers"),
    [
        (
            "features",
            [
                (lambda X: X, "weighted sum of x1 and x2"),
                (lambda X: np.column_stack([X, 2 * X[:, 0] - X[:, 1]]), "straight line"),
                (lambda X: np.column_stack([X, X**2]), "it needs 93%"),
                (lambda X: np.column_stack([X**p for p in range(1, 7)]), "at most 10"),
                (lambda X: X[:5], "one row of features per point"),
            ],
        ),
        (
            "learning_curve",
            [
                (lambda f, sizes, seeds: _curve(f, sizes, seeds, data_seed=0), "same points"),
                (lambda f, sizes, seeds: _curve(f, sizes, seeds, transpose=True), "transposed"),
                (lambda f, sizes, seeds: _curve(f, sizes, seeds, noise=0.3), "not the ones asked"),
                (lambda f, sizes, seeds: _curve(f, sizes[:-1], seeds), "shape (3, 2)"),
            ],
        ),
        (
            "ahead_from",
            [
                (lambda s, a, b: _ahead(s, a, b, first_win=True), "not from its first win"),
                (lambda s, a, b: _ahead(s, a, b, at_least=True), "not an equal one"),
                (lambda s, a, b: _ahead(s, a, b, axis=0), "Average each row"),
                (lambda s, a, b: s[-1] if _ahead(s, a, b) else None, "not the largest size"),
            ],
        ),
        (
            "disagreement",
            [
                (lambda a, b, X: float(np.sum(_labels(a, X) != _labels(b, X))), "number of points"),
                (lambda a, b, X: float(np.mean(_labels(a, X) == _labels(b, X))), "agree on"),
                (lambda a, b, X: float(np.mean(a.predict(X) != b.predict(X))), "raw outputs"),
                (lambda a, b, X: _labels(a, X) != _labels(b, X), "not an array"),
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


def _curves() -> dict[str, list[float]]:
    rows = re.findall(
        r"^(logistic regression, raw|logistic regression, features|MLP, raw) +([\d. ]+)$",
        output(),
        re.M,
    )
    return {name: [float(v) for v in values.split()] for name, values in rows}


def test_the_learning_curves_show_what_the_page_says() -> None:
    curves = _curves()
    raw, designed, learned = (
        curves[k] for k in ("logistic regression, raw", "logistic regression, features", "MLP, raw")
    )
    assert len(raw) == len(designed) == len(learned) == 4
    # The straight line is lowest everywhere and levels off early.
    assert all(r < min(d, m) for r, d, m in zip(raw, designed, learned, strict=True))
    assert max(raw[1:]) - min(raw[1:]) < 0.02
    # The designed features need far fewer points; the network catches up with more.
    assert designed[0] > learned[0] + 0.02
    assert learned[-1] > learned[0] + 0.05
    assert abs(learned[-1] - designed[-1]) < 0.02


def test_two_seeds_give_two_networks_but_one_logistic_regression() -> None:
    mlp = float(re.search(r"MLP, seed 1 vs seed 2: +(\S+)% disagree", output())[1])
    linear = float(
        re.search(r"logistic regression, seed 1 vs seed 2: (\S+)% disagree", output())[1]
    )
    assert mlp > 0.0
    assert linear == 0.0
