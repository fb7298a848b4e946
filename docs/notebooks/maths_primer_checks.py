"""Checks for the exercise "Maths primer".

Each function takes what the learner wrote in ``maths-primer.py``, calls it
on test inputs, and returns a :class:`Verdict`: "Works: ..." or
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


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _forward(f, x, h):
    return (f(x + h) - f(x)) / h


def _central(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


STEPS = np.logspace(-1, -13, 13)  # h = 0.1, 0.01, ..., 1e-13


def _best(estimate, f, exact, x):
    errors = [abs(estimate(f, x, h) - exact) for h in STEPS]
    return float(STEPS[int(np.argmin(errors))]), float(min(errors))


def _g(p):
    """A test function of three inputs, with its exact gradient below."""
    a, b, c = p
    return a**2 * b + np.sin(c) + np.exp(a * c)


def _grad_g(p):
    a, b, c = p
    return np.array(
        [
            2 * a * b + c * np.exp(a * c),
            a**2,
            np.cos(c) + a * np.exp(a * c),
        ]
    )


def _bowl(p):
    return p[0] ** 2 + 3 * p[1] ** 2


def _log_softmax(Z):
    m = Z.max(axis=1, keepdims=True)
    return Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True))


# --------------------------------------------------------------- task 1
@never_raises
def matmul(fn) -> Verdict:
    """Task 1: ``matmul(X, W)`` from the sum over the shared index."""
    rng = np.random.default_rng(3)
    X, W = rng.normal(size=(4, 3)), rng.normal(size=(3, 2))
    try:
        got = np.asarray(fn(X.copy(), W.copy()), dtype=float)
    except ValueError as error:
        if "broadcast" in str(error):
            return not_yet(
                "NumPy could not broadcast X and W together: `*` multiplies entry by "
                "entry (⊙), but entry `[i, j]` of the product sums `X[i, k] * W[k, j]` "
                "over the shared index k."
            )
        return not_yet(
            f"your function raised `ValueError` ({error}) for (4, 3) times (3, 2), "
            "whose inner sizes agree: compare `X.shape[1]` with `W.shape[0]`."
        )
    if got.shape != (4, 2):
        if got.shape == (2, 4):
            return not_yet(
                "the result has shape (2, 4), the transpose: entry `[i, j]` belongs "
                "in row i (from X) and column j (from W), shape (N, m) = (4, 2)."
            )
        return not_yet(
            f"(4, 3) times (3, 2) has shape (4, 2), the outer sizes; yours has "
            f"shape {got.shape}."
        )
    if not np.allclose(got, X @ W):
        return not_yet(
            "the entries differ from `X @ W`: entry `[i, j]` is the sum over k of "
            "`X[i, k] * W[k, j]`, row i of X against column j of W."
        )
    for shapes in [((1, 5), (5, 1)), ((3, 1), (1, 4))]:
        A, B = (rng.normal(size=s) for s in shapes)
        want = A @ B
        try:
            out = np.asarray(fn(A, B), dtype=float)
        except IndexError:
            out = None
        if (
            out is None
            or out.shape != want.shape
            or not np.allclose(out, want)
        ):
            return not_yet(
                f"{shapes[0]} times {shapes[1]} should give a result of shape "
                f"{want.shape}, equal to `A @ B`: take the sizes from `X.shape` and "
                "`W.shape`, not fixed sizes."
            )
    bad = rng.normal(size=(4, 2))
    try:
        out = fn(X, bad)
    except ValueError:
        return works(
            "(4, 3) times (3, 2) gives the same (4, 2) result as `X @ W`, and "
            "(4, 3) times (4, 2) is refused with a `ValueError`."
        )
    except Exception as error:
        return not_yet(
            f"for (4, 3) times (4, 2) your function failed with "
            f"{type(error).__name__}; check the inner sizes first and raise a "
            "`ValueError` that says which sizes differ."
        )
    return not_yet(
        f"(4, 3) times (4, 2) has inner sizes 3 and 4, yet your function returned "
        f"a result of shape {np.shape(out)}: a silent wrong answer. Compare "
        "`X.shape[1]` with `W.shape[0]` and raise a `ValueError` when they differ."
    )


# --------------------------------------------------------------- task 2
@never_raises
def differences(forward, central) -> Verdict:
    """Task 2: the forward and the central difference."""

    def f(x):
        return x**3

    x, h = 2.0, 0.01
    fwd, cen = float(forward(f, x, h)), float(central(f, x, h))
    want_fwd, want_cen = _forward(f, x, h), _central(f, x, h)
    if not np.isclose(fwd, want_fwd, rtol=1e-9):
        if np.isclose(fwd, -want_fwd, rtol=1e-9):
            return not_yet(
                "the forward difference has the wrong sign: it is "
                "(f(x + h) − f(x)) / h, the later value minus the earlier."
            )
        if np.isclose(fwd, want_cen, rtol=1e-9):
            return not_yet(
                "`forward_difference` gives the central difference; it should use "
                "only f(x) and f(x + h)."
            )
        return not_yet(
            f"for f(x) = x³ at x = 2 with h = 0.01, (f(x + h) − f(x)) / h is "
            f"{want_fwd:.4f}; your `forward_difference` gives {fwd:.4f}."
        )
    if not np.isclose(cen, want_cen, rtol=1e-9):
        if np.isclose(cen, (f(x + h) - f(x - h)) / 2 * h, rtol=1e-9):
            return not_yet(
                "`/ 2 * h` divides by 2 and then multiplies by h, because Python "
                "works from left to right: write `/ (2 * h)`."
            )
        if np.isclose(cen, 2 * want_cen, rtol=1e-9):
            return not_yet(
                "the central difference is twice too large: f(x − h) and f(x + h) "
                "are 2h apart, so divide by `2 * h`."
            )
        return not_yet(
            f"for f(x) = x³ at x = 2 with h = 0.01, (f(x + h) − f(x − h)) / 2h is "
            f"{want_cen:.6f}; your `central_difference` gives {cen:.6f}."
        )
    return works(
        f"for x³ at x = 2 with h = 0.01 the forward difference is off by "
        f"{abs(fwd - 12):.4f}, the central one by only {abs(cen - 12):.4f}."
    )


# --------------------------------------------------------------- task 3
@never_raises
def best_step(fn) -> Verdict:
    """Task 3: ``best_step(estimate, f, exact, x)``: the h with least error."""
    exact = np.cos(1.0)
    results = {}
    for name, estimate in [
        ("forward", _forward),
        ("central", _central),
    ]:
        got = fn(estimate, np.sin, exact, 1.0)
        want, error = _best(estimate, np.sin, exact, 1.0)
        got = float(got)
        if not np.any(np.isclose(got, STEPS, rtol=1e-9)):
            return not_yet(
                f"return the step h itself, one of `steps`; yours returned {got:.3g}."
            )
        if np.isclose(got, 1e-13) and not np.isclose(want, 1e-13):
            return not_yet(
                "you returned the smallest step, but below a certain size rounding "
                "makes the estimate worse: measure the error of every step."
            )
        if not np.isclose(got, want, rtol=1e-9):
            return not_yet(
                f"for the {name} difference of sin at x = 1, the step with the "
                f"smallest error is {want:.0e}; yours returned {got:.0e}. The "
                "error is the distance `abs(estimate - exact)`, never negative."
            )
        results[name] = (want, error)
    (hf, ef), (hc, ec) = results["forward"], results["central"]
    return works(
        f"for sin at x = 1 the forward difference is best at h = {hf:.0e} (error "
        f"{ef:.0e}), the central one at h = {hc:.0e} (error {ec:.0e}): a larger "
        "step, and a far smaller error."
    )


# --------------------------------------------------------------- task 4
@never_raises
def chain_rule(fn) -> Verdict:
    """Task 4: dL/dw of L = (sigmoid(w x + b) - y)**2."""
    cases = [
        (0.8, 2.0, -1.0, 1.0),
        (-1.5, 0.5, 0.3, 0.0),
        (2.0, -3.0, 1.0, 0.2),
    ]

    def variant(w, x, b, y, two=2, inner=True, slope="z"):
        z = w * x + b
        a = _sigmoid(z)
        at = {"z": z, "w": w}
        s = (
            1.0
            if slope is None
            else _sigmoid(at[slope]) * (1 - _sigmoid(at[slope]))
        )
        return two * (a - y) * s * (x if inner else 1.0)

    got = np.array([float(fn(*c)) for c in cases])

    def same(**kw):
        return np.allclose(
            got, [variant(*c, **kw) for c in cases], rtol=1e-7
        )

    def loss(w, x, b, y):
        return (_sigmoid(w * x + b) - y) ** 2

    numeric = [
        _central(lambda w, c=c: loss(w, *c[1:]), c[0], 1e-6)
        for c in cases
    ]
    if np.allclose(got, numeric, rtol=1e-6, atol=1e-9):
        return works(
            "the chain rule's three factors, 2(a − y), σ(z)(1 − σ(z)) and x, agree "
            "with a central difference of L at three points."
        )
    if same(inner=False):
        return not_yet(
            "the last link is missing: z = wx + b, so dz/dw = x. Multiply by x."
        )
    if same(two=1):
        return not_yet(
            "the first link is missing its 2: the derivative of (a − y)² with "
            "respect to a is 2(a − y)."
        )
    if same(slope=None):
        return not_yet(
            "the middle link is missing: da/dz = σ(z)(1 − σ(z)), the slope of the "
            "sigmoid."
        )
    if same(slope="w"):
        return not_yet(
            "the sigmoid's slope belongs at z = wx + b, the value that went into "
            "it, not at w."
        )
    return not_yet(
        "the result differs from a central difference of L. Multiply the three "
        "links: dL/da = 2(a − y), da/dz = σ(z)(1 − σ(z)), dz/dw = x."
    )


# --------------------------------------------------------------- task 5
@never_raises
def numerical_gradient(fn) -> Verdict:
    """Task 5: the gradient by a central difference in each coordinate."""
    p = np.array([0.5, -1.0, 0.3])
    before = p.copy()
    got = np.asarray(fn(_g, p), dtype=float)
    if not np.array_equal(p, before):
        return not_yet(
            "your function changed the point it was given: shift a copy "
            "(`p.copy()`), or put each entry back after measuring."
        )
    exact = _grad_g(before)
    if got.shape != exact.shape:
        return not_yet(
            f"return one partial derivative per input, shape {exact.shape}; yours "
            f"has shape {got.shape}."
        )
    if np.allclose(got, got.flat[0]) and not np.allclose(
        exact, exact[0]
    ):
        return not_yet(
            "every entry is the same: each partial derivative moves one "
            "coordinate only, `e = np.zeros_like(p); e[i] = h`."
        )
    error = np.max(np.abs(got - exact))
    if error > 1e-7:
        if error < 1e-3:
            return not_yet(
                f"close, but off by {error:.0e}: that is the error of a forward "
                "difference. Use the central one, (g(p + e) − g(p − e)) / 2h."
            )
        return not_yet(
            f"each entry i should be (g(p + e) − g(p − e)) / 2h, with e = h in "
            f"coordinate i only; yours is off by up to {error:.2g}."
        )
    return works(
        f"three partial derivatives of a curved function, within {error:.0e} of "
        "the exact gradient."
    )


# --------------------------------------------------------------- task 6
@never_raises
def steepest_step(fn) -> Verdict:
    """Task 6: a step of a given length straight downhill."""
    p = np.array([1.0, 0.5])
    distance = 0.1
    got = np.asarray(fn(_bowl, p.copy(), distance), dtype=float)
    if got.shape != p.shape:
        return not_yet(
            f"return the new point, shape {p.shape}; yours is {got.shape}."
        )
    length = float(np.linalg.norm(got - p))
    if not np.isclose(length, distance, rtol=1e-4):
        return not_yet(
            f"the step should be {distance} long; yours is {length:.4g} long. "
            "Divide the gradient by its length, `np.linalg.norm(grad)`, to get a "
            "unit vector, then multiply by `distance`."
        )
    gradient = np.array([2 * p[0], 6 * p[1]])
    want = p - distance * gradient / np.linalg.norm(gradient)
    if _bowl(got) > _bowl(p):
        return not_yet(
            "the step went uphill: the gradient points uphill, so step against it, along "
            "minus the gradient."
        )
    if not np.allclose(got, want, atol=1e-6):
        return not_yet(
            f"the step should point along −∇g / ‖∇g‖; from (1, 0.5) it should "
            f"reach {want.round(4)}, yours reaches {got.round(4)}."
        )
    along_a = _bowl(p - np.array([distance, 0.0]))
    return works(
        f"the step takes g from {_bowl(p):.3f} down to {_bowl(got):.3f}; the same "
        f"length along the a axis only reaches {along_a:.3f}."
    )


# --------------------------------------------------------------- task 7
@never_raises
def log_softmax(fn) -> Verdict:
    """Task 7: log-probabilities from scores, row by row, without overflow."""
    Z = np.array(
        [
            [1.0, 2.0, 3.0],
            [1000.0, 1001.0, 1002.0],
            [-1000.0, -999.0, -998.0],
        ]
    )
    got = np.asarray(fn(Z.copy()), dtype=float)
    want = _log_softmax(Z)
    if got.shape != Z.shape:
        return not_yet(
            f"return one log-probability per score, shape {Z.shape}; yours has "
            f"shape {got.shape}."
        )
    for row, name in [
        (1, "[1000, 1001, 1002]"),
        (2, "[−1000, −999, −998]"),
    ]:
        if not np.all(np.isfinite(got[row])):
            if row == 1:
                return not_yet(
                    f"the row {name} gave {got[row]}: e^1000 overflows. Subtract "
                    "each row's maximum m first: log p = (z − m) − log Σ e^(z − m)."
                )
            return not_yet(
                f"the row {name} gave {got[row]}: its exponentials underflowed to "
                "0. Subtract each row's own maximum "
                "(`Z.max(axis=1, keepdims=True)`), not the largest score of the "
                "whole array."
            )
    if np.all((got > 0) & (got < 1)) and np.allclose(got, np.exp(want)):
        return not_yet(
            "those are the probabilities; return their logarithms."
        )
    if not np.allclose(got, want, atol=1e-9):
        sums = np.exp(got).sum(axis=1)
        return not_yet(
            f"the exponentials of each row should add up to 1, as probabilities "
            f"do; yours add up to {sums.round(3)}. Subtract from each score the "
            "log of its own row's sum of exponentials (`axis=1`)."
        )
    return works(
        "the same log-probabilities for scores near 0, 1000 and −1000: "
        f"{want[0].round(4)}, with no overflow or underflow."
    )
