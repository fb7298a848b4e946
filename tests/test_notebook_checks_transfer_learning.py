"""The transfer-learning notebook: it runs, its checks pass the solution and
explain plausible wrong answers, and what it prints is consistent."""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_support import check_cells, executed, load_checks, printed, solution_functions

from dlnotes.layers import Dense
from dlnotes.model import Sequential

check = load_checks("transfer_learning_checks")
NAME = "transfer-learning"


def notebooks() -> dict:
    return executed(f"{NAME}.py")


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
        notebooks()[f"{NAME}-solution"], {"np": np, "Sequential": Sequential, "Dense": Dense}
    )


def _freeze(model, n_base, which="base"):
    layers = {"base": model.layers[:n_base], "head": model.layers[n_base:]}.get(which)
    if which == "model":
        model.trainable = False
    elif which == "first":
        model.layers[0].trainable = False
    else:
        for layer in layers:
            layer.trainable = False
    return model


def _head(model, n_classes, seed=0, how="new"):
    n_in = model.layers[-1].params["W"].shape[0]
    if how == "keep":
        return Sequential(model.layers)
    if how == "in place":
        model.layers[-1] = Dense(n_in, n_classes, seed=seed)
        return model
    if how == "fresh base":
        fresh = [type(layer)(*layer.params["W"].shape) if layer.params else layer
                 for layer in model.layers[:-1]]  # fmt: skip
        return Sequential([*fresh, Dense(n_in, n_classes, seed=seed)])
    if how == "no seed":
        return Sequential([*model.layers[:-1], Dense(n_in, n_classes, seed=0)])
    return Sequential([*model.layers[:-1], Dense(n_in, n_classes, seed=seed)])


def _step(model, n_base, lr_base, lr_head, how="right"):
    for i, layer in enumerate(model.layers):
        lr = lr_base if i < n_base else lr_head
        if how == "swapped":
            lr = lr_head if i < n_base else lr_base
        elif how == "one rate":
            lr = lr_head
        for name, value in layer.params.items():
            if how == "ascent":
                value += lr * layer.grads[name]
            elif how == "local":
                value = value - lr * layer.grads[name]  # rebinds the name only
            else:
                value -= lr * layer.grads[name]


def _change(pre, tuned, how="relative"):
    out = []
    for a, b in zip(pre.layers, tuned.layers, strict=True):
        if "W" in a.params:
            d = np.linalg.norm(b.params["W"] - a.params["W"])
            below = {"relative": np.linalg.norm(a.params["W"]), "absolute": 1.0}
            out.append(d / below.get(how, np.linalg.norm(b.params["W"])))
    return out


@pytest.mark.parametrize(
    ("name", "wrong_answers"),
    [
        (
            "freeze_base",
            [
                (lambda m, n: _freeze(m, n, "model"), "nothing is frozen"),
                (lambda m, n: _freeze(m, n, "head"), "head's weights did not change"),
                (lambda m, n: _freeze(m, n, "first"), "second Dense layer"),
                (lambda m, n: None, "return the model"),
            ],
        ),
        (
            "replace_head",
            [
                (lambda m, c, seed=0: _head(m, c, seed, "keep"), "scores per example"),
                (lambda m, c, seed=0: _head(m, c, seed, "in place"), "lost its head"),
                (lambda m, c, seed=0: _head(m, c, seed, "fresh base"), "pre-trained weights"),
                (lambda m, c, seed=0: _head(m, c, seed, "no seed"), "ignores `seed`"),
            ],
        ),
        (
            "extract_features",
            [
                (lambda m, n, X: m.predict(X), "class scores"),
                (lambda m, n, X: Sequential(m.layers[: n - 1]).predict(X), "negative"),
                (lambda m, n, X: Sequential(m.layers[:2]).predict(X), "shape"),
            ],
        ),
        (
            "two_rate_step",
            [
                (lambda m, n, a, b: _step(m, n, a, b, "swapped"), "swapped"),
                (lambda m, n, a, b: _step(m, n, a, b, "one rate"), "same rate"),
                (lambda m, n, a, b: _step(m, n, a, b, "ascent"), "up the gradient"),
                (lambda m, n, a, b: _step(m, n, a, b, "local"), "in place"),
            ],
        ),
        (
            "relative_change",
            [
                (lambda p, t: _change(p, t, "absolute"), "size of the change itself"),
                (lambda p, t: _change(p, t, "tuned"), "not the tuned ones"),
                (lambda p, t: [*_change(p, t), 0.0, 0.0], "one number per layer"),
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
    cells = notebooks()[f"{NAME}-solution"].cells
    return "\n".join(printed(c) for c in cells if c.cell_type == "code")


def test_pre_training_learns_the_source_task() -> None:
    accuracy, chance = map(
        float, re.search(r"validation accuracy (\S+) \(chance: (\S+)\)", _output()).groups()
    )
    assert accuracy > 10 * chance


def test_with_the_base_frozen_only_the_head_changes() -> None:
    states = dict(re.findall(r"layer (\d+ \w+): (\w+)", _output()))
    assert states == {
        "0 W": "unchanged", "0 b": "unchanged", "2 W": "unchanged", "2 b": "unchanged",
        "4 W": "changed", "4 b": "changed",
    }  # fmt: skip


def test_the_comparison_states_its_verdict_from_its_own_numbers() -> None:
    output = _output()
    rows = dict(
        (name.strip(), (float(m), float(s)))
        for name, m, s in re.findall(r"^(.+?) test accuracy (\S+) ± (\S+)", output, re.M)
    )
    assert set(rows) == {"from scratch", "frozen base", "fine-tune all"}
    best, gap, worst, verdict = re.search(
        r"best: (.+?), (\S+) ahead of (.+?); (larger|not larger)", output
    ).groups()
    assert rows[best][0] == max(m for m, _ in rows.values())
    assert rows[worst][0] == min(m for m, _ in rows.values())
    assert abs(float(gap) - (rows[best][0] - rows[worst][0])) < 2e-3
    clear = rows[best][0] - rows[worst][0] > rows[best][1] + rows[worst][1]
    assert (verdict == "larger") == clear
