"""Checks for the exercise "A training loop by hand".

Each function takes one function the learner wrote in ``training-loop-by-hand.py``,
calls it on small test data, compares the result with the right answer and
returns a :class:`Verdict`: "Works: ..." or "Not yet: ..." with the reason in
plain words. A check never raises, whatever it is given.

The network: 2 inputs, one hidden layer of tanh units, one output score;
binary cross-entropy on that score; plain gradient descent.
"""

from __future__ import annotations

import functools
import html
import re
import warnings
from collections.abc import Callable

import numpy as np
from dlnotes.activations import Tanh, sigmoid
from dlnotes.layers import Dense
from dlnotes.losses import BinaryCrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import SGD

HIDDEN = 8


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
            with warnings.catch_warnings(), np.errstate(all="ignore"):
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
                "Compare your code with the formulas above the cell."
            )

    return safe


# ------------------------------------------------------------ test data
def _data(n: int = 12, seed: int = 7):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 2))
    Y = (rng.random((n, 1)) < 0.5).astype(float)
    W1 = rng.standard_normal((2, HIDDEN)) * 0.8
    b1 = rng.standard_normal(HIDDEN) * 0.3
    W2 = rng.standard_normal((HIDDEN, 1)) * 0.8
    b2 = rng.standard_normal(1) * 0.3
    return X, Y, W1, b1, W2, b2


def _forward(X, W1, b1, W2, b2):
    h = np.tanh(X @ W1 + b1)
    return h, h @ W2 + b2


def _loss(z, Y) -> float:
    return float(np.mean(np.logaddexp(0.0, z) - Y * z))


def _backward(X, Y, h, z2, W2):
    n = len(X)
    dz2 = (sigmoid(z2) - Y) / n
    dW2, db2 = h.T @ dz2, dz2.sum(axis=0)
    dz1 = (dz2 @ W2.T) * (1.0 - h * h)
    return X.T @ dz1, dz1.sum(axis=0), dW2, db2


def _close(a, b) -> bool:
    a = np.asarray(a, dtype=float)
    return a.shape == np.shape(b) and bool(
        np.allclose(a, b, rtol=1e-7, atol=1e-10)
    )


def _pair(result, names: str) -> Verdict | None:
    if not isinstance(result, tuple | list) or len(result) != 2:
        return not_yet(
            f"your function should return two arrays, `{names}`, as a tuple."
        )
    return None


# --------------------------------------------------------------- task 1
@never_raises
def forward(fn) -> Verdict:
    """Task 1: ``forward(X, W1, b1, W2, b2)`` returns ``(h, z2)``."""
    X, _, W1, b1, W2, b2 = _data()
    result = fn(X, W1.copy(), b1.copy(), W2.copy(), b2.copy())
    bad = _pair(result, "h, z2")
    if bad is not None:
        return bad
    h, z2 = (np.asarray(a, dtype=float) for a in result)
    want_h, want_z2 = _forward(X, W1, b1, W2, b2)
    if h.shape != want_h.shape or z2.shape != want_z2.shape:
        return not_yet(
            f"for {len(X)} points `h` should have shape {want_h.shape} and `z2` shape "
            f"{want_z2.shape}; yours have {h.shape} and {z2.shape}. Multiply `X @ W1`, "
            "with `X` on the left."
        )
    if _close(h, X @ W1 + b1):
        return not_yet(
            "`h` is `X @ W1 + b1` itself: apply `np.tanh` to it."
        )
    if _close(h, sigmoid(X @ W1 + b1)):
        return not_yet(
            "`h` uses the sigmoid; this network's hidden units use `np.tanh`."
        )
    if _close(h, np.tanh(X @ W1)):
        return not_yet(
            "the hidden layer has no bias: add `b1` before the `tanh`."
        )
    if not _close(h, want_h):
        return not_yet("`h` is not `np.tanh(X @ W1 + b1)`.")
    if _close(z2, h @ W2):
        return not_yet("the output has no bias: `z2 = h @ W2 + b2`.")
    if _close(z2, np.tanh(want_z2)) or _close(z2, sigmoid(want_z2)):
        return not_yet(
            "`z2` went through an activation. It should be the raw score, `h @ W2 + b2`: "
            "the loss applies the sigmoid itself."
        )
    if not _close(z2, want_z2):
        return not_yet("`z2` is not `h @ W2 + b2`.")
    return works(
        f"`h` has shape {h.shape} and `z2` shape {z2.shape}, with the right values."
    )


