"""Checks for the exercise "Generalization".

Each function takes one function the learner wrote in
``generalization.py``, calls it on test inputs, and returns a
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


def _fit(x, y, degree):
    from numpy.polynomial import legendre

    coef, *_ = np.linalg.lstsq(
        legendre.legvander(2 * x - 1, degree), y, rcond=None
    )
    return coef


def _predict(coef, x):
    from numpy.polynomial import legendre

    return legendre.legval(2 * x - 1, coef)


def _errors(x_train, y_train, x_val, y_val, degrees):
    fits = [_fit(x_train, y_train, d) for d in degrees]
    return (
        np.array(
            [
                np.mean((_predict(c, x_train) - y_train) ** 2)
                for c in fits
            ]
        ),
        np.array(
            [np.mean((_predict(c, x_val) - y_val) ** 2) for c in fits]
        ),
    )


# --------------------------------------------------------------- task 1
@never_raises
def errors_by_degree(fn) -> Verdict:
    """Task 1: ``errors_by_degree(x_train, y_train, x_val, y_val, degrees)``."""
    rng = np.random.default_rng(4)
    x_train, x_val = rng.uniform(0, 1, 15), rng.uniform(0, 1, 15)
    y_train = np.sin(2 * np.pi * x_train) + 0.3 * rng.standard_normal(
        15
    )
    y_val = np.sin(2 * np.pi * x_val) + 0.3 * rng.standard_normal(15)
    degrees = [0, 1, 3, 6, 9]
    result = fn(
        x_train.copy(),
        y_train.copy(),
        x_val.copy(),
        y_val.copy(),
        degrees,
    )
    if not isinstance(result, tuple | list) or len(result) != 2:
        return not_yet(
            "return two lists, `(train_errors, val_errors)`."
        )
    got_train, got_val = (
        np.asarray(r, dtype=float).ravel() for r in result
    )
    want_train, want_val = _errors(
        x_train, y_train, x_val, y_val, degrees
    )
    if (
        got_train.shape != want_train.shape
        or got_val.shape != want_val.shape
    ):
        return not_yet(
            f"return one training and one validation error per degree, {len(degrees)} of "
            f"each; yours has {got_train.size} and {got_val.size}."
        )
    if np.allclose(got_train, want_val) and np.allclose(
        got_val, want_train
    ):
        return not_yet(
            "the two lists are swapped: training errors first."
        )
    for name, got, want in (
        ("training", got_train, want_train),
        ("validation", got_val, want_val),
    ):
        if np.allclose(got, want):
            continue
        if np.allclose(got, np.sqrt(want)):
            return not_yet(
                f"those {name} errors are square roots (RMSE); the chapter uses the mean "
                "squared error, without the root."
            )
        if np.allclose(got, 15 * want):
            return not_yet(
                f"the {name} errors are sums of squares; divide by the number of points "
                "(`np.mean`)."
            )
        if name == "validation":
            refit = [
                np.mean(
                    (_predict(_fit(x_val, y_val, d), x_val) - y_val)
                    ** 2
                )
                for d in degrees
            ]
            if np.allclose(got, refit):
                return not_yet(
                    "the validation errors come from polynomials fitted to the validation "
                    "set; fit on the training set only, then measure on the validation set."
                )
        return not_yet(
            f"the {name} errors differ: fit `fit_polynomial(x_train, y_train, d)` for each "
            "degree, then take `np.mean((predict(coef, x) - y) ** 2)`."
        )
    best = degrees[int(np.argmin(got_val))]
    return works(
        f"the training error falls from {got_train[0]:.3f} to {got_train[-1]:.4f} as the "
        f"degree rises; the validation error is lowest at degree {best}."
    )


# --------------------------------------------------------------- task 2
@never_raises
def bias_and_variance(fn) -> Verdict:
    """Task 2: ``bias_and_variance(predictions, truth_values)``."""
    rng = np.random.default_rng(8)
    truth_values = np.array([0.0, 1.0, -1.0, 0.5])
    predictions = (
        truth_values
        + np.array([0.3, -0.2, 0.1, 0.4])
        + rng.normal(0, 0.5, (50, 4))
    )
    result = fn(predictions.copy(), truth_values.copy())
    if not isinstance(result, tuple | list) or len(result) != 2:
        return not_yet(
            "return two numbers, `(bias_squared, variance)`."
        )
    bias2, var = (float(np.asarray(v)) for v in result)
    average = predictions.mean(axis=0)
    want_bias2 = np.mean((average - truth_values) ** 2)
    want_var = np.mean(predictions.var(axis=0))
    if np.isclose(bias2, np.mean(average - truth_values) ** 2):
        return not_yet(
            "that squares the average error, so errors of opposite sign cancel; square "
            "the error at each point first, then average over the points."
        )
    if not np.isclose(bias2, want_bias2):
        return not_yet(
            "bias² is the squared distance between the average prediction (over the "
            "rows, `axis=0`) and the truth, averaged over the points."
        )
    if np.isclose(var, np.mean(predictions.var(axis=1))):
        return not_yet(
            "that is the spread along a row, over the grid's points; the variance is the "
            "spread of the predictions at one point over the training sets, `axis=0`."
        )
    if np.isclose(var, np.mean(predictions.std(axis=0))):
        return not_yet(
            "that is a standard deviation; the variance is its square (`.var`, not `.std`)."
        )
    if not np.isclose(var, want_var):
        return not_yet(
            "the variance is the mean over the points of `predictions.var(axis=0)`."
        )
    return works(
        f"bias² {bias2:.3f} and variance {var:.3f}, from 50 fits at 4 points."
    )


# --------------------------------------------------------------- task 3
def _early(losses, patience, ties=False, reset=True):
    best, best_epoch, wait = np.inf, None, 0
    for epoch, loss in enumerate(losses):
        if loss < best or (ties and loss == best):
            best, best_epoch = loss, epoch
            wait = 0 if reset else wait
        else:
            wait += 1
            if wait >= patience:
                return best_epoch, epoch
    return best_epoch, None


def _as_pair(result):
    best, stop = result
    return int(best), (None if stop is None else int(stop))


@never_raises
def early_stopping(fn) -> Verdict:
    """Task 3: ``early_stopping(val_losses, patience)``."""
    dip = [
        1.0,
        0.8,
        0.7,
        0.75,
        0.72,
        0.71,
        0.74,
        0.6,
        0.65,
        0.66,
        0.67,
        0.68,
        0.69,
    ]
    cases = [
        (dip, 3),  # stops before the late dip
        (dip, 5),  # patient enough to see it
        (
            [1.0, 0.9, 0.9, 0.9, 0.9, 0.8],
            3,
        ),  # equal losses are no improvement
        ([0.9, 0.8, 0.7, 0.6], 2),  # never stops
    ]
    for losses, patience in cases:
        result = fn(list(losses), patience)
        if not isinstance(result, tuple | list) or len(result) != 2:
            return not_yet(
                "return two values, `(best_epoch, stop_epoch)`."
            )
        got, want = _as_pair(result), _early(losses, patience)
        if got == want:
            continue
        shown = f"for the losses {losses} with patience {patience}"
        if want[1] is None:
            return not_yet(
                f"{shown} the loss improves every epoch, so training runs to the end: "
                f"return `None` as the stop epoch; yours is {got[1]}."
            )
        if got == _early(losses, patience, ties=True):
            return not_yet(
                f"{shown} training stops after epoch {want[1]}: a loss equal to the best "
                "so far is not an improvement (use `<`, not `<=`)."
            )
        if got[0] == int(np.argmin(losses)) != want[0]:
            return not_yet(
                f"{shown} training stops after epoch {want[1]}, so the best epoch is the "
                f"best *before* that, {want[0]}: early stopping cannot see later epochs."
            )
        if got == _early(losses, patience + 1):
            return not_yet(
                f"{shown} training should stop after epoch {want[1]}, the "
                f"{patience}th epoch in a row without improvement; yours waits one more."
            )
        if got == _early(losses, patience, reset=False):
            return not_yet(
                f"{shown} training stops too early, after epoch {got[1]} instead of "
                f"{want[1]}: an improvement starts the count of epochs without one "
                "again from zero."
            )
        return not_yet(
            f"{shown} the answer is best epoch {want[0]}, stop after epoch {want[1]}; "
            f"yours is {got}."
        )
    return works(
        "best and stopping epochs are right, including a dip that comes too late for "
        "a patience of 3, equal losses, and a run that never stops."
    )


# --------------------------------------------------------------- task 4
@never_raises
def decayed_step(fn) -> Verdict:
    """Task 4: ``decayed_step(w, grad, lr, weight_decay)``, as dlnotes' SGD."""
    from dlnotes.optim import SGD

    w = np.array([[1.0, -2.0], [0.5, 3.0]])
    g = np.array([[0.2, 0.1], [-0.4, 0.3]])
    lr, wd = 0.1, 0.05
    original = w.copy()
    got = np.asarray(fn(w, g.copy(), lr, wd), dtype=float)
    if not np.array_equal(w, original):
        return not_yet(
            "your function changed the array passed in; return a new array "
            "(`w - ...`, not `w -= ...`)."
        )
    want = original.copy()
    SGD(lr=lr, weight_decay=wd).step([(want, g.copy())])
    if got.shape != want.shape:
        return not_yet(
            f"return weights of the shape of `w`, {w.shape}; yours is {got.shape}."
        )
    if np.allclose(got, w - lr * (g - wd * w)):
        return not_yet(
            "that pushes the weights away from zero: the penalty's gradient, "
            "`weight_decay * w`, is added to the gradient, `g + weight_decay * w`."
        )
    if np.allclose(got, w - lr * g - wd * w):
        return not_yet(
            "the decay term is part of the gradient, so the learning rate multiplies "
            "it too: `w - lr * (g + weight_decay * w)`."
        )
    if np.allclose(got, w - lr * (g + 2 * wd * w)):
        return not_yet(
            "that is the gradient of λ‖w‖²; the penalty is (λ/2)‖w‖², whose gradient "
            "is `weight_decay * w`."
        )
    if np.allclose(got, w - lr * g):
        return not_yet(
            "the weight decay is missing: add `weight_decay * w` to the gradient."
        )
    if not np.allclose(got, want):
        return not_yet(
            "one step is `w - lr * (grad + weight_decay * w)`."
        )
    return works(
        "one step matches `dlnotes.optim.SGD(lr=0.1, weight_decay=0.05)`."
    )


