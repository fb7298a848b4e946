"""Metrics: numbers that say how good predictions are (higher or lower is better).

Unlike a loss, a metric does not need a gradient, so it can be anything we can
compute: the fraction of correct labels, the mean squared error, R².

- Regression and accuracy: ``accuracy``, ``mse``, ``r2``.
- Classification: ``confusion_matrix``, ``precision_recall_f1``,
  ``roc_curve``, ``roc_auc``, ``precision_recall_curve``,
  ``average_precision``, ``calibration_curve``, ``log_loss``. They agree with scikit-learn's
  functions of the same names (``precision_recall_f1`` with
  ``precision_score``, ``recall_score`` and ``f1_score``; ``average_precision``
  with ``average_precision_score``).

Every function takes the true values first, with samples on the first axis.
Scores come back as Python floats; curves and matrices as arrays.
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


# ------------------------------------------------------------ classification
# The functions below agree with scikit-learn's functions of the same names
# (``precision_recall_f1`` with ``precision_score``, ``recall_score`` and
# ``f1_score``) on the same inputs, to float64 rounding.


def _labels_1d(y, name: str, fn: str) -> np.ndarray:
    """Check that ``y`` is a 1-D array of labels ``(N,)`` (or a column ``(N, 1)``)."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.reshape(-1)
    if y.ndim != 1:
        raise ValueError(f"{fn}: expected {name} as labels of shape (N,), got shape {y.shape}")
    if y.size == 0:
        raise ValueError(f"{fn}: got an empty {name}")
    if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
        raise ValueError(f"{fn}: {name} contains NaN or inf; expected finite labels")
    return y


def _label_pair(y_true, y_pred, fn: str) -> tuple[np.ndarray, np.ndarray]:
    """Two label arrays ``(N,)`` of the same length."""
    t = _labels_1d(y_true, "y_true", fn)
    p = _labels_1d(y_pred, "y_pred", fn)
    if len(t) != len(p):
        raise ValueError(
            f"{fn}: expected y_true and y_pred with the same number of samples, "
            f"got {len(t)} and {len(p)}"
        )
    return t, p


def confusion_matrix(
    y_true: np.ndarray,
    y_pred: np.ndarray,
    labels: np.ndarray | None = None,
    normalize: str | None = None,
) -> np.ndarray:
    """Count how often each true class was predicted as each class.

    ``C[i, j] = #{n : y_true_n = labels[i] and y_pred_n = labels[j]}``

    Rows are true classes and columns predicted classes, so the diagonal holds
    the correct predictions, ``C.sum(axis=1)`` the support of each class and
    ``C.sum(axis=0)`` how often each class was predicted.

    Args:
        y_true: true labels ``(N,)`` (ints, strings, ...).
        y_pred: predicted labels ``(N,)``.
        labels: the classes, in the order of the rows and columns, ``(C,)``.
            Default: every label that occurs in ``y_true`` or ``y_pred``,
            sorted. Samples whose labels are not listed are left out.
        normalize: None for counts; ``"true"`` divides each row by its sum
            (recall on the diagonal), ``"pred"`` each column (precision on the
            diagonal), ``"all"`` everything by N. A row or column with no
            samples stays 0.

    Returns:
        ``(C, C)`` array: int64 counts, or float64 when normalized.

    Raises:
        ValueError: for labels that are not 1-D, different lengths, an unknown
            ``normalize``, or ``labels`` that are empty or repeat a class.
    """
    t, p = _label_pair(y_true, y_pred, "confusion_matrix")
    if normalize not in (None, "true", "pred", "all"):
        raise ValueError(
            f"confusion_matrix: expected normalize None, 'true', 'pred' or 'all', got {normalize!r}"
        )
    if labels is None:
        labels = np.union1d(t, p)
    else:
        labels = np.asarray(labels)
        if labels.ndim != 1 or labels.size == 0 or np.unique(labels).size != labels.size:
            raise ValueError(
                "confusion_matrix: expected labels as a 1-D array of distinct classes, "
                f"got {labels!r}"
            )
    n = len(labels)
    # Map each label to its row index; labels that are not listed get index n.
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]

    def index(y: np.ndarray) -> np.ndarray:
        pos = np.clip(np.searchsorted(sorted_labels, y), 0, n - 1)
        return np.where(sorted_labels[pos] == y, order[pos], n)

    i, j = index(t), index(p)
    keep = (i < n) & (j < n)
    counts = np.bincount(i[keep] * n + j[keep], minlength=n * n).reshape(n, n)
    if normalize is None:
        return counts.astype(np.int64)
    counts = counts.astype(np.float64)
    total = {
        "true": counts.sum(axis=1, keepdims=True),
        "pred": counts.sum(axis=0, keepdims=True),
        "all": counts.sum(),
    }[normalize]
    return np.divide(counts, total, out=np.zeros_like(counts), where=total != 0)


