"""Checks for the exercise "Gradient descent".

Each function takes what the learner wrote in ``gradient-descent.py`` (a
function or a number), tries it on test inputs, and returns a
:class:`Verdict`: "Works: ..." or "Not yet: ..." with the reason in plain
words. A check never raises.
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


# The notebook's data, drawn the same way: 40 points around y = 2x + 1.
_rng = np.random.default_rng(0)
X = _rng.uniform(0, 2, size=40)
Y = 2 * X + 1 + 0.3 * _rng.standard_normal(40)
START = np.array([0.0, 4.0])
STEPS = 50
CLOSE = 0.05  # how near the best line task 4's run must end


def _same(a, b) -> bool:
    a = np.asarray(a, dtype=float)
    return a.shape == np.shape(b) and bool(
        np.allclose(a, b, rtol=1e-9, atol=1e-12)
    )


def _gradient(theta, x, y):
    residual = theta[0] * x + theta[1] - y
    return np.array([2 * np.mean(residual * x), 2 * np.mean(residual)])


def _descend(theta, lr, steps, x, y):
    path = [theta]
    for _ in range(steps):
        theta = theta - lr * _gradient(theta, x, y)
        path.append(theta)
    return np.array(path)


def _best(x, y):
    return np.linalg.lstsq(
        np.column_stack([x, np.ones_like(x)]), y, rcond=None
    )[0]


def _hessian(x):
    n = len(x)
    return (
        2 / n * np.array([[np.sum(x * x), np.sum(x)], [np.sum(x), n]])
    )


def _loss(theta, x, y):
    return float(np.mean((theta[0] * x + theta[1] - y) ** 2))


# --------------------------------------------------------------- task 1
@never_raises
def gradient(fn) -> Verdict:
    """Task 1: ``gradient(theta, x, y)`` returns ``(dL/dw, dL/db)``."""
    rng = np.random.default_rng(1)
    x, y = rng.uniform(-1, 2, size=7), rng.standard_normal(7)
    theta = np.array([0.7, -0.4])
    got = np.asarray(fn(theta.copy(), x.copy(), y.copy()), dtype=float)
    want = _gradient(theta, x, y)
    if got.shape != (2,):
        return not_yet(
            f"return one number per parameter, `np.array([dL_dw, dL_db])`, shape (2,); "
            f"yours has shape {got.shape}."
        )
    if _same(got, -want):
        return not_yet(
            "the sign is flipped: the residual is prediction minus target, "
            "`w * x + b - y`."
        )
    if _same(got, want / 2):
        return not_yet(
            "each derivative is missing the factor 2 from the square."
        )
    if _same(got, want * len(x)):
        return not_yet(
            "that is a sum over the examples; the loss is a mean, so divide by N "
            "(use `np.mean`)."
        )
    if _same(got, want[::-1]):
        return not_yet(
            "the two derivatives are swapped: dL/dw comes first."
        )
    if not _same(got, want):
        return not_yet(
            "the derivatives should be 2·mean(residual · x) and 2·mean(residual)."
        )
    # The same numbers as central differences of the loss itself.
    eps = 1e-6
    numeric = [
        (_loss(theta + eps * e, x, y) - _loss(theta - eps * e, x, y))
        / (2 * eps)
        for e in np.eye(2)
    ]
    gap = float(np.max(np.abs(got - numeric)))
    return works(
        f"both derivatives match central differences of the loss (largest "
        f"difference {gap:.0e})."
    )


# --------------------------------------------------------------- task 2
@never_raises
def step(fn) -> Verdict:
    """Task 2: ``step(theta, grad, lr) = theta - lr * grad``, a new array."""
    theta, grad = np.array([1.0, -2.0]), np.array([0.5, 3.0])
    kept = theta.copy()
    got = np.asarray(fn(theta, grad.copy(), 0.1), dtype=float)
    if not np.array_equal(theta, kept):
        return not_yet(
            "`theta` was changed in place (`-=`). Return a new array, "
            "`theta - lr * grad`, so the start of the path stays as it was."
        )
    if _same(got, kept + 0.1 * grad):
        return not_yet(
            "that steps uphill: the gradient points where the loss grows, so subtract it."
        )
    if _same(got, kept - grad):
        return not_yet(
            "the step ignores the learning rate: multiply the gradient by `lr`."
        )
    if not _same(got, kept - 0.1 * grad):
        return not_yet("the new parameters are `theta - lr * grad`.")
    return works(
        "the step goes against the gradient, scaled by the learning rate."
    )


# --------------------------------------------------------------- task 3
@never_raises
def descend(fn) -> Verdict:
    """Task 3: ``descend(theta, lr, steps, x, y)`` returns every point visited."""
    got = np.asarray(fn(START.copy(), 0.1, 5, X, Y), dtype=float)
    want = _descend(START, 0.1, 5, X, Y)
    if got.ndim == 1:
        return not_yet(
            "return every point visited, an array of shape (steps + 1, 2), not only "
            "the last one."
        )
    if got.shape == (5, 2) and (
        _same(got, want[1:]) or _same(got, want[:-1])
    ):
        return not_yet(
            "the path has 5 points for 5 steps: include the start and the point after "
            "every step, steps + 1 points in all."
        )
    if got.shape != want.shape:
        return not_yet(
            f"for 5 steps the path has shape {want.shape}; yours is {got.shape}."
        )
    if np.allclose(got[2:], want[1]):
        return not_yet(
            "every step starts again from the same point: after each step, carry on "
            "from the new `theta`."
        )
    if not _same(got, want):
        return not_yet(
            "the points differ from plain gradient descent: each is the previous one "
            "minus `lr` times the gradient there."
        )
    loss_start, loss_end = _loss(got[0], X, Y), _loss(got[-1], X, Y)
    return works(
        f"5 steps with rate 0.1 take the loss from {loss_start:.2f} to {loss_end:.2f}."
    )


# --------------------------------------------------------------- task 4
@never_raises
def learning_rate(lr) -> Verdict:
    """Task 4: a rate that ends within CLOSE of the best line after 50 steps."""
    if lr is None:
        return not_yet("`lr` is still `None`: set it to a number.")
    lr = float(lr)
    if not lr > 0:
        return not_yet(
            f"a rate of {lr:g} does not move downhill: the learning rate is positive."
        )
    path = _descend(START, lr, STEPS, X, Y)
    best = _best(X, Y)
    distance = float(np.linalg.norm(path[-1] - best))
    if not np.isfinite(distance) or _loss(path[-1], X, Y) > _loss(
        START, X, Y
    ):
        return not_yet(
            f"with lr = {lr:g} the loss grows: each step overshoots the valley further "
            "than the last. Try a smaller rate."
        )
    if distance > CLOSE:
        return not_yet(
            f"with lr = {lr:g} the run is stable but too slow: after {STEPS} steps it "
            f"is still {distance:.3f} from the best line (it must be within {CLOSE}). "
            "Try a larger rate."
        )
    return works(
        f"with lr = {lr:g}, {STEPS} steps end {distance:.4f} from the best line "
        f"(w = {best[0]:.3f}, b = {best[1]:.3f})."
    )


# --------------------------------------------------------------- task 5
@never_raises
def largest_stable_rate(fn) -> Verdict:
    """Task 5: ``largest_stable_rate(x) = 2 / λ_max`` of the Hessian."""
    got = float(fn(X.copy()))
    small, large = np.linalg.eigvalsh(_hessian(X))
    want = 2 / large
    if np.isclose(got, 2 / small):
        return not_yet(
            "that uses the smallest curvature; the steepest direction (the largest "
            "eigenvalue, the last one `eigvalsh` returns) limits the rate."
        )
    if np.isclose(got, 1 / large):
        return not_yet(
            "the limit is where η·λ reaches 2, so the rate is 2 / λ_max, not 1 / λ_max."
        )
    if np.isclose(got, 2 * want) or np.isclose(got, want / 2):
        return not_yet(
            "the Hessian has the factor 2 / N in front (from the square in the loss)."
        )
    if not np.isclose(got, want):
        return not_yet(
            "the rate should be 2 divided by the largest eigenvalue of H."
        )
    below = _descend(START, 0.95 * want, 400, X, Y)[-1]
    above = _descend(START, 1.05 * want, 400, X, Y)[-1]
    gap_below = float(np.linalg.norm(below - _best(X, Y)))
    gap_above = float(np.linalg.norm(above - _best(X, Y)))
    return works(
        f"the limit is {got:.4f}. 400 steps at 5% below it end {gap_below:.1e} from "
        f"the best line; at 5% above it, {gap_above:.1e}."
    )
