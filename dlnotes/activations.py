"""Activation functions, their derivatives, and the matching layers.

Each function works elementwise on an array of any shape (softmax works along
one axis). Each ``*_grad`` function takes the *pre-activation* ``x`` and
returns the derivative ``f'(x)``, same shape as ``x``. The layer classes keep
what their backward pass needs and apply the chain rule ``dL/dx = g * f'(x)``.

All forms are numerically stable: no overflow or warning even for ``|x| = 1e4``.

NumPy has no error function, and GELU needs one, so ``erf``, ``erfc`` and the
normal CDF ``normal_cdf`` live here too, vectorized and accurate to a few
units in the last place.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlnotes.layers import Layer

# ------------------------------------------------------------------ functions


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic sigmoid: ``s(x) = 1 / (1 + exp(-x)) = (1 + tanh(x / 2)) / 2``.

    Written through ``tanh`` so ``exp`` never overflows for large ``|x|``.
    The result is accurate to about 1e-16 in absolute terms.

    Args:
        x: Any shape.

    Returns:
        ``s(x)`` in ``[0, 1]``, same shape and dtype as ``x``.
    """
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    """Derivative of the sigmoid: ``s'(x) = s(x) * (1 - s(x))``.

    Args:
        x: Pre-activation, any shape.

    Returns:
        ``s'(x)``, same shape as ``x``.
    """
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x: np.ndarray) -> np.ndarray:
    """Hyperbolic tangent: ``tanh(x) = (e^x - e^-x) / (e^x + e^-x)``.

    Args:
        x: Any shape.

    Returns:
        ``tanh(x)`` in ``[-1, 1]``, same shape as ``x``.
    """
    return np.tanh(x)


def tanh_grad(x: np.ndarray) -> np.ndarray:
    """Derivative of tanh: ``tanh'(x) = 1 - tanh(x)**2``.

    Args:
        x: Pre-activation, any shape.

    Returns:
        ``tanh'(x)``, same shape as ``x``.
    """
    t = np.tanh(x)
    return 1.0 - t * t


def relu(x: np.ndarray) -> np.ndarray:
    """Rectified linear unit: ``relu(x) = max(x, 0)``.

    Args:
        x: Any shape.

    Returns:
        ``max(x, 0)``, same shape as ``x``.
    """
    return np.maximum(x, 0)


def relu_grad(x: np.ndarray) -> np.ndarray:
    """Derivative of ReLU: ``1 if x > 0 else 0`` (0 at ``x = 0``, like PyTorch).

    Args:
        x: Pre-activation, any shape.

    Returns:
        ``relu'(x)``, same shape and dtype as ``x``.
    """
    return (x > 0).astype(x.dtype)