# --------------------------------------------------------------- task 2
@never_raises
def loss(fn) -> Verdict:
    """Task 2: ``bce_loss(z, Y)``, the mean binary cross-entropy of raw scores."""
    z = np.array([[2.0], [-1.0], [0.5], [-3.0]])
    Y = np.array([[1.0], [0.0], [0.0], [1.0]])
    got = fn(z, Y)
    if np.ndim(got) != 0:
        return not_yet(
            f"the loss should be one number, but it has shape {np.shape(got)}: "
            "average over the batch with `np.mean`."
        )
    got, want = float(got), _loss(z, Y)
    if np.isclose(got, want * len(z)):
        return not_yet(
            "that is the sum over the batch; the loss is the mean (`np.mean`)."
        )
    if np.isclose(got, -want):
        return not_yet(
            "the loss has the wrong sign: it is never negative."
        )
    if not np.isclose(got, want, rtol=1e-9):
        return not_yet(
            f"for these four scores the loss should be {want:.4f}, yours is {got:.4f}. "
            "Write it as `log(1 + e^z) − y·z`, averaged."
        )
    big = np.array([[800.0], [-800.0]])
    extreme = float(fn(big, np.array([[0.0], [1.0]])))
    if not np.isfinite(extreme) or not np.isclose(extreme, 800.0):
        return not_yet(
            f"for the scores 800 and −800 with the wrong labels the loss should be 800, "
            f"yours is {extreme}. Compute log(1 + e^z) with `np.logaddexp(0, z)`, which "
            "never overflows."
        )
    return works(
        f"the loss of those four scores is {got:.4f}, and large scores stay finite."
    )


# --------------------------------------------------------------- task 3
@never_raises
def backward(fn) -> Verdict:
    """Task 3: ``backward(X, Y, h, z2, W2)`` returns ``(dW1, db1, dW2, db2)``."""
    X, Y, W1, b1, W2, b2 = _data()
    h, z2 = _forward(X, W1, b1, W2, b2)
    result = fn(X, Y, h, z2, W2.copy())
    if not isinstance(result, tuple | list) or len(result) != 4:
        return not_yet(
            "your function should return four arrays: `dW1, db1, dW2, db2`."
        )
    dW1, db1, dW2, db2 = (np.asarray(a, dtype=float) for a in result)
    want = _backward(X, Y, h, z2, W2)
    names = ("dW1", "db1", "dW2", "db2")
    for name, got, right in zip(
        names, (dW1, db1, dW2, db2), want, strict=True
    ):
        if got.shape != right.shape:
            return not_yet(
                f"`{name}` should have shape {right.shape}, the shape of the parameter it "
                f"belongs to, but it has {got.shape}. Biases sum over the batch: "
                "`.sum(axis=0)`."
            )
    n = len(X)
    if _close(dW2, want[2] * n):
        return not_yet(
            f"your gradients are {n} times too large: the loss is a mean, so divide "
            "`dz2` by the batch size `N`."
        )
    if not _close(dW2, want[2]) or not _close(db2, want[3]):
        plain = (z2 - Y) / n
        if _close(dW2, h.T @ plain):
            return not_yet(
                "`dz2` is `(σ(z2) − y) / N`: apply `sigmoid` to `z2` first."
            )
        return not_yet(
            "`dW2` or `db2` is wrong. Start from `dz2 = (sigmoid(z2) - Y) / N`."
        )
    dz2 = (sigmoid(z2) - Y) / n
    if _close(dW1, X.T @ ((dz2 @ W2.T) * (1.0 - h))):
        return not_yet(
            "the slope of tanh is 1 − h², not 1 − h: multiply by `(1 - h * h)`."
        )
    if _close(dW1, X.T @ (dz2 @ W2.T)):
        return not_yet(
            "the gradient skips the tanh: multiply `dz2 @ W2.T` by its slope, `(1 - h * h)`."
        )
    if not _close(dW1, want[0]) or not _close(db1, want[1]):
        return not_yet(
            "`dW2` and `db2` are right, but `dW1` or `db1` is not."
        )
    return works(
        "all four gradients match the chain rule, with the right shapes."
    )


