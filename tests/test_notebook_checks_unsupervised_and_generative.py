"""The unsupervised-and-generative notebook: it runs, its checks pass the
solution and explain plausible wrong answers, and its results hold."""

from __future__ import annotations

import re

import numpy as np
import pytest
from notebook_support import check_cells, executed, load_checks, printed, solution_functions

from dlnotes.activations import ReLU
from dlnotes.layers import Dense
from dlnotes.model import Sequential

check = load_checks("unsupervised_and_generative_checks")
NAME = "unsupervised-and-generative"


def notebooks() -> dict:
    return executed(f"{NAME}.py")


def test_the_solution_passes_every_check_and_the_exercise_waits() -> None:
    solved = check_cells(notebooks()[f"{NAME}-solution"])
    waiting = check_cells(notebooks()[NAME])
    assert len(solved) == len(waiting) == 7
    for cell in solved:
        assert printed(cell).startswith("Works: "), f"{cell.source}\n{printed(cell)}"
    for cell in waiting:
        assert printed(cell).startswith("Not yet: the function still raises"), printed(cell)


def _solution():
    return solution_functions(
        notebooks()[f"{NAME}-solution"], {"np": np, "Sequential": Sequential, "Dense": Dense}
    )


def _distances(X, centres):
    return ((X[:, None] - centres[None]) ** 2).sum(axis=2)


def _update(X, labels, centres, how="mean"):
    new = np.array(centres, dtype=float)
    for j in range(len(new)):
        members = X[labels == j]
        if how == "all":
            new[j] = X.mean(axis=0)
        elif how == "sum":
            new[j] = members.sum(axis=0)
        elif how == "nan" or len(members):
            new[j] = members.mean(axis=0)
    return new


def _pca(X, k, centre=True, last=False, u=False):
    mean = X.mean(axis=0)
    U, _, Vt = np.linalg.svd(X - mean if centre else X, full_matrices=False)
    if u:
        return mean, U[:, :k]
    return mean, (Vt[-k:] if last else Vt[:k])


def _ratios(X, square=True, centre=True, running=False):
    s = np.linalg.svd(X - X.mean(axis=0) if centre else X, compute_uv=False)
    r = s**2 / np.sum(s**2) if square else s / s.sum()
    return np.cumsum(r) if running else r


def _linear(D, k, seed=0, relu=False, width=None):
    width = width or k
    middle = [ReLU()] if relu else []
    return Sequential([Dense(D, width, seed=seed), *middle, Dense(width, D, seed=seed + 1)])


def _sample(Z, n, seed=0, how="cholesky"):
    m, cov = Z.mean(axis=0), np.cov(Z, rowvar=False)
    e = np.random.default_rng(seed).standard_normal((n, Z.shape[1]))
    L = np.linalg.cholesky(cov)
    if how == "diagonal":
        return m + e * np.sqrt(np.diag(cov))
    if how == "untransposed":
        return m + e @ L
    if how == "covariance":
        return m + e @ cov
    if how == "no mean":
        return e @ L.T
    return m + e @ L.T


@pytest.mark.parametrize(
    ("name", "wrong_answers"),
    [
        (
            "assign",
            [
                (lambda X, c: _distances(X, c).argmax(axis=1), "farthest"),
                (lambda X, c: _distances(X, c), "table of distances"),
                (lambda X, c: _distances(X, c).argmin(axis=0), "one centre index per point"),
            ],
        ),
        (
            "update",
            [
                (lambda X, lab, c: _update(X, lab, c, "nan"), "NaN"),
                (lambda X, lab, c: _update(X, lab, c, "sum"), "sum"),
                (lambda X, lab, c: _update(X, lab, c, "all"), "mean of all the points"),
            ],
        ),
        (
            "pca",
            [
                (lambda X, k: _pca(X, k, centre=False), "Subtract the mean"),
                (lambda X, k: _pca(X, k, last=True), "least variance"),
                (lambda X, k: _pca(X, k, u=True), "rows of `Vt`"),
            ],
        ),
        (
            "explained_variance",
            [
                (lambda X: _ratios(X, square=False), "square the singular values"),
                (lambda X: _ratios(X, centre=False), "subtract the mean"),
                (lambda X: _ratios(X, running=True), "running totals"),
            ],
        ),
        (
            "reconstruct",
            [
                (lambda X, m, C: (X - m) @ C.T @ C, "add the mean back"),
                (lambda X, m, C: X @ C.T @ C + m, "subtract the mean before encoding"),
                (lambda X, m, C: (X - m) @ C.T, "decode it back"),
            ],
        ),
        (
            "linear_autoencoder",
            [
                (lambda D, k, seed=0: _linear(D, k, seed, relu=True), "not linear"),
                (lambda D, k, seed=0: _linear(D, k, seed, width=D), "wider than k"),
                (lambda D, k, seed=0: _linear(D, k), "ignores `seed`"),
                (lambda D, k, seed=0: Sequential([Dense(D, k, seed=seed)]), "Add the decoder"),
            ],
        ),
        (
            "sample_gaussian",
            [
                (lambda Z, n, seed=0: _sample(Z, n, seed, "diagonal"), "correlations"),
                (lambda Z, n, seed=0: _sample(Z, n, seed, "untransposed"), "e @ L.T"),
                (lambda Z, n, seed=0: _sample(Z, n, seed, "covariance"), "Σ²"),
                (lambda Z, n, seed=0: _sample(Z, n, seed, "no mean"), "add the mean"),
                (lambda Z, n, seed=0: _sample(Z, n, 0), "default_rng(seed)"),
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


def _output() -> str:
    cells = notebooks()[f"{NAME}-solution"].cells
    return "".join(printed(c) for c in cells if c.cell_type == "code")


def test_k_means_lowers_the_inertia() -> None:
    first, last = map(float, re.search(r"first step (\S+), last step (\S+)", _output()).groups())
    assert last < first


def test_the_linear_autoencoder_matches_pca_but_does_not_beat_it() -> None:
    """The notebook says: no better than PCA at the same k, close, the same subspace."""
    output = _output()
    pca, ae = map(float, re.search(r"PCA (\S+), autoencoder (\S+)", output).groups())
    angle = float(re.search(r"subspaces: (\S+) degrees", output).group(1))
    assert pca * (1 - 1e-6) <= ae < 1.05 * pca
    assert angle < 10


def test_pca_needs_more_components_than_the_three_numbers_that_drew_a_stroke() -> None:
    k90 = int(re.search(r"(\d+) of 64 components keep", _output()).group(1))
    assert 3 < k90 < 64