def leaky_relu(x: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    """Leaky ReLU: ``x if x > 0 else alpha * x``.

    Args:
        x: Any shape.
        alpha: Slope for negative inputs.

    Returns:
        Same shape as ``x``.
    """
    return np.where(x > 0, x, alpha * x)


def leaky_relu_grad(x: np.ndarray, alpha: float = 0.01) -> np.ndarray:
    """Derivative of leaky ReLU: ``1 if x > 0 else alpha``.

    Args:
        x: Pre-activation, any shape.
        alpha: Slope for negative inputs.

    Returns:
        Same shape and dtype as ``x``.
    """
    return np.where(x > 0, 1.0, alpha).astype(x.dtype)


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax: ``p_i = exp(x_i - m) / sum_j exp(x_j - m)``, ``m = max_j x_j``.

    Subtracting the maximum changes nothing mathematically but keeps every
    ``exp`` at most 1, so it cannot overflow.

    Args:
        x: Scores, e.g. logits of shape ``(N, C)``.
        axis: Axis that sums to 1.

    Returns:
        Probabilities, same shape as ``x``.
    """
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_grad(x: np.ndarray) -> np.ndarray:
    """Jacobian of the softmax over the last axis: ``dp_i/dx_j = p_i (d_ij - p_j)``.

    Unlike the elementwise activations, softmax mixes its inputs, so its
    derivative is a matrix per sample: ``J = diag(p) - p p^T``.

    Args:
        x: Scores of shape ``(..., C)``.

    Returns:
        Jacobians of shape ``(..., C, C)``.
    """
    p = softmax(x, axis=-1)
    return p[..., :, None] * np.eye(x.shape[-1], dtype=p.dtype) - (
        p[..., :, None] * p[..., None, :]
    )


# ------------------------------------------------------- error function, GELU
#
# NumPy has no erf, so here is one. W. J. Cody, "Rational Chebyshev
# approximations for the error function", Mathematics of Computation 23 (1969)
# 631-637, https://doi.org/10.1090/S0025-5718-1969-0247736-4, fitted rational
# functions on three intervals of |x|. The coefficients below are those of his
# Fortran routine CALERF (Netlib SPECFUN, https://www.netlib.org/specfun/erf).

_ERF_A = (3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
          3.20937758913846947e03, 1.85777706184603153e-1)  # fmt: skip
_ERF_B = (2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
          2.84423683343917062e03)  # fmt: skip
_ERFC_C = (5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
           2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
           2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8)  # fmt: skip
_ERFC_D = (1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
           1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
           3.43936767414372164e03, 1.23033935480374942e03)  # fmt: skip
_ERFC_P = (3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
           1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2)  # fmt: skip
_ERFC_Q = (2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
           6.05183413124413191e-2, 2.33520497626869185e-3)  # fmt: skip
# float32 needs fewer digits: erfc(y) = exp(-y**2) * P(y) / Q(y) with degrees 4
# and 5, one rational for every y >= 0, fitted to a relative error of 6e-9 on
# [0, 10] by tools/fit_erfc_float32.py (beyond 10, erfc is below float32's range).
_ERFC32_P = (3.94684253105117477e00, 1.26055981651518270e01, 2.13496792802369697e01,
             1.72517741774596516e01, 5.64196528211333703e-01)  # fmt: skip
_ERFC32_Q = (6.99605897792677300e00, 2.28353231521042872e01, 4.14098512959731764e01,
             4.08162315173963677e01, 1.72517740807815834e01)  # fmt: skip
_ONE_OVER_SQRT_PI = 0.56418958354775628695
_SQRT_HALF = 0.70710678118654752440  # 1 / sqrt(2)
_ONE_OVER_SQRT_2PI = 0.39894228040143267794  # 1 / sqrt(2 pi)
_SQRT_2_OVER_PI = 0.79788456080286535588  # sqrt(2 / pi)


_BLOCK = 1 << 15  # elements per block in _blockwise


def _blockwise(
    f: Callable[[np.ndarray], np.ndarray | tuple[np.ndarray, ...]], x: np.ndarray
) -> np.ndarray | tuple[np.ndarray, ...]:
    """Apply the elementwise function ``f`` to ``x``, one block of 32768 elements at a time.

    ``erf`` takes about 80 elementwise NumPy operations. Over a large array
    each of them streams the whole array through memory; over one block,
    every intermediate stays in the CPU cache, which makes ``erf`` about twice
    as fast. The loop runs over blocks of memory, not over examples or pixels:
    a million elements take 31 rounds.

    ``f`` returns one array or a tuple of arrays, each shaped like its block;
    ``_blockwise`` returns the same, each shaped like ``x``.
    """
    flat = x.reshape(-1)
    outs: tuple[np.ndarray, ...] = ()
    for start in range(0, max(flat.size, 1), _BLOCK):  # one round for an empty x
        result = f(flat[start : start + _BLOCK])
        parts = result if isinstance(result, tuple) else (result,)
        if not outs:
            outs = tuple(np.empty(flat.shape, dtype=part.dtype) for part in parts)
        for out, part in zip(outs, parts, strict=True):
            out[start : start + _BLOCK] = part
    shaped = tuple(out.reshape(x.shape) for out in outs)
    return shaped if isinstance(result, tuple) else shaped[0]


def _select(condition: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``where(condition, a, b)`` as arithmetic, ``a * c + b * (1 - c)`` with ``c`` 0 or 1.

    Exact for finite ``a`` and ``b`` (multiplying by 0 or 1 rounds nothing).
    ``np.where`` and boolean indexing branch on every element, which is slow
    when the condition flips at random, as the sign of an activation does:
    this is a few branch-free passes. Overwrites ``a`` and ``b``.
    """
    c = np.array(condition, dtype=np.result_type(a))
    a *= c
    np.subtract(1.0, c, out=c)
    b *= c
    a += b
    return a


def _rational(t: np.ndarray, num: tuple[float, ...], den: tuple[float, ...]) -> np.ndarray:
    """Cody's ratio of polynomials in ``t``, both evaluated by Horner's rule.

    ``num[-1]`` is the leading coefficient of the numerator and ``num[-2]``
    its constant term; the denominator is monic, with constant term ``den[-1]``.
    """
    p = t * num[-1]
    for a in num[:-2]:
        p += a
        p *= t
    p += num[-2]
    q = t + den[0]
    q *= t
    for b in den[1:-1]:
        q += b
        q *= t
    q += den[-1]
    p /= q
    return p


def _exp_minus_square(y: np.ndarray) -> np.ndarray:
    """``exp(-y**2)`` for a 1-D ``y`` in ``[0, 27]``, to a few units in the last place.

    Computed as ``exp(-s**2) * exp(-(y - s)(y + s))`` with ``s`` = ``y`` rounded
    down to a multiple of 1/16 (Cody's trick). ``s**2`` is exact and
    ``(y - s)(y + s)`` is small, so neither exponent carries the rounding
    error of ``y**2``, which grows with ``y**2`` and would become the
    relative error of the result.
    """
    s = y * 16.0
    np.trunc(s, out=s)
    s *= 1.0 / 16.0
    e = s * s
    np.negative(e, out=e)
    np.exp(e, out=e)
    d = y - s
    s += y
    d *= s
    np.negative(d, out=d)
    np.exp(d, out=d)
    e *= d
    return e


def _erfc_large(y: np.ndarray) -> np.ndarray:
    """``erfc(y)`` for a 1-D float64 ``y`` already clipped to ``[0.46875, 27]``.

    ``erfc(y) = exp(-y**2) * R(y)``: ``R`` is one rational function of ``y``
    up to 4 and another of ``1 / y**2`` beyond. Beyond ``y = 26.543`` the
    result underflows to 0; clipping at 27 keeps ``y * y`` from overflowing.
    """
    out = _rational(y, _ERFC_C, _ERFC_D)
    tail = np.flatnonzero(y > 4.0)  # few, so they are gathered
    if tail.size:
        yt = y[tail]
        t = 1.0 / (yt * yt)
        r = (_ONE_OVER_SQRT_PI - t * _rational(t, _ERFC_P, _ERFC_Q)) / yt
        r[yt >= 26.543] = 0.0  # Cody's XBIG: erfc underflows beyond it
        out[tail] = r
    out *= _exp_minus_square(y)
    return out


def _erfc32(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``erfc(y)`` and ``exp(-y**2)`` for a 1-D float32 ``y`` already clipped to ``[0, 27]``."""
    e = _exp_minus_square(y)
    out = _rational(y, _ERFC32_P, _ERFC32_Q)
    out *= e
    return out, e


def _erf_block(x: np.ndarray) -> np.ndarray:
    """``erf`` of a 1-D floating block (see ``erf``)."""
    y = np.abs(x)
    small = y <= 0.46875
    xc = np.clip(x, -0.46875, 0.46875)
    inner = _rational(xc * xc, _ERF_A, _ERF_B)
    inner *= xc  # x * P(x**2) / Q(x**2)
    np.clip(y, 0.46875, 27.0, out=y)
    outer = _erfc_large(y)
    np.subtract(1.0, outer, out=outer)
    np.copysign(outer, x, out=outer)  # sign(x) * (1 - erfc(|x|))
    return _select(small, inner, outer)


def _erfc_block(x: np.ndarray) -> np.ndarray:
    """``erfc`` of a 1-D floating block (see ``erfc``)."""
    y = np.abs(x)
    if x.dtype == np.float32:
        np.minimum(y, 27.0, out=y)
        outer, _ = _erfc32(y)
        return _select(x < 0, 2.0 - outer, outer)
    small = y <= 0.46875
    xc = np.clip(x, -0.46875, 0.46875)
    inner = _rational(xc * xc, _ERF_A, _ERF_B)
    inner *= xc
    np.subtract(1.0, inner, out=inner)  # 1 - erf(x)
    np.clip(y, 0.46875, 27.0, out=y)
    outer = _erfc_large(y)
    outer = _select(x < 0, 2.0 - outer, outer)  # erfc(-y) = 2 - erfc(y)
    return _select(small, inner, outer)


def _as_float(x: np.ndarray) -> np.ndarray:
    """``x`` as a floating array (integers become float64; float32 stays)."""
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def erf(x: np.ndarray) -> np.ndarray:
    """Error function: ``erf(x) = 2 / sqrt(pi) * integral_0^x exp(-t**2) dt``.

    Cody's rational approximations (see the comment above): for
    ``|x| <= 0.46875``, ``erf(x) = x * P(x**2) / Q(x**2)``; beyond,
    ``erf(x) = sign(x) * (1 - erfc(|x|))``. In float64 the error is a few units
    in the last place (below 4e-16 in absolute terms); float32 runs the same
    arithmetic in float32 (error below 2e-7).

    Vectorized without branches: both formulas run on every element (each on
    inputs clipped into its interval), the right result is selected by
    arithmetic, and large arrays go through in cache-sized blocks.

    Args:
        x: Any shape; float32 stays float32, integers become float64.

    Returns:
        ``erf(x)`` in ``[-1, 1]``, same shape as ``x``.
    """
    return _blockwise(_erf_block, _as_float(x))


def erfc(x: np.ndarray) -> np.ndarray:
    """Complementary error function: ``erfc(x) = 1 - erf(x)``, accurate in the tail.

    For large ``x``, ``1 - erf(x)`` would lose every digit (``erf(6)`` rounds
    to 1), while ``erfc(6) = 2.2e-17`` is computed here to a few units in the
    last place, the same way as in ``erf``; ``erfc(-y) = 2 - erfc(y)``.
    float32 needs fewer digits, so it uses one rational of degrees 4 and 5 for
    every ``|x|`` (fitted by ``tools/fit_erfc_float32.py``), about half the
    work of Cody's; its error is below 1e-6 relative to ``erfc(x)`` wherever
    that is a normal float32 number.

    Args:
        x: Any shape; float32 stays float32, integers become float64.

    Returns:
        ``erfc(x)`` in ``[0, 2]``, same shape as ``x``.
    """
    return _blockwise(_erfc_block, _as_float(x))


def _normal_cdf_block(x: np.ndarray) -> np.ndarray:
    out = _erfc_block(x * -_SQRT_HALF)
    out *= 0.5
    return out


def normal_cdf(x: np.ndarray) -> np.ndarray:
    """Standard normal CDF: ``Phi(x) = (1 + erf(x / sqrt(2))) / 2 = erfc(-x / sqrt(2)) / 2``.

    Written through ``erfc`` so it stays accurate far into the left tail.

    Args:
        x: Any shape; float32 stays float32, integers become float64.

    Returns:
        ``Phi(x)`` in ``[0, 1]``, same shape as ``x``.
    """
    return _blockwise(_normal_cdf_block, _as_float(x))


def _gelu_block(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``gelu(x) = x * Phi(x)`` and ``gelu'(x) = Phi(x) + x * phi(x)`` of a 1-D block.

    Both come from the tail ``r = Phi(-|x|) = erfc(|x| / sqrt(2)) / 2`` and the
    density ``phi(x) = exp(-x**2 / 2) / sqrt(2 pi)``; in float32, ``_erfc32``
    yields the exponential along with ``erfc``.
    """
    a = np.abs(x)
    a *= _SQRT_HALF
    if x.dtype == np.float32:
        np.minimum(a, 27.0, out=a)
        r, pdf = _erfc32(a)
    else:
        r = _erfc_block(a)
        pdf = np.square(x)
        pdf *= -0.5
        np.exp(pdf, out=pdf)
    r *= 0.5  # Phi(-|x|)
    # Phi(x) is r below 0 and 1 - r above: r + above * (1 - 2 r)
    cdf = r * -2.0
    cdf += 1.0
    cdf *= np.array(x > 0, dtype=x.dtype)
    cdf += r
    slope = pdf
    slope *= _ONE_OVER_SQRT_2PI
    slope *= x  # x * phi(x)
    slope += cdf
    cdf *= x  # gelu(x), in the array that held Phi(x)
    return cdf, slope


def _check_approximate(approximate: str) -> str:
    if approximate not in ("none", "tanh"):
        raise ValueError(f"GELU approximate must be 'none' or 'tanh', got {approximate!r}")
    return approximate


def _tanh_gate(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``s = (1 + tanh(u)) / 2`` and ``1 - s``, with ``u = sqrt(2 / pi) * (x + 0.044715 * x**3)``.

    ``(1 + tanh(u)) / 2`` equals ``sigmoid(2 u) = 1 / (1 + E)`` with
    ``E = exp(-2 u)``, and ``1 - s = E * s``. Unlike ``1 + tanh(u)``, which
    cancels to 0 when ``u`` is very negative, both keep their digits.
    ``-2 u`` is clipped at 99% of the largest exponent so that ``E`` cannot
    overflow; beyond it ``s`` is taken as about 1e-38 (float32) or 1e-305
    (float64) instead of an even smaller number.
    """
    x = _as_float(x)
    shape, x = x.shape, x.reshape(-1)  # 1-D: in-place operations need arrays
    u = x * x
    u *= 0.044715
    u += 1.0
    u *= x
    u *= -2.0 * _SQRT_2_OVER_PI  # -2 u
    np.minimum(u, 0.99 * float(np.log(np.finfo(u.dtype).max)), out=u)
    E = np.exp(u, out=u)
    s = E + 1.0
    np.reciprocal(s, out=s)
    E *= s  # 1 - s
    return s.reshape(shape), E.reshape(shape)


def _tanh_slope(x: np.ndarray, s: np.ndarray, one_minus_s: np.ndarray) -> np.ndarray:
    """Derivative of the tanh form from its gate: ``s + x * 2 s (1 - s) * du/dx``."""
    du = _SQRT_2_OVER_PI * (1.0 + 3 * 0.044715 * x * x)
    return s + 2.0 * x * s * one_minus_s * du


def gelu(x: np.ndarray, approximate: str = "none") -> np.ndarray:
    """Gaussian error linear unit: ``gelu(x) = x * Phi(x)``.

    From D. Hendrycks and K. Gimpel, "Gaussian Error Linear Units (GELUs)",
    2016, https://arxiv.org/abs/1606.08415.

    ``Phi`` is the standard normal CDF, so ``gelu`` weighs each input by how
    likely a standard normal variable is to be smaller. With
    ``approximate="tanh"`` it uses the paper's approximation
    ``Phi(x) ≈ (1 + tanh(u)) / 2``, ``u = sqrt(2 / pi) * (x + 0.044715 * x**3)``,
    the same function as ``torch.nn.functional.gelu(x, approximate="tanh")``.
    It is computed as ``sigmoid(2 u)``, which equals ``(1 + tanh(u)) / 2``
    but keeps its digits for very negative ``x``.

    Args:
        x: Any shape.
        approximate: ``"none"`` (exact, through ``erf``) or ``"tanh"``.

    Returns:
        Same shape and dtype as ``x``.

    Raises:
        ValueError: If ``approximate`` is neither ``"none"`` nor ``"tanh"``.
    """
    if _check_approximate(approximate) == "tanh":
        return x * _tanh_gate(x)[0]
    return x * normal_cdf(x)


def gelu_grad(x: np.ndarray, approximate: str = "none") -> np.ndarray:
    """Derivative of GELU.

    Exact: ``gelu'(x) = Phi(x) + x * phi(x)``, ``phi(x) = exp(-x**2 / 2) / sqrt(2 pi)``.
    Tanh form, with ``u = sqrt(2 / pi) * (x + 0.044715 * x**3)`` and
    ``s = (1 + tanh(u)) / 2``::

        gelu'(x) = s + x * 2 s (1 - s) * sqrt(2 / pi) * (1 + 3 * 0.044715 * x**2)

    (``2 s (1 - s)`` is ``(1 - tanh(u)**2) / 2``.)

    Args:
        x: Pre-activation, any shape.
        approximate: ``"none"`` or ``"tanh"``.

    Returns:
        ``gelu'(x)``, same shape and dtype as ``x``.
    """
    if _check_approximate(approximate) == "tanh":
        return _tanh_slope(x, *_tanh_gate(x))
    return normal_cdf(x) + x * (_ONE_OVER_SQRT_2PI * np.exp(-0.5 * x * x))


# --------------------------------------------------------------------- layers


class Sigmoid(Layer):
    """Sigmoid layer: ``y = s(x)``; backward ``dL/dx = g * y * (1 - y)``.

    Shapes: ``x``, ``y`` and ``g`` all ``(N, ...)``.
    """

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``y = (1 + tanh(x / 2)) / 2``; keeps ``y`` for backward."""
        self.y = sigmoid(x)
        return self.y

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """``dL/dx = g * y * (1 - y)``."""
        return grad * self.y * (1.0 - self.y)


class Tanh(Layer):
    """Tanh layer: ``y = tanh(x)``; backward ``dL/dx = g * (1 - y**2)``.

    Shapes: ``x``, ``y`` and ``g`` all ``(N, ...)``.
    """

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``y = tanh(x)``; keeps ``y`` for backward."""
        self.y = np.tanh(x)
        return self.y

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """``dL/dx = g * (1 - y**2)``."""
        return grad * (1.0 - self.y * self.y)


class ReLU(Layer):
    """ReLU layer: ``y = max(x, 0)``; backward ``dL/dx = g * (x > 0)``.

    Shapes: ``x``, ``y`` and ``g`` all ``(N, ...)``.
    """

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``y = max(x, 0)``; keeps the boolean mask ``x > 0`` for backward."""
        self.mask = x > 0
        return np.maximum(x, 0)

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """``dL/dx = g * (x > 0)``."""
        return grad * self.mask


class LeakyReLU(Layer):
    """Leaky ReLU layer: ``y = x if x > 0 else alpha * x``.

    Backward: ``dL/dx = g if x > 0 else alpha * g``. Shapes: all ``(N, ...)``.

    Args:
        alpha: Slope for negative inputs.
    """

    def __init__(self, alpha: float = 0.01) -> None:
        super().__init__()
        self.alpha = float(alpha)

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``y = where(x > 0, x, alpha * x)``; keeps the mask ``x > 0``."""
        self.mask = x > 0
        return np.where(self.mask, x, self.alpha * x)

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """``dL/dx = where(x > 0, g, alpha * g)``."""
        return np.where(self.mask, grad, self.alpha * grad)

    def __repr__(self) -> str:
        return f"LeakyReLU(alpha={self.alpha})"


class Softmax(Layer):
    """Softmax layer over the last axis: ``y = softmax(x)``, ``x: (N, C)``.

    Backward is the vector-Jacobian product with ``J = diag(y) - y y^T``::

        dL/dx = y * (g - sum(g * y, axis=-1, keepdims=True))

    For classification prefer ``losses.CrossEntropy``, which fuses the
    softmax into the loss and is more stable than this layer plus a log.
    """

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``y = softmax(x, axis=-1)``; keeps ``y`` for backward."""
        self.y = softmax(x, axis=-1)
        return self.y

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """``dL/dx = y * (g - sum(g * y, axis=-1, keepdims=True))``."""
        y = self.y
        return y * (grad - (grad * y).sum(axis=-1, keepdims=True))


class GELU(Layer):
    """GELU layer: ``y = x * Phi(x)``, as ``torch.nn.GELU``.

    Backward: ``dL/dx = g * (Phi(x) + x * phi(x))`` (exact form) or the
    derivative of the tanh form (see ``gelu_grad``). Shapes: all ``(N, ...)``.
    The forward pass computes that slope along with ``y``, while each block of
    ``x`` is in the CPU cache, and keeps it; backward is then one product.

    Args:
        approximate: ``"none"`` (exact, the default) or ``"tanh"``.

    Raises:
        ValueError: If ``approximate`` is neither ``"none"`` nor ``"tanh"``.
    """

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        self.approximate = _check_approximate(approximate)

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``y = x * Phi(x)``; keeps the slope ``gelu'(x)`` for backward."""
        if self.approximate == "tanh":
            s, one_minus_s = _tanh_gate(x)
            self.slope = _tanh_slope(x, s, one_minus_s)
            return x * s
        y, self.slope = _blockwise(_gelu_block, _as_float(x))
        return y

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """``dL/dx = g * gelu'(x)``."""
        return grad * self.slope

    def __repr__(self) -> str:
        return "GELU()" if self.approximate == "none" else f"GELU(approximate={self.approximate!r})"
