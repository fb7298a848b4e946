"""Checks for the exercise "Transfer learning".

Each function takes one function the learner wrote in
``transfer-learning.py``, calls it on test inputs, and returns a
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
from dlnotes.activations import ReLU
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import SGD


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


def _network(n_classes: int = 6, seed: int = 0) -> Sequential:
    """A small network of the notebook's shape: base of 4 layers, then a head."""
    return Sequential(
        [
            Dense(5, 4, seed=seed),
            ReLU(),
            Dense(4, 3, seed=seed + 1),
            ReLU(),
            Dense(3, n_classes, seed=seed + 2),
        ]
    )


def _batch(seed: int = 0, n: int = 12, n_classes: int = 6):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, 5)), rng.integers(0, n_classes, n)


def _weights(model) -> list[dict[str, np.ndarray]]:
    return [
        {k: v.copy() for k, v in layer.params.items()}
        for layer in model.layers
    ]


def _moved(before, model) -> list[bool]:
    """For each layer with weights, whether any of them changed."""
    return [
        any(
            not np.array_equal(v, before[i][k])
            for k, v in layer.params.items()
        )
        for i, layer in enumerate(model.layers)
        if layer.params
    ]


# --------------------------------------------------------------- task 1
@never_raises
def freeze_base(fn) -> Verdict:
    """Task 1: ``freeze_base(model, n_base)`` freezes layers[:n_base] only."""
    model = _network()
    before = _weights(model)
    returned = fn(model, 4)
    if returned is not model:
        return not_yet(
            "return the model you were given, with its base frozen."
        )
    model.compile(CrossEntropy(), SGD(lr=0.5))
    X, y = _batch()
    model.fit(X, y, epochs=3, batch_size=4, seed=0)
    moved = _moved(before, model)  # dense 1, dense 2, head
    if moved == [True, True, True]:
        return not_yet(
            "nothing is frozen: every layer's weights changed. Set `trainable = False` "
            "on each layer of `model.layers[:n_base]`, not on the model."
        )
    if not moved[2]:
        return not_yet(
            "the head's weights did not change: only the layers before `n_base` should "
            "be frozen; the head must learn."
        )
    if moved[0] or moved[1]:
        which = "first" if moved[0] else "second"
        return not_yet(
            f"the {which} Dense layer of the base still changed: freeze all of "
            "`model.layers[:n_base]`."
        )
    return works(
        "after training, the two base layers kept their weights and only the head changed."
    )


# --------------------------------------------------------------- task 2
@never_raises
def replace_head(fn) -> Verdict:
    """Task 2: ``replace_head(model, n_classes, seed)``: same base, new head."""
    model = _network(n_classes=6)
    before = _weights(model)
    new = fn(model, 2, 0)
    if not hasattr(new, "layers") or not hasattr(new, "predict"):
        return not_yet("return a `Sequential` model.")
    if len(model.layers) != 5 or model.layers[-1].params["W"].shape != (
        3,
        6,
    ):
        return not_yet(
            "the pre-trained model lost its head: build a new `Sequential` and leave "
            "`model.layers` as it was."
        )
    X, _ = _batch()
    out = np.asarray(new.predict(X))
    if out.shape != (len(X), 2):
        return not_yet(
            f"the new model gives {out.shape[-1]} scores per example; the new task has "
            "2 classes here, so the new head needs `Dense(n_in, n_classes)`."
        )
    if len(new.layers) != len(model.layers):
        return not_yet(
            f"the new model has {len(new.layers)} layers; keep all {len(model.layers) - 1} "
            "base layers and add one head."
        )
    for i in range(len(model.layers) - 1):
        for k, v in new.layers[i].params.items():
            if not np.array_equal(v, before[i][k]):
                return not_yet(
                    f"layer {i} does not hold the pre-trained weights: reuse "
                    "`model.layers[:-1]` themselves instead of building new layers."
                )
    other = fn(_network(n_classes=6), 2, 1)
    if np.array_equal(
        other.layers[-1].params["W"], new.layers[-1].params["W"]
    ):
        return not_yet(
            "the new head ignores `seed`: pass it to `Dense`."
        )
    return works(
        "the same base weights, and a new head with 2 outputs; the original keeps its head."
    )


