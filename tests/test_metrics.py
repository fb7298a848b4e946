"""Tests for dlnotes/metrics.py."""

import numpy as np
import pytest
import sklearn.calibration
import sklearn.metrics as sk  # a test dependency (requirements.in)

from dlnotes.metrics import (
    accuracy,
    average_precision,
    calibration_curve,
    confusion_matrix,
    log_loss,
    mse,
    precision_recall_curve,
    precision_recall_f1,
    r2,
    roc_auc,
    roc_curve,
)


def test_accuracy_of_labels():
    assert accuracy(np.array([0, 1, 2, 1]), np.array([0, 1, 1, 1])) == 0.75


def test_accuracy_accepts_one_hot_and_scores():
    y_true = np.array([[1, 0, 0], [0, 0, 1]])  # one-hot: labels 0, 2
    scores = np.array([[2.0, 1.0, 0.0], [0.1, 0.5, 0.2]])  # argmax: 0, 1
    assert accuracy(y_true, scores) == 0.5
    assert accuracy(np.array([0, 2]), y_true) == 1.0


def test_accuracy_accepts_column_of_labels():
    assert accuracy(np.array([[1], [0], [1]]), np.array([1, 1, 1])) == pytest.approx(2 / 3)


def test_accuracy_rejects_different_lengths():
    with pytest.raises(ValueError, match="same number of samples"):
        accuracy(np.array([0, 1, 1]), np.array([0, 1]))


def test_mse_value_and_column_targets():
    y = np.array([1.0, 2.0, 3.0])
    pred = np.array([[1.0], [2.0], [5.0]])  # (N, 1) network output
    assert mse(y, pred) == pytest.approx(4.0 / 3.0)
    assert isinstance(mse(y, pred), float)


def test_mse_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        mse(np.zeros(3), np.zeros(4))


def test_r2_perfect_mean_and_hand_value():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    assert r2(y, y) == 1.0
    assert r2(y, np.full(4, y.mean())) == 0.0
    pred = np.array([1.0, 2.0, 3.0, 5.0])
    # ss_res = 1, ss_tot = 5
    assert r2(y, pred) == pytest.approx(0.8)
    assert r2(y, -y) < 0


def test_r2_averages_columns_and_handles_constant_target():
    y = np.column_stack([[1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0]])
    pred = np.column_stack([[1.0, 2.0, 3.0, 5.0], [0.0, 0.0, 0.0, 0.0]])
    assert r2(y, pred) == pytest.approx((0.8 + 1.0) / 2)
    assert r2(np.zeros(3), np.ones(3)) == 0.0


# ------------------------------------------------ classification vs sklearn


def random_labels(seed: int, n: int = 200, k: int = 4):
    rng = np.random.default_rng(seed)
    return rng.integers(0, k, n), rng.integers(0, k, n)


@pytest.mark.parametrize("seed", range(5))
def test_confusion_matrix_matches_sklearn(seed):
    t, p = random_labels(seed)
    np.testing.assert_array_equal(confusion_matrix(t, p), sk.confusion_matrix(t, p))
    labels = [3, 0, 5]  # a subset in a chosen order, plus an absent class
    np.testing.assert_array_equal(
        confusion_matrix(t, p, labels=labels), sk.confusion_matrix(t, p, labels=labels)
    )
    for norm in ("true", "pred", "all"):
        np.testing.assert_allclose(
            confusion_matrix(t, p, normalize=norm),
            sk.confusion_matrix(t, p, normalize=norm),
            rtol=0,
            atol=1e-12,
        )


def test_confusion_matrix_by_hand_and_string_labels():
    t = np.array(["cat", "dog", "dog", "cat", "dog"])
    p = np.array(["cat", "cat", "dog", "cat", "dog"])
    # rows: true cat, dog; columns: predicted cat, dog
    np.testing.assert_array_equal(confusion_matrix(t, p), [[2, 0], [1, 2]])


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("average", ["macro", "micro", "weighted", None])
@pytest.mark.parametrize("zero_division", [0.0, 1.0])
def test_precision_recall_f1_multiclass_matches_sklearn(seed, average, zero_division):
    t, p = random_labels(seed, n=30, k=5)  # small n: some classes never predicted
    ours = precision_recall_f1(t, p, average=average, zero_division=zero_division)
    kw = {"average": average, "zero_division": zero_division}
    theirs = (sk.precision_score(t, p, **kw), sk.recall_score(t, p, **kw), sk.f1_score(t, p, **kw))
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


