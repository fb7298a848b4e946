"""The generalization notebook: it runs, its checks pass the solution and
explain plausible wrong answers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_support import check_cells, executed, load_checks, printed, solution_functions

check = load_checks("generalization_checks")
NAME = "generalization"


def notebooks() -> dict:
    return executed(f"{NAME}.py")


def test_the_solution_passes_every_check_and_the_exercise_waits() -> None:
    solved = check_cells(notebooks()[f"{NAME}-solution"])
    waiting = check_cells(notebooks()[NAME])
    assert len(solved) == len(waiting) == 6
    for cell in solved:
        assert printed(cell).startswith("Works: "), f"{cell.source}\n{printed(cell)}"
    for cell in waiting:
        assert printed(cell).startswith("Not yet: the function still raises"), printed(cell)


def _solution():
    given = {"np": np, "fit_polynomial": check._fit, "predict": check._predict}
    return solution_functions(notebooks()[f"{NAME}-solution"], given)


def _errors(xt, yt, xv, yv, degrees, how="mse", leak=False, swap=False):
    train, val = [], []
    for d in degrees:
        coef = check._fit(xt, yt, d)
        val_coef = check._fit(xv, yv, d) if leak else coef
        for out, c, x, y in ((train, coef, xt, yt), (val, val_coef, xv, yv)):
            sq = (check._predict(c, x) - y) ** 2
            out.append({"mse": sq.mean(), "rmse": np.sqrt(sq.mean()), "sum": sq.sum()}[how])
    return (val, train) if swap else (train, val)


def _bv(pred, truth, square_last=False, var_axis=0, std=False):
    average = pred.mean(axis=0)
    bias2 = np.mean(average - truth) ** 2 if square_last else np.mean((average - truth) ** 2)
    spread = pred.std(axis=var_axis) if std else pred.var(axis=var_axis)
    return bias2, spread.mean()


def _stop(losses, patience, peek=False, last_not_none=False, **kwargs):
    if peek:
        return int(np.argmin(losses)), None
    best, stop = check._early(losses, patience, **kwargs)
    if last_not_none and stop is None:
        return best, len(losses) - 1
    return best, stop


def _step(w, g, lr, wd, sign=1.0, lr_on_decay=True, two=1.0, in_place=False):
    decay = sign * two * wd * w
    new = w - lr * (g + decay) if lr_on_decay else w - lr * g - decay
    if in_place:
        w[...] = new
        return w
    return new


def _dropout(x, p, rng, train, scale=True, multiply=False, keep_below=False, eval_scale=False):
    if not train:
        return x / (1 - p) if eval_scale else x
    r = rng.random(x.shape)
    keep = r < p if keep_below else r >= p
    if not scale:
        return x * keep
    return x * keep * (1 - p) if multiply else x * keep / (1 - p)


def _shift(images, dy, dx, roll=False, reverse=False, swap=False):
    if roll:
        return np.roll(images, (dy, dx), axis=(1, 2))
    if reverse:
        dy, dx = -dy, -dx
    if swap:
        dy, dx = dx, dy
    return check._shift(images, dy, dx)


@pytest.mark.parametrize(
    ("name", "wrong_answers"),
    [
        (
            "errors_by_degree",
            [
                (lambda *a: _errors(*a, how="rmse"), "square roots"),
                (lambda *a: _errors(*a, how="sum"), "sums of squares"),
                (lambda *a: _errors(*a, leak=True), "fit on the training set only"),
                (lambda *a: _errors(*a, swap=True), "swapped"),
            ],
        ),
        (
            "bias_and_variance",
            [
                (lambda p, t: _bv(p, t, square_last=True), "cancel"),
                (lambda p, t: _bv(p, t, var_axis=1), "over the training sets"),
                (lambda p, t: _bv(p, t, std=True), "standard deviation"),
            ],
        ),
        (
            "early_stopping",
            [
                (lambda v, p: _stop(v, p, peek=True), "cannot see later epochs"),
                (lambda v, p: _stop(v, p + 1), "waits one more"),
                (lambda v, p: _stop(v, p, ties=True), "not an improvement"),
                (lambda v, p: _stop(v, p, reset=False), "again from zero"),
                (lambda v, p: _stop(v, p, last_not_none=True), "return `None`"),
            ],
        ),
        (
            "decayed_step",
            [
                (lambda *a: _step(*a, sign=-1.0), "away from zero"),
                (lambda *a: _step(*a, lr_on_decay=False), "multiplies it too"),
                (lambda *a: _step(*a, two=2.0), "(λ/2)‖w‖²"),
                (lambda *a: _step(*a, in_place=True), "changed the array"),
            ],
        ),
        (
            "dropout",
            [
                (lambda *a: _dropout(*a, scale=False), "not scaled"),
                (lambda *a: _dropout(*a, multiply=True), "divides them"),
                (lambda *a: _dropout(*a, keep_below=True), "keeps 30%"),
                (lambda *a: _dropout(*a, eval_scale=True), "does nothing"),
            ],
        ),
        (
            "shift",
            [
                (lambda *a: _shift(*a, roll=True), "np.roll"),
                (lambda *a: _shift(*a, reverse=True), "wrong way"),
                (lambda *a: _shift(*a, swap=True), "swaps the directions"),
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


def _output() -> str:
    nb = notebooks()[f"{NAME}-solution"]
    return "".join(printed(c) for c in nb.cells if c.cell_type == "code")


def test_the_validation_curve_picks_a_middle_degree() -> None:
    best = int(re.search(r"lowest validation error at degree (\d+)", _output())[1])
    assert 2 <= best <= 8
    expected = int(re.search(r"lowest expected test error at degree (\d+)", _output())[1])
    assert 2 <= expected <= 8


def test_early_stopping_stops_soon_after_the_best_epoch_and_before_the_end() -> None:
    best, stop = map(
        int, re.search(r"best epoch (\d+), stopped after epoch (\d+)", _output()).groups()
    )
    assert 0 < best < stop < 99 and stop - best == 5
    at_best = float(re.search(r"validation error at the best epoch (\S+)", _output())[1])
    at_end = float(re.search(r"validation error after all 100 epochs (\S+)", _output())[1])
    assert at_best < at_end


def test_weight_decay_alone_shrinks_by_the_predicted_factor() -> None:
    out = _output()
    weights = re.search(r"after 100 steps with no gradient: \[([^\]]+)\]", out)[1].split()
    factor = float(re.search(r"\(1 - 0.1 \* 0.1\) \*\* 100 = (\S+)", out)[1])
    assert np.isclose(float(weights[0]), 2.0 * factor, atol=1e-3)
