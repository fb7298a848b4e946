"""Tests for dlnotes/metrics.py."""

import numpy as np
import pytest

from dlnotes.metrics import accuracy, mse, r2


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
