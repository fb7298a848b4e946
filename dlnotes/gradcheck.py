"""Gradient checking: compare backpropagation with central differences.

Backward rules are easy to get subtly wrong. A numerical derivative needs
nothing but the forward pass::

    df/dx_i ≈ (f(x + eps * e_i) - f(x - eps * e_i)) / (2 * eps)

Its error is ``O(eps**2)``, so in float64 with ``eps = 1e-5`` an analytic
gradient that is correct agrees to roughly 1e-8 or better in relative terms.
Checking loops over every entry, so use small models and float64.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-5
) -> np.ndarray:
    """Central-difference gradient of a scalar function ``f`` at ``x``.

    ``grad[i] = (f(x + eps * e_i) - f(x - eps * e_i)) / (2 * eps)``.

    ``x`` is nudged *in place*, one entry at a time, and restored afterwards.
    So ``f`` may also read ``x`` indirectly, e.g. ``x`` is a layer's weight
    array and ``f`` runs the model: ``numerical_gradient(lambda _: run(), W)``.

    Args:
        f: Function returning a float, called as ``f(x)``.
        x: Point to differentiate at, any shape, floating dtype (modified in
            place during the call and restored).
        eps: Step size.

    Returns:
        ``df/dx``, same shape as ``x``.
    """
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):  # one entry at a time: this is a slow check
        old = x[i]
        x[i] = old + eps
        f_plus = f(x)
        x[i] = old - eps
        f_minus = f(x)
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray, floor: float = 1e-8) -> float:
    """Worst elementwise relative error between two arrays.

    ``max_i |a_i - b_i| / max(|a_i| + |b_i|, floor)``. The ``floor`` stops
    entries where both values are (almost) zero from dividing 0 by 0: there
    the error is effectively absolute.

    Args:
        a: Any shape.
        b: Same shape as ``a``.
        floor: Smallest denominator.

    Returns:
        The worst relative error, 0.0 for empty arrays.

    Raises:
        ValueError: If the shapes differ.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error got arrays of shapes {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    denominator = np.maximum(np.abs(a) + np.abs(b), floor)
    return float(np.max(np.abs(a - b) / denominator))


def check_gradients(
    model: Any, loss: Any, X: np.ndarray, y: np.ndarray, eps: float = 1e-5
) -> dict[str, float]:
    """Compare a model's backprop gradients with central differences.

    Runs ``model.forward(X, train=False)``, ``loss(output, y)`` and
    ``model.backward(dL/doutput)``, then, for every parameter of every layer in
    ``model.layers``, computes ``numerical_gradient`` of the loss value and the
    ``relative_error`` between the two.

    Args:
        model: Anything with ``forward(x, train)``, ``backward(grad)`` and
            ``layers`` (each with ``params`` and ``grads`` dicts), e.g.
            ``Sequential``. Use float64 parameters.
        loss: Called as ``loss(output, y) -> (value, grad)``.
        X: Input batch.
        y: Targets.
        eps: Step for the central differences.

    Returns:
        ``{"<index>.<Layer>.<param>": worst relative error}``, e.g.
        ``{"0.Dense.W": 3e-10, "0.Dense.b": 1e-11, ...}``.
    """

    def loss_value(_: np.ndarray) -> float:
        return loss(model.forward(X, train=False), y)[0]

    _, grad = loss(model.forward(X, train=False), y)
    model.backward(grad)
    errors = {}
    for i, layer in enumerate(model.layers):
        for name, param in layer.params.items():
            analytic = layer.grads[name].copy()
            numeric = numerical_gradient(loss_value, param, eps)
            errors[f"{i}.{type(layer).__name__}.{name}"] = relative_error(analytic, numeric)
    return errors