# --------------------------------------------------------------- task 3
@never_raises
def extract_features(fn) -> Verdict:
    """Task 3: ``extract_features(model, n_base, X)``: the base's output."""
    model = _network()
    X, _ = _batch()
    got = np.asarray(fn(model, 4, X.copy()), dtype=float)
    want = Sequential(model.layers[:4]).predict(X)
    if got.shape != want.shape:
        if got.shape == (len(X), 6):
            return not_yet(
                "those are the class scores of the whole network; stop after the base, "
                "`model.layers[:n_base]`."
            )
        return not_yet(
            f"expected one row of {want.shape[1]} features per example, shape "
            f"{want.shape}; yours has shape {got.shape}."
        )
    if np.allclose(
        got, Sequential(model.layers[:3]).predict(X)
    ) and not np.allclose(got, want):
        return not_yet(
            "some features are negative: the base ends with its ReLU, so run all of "
            "`model.layers[:n_base]`."
        )
    if not np.allclose(got, want):
        return not_yet(
            "the features should be the output of `model.layers[:n_base]` for X."
        )
    return works(
        f"each example becomes the {want.shape[1]} numbers the base computes from it."
    )


# --------------------------------------------------------------- task 4
@never_raises
def two_rate_step(fn) -> Verdict:
    """Task 4: ``two_rate_step(model, n_base, lr_base, lr_head)`` in place."""
    model = _network()
    X, y = _batch()
    _, grad = CrossEntropy()(model.forward(X, train=True), y)
    model.backward(grad)
    before = _weights(model)
    grads = [
        {k: g.copy() for k, g in layer.grads.items()}
        for layer in model.layers
    ]
    lr_base, lr_head = 0.01, 0.5
    fn(model, 4, lr_base, lr_head)

    def expected(base, head, sign=-1.0):
        return [
            {
                k: v + sign * (base if i < 4 else head) * grads[i][k]
                for k, v in w.items()
            }
            for i, w in enumerate(before)
        ]

    def same(target):
        return all(
            np.allclose(layer.params[k], target[i][k])
            for i, layer in enumerate(model.layers)
            for k in layer.params
        )

    if same(before):
        return not_yet(
            "no weight changed: update the arrays in place, `value -= lr * grad`, so the "
            "model sees the change."
        )
    if same(expected(lr_base, lr_head, sign=+1.0)):
        return not_yet(
            "the weights moved up the gradient: subtract lr × gradient."
        )
    if same(expected(lr_head, lr_base)):
        return not_yet(
            "the rates are swapped: `lr_base` is for the layers before `n_base`, "
            "`lr_head` for the rest."
        )
    if same(expected(lr_head, lr_head)) or same(
        expected(lr_base, lr_base)
    ):
        return not_yet(
            "every layer moved with the same rate: use `lr_base` for `model.layers[:n_base]` "
            "and `lr_head` for the others."
        )
    if not same(expected(lr_base, lr_head)):
        return not_yet(
            "each weight should move by −lr × its gradient from `layer.grads`."
        )
    return works(
        "the base moved with the small rate, the head with the large one."
    )


# --------------------------------------------------------------- task 5
@never_raises
def relative_change(fn) -> Verdict:
    """Task 5: ``relative_change(pre, tuned)``: |W - W_pre| / |W_pre| per layer."""
    pre, tuned = _network(), _network()
    rng = np.random.default_rng(1)
    for layer, scale in zip(
        tuned.layers[::2], (0.1, 0.5, 2.0), strict=True
    ):
        layer.params["W"] += scale * rng.standard_normal(
            layer.params["W"].shape
        )
    got = [float(v) for v in fn(pre, tuned)]
    pairs = [
        (a.params["W"], b.params["W"])
        for a, b in zip(pre.layers, tuned.layers, strict=True)
        if a.params
    ]
    want = [np.linalg.norm(b - a) / np.linalg.norm(a) for a, b in pairs]
    if len(got) != len(want):
        return not_yet(
            f"return one number per layer with weights, {len(want)} here (the ReLUs "
            f"have none); yours has {len(got)}."
        )
    if np.allclose(got, [np.linalg.norm(b - a) for a, b in pairs]):
        return not_yet(
            "that is the size of the change itself; divide by the size of the "
            "pre-trained weights, so layers of different sizes compare fairly."
        )
    if np.allclose(
        got,
        [np.linalg.norm(b - a) / np.linalg.norm(b) for a, b in pairs],
    ):
        return not_yet(
            "divide by the size of the pre-trained weights, ‖W_pre‖, not the tuned ones."
        )
    if not np.allclose(got, want):
        return not_yet(
            "each number is ‖W − W_pre‖ / ‖W_pre‖, with `np.linalg.norm`."
        )
    return works(
        "the relative change of each layer; here "
        + ", ".join(f"{v:.2f}" for v in got)
        + ", first layer first."
    )
