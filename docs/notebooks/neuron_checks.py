"""Checks for the exercise "The artificial neuron".

Each function takes what the learner wrote in ``neuron.py``, calls it on
test inputs, and returns a :class:`Verdict`: "Works: ..." or "Not yet: ..."
with the reason in plain words. A check never raises.
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


CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _most_right(X, y, values):
    best = 0
    for w1 in values:
        for w2 in values:
            for b in values:
                z = X @ np.array([w1, w2]) + b
                best = max(best, int(np.sum((z > 0) == (y == 1))))
    return best


def _gradients(X, y, w, b):
    a = _sigmoid(X @ w + b)
    return X.T @ (a - y) / len(y), float(np.mean(a - y))


def _loss(X, y, w, b):
    z = X @ w + b
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def _train(X, y, lr, epochs):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        dw, db = _gradients(X, y, w, b)
        w, b = w - lr * dw, b - lr * db
    return w, b


def _clouds(seed=4, n=20):
    rng = np.random.default_rng(seed)
    X = np.concatenate(
        [rng.normal(-1.0, 0.5, (n, 2)), rng.normal(1.0, 0.5, (n, 2))]
    )
    return X, np.repeat([0.0, 1.0], n)


# --------------------------------------------------------------- task 1
@never_raises
def neuron(fn) -> Verdict:
    """Task 1: ``neuron(X, w, b) = sigmoid(X @ w + b)``, one output per row."""
    rng = np.random.default_rng(1)
    X, w, b = rng.normal(size=(5, 3)), rng.normal(size=3), 0.7
    got = np.asarray(fn(X.copy(), w.copy(), b), dtype=float)
    z = X @ w + b
    want = _sigmoid(z)
    if got.shape != (5,):
        return not_yet(
            f"5 inputs should give 5 outputs, shape (5,); yours has shape "
            f"{got.shape}. `X @ w` takes one weighted sum per row."
        )
    if np.allclose(got, z):
        return not_yet(
            "those are the weighted sums z; pass them through the sigmoid."
        )
    if np.allclose(got, _sigmoid(X @ w)):
        return not_yet("the bias is missing: z = w · x + b.")
    if np.allclose(got, _sigmoid(X @ w) + b):
        return not_yet(
            "the bias is added after the sigmoid; it belongs inside, "
            "σ(w · x + b), so that the output stays between 0 and 1."
        )
    if not np.allclose(got, want):
        return not_yet(
            "the outputs differ from σ(w · x + b) for each row x of X."
        )
    diagram = float(
        np.ravel(
            fn(
                np.array([[1.0, 2.0, -1.0]]),
                np.array([0.5, -0.3, 0.8]),
                0.1,
            )
        )[0]
    )
    return works(
        f"five outputs at once; the neuron of the chapter's diagram gives "
        f"{diagram:.3f}, as on the page."
    )


# --------------------------------------------------------------- task 2
@never_raises
def boundary(fn) -> Verdict:
    """Task 2: ``boundary_x2(w, b, x1)``: the x2 on the line for each x1."""
    w, b = np.array([1.5, -2.0]), 0.5
    x1 = np.linspace(-2, 2, 5)
    got = np.asarray(fn(w.copy(), b, x1.copy()), dtype=float)
    want = -(w[0] * x1 + b) / w[1]
    if got.shape != x1.shape:
        return not_yet(
            f"return one x2 for each x1, shape {x1.shape}; yours has shape {got.shape}."
        )
    if np.allclose(got, -want):
        return not_yet(
            "the sign is flipped: moving w₁x₁ + b to the other side of "
            "w₁x₁ + w₂x₂ + b = 0 gives w₂x₂ = −(w₁x₁ + b)."
        )
    if np.allclose(got, -(w[0] * x1) / w[1]):
        return not_yet("the bias is missing: it shifts the line.")
    if np.allclose(got, -(w[1] * x1 + b) / w[0]):
        return not_yet(
            "the weights are swapped: w₁ multiplies x₁, and you divide by w₂, the "
            "weight of x₂."
        )
    if not np.allclose(got, want):
        z = w[0] * x1 + w[1] * got + b
        return not_yet(
            f"on the boundary z = w₁x₁ + w₂x₂ + b is 0; at your points it is "
            f"{z.round(3)}. Solve w₁x₁ + w₂x₂ + b = 0 for x₂."
        )
    outputs = _sigmoid(w[0] * x1 + w[1] * got + b)
    return works(
        "at every point of your line z = 0, and the neuron outputs 0.5 (to within "
        f"{np.max(np.abs(outputs - 0.5)):.0e}): exactly undecided."
    )


# --------------------------------------------------------------- task 3
def _gate(name, pair, truth):
    if pair is None:
        return not_yet(
            f"`{name}` is still `None`. Set it to `(w, b)`, for example "
            "`(np.array([1.0, 1.0]), -1.0)`, and adjust."
        )
    w, b = pair
    w = np.asarray(w, dtype=float).ravel()
    if w.shape != (2,):
        return not_yet(f"`{name}` needs two weights, one per input.")
    z = CORNERS @ w + float(b)
    out = _sigmoid(z)
    for corner, value, want in zip(
        CORNERS.astype(int), out, truth, strict=True
    ):
        if np.isclose(value, 0.5):
            return not_yet(
                f"{name}: corner {tuple(corner)} lies exactly on your line "
                "(z = 0, output 0.5), so the neuron cannot decide. Move the "
                "line with the bias."
            )
        if (value > 0.5) != bool(want):
            side = "above" if want else "below"
            return not_yet(
                f"{name}: at corner {tuple(corner)} the output should be {side} "
                f"0.5, but it is {value:.2f}: the line is in the wrong place."
            )
    worst = float(np.max(np.abs(out - truth)))
    if worst > 0.1:
        return not_yet(
            f"{name}: every corner is on the right side of the line, but an "
            f"output is {worst:.2f} away from its target. Multiply w and b by "
            "the same factor: the line stays where it is and the outputs move "
            "towards 0 and 1."
        )
    return None


@never_raises
def gates(and_gate, or_gate) -> Verdict:
    """Task 3: hand-set weights for AND and OR, confident at every corner."""
    for name, pair, truth in [
        ("AND", and_gate, np.array([0, 0, 0, 1])),
        ("OR", or_gate, np.array([0, 1, 1, 1])),
    ]:
        verdict = _gate(name, pair, truth)
        if verdict is not None:
            return verdict
    return works(
        "both gates are right at all four corners, each within 0.1 of 0 or 1."
    )


# --------------------------------------------------------------- task 4
@never_raises
def most_corners_right(fn) -> Verdict:
    """Task 4: the best number of corners any line of a grid gets right."""
    cases = [
        ("AND", np.array([0, 0, 0, 1]), np.array([-1.0, 0.0, 1.0])),
        ("XOR", np.array([0, 1, 1, 0]), np.linspace(-2, 2, 9)),
        ("NOR", np.array([1, 0, 0, 0]), np.linspace(-2, 2, 9)),
        ("XNOR", np.array([1, 0, 0, 1]), np.linspace(-2, 2, 9)),
    ]
    for name, y, values in cases:
        got = fn(CORNERS.copy(), y.copy(), values.copy())
        want = _most_right(CORNERS, y, values)
        if np.ndim(got) != 0:
            return not_yet(
                "return one number: the largest count over all the lines."
            )
        if isinstance(got, float | np.floating) and np.isclose(
            got, want / 4
        ):
            return not_yet(
                f"return the number of corners, 0 to 4; yours returned {got:.2f}, "
                "a share."
            )
        if got != want:
            if name == "AND" and got == 3:
                return not_yet(
                    "with weights and biases in [−1, 0, 1], the line x₁ + x₂ − 1 = 0 "
                    "gets all four AND corners right: (0, 1) and (1, 0) lie on it, "
                    "where the output is σ(0) = 0.5, not above 0.5, so they count "
                    "as class 0. Count class 1 where z > 0, not z ≥ 0."
                )
            return not_yet(
                f"for {name} with the grid {np.round(values, 2).tolist()} the best "
                f"line gets {want} corners right; yours says {got}. For every "
                "(w₁, w₂, b), count the corners whose side (z > 0 or not) matches "
                "their label, and keep the largest count."
            )
    return works(
        "AND and NOR: 4 of 4 for some line; XOR and its opposite: never more "
        "than 3."
    )


# --------------------------------------------------------------- task 5
@never_raises
def gradients(fn) -> Verdict:
    """Task 5: the gradient of the mean cross-entropy of one neuron."""
    rng = np.random.default_rng(2)
    X = rng.normal(size=(8, 2))
    y = (rng.random(8) < 0.5).astype(float)
    w, b = np.array([0.4, -0.7]), 0.2
    result = fn(X.copy(), y.copy(), w.copy(), b)
    if not isinstance(result, tuple | list) or len(result) != 2:
        return not_yet("return two things, `(dw, db)`.")
    dw = np.asarray(result[0], dtype=float)
    db = float(np.asarray(result[1]).ravel()[0])
    want_dw, want_db = _gradients(X, y, w, b)
    if dw.shape != w.shape:
        return not_yet(
            f"the `dw` you return has one entry per weight, shape {w.shape}; yours has shape "
            f"{dw.shape}. `X.T @ (a - y)` sums over the examples."
        )
    if np.allclose(dw, len(y) * want_dw) and np.isclose(
        db, len(y) * want_db
    ):
        return not_yet(
            "the gradient is 8 times too large for 8 examples: the loss is a "
            "mean, so divide by N."
        )
    if np.allclose(dw, -want_dw) and np.isclose(db, -want_db):
        return not_yet(
            "the sign is flipped: dL/dz = a − y, prediction minus label."
        )
    a = _sigmoid(X @ w + b)
    r = (a - y) * a * (1 - a)
    if np.allclose(dw, X.T @ r / len(y)):
        return not_yet(
            "there is an extra factor σ(z)(1 − σ(z)): with cross-entropy the "
            "sigmoid's slope cancels, and dL/dz is just (a − y) / N."
        )
    if not np.allclose(dw, want_dw) or not np.isclose(db, want_db):
        return not_yet(
            "the gradient of w should be X.T @ (a − y) / N and db the mean of a − y, with "
            "a = σ(Xw + b)."
        )
    h = 1e-6
    numeric = np.array(
        [
            (_loss(X, y, w + e, b) - _loss(X, y, w - e, b)) / (2 * h)
            for e in np.eye(2) * h
        ]
    )
    return works(
        f"the gradients are as expected, and dw is within {np.max(np.abs(numeric - dw)):.0e} of a "
        "central difference of the loss."
    )


# --------------------------------------------------------------- task 6
@never_raises
def train(fn) -> Verdict:
    """Task 6: gradient descent from w = 0, b = 0."""
    X, y = _clouds()
    result = fn(X.copy(), y.copy(), 0.5, 30)
    if not isinstance(result, tuple | list) or len(result) != 2:
        return not_yet("return two things, `(w, b)`.")
    w = np.asarray(result[0], dtype=float).ravel()
    b = float(np.asarray(result[1]).ravel()[0])
    want_w, want_b = _train(X, y, 0.5, 30)
    start = _loss(X, y, np.zeros(2), 0.0)
    if _loss(X, y, w, b) > start:
        return not_yet(
            "the loss went up: step against the gradient, "
            "w ← w − η · dw and b ← b − η · db."
        )
    one_w, one_b = _train(X, y, 0.5, 1)
    if np.allclose(w, one_w) and np.isclose(b, one_b):
        return not_yet(
            "that is the neuron after one epoch: is the `return` inside the "
            "loop?"
        )
    if b == 0.0 and want_b != 0.0:
        return not_yet("the bias never changed: update b as well as w.")
    if not np.allclose(w, want_w, rtol=1e-6) or not np.isclose(
        b, want_b, rtol=1e-6
    ):
        return not_yet(
            "starting from w = 0, b = 0, each epoch should take one step "
            "w ← w − η · dw, b ← b − η · db with the `gradients` of Task 5."
        )
    accuracy = float(np.mean((X @ w + b > 0) == (y == 1)))
    return works(
        f"30 epochs on two clouds take the loss from {start:.3f} to "
        f"{_loss(X, y, w, b):.3f}, with {accuracy:.0%} of the points right."
    )
