"""Checks for the exercise "Unsupervised and generative models".

Each function takes one function the learner wrote in
``unsupervised-and-generative.py``, calls it on test inputs, and returns a
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


def _correlated(seed: int = 3, n: int = 400) -> np.ndarray:
    """(n, 3) rows with unequal spreads, correlations and a mean far from 0."""
    rng = np.random.default_rng(seed)
    mix = np.array([[2.0, 0.0, 0.0], [1.2, 0.8, 0.0], [-0.6, 0.5, 0.3]])
    return 5.0 + rng.standard_normal((n, 3)) @ mix.T


def _data(seed: int = 5, n: int = 40, d: int = 5) -> np.ndarray:
    """(n, d) rows with clearly different variances along random directions."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    scales = np.array([3.0, 2.0, 1.2, 0.5, 0.2])[:d]
    return 4.0 + (rng.standard_normal((n, d)) * scales) @ q.T


def _projector(rows: np.ndarray) -> np.ndarray:
    """The projection onto the span of orthonormal rows: the same for any signs."""
    return rows.T @ rows


# --------------------------------------------------------------- task 1
@never_raises
def assign(fn) -> Verdict:
    """Task 1: ``assign(X, centres)``: the nearest centre of each point."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((9, 2)) * 3.0
    centres = np.array([[0.0, 0.0], [4.0, 1.0], [-2.0, 3.0]])
    got = np.asarray(fn(X.copy(), centres.copy()))
    distances = ((X[:, None] - centres[None]) ** 2).sum(axis=2)
    want = distances.argmin(axis=1)
    if got.shape != want.shape:
        if got.shape == distances.shape:
            return not_yet(
                "that is the table of distances; return one index per point, the "
                "column with the smallest distance (`argmin(axis=1)`)."
            )
        return not_yet(
            f"return one centre index per point, shape (9,); yours has shape {got.shape}."
        )
    if np.array_equal(got, distances.argmax(axis=1)):
        return not_yet(
            "each point went to its farthest centre: take the smallest distance, `argmin`."
        )
    if not np.array_equal(got, want):
        wrong = int(np.sum(got != want))
        return not_yet(
            f"{wrong} of 9 points are not assigned to their nearest centre. Sum the "
            "squared differences over the features (axis 2), then `argmin(axis=1)`."
        )
    return works("every point goes to its nearest centre.")


# --------------------------------------------------------------- task 2
@never_raises
def update(fn) -> Verdict:
    """Task 2: ``update(X, labels, centres)``: centres move to their points' mean."""
    X = np.array(
        [[0.0, 0.0], [2.0, 0.0], [4.0, 4.0], [6.0, 4.0], [5.0, 7.0]]
    )
    labels = np.array([0, 0, 1, 1, 1])
    centres = np.array(
        [[1.0, 1.0], [5.0, 5.0], [-3.0, 9.0]]
    )  # centre 2 gets no points
    got = np.asarray(
        fn(X.copy(), labels.copy(), centres.copy()), dtype=float
    )
    want = np.array([[1.0, 0.0], [5.0, 5.0], [-3.0, 9.0]])
    if got.shape != want.shape:
        return not_yet(
            f"return one centre per row, shape (3, 2); yours is {got.shape}."
        )
    if np.isnan(got[2]).any():
        return not_yet(
            "the centre with no points became NaN, the mean of nothing: leave such "
            "a centre where it was."
        )
    if np.allclose(got[:2], [[2.0, 0.0], [15.0, 15.0]]):
        return not_yet(
            "that is the sum of each centre's points; divide by their number."
        )
    if np.allclose(got[:2], X.mean(axis=0)):
        return not_yet(
            "every centre moved to the mean of all the points: average only the points "
            "with `labels == j`."
        )
    if not np.allclose(got[:2], want[:2]):
        return not_yet(
            f"centre 0 has the points (0, 0) and (2, 0), so it moves to (1, 0); yours "
            f"moved to {got[0].round(3).tolist()}."
        )
    if not np.allclose(got[2], want[2]):
        return not_yet(
            "the centre that got no points should stay where it was, at (−3, 9); "
            f"yours moved to {got[2].round(3).tolist()}."
        )
    return works(
        "each centre moves to the mean of its points; an empty one stays put."
    )


