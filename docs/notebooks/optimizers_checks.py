"""Checks for the exercise "Optimizers".

Each function takes one function the learner wrote in ``optimizers.py``,
calls it on test inputs, and returns a :class:`Verdict`: "Works: ..." or
"Not yet: ..." with the reason in plain words. A check never raises. The
expected steps come from ``dlnotes.optim`` and ``dlnotes.schedules``.
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


_START = (-4.5, 1.0)


def _valley_gradient(p):
    return np.array([p[0], 50 * p[1]])


def _valley_loss(p):
    p = np.asarray(p)
    return 0.5 * (p[..., 0] ** 2 + 50 * p[..., 1] ** 2)


def _path(make_optimizer, steps, lr_at=None, fresh=False):
    """The reference loop; ``fresh=True`` makes a new optimizer every step."""
    optimizer = make_optimizer()
    p = np.array(_START, dtype=float)
    path = [p.copy()]
    for t in range(steps):
        if fresh:
            optimizer = make_optimizer()
        if lr_at is not None:
            optimizer.lr = lr_at(t)
        optimizer.step([(p, _valley_gradient(p))])
        path.append(p.copy())
    return np.array(path)


def _gradients():
    """Four gradients of 3 weights, of very different sizes."""
    rng = np.random.default_rng(4)
    return [
        rng.standard_normal(3) * np.array([100.0, 1.0, 1e-6])
        for _ in range(4)
    ]


_SHORT = (
    "the buffer adds the whole gradient, b = μ b + g; with (1 − μ) g the steps "
    "stay as short as plain SGD's and never speed up."
)


# --------------------------------------------------------------- task 1
@never_raises
def momentum_step(fn) -> Verdict:
    """Task 1: ``momentum_step`` matches ``dlnotes.optim.SGD(momentum=mu)``."""
    from dlnotes.optim import SGD

    lr, mu = 0.01, 0.9
    reference = np.array([1.0, -2.0, 0.5])
    optimizer = SGD(lr=lr, momentum=mu)
    theta, buffer = reference.copy(), None
    for number, g in enumerate(_gradients(), start=1):
        before, old = theta.copy(), buffer
        result = fn(
            theta.copy(),
            g.copy(),
            None if old is None else old.copy(),
            lr,
            mu,
        )
        if not isinstance(result, tuple | list) or len(result) != 2:
            return not_yet("return two arrays, `(theta, buffer)`.")
        theta, buffer = (np.asarray(a, dtype=float) for a in result)
        optimizer.step([(reference, g.copy())])
        if theta.shape == reference.shape and np.allclose(
            theta, reference, rtol=1e-10
        ):
            continue
        step = before - theta
        new = g if old is None else mu * old + g
        if np.allclose(step, -lr * new):
            return not_yet(
                "the step goes uphill: θ − η b, against the buffer."
            )
        if np.allclose(step, lr * (1 - mu) * g) or (
            old is not None
            and np.allclose(step, lr * (mu * old + (1 - mu) * g))
        ):
            return not_yet(_SHORT)
        if old is not None and np.allclose(step, lr * g):
            return not_yet(
                f"step {number} is plain SGD, η g: step with the buffer, θ − η b, so "
                "earlier gradients count."
            )
        if old is not None and np.allclose(step, lr * old):
            return not_yet(
                "the step uses the old buffer: first update b = μ b + g, then step with "
                "the new b."
            )
        if old is None:
            return not_yet(
                "on the first step the buffer is the gradient, so θ moves by η g₁."
            )
        return not_yet(
            f"step {number} differs from `dlnotes.optim.SGD(momentum=0.9)`: "
            "b = μ b + g, then θ − η b."
        )
    return works(
        "four steps match `dlnotes.optim.SGD(lr=0.01, momentum=0.9)` number for number."
    )


# --------------------------------------------------------------- task 2
@never_raises
def adam_step(fn) -> Verdict:
    """Task 2: ``adam_step`` matches ``dlnotes.optim.Adam``."""
    from dlnotes.optim import Adam

    lr, beta1, beta2, eps = 0.01, 0.9, 0.999, 1e-8
    reference = np.array([1.0, -2.0, 0.5])
    optimizer = Adam(lr=lr)
    theta, m, v = reference.copy(), np.zeros(3), np.zeros(3)
    for t, g in enumerate(_gradients(), start=1):
        before, m_old, v_old = theta.copy(), m.copy(), v.copy()
        result = fn(theta.copy(), g.copy(), m.copy(), v.copy(), t, lr)
        if not isinstance(result, tuple | list) or len(result) != 3:
            return not_yet("return three arrays, `(theta, m, v)`.")
        theta, m, v = (np.asarray(a, dtype=float) for a in result)
        optimizer.step([(reference, g.copy())])
        if np.allclose(theta, reference, rtol=1e-8, atol=1e-12):
            continue
        want_m = beta1 * m_old + (1 - beta1) * g
        want_v = beta2 * v_old + (1 - beta2) * g * g
        if not np.allclose(m, want_m, rtol=1e-8, atol=0):
            return not_yet(
                "the first average is m = β₁ m + (1 − β₁) g."
            )
        if np.allclose(
            v, beta2 * v_old + (1 - beta2) * g, rtol=1e-8, atol=0
        ):
            return not_yet(
                "the second average is of the squared gradient: v = β₂ v + (1 − β₂) g²."
            )
        if not np.allclose(v, want_v, rtol=1e-8, atol=0):
            return not_yet(
                "the second average is v = β₂ v + (1 − β₂) g²."
            )
        m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
        step = before - theta
        if np.allclose(
            step, lr * m / (np.sqrt(v) + eps), rtol=1e-6, atol=0
        ):
            return not_yet(
                f"step {t} skips the bias correction: divide m by 1 − β₁^t and v by "
                "1 − β₂^t. Without it the first steps are far too short, because m and v "
                "start at zero."
            )
        if np.allclose(
            step, lr * m_hat / np.sqrt(v_hat + eps), rtol=1e-6, atol=0
        ):
            return not_yet(
                "ε goes after the square root, √v̂ + ε; inside it, it swamps the weight "
                "whose gradients are about 10⁻⁶."
            )
        if np.allclose(
            step,
            -lr * m_hat / (np.sqrt(v_hat) + eps),
            rtol=1e-6,
            atol=0,
        ):
            return not_yet("the step goes uphill: θ − η m̂ / (√v̂ + ε).")
        return not_yet(
            f"step {t} differs from `dlnotes.optim.Adam(lr=0.01)`: "
            "θ − η m̂ / (√v̂ + ε) with the bias-corrected m̂ and v̂."
        )
    return works(
        "four steps match `dlnotes.optim.Adam(lr=0.01)` for three weights whose "
        "gradients are about 100, 1 and 10⁻⁶ in size."
    )


# --------------------------------------------------------------- task 3
@never_raises
def descend(fn) -> Verdict:
    """Task 3: ``descend`` feeds a ``dlnotes`` optimizer the same array, in place."""
    from dlnotes.optim import SGD

    def make():
        return SGD(lr=0.02, momentum=0.5)

    steps = 10
    want = _path(make, steps)
    path = np.asarray(
        fn(make(), _valley_gradient, _START, steps), dtype=float
    )
    if path.shape != want.shape:
        return not_yet(
            f"10 steps visit 11 points, the start first: an array of shape (11, 2); "
            f"yours has shape {path.shape}."
        )
    if not np.allclose(path[0], _START):
        return not_yet(
            f"the path starts at `start`, {_START}; yours at {path[0].tolist()}."
        )
    if np.allclose(path, path[0]):
        return not_yet(
            "the point never moves: the optimizer changes the array you hand it, in place. "
            "Hand it the same array `p` each step, not a copy, and do not rebuild `p`."
        )
    if np.allclose(path[1:], path[-1]):
        return not_yet(
            "every row after the start is the last point: `p` changes in place, so the "
            "path must keep a snapshot of it after each step, `path.append(p.copy())`."
        )
    if np.allclose(path, _path(make, steps, fresh=True)):
        return not_yet(
            "the momentum restarts at every step: an optimizer keeps its buffers for the "
            "array it was given, so pass the same array `p` each time, never a new one."
        )
    if not np.allclose(path, want):
        return not_yet(
            "the points differ from 10 steps of `SGD(lr=0.02, momentum=0.5)`: each step is "
            "`optimizer.step([(p, gradient(p))])`, with the gradient at the current p."
        )

    def lr_at(t):
        return 0.03 / (1 + t)

    want = _path(make, steps, lr_at)
    path = np.asarray(
        fn(make(), _valley_gradient, _START, steps, lr_at), dtype=float
    )
    if np.allclose(path, _path(make, steps)):
        return not_yet(
            "`lr_at` is ignored: before step t, set `optimizer.lr = lr_at(t)`."
        )
    if np.allclose(path, _path(make, steps, lambda t: lr_at(t + 1))):
        return not_yet(
            "the rates are one step late: the first step uses `lr_at(0)`."
        )
    if not np.allclose(path, want):
        return not_yet(
            "with `lr_at` the points differ: set `optimizer.lr = lr_at(t)` before step t, "
            "for t = 0, 1, 2, ..."
        )
    return works(
        f"10 steps of momentum SGD from {_START} agree with `dlnotes`, with and without a "
        f"schedule; the loss falls from {_valley_loss(want[0]):.1f} to "
        f"{_valley_loss(want[-1]):.2f}."
    )


# --------------------------------------------------------------- task 4
def _final_losses(mus, lr=0.035, steps=50):
    from dlnotes.optim import SGD

    return np.array(
        [
            _valley_loss(
                _path(lambda mu=mu: SGD(lr=lr, momentum=mu), steps)[-1]
            )
            for mu in mus
        ]
    )


@never_raises
def best_momentum(fn) -> Verdict:
    """Task 4: the μ of the grid whose run ends lowest on the valley."""
    for mus in (
        np.round(np.arange(0.0, 1.0, 0.1), 1),
        np.array([0.2, 0.4, 0.9]),
    ):
        losses = _final_losses(mus)
        want = float(mus[np.argmin(losses)])
        got = fn(mus.copy())
        if np.ndim(got) != 0:
            return not_yet("return one number, the best μ.")
        got = float(got)
        if np.isclose(got, want):
            continue
        if np.isclose(got, float(mus[np.argmax(losses)])):
            return not_yet(
                f"μ = {got:g} ends with the highest loss; return the μ with the lowest one "
                "(`np.argmin`)."
            )
        if (
            got == int(got)
            and 0 <= got < len(mus)
            and int(got) == np.argmin(losses)
        ):
            return not_yet(
                f"{got:g} is the position of the best μ in `mus`; return the value, "
                "`mus[i]`."
            )
        return not_yet(
            f"of μ in {mus.tolist()}, the run that ends lowest after 50 steps has "
            f"μ = {want:g}; yours says {got:g}. Compare `valley_loss` of each run's "
            "last point."
        )
    mus = np.round(np.arange(0.0, 1.0, 0.1), 1)
    losses = _final_losses(mus)
    best = int(np.argmin(losses))
    return works(
        f"of the μ from 0 to 0.9, μ = {mus[best]:g} ends at loss {losses[best]:.1e} after 50 steps, against "
        f"{losses[0]:.2f} with no momentum and {losses[-1]:.2f} with μ = 0.9."
    )


# --------------------------------------------------------------- task 5
@never_raises
def step_decay(fn) -> Verdict:
    """Task 5: ``step_decay`` is ``StepLR``'s rate at every step."""
    from dlnotes.optim import SGD
    from dlnotes.schedules import StepLR

    for base, size, gamma in ((0.1, 100, 0.1), (0.5, 30, 0.5)):
        schedule = StepLR(SGD(lr=base), step_size=size, gamma=gamma)
        steps = range(0, 3 * size + 7)
        want = np.array([schedule.lr_at(t) for t in steps])
        got = np.array([float(fn(t, base, size, gamma)) for t in steps])
        if np.allclose(got, want):
            continue
        if np.allclose(got, [base * gamma**t for t in steps]):
            return not_yet(
                "the rate drops at every step; it should drop once every `step_size` "
                "steps: the power is `t // step_size`."
            )
        if np.allclose(
            got, [base * gamma ** (t / size) for t in steps]
        ):
            return not_yet(
                "the rate falls smoothly; between two drops it should stay flat. Use "
                "floor division, `t // step_size`."
            )
        if np.allclose(got, want * gamma):
            return not_yet(
                "the first drop comes too early: steps 0 to `step_size − 1` use the base "
                "rate itself."
            )
        wrong = int(np.argmax(~np.isclose(got, want)))
        return not_yet(
            f"with base rate {base:g}, step_size {size} and γ = {gamma:g}, the rate at "
            f"step {wrong} is {want[wrong]:g}; yours is {got[wrong]:g}."
        )
    return works(
        "your rates equal `dlnotes.schedules.StepLR` at every step, for two settings."
    )
