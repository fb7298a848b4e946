"""The training-deep-networks notebook: it runs, its checks pass the solution and
explain plausible wrong answers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_support import check_cells, executed, load_checks, printed, solution_functions

check = load_checks("training_deep_networks_checks")
NAME = "training-deep-networks"


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
    return solution_functions(notebooks()[f"{NAME}-solution"], {"np": np})


def _stds(scale, depth=20, width=100, n_examples=500, seed=0, relu=True, two=2.0, root=True):
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((n_examples, width))
    out = []
    for _ in range(depth):
        std = np.sqrt(two / width) if root else two / width
        z = h @ (rng.standard_normal((width, width)) * scale * std)
        h = np.maximum(z, 0) if relu else z
        out.append(h.std())
    return np.array(out)


def _ln(x, gamma, beta, eps=1e-5, axis=-1, ddof=0, affine=True, eps_outside=False):
    mu = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, ddof=ddof, keepdims=True)
    spread = np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps)
    x_hat = (x - mu) / spread
    return gamma * x_hat + beta if affine else x_hat


def _bn(
    x,
    gamma,
    beta,
    mean,
    var,
    train,
    momentum=0.1,
    eps=1e-5,
    *,
    batch_in_eval=False,
    biased_running=False,
    swap_momentum=False,
    update_in_eval=False,
    axis=0,
):
    if train or batch_in_eval or update_in_eval:
        mu, v = x.mean(axis=axis, keepdims=True), x.var(axis=axis, keepdims=True)
        if train or update_in_eval:
            n = len(x)
            m = 1 - momentum if swap_momentum else momentum
            unbias = 1.0 if biased_running else n / (n - 1)
            mean = (1 - m) * mean + m * mu.ravel() if axis == 0 else mean
            var = (1 - m) * var + m * v.ravel() * unbias if axis == 0 else var
        if update_in_eval and not train:
            mu, v = mean, var
    else:
        mu, v = mean, var
    return gamma * (x - mu) / np.sqrt(v + eps) + beta, mean, var


def _grad(weights, x, grad, residual, **kwargs):
    return check._input_gradient(weights, x, grad, residual, **kwargs)


def _lr(t, base, w, total, a=0.1, ignore_a=False, shift=True, span=True):
    if t < w:
        a = 0.1 if ignore_a else a
        return base * (a + (1 - a) * t / w)
    s = t - w if shift else t
    length = total - w if span else total
    return 0.5 * base * (1 + np.cos(np.pi * s / length))


@pytest.mark.parametrize(
    ("name", "wrong_answers"),
    [
        (
            "layer_stds",
            [
                (lambda *a: _stds(*a, relu=False), "apply ReLU"),
                (lambda *a: _stds(*a, two=1.0), "√(1/n)"),
                (lambda *a: _stds(*a, root=False), "`scale * np.sqrt(2 / width)`"),
                (lambda s, *a: _stds(1.0, *a), "Multiply the weights by"),
            ],
        ),
        (
            "layer_norm",
            [
                (lambda x, g, b, e=1e-5: _ln(x, g, b, e, axis=0), "batch normalisation"),
                (lambda x, g, b, e=1e-5: _ln(x, g, b, e, ddof=1), "ddof=1"),
                (lambda x, g, b, e=1e-5: _ln(x, g, b, e, affine=False), "scaled and shifted"),
                (lambda x, g, b, e=1e-5: _ln(x, g, b, e, eps_outside=True), "inside the square"),
                (lambda x, g, b, e=1e-5: _ln(x, g, b, e, axis=1), "`axis=-1`"),
            ],
        ),
        (
            "batch_norm",
            [
                (lambda *a: _bn(*a, batch_in_eval=True), "depends on the other examples"),
                (lambda *a: _bn(*a, biased_running=True), "unbiased estimate"),
                (lambda *a: _bn(*a, swap_momentum=True), "weight of the current batch"),
                (lambda *a: _bn(*a, update_in_eval=True), "leave the running statistics"),
                (lambda *a: _bn(*a, axis=1), "layer normalisation"),
            ],
        ),
        (
            "input_gradient",
            [
                (lambda *a: _grad(*a, skip_back=False), "skip's route"),
                (lambda *a: _grad(*a, mask_from_input=True), "*its* input"),
                (lambda *a: _grad(*a, transpose=False), "transpose"),
            ],
        ),
        (
            "warmup_cosine_lr",
            [
                (lambda t, b, w, T, a=0.1: _lr(t, b, w, T, 0.0), "first rate is 0"),
                (lambda t, b, w, T, a=0.1: _lr(t, b, w, T, a, ignore_a=True), "`start_factor`"),
                (lambda t, b, w, T, a=0.1: _lr(t, b, w, T, a, shift=False), "`t - warmup_steps`"),
                (lambda t, b, w, T, a=0.1: _lr(t, b, w, T, a, span=False), "not 0"),
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


def test_only_he_scale_keeps_the_signal_steady() -> None:
    rows = dict(re.findall(r"scale (\S+): layer 1 \S+, layer 20 (\S+)", _output()))
    assert float(rows["1.00"]) > 0.3 and float(rows["1.00"]) < 3
    assert float(rows["0.50"]) < 1e-4 and float(rows["1.50"]) > 1e2


def test_batch_norm_depends_on_the_batch_only_in_training() -> None:
    changes = dict(re.findall(r"train=(\w+) *: output moved by (\S+)", _output()))
    assert float(changes["True"]) > 0.01
    assert float(changes["False"]) == 0.0


def test_the_skip_keeps_the_gradient_while_plain_blocks_lose_it() -> None:
    lengths = dict(re.findall(r"(\w+) *: length (\S+) after 30 blocks", _output()))
    assert float(lengths["plain"]) < 1e-6
    assert 1.0 <= float(lengths["residual"]) < 2.0