# --------------------------------------------------------------- task 4
@never_raises
def step(fn) -> Verdict:
    """Task 4: ``sgd_step(params, grads, lr)`` changes every array in place."""
    rng = np.random.default_rng(3)
    params = [rng.standard_normal((2, 3)), rng.standard_normal(3)]
    grads = [rng.standard_normal((2, 3)), rng.standard_normal(3)]
    before = [p.copy() for p in params]
    returned = fn(params, grads, 0.1)
    want = [p - 0.1 * g for p, g in zip(before, grads, strict=True)]
    if all(
        np.array_equal(p, b)
        for p, b in zip(params, before, strict=True)
    ):
        if isinstance(returned, list | tuple) and len(returned) == 2:
            if all(
                _close(r, w)
                for r, w in zip(returned, want, strict=True)
            ):
                return not_yet(
                    "your function returns new arrays but leaves the network's own arrays "
                    "unchanged. Update them in place: `param -= lr * grad`."
                )
        return not_yet(
            "the arrays did not change. `param = param - lr * grad` only rebinds a name "
            "inside the loop; write `param -= lr * grad` to change the array itself."
        )
    if all(
        _close(p, b + 0.1 * g)
        for p, b, g in zip(params, before, grads, strict=True)
    ):
        return not_yet(
            "the weights moved uphill: subtract the gradient (`-=`), do not add it."
        )
    if all(
        _close(p, b - g)
        for p, b, g in zip(params, before, grads, strict=True)
    ):
        return not_yet(
            "the step ignores the learning rate: move by `lr * grad`."
        )
    if not all(_close(p, w) for p, w in zip(params, want, strict=True)):
        return not_yet(
            "after one step each array should be `param - lr * grad`."
        )
    return works(
        "each array moved by `lr` times its gradient, in place."
    )


# --------------------------------------------------------------- task 5
def reference_history(
    X, y, epochs: int, batch_size: int, lr: float, seed: int
):
    """The same network trained with ``fit``: its history and its parameters."""
    model = Sequential(
        [
            Dense(2, HIDDEN, init="xavier", seed=1),
            Tanh(),
            Dense(HIDDEN, 1, init="xavier", seed=2),
        ]
    )
    model.compile(
        loss=BinaryCrossEntropy(),
        optimizer=SGD(lr=lr),
        metrics=["accuracy"],
    )
    fitted = model.fit(
        X, y, epochs=epochs, batch_size=batch_size, seed=seed
    )
    return fitted.history, [p for p, _ in model.parameters()]


@never_raises
def loop(fn, X, y) -> Verdict:
    """Task 5: ``train(X, Y, epochs, batch_size, lr, seed)`` returns ``(params, history)``."""
    epochs, batch_size, lr, seed = 6, 20, 0.5, 0
    Y = y.reshape(-1, 1).astype(float)
    result = fn(X, Y, epochs, batch_size, lr, seed)
    bad = _pair(result, "params, history")
    if bad is not None:
        return bad
    params, history = result
    if not isinstance(history, dict) or "loss" not in history:
        return not_yet(
            '`history` should be a dict with a list under "loss".'
        )
    losses = np.asarray(history["loss"], dtype=float)
    want, want_params = reference_history(
        X, y, epochs, batch_size, lr, seed
    )
    if losses.shape != (epochs,):
        return not_yet(
            f'`history["loss"]` should hold one number per epoch ({epochs}), '
            f"but it holds {losses.size}. Append once per epoch, after its batches."
        )
    if np.allclose(losses, losses[0]):
        return not_yet(
            "the loss is the same in every epoch: the weights never change. Call "
            "`sgd_step` after `backward` for every batch."
        )
    right = np.asarray(want["loss"])
    if np.isclose(losses[0], right[0], rtol=1e-9) and not np.allclose(
        losses, right, rtol=1e-9
    ):
        return not_yet(
            "the first epoch is right, the later ones are not: draw a new "
            "`rng.permutation(len(X))` at the start of every epoch, from one generator "
            "made once before the loop."
        )
    if not np.allclose(losses, right, rtol=1e-9):
        return not_yet(
            "the losses differ from `fit` on the same batches. Make the generator once "
            "with `np.random.default_rng(seed)`, shuffle with `rng.permutation(len(X))` in "
            "every epoch, and weight each batch's loss by its size."
        )
    if "accuracy" not in history or not np.allclose(
        history["accuracy"], want["accuracy"]
    ):
        return not_yet(
            'the losses match `fit`, but `history["accuracy"]` does not: count the points '
            "whose score had the right sign (`z2 > 0` means class 1), as the batches go by."
        )
    if not all(
        _close(p, w) for p, w in zip(params, want_params, strict=True)
    ):
        return not_yet(
            "the history matches `fit`, but the returned weights do not."
        )
    return works(
        f"{epochs} epochs give the same loss and accuracy as `fit`, epoch by epoch, "
        f"from {right[0]:.4f} down to {right[-1]:.4f}."
    )