@pytest.mark.parametrize("average", ["macro", "micro", "weighted", None])
def test_precision_recall_f1_with_labels_matches_sklearn(average):
    t, p = random_labels(7, n=50, k=4)
    labels = [2, 0, 9]
    ours = precision_recall_f1(t, p, average=average, labels=labels)
    kw = {"average": average, "labels": labels, "zero_division": 0.0}
    theirs = (sk.precision_score(t, p, **kw), sk.recall_score(t, p, **kw), sk.f1_score(t, p, **kw))
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


def test_precision_recall_f1_nan_zero_division_matches_sklearn():
    t, p = np.array([0, 0, 1, 1, 2]), np.array([0, 0, 0, 1, 1])  # class 2 never predicted
    for average in ("macro", "weighted", None):
        ours = precision_recall_f1(t, p, average=average, zero_division=np.nan)
        kw = {"average": average, "zero_division": np.nan}
        np.testing.assert_allclose(ours[0], sk.precision_score(t, p, **kw), atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_precision_recall_f1_binary_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    t, p = rng.integers(0, 2, 40), rng.integers(0, 2, 40)
    ours = precision_recall_f1(t, p)
    theirs = (sk.precision_score(t, p), sk.recall_score(t, p), sk.f1_score(t, p))
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)
    ours = precision_recall_f1(t, p, pos_label=0)
    theirs = (
        sk.precision_score(t, p, pos_label=0),
        sk.recall_score(t, p, pos_label=0),
        sk.f1_score(t, p, pos_label=0),
    )
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)
    assert all(isinstance(v, float) for v in ours)


def test_precision_recall_f1_by_hand():
    t = np.array([1, 1, 1, 0, 0])
    p = np.array([1, 1, 0, 1, 0])  # TP 2, FN 1, FP 1
    precision, recall, f1 = precision_recall_f1(t, p)
    assert (precision, recall) == (2 / 3, 2 / 3)
    assert f1 == pytest.approx(2 / 3)
    # micro-averaged over every class, all three equal the accuracy
    assert precision_recall_f1(t, p, average="micro") == pytest.approx((0.6, 0.6, 0.6))


def test_precision_recall_f1_rejects_bad_input():
    with pytest.raises(ValueError, match="at most two classes"):
        precision_recall_f1([0, 1, 2], [0, 1, 1])
    with pytest.raises(ValueError, match="pos_label=5"):
        precision_recall_f1([0, 1], [1, 1], pos_label=5)
    with pytest.raises(ValueError, match="average"):
        precision_recall_f1([0, 1], [1, 1], average="samples")
    with pytest.raises(ValueError, match="same number of samples, got 3 and 2"):
        precision_recall_f1([0, 1, 1], [1, 1])
    with pytest.raises(ValueError, match=r"shape \(N,\), got shape \(2, 2\)"):
        precision_recall_f1(np.eye(2), np.eye(2))


def scores_with_ties(seed: int, n: int = 300):
    rng = np.random.default_rng(seed)
    t = rng.integers(0, 2, n)
    s = np.round(rng.standard_normal(n) + t, 1)  # rounding makes many ties
    return t, s


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("drop", [True, False])
def test_roc_curve_with_ties_matches_sklearn(seed, drop):
    t, s = scores_with_ties(seed)
    ours = roc_curve(t, s, drop_intermediate=drop)
    theirs = sk.roc_curve(t, s, drop_intermediate=drop)
    for a, b in zip(ours, theirs, strict=True):
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


def test_roc_curve_distinct_points_without_dropping():
    t, s = scores_with_ties(0)
    fpr, tpr, thr = roc_curve(t, s, drop_intermediate=False)
    assert len(thr) == len(np.unique(s)) + 1  # one per distinct score, plus (0, 0)
    assert (fpr[0], tpr[0], fpr[-1], tpr[-1]) == (0.0, 0.0, 1.0, 1.0)
    assert np.all(np.diff(thr) < 0)


def test_roc_curve_pos_label_and_minus_one_labels():
    t, s = scores_with_ties(3)
    words = np.where(t == 1, "spam", "ham")
    for a, b in zip(roc_curve(words, s, pos_label="spam"), roc_curve(t, s), strict=True):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(roc_curve(2 * t - 1, s), roc_curve(t, s), strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("seed", range(8))
def test_roc_auc_matches_sklearn(seed):
    t, s = scores_with_ties(seed)
    assert abs(roc_auc(t, s) - sk.roc_auc_score(t, s)) < 1e-12
    rng = np.random.default_rng(seed)
    u = rng.random(300)  # no ties
    assert abs(roc_auc(t, u) - sk.roc_auc_score(t, u)) < 1e-12


def test_roc_auc_is_the_probability_a_positive_outranks_a_negative():
    t, s = scores_with_ties(1, n=120)
    pos, neg = s[t == 1][:, None], s[t == 0][None, :]
    pairwise = np.mean((pos > neg) + 0.5 * (pos == neg))
    assert roc_auc(t, s) == pytest.approx(pairwise, abs=1e-12)
    assert roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]) == 1.0


