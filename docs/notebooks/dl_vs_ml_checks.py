"""Checks for the exercise "Deep learning or classical machine learning?".

Each function takes one function the learner wrote in
``dl-vs-ml.py``, calls it on test inputs, and returns a
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
from dlnotes.data import moons
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam


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
                "Compare your code with the text above the cell."
            )

    return safe


NOISE = 0.2


def _train_logistic(F, y, seed=0):
    """Logistic regression trained exactly as the notebook's ``train``."""
    model = Sequential([Dense(F.shape[1], 2, seed=seed)])
    model.compile(CrossEntropy(), Adam(lr=0.05))
    model.fit(F, y, epochs=200, batch_size=len(F), seed=seed)
    return model


# --------------------------------------------------------------- task 1
@never_raises
def features(fn) -> Verdict:
    """Task 1: ``features(X)`` lets logistic regression separate the moons."""
    X, y = moons(n=200, noise=NOISE, seed=5)
    X_test, y_test = moons(n=1000, noise=NOISE, seed=98)
    F = np.asarray(fn(X.copy()), dtype=float)
    F_test = np.asarray(fn(X_test.copy()), dtype=float)
    if F.ndim == 1:
        F, F_test = F[:, None], F_test[:, None]
    if (
        F.ndim != 2
        or F.shape[0] != len(X)
        or F_test.shape != (len(X_test), F.shape[1])
    ):
        return not_yet(
            f"return one row of features per point: for {len(X)} points, shape "
            f"({len(X)}, k); yours has shape {F.shape}."
        )
    if F.shape[1] > 10:
        return not_yet(
            f"that is {F.shape[1]} features; design at most 10, each with a reason to be there."
        )
    if not (np.all(np.isfinite(F)) and np.all(np.isfinite(F_test))):
        return not_yet(
            "some of your features are infinite or undefined."
        )
    raw = _train_logistic(X, y).evaluate(X_test, y_test)["accuracy"]
    accuracy = _train_logistic(F, y).evaluate(F_test, y_test)[
        "accuracy"
    ]
    if accuracy >= 0.93:
        return works(
            f"logistic regression on your {F.shape[1]} features gets {accuracy:.1%} of "
            f"fresh points right, against {raw:.1%} on the raw coordinates."
        )
    design = np.column_stack([X, np.ones(len(X))])
    fitted = design @ np.linalg.lstsq(design, F, rcond=None)[0]
    if np.allclose(F, fitted):
        return not_yet(
            f"every feature is a weighted sum of x1 and x2, so the boundary is still a "
            f"straight line ({accuracy:.1%} right). Add features that bend it, such as "
            "powers or products of the coordinates."
        )
    return not_yet(
        f"with your features logistic regression gets {accuracy:.1%} of fresh points "
        f"right (the raw coordinates give {raw:.1%}); it needs 93%. Which curve runs "
        "between the moons, and which features let w · f + b = 0 draw it?"
    )


# --------------------------------------------------------------- task 2
@never_raises
def learning_curve(fn) -> Verdict:
    """Task 2: ``learning_curve(fit_and_score, sizes, seeds)``, fresh data per run."""
    calls = []

    def fit_and_score(X, y, seed):
        calls.append(
            (np.array(X, copy=True), np.array(y, copy=True), seed)
        )
        return (
            len(X) + seed / 100
        )  # a score that says which run it came from

    sizes, seeds = [6, 10, 20], [3, 4]
    got = np.asarray(
        fn(fit_and_score, list(sizes), list(seeds)), dtype=float
    )
    want = np.array([[n + s / 100 for s in seeds] for n in sizes])
    if got.shape == want.T.shape and np.allclose(got, want.T):
        return not_yet(
            "the array is transposed: one row per size, one column per seed, so "
            "`scores[i, j]` belongs to `sizes[i]` and `seeds[j]`."
        )
    if got.shape != want.shape:
        return not_yet(
            f"for 3 sizes and 2 seeds the array has shape (3, 2); yours has {got.shape}."
        )
    if len(calls) != len(sizes) * len(seeds):
        return not_yet(
            f"train once per size and seed: 6 runs here; your function trained {len(calls)}."
        )
    for X, y, seed in calls:
        n = len(X)
        if n not in sizes:
            return not_yet(
                f"a training set had {n} points; the sizes asked for are {sizes}."
            )
        if seed not in seeds:
            return not_yet(
                f"a run got seed {seed}; the seeds asked for are {seeds}."
            )
        X_want, y_want = moons(n=n, noise=NOISE, seed=seed)
        if not (np.allclose(X, X_want) and np.array_equal(y, y_want)):
            same = [
                np.allclose(X, moons(n=n, noise=NOISE, seed=s)[0])
                for s in range(10)
            ]
            if any(same):
                return not_yet(
                    "every repeat trains on the same points: draw each training set with "
                    "the run's seed, `moons(n=n, noise=0.2, seed=seed)`, so the repeats "
                    "also show how much the data matters."
                )
            return not_yet(
                "the training sets are not the ones asked for: draw each with "
                "`moons(n=n, noise=0.2, seed=seed)`."
            )
    if not np.allclose(got, want):
        return not_yet(
            "some scores are in the wrong place: `scores[i, j]` is the score of the run "
            "with `sizes[i]` points and `seeds[j]`."
        )
    return works(
        "6 runs, each on its own training set of the right size, scores in a (3, 2) array."
    )