def _divide(num: np.ndarray, den: np.ndarray, zero_division: float) -> np.ndarray:
    """``num / den`` elementwise, with ``zero_division`` where ``den == 0``."""
    num, den = num.astype(np.float64), den.astype(np.float64)
    out = np.full(num.shape, float(zero_division))
    return np.divide(num, den, out=out, where=den != 0)


def _nan_average(x: np.ndarray, weights: np.ndarray | None) -> float:
    """Mean of ``x`` (weighted by ``weights``) ignoring NaN; NaN if all are NaN."""
    keep = ~np.isnan(x)
    if not keep.any():
        return float("nan")
    if weights is None:
        return float(np.mean(x[keep]))
    w = weights[keep].astype(np.float64)
    if w.sum() == 0:  # no true samples for the kept classes: plain mean
        return float(np.mean(x[keep]))
    return float(np.average(x[keep], weights=w))


def precision_recall_f1(
    y_true: np.ndarray,
    y_pred: np.ndarray,
    average: str | None = "binary",
    pos_label: int | str | bool = 1,
    labels: np.ndarray | None = None,
    zero_division: float = 0.0,
) -> tuple:
    """Precision, recall and F1 score, per class or averaged over classes.

    For one class ``c``, with ``TP`` true positives (true ``c``, predicted
    ``c``), ``FP`` false positives (predicted ``c``, true something else) and
    ``FN`` false negatives (true ``c``, predicted something else)::

        precision = TP / (TP + FP)       # of the samples called c, how many are c
        recall    = TP / (TP + FN)       # of the samples that are c, how many were found
        F1        = 2 TP / (2 TP + FP + FN)   # harmonic mean of the two

    A ratio whose denominator is 0 is set to ``zero_division``.

    ``average`` says how the per-class scores are combined:

    - ``"binary"``: only the class ``pos_label`` (two-class problems);
    - ``"macro"``: the plain mean over classes (every class counts the same);
    - ``"weighted"``: the mean weighted by each class's support (number of
      true samples);
    - ``"micro"``: pool TP, FP and FN over all classes first (with every class
      included, all three equal the accuracy);
    - ``None``: no averaging, one score per class.

    Args:
        y_true: true labels ``(N,)``.
        y_pred: predicted labels ``(N,)``.
        average: ``"binary"``, ``"macro"``, ``"micro"``, ``"weighted"`` or None.
        pos_label: the positive class for ``average="binary"``.
        labels: the classes to score (and their order for ``average=None``).
            Default: every label in ``y_true`` or ``y_pred``, sorted.
        zero_division: the value of a ratio 0/0, e.g. 0.0, 1.0 or NaN (NaN
            scores are left out of the averages).

    Returns:
        ``(precision, recall, f1)``: three floats, or with ``average=None``
        three float64 arrays ``(C,)`` in the order of ``labels``.

    Raises:
        ValueError: for an unknown ``average``; ``"binary"`` with more than
            two classes, or a ``pos_label`` that is not one of the two; or
            label arrays of the wrong shape.
    """
    fn = "precision_recall_f1"
    t, p = _label_pair(y_true, y_pred, fn)
    averages = ("binary", "macro", "micro", "weighted", None)
    if average not in averages:
        raise ValueError(f"{fn}: expected average in {averages}, got {average!r}")
    present = np.union1d(t, p)
    if average == "binary":
        if len(present) > 2:
            raise ValueError(
                f"{fn}: average='binary' needs at most two classes, got {len(present)} "
                f"({present.tolist()}); use average='macro', 'micro', 'weighted' or None"
            )
        if pos_label not in present.tolist() and len(present) == 2:
            raise ValueError(
                f"{fn}: pos_label={pos_label!r} is not one of the labels {present.tolist()}"
            )
        labels = np.asarray([pos_label])
    elif labels is None:
        labels = present

    cm = confusion_matrix(t, p, labels=np.union1d(present, labels))
    # Pick the rows/columns of ``labels`` out of the full matrix.
    idx = np.searchsorted(np.union1d(present, labels), labels)
    tp = cm[idx, idx]
    predicted = cm[:, idx].sum(axis=0)  # TP + FP
    actual = cm[idx, :].sum(axis=1)  # TP + FN, the support
    if average == "micro":  # pool the counts of all classes into one
        tp, predicted, actual = (a.sum(keepdims=True) for a in (tp, predicted, actual))

    precision = _divide(tp, predicted, zero_division)
    recall = _divide(tp, actual, zero_division)
    f1 = _divide(2 * tp, predicted + actual, zero_division)  # 2TP / (2TP + FP + FN)
    if average is None:
        return precision, recall, f1
    weights = actual if average == "weighted" else None
    return tuple(_nan_average(s, weights) for s in (precision, recall, f1))


