"""Checks for the exercise "Evaluating a model".

Each function takes one function the learner wrote in
``evaluating-a-model.py``, calls it on test inputs, and returns a
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


def _folds(n, k, seed=0):
    order = np.random.default_rng(seed).permutation(n)
    folds = np.array_split(order, k)
    return [
        (np.concatenate(folds[:i] + folds[i + 1 :]), folds[i])
        for i in range(k)
    ]


def _nearest_neighbour(X_train, y_train, X_test):
    distances = ((X_test[:, None, :] - X_train[None]) ** 2).sum(axis=2)
    return y_train[distances.argmin(axis=1)]


def _data(seed: int = 7, n: int = 60):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.4).astype(int)
    X = rng.standard_normal((n, 2)) + 0.8 * y[:, None]
    return X, y


# --------------------------------------------------------------- task 1
@never_raises
def k_fold(fn) -> Verdict:
    """Task 1: ``k_fold(n, k, seed)`` gives k disjoint, shuffled folds."""
    n, k = 23, 5
    folds = list(fn(n, k, 0))
    if len(folds) != k:
        return not_yet(
            f"`k_fold(23, 5)` should give 5 pairs; yours gives {len(folds)}."
        )
    tested = []
    for number, pair in enumerate(folds):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            return not_yet(
                "each fold should be a pair, `(train_idx, test_idx)`."
            )
        train, test = (np.asarray(a).ravel() for a in pair)
        if np.intersect1d(train, test).size:
            return not_yet(
                f"in fold {number} some test indices are also training indices: the "
                "model would be scored on examples it was fitted on."
            )
        if (
            np.union1d(train, test).size != n
            or len(train) + len(test) != n
        ):
            return not_yet(
                f"in fold {number} the training and test indices together should be "
                f"0 to {n - 1}, each once."
            )
        tested.append(test)
    every = np.sort(np.concatenate(tested))
    if not np.array_equal(every, np.arange(n)):
        return not_yet(
            "over the folds, every example should be tested exactly once; some are "
            "tested twice or never. Cut the shuffled indices with `np.array_split`."
        )
    sizes = sorted(len(t) for t in tested)
    if sizes[-1] - sizes[0] > 1:
        return not_yet(
            f"the folds should differ in size by at most one; yours are {sizes}."
        )
    if all(
        np.array_equal(np.sort(t), np.arange(t.min(), t.max() + 1))
        for t in tested
    ):
        return not_yet(
            "the folds are runs of consecutive indices: shuffle first "
            "(`np.random.default_rng(seed).permutation(n)`), in case the data are sorted."
        )
    other = [np.sort(np.asarray(p[1])) for p in fn(n, k, 1)]
    if all(
        np.array_equal(a, np.sort(b))
        for a, b in zip(other, tested, strict=True)
    ):
        return not_yet(
            "the shuffle ignores `seed`: pass it to `np.random.default_rng`."
        )
    return works(
        f"23 examples in 5 shuffled folds of sizes {sizes}; each is tested exactly once."
    )


# --------------------------------------------------------------- task 2
@never_raises
def cross_validate(fn) -> Verdict:
    """Task 2: ``cross_validate(fit_predict, X, y, k, seed)``, no leaks."""
    X, y = _data()
    got = np.asarray(
        fn(_nearest_neighbour, X, y, 5, 0), dtype=float
    ).ravel()
    want = np.array(
        [
            np.mean(_nearest_neighbour(X[tr], y[tr], X[te]) == y[te])
            for tr, te in _folds(len(y), 5, 0)
        ]
    )
    if got.shape != want.shape:
        return not_yet(
            f"return one accuracy per fold, 5 of them; yours has {got.size}."
        )
    if np.allclose(got, 1.0):
        return not_yet(
            "the nearest neighbour scores 100% on every fold: it has seen its test "
            "examples. Fit on `X[train], y[train]` only, predict `X[test]`."
        )
    if np.allclose(got, 1.0 - want):
        return not_yet(
            "those are the error rates; return the share of correct predictions."
        )
    if not np.allclose(got, want):
        return not_yet(
            "the accuracies differ: for each `(train, test)` of `k_fold(len(y), k, "
            "seed)`, fit on train, predict test, and compare with `y[test]`."
        )
    return works(
        f"the nearest neighbour scores {got.mean():.2f} on average over 5 folds, from "
        f"{got.min():.2f} to {got.max():.2f}: the spread is part of the result."
    )


# --------------------------------------------------------------- task 3
@never_raises
def confusion(fn) -> Verdict:
    """Task 3: ``confusion(y_true, y_pred) = [[TN, FP], [FN, TP]]``."""
    y_true = np.array([1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    y_pred = np.array([1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    got = np.asarray(fn(y_true, y_pred))
    want = np.array([[9, 1], [2, 3]])
    if got.shape != (2, 2):
        return not_yet(
            f"the matrix is 2 × 2; yours has shape {got.shape}."
        )
    if np.array_equal(got, want.T):
        return not_yet(
            "the matrix is transposed: rows are the true classes, columns the "
            "predicted ones, so FP (true 0, predicted 1) sits at row 0, column 1."
        )
    if np.array_equal(got, want[::-1, ::-1]):
        return not_yet(
            "the classes are in reverse order: row and column 0 are class 0."
        )
    if not np.array_equal(got, want):
        return not_yet(
            f"for 5 positives (3 found) and 10 negatives (1 flagged) the matrix is "
            f"{want.tolist()}; yours is {got.tolist()}."
        )
    return works("TN = 9, FP = 1, FN = 2, TP = 3, in the right places.")


# --------------------------------------------------------------- task 4
@never_raises
def precision_recall_f1(fn) -> Verdict:
    """Task 4: precision, recall and F1 from ``[[TN, FP], [FN, TP]]``."""
    matrix = np.array([[9, 1], [2, 3]])
    got = tuple(float(v) for v in fn(matrix.copy()))
    want = (3 / 4, 3 / 5, 6 / 9)
    if len(got) != 3:
        return not_yet(
            "return three numbers, `(precision, recall, f1)`."
        )
    if np.allclose(got[:2], want[1::-1]):
        return not_yet(
            "precision and recall are swapped: precision divides by everything flagged, "
            "TP + FP; recall by every positive, TP + FN."
        )
    if not np.allclose(got[:2], want[:2]):
        return not_yet(
            "precision is TP / (TP + FP) and recall TP / (TP + FN)."
        )
    if np.isclose(got[2], (want[0] + want[1]) / 2):
        return not_yet(
            "that F1 is the ordinary mean; F1 is the harmonic mean, 2TP / (2TP + FP + FN)."
        )
    if not np.isclose(got[2], want[2]):
        return not_yet("F1 is 2TP / (2TP + FP + FN).")
    with np.errstate(all="raise"):
        try:
            empty = tuple(
                float(v) for v in fn(np.array([[10, 0], [5, 0]]))
            )
        except (ZeroDivisionError, FloatingPointError):
            return not_yet(
                "a model that flags nothing divides 0 by 0: return 0 when a "
                "denominator is 0, before dividing."
            )
    if not np.allclose(empty, 0.0):
        return not_yet(
            f"a model that flags nothing should get (0, 0, 0); yours gives {empty}."
        )
    return works(
        f"precision {got[0]:.2f}, recall {got[1]:.2f}, F1 {got[2]:.3f}; "
        "a model that flags nothing gets 0 for all three."
    )


# --------------------------------------------------------------- task 5
@never_raises
def paired_t(fn) -> Verdict:
    """Task 5: ``paired_t(a, b)``: mean difference and its t statistic."""
    a = np.array([0.82, 0.79, 0.85, 0.80, 0.84])
    b = np.array([0.80, 0.78, 0.81, 0.79, 0.80])
    result = fn(a.copy(), b.copy())
    if not isinstance(result, tuple | list) or len(result) != 2:
        return not_yet("return two numbers, `(mean_difference, t)`.")
    mean, t = (float(v) for v in result)
    d = a - b
    want = d.mean() / (d.std(ddof=1) / np.sqrt(len(d)))
    if not np.isclose(mean, d.mean()):
        if np.isclose(mean, -d.mean()):
            return not_yet("the differences run a − b, not b − a.")
        return not_yet(
            f"the mean difference is {d.mean():.3f}; yours is {mean:.3f}."
        )
    if np.isclose(t, d.mean() / (d.std(ddof=0) / np.sqrt(len(d)))):
        return not_yet(
            "the spread of k differences uses k − 1 below the line: `np.std(d, ddof=1)`."
        )
    if np.isclose(t, d.mean() / d.std(ddof=1)):
        return not_yet(
            "the standard error is s_d / √k: divide the spread by √k."
        )
    unpaired = d.mean() / np.sqrt(
        (a.var(ddof=1) + b.var(ddof=1)) / len(d)
    )
    if np.isclose(t, unpaired):
        return not_yet(
            "that compares the two sets of scores as if unrelated; pair them: take the "
            "differences fold by fold, d = a − b, and use their spread."
        )
    if not np.isclose(t, want):
        return not_yet("t is the mean difference over s_d / √k.")
    return works(
        f"a mean difference of {mean:.3f} is {t:.1f} standard errors from zero; "
        f"compared unpaired, the same scores give only {unpaired:.1f}."
    )