# --------------------------------------------------------------- task 5
@never_raises
def dropout(fn) -> Verdict:
    """Task 5: ``dropout(x, p, rng, train)``, as ``dlnotes.layers.Dropout``."""
    from dlnotes.layers import Dropout

    x = np.arange(1.0, 2001.0).reshape(40, 50) / 100
    p = 0.3
    got = np.asarray(
        fn(x.copy(), p, np.random.default_rng(7), True), dtype=float
    )
    want = Dropout(p, seed=7).forward(x.copy(), train=True)
    if got.shape != x.shape:
        return not_yet(
            f"the output has the input's shape, {x.shape}; yours is {got.shape}."
        )
    kept = np.mean(got != 0)
    if abs(kept - p) < 0.05:
        return not_yet(
            f"your dropout keeps {kept:.0%} of the elements with `p = 0.3`; it should "
            "drop them with probability p and keep the rest: keep where "
            "`rng.random(x.shape) >= p`."
        )
    if np.allclose(got, x):
        return not_yet(
            "in training (`train=True`) some elements must be set to zero."
        )
    survivors = got != 0
    if np.allclose(got[survivors], x[survivors]):
        return not_yet(
            "the survivors are not scaled: divide them by `1 - p`, so that the expected "
            "output equals the input."
        )
    if np.allclose(got[survivors], x[survivors] * (1 - p)):
        return not_yet(
            "the survivors are multiplied by `1 - p`; inverted dropout divides them by it."
        )
    if not np.allclose(got, want):
        return not_yet(
            "the result differs from `dlnotes.layers.Dropout` with the same generator: "
            "draw `rng.random(x.shape)` once, keep where it is `>= p`, divide by `1 - p`."
        )
    evaluated = np.asarray(
        fn(x.copy(), p, np.random.default_rng(7), False), dtype=float
    )
    if not np.array_equal(evaluated, x):
        return not_yet(
            "in evaluation (`train=False`) dropout does nothing: return `x` unchanged, "
            "neither dropped nor scaled."
        )
    return works(
        f"it keeps {kept:.0%} of the elements, scaled by 1/(1 − p), exactly as "
        "`dlnotes.layers.Dropout` does, and passes `x` through unchanged in evaluation."
    )


