"""Checks for the exercise "Activation functions".

Each function takes one function the learner wrote in ``activations.py``,
calls it on test inputs, and returns a :class:`Verdict`: "Works: ..." or
"Not yet: ..." with the reason in plain words. A check never raises.
"""

from __future__ import annotations

import functools
import html
import re
import warnings
from collections.abc import Callable

import numpy as np


class Verdict:
    """The outcome of one check: ``passed`` and a sentence saying why."""

    def __init__(self, passed: bool, message: str) -> None:
        self.passed = passed
        self.message = message

    def __bool__(self) -> bool:
        return self.passed

    @property
    def title(self) -> str:
        return "Works" if self.passed else "Not yet"

    def __repr__(self) -> str:
        return f"{self.title}: {self.message}"

    def _repr_html_(self) -> str:
        kind = "success" if self.passed else "failure"
        text = html.escape(self.message[:1].upper() + self.message[1:])
        text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
        return (
            f'<div class="admonition {kind} dlnotes-check">'
            f'<p class="admonition-title">{self.title}</p><p>{text}</p></div>'
        )


def works(message: str) -> Verdict:
    return Verdict(True, message)


def not_yet(message: str) -> Verdict:
    return Verdict(False, message)


def never_raises(
    check: Callable[..., Verdict],
) -> Callable[..., Verdict]:
    """Turn any error inside a check (or the learner's code) into a "Not yet"."""

    @functools.wraps(check)
    def safe(*args, **kwargs) -> Verdict:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return check(*args, **kwargs)
        except NotImplementedError:
            return not_yet(
                "the function still raises `NotImplementedError`. Replace the `raise` "
                "line with your code."
            )
        except Exception as error:
            return not_yet(
                f"calling your function failed ({type(error).__name__}: {error}). "
                "Compare your code with the formula above the cell."
            )

    return safe


Z = np.array(
    [[-3.0, -0.5, 0.0, 0.5, 2.0], [4.0, -1.0, 1.5, -2.5, 0.25]]
)


def _same(a, b) -> bool:
    a = np.asarray(a, dtype=float)
    return a.shape == np.shape(b) and bool(
        np.allclose(a, b, rtol=1e-9, atol=1e-12)
    )


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


# --------------------------------------------------------------- task 1
@never_raises
def relu(fn) -> Verdict:
    """Task 1: ``relu(z)``, element by element, same shape."""
    got = np.asarray(fn(Z.copy()), dtype=float)
    want = np.maximum(Z, 0.0)
    if got.shape != Z.shape:
        return not_yet(
            f"`relu` should keep the shape {Z.shape}, but returned {got.shape}: "
            "`np.maximum(z, 0)` works element by element."
        )
    if _same(got, np.abs(Z)):
        return not_yet(
            "that is the absolute value: negative inputs must give 0, not −z."
        )
    if _same(got, np.minimum(Z, 0.0)):
        return not_yet(
            "that keeps the negative part: ReLU keeps the positive one."
        )
    if not _same(got, want):
        return not_yet(
            "`relu(z)` should be `z` where z > 0 and 0 elsewhere."
        )
    return works(
        "negative inputs give 0, positive ones pass unchanged."
    )


# --------------------------------------------------------------- task 2
@never_raises
def sigmoid(fn) -> Verdict:
    """Task 2: ``sigmoid(z)``, without overflow for large ``|z|``."""
    got = np.asarray(fn(Z.copy()), dtype=float)
    if not _same(got, _sigmoid(Z)):
        if _same(got, 1.0 / (1.0 + np.exp(Z))):
            return not_yet(
                "the sign is flipped: σ(z) = 1 / (1 + e^(−z)), with minus z."
            )
        return not_yet("σ(z) should be 1 / (1 + e^(−z)); σ(0) is 0.5.")
    big = np.array([-1000.0, 1000.0])
    with np.errstate(over="raise", invalid="raise"):
        try:
            extreme = np.asarray(fn(big), dtype=float)
        except FloatingPointError:
            return not_yet(
                "the values are right, but `np.exp(-z)` overflows for z = −1000. Use "
                "`0.5 * (1 + np.tanh(z / 2))`, which equals σ(z) and never overflows."
            )
    if not _same(extreme, [0.0, 1.0]):
        return not_yet(
            f"σ(−1000) should be 0 and σ(1000) 1; yours are {extreme}."
        )
    return works(
        "σ(0) = 0.5, and very large inputs give 0 and 1 without overflow."
    )


