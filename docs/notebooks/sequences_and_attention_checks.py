"""Checks for the exercise "Attention".

Each function takes one function the learner wrote in
``sequences-and-attention.py``, calls it on test inputs, and returns a
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


def _close(a, b) -> bool:
    a = np.asarray(a, dtype=float)
    return a.shape == np.shape(b) and bool(
        np.allclose(a, b, rtol=1e-9, atol=1e-12)
    )


def _scores(Q, K):
    return Q @ K.T / np.sqrt(Q.shape[-1])


def _mask(T):
    return np.triu(np.full((T, T), -np.inf), k=1)


def _softmax(s, axis=1):
    e = np.exp(s - s.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _attention(Q, K, V, mask=None):
    s = _scores(Q, K) if mask is None else _scores(Q, K) + mask
    w = _softmax(s)
    return w @ V, w


def _inputs(
    seed: int, t_q: int = 3, t_k: int = 4, d_k: int = 5, d_v: int = 2
):
    rng = np.random.default_rng(seed)
    return (
        rng.standard_normal((t_q, d_k)),
        rng.standard_normal((t_k, d_k)),
        rng.standard_normal((t_k, d_v)),
    )


def _pair(result):
    """The learner's (output, weights), or a reason why it is not a pair."""
    if not isinstance(result, tuple | list) or len(result) != 2:
        return None
    return tuple(np.asarray(a, dtype=float) for a in result)


# --------------------------------------------------------------- task 1
@never_raises
def scores(fn) -> Verdict:
    """Task 1: ``scores(Q, K) = Q Kᵀ / sqrt(d_k)``."""
    Q, K, _ = _inputs(1)
    got = np.asarray(fn(Q.copy(), K.copy()), dtype=float)
    want = _scores(Q, K)
    if got.shape == want.T.shape and got.shape != want.shape:
        return not_yet(
            f"the scores should be {want.shape}, one row per query; yours are "
            f"{got.shape}. Compute `Q @ K.T`, not `K @ Q.T`."
        )
    if got.shape != want.shape:
        return not_yet(
            f"3 queries and 4 keys give a {want.shape} matrix of scores; yours is {got.shape}."
        )
    if _close(got, Q @ K.T):
        return not_yet(
            "the dot products are right; now divide them by √d_k."
        )
    if _close(got, Q @ K.T / Q.shape[-1]):
        return not_yet(
            "that divides by d_k; divide by its square root, √d_k."
        )
    if not _close(got, want):
        return not_yet(
            "score (i, j) is the dot product of query i and key j, over √d_k."
        )
    return works(
        f"3 queries and 4 keys give a {got.shape} matrix of scaled dot products."
    )


# --------------------------------------------------------------- task 2
@never_raises
def causal_mask(fn) -> Verdict:
    """Task 2: ``causal_mask(T)``: 0 on and below the diagonal, -inf above."""
    got = np.asarray(fn(4), dtype=float)
    want = _mask(4)
    if got.shape != (4, 4):
        return not_yet(
            f"`causal_mask(4)` should be a (4, 4) array; yours is {got.shape}."
        )
    if np.array_equal(got, want):
        return works(
            "position i keeps the positions 0 to i and blocks every later one with −∞."
        )
    if np.array_equal(got, want.T):
        return not_yet(
            "that blocks the earlier positions: −∞ goes above the diagonal, where "
            "j > i (the later positions)."
        )
    if np.array_equal(got, np.triu(np.full((4, 4), -np.inf))):
        return not_yet(
            "the diagonal is blocked too, so a position cannot look at itself: use `k=1`."
        )
    if np.array_equal(got != 0, want != 0) and np.all(np.isfinite(got)):
        return not_yet(
            "the right places are blocked, but with a finite number: a softmax still "
            "gives them some weight. Use `-np.inf`, so e^(−∞) = 0."
        )
    return not_yet(
        "the mask should be 0 where j ≤ i and −∞ where j > i."
    )


# --------------------------------------------------------------- task 3
@never_raises
def attention(fn) -> Verdict:
    """Task 3: ``attention(Q, K, V, mask)`` returns ``(output, weights)``."""
    Q, K, V = _inputs(3)
    pair = _pair(fn(Q.copy(), K.copy(), V.copy()))
    if pair is None:
        return not_yet(
            "return two arrays, `(output, weights)`, as a tuple."
        )
    out, weights = pair
    want_out, want_w = _attention(Q, K, V)
    if weights.shape != want_w.shape:
        return not_yet(
            f"the weights should be {want_w.shape} (one row per query); yours are "
            f"{weights.shape}."
        )
    if _close(weights, _softmax(_scores(Q, K), axis=0)):
        return not_yet(
            "the columns add up to 1, not the rows: softmax each row (`axis=1`), the "
            "weights one query gives to the keys."
        )
    if _close(weights, _softmax(Q @ K.T)):
        return not_yet(
            "the scores are not divided by √d_k: use your `scores`."
        )
    if not _close(weights, want_w):
        return not_yet(
            "the weights should be the softmax of each row of the scores."
        )
    if not _close(out, want_out):
        return not_yet(
            f"the weights are right; the output should be `weights @ V`, of shape "
            f"{want_out.shape}, and yours is {out.shape}."
        )
    T = 4
    Qs, Ks, Vs = _inputs(30, T, T, 5, 2)
    pair = _pair(fn(Qs, Ks, Vs, _mask(T)))
    out, weights = pair
    if np.any(np.isnan(weights)):
        return not_yet(
            "with the mask the weights contain nan: add the mask to the scores (don't "
            "multiply: 0 · ∞ is nan), and subtract each row's maximum before `np.exp`."
        )
    want_out, want_w = _attention(Qs, Ks, Vs, _mask(T))
    if _close(weights, _attention(Qs, Ks, Vs)[1]):
        return not_yet(
            "the mask is ignored: add it to the scores before the softmax."
        )
    if not (_close(weights, want_w) and _close(out, want_out)):
        return not_yet(
            "with a mask, add it to the scores, then softmax each row."
        )
    above = float(np.abs(np.triu(weights, k=1)).sum())
    return works(
        f"every row of weights adds up to 1; with the causal mask the weight above "
        f"the diagonal adds up to {above:g}."
    )