# --------------------------------------------------------------- task 3
@never_raises
def pca(fn) -> Verdict:
    """Task 3: ``pca(X, k)`` gives the mean and the top k directions as rows."""
    X = _data()
    k = 2
    result = fn(X.copy(), k)
    if not isinstance(result, tuple | list) or len(result) != 2:
        return not_yet("return two things, `(mean, components)`.")
    mean, components = (np.asarray(a, dtype=float) for a in result)
    if mean.shape != (5,) or not np.allclose(mean, X.mean(axis=0)):
        return not_yet(
            "`mean` should be the mean of the rows, `X.mean(axis=0)`, shape (5,)."
        )
    if components.shape != (k, 5):
        if components.shape == (len(X), k):
            return not_yet(
                "those look like columns of `U`, one number per example; the "
                "directions are the rows of `Vt`, shape (k, D)."
            )
        return not_yet(
            f"`components` should hold k = 2 directions as rows, shape (2, 5); "
            f"yours has shape {components.shape}."
        )
    if not np.allclose(components @ components.T, np.eye(k), atol=1e-6):
        return not_yet(
            "the directions should have length 1 and be at right angles to each other."
        )
    _, _, Vt = np.linalg.svd(X - X.mean(axis=0), full_matrices=False)
    _, _, raw = np.linalg.svd(X, full_matrices=False)
    if np.allclose(
        _projector(components), _projector(raw[:k]), atol=1e-6
    ):
        return not_yet(
            "these are the directions of the uncentred data; the first one points "
            "towards the mean. Subtract the mean before the SVD."
        )
    if np.allclose(
        _projector(components), _projector(Vt[-k:]), atol=1e-6
    ):
        return not_yet(
            "those are the directions of least variance: `np.linalg.svd` puts the "
            "largest singular values first, so take the first k rows of `Vt`."
        )
    if not np.allclose(
        _projector(components), _projector(Vt[:k]), atol=1e-6
    ):
        return not_yet(
            "the directions differ from the top two principal directions: the first "
            "k rows of `Vt` from the SVD of `X - mean`."
        )
    return works(
        "the mean and the two directions of largest variance, as orthonormal rows."
    )


# --------------------------------------------------------------- task 4
@never_raises
def explained_variance(fn) -> Verdict:
    """Task 4: ``explained_variance(X)``: s_i² over the sum of s_j²."""
    X = _data()
    got = np.asarray(fn(X.copy()), dtype=float).ravel()
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    want = s**2 / np.sum(s**2)
    if got.shape != want.shape:
        return not_yet(
            f"return one ratio per singular value, {want.size} here; yours has {got.size}."
        )
    if np.allclose(got, np.cumsum(want)):
        return not_yet(
            "those are running totals; return each component's own share (its "
            "`np.cumsum` is the share kept by the first k)."
        )
    if np.allclose(got, s / s.sum()):
        return not_yet(
            "the variance along a direction is s² / (N − 1): square the singular "
            "values before taking shares."
        )
    s_raw = np.linalg.svd(X, compute_uv=False)
    if np.allclose(got, s_raw**2 / np.sum(s_raw**2)):
        return not_yet(
            "these come from the uncentred data, whose first direction points at the "
            "mean: subtract the mean first."
        )
    if not np.allclose(got, want):
        return not_yet(
            "r_i is s_i² / Σ s_j², from the singular values of the centred data."
        )
    return works(
        f"the shares add up to 1; the first component alone carries {got[0]:.0%} of "
        "the variance of this test data."
    )


# --------------------------------------------------------------- task 5
@never_raises
def reconstruct(fn) -> Verdict:
    """Task 5: ``reconstruct(X, mean, components)`` = encode, then decode."""
    X = _data()
    mean = X.mean(axis=0)
    _, _, Vt = np.linalg.svd(X - mean, full_matrices=False)
    C = Vt[:2]
    got = np.asarray(fn(X.copy(), mean.copy(), C.copy()), dtype=float)
    want = (X - mean) @ C.T @ C + mean
    if got.shape != X.shape:
        if got.shape == (len(X), 2):
            return not_yet(
                "that is the code z, 2 numbers per example; decode it back to 5: "
                "`z @ components + mean`."
            )
        return not_yet(
            f"return one row per example, shape {X.shape}; yours is {got.shape}."
        )
    if np.allclose(got, want - mean):
        return not_yet(
            "the rows are centred on 0: add the mean back after decoding."
        )
    if np.allclose(got, X @ C.T @ C + mean) or np.allclose(
        got, X @ C.T @ C
    ):
        return not_yet(
            "subtract the mean before encoding: z = (x − x̄) Cᵀ."
        )
    if not np.allclose(got, want):
        return not_yet("x̂ = ((x − x̄) Cᵀ) C + x̄.")
    full = np.asarray(fn(X.copy(), mean.copy(), Vt.copy()), dtype=float)
    if not np.allclose(full, X):
        return not_yet(
            "with all 5 components the reconstruction should be exact."
        )
    error = np.mean((X - got) ** 2)
    return works(
        f"with 2 of 5 components the mean squared error is {error:.3f}; with all 5 "
        "the data come back exactly."
    )


