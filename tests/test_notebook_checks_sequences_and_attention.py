"""The sequences-and-attention notebook: it runs, its checks pass the solution and
explain plausible wrong answers."""

from __future__ import annotations

import numpy as np
import pytest
from notebook_support import check_cells, executed, load_checks, printed, solution_functions

check = load_checks("sequences_and_attention_checks")


def notebooks() -> dict:
    return executed("sequences-and-attention.py")


NAME = "sequences-and-attention"


def test_the_solution_passes_every_check_and_the_exercise_waits() -> None:
    solved = check_cells(notebooks()[f"{NAME}-solution"])
    waiting = check_cells(notebooks()[NAME])
    assert len(solved) == len(waiting) == 5
    for cell in solved:
        assert printed(cell).startswith("Works: "), f"{cell.source}\n{printed(cell)}"
    for cell in waiting:
        assert printed(cell).startswith("Not yet: the function still raises"), printed(cell)


def _solution():
    return solution_functions(notebooks()[f"{NAME}-solution"], {"np": np})


def _softmax(s, axis=1):
    e = np.exp(s - s.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _mask(T):
    return np.triu(np.full((T, T), -np.inf), k=1)


def _attention(Q, K, V, mask=None, axis=1, scale=True, multiply=False):
    s = Q @ K.T / (np.sqrt(Q.shape[-1]) if scale else 1.0)
    if mask is not None:
        s = s * mask if multiply else s + mask
    w = _softmax(s, axis)
    return w @ V, w


def _tops(d_k, scaled, trials=300, seed=0, how="mean"):
    rng = np.random.default_rng(seed)
    tops, every = [], []
    for _ in range(trials):
        s = rng.standard_normal((16, d_k)) @ rng.standard_normal(d_k)
        w = _softmax(s / np.sqrt(d_k) if scaled else s, axis=0)
        tops.append(w.max())
        every.append(w.mean())
    if how == "max":
        return max(tops)
    return float(np.mean(every if how == "all" else tops))


@pytest.mark.parametrize(
    ("name", "wrong_answers"),
    [
        (
            "scores",
            [
                (lambda Q, K: Q @ K.T, "divide them by √d_k"),
                (lambda Q, K: Q @ K.T / Q.shape[-1], "square root"),
                (lambda Q, K: K @ Q.T / np.sqrt(Q.shape[-1]), "`Q @ K.T`"),
            ],
        ),
        (
            "causal_mask",
            [
                (lambda T: _mask(T).T, "earlier positions"),
                (lambda T: np.triu(np.full((T, T), -np.inf)), "`k=1`"),
                (lambda T: np.triu(np.full((T, T), -1e3), k=1), "`-np.inf`"),
            ],
        ),
        (
            "attention",
            [
                (lambda Q, K, V, mask=None: _attention(Q, K, V, mask, axis=0), "`axis=1`"),
                (lambda Q, K, V, mask=None: _attention(Q, K, V, mask, scale=False), "√d_k"),
                (lambda Q, K, V, mask=None: _attention(Q, K, V), "mask is ignored"),
                (lambda Q, K, V, mask=None: _attention(Q, K, V, mask, multiply=True), "nan"),
                (lambda Q, K, V, mask=None: _attention(Q, K, V, mask)[0], "two arrays"),
            ],
        ),
        (
            "causal_self_attention",
            [
                (lambda X, Wq, Wk, Wv: _attention(X @ Wq, X @ Wk, X @ Wv), "without the mask"),
                (
                    lambda X, Wq, Wk, Wv: _attention(X @ Wq, X @ Wq, X @ Wv, _mask(len(X))),
                    "K = X @ W_k",
                ),
                (
                    lambda X, Wq, Wk, Wv: _attention(X @ Wq, X @ Wk, X, _mask(len(X))),
                    "V = X @ W_v",
                ),
            ],
        ),
        (
            "mean_top_weight",
            [
                (lambda d, scaled, trials=300, seed=0: _tops(d, True, trials, seed), "same"),
                (
                    lambda d, scaled, trials=300, seed=0: _tops(d, scaled, trials, seed, "all"),
                    "1/16",
                ),
                (
                    lambda d, scaled, trials=300, seed=0: _tops(d, scaled, trials, seed, "max"),
                    "over all the trials",
                ),
                (lambda d, scaled, trials=300, seed=0: _tops(d, not scaled, trials, seed), "near"),
            ],
        ),
    ],
)
def test_checks_pass_the_solution_and_explain_mistakes(name: str, wrong_answers: list) -> None:
    function = getattr(check, name)
    assert function(_solution()[name]).passed
    for wrong, words in wrong_answers:
        verdict = function(wrong)
        assert repr(verdict).startswith("Not yet: "), verdict
        assert words in verdict.message, verdict


def test_the_solution_agrees_with_the_library() -> None:
    from dlnotes.attention import causal_mask, scaled_dot_product_attention

    solution = _solution()
    rng = np.random.default_rng(0)
    Q, K, V = rng.standard_normal((6, 4)), rng.standard_normal((6, 4)), rng.standard_normal((6, 3))
    np.testing.assert_array_equal(solution["causal_mask"](6), causal_mask(6))
    for mask in (None, causal_mask(6)):
        ours = solution["attention"](Q, K, V, mask)
        library = scaled_dot_product_attention(Q, K, V, mask)
        for a, b in zip(ours, library, strict=True):
            np.testing.assert_allclose(a, b, atol=1e-12)