def test_roc_rejects_bad_input():
    with pytest.raises(ValueError, match="both positive and negative"):
        roc_curve([1, 1, 1], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="pass pos_label"):
        roc_auc([1, 2, 2], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="two classes in y_true, got 3"):
        roc_auc([0, 1, 2], [0.1, 0.2, 0.3], pos_label=1)
    with pytest.raises(ValueError, match=r"shape \(N,\), got shape \(3, 2\)"):
        roc_auc([0, 1, 1], np.ones((3, 2)))
    with pytest.raises(ValueError, match="same number of samples, got 3 and 2"):
        roc_auc([0, 1, 1], [0.1, 0.2])


@pytest.mark.parametrize("seed", range(5))
def test_log_loss_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    t = rng.integers(0, 4, 100)
    logits = 3 * rng.standard_normal((100, 4))
    prob = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    prob[0] = [1.0, 0.0, 0.0, 0.0]  # a confident, maybe wrong row: clipping matters
    t[0] = 1
    assert abs(log_loss(t, prob) - sk.log_loss(t, prob)) < 1e-12
    # binary, positive-class probabilities (N,)
    tb = rng.integers(0, 2, 100)
    pb = rng.random(100)
    assert abs(log_loss(tb, pb) - sk.log_loss(tb, pb)) < 1e-12
    # float32 clips at float32's epsilon, as sklearn does
    p32 = prob.astype(np.float32)
    p32 /= p32.sum(axis=1, keepdims=True)
    assert abs(log_loss(t, p32) - sk.log_loss(t, p32)) < 1e-6
    # a class missing from y_true, named by labels
    t3 = np.where(t == 3, 0, t)
    labels = [0, 1, 2, 3]
    assert abs(log_loss(t3, prob, labels=labels) - sk.log_loss(t3, prob, labels=labels)) < 1e-12


def test_log_loss_rejects_bad_input():
    with pytest.raises(ValueError, match="sum to 1"):
        log_loss([0, 1], [[0.5, 0.6], [0.5, 0.5]])
    with pytest.raises(ValueError, match="3 columns but there are 2 classes"):
        log_loss([0, 1], np.full((2, 3), 1 / 3))
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        log_loss([0, 1], [1.5, 0.2])
    with pytest.raises(ValueError, match="label 7"):
        log_loss([0, 7], [[0.5, 0.5], [0.5, 0.5]], labels=[0, 1])
    with pytest.raises(ValueError, match="only the class"):
        log_loss([1, 1], [0.5, 0.5])


@pytest.mark.parametrize("seed", range(8))
def test_precision_recall_curve_and_average_precision_match_sklearn(seed):
    t, s = scores_with_ties(seed)
    for a, b in zip(precision_recall_curve(t, s), sk.precision_recall_curve(t, s), strict=True):
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
    assert abs(average_precision(t, s) - sk.average_precision_score(t, s)) < 1e-12
    u = np.random.default_rng(seed).random(300)  # no ties
    assert abs(average_precision(t, u) - sk.average_precision_score(t, u)) < 1e-12


def test_average_precision_by_hand_and_errors():
    # ranking: pos, neg, pos -> precision 1 at recall 0.5, 2/3 at recall 1
    assert average_precision([1, 0, 1], [0.9, 0.5, 0.1]) == pytest.approx(0.5 + 0.5 * 2 / 3)
    with pytest.raises(ValueError, match="expected positive samples"):
        precision_recall_curve([0, 0], [0.1, 0.2])


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("n_bins", [1, 5, 10])
def test_calibration_curve_matches_sklearn(seed, strategy, n_bins):
    rng = np.random.default_rng(seed)
    prob = rng.random(200) ** 2  # skewed: some uniform bins stay empty
    prob[:5] = [0.0, 1.0, 0.2, 0.4, 0.6]  # values on bin edges
    t = (rng.random(200) < prob).astype(int)
    ours = calibration_curve(t, prob, n_bins=n_bins, strategy=strategy)
    theirs = sklearn.calibration.calibration_curve(t, prob, n_bins=n_bins, strategy=strategy)
    for a, b in zip(ours, theirs, strict=True):
        assert a.shape == b.shape
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


def test_calibration_curve_rejects_bad_input():
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        calibration_curve([0, 1], [0.5, 1.5])
    with pytest.raises(ValueError, match="strategy 'uniform' or 'quantile'"):
        calibration_curve([0, 1], [0.5, 0.5], strategy="kmeans")
    with pytest.raises(ValueError, match="n_bins as an int >= 1, got 0"):
        calibration_curve([0, 1], [0.5, 0.5], n_bins=0)
