"""Checks for the exercise "What is deep learning?".

Each function takes one function the learner wrote in
``what-is-deep-learning.py``, calls it on test inputs, and returns a
:class:`Verdict`: "Works: ..." or "Not yet: ..." with the reason in plain
words. A check never raises.
"""

from __future__ import annotations

import functools
import html
import re
import warnings
from collections.abc import Callable
from itertools import pairwise

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


BINARY_INPUTS = np.array(
    [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
)
XOR = np.array([0, 1, 1, 0])


def _fires(sums, theta) -> np.ndarray:
    return (np.asarray(sums) >= theta).astype(int)


def _perceptron(
    X,
    y,
    epochs,
    lr,
    *,
    sign=1,
    bias=True,
    strict=False,
    batch=False,
    late=False,
):
    """The perceptron rule, and the mistakes a learner may make with it."""

    def predict(x, w, b):
        s = x @ w + b
        return (s > 0 if strict else s >= 0).astype(int)

    w, b = np.zeros(X.shape[1]), 0.0
    errors = []
    for _ in range(epochs):
        if batch:
            step = sign * (y - predict(X, w, b))
            errors.append(int(np.sum(step != 0)))
            w, b = (
                w + lr * step @ X,
                b + (lr * step.sum() if bias else 0.0),
            )
            continue
        wrong = 0
        for x_i, y_i in zip(X, y, strict=True):
            y_hat = int(predict(x_i, w, b))
            w = w + lr * sign * (y_i - y_hat) * x_i
            b = b + (lr * sign * (y_i - y_hat) if bias else 0.0)
            wrong += int(y_hat != y_i)
        errors.append(
            int(np.sum(predict(X, w, b) != y)) if late else wrong
        )
    return w, b, errors


def _quarters(n: int, seed: int):
    """Points in a square; class 1 where x1 and x2 have the same sign."""
    rng = np.random.default_rng(seed)
    points = rng.uniform(-1, 1, (2 * n, 2))
    points = points[np.abs(points).min(axis=1) > 0.1][:n]
    labels = (np.sign(points[:, 0]) == np.sign(points[:, 1])).astype(
        int
    )
    return points, labels


def best_cut_accuracy(values, labels) -> float:
    """The best accuracy of a unit that reads one number and cuts it once.

    The unit predicts one class where ``value >= cut`` and the other below, for
    the best cut and the better of the two ways round. Equal values are never
    split, since one cut cannot split them.
    """
    order = np.argsort(values, kind="stable")
    values, labels = (
        np.asarray(values)[order],
        np.asarray(labels)[order],
    )
    cuts = np.concatenate(
        [[0], np.flatnonzero(np.diff(values) > 0) + 1, [len(labels)]]
    )
    zeros_below = np.concatenate([[0], np.cumsum(labels == 0)])[cuts]
    ones_above = (
        labels.sum() - np.concatenate([[0], np.cumsum(labels)])[cuts]
    )
    accuracy = (zeros_below + ones_above) / len(labels)
    return float(max(accuracy.max(), (1 - accuracy).max()))


# --------------------------------------------------------------- task 1
@never_raises
def threshold_unit(fn) -> Verdict:
    """Task 1: ``threshold_unit(X, w, theta)`` fires where ``X @ w >= theta``."""
    rng = np.random.default_rng(3)
    X = rng.integers(-2, 3, (40, 3)).astype(float)
    w, theta = np.array([0.5, -1.0, 2.0]), 1.0
    sums = X @ w
    want = _fires(sums, theta)
    got = np.asarray(fn(X.copy(), w.copy(), theta))
    if got.shape == X.shape:
        return not_yet(
            "there should be one output per row of `X`: add up the weighted inputs "
            "with `X @ w` before comparing with θ."
        )
    if got.shape != want.shape:
        return not_yet(
            f"for 40 inputs the unit gives 40 outputs, shape (40,); yours has shape {got.shape}."
        )
    if not np.isin(got, (0, 1)).all():
        return not_yet(
            "the unit outputs only 0 or 1: compare the weighted sum with θ instead of "
            "returning the sum."
        )
    got = got.astype(int)
    if np.array_equal(got, (sums > theta).astype(int)):
        return not_yet(
            "an input whose weighted sum is exactly θ should make the unit fire: "
            "use `>=`, not `>`."
        )
    if np.array_equal(got, 1 - want):
        return not_yet(
            "the outputs are reversed: the unit outputs 1 where the sum reaches θ."
        )
    if not np.array_equal(got, want):
        return not_yet(
            f"{int(np.sum(got != want))} of the 40 outputs are wrong: the unit outputs 1 "
            "where `X @ w >= theta`, else 0."
        )
    exact = int(np.sum(sums == theta))
    return works(
        f"{int(want.sum())} of 40 inputs make the unit fire, including the {exact} "
        "whose weighted sum is exactly θ."
    )


# --------------------------------------------------------------- task 2
@never_raises
def xor_weights(fn) -> Verdict:
    """Task 2: ``xor_weights()`` makes the fixed two-layer network compute XOR."""
    result = fn()
    if not isinstance(result, tuple | list) or len(result) != 4:
        return not_yet(
            "return four things, `(W1, theta1, w2, theta2)`."
        )
    W1, theta1, w2, theta2 = (
        np.asarray(a, dtype=float) for a in result
    )
    if W1.shape != (2, 2) or theta1.shape != (2,):
        return not_yet(
            "the hidden layer has two units: `W1` has shape (2, 2) and `theta1` shape (2,); "
            f"yours have shapes {W1.shape} and {theta1.shape}."
        )
    if w2.shape != (2,) or theta2.shape != ():
        return not_yet(
            "the output unit reads the two hidden units: `w2` has shape (2,) and `theta2` "
            f"is one number; yours have shapes {w2.shape} and {theta2.shape}."
        )
    hidden = _fires(BINARY_INPUTS @ W1, theta1)
    got = _fires(hidden @ w2, theta2)
    if np.array_equal(got, XOR):
        units = ", ".join(
            f"hidden unit {k} fires for {[tuple(map(int, x)) for x in BINARY_INPUTS[hidden[:, k] == 1]]}"
            for k in range(2)
        )
        return works(
            f"your network computes XOR: {units}, and the output combines them."
        )
    if np.array_equal(got, [0, 1, 1, 1]):
        return not_yet(
            "your network computes OR: it also fires for (1, 1). Give it a hidden unit that "
            "is silent for (1, 1), and let the output fire only when both hidden units fire."
        )
    if np.array_equal(got, [0, 0, 0, 1]):
        return not_yet(
            "your network computes AND: it fires only for (1, 1), where XOR is 0."
        )
    wrong = [
        f"for ({int(a)}, {int(b)}) it outputs {o}, XOR gives {t}"
        for (a, b), o, t in zip(BINARY_INPUTS, got, XOR, strict=True)
        if o != t
    ]
    return not_yet(
        "; ".join(wrong)
        + ". Decide what each hidden unit should compute first, then "
        "choose its weights and threshold."
    )


# --------------------------------------------------------------- task 3
@never_raises
def perceptron(fn) -> Verdict:
    """Task 3: ``perceptron(X, y, epochs, lr)`` follows Rosenblatt's rule."""
    rng = np.random.default_rng(1)
    X = rng.standard_normal((30, 2)) + np.array([1.0, 0.5])
    y = (X @ np.array([1.0, -2.0]) + 0.2 > 0).astype(int)
    epochs, lr = 10, 0.5
    result = fn(X.copy(), y.copy(), epochs, lr)
    if not isinstance(result, tuple | list) or len(result) != 3:
        return not_yet("return three things, `(w, b, errors)`.")
    w, b, errors = (
        np.asarray(result[0], dtype=float),
        float(result[1]),
        list(result[2]),
    )
    if len(errors) != epochs:
        return not_yet(
            f"`errors` holds one count per epoch: {epochs} for {epochs} epochs; yours has "
            f"{len(errors)}."
        )

    def same(variant) -> bool:
        w_, b_, e_ = variant
        return (
            np.allclose(w, w_)
            and np.isclose(b, b_)
            and list(map(int, errors)) == e_
        )

    want = _perceptron(X, y, epochs, lr)
    if same(want):
        return works(
            f"on 30 points that a line can separate, the mistakes per epoch go {want[2]}: "
            "the rule has found a separating line."
        )
    if same(_perceptron(X, y, epochs, lr, sign=-1)):
        return not_yet(
            "each update moves the line away from the example it got wrong: add "
            "η (y − ŷ) x, with the label first."
        )
    if same(_perceptron(X, y, epochs, lr, bias=False)):
        return not_yet(
            "the bias never changes: update `b` as well, by η (y − ŷ)."
        )
    if same(_perceptron(X, y, epochs, lr, strict=True)):
        return not_yet(
            "the unit should fire when x · w + b is exactly 0, as it is at the start: "
            "use `>= 0`, not `> 0`."
        )
    if same(_perceptron(X, y, epochs, lr, batch=True)):
        return not_yet(
            "the weights change once per epoch; the perceptron updates them after each "
            "example, so the next example already sees the new weights."
        )
    if same(_perceptron(X, y, epochs, lr, late=True)):
        return not_yet(
            "the weights are right, but count the mistakes during the pass, as each "
            "example is seen, not with the weights at the end of the epoch."
        )
    if np.allclose(w, want[0]) and np.isclose(b, want[1]):
        return not_yet(
            f"the weights are right, but the mistakes per epoch should be {want[2]}; "
            f"yours are {errors}."
        )
    return not_yet(
        "the weights differ from the rule's: start from w = 0 and b = 0, go through the "
        "examples in order, and update after each one."
    )


# --------------------------------------------------------------- task 4
@never_raises
def count_parameters(fn) -> Verdict:
    """Task 4: ``count_parameters(layer_sizes)`` gives (weights, biases)."""
    cases = [[4, 6, 6, 6, 3], [784, 100, 10], [3, 1], [2, 16, 16, 2]]
    for sizes in cases:
        result = fn(list(sizes))
        if not isinstance(result, tuple | list) or len(result) != 2:
            return not_yet("return two numbers, `(weights, biases)`.")
        weights, biases = (int(v) for v in result)
        pairs = list(pairwise(sizes))
        want_weights = sum(a * b for a, b in pairs)
        want_biases = sum(sizes[1:])
        if weights == want_weights + want_biases:
            return not_yet(
                f"for {sizes} you count {weights} weights: that includes the biases. "
                "Count them separately."
            )
        if weights == sum(a + b for a, b in pairs):
            return not_yet(
                "every input is joined to every neuron of the next layer, so a layer has "
                "n_in · n_out weights, not n_in + n_out."
            )
        if weights != want_weights:
            return not_yet(
                f"{sizes} has {want_weights} weights; you count {weights}. Add up "
                "n_in · n_out over each pair of neighbouring layers."
            )
        if biases == sum(sizes):
            return not_yet(
                "the input layer has no biases: it only holds the data. Each neuron of "
                "the other layers has one."
            )
        if biases != want_biases:
            return not_yet(
                f"{sizes} has {want_biases} biases, one per neuron after the input layer; "
                f"you count {biases}."
            )
    small, large = (fn(list(sizes)) for sizes in cases[:2])
    return works(
        f"{cases[0]} has {small[0]} weights and {small[1]} biases; {cases[1]} has "
        f"{large[0]:,} weights and {large[1]} biases."
    )


# --------------------------------------------------------------- task 5
@never_raises
def feature(fn) -> Verdict:
    """Task 5: ``feature(points)``: one cut of it separates the four quarters."""
    points, labels = _quarters(300, seed=1)
    values = np.asarray(fn(points.copy()), dtype=float)
    if values.ndim == 2 and values.shape[1] == 1:
        values = values[:, 0]
    if values.shape != (len(points),):
        return not_yet(
            f"return one number per point, shape ({len(points)},); yours has shape "
            f"{values.shape}."
        )
    if not np.all(np.isfinite(values)):
        return not_yet(
            "your feature gives infinite or undefined values for some points."
        )
    if np.ptp(values) == 0:
        return not_yet(
            "your feature has the same value for every point, so no cut can tell the "
            "classes apart."
        )
    accuracy = best_cut_accuracy(values, labels)
    if accuracy >= 0.95:
        line = max(
            best_cut_accuracy(
                points @ np.array([np.cos(a), np.sin(a)]), labels
            )
            for a in np.linspace(0, np.pi, 181)
        )
        return works(
            f"one cut of your feature puts {accuracy:.0%} of 300 new points in the right "
            f"class; the best straight line through the raw coordinates gets {line:.0%}."
        )
    design = np.column_stack([points, np.ones(len(points))])
    fitted = design @ np.linalg.lstsq(design, values, rcond=None)[0]
    if np.allclose(values, fitted):
        return not_yet(
            "your feature is a weighted sum of x1 and x2, so cutting it is still one "
            f"straight line, right for only {accuracy:.0%} of the points. Combine them in "
            "a way that is not a sum."
        )
    return not_yet(
        f"the best single cut of your feature gets only {accuracy:.0%} of the points right. "
        "Look at the signs of x1 and x2 in each class."
    )