# --------------------------------------------------------------- task 3
def _ahead_from(sizes, a, b):
    start = None
    for n, wins in zip(
        sizes, b.mean(axis=1) > a.mean(axis=1), strict=True
    ):
        start = (start or n) if wins else None
    return start


@never_raises
def ahead_from(fn) -> Verdict:
    """Task 3: ``ahead_from(sizes, a, b)``: where B's mean leads for good."""
    sizes = [8, 16, 32, 64, 128]
    a = np.array(
        [
            [0.80, 0.84, 0.82],
            [0.86, 0.84, 0.85],
            [0.86, 0.87, 0.85],
            [0.86, 0.86, 0.87],
            [0.87, 0.86, 0.86],
        ]
    )
    b = np.array(
        [
            [0.92, 0.82, 0.82],
            [0.84, 0.82, 0.80],
            [0.93, 0.86, 0.82],
            [0.96, 0.91, 0.82],
            [0.98, 0.94, 0.84],
        ]
    )
    # Means: A 0.82 0.85 0.86 0.863 0.863; B 0.853 0.82 0.87 0.897 0.92.
    got = fn(list(sizes), a.copy(), b.copy())
    want = _ahead_from(sizes, a, b)
    if got == 8:
        return not_yet(
            "B wins at 8 points but loses at 16: it is ahead from the size after its "
            "last loss, not from its first win."
        )
    if got == 128:
        return not_yet(
            "B is ahead at 32 and every larger size, so the answer is 32, not the largest size."
        )
    if got != want:
        return not_yet(
            f"for these curves the answer is {want}; yours is {got}. Average each row "
            "(one row per size) over the seeds, then find the last size where B is not ahead."
        )
    tie = np.array([[0.80], [0.85], [0.90]])
    got_tie = fn([8, 16, 32], tie.copy(), tie.copy())
    if got_tie is not None:
        return not_yet(
            "for two identical curves B is never ahead, so the answer is `None`; yours is "
            f"{got_tie}. Ahead means a higher mean, not an equal one."
        )
    got_behind = fn([8, 16, 32], tie.copy(), (tie - 0.01).copy())
    if got_behind is not None:
        return not_yet(
            f"when B is behind at every size, return `None`; yours is {got_behind}."
        )
    return works(
        "B is ahead from 32 points on, although it also won at 8; identical curves give "
        "`None`."
    )


# --------------------------------------------------------------- task 4
@never_raises
def disagreement(fn) -> Verdict:
    """Task 4: ``disagreement(model_a, model_b, X)``: share labelled differently."""
    X = np.random.default_rng(4).standard_normal((50, 2))
    models = []
    for seed in (0, 1):
        model = Sequential([Dense(2, 2, seed=seed)])
        model.compile(CrossEntropy(), Adam(lr=0.01))
        models.append(model)
    labels = [m.loss.labels(m.predict(X)) for m in models]
    want = float(np.mean(labels[0] != labels[1]))
    got = fn(*models, X.copy())
    if np.ndim(got) != 0:
        return not_yet(
            "return one number, the share of points labelled differently, not an array."
        )
    got = float(got)
    if np.isclose(got, want * len(X)) and want > 0:
        return not_yet(
            f"that is the number of points ({got:.0f}); divide by the number of points "
            "for the share."
        )
    if np.isclose(got, 1 - want):
        return not_yet(
            "that is the share the two models agree on; return the share they disagree on."
        )
    if np.isclose(got, 1.0):
        return not_yet(
            "every point counts as a disagreement: compare the models' labels "
            "(`model.loss.labels(model.predict(X))`), not their raw outputs."
        )
    if not np.isclose(got, want):
        return not_yet(
            f"the two models label {want:.0%} of these points differently; you get {got:.0%}."
        )
    if not np.isclose(fn(models[0], models[0], X.copy()), 0.0):
        return not_yet(
            "a model compared with itself should disagree on no point."
        )
    return works(
        f"the two models label {want:.0%} of 50 points differently, and a model never "
        "disagrees with itself."
    )
