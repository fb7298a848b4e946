"""Checks for the exercise "Backpropagation by hand".

Each function takes one function the learner wrote in ``backpropagation.py``,
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


def _same(a, b) -> bool:
    a = np.asarray(a, dtype=float)
    return a.shape == np.shape(b) and bool(
        np.allclose(a, b, rtol=1e-7, atol=1e-10)
    )


def _shape_error(error: ValueError) -> bool:
    text = str(error)
    return "matmul" in text or "broadcast" in text or "align" in text


# --------------------------------------------------------------- task 1
@never_raises
def dense(fn) -> Verdict:
    """Task 1: ``dense_backward(X, W, dout)`` returns ``(dX, dW, db)``."""
    rng = np.random.default_rng(11)
    X, W = rng.standard_normal((5, 3)), rng.standard_normal((3, 4))
    dout = rng.standard_normal((5, 4))
    try:
        result = fn(X, W, dout)
    except ValueError as error:
        if not _shape_error(error):
            raise
        return not_yet(
            f"a matrix product fails ({error}). Follow the shapes: dX = dout @ W.T is "
            "(5, 4) @ (4, 3), and dW = X.T @ dout is (3, 5) @ (5, 4)."
        )
    if not isinstance(result, tuple | list) or len(result) != 3:
        return not_yet("return three arrays, `dX, dW, db`, as a tuple.")
    dX, dW, db = (np.asarray(a, dtype=float) for a in result)
    for name, got, shape in (
        ("dX", dX, X.shape),
        ("dW", dW, W.shape),
        ("db", db, (4,)),
    ):
        if got.shape != shape:
            hint = {
                "dX": "`dout @ W.T`",
                "dW": "`X.T @ dout`",
                "db": "`dout.sum(axis=0)`, one number per output",
            }[name]
            return not_yet(
                f"`{name}` should have shape {shape}, like what it is the gradient of, but "
                f"it has {got.shape}. Try {hint}."
            )
    if not _same(dX, dout @ W.T):
        return not_yet("`dX` should be `dout @ W.T`.")
    if not _same(dW, X.T @ dout):
        return not_yet(
            "`dW` should be `X.T @ dout`: each weight's input times its output's gradient."
        )
    if _same(db, dout.mean(axis=0)):
        return not_yet(
            "`db` is the mean; the bias is added to every example, so its gradients add "
            "up: `dout.sum(axis=0)`."
        )
    if not _same(db, dout.sum(axis=0)):
        return not_yet("`db` should be `dout.sum(axis=0)`.")
    return works("dX, dW and db have the right shapes and values.")


# --------------------------------------------------------------- task 2
@never_raises
def relu(fn) -> Verdict:
    """Task 2: ``relu_backward(z, dout) = dout * (z > 0)``."""
    z = np.array([[-2.0, -0.5, 0.5, 3.0], [1.0, -1.0, 2.0, -3.0]])
    dout = np.array([[0.3, -1.2, 0.7, -0.4], [2.0, 0.5, -1.5, 1.0]])
    got = np.asarray(fn(z.copy(), dout.copy()), dtype=float)
    if _same(got, dout * z):
        return not_yet(
            "multiply `dout` by the slope of ReLU (0 or 1), not by `z` itself."
        )
    if _same(got, (z > 0).astype(float)):
        return not_yet(
            "that is the slope alone: multiply it by `dout`, the gradient from above "
            "(the chain rule)."
        )
    if _same(got, dout * np.maximum(z, 0)):
        return not_yet(
            "`dout * relu(z)` scales by the output; the slope is `(z > 0)`."
        )
    if not _same(got, dout * (z > 0)):
        return not_yet(
            "the result should be `dout` where z > 0 and 0 elsewhere."
        )
    return works(
        "the gradient passes where z > 0 and stops where z < 0."
    )


# --------------------------------------------------------------- task 3
def _softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@never_raises
def cross_entropy(fn) -> Verdict:
    """Task 3: ``softmax_ce_backward(scores, labels) = (softmax(scores) - onehot) / N``."""
    rng = np.random.default_rng(4)
    scores = rng.standard_normal((6, 3))
    labels = np.array([0, 2, 1, 1, 0, 2])
    onehot = np.eye(3)[labels]
    got = np.asarray(fn(scores.copy(), labels.copy()), dtype=float)
    n = len(scores)
    want = (_softmax(scores) - onehot) / n
    if got.shape != scores.shape:
        return not_yet(
            f"the gradient has one number per score, shape {scores.shape}; yours is "
            f"{got.shape}."
        )
    if _same(got, want * n):
        return not_yet(
            f"your gradient is {n} times too large: the loss is a mean over the batch, "
            "so divide by N."
        )
    if _same(got, _softmax(scores) / n):
        return not_yet(
            "subtract 1 at each example's true class: `p[np.arange(N), labels] -= 1`."
        )
    if _same(got, (scores - onehot) / n):
        return not_yet(
            "use the probabilities, `softmax(scores)`, not the raw scores."
        )
    if not _same(got, want):
        return not_yet(
            "the gradient should be `(softmax(scores) - onehot) / N`."
        )
    return works(
        "each row is the probabilities minus the one-hot label, divided by N."
    )


# --------------------------------------------------------------- task 4
@never_raises
def numerical(fn) -> Verdict:
    """Task 4: ``numerical_gradient(f, x, eps)``, central differences, x left unchanged."""
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    original = x.copy()

    def f(a):
        return float(np.sum(a**3))

    got = np.asarray(fn(f, x, 1e-3), dtype=float)
    exact = 3 * original**2
    if not np.array_equal(x, original):
        return not_yet(
            "`x` was changed: after nudging an entry, put the old value back before "
            "moving on."
        )
    if got.shape != x.shape:
        return not_yet(
            f"the gradient should have the shape of x, {x.shape}; yours is {got.shape}."
        )
    if _same(got, 2 * exact) or np.allclose(got, 2 * exact, rtol=1e-5):
        return not_yet(
            "divide by 2·eps: the two nudges are 2·eps apart."
        )
    if np.allclose(got, exact, rtol=1e-5):
        return works(
            "your estimate of the gradient of sum(x³) matches 3x² to within "
            f"{float(np.max(np.abs(got - exact))):.0e}."
        )
    forward = np.array(
        [
            (f(original + 1e-3 * e) - f(original)) / 1e-3
            for e in np.eye(4).reshape(4, 2, 2)
        ]
    )
    if np.allclose(got, forward.reshape(x.shape), rtol=1e-9):
        return not_yet(
            "that is a one-sided difference, (f(x + eps) − f(x)) / eps; its error shrinks "
            "only like eps. Use (f(x + eps) − f(x − eps)) / (2·eps)."
        )
    return not_yet(
        "for f(x) = sum(x³) the gradient should be close to 3x²."
    )
