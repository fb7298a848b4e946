"""The convolutional-networks notebook: it runs, its checks pass the solution and
explain plausible wrong answers."""

from __future__ import annotations

import numpy as np
import pytest
from notebook_support import check_cells, executed, load_checks, printed, solution_functions

check = load_checks("convolutional_networks_checks")


def notebooks() -> dict:
    return executed("convolutional-networks.py")


def test_the_solution_passes_every_check_and_the_exercise_waits() -> None:
    solved = check_cells(notebooks()["convolutional-networks-solution"])
    waiting = check_cells(notebooks()["convolutional-networks"])
    assert len(solved) == len(waiting) == 5
    for cell in solved:
        assert printed(cell).startswith("Works: "), f"{cell.source}\n{printed(cell)}"
    for cell in waiting:
        assert printed(cell).startswith("Not yet: the function still raises"), printed(cell)


def _solution():
    return solution_functions(notebooks()["convolutional-networks-solution"], {"np": np})


def _loops(x, w, p=0, s=1, flip=False, transpose=False, stride_after=False):
    """Cross-correlation by loops, with the mistakes a reader might make."""
    w = w[::-1, ::-1] if flip else w.T if transpose else w
    x = np.pad(x, p)
    k = w.shape[0]
    h_out = (x.shape[0] - k) // s + 1
    w_out = (x.shape[1] - k) // s + 1
    step = 1 if stride_after else s
    y = np.zeros((h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            y[i, j] = np.sum(x[step * i : step * i + k, step * j : step * j + k] * w)
    return y


def _full(x, w):
    return _loops(x, w, p=w.shape[0] - 1)


@pytest.mark.parametrize(
    ("name", "wrong_answers"),
    [
        (
            "output_size",
            [
                (lambda h, k, p=0, s=1: (h + p - k) // s + 1, "both sides"),
                (lambda h, k, p=0, s=1: (h + 2 * p - k) // s, "add 1"),
                (lambda h, k, p=0, s=1: -(-(h + 2 * p - k) // s) + 1, "round down"),
                (lambda h, k, p=0, s=1: (h + 2 * p - k) / s + 1, "whole number"),
            ],
        ),
        (
            "conv_parameters",
            [
                (lambda c_in, c_out, k: c_out * c_in * k * k, "one bias"),
                (lambda c_in, c_out, k: c_out * (k * k + 1), "every input channel"),
                (lambda c_in, c_out, k: c_out * c_in * (k * k + 1), "not one per input"),
            ],
        ),
        (
            "receptive_field",
            [
                (lambda layers: sum(k for k, _ in layers), "k − 1, not k"),
                (lambda layers: 1 + sum(k - 1 for k, _ in layers), "multiply the distance"),
            ],
        ),
        (
            "cross_correlate",
            [
                (lambda x, w: _loops(x, w, flip=True), "flipped"),
                (lambda x, w: _loops(x, w, transpose=True), "transposed"),
                (_full, "positions"),
            ],
        ),
        (
            "conv2d",
            [
                (lambda x, w, p=0, s=1: _loops(x, w, 0, s), "np.pad"),
                (lambda x, w, p=0, s=1: _loops(x, w, p, 1), "every s-th window"),
                (lambda x, w, p=0, s=1: _loops(x, w, p, s, stride_after=True), "s·i"),
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


def test_the_solution_agrees_with_the_library_layer() -> None:
    from dlnotes.conv import Conv2D

    rng = np.random.default_rng(0)
    x = rng.standard_normal((9, 10))
    w = rng.standard_normal((3, 3))
    layer = Conv2D(1, 1, 3, stride=2, padding=1, seed=0)
    layer.params["W"][...] = w.reshape(1, 1, 3, 3)
    library = layer.forward(x[None, None])[0, 0]
    np.testing.assert_allclose(_solution()["conv2d"](x, w, p=1, s=2), library, atol=1e-12)
