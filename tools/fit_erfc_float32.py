"""Fit the float32 rational for ``erfc`` in ``dlnotes/activations.py``.

``erfc(y) = exp(-y**2) * R(y)`` for ``y >= 0``, where ``R(y) = exp(y**2) * erfc(y)``
is smooth: 1 at ``y = 0``, falling like ``1 / (y * sqrt(pi))``. For float32,
whose rounding error is 6e-8, a ratio of polynomials of degrees 4 and 5 fitted
on ``[0, 10]`` is accurate to about 5e-9 (relative), with every coefficient
positive, so evaluating it in float32 adds no cancellation. Beyond ``y = 10``
``erfc`` is below float32's smallest number, so one rational covers every ``y``
float32 needs; W. J. Cody's float64 rationals need three intervals and a degree
of 8.

The fit minimises the largest relative error: Sanathanan-Koerner iterations
(a weighted linear least-squares problem for ``P - R * (Q - 1) = R`` with ``Q(0) = 1``,
re-weighted by the previous ``Q``), with Lawson's re-weighting towards the
points of largest error. The reference is Python's ``math.erfc``, in float64, on
Chebyshev nodes. Nothing is random.

Run ``python tools/fit_erfc_float32.py``: it prints the coefficients in the
order ``dlnotes.activations._rational`` takes them and the fit's error.
"""

from __future__ import annotations

import math

import numpy as np

DEGREES = (4, 5)  # numerator, denominator
INTERVAL = (0.0, 10.0)
NODES = 4000
ROUNDS = 60


def target(y: np.ndarray) -> np.ndarray:
    """``R(y) = exp(y**2) * erfc(y)`` in float64."""
    return np.array([math.erfc(v) * math.exp(v * v) for v in y])


def fit(n: int, m: int, lo: float, hi: float) -> tuple[float, np.ndarray, np.ndarray]:
    """Minimax-relative fit ``R ≈ P / Q``, ``deg P = n``, ``deg Q = m``, ``Q(0) = 1``.

    Returns:
        ``(error, p, q)``: the largest relative error on the nodes and the
        coefficients, constant term first.
    """
    y = (lo + hi) / 2 + (hi - lo) / 2 * np.cos(np.pi * (np.arange(NODES) + 0.5) / NODES)
    f = target(y)
    q_at = np.ones_like(y)
    weights = np.ones_like(y)
    best = (math.inf, np.zeros(n + 1), np.zeros(m + 1))
    for _ in range(ROUNDS):
        design = np.hstack(
            [y[:, None] ** np.arange(n + 1), -f[:, None] * y[:, None] ** np.arange(1, m + 1)]
        )
        w = weights / (np.abs(q_at) * f)
        coef, *_ = np.linalg.lstsq(design * w[:, None], f * w, rcond=None)
        p, q = coef[: n + 1], np.concatenate([[1.0], coef[n + 1 :]])
        q_at = np.polynomial.polynomial.polyval(y, q)
        error = (np.polynomial.polynomial.polyval(y, p) / q_at - f) / f
        largest = float(np.abs(error).max())
        if largest < best[0]:
            best = (largest, p, q)
        weights = weights * (np.abs(error) / largest) ** 0.3 + 1e-12
    return best


def as_rational_arguments(p: np.ndarray, q: np.ndarray) -> tuple[tuple, tuple]:
    """``(num, den)`` as ``_rational`` takes them: ``Q`` made monic (leading 1).

    ``num``: coefficients of ``y**(n-1)`` down to the constant, then the leading
    one; ``den``: coefficients of ``y**(m-1)`` down to the constant.
    """
    p, q = p / q[-1], q / q[-1]
    num = (*p[-2::-1], p[-1])
    den = tuple(q[-2::-1])
    return tuple(float(c) for c in num), tuple(float(c) for c in den)


def main() -> None:
    error, p, q = fit(*DEGREES, *INTERVAL)
    assert np.all(p > 0) and np.all(q > 0), "expected positive coefficients"
    num, den = as_rational_arguments(p, q)
    print(f"# largest relative error on {INTERVAL}: {error:.2e}")
    print(f"_ERFC32_P = ({', '.join(f'{c:.17e}' for c in num)})")
    print(f"_ERFC32_Q = ({', '.join(f'{c:.17e}' for c in den)})")


if __name__ == "__main__":
    main()
