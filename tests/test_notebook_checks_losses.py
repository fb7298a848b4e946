"""The loss-functions notebook: it runs, its checks pass the solution and
explain plausible wrong answers."""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_support import check_cells, executed, load_checks, printed, solution_functions

from dlnotes.activations import sigmoid

check = load_checks("losses_checks")
NAME = "losses"


def notebooks() -> dict:
    return executed("losses.py")


def test_the_solution_passes_every_check_and_the_exercise_waits() -> None:
    solved = check_cells(notebooks()[f"{NAME}-solution"])
    waiting = check_cells(notebooks()[NAME])
    assert len(solved) == len(waiting) == 5
    for cell in solved:
        assert printed(cell).startswith("Works: "), f"{cell.source}\n{printed(cell)}"
    for cell in waiting:
        assert printed(cell).startswith("Not yet: the function still raises"), printed(cell)


def _solution():
    return solution_functions(notebooks()[f"{NAME}-solution"], {"np": np, "sigmoid": sigmoid})


# ------------------------------------------------------------ wrong answers
def _mse(pred, target, scale="size", two=True, sign=1.0):
    diff = pred - target
    n = {"size": diff.size, "rows": len(diff), "none": 1}[scale]
    return np.mean(diff**2), sign * (2 if two else 1) * diff / n


def _bce(z, y, naive=False, clip=False, scale=True, sign=1.0):
    if naive or clip:
        p = 1 / (1 + np.exp(-z))
        if clip:
            p = np.clip(p, 1e-7, 1 - 1e-7)
        value = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    else:
        value = np.mean(np.logaddexp(0, z) - y * z)
    return value, sign * (sigmoid(z) - y) / (len(z) if scale else 1)


def _ce(z, labels, shift="row", onehot=True, scale=True):
    m = {"row": z.max(axis=1, keepdims=True), "all": z.max(), "none": 0.0}[shift]
    e = np.exp(z - m)
    p = e / e.sum(axis=1, keepdims=True)
    rows = np.arange(len(z))
    value = -np.mean(np.log(p[rows, labels]))
    grad = p.copy()
    if onehot:
        grad[rows, labels] -= 1
    return value, grad / (len(z) if scale else 1)


def _slopes(z, y, chain=True, two=True, bce_wrt_p=False):
    p = sigmoid(z)
    mse = (2 if two else 1) * (p - y) * (p * (1 - p) if chain else 1)
    bce = (p - y) / (p * (1 - p)) if bce_wrt_p else p - y
    return mse, bce


def _huber(pred, target, delta=1.0, half=True, offset=True, clip=True, fixed=False):
    delta = 1.0 if fixed else delta
    r = pred - target
    small = np.abs(r) <= delta
    inside = (0.5 if half else 1.0) * r**2
    outside = delta * (np.abs(r) - (0.5 * delta if offset else 0.0))
    grad = np.where(small, r, delta * np.sign(r)) if clip else r
    return np.mean(np.where(small, inside, outside)), grad / r.size


@pytest.mark.parametrize(
    ("name", "wrong_answers"),
    [
        (
            "mse",
            [
                (lambda p, t: _mse(p, t, scale="none"), "missing the 1/n"),
                (lambda p, t: _mse(p, t, scale="rows"), "over all 12 entries"),
                (lambda p, t: _mse(p, t, two=False), "brings down a 2"),
                (lambda p, t: _mse(p, t, sign=-1.0), "wrong way"),
                (lambda p, t: (np.sum((p - t) ** 2), 2 * (p - t) / p.size), "sum of the squares"),
            ],
        ),
        (
            "bce_with_logits",
            [
                (lambda z, y: _bce(z, y, naive=True), "`np.logaddexp(0, z)`"),
                (lambda z, y: _bce(z, y, clip=True), "Clipping p"),
                (lambda z, y: _bce(z, y, scale=False), "missing the 1/N"),
                (lambda z, y: _bce(z, y, sign=-1.0), "wrong way"),
            ],
        ),
        (
            "softmax_cross_entropy",
            [
                (lambda z, c: _ce(z, c, shift="none"), "overflows"),
                (lambda z, c: _ce(z, c, shift="all"), "each row's own maximum"),
                (lambda z, c: _ce(z, c, onehot=False), "subtract the one-hot"),
                (lambda z, c: _ce(z, c, scale=False), "missing the 1/N"),
            ],
        ),
        (
            "slopes",
            [
                (lambda z, y: _slopes(z, y, chain=False), "chain rule"),
                (lambda z, y: _slopes(z, y, two=False), "brings down a 2"),
                (lambda z, y: _slopes(z, y, bce_wrt_p=True), "with respect to p"),
            ],
        ),
        (
            "huber",
            [
                (lambda p, t, d=1.0: _huber(p, t, d, clip=False), "caps an outlier"),
                (lambda p, t, d=1.0: _huber(p, t, d, half=False), "half the square"),
                (lambda p, t, d=1.0: _huber(p, t, d, offset=False), "do not meet"),
                (lambda p, t, d=1.0: _huber(p, t, d, fixed=True), "use `delta`"),
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


def test_the_solution_losses_match_dlnotes() -> None:
    from dlnotes.losses import MSE, BinaryCrossEntropy, CrossEntropy

    solution = _solution()
    rng = np.random.default_rng(5)
    pred, target = rng.standard_normal((7, 3)), rng.standard_normal((7, 3))
    z, labels = rng.standard_normal((7, 4)) * 50, rng.integers(0, 4, 7)
    bits = rng.integers(0, 2, 7).astype(float)
    for ours, theirs, args in [
        (solution["mse"], MSE(), (pred, target)),
        (solution["bce_with_logits"], BinaryCrossEntropy(), (z[:, 0], bits)),
        (solution["softmax_cross_entropy"], CrossEntropy(), (z, labels)),
    ]:
        value, grad = ours(*args)
        want_value, want_grad = theirs(*args)
        assert np.isclose(value, want_value) and np.allclose(grad, want_grad)


def test_the_huber_gradient_is_the_slope_of_its_value() -> None:
    huber = _solution()["huber"]
    pred = np.array([-3.0, -0.7, 0.2, 1.5, 4.0])
    target = np.zeros(5)
    _, grad = huber(pred, target, 1.0)
    eps = 1e-6
    for i in range(5):
        up, down = pred.copy(), pred.copy()
        up[i] += eps
        down[i] -= eps
        numeric = (huber(up, target, 1.0)[0] - huber(down, target, 1.0)[0]) / (2 * eps)
        assert np.isclose(grad[i], numeric, atol=1e-8)


def _output() -> str:
    nb = notebooks()[f"{NAME}-solution"]
    return "".join(printed(c) for c in nb.cells if c.cell_type == "code")


def test_cross_entropy_pushes_harder_where_the_prediction_is_confidently_wrong() -> None:
    found = re.findall(
        r"z = (-\d+): squared-error slope (\S+), cross-entropy slope (\S+)", _output()
    )
    assert [score for score, _, _ in found] == ["-6", "-2"]
    for _, mse_slope, bce_slope in found:
        assert float(bce_slope) > 3 * float(mse_slope)  # the page: the squared error's fades


def test_the_huber_line_follows_the_ordinary_points_and_the_mse_line_does_not() -> None:
    fits = dict(re.findall(r"(squared error|Huber)[^:]*: w = (\S+), b = \S+", _output()))
    mse_slope, huber_slope = float(fits["squared error"]), float(fits["Huber"])
    assert abs(huber_slope - 2) < 0.3  # close to y = 2x + 1
    assert abs(mse_slope - 2) > 4 * abs(huber_slope - 2)  # bent towards the outliers
