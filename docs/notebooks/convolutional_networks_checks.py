"""Checks for the exercise "Convolutional networks".

Each function takes one function the learner wrote in
``convolutional-networks.py``, calls it on test inputs, and returns a
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
from numpy.lib.stride_tricks import sliding_window_view


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


def _size(h, k, p=0, s=1):
    return (h + 2 * p - k) // s + 1


def _xcorr(x, w, p=0, s=1):
    x = np.pad(x, p)
    windows = sliding_window_view(x, w.shape)[::s, ::s]
    return np.einsum("ijuv,uv->ij", windows, w)


def _field(layers):
    r, j = 1, 1
    for k, s in layers:
        r, j = r + (k - 1) * j, j * s
    return r


# --------------------------------------------------------------- task 1
SIZE_CASES = [  # (h, k, p, s)
    (28, 3, 0, 1),
    (28, 3, 1, 1),
    (32, 5, 2, 2),
    (7, 3, 0, 2),
    (10, 4, 1, 3),
]


@never_raises
def output_size(fn) -> Verdict:
    """Task 1: ``output_size(h, k, p, s) = floor((h + 2p - k) / s) + 1``."""
    for h, k, p, s in SIZE_CASES:
        got = fn(h, k, p, s)
        want = _size(h, k, p, s)
        if not isinstance(got, int | np.integer):
            return not_yet(
                f"a size is a whole number, but `output_size({h}, {k}, {p}, {s})` "
                f"returned {got!r}: use `//`, which rounds down."
            )
        if got == want:
            continue
        case = f"`output_size({h}, {k}, {p}, {s})` should be {want}, yours is {got}"
        if got == _size(h, k, p / 2, s):
            return not_yet(
                f"{case}: the padding goes on both sides, so add `2 * p`."
            )
        if got == want - 1:
            return not_yet(
                f"{case}: the first position counts too, so add 1."
            )
        if got == -(-(h + 2 * p - k) // s) + 1:
            return not_yet(
                f"{case}: a window that does not fit is dropped, so round down."
            )
        return not_yet(f"{case}.")
    return works(
        "a 32 × 32 image through a 5 × 5 window with padding 2 and stride 2 gives "
        f"{fn(32, 5, 2, 2)} × {fn(32, 5, 2, 2)}; 3 × 3 with padding 1 keeps 28 × 28."
    )


# --------------------------------------------------------------- task 2
@never_raises
def conv_parameters(fn) -> Verdict:
    """Task 2: ``conv_parameters(c_in, c_out, k) = c_out (c_in k² + 1)``."""
    got = fn(16, 32, 3)
    want = 32 * (16 * 9 + 1)
    case = (
        f"`conv_parameters(16, 32, 3)` should be {want}, yours is {got}"
    )
    if got == 32 * 16 * 9:
        return not_yet(f"{case}: each filter also has one bias.")
    if got == 32 * (9 + 1):
        return not_yet(
            f"{case}: a filter has a 3 × 3 window for every input channel."
        )
    if got == 32 * 16 * (9 + 1):
        return not_yet(
            f"{case}: one bias per filter, not one per input channel."
        )
    if got != want or fn(3, 8, 5) != 8 * (3 * 25 + 1):
        return not_yet(f"{case}.")
    dense = (28 * 28 * 16) * (28 * 28 * 32) + 28 * 28 * 32
    return works(
        f"{got:,} parameters, whatever the image size; a dense layer between the same "
        f"maps on a 28 × 28 image would need {dense:,}."
    )


# --------------------------------------------------------------- task 3
FIELD_CASES = [
    [(3, 1)],
    [(3, 1), (3, 1), (3, 1)],
    [(3, 1), (2, 2), (3, 1)],
    [(5, 1), (2, 2), (5, 1), (2, 2), (3, 1)],
]


@never_raises
def receptive_field(fn) -> Verdict:
    """Task 3: ``receptive_field([(k, s), ...])`` by the recurrence."""
    for layers in FIELD_CASES:
        got = fn(list(layers))
        want = _field(layers)
        if got == want:
            continue
        case = f"for the layers {layers} the field is {want}, yours is {got}"
        if got == sum(k for k, _ in layers):
            return not_yet(
                f"{case}: each layer adds k − 1, not k (its window overlaps the one "
                "below by all but one unit)."
            )
        if got == 1 + sum(k - 1 for k, _ in layers):
            return not_yet(
                f"{case}: a stride spreads the layers above it out, so multiply the "
                "distance j by each stride."
            )
        return not_yet(f"{case}.")
    return works(
        f"three 3 × 3 layers see {fn([(3, 1)] * 3)} × {fn([(3, 1)] * 3)} pixels; "
        f"with a 2 × 2 pooling in the middle, {fn([(3, 1), (2, 2), (3, 1)])} × "
        f"{fn([(3, 1), (2, 2), (3, 1)])}."
    )


# --------------------------------------------------------------- task 4
@never_raises
def cross_correlate(fn) -> Verdict:
    """Task 4: ``cross_correlate(x, w)``, one channel, no padding, stride 1."""
    rng = np.random.default_rng(4)
    x = rng.standard_normal((7, 9))
    w = rng.standard_normal((3, 3))
    got = np.asarray(fn(x.copy(), w.copy()), dtype=float)
    want = _xcorr(x, w)
    if got.shape != want.shape:
        return not_yet(
            f"a 3 × 3 kernel fits in a 7 × 9 image at {want.shape[0]} × {want.shape[1]} "
            f"positions; your output is {got.shape[0]} × {got.shape[1]}."
            if got.ndim == 2
            else f"return a 2-D map of shape {want.shape}; yours has shape {got.shape}."
        )
    if np.allclose(got, _xcorr(x, w[::-1, ::-1])):
        return not_yet(
            "that is the convolution of signal processing, with the kernel flipped: "
            "the layer multiplies `w[u, v]` with `x[i + u, j + v]`, unflipped."
        )
    if np.allclose(got, _xcorr(x, w.T)):
        return not_yet(
            "the kernel is transposed: `w[u, v]` goes with row u, column v."
        )
    if not np.allclose(got, want):
        return not_yet(
            "the values differ: each output is the sum of the window "
            "`x[i:i+k, j:j+k]` times `w`, element by element."
        )
    return works(
        f"a 3 × 3 kernel on a 7 × 9 image gives a {got.shape[0]} × {got.shape[1]} map, "
        "with the right value at every position."
    )


# --------------------------------------------------------------- task 5
@never_raises
def conv2d(fn) -> Verdict:
    """Task 5: ``conv2d(x, w, p, s)`` with zero padding and stride."""
    rng = np.random.default_rng(5)
    x = rng.standard_normal((8, 7))
    w = rng.standard_normal((3, 3))
    for p, s in [(0, 1), (1, 1), (1, 2), (2, 3)]:
        got = np.asarray(fn(x.copy(), w.copy(), p, s), dtype=float)
        want = _xcorr(x, w, p, s)
        case = f"with p = {p}, s = {s}"
        if got.shape != want.shape:
            if got.shape == _xcorr(x, w, 0, s).shape:
                return not_yet(
                    f"{case} the map should be {want.shape}, yours is {got.shape}: "
                    "pad the image first, `x = np.pad(x, p)`."
                )
            if got.shape == _xcorr(x, w, p, 1).shape:
                return not_yet(
                    f"{case} the map should be {want.shape}, yours is {got.shape}: "
                    "the stride keeps only every s-th window."
                )
            return not_yet(
                f"{case} the map should be {want.shape}, yours is {got.shape}."
            )
        if np.allclose(got, want):
            continue
        if np.allclose(
            got, _xcorr(x, w, p, 1)[: want.shape[0], : want.shape[1]]
        ):
            return not_yet(
                f"{case} the shape is right but the windows are not: output (i, j) "
                "starts at row s·i, column s·j."
            )
        return not_yet(
            f"{case} the values differ: pad with zeros, then take the window at "
            "row s·i, column s·j."
        )
    return works(
        "padding 1 keeps an 8 × 7 image at 8 × 7, stride 2 brings it down to "
        f"{_size(8, 3, 1, 2)} × {_size(7, 3, 1, 2)}, and every "
        "value is right."
    )