def _binary_targets(
    y_true, y_score, pos_label: int | str | bool | None, fn: str
) -> tuple[np.ndarray, np.ndarray]:
    """Check a binary task: ``y_true (N,)`` -> 0/1 floats, scores ``(N,)`` floats."""
    t = _labels_1d(y_true, "y_true", fn)
    s = np.asarray(y_score)
    if s.ndim == 2 and s.shape[1] == 1:
        s = s.reshape(-1)
    if s.ndim != 1:
        raise ValueError(
            f"{fn}: expected y_score as one score per sample, shape (N,), got shape "
            f"{s.shape}; for class probabilities (N, 2) pass the positive column"
        )
    if len(s) != len(t):
        raise ValueError(
            f"{fn}: expected y_true and y_score with the same number of samples, "
            f"got {len(t)} and {len(s)}"
        )
    if s.dtype.kind not in "iufb" or not np.all(np.isfinite(s)):
        raise ValueError(f"{fn}: expected finite numeric scores, got dtype {s.dtype}")
    classes = np.unique(t).tolist()
    if pos_label is None:
        if classes not in ([0, 1], [-1, 1], [0], [1], [-1]):
            raise ValueError(
                f"{fn}: y_true takes the values {classes}; expected 0/1 or -1/1 labels, "
                "or pass pos_label to name the positive class"
            )
        pos_label = 1
    if len(classes) > 2:
        raise ValueError(f"{fn}: expected two classes in y_true, got {len(classes)}: {classes}")
    return (t == pos_label).astype(np.float64), s.astype(np.float64)