# --------------------------------------------------------------- task 3
@never_raises
def sigmoid_slope(fn) -> Verdict:
    """Task 3: ``sigmoid_grad(z) = σ(z)(1 − σ(z))``."""
    got = np.asarray(fn(Z.copy()), dtype=float)
    s = _sigmoid(Z)
    if _same(got, s * (1.0 + s)) or _same(got, s):
        return not_yet(
            "the slope is σ(z)·(1 − σ(z)): its largest value, at z = 0, is 0.25."
        )
    if _same(got, 1.0 - s * s):
        return not_yet(
            "1 − σ² would be the pattern of tanh; the sigmoid's is σ·(1 − σ)."
        )
    if not _same(got, s * (1.0 - s)):
        return not_yet(
            "`sigmoid_grad(z)` should equal σ(z)·(1 − σ(z))."
        )
    peak = float(np.asarray(fn(np.array([0.0])))[0])
    return works(
        f"the slope peaks at {peak:g} at z = 0 and falls towards 0 on both sides."
    )


# --------------------------------------------------------------- task 4
@never_raises
def softmax(fn) -> Verdict:
    """Task 4: ``softmax(z)`` of each row, stable for large scores."""
    try:
        got = np.asarray(fn(Z.copy()), dtype=float)
    except ValueError as error:
        if "broadcast" not in str(error):
            raise
        return not_yet(
            f"the division fails ({error}). A row's sum has one number per row; sum with "
            "`keepdims=True` so the division lines up row by row."
        )
    shifted = Z - Z.max(axis=1, keepdims=True)
    want = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    if got.shape != Z.shape:
        return not_yet(
            f"softmax keeps the shape {Z.shape}; yours is {got.shape}. Sum with "
            "`keepdims=True` so the division lines up row by row."
        )
    if _same(got, np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True)):
        return not_yet(
            "the columns sum to 1, not the rows: each row is one example, so sum over "
            "`axis=1`."
        )
    if _same(got, Z / Z.sum(axis=1, keepdims=True)):
        return not_yet(
            "exponentiate first: softmax is e^z divided by the sum of e^z."
        )
    if not _same(got, want):
        return not_yet(
            "each row should be e^z / (sum of e^z over that row)."
        )
    large = np.array([[1000.0, 999.0, 0.0]])
    extreme = np.asarray(fn(large), dtype=float)
    if not np.all(np.isfinite(extreme)):
        return not_yet(
            "for the scores (1000, 999, 0) you get nan or inf: `np.exp(1000)` overflows. "
            "Subtract each row's maximum first (`z - z.max(axis=1, keepdims=True)`); "
            "the result does not change."
        )
    return works(
        f"each row sums to 1, and the scores (1000, 999, 0) give "
        f"({extreme[0, 0]:.3f}, {extreme[0, 1]:.3f}, {extreme[0, 2]:.3f})."
    )


# --------------------------------------------------------------- task 5
@never_raises
def collapse(fn) -> Verdict:
    """Task 5: ``collapse(W1, b1, W2, b2)`` returns the single layer ``(W, b)``."""
    rng = np.random.default_rng(5)
    W1, b1 = rng.standard_normal((3, 2)), rng.standard_normal(2)
    W2, b2 = rng.standard_normal((2, 2)), rng.standard_normal(2)
    try:
        result = fn(W1, b1, W2, b2)
    except ValueError as error:
        if "matmul" not in str(error) and "align" not in str(error):
            raise
        return not_yet(
            "the matrix product fails: the first layer's outputs feed the second, so "
            "the weights combine as `W1 @ W2`, in that order."
        )
    if not isinstance(result, tuple | list) or len(result) != 2:
        return not_yet("return two arrays, `W` and `b`, as a tuple.")
    W, b = (np.asarray(a, dtype=float) for a in result)
    if W.shape != (3, 2) or b.shape != (2,):
        return not_yet(
            f"one layer from 3 inputs to 2 outputs has W of shape (3, 2) and b of shape "
            f"(2,); yours are {W.shape} and {b.shape}."
        )
    if not _same(W, W1 @ W2):
        return not_yet(
            "the weights of two layers in a row combine as `W1 @ W2`."
        )
    if _same(b, b1 + b2):
        return not_yet(
            "b1 also passes through the second layer: the bias is `b1 @ W2 + b2`, "
            "not `b1 + b2`."
        )
    if not _same(b, b1 @ W2 + b2):
        return not_yet(
            "the bias of the single layer is `b1 @ W2 + b2`."
        )
    X = rng.standard_normal((5, 3))
    gap = float(np.max(np.abs((X @ W1 + b1) @ W2 + b2 - (X @ W + b))))
    return works(
        f"one layer gives the same outputs as the two (largest difference {gap:.0e}): "
        "without an activation, depth adds nothing."
    )