# --------------------------------------------------------------- task 4
@never_raises
def causal_self_attention(fn) -> Verdict:
    """Task 4: causal self-attention; earlier outputs ignore later tokens."""
    rng = np.random.default_rng(4)
    T, d = 5, 4
    X = rng.standard_normal((T, d))
    W_q, W_k, W_v = (rng.standard_normal((d, d)) for _ in range(3))
    pair = _pair(fn(X.copy(), W_q, W_k, W_v))
    if pair is None:
        return not_yet(
            "return what `attention` returns, `(output, weights)`."
        )
    out, weights = pair
    want_out, want_w = _attention(X @ W_q, X @ W_k, X @ W_v, _mask(T))
    if _close(out, _attention(X @ W_q, X @ W_k, X @ W_v)[0]):
        return not_yet(
            "without the mask, every output depends on later tokens too: pass "
            "`causal_mask(len(X))` to `attention`."
        )
    if _close(out, _attention(X @ W_q, X @ W_q, X @ W_v, _mask(T))[0]):
        return not_yet(
            "the keys come from their own matrix: K = X @ W_k."
        )
    if _close(out, _attention(X @ W_q, X @ W_k, X, _mask(T))[0]):
        return not_yet(
            "the values come from their own matrix: V = X @ W_v."
        )
    if not (_close(out, want_out) and _close(weights, want_w)):
        return not_yet(
            "compute Q = X @ W_q, K = X @ W_k, V = X @ W_v, then attention with the "
            "causal mask."
        )
    changed = X.copy()
    changed[-1] += 10.0
    later = np.asarray(fn(changed, W_q, W_k, W_v)[0], dtype=float)
    moved = float(np.abs(later[:-1] - out[:-1]).max())
    return works(
        f"changing the last token moves the earlier outputs by {moved:g}: "
        "no position sees the future."
    )


# --------------------------------------------------------------- task 5
def _reference_tops() -> dict[tuple[int, bool], float]:
    rng = np.random.default_rng(123)
    tops = {}
    for d_k in (4, 1024):
        q = rng.standard_normal((2000, 1, d_k))
        K = rng.standard_normal((2000, 16, d_k))
        s = (q @ K.swapaxes(1, 2))[:, 0]
        for scaled in (False, True):
            w = _softmax(s / np.sqrt(d_k) if scaled else s)
            tops[d_k, scaled] = float(w.max(axis=1).mean())
    return tops


TOLERANCE = 0.04  # about 4 standard errors of a 300-trial average


@never_raises
def mean_top_weight(fn) -> Verdict:
    """Task 5: the average largest of 16 weights, scaled or not."""
    want = _reference_tops()
    got = {
        key: float(fn(key[0], key[1], trials=300, seed=0))
        for key in want
    }
    if all(abs(v - 1 / 16) < 1e-9 for v in got.values()):
        return not_yet(
            "that is the average of all the weights (always 1/16): take the largest "
            "weight of each query, then average those."
        )
    if abs(got[1024, True] - got[1024, False]) < 1e-12:
        return not_yet(
            "scaled and unscaled give the same number: divide the scores by √d_k "
            "only when `scaled` is True."
        )
    if min(got[4, True], got[1024, True]) > 0.5:
        return not_yet(
            "that is the largest weight over all the trials: average the largest "
            "weight of each query instead."
        )
    wrong = [
        key for key in want if abs(got[key] - want[key]) > TOLERANCE
    ]
    if wrong:
        d_k, scaled = wrong[0]
        kind = "scaled" if scaled else "unscaled"
        return not_yet(
            f"for d_k = {d_k}, {kind}, the average largest weight should be near "
            f"{want[d_k, scaled]:.2f}; yours is {got[d_k, scaled]:.3f}. Softmax the 16 "
            "scores of each query, take their maximum, and average over the trials."
        )
    return works(
        f"with d_k = 1024 the largest of 16 weights averages {got[1024, False]:.2f} "
        f"unscaled, nearly a hard choice, and {got[1024, True]:.2f} scaled, about the "
        f"same as with d_k = 4 ({got[4, True]:.2f})."
    )
