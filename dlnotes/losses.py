"""Loss functions.

A loss is called as ``value, grad = loss(pred, target)``: ``value`` is a Python
float and ``grad = dL/dpred`` has the same shape as ``pred``. Like PyTorch, each
loss is a *mean* over the batch, so the gradient carries a ``1 / N`` factor.

Classification losses also have ``labels(output)``, which turns network outputs
into integer class labels of shape ``(N,)`` (``(N, T)`` for sequences) for
accuracy.
"""

from __future__ import annotations

import numpy as np

from dlnotes.activations import sigmoid


def _match_target(pred: np.ndarray, target: np.ndarray, name: str) -> np.ndarray:
    """Return ``target`` with ``pred``'s shape and dtype, or raise ValueError.

    A target of shape ``(N,)`` is accepted for a prediction of shape ``(N, 1)``.
    """
    target = np.asarray(target)
    if target.shape != pred.shape:
        if pred.ndim == 2 and pred.shape[1] == 1 and target.shape == pred.shape[:1]:
            target = target.reshape(pred.shape)
        else:
            raise ValueError(
                f"{name} expected target of shape {pred.shape} (same as the "
                f"prediction), got {target.shape}"
            )
    return target.astype(pred.dtype, copy=False)


class MSE:
    """Mean squared error, averaged over *all* elements (``torch.nn.MSELoss``).

    ``L = mean((pred - target)**2)``, ``dL/dpred = 2 * (pred - target) / size``.

    Shapes: ``pred`` and ``target`` ``(N, ...)``; a target ``(N,)`` is accepted
    for a prediction ``(N, 1)``.
    """

    def __call__(self, pred: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
        """Return ``(L, dL/dpred)``.

        Raises:
            ValueError: If the shapes of ``pred`` and ``target`` differ.
        """
        diff = pred - _match_target(pred, target, "MSE")
        return float(np.mean(diff * diff)), diff * (2.0 / diff.size)

    def __repr__(self) -> str:
        return "MSE()"


class BinaryCrossEntropy:
    """Binary cross-entropy for targets ``y`` in ``{0, 1}`` (or in ``[0, 1]``).

    With ``from_logits=True`` (default) the prediction is a logit ``z`` and the
    sigmoid is fused into the loss (``torch.nn.BCEWithLogitsLoss``)::

        L = mean(softplus(z) - y * z),   softplus(z) = log(1 + e^z)
        dL/dz = (sigmoid(z) - y) / size

    ``softplus`` is computed as ``logaddexp(0, z)``, which never overflows.

    With ``from_logits=False`` the prediction is a probability ``p``
    (``torch.nn.BCELoss``, logs clamped at -100 like PyTorch)::

        L = -mean(y * log(p) + (1 - y) * log(1 - p))
        dL/dp = (p - y) / (p * (1 - p)) / size

    Shapes: ``pred`` and ``target`` ``(N,)`` or ``(N, 1)``; a target ``(N,)``
    is accepted for a prediction ``(N, 1)``. The mean is over all elements.

    Args:
        from_logits: Whether ``pred`` holds logits (True) or probabilities.
    """

    def __init__(self, from_logits: bool = True) -> None:
        self.from_logits = from_logits

    def __call__(self, pred: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
        """Return ``(L, dL/dpred)``.

        Raises:
            ValueError: If the shapes of ``pred`` and ``target`` differ.
        """
        y = _match_target(pred, target, "BinaryCrossEntropy")
        if self.from_logits:
            loss = np.logaddexp(0.0, pred) - y * pred
            return float(np.mean(loss)), (sigmoid(pred) - y) * (1.0 / pred.size)
        tiny = np.finfo(pred.dtype).tiny  # log(0) would warn; PyTorch clamps at -100
        log_p = np.maximum(np.log(np.maximum(pred, tiny)), -100.0)
        log_1mp = np.maximum(np.log(np.maximum(1.0 - pred, tiny)), -100.0)
        loss = -(y * log_p + (1.0 - y) * log_1mp)
        denom = np.maximum(pred * (1.0 - pred), 1e-12)
        return float(np.mean(loss)), (pred - y) / denom * (1.0 / pred.size)

    def labels(self, output: np.ndarray) -> np.ndarray:
        """Class labels ``(N,)``: 1 where ``z > 0`` (logits) or ``p > 0.5``."""
        if output.ndim == 2 and output.shape[1] == 1:
            output = output[:, 0]
        threshold = 0.0 if self.from_logits else 0.5
        return (output > threshold).astype(np.int64)

    def __repr__(self) -> str:
        return f"BinaryCrossEntropy(from_logits={self.from_logits})"


class CrossEntropy:
    """Softmax cross-entropy from logits (``torch.nn.CrossEntropyLoss``).

    For logits ``z: (N, C)`` and integer labels ``y: (N,)``::

        log p = z - logsumexp(z)          # log-softmax, row by row
        L = -mean_n log p[n, y_n]
        dL/dz = (softmax(z) - onehot(y)) / N

    ``logsumexp(z) = m + log(sum(exp(z - m)))`` with ``m`` the row maximum, so
    no ``exp`` overflows. Targets may also be one-hot (or class probabilities)
    ``t: (N, C)``: ``L = -mean_n sum_c t[n, c] * log p[n, c]`` and
    ``dL/dz = (softmax(z) * sum_c t - t) / N``.

    Sequences work the same way: logits ``(N, T, C)`` with labels ``(N, T)``
    (or any ``(..., C)`` with ``(...)``) are flattened to ``(N * T, C)`` and
    ``(N * T,)``, so the mean, and the ``1 / (N * T)`` in the gradient, run
    over every position, as ``torch.nn.functional.cross_entropy`` computes
    on the flattened arrays. The gradient has the shape of the logits.
    """

    def __call__(self, pred: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
        """Return ``(L, dL/dz)`` for logits ``pred: (..., C)``.

        Raises:
            TypeError: If ``target`` holds labels (shape ``pred.shape[:-1]``)
                of a non-integer dtype.
            ValueError: If shapes do not match or a label is outside
                ``[0, C - 1]``.
        """
        target = self._check(pred, np.asarray(target))
        c = pred.shape[-1]
        z = pred.reshape(-1, c)  # (M, C), M = every position
        n = z.shape[0]
        shifted = z - z.max(axis=1, keepdims=True)  # every entry <= 0
        e = np.exp(shifted)
        sum_e = e.sum(axis=1, keepdims=True)
        log_sum_e = np.log(sum_e)  # log p = shifted - log_sum_e
        grad = e / sum_e  # softmax p, turned into dL/dz below
        if target.ndim == pred.ndim - 1:  # integer labels: only log p[n, y_n] is needed
            labels = target.reshape(-1)
            rows = np.arange(n)
            value = (log_sum_e[:, 0] - shifted[rows, labels]).sum() / n
            grad[rows, labels] -= 1.0  # p - onehot(y)
        else:  # one-hot or class probabilities
            t = target.reshape(-1, c).astype(pred.dtype, copy=False)
            value = -np.sum(t * (shifted - log_sum_e)) / n
            grad *= t.sum(axis=1, keepdims=True)
            grad -= t  # p * sum_c t - t
        grad *= 1.0 / n  # in place: grad is a new array, no second copy
        return float(value), grad.reshape(pred.shape)

    @staticmethod
    def _check(pred: np.ndarray, target: np.ndarray) -> np.ndarray:
        """Validate shapes, dtype and range of the targets."""
        if pred.ndim < 2:
            raise ValueError(
                f"CrossEntropy expected logits of shape (N, C) or (N, ..., C), got {pred.shape}"
            )
        c = pred.shape[-1]
        if target.shape == pred.shape:
            return target  # one-hot or class probabilities
        label_shape = pred.shape[:-1]
        if target.shape != label_shape:
            raise ValueError(
                f"CrossEntropy expected labels of shape {label_shape} or one-hot {pred.shape} "
                f"for logits of shape {pred.shape}, got {target.shape}"
            )
        if not np.issubdtype(target.dtype, np.integer):
            raise TypeError(
                f"CrossEntropy expected integer class labels of shape {label_shape}, "
                f"got dtype {target.dtype}; use y.astype(int) or one-hot {pred.shape}"
            )
        lo, hi = (int(target.min()), int(target.max())) if target.size else (0, 0)
        if lo < 0 or hi >= c:
            raise ValueError(
                f"CrossEntropy expected labels in [0, {c - 1}] for C={c} classes, "
                f"got values in [{lo}, {hi}]"
            )
        return target

    def labels(self, output: np.ndarray) -> np.ndarray:
        """Class labels ``(...)``: the index of the largest logit along the last axis."""
        return output.argmax(axis=-1)

    def __repr__(self) -> str:
        return "CrossEntropy()"
