"""Metrics: numbers that say how good predictions are (higher or lower is better).

Unlike a loss, a metric does not need a gradient, so it can be anything we can
compute: the fraction of correct labels, the mean squared error, R².

Every function takes ``(y_true, y_pred)`` with samples on the first axis and
returns a Python float.
"""

from __future__ import annotations

import numpy as np


def _as_labels(y: np.ndarray, name: str) -> np.ndarray:
    """Turn labels ``(N,)``/``(N, 1)`` or one-hot/scores ``(N, C)`` into ``(N,)``."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        return y.argmax(axis=1)  # one-hot rows or per-class scores
    if y.ndim == 2 or y.ndim == 1:
        return y.reshape(-1)
    raise ValueError(
        f"accuracy: expected {name} as labels (N,) or one-hot (N, C), got shape {y.shape}"
    )


def _pair(y_true, y_pred, metric: str) -> tuple[np.ndarray, np.ndarray]:
    """Check that targets and predictions line up; reshape (N,) to (N, 1) if needed."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        if y_true.size == y_pred.size and len(y_true) == len(y_pred):
            y_true = y_true.reshape(y_pred.shape)  # e.g. (N,) targets, (N, 1) outputs
        else:
            raise ValueError(
                f"{metric}: y_true and y_pred must have the same shape, "
                f"got {y_true.shape} and {y_pred.shape}"
            )
    if y_true.size == 0:
        raise ValueError(f"{metric}: got empty arrays")
    return y_true, y_pred


def accuracy(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Fraction of samples whose predicted label equals the true label.

    ``accuracy = (1/N) * sum_i [label(y_true_i) == label(y_pred_i)]``

    Args:
        y_true: integer labels ``(N,)`` (or ``(N, 1)``), or one-hot ``(N, C)``.
        y_pred: predicted labels ``(N,)``, or one-hot / per-class scores
            ``(N, C)``, in which case the label is the argmax of each row.

    Returns:
        A float in [0, 1].

    Raises:
        ValueError: if the two do not hold the same number of samples.
    """
    t, p = _as_labels(y_true, "y_true"), _as_labels(y_pred, "y_pred")
    if t.shape != p.shape:
        raise ValueError(
            f"accuracy: expected the same number of samples, got {t.shape[0]} "
            f"true labels and {p.shape[0]} predicted labels"
        )
    if t.size == 0:
        raise ValueError("accuracy: got empty arrays")
    return float(np.mean(t == p))


def mse(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Mean squared error over all entries.

    ``mse = (1/n) * sum (y_pred - y_true)**2``, with ``n`` the number of entries.

    Args:
        y_true: targets, ``(N,)`` or ``(N, D)``.
        y_pred: predictions of the same shape (``(N,)`` and ``(N, 1)`` mix).

    Returns:
        A float >= 0.
    """
    y_true, y_pred = _pair(y_true, y_pred, "mse")
    diff = y_pred - y_true
    return float(np.mean(diff * diff))


def r2(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """Coefficient of determination R², the share of the variance explained.

    ``R² = 1 - sum (y - y_pred)**2 / sum (y - mean(y))**2``

    1 is a perfect fit; 0 is no better than always predicting the mean; it is
    negative for worse. With several outputs ``(N, D)`` the R² of each column
    is averaged (scikit-learn's ``"uniform_average"``). A constant target column
    scores 1.0 if predicted exactly and 0.0 otherwise.

    Args:
        y_true: targets, ``(N,)`` or ``(N, D)``.
        y_pred: predictions of the same shape (``(N,)`` and ``(N, 1)`` mix).

    Returns:
        A float <= 1.
    """
    y_true, y_pred = _pair(y_true, y_pred, "r2")
    y_true = y_true.reshape(len(y_true), -1)
    y_pred = y_pred.reshape(len(y_pred), -1)
    ss_res = ((y_true - y_pred) ** 2).sum(axis=0)
    ss_tot = ((y_true - y_true.mean(axis=0)) ** 2).sum(axis=0)
    constant = ss_tot == 0
    scores = np.where(constant, (ss_res == 0) * 1.0, 0.0)
    scores[~constant] = 1.0 - ss_res[~constant] / ss_tot[~constant]
    return float(scores.mean())