# --------------------------------------------------------------- task 6
@never_raises
def linear_autoencoder(fn) -> Verdict:
    """Task 6: ``linear_autoencoder(D, k, seed)``: linear, with a code of k numbers."""
    D, k = 6, 2
    model = fn(D, k, 0)
    if not hasattr(model, "predict") or not hasattr(model, "layers"):
        return not_yet(
            "return a `Sequential` model, e.g. `Sequential([Dense(D, k), ...])`."
        )
    zero = np.zeros((1, D))
    base = np.asarray(model.predict(zero), dtype=float)
    if base.shape != (1, D):
        return not_yet(
            f"the output should have D = {D} numbers, like the input; yours has "
            f"{base.shape[-1]}. Add the decoder, `Dense(k, D)`."
        )
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2, 5, D))
    fa, fb, fab = (
        np.asarray(model.predict(v), dtype=float) for v in (a, b, a + b)
    )
    if not np.allclose(
        fab - base, (fa - base) + (fb - base), atol=1e-8
    ):
        return not_yet(
            "the map from input to output is not linear: an activation (such as ReLU "
            "or a sigmoid) sits in it. A linear autoencoder has only Dense layers."
        )
    matrix = np.asarray(model.predict(np.eye(D)), dtype=float) - base
    rank = np.linalg.matrix_rank(matrix, tol=1e-8)
    if rank > k:
        return not_yet(
            f"the map has rank {rank}: the code is wider than k = {k} numbers, so the "
            "network could copy its input. Make the encoder's output k numbers."
        )
    if rank < k:
        return not_yet(
            f"the map has rank {rank}, less than k = {k}: check that the code has k "
            "numbers and that the weights are not zero."
        )
    other = np.asarray(fn(D, k, 1).predict(np.eye(D)), dtype=float)
    if np.allclose(
        other, np.asarray(model.predict(np.eye(D)), dtype=float)
    ):
        return not_yet(
            "the model ignores `seed`: pass it to the layers."
        )
    return works(
        f"a linear map from {D} numbers through a code of {k} back to {D}: rank {k}, "
        "like PCA with 2 components."
    )


# --------------------------------------------------------------- task 7
@never_raises
def sample_gaussian(fn) -> Verdict:
    """Task 7: ``sample_gaussian(Z, n, seed)``: the mean and covariance of Z."""
    Z = _correlated()
    n = 40_000
    got = np.asarray(fn(Z.copy(), n, 0), dtype=float)
    if got.shape != (n, 3):
        return not_yet(
            f"return n rows of 3 numbers, shape ({n}, 3); yours is {got.shape}."
        )
    mean, cov = Z.mean(axis=0), np.cov(Z, rowvar=False)
    L = np.linalg.cholesky(cov)
    tolerance = 0.1 * np.linalg.norm(cov)

    def near(c):
        return np.linalg.norm(np.cov(got, rowvar=False) - c) < tolerance

    if not np.allclose(got.mean(axis=0), mean, atol=0.1):
        if np.allclose(got.mean(axis=0), 0.0, atol=0.1):
            return not_yet(
                "the samples are centred on 0: add the mean m of the codes."
            )
        return not_yet(
            "the mean of the samples should be the mean of Z's rows."
        )
    if near(np.diag(np.diag(cov))):
        return not_yet(
            "each coordinate has the right spread, but the correlations between them "
            "are lost: multiply e by Lᵀ, the Cholesky factor of the whole covariance."
        )
    if near(L.T @ L):
        return not_yet(
            "that draws e @ L, whose covariance is LᵀL; use e @ L.T, which gives LLᵀ = Σ."
        )
    if near(cov @ cov):
        return not_yet(
            "e @ Σ has covariance Σ², not Σ: multiply by a square root of Σ, its "
            "Cholesky factor L, as e @ L.T."
        )
    if not near(cov):
        return not_yet(
            "the covariance of the samples should be that of Z's rows, `np.cov(Z, rowvar=False)`."
        )
    again = np.asarray(fn(Z.copy(), n, 0), dtype=float)
    other = np.asarray(fn(Z.copy(), n, 1), dtype=float)
    if not np.array_equal(again, got) or np.array_equal(other, got):
        return not_yet(
            "draw with `np.random.default_rng(seed)`, so a seed gives the same samples."
        )
    return works(
        "40,000 samples with the mean and the covariance of Z, correlations included."
    )
