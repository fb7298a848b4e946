"""Checks for the exercise "Loss functions".

Each function takes one function the learner wrote in ``losses.py``, calls it
on test inputs, and returns a :class:`Verdict`: "Works: ..." or "Not yet: ..."
with the reason in plain words. A check never raises. The expected values come
from ``dlnotes.losses`` where it has the loss.
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


def _pair(result, what: str):
    """``(value, grad)`` as (float, float array), or a Verdict saying what is wrong."""
    if not isinstance(result, tuple | list) or len(result) != 2:
        return (
            None,
            None,
            not_yet(f"return a pair, `(value, grad)`: {what}."),
        )
    value, grad = result
    if np.ndim(value) != 0:
        return (
            None,
            None,
            not_yet(
                "the value should be one number, the mean over the batch; yours has shape "
                f"{np.shape(value)}."
            ),
        )
    return float(value), np.asarray(grad, dtype=float), None


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


# --------------------------------------------------------------- task 1
@never_raises
def mse(fn) -> Verdict:
    """Task 1: ``mse(pred, target)`` is ``dlnotes.losses.MSE``."""
    from dlnotes.losses import MSE

    rng = np.random.default_rng(1)
    pred = rng.standard_normal((6, 2))
    target = rng.standard_normal((6, 2))
    want_value, want_grad = MSE()(pred, target)
    value, grad, problem = _pair(
        fn(pred.copy(), target.copy()), "the loss and its gradient"
    )
    if problem:
        return problem
    diff = pred - target
    if np.isclose(value, np.sum(diff**2)):
        return not_yet(
            "that value is the sum of the squares; the loss is their mean."
        )
    if np.isclose(value, np.mean(np.sum(diff**2, axis=1))):
        return not_yet(
            "the mean runs over every entry, all 6 × 2 of them, not only over the 6 rows."
        )
    if not np.isclose(value, want_value):
        return not_yet(
            f"for these 6 × 2 predictions the loss is {want_value:.4f}; yours is {value:.4f}."
        )
    if grad.shape != pred.shape:
        return not_yet(
            f"the gradient has the predictions' shape {pred.shape}; yours {grad.shape}."
        )
    if np.allclose(grad, -want_grad):
        return not_yet(
            "the gradient points the wrong way: it is 2 (pred − target) / n."
        )
    if np.allclose(grad, 2 * diff):
        return not_yet(
            "the gradient is missing the 1/n of the mean: divide by the number of entries, "
            "`diff.size`."
        )
    if np.allclose(grad, 2 * diff / len(pred)):
        return not_yet(
            "the gradient divides by the 6 rows; the mean is over all 12 entries, so "
            "divide by `diff.size`."
        )
    if np.allclose(grad, want_grad / 2):
        return not_yet(
            "the derivative of a square brings down a 2: 2 (pred − target) / n."
        )
    if not np.allclose(grad, want_grad):
        return not_yet("the gradient should be 2 (pred − target) / n.")
    return works(
        f"the loss {value:.4f} and its gradient agree with `dlnotes.losses.MSE` on a "
        "batch of 6 examples with 2 outputs each."
    )


# --------------------------------------------------------------- task 2
@never_raises
def bce_with_logits(fn) -> Verdict:
    """Task 2: mean BCE from scores and its gradient, stable for any score."""
    from dlnotes.losses import BinaryCrossEntropy

    bce = BinaryCrossEntropy(from_logits=True)
    z = np.array([-3.0, -0.5, 0.0, 0.5, 2.0, 4.0])
    y = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0])
    want_value, want_grad = bce(z, y)
    value, grad, problem = _pair(
        fn(z.copy(), y.copy()), "the loss and its gradient"
    )
    if problem:
        return problem
    if np.isclose(value, want_value * len(z)):
        return not_yet(
            "that value is the sum over the batch; the loss is the mean."
        )
    if np.isclose(value, -want_value):
        return not_yet(
            "the loss has the wrong sign: ln(1 + e^z) − y z is never negative."
        )
    if not np.isclose(value, want_value):
        return not_yet(
            f"for these 6 scores the mean loss is {want_value:.4f}; yours is {value:.4f}. "
            "Each example costs ln(1 + e^z) − y z."
        )
    if grad.shape != z.shape:
        return not_yet(
            f"the gradient has the shape of `z`, {z.shape}; yours {grad.shape}."
        )
    if np.allclose(grad, -want_grad):
        return not_yet(
            "the gradient points the wrong way: it is (σ(z) − y) / N."
        )
    if np.allclose(grad, want_grad * len(z)):
        return not_yet(
            "the gradient is missing the 1/N of the mean: divide by `len(z)`."
        )
    p = _sigmoid(z)
    if np.allclose(grad, (p - y) / (p * (1 - p)) / len(z)):
        return not_yet(
            "that is the slope with respect to p; the loss takes the score z, and with "
            "respect to z the slope is (σ(z) − y) / N."
        )
    if not np.allclose(grad, want_grad):
        return not_yet(
            "the gradient with respect to z should be (σ(z) − y) / N."
        )
    extreme = np.array([-800.0, -40.0, 40.0, 800.0])
    labels = np.array([1.0, 0.0, 1.0, 0.0])
    far_value, far_grad = bce(extreme, labels)
    value, grad, problem = _pair(fn(extreme.copy(), labels.copy()), "")
    if problem:
        return problem
    if not np.isfinite(value) or not np.all(np.isfinite(grad)):
        return not_yet(
            "for the scores −800 and 800 the loss is not a finite number: σ(−800) rounds "
            "to 0 and ln 0 is −∞. Compute ln(1 + e^z) as `np.logaddexp(0, z)`, never "
            "forming p."
        )
    if not np.isclose(value, far_value, rtol=1e-9):
        return not_yet(
            f"for the scores −800, −40, 40, 800 (two confidently wrong) the mean loss is "
            f"{far_value:.1f}; yours is {value:.4g}. Clipping p hides the overflow but "
            "caps the loss; `np.logaddexp(0, z) - y * z` is exact."
        )
    if not np.allclose(grad, far_grad):
        return not_yet(
            "for very large scores the gradient should still be (σ(z) − y) / N."
        )
    return works(
        f"mean loss {want_value:.4f} and its gradient match `dlnotes`; a confidently "
        f"wrong score of −800 with label 1 costs exactly {np.logaddexp(0, -800.0) + 800:.0f}, "
        "with no overflow."
    )


# --------------------------------------------------------------- task 3
@never_raises
def softmax_cross_entropy(fn) -> Verdict:
    """Task 3: mean softmax cross-entropy and ``(softmax - onehot) / N``."""
    from dlnotes.losses import CrossEntropy

    ce = CrossEntropy()
    z = np.random.default_rng(3).standard_normal((4, 3)) * 2
    labels = np.array([0, 2, 1, 2])
    want_value, want_grad = ce(z, labels)
    value, grad, problem = _pair(
        fn(z.copy(), labels.copy()), "the loss and its gradient"
    )
    if problem:
        return problem
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    if np.isclose(value, want_value * len(z)):
        return not_yet(
            "that value is the sum over the batch; the loss is the mean."
        )
    if np.isclose(value, np.mean(-np.log(p.max(axis=1)))):
        return not_yet(
            "that loss uses the largest probability of each row; use the probability "
            "of the true class, `labels`."
        )
    if not np.isclose(value, want_value):
        return not_yet(
            f"for these 4 examples the mean loss is {want_value:.4f}; yours is {value:.4f}. "
            "Each example costs −ln p of its true class."
        )
    if grad.shape != z.shape:
        return not_yet(
            f"the gradient has the shape of the scores, {z.shape}; yours {grad.shape}."
        )
    if np.allclose(grad, p / len(z)):
        return not_yet(
            "that gradient is softmax / N: subtract the one-hot label, 1 at each row's "
            "true class."
        )
    if np.allclose(grad, -want_grad):
        return not_yet(
            "the gradient points the wrong way: it is (softmax − one-hot) / N."
        )
    if np.allclose(grad, want_grad * len(z)):
        return not_yet(
            "the gradient is missing the 1/N of the mean: divide by N."
        )
    if not np.allclose(grad, want_grad):
        return not_yet(
            "the gradient should be (softmax(z) − one-hot(labels)) / N."
        )
    extreme = np.array(
        [[1000.0, 0.0, -1000.0], [-1000.0, -1001.0, -999.0]]
    )
    far_labels = np.array([1, 2])
    far_value, far_grad = ce(extreme, far_labels)
    value, grad, problem = _pair(
        fn(extreme.copy(), far_labels.copy()), ""
    )
    if problem:
        return problem
    if not np.isfinite(value) or not np.all(np.isfinite(grad)):
        rowwise = (
            "each row's own maximum, `z.max(axis=1, keepdims=True)`"
        )
        return not_yet(
            "for scores of ±1000 the loss or gradient is not a finite number: "
            f"`np.exp(1000)` overflows. Subtract {rowwise}, before `np.exp`; a single "
            "maximum over the whole batch leaves a row of −1000s whose exponentials "
            "all round to 0."
        )
    if not (
        np.isclose(value, far_value) and np.allclose(grad, far_grad)
    ):
        return not_yet(
            f"for scores of ±1000 the mean loss is {far_value:.2f}; yours is {value:.4g}."
        )
    return works(
        f"mean loss {want_value:.4f} and the gradient (softmax − one-hot) / N match "
        f"`dlnotes`; scores of ±1000 give {far_value:.2f}, with no overflow."
    )


# --------------------------------------------------------------- task 4
@never_raises
def slopes(fn) -> Verdict:
    """Task 4: d/dz of (σ(z) − y)² and of BCE, elementwise."""
    z = np.linspace(-6.0, 6.0, 13)
    for y in (1, 0):
        result = fn(z.copy(), y)
        if not isinstance(result, tuple | list) or len(result) != 2:
            return not_yet(
                "return two arrays, `(mse_slope, bce_slope)`."
            )
        got_mse, got_bce = (np.asarray(a, dtype=float) for a in result)
        if got_mse.shape != z.shape or got_bce.shape != z.shape:
            return not_yet(
                "return one slope per score, both arrays the shape of `z`."
            )
        p = _sigmoid(z)
        want_mse, want_bce = 2 * (p - y) * p * (1 - p), p - y
        if np.allclose(got_bce, -want_bce):
            return not_yet(
                "the cross-entropy slope points the wrong way: it is p − y."
            )
        if np.allclose(got_bce, (p - y) / (p * (1 - p))):
            return not_yet(
                "that cross-entropy slope is with respect to p; multiply by dp/dz = "
                "p(1 − p), which leaves p − y."
            )
        if not np.allclose(got_bce, want_bce):
            return not_yet(
                "the cross-entropy slope with respect to z is σ(z) − y."
            )
        if np.allclose(got_mse, 2 * (p - y)):
            return not_yet(
                "that squared-error slope is with respect to p. The score z reaches the "
                "loss through the sigmoid, so the chain rule multiplies by σ'(z) = p(1 − p)."
            )
        if np.allclose(got_mse, want_mse / 2):
            return not_yet(
                "the derivative of a square brings down a 2: 2 (p − y) p (1 − p)."
            )
        if np.allclose(got_mse, -want_mse):
            return not_yet(
                "the squared-error slope has the wrong sign."
            )
        if not np.allclose(got_mse, want_mse):
            return not_yet(
                "the squared-error slope is 2 (p − y) p (1 − p), with p = σ(z)."
            )
    p = _sigmoid(-6.0)
    ratio = abs(p - 1) / abs(2 * (p - 1) * p * (1 - p))
    return works(
        f"at z = −6 with label 1, a confidently wrong prediction, the cross-entropy "
        f"slope is {ratio:.0f} times the squared error's."
    )


# --------------------------------------------------------------- task 5
def _huber(pred, target, delta):
    r = pred - target
    small = np.abs(r) <= delta
    loss = np.where(
        small, 0.5 * r * r, delta * (np.abs(r) - 0.5 * delta)
    )
    return loss.mean(), np.where(small, r, delta * np.sign(r)) / r.size


@never_raises
def huber(fn) -> Verdict:
    """Task 5: mean Huber loss (``torch.nn.HuberLoss``) and its gradient."""
    target = np.zeros(8)
    pred = np.array([-7.0, -2.5, -1.2, -0.4, 0.0, 0.3, 0.9, 5.0])
    for delta in (1.0, 2.0):
        want_value, want_grad = _huber(pred, target, delta)
        value, grad, problem = _pair(
            fn(pred.copy(), target.copy(), delta),
            "the loss and its gradient",
        )
        if problem:
            return problem
        r = pred - target
        big = np.abs(r) > delta
        quadratic = np.where(
            big, delta * (np.abs(r) - 0.5 * delta), r * r
        )
        linear = np.where(big, delta * np.abs(r), 0.5 * r * r)
        if np.isclose(value, want_value * r.size):
            return not_yet(
                "that value is the sum over the batch; the loss is the mean."
            )
        if np.isclose(value, quadratic.mean()):
            return not_yet(
                "the small residuals should cost ½ r², not r²: half the square."
            )
        if np.isclose(value, linear.mean()):
            return not_yet(
                "the large residuals should cost δ (|r| − ½δ); without the − ½δ the two "
                "pieces do not meet at |r| = δ."
            )
        if (
            np.isclose(value, _huber(pred, target, 1.0)[0])
            and delta != 1.0
        ):
            return not_yet(
                f"with `delta={delta:g}` the loss changes: use `delta`, not 1."
            )
        if not np.isclose(value, want_value):
            return not_yet(
                f"for residuals {r.tolist()} and δ = {delta:g} the mean loss is "
                f"{want_value:.4f}; yours is {value:.4f}."
            )
        if grad.shape != pred.shape:
            return not_yet(
                f"the gradient has the predictions' shape {pred.shape}; yours {grad.shape}."
            )
        if np.allclose(grad, r / r.size):
            return not_yet(
                "that gradient is the residual everywhere, as for the squared error: "
                "beyond δ the slope is δ · sign(r), which is what caps an outlier's pull."
            )
        if np.allclose(grad, want_grad * r.size):
            return not_yet(
                "the gradient is missing the 1/n of the mean: divide by `r.size`."
            )
        if np.allclose(grad, -want_grad):
            return not_yet(
                "the gradient points the wrong way: r inside, δ · sign(r) beyond."
            )
        if not np.allclose(grad, want_grad):
            return not_yet(
                "the gradient is r for |r| ≤ δ and δ · sign(r) beyond, over n."
            )
    worst = np.abs(_huber(pred, target, 1.0)[1]).max() * pred.size
    return works(
        f"the loss and gradient are right for δ = 1 and δ = 2; the residual of −7 "
        f"pulls with slope {worst:g}, no harder than the one of −1.2."
    )
