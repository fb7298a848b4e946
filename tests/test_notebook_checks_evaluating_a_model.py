"""The evaluating-a-model notebook: it runs, its checks pass the solution and
explain plausible wrong answers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_support import check_cells, executed, load_checks, printed, solution_functions

check = load_checks("evaluating_a_model_checks")


def notebooks() -> dict:
    return executed("evaluating-a-model.py")


NAME = "evaluating-a-model"


def test_the_solution_passes_every_check_and_the_exercise_waits() -> None:
    solved = check_cells(notebooks()[f"{NAME}-solution"])
    waiting = check_cells(notebooks()[NAME])
    assert len(solved) == len(waiting) == 5
    for cell in solved:
        assert printed(cell).startswith("Works: "), f"{cell.source}\n{printed(cell)}"
    for cell in waiting:
        assert printed(cell).startswith("Not yet: the function still raises"), printed(cell)


def _solution():
    return solution_functions(notebooks()[f"{NAME}-solution"], {"np": np})


def _split(n, k, seed=0, shuffle=True, overlap=False, floor=False):
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    if floor:
        size = n // k
        folds = [order[i * size : (i + 1) * size] for i in range(k)]
    else:
        folds = np.array_split(order, k)
    if overlap:
        return [(order, folds[i]) for i in range(k)]
    return [(np.concatenate(folds[:i] + folds[i + 1 :]), folds[i]) for i in range(k)]


def _cv(fit_predict, X, y, k=5, seed=0, leak=False, errors=False):
    scores = []
    for train, test in _split(len(y), k, seed):
        fit = slice(None) if leak else train
        right = np.mean(fit_predict(X[fit], y[fit], X[test]) == y[test])
        scores.append(1 - right if errors else right)
    return np.array(scores)


def _matrix(y_true, y_pred, transpose=False):
    m = np.array([[np.sum((y_true == t) & (y_pred == p)) for p in (0, 1)] for t in (0, 1)])
    return m.T if transpose else m


def _prf(matrix, swap=False, mean_f1=False, guard=True):
    fp, fn, tp = matrix[0, 1], matrix[1, 0], matrix[1, 1]
    precision = tp / (tp + fp) if (tp + fp) or not guard else 0.0
    recall = tp / (tp + fn) if (tp + fn) or not guard else 0.0
    f1 = (precision + recall) / 2 if mean_f1 else 2 * tp / (2 * tp + fp + fn)
    return (recall, precision, f1) if swap else (precision, recall, f1)


def _t(a, b, ddof=1, root=True, paired=True):
    d = a - b
    if not paired:
        return d.mean(), d.mean() / np.sqrt((a.var(ddof=1) + b.var(ddof=1)) / len(d))
    return d.mean(), d.mean() / (d.std(ddof=ddof) / (np.sqrt(len(d)) if root else 1.0))


@pytest.mark.parametrize(
    ("name", "wrong_answers"),
    [
        (
            "k_fold",
            [
                (lambda n, k, seed=0: _split(n, k, seed, shuffle=False), "shuffle first"),
                (lambda n, k, seed=0: _split(n, k, seed, overlap=True), "also training"),
                (lambda n, k, seed=0: _split(n, k, seed, floor=True), "0 to 22"),
                (lambda n, k, seed=0: _split(n, k), "ignores `seed`"),
            ],
        ),
        (
            "cross_validate",
            [
                (lambda f, X, y, k=5, seed=0: _cv(f, X, y, k, seed, leak=True), "has seen"),
                (lambda f, X, y, k=5, seed=0: _cv(f, X, y, k, seed, errors=True), "error rates"),
                (lambda f, X, y, k=5, seed=0: _cv(f, X, y, k, seed + 1), "accuracies differ"),
            ],
        ),
        (
            "confusion",
            [
                (lambda t, p: _matrix(t, p, transpose=True), "transposed"),
                (lambda t, p: _matrix(t, p)[::-1, ::-1], "reverse order"),
            ],
        ),
        (
            "precision_recall_f1",
            [
                (lambda m: _prf(m, swap=True), "swapped"),
                (lambda m: _prf(m, mean_f1=True), "harmonic mean"),
                (lambda m: _prf(m, guard=False), "divides 0 by 0"),
            ],
        ),
        (
            "paired_t",
            [
                (lambda a, b: _t(a, b, ddof=0), "ddof=1"),
                (lambda a, b: _t(a, b, root=False), "√k"),
                (lambda a, b: _t(a, b, paired=False), "pair them"),
                (lambda a, b: _t(b, a), "not b − a"),
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


def test_the_ten_fold_comparison_finds_no_clear_winner() -> None:
    output = "".join(
        printed(c) for c in notebooks()[f"{NAME}-solution"].cells if c.cell_type == "code"
    )
    t = float(re.search(r"mean difference \S+, t = (\S+)", output).group(1))
    assert abs(t) < 1  # the page says: far below 2
