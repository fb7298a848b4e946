"""Activation functions, their derivatives, and the matching layers.

Each function works elementwise on an array of any shape (softmax works along
one axis). Each ``*_grad`` function takes the *pre-activation* ``x`` and
returns the derivative ``f'(x)``, same shape as ``x``. The layer classes keep
what their backward pass needs and apply the chain rule ``dL/dx = g * f'(x)``.

All forms are numerically stable: no overflow or warning even for ``|x| = 1e4``.
"""

from __future__ import annotations

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