# --------------------------------------------------------------- task 6
def _shift(images, dy, dx):
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1)))
    return padded[:, 1 - dy : 9 - dy, 1 - dx : 9 - dx]


@never_raises
def shift(fn) -> Verdict:
    """Task 6: ``shift(images, dy, dx)`` with zeros shifted in."""
    images = np.arange(1.0, 129.0).reshape(2, 8, 8)
    for dy, dx in ((1, 0), (0, 1), (-1, 0), (0, -1), (1, -1), (0, 0)):
        got = np.asarray(fn(images.copy(), dy, dx), dtype=float)
        want = _shift(images, dy, dx)
        if got.shape != images.shape:
            return not_yet(
                f"the shifted images keep the shape {images.shape}; yours have {got.shape}."
            )
        if np.array_equal(got, want):
            continue
        moves = f"`shift(images, {dy}, {dx})`"
        if np.array_equal(got, np.roll(images, (dy, dx), axis=(1, 2))):
            return not_yet(
                f"{moves} wraps the row or column that moves out round to the other edge "
                "(as `np.roll` does); the edge that moves in should be zeros."
            )
        if np.array_equal(got, _shift(images, -dy, -dx)):
            return not_yet(
                f"{moves} moves the images the wrong way: a positive `dy` moves them down "
                "(the top row becomes zeros), a positive `dx` right."
            )
        if np.array_equal(got, _shift(images, dx, dy)):
            return not_yet(
                f"{moves} swaps the directions: `dy` moves the rows (axis 1), `dx` the "
                "columns (axis 2)."
            )
        return not_yet(
            f"{moves} gives the wrong pixels: pad each image with a border of zeros, "
            "then cut out the 8 × 8 window that starts `1 - dy` rows and `1 - dx` "
            "columns in."
        )
    return works(
        "each image moves by one pixel in the direction asked, zeros come in at one "
        "edge and the other edge is lost."
    )
