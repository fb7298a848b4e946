"""The optimizers notebook: it runs, its checks pass the solution and explain
plausible wrong answers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_support import check_cells, executed, load_checks, printed, solution_functions

from dlnotes.optim import SGD, Adam

check = load_checks("optimizers_checks")
NAME = "optimizers"


def notebooks() -> dict:
    return executed("optimizers.py")


def test_the_solution_passes_every_check_and_the_exercise_waits() -> None:
    solved = check_cells(notebooks()[f"{NAME}-solution"])
    waiting = check_cells(notebooks()[NAME])
    assert len(solved) == len(waiting) == 5
    for cell in solved:
        assert printed(cell).startswith("Works: "), f"{cell.source}\n{printed(cell)}"
    for cell in waiting:
        assert printed(cell).startswith("Not yet: the function still raises"), printed(cell)


def _solution():
    return solution_functions(
        notebooks()[f"{NAME}-solution"], {"np": np, "SGD": SGD, "Adam": Adam, "START": (-4.5, 1.0)}
    )


# ------------------------------------------------------------ wrong answers
def _momentum(theta, grad, buffer, lr, mu, damp=False, stale=False, plain=False):
    g = (1 - mu) * grad if damp else grad
    new = g.copy() if buffer is None else mu * buffer + g
    if plain:
        return theta - lr * grad, new
    if stale and buffer is not None:
        return theta - lr * buffer, new
    return theta - lr * new, new


def _adam(theta, grad, m, v, t, lr, correct=True, eps_inside=False, square=True):
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * (grad**2 if square else grad)
    m_hat = m / (1 - beta1**t) if correct else m
    v_hat = v / (1 - beta2**t) if correct else v
    root = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
    return theta - lr * m_hat / root, m, v


def _descend(optimizer, gradient, start, steps, lr_at=None, how="right"):
    p = np.array(start, dtype=float)
    path = [p.copy()]
    for t in range(steps):
        if lr_at is not None and how != "ignore_lr":
            optimizer.lr = lr_at(t + 1 if how == "late" else t)
        if how == "copy":
            optimizer.step([(p.copy(), gradient(p))])
        else:
            optimizer.step([(p, gradient(p))])
        if how == "rebuild":
            p = np.array(p)
        path.append(p if how == "alias" else p.copy())
    return np.array(path)


def _best(mus, pick="argmin", hard=None):
    if hard is not None:
        return hard
    losses = check._final_losses(mus)
    i = int(np.argmax(losses) if pick == "argmax" else np.argmin(losses))
    return i if pick == "index" else mus[i]


@pytest.mark.parametrize(
    ("name", "wrong_answers"),
    [
        (
            "momentum_step",
            [
                (lambda *a: _momentum(*a, damp=True), "whole gradient"),
                (lambda *a: _momentum(*a, stale=True), "old buffer"),
                (lambda *a: _momentum(*a, plain=True), "plain SGD"),
            ],
        ),
        (
            "adam_step",
            [
                (lambda *a: _adam(*a, correct=False), "bias correction"),
                (lambda *a: _adam(*a, eps_inside=True), "after the square root"),
                (lambda *a: _adam(*a, square=False), "squared gradient"),
            ],
        ),
        (
            "descend",
            [
                (lambda *a: _descend(*a, how="alias"), "p.copy()"),
                (lambda *a: _descend(*a, how="copy"), "never moves"),
                (lambda *a: _descend(*a, how="rebuild"), "momentum restarts"),
                (lambda *a: _descend(*a, how="ignore_lr"), "`lr_at` is ignored"),
                (lambda *a: _descend(*a, how="late"), "one step late"),
            ],
        ),
        (
            "best_momentum",
            [
                (lambda mus: _best(mus, pick="argmax"), "highest loss"),
                (lambda mus: _best(mus, pick="index"), "position"),
                (lambda mus: _best(mus, hard=0.7), "yours says 0.7"),
            ],
        ),
        (
            "step_decay",
            [
                (lambda t, lr, s, g: lr * g**t, "every step"),
                (lambda t, lr, s, g: lr * g ** (t / s), "floor division"),
                (lambda t, lr, s, g: lr * g ** (t // s + 1), "too early"),
                (lambda t, lr, s, g: lr * 0.1 ** (t // s), "the rate at step"),
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


def test_the_first_adam_step_moves_every_weight_by_the_learning_rate() -> None:
    output = _output()
    assert float(re.search(r"largest difference: (\S+)", output)[1]) < 1e-12
    ours = re.search(r"your adam_step: +\[(.*?)\]", output)[1]
    assert np.allclose([float(s) for s in ours.split()], -0.1, rtol=1e-3)


def test_momentum_with_the_chosen_mu_ends_lowest_by_far() -> None:
    final = {
        name.strip(): float(value)
        for name, value in re.findall(
            r"(SGD|momentum, μ = \S+|Adam) +loss after 50 steps: (\S+)", _output()
        )
    }
    momentum = next(v for k, v in final.items() if k.startswith("momentum"))
    assert momentum < final["Adam"] / 100 and momentum < final["SGD"] / 100  # "by far"
    assert final["Adam"] < final["SGD"]  # the alt text: Adam's ends lower than SGD's


def test_the_step_decay_ends_far_below_the_constant_rate() -> None:
    means = dict(
        re.findall(r"(constant|step decay) *: mean loss over the last 20 steps (\S+)", _output())
    )
    assert float(means["step decay"]) < float(means["constant"]) / 5  # "a much lower level"