def _counts_at_thresholds(
    is_pos: np.ndarray, score: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """False and true positives when flagging ``score >= threshold``, per distinct score.

    Returns ``(fps, tps, thresholds)``, each ``(K,)`` for the ``K`` distinct
    scores in decreasing order. Tied scores are flagged together.
    """
    order = np.argsort(-score, kind="stable")  # descending scores
    score, is_pos = score[order], is_pos[order]
    # The last index of each run of equal scores: one threshold per distinct score.
    last = np.r_[np.flatnonzero(np.diff(score)), len(score) - 1]
    tps = np.cumsum(is_pos)[last]  # positives with score >= threshold
    fps = 1.0 + last - tps  # negatives with score >= threshold
    return fps, tps, score[last]


def roc_curve(
    y_true: np.ndarray,
    y_score: np.ndarray,
    pos_label: int | str | bool | None = None,
    drop_intermediate: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Receiver operating characteristic: true- vs false-positive rate per threshold.

    Predicting "positive" when ``score >= threshold`` gives, for each threshold,

        TPR = TP / P        (recall: the share of positives found)
        FPR = FP / N_neg    (the share of negatives wrongly flagged)

    with ``P`` positives and ``N_neg`` negatives. Sweeping the threshold down
    through the distinct scores, from ``+inf`` (nothing flagged, the point
    (0, 0)) to the smallest score (everything flagged, (1, 1)), traces the
    curve. Tied scores move together, so a tie is one diagonal step.

    With ``drop_intermediate`` (the default, as in scikit-learn), points that
    lie on a straight line between their neighbours are dropped: they do not
    change the plotted curve or the area under it. With False there is one
    point per distinct score, plus the first point (0, 0).

    Args:
        y_true: true binary labels ``(N,)``: 0/1, -1/1, or any two labels
            with ``pos_label`` set.
        y_score: scores ``(N,)``, higher meaning "more likely positive"
            (probabilities, logits, margins).
        pos_label: the positive class; default 1 for 0/1 or -1/1 labels.
        drop_intermediate: drop collinear points (see above).

    Returns:
        ``(fpr, tpr, thresholds)``: three float64 arrays ``(K,)``, with
        thresholds decreasing from ``inf``.

    Raises:
        ValueError: if ``y_true`` does not hold both classes, holds more than
            two, or shapes do not match.
    """
    fn = "roc_curve"
    is_pos, score = _binary_targets(y_true, y_score, pos_label, fn)
    n_pos = is_pos.sum()
    if n_pos == 0 or n_pos == len(is_pos):
        raise ValueError(
            f"{fn}: expected both positive and negative samples in y_true, got only "
            f"{'negatives' if n_pos == 0 else 'positives'}; the curve is undefined"
        )
    fps, tps, thresholds = _counts_at_thresholds(is_pos, score)
    if drop_intermediate and len(fps) > 2:
        # Keep a point only where the curve bends (a nonzero second difference).
        corner = np.r_[True, (np.diff(fps, 2) != 0) | (np.diff(tps, 2) != 0), True]
        tps, fps, thresholds = tps[corner], fps[corner], thresholds[corner]
    tps, fps = np.r_[0.0, tps], np.r_[0.0, fps]
    thresholds = np.r_[np.inf, thresholds]
    return fps / fps[-1], tps / tps[-1], thresholds


def roc_auc(
    y_true: np.ndarray, y_score: np.ndarray, pos_label: int | str | bool | None = None
) -> float:
    """Area under the ROC curve (scikit-learn's ``roc_auc_score``, binary case).

    ``AUC = sum_k (FPR_k - FPR_{k-1}) * (TPR_k + TPR_{k-1}) / 2``, the trapezoid
    rule over ``roc_curve``. It equals the probability that a random positive
    scores higher than a random negative, counting ties as one half. 0.5 is
    chance, 1.0 a perfect ranking.

    Args:
        y_true: true binary labels ``(N,)`` (see ``roc_curve``).
        y_score: scores ``(N,)``, higher meaning "more likely positive".
        pos_label: the positive class; default 1 for 0/1 or -1/1 labels.

    Returns:
        A float in [0, 1].

    Raises:
        ValueError: as ``roc_curve``, e.g. if ``y_true`` holds only one class.
    """
    fpr, tpr, _ = roc_curve(y_true, y_score, pos_label=pos_label)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2.0))


def precision_recall_curve(
    y_true: np.ndarray,
    y_score: np.ndarray,
    pos_label: int | str | bool | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision and recall for every threshold (scikit-learn's ``precision_recall_curve``).

    Predicting "positive" when ``score >= threshold``, for each distinct score
    as the threshold::

        precision = TP / (TP + FP)    recall = TP / P

    Unlike the ROC curve, precision depends on how rare the positives are, so
    the PR curve shows what a detector of a rare class is worth. The arrays
    run from the lowest threshold (everything flagged, recall 1) to the
    highest, and end with the point ``precision = 1, recall = 0``, which has
    no threshold.

    Args:
        y_true: true binary labels ``(N,)`` (see ``roc_curve``).
        y_score: scores ``(N,)``, higher meaning "more likely positive".
        pos_label: the positive class; default 1 for 0/1 or -1/1 labels.

    Returns:
        ``(precision, recall, thresholds)``: float64 arrays ``(K + 1,)``,
        ``(K + 1,)`` and ``(K,)``, thresholds increasing.

    Raises:
        ValueError: if ``y_true`` holds no positive sample, more than two
            classes, or shapes do not match.
    """
    fn = "precision_recall_curve"
    is_pos, score = _binary_targets(y_true, y_score, pos_label, fn)
    if is_pos.sum() == 0:
        raise ValueError(f"{fn}: expected positive samples in y_true, got none")
    fps, tps, thresholds = _counts_at_thresholds(is_pos, score)
    precision = tps / (tps + fps)  # tps + fps >= 1: every threshold flags a sample
    recall = tps / tps[-1]
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thresholds[::-1]


def average_precision(
    y_true: np.ndarray,
    y_score: np.ndarray,
    pos_label: int | str | bool | None = None,
) -> float:
    """Area under the precision-recall curve as a step function (``average_precision_score``).

    ``AP = sum_k (R_k - R_{k-1}) * P_k``: the precision at each threshold,
    weighted by how much recall that threshold adds. No interpolation is
    used, so AP is not optimistic. A random ranking scores about the share of
    positives; a perfect one scores 1.

    Args:
        y_true: true binary labels ``(N,)`` (see ``roc_curve``).
        y_score: scores ``(N,)``, higher meaning "more likely positive".
        pos_label: the positive class; default 1 for 0/1 or -1/1 labels.

    Returns:
        A float in [0, 1].

    Raises:
        ValueError: as ``precision_recall_curve``.
    """
    precision, recall, _ = precision_recall_curve(y_true, y_score, pos_label=pos_label)
    return float(-np.sum(np.diff(recall) * precision[:-1]))


def calibration_curve(
    y_true: np.ndarray,
    y_prob: np.ndarray,
    n_bins: int = 5,
    strategy: str = "uniform",
    pos_label: int | str | bool | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Reliability diagram data: observed frequency against predicted probability.

    The predicted probabilities are put into ``n_bins`` bins. For every bin
    that holds a sample::

        prob_pred = mean predicted probability in the bin
        prob_true = share of positives among the bin's samples

    A calibrated model has ``prob_true`` close to ``prob_pred``: of the
    samples it gives 80 %, about 80 % are positive. Plotting ``prob_true``
    against ``prob_pred`` gives the reliability diagram; the diagonal is
    perfect calibration. This is scikit-learn's
    ``sklearn.calibration.calibration_curve``.

    Args:
        y_true: true binary labels ``(N,)`` (see ``roc_curve``).
        y_prob: predicted probabilities of the positive class ``(N,)``, in [0, 1].
        n_bins: number of bins, >= 1.
        strategy: ``"uniform"``: equal-width bins on [0, 1];
            ``"quantile"``: bins holding about the same number of samples.
        pos_label: the positive class; default 1 for 0/1 or -1/1 labels.

    Returns:
        ``(prob_true, prob_pred)``: float64 arrays ``(B,)``, one entry per
        non-empty bin (``B <= n_bins``), in increasing order of probability.

    Raises:
        ValueError: for probabilities outside [0, 1], an unknown strategy,
            ``n_bins < 1``, or labels as in ``roc_curve``.
    """
    fn = "calibration_curve"
    is_pos, prob = _binary_targets(y_true, y_prob, pos_label, fn)
    if prob.min() < 0 or prob.max() > 1:
        raise ValueError(f"{fn}: expected probabilities in [0, 1] in y_prob")
    if isinstance(n_bins, bool) or not isinstance(n_bins, int) or n_bins < 1:
        raise ValueError(f"{fn}: expected n_bins as an int >= 1, got {n_bins!r}")
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    elif strategy == "quantile":
        edges = np.percentile(prob, np.linspace(0, 1, n_bins + 1) * 100)
    else:
        raise ValueError(f"{fn}: expected strategy 'uniform' or 'quantile', got {strategy!r}")
    bin_of = np.searchsorted(edges[1:-1], prob)  # bin index of every sample
    total = np.bincount(bin_of, minlength=n_bins)
    sum_prob = np.bincount(bin_of, weights=prob, minlength=n_bins)
    sum_true = np.bincount(bin_of, weights=is_pos, minlength=n_bins)
    used = total != 0
    return sum_true[used] / total[used], sum_prob[used] / total[used]


def log_loss(y_true: np.ndarray, y_prob: np.ndarray, labels: np.ndarray | None = None) -> float:
    """Mean negative log-probability of the true class (cross-entropy).

    ``log_loss = -(1/N) * sum_n log p_n[y_n]``, with each probability first
    clipped to ``[eps, 1 - eps]`` (``eps`` the machine epsilon of the dtype) so
    that a confident mistake costs a large but finite amount.

    Args:
        y_true: true labels ``(N,)``.
        y_prob: probabilities: ``(N, C)`` with rows summing to 1 and columns in
            the sorted order of the classes, or ``(N,)`` (or ``(N, 1)``) the
            probability of the larger of two classes.
        labels: all classes ``(C,)``, needed when ``y_true`` does not contain
            every class. Default: the sorted labels of ``y_true``.

    Returns:
        A float >= 0 (natural logarithm).

    Raises:
        ValueError: for probabilities outside [0, 1], rows that do not sum to
            1, a column count that does not match the number of classes, a
            label not in ``labels``, fewer than two classes, or mismatched
            lengths.
    """
    fn = "log_loss"
    t = _labels_1d(y_true, "y_true", fn)
    prob = np.asarray(y_prob)
    if prob.dtype.kind != "f":
        prob = prob.astype(np.float64)
    if prob.ndim not in (1, 2) or len(prob) != len(t):
        raise ValueError(
            f"{fn}: expected y_prob of shape (N,) or (N, C) with N = {len(t)}, "
            f"got shape {prob.shape}"
        )
    if not np.all(np.isfinite(prob)) or prob.min() < 0 or prob.max() > 1:
        raise ValueError(f"{fn}: expected probabilities in [0, 1] in y_prob")
    classes = np.unique(t) if labels is None else np.unique(np.asarray(labels))
    if len(classes) < 2:
        raise ValueError(
            f"{fn}: y_true holds only the class {classes.tolist()}; pass labels=[...] "
            "with every class so the columns of y_prob can be matched"
        )
    if prob.ndim == 1 or prob.shape[1] == 1:
        prob = prob.reshape(-1, 1)
        prob = np.concatenate([1 - prob, prob], axis=1)  # (N,) is P(larger class)
    if prob.shape[1] != len(classes):
        raise ValueError(
            f"{fn}: y_prob has {prob.shape[1]} columns but there are {len(classes)} "
            f"classes {classes.tolist()}; pass labels=[...] with every class"
        )
    eps = np.finfo(prob.dtype).eps
    row_sums = prob.sum(axis=1)
    if not np.allclose(row_sums, 1.0, rtol=np.sqrt(eps), atol=0.0):
        worst = row_sums[np.argmax(np.abs(row_sums - 1))]
        raise ValueError(f"{fn}: expected rows of y_prob to sum to 1, one sums to {worst}")
    col = np.searchsorted(classes, t)
    col = np.minimum(col, len(classes) - 1)
    unknown = classes[col] != t
    if unknown.any():
        raise ValueError(
            f"{fn}: y_true holds the label {t[unknown].tolist()[0]!r}, which is not one of "
            f"the classes {classes.tolist()}"
        )
    p_true = np.clip(prob[np.arange(len(t)), col], eps, 1 - eps)
    return float(-np.mean(np.log(p_true)))
