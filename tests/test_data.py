"""Tests for dlnotes/data.py: shapes, determinism, and the promised structure."""

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from dlnotes import data
from dlnotes.metrics import r2


def test_xor_is_the_xor_truth_table():
    X, y = data.xor()
    assert X.shape == (4, 2) and X.dtype == np.float64
    assert np.issubdtype(y.dtype, np.integer)
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0], X[:, 1]))


@pytest.mark.parametrize(
    "make",
    [
        lambda seed: data.spirals(50, 4, seed=seed),
        lambda seed: data.moons(101, seed=seed),
        lambda seed: data.box_office(80, seed=seed),
        lambda seed: data.defects(20, size=12, seed=seed),
    ],
)
def test_generators_are_deterministic_given_a_seed(make):
    X1, y1 = make(3)
    X2, y2 = make(3)
    X3, _ = make(4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    X4, _ = make(np.random.default_rng(3))  # a Generator works too
    np.testing.assert_array_equal(X1, X4)


def test_spirals_shapes_and_radius():
    X, y = data.spirals(n_per_class=60, classes=4, noise=0.3, seed=1)
    assert X.shape == (240, 2) and y.shape == (240,)
    np.testing.assert_array_equal(np.bincount(y), [60] * 4)
    # The noise turns the angle only, so every point keeps its radius in [0, 1].
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[:60], np.linspace(0, 1, 60), atol=1e-12)


def test_moons_without_noise_lie_on_two_half_circles():
    X, y = data.moons(n=101, noise=0.0)
    assert X.shape == (101, 2)
    np.testing.assert_array_equal(np.bincount(y), [51, 50])
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)
    assert (upper[:, 1] >= 0).all() and (lower[:, 1] <= 0.5).all()


def box_office_formula(X):
    budget, advertising, star_power, week = X.T
    awareness = 1 - np.exp(-advertising / 25)
    appeal = 0.2 + 0.16 * star_power
    season = 1 + 0.35 * np.cos(2 * np.pi * week / 26)
    return budget * (0.3 + 3 * awareness * appeal) * season


def test_box_office_follows_its_documented_formula():
    X, y = data.box_office(n=4000, seed=2)
    assert X.shape == (4000, 4) and y.shape == (4000,)
    assert data.BOX_OFFICE_FEATURES == (
        "budget",
        "advertising",
        "star_power",
        "release_timing",
    )
    lo, hi = X.min(axis=0), X.max(axis=0)
    assert (lo >= [10, 0, 0, 1]).all() and (hi <= [200, 100, 10, 52]).all()
    np.testing.assert_array_equal(X[:, 3], np.round(X[:, 3]))  # whole weeks
    assert (y > 0).all()
    log_noise = np.log(y / box_office_formula(X))  # documented: 0.1 * N(0, 1)
    assert abs(log_noise.mean()) < 0.01 and log_noise.std() == pytest.approx(0.1, rel=0.05)


def test_box_office_is_far_from_a_straight_line_in_budget():
    X, y = data.box_office(n=2000, seed=0)
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, seed=0)
    A = np.column_stack([X_tr[:, 0], np.ones(len(X_tr))])
    w, *_ = np.linalg.lstsq(A, y_tr, rcond=None)
    line = r2(y_te, w[0] * X_te[:, 0] + w[1])
    oracle = r2(y_te, box_office_formula(X_te))
    assert line < 0.5 and oracle > 0.95


def local_contrast(X):
    """Largest |pixel - mean of its 3x3 neighbourhood| in each image."""
    windows = sliding_window_view(X[:, 0], (3, 3), axis=(1, 2))
    return np.abs(X[:, 0, 1:-1, 1:-1] - windows.mean(axis=(-1, -2))).max(axis=(1, 2))


def test_defects_images_and_labels():
    X, y = data.defects(n=400, size=16, defective_fraction=0.5, seed=0)
    assert X.shape == (400, 1, 16, 16) and X.dtype == np.float64
    assert X.min() >= 0.0 and X.max() <= 1.0
    assert set(np.unique(y)) == {0, 1} and 0.4 < y.mean() < 0.6
    # Mean brightness says little about the label: it varies more between
    # images than a defect shifts it ...
    brightness = X.mean(axis=(1, 2, 3))
    gap = abs(brightness[y == 1].mean() - brightness[y == 0].mean())
    assert gap < 0.25 * brightness.std()
    # ... while a small local detector, applied everywhere, separates the classes.
    contrast = local_contrast(X)
    threshold = np.median(contrast)
    assert np.mean((contrast > threshold) == y) > 0.85


def test_defects_are_rare_by_default():
    _, y = data.defects(n=4000, seed=0)
    assert 0.06 < y.mean() < 0.10  # documented default: 8 %
    assert data.defects(n=50, defective_fraction=0.0)[1].sum() == 0
    assert data.defects(n=50, defective_fraction=1.0)[1].sum() == 50


def test_defects_fraction_changes_only_the_labels_and_marks():
    # The same seed draws the same surfaces; only which images get a defect changes.
    X_few, y_few = data.defects(n=300, defective_fraction=0.1, seed=1)
    X_many, y_many = data.defects(n=300, defective_fraction=0.6, seed=1)
    assert y_many.sum() > 3 * y_few.sum()
    good_in_both = (y_few == 0) & (y_many == 0)
    np.testing.assert_array_equal(X_few[good_in_both], X_many[good_in_both])


def test_defects_errors():
    with pytest.raises(ValueError, match=r"defective_fraction in \[0, 1\], got 1.5"):
        data.defects(n=10, defective_fraction=1.5)
    with pytest.raises(ValueError, match="n >= 1 and size >= 8"):
        data.defects(n=10, size=4)


def test_train_test_split_partitions_the_samples():
    X = np.arange(20).reshape(10, 2)
    y = np.arange(10)
    X_tr, X_te, y_tr, y_te = data.train_test_split(X, y, test_fraction=0.3, seed=5)
    assert len(X_te) == 3 and len(X_tr) == 7
    np.testing.assert_array_equal(X_tr[:, 0] // 2, y_tr)  # rows stay paired
    np.testing.assert_array_equal(np.sort(np.concatenate([y_tr, y_te])), y)
    again = data.train_test_split(X, y, test_fraction=0.3, seed=5)
    np.testing.assert_array_equal(again[1], X_te)


def test_train_test_split_errors():
    with pytest.raises(ValueError, match="10 samples but y has 9"):
        data.train_test_split(np.zeros((10, 2)), np.zeros(9))
    with pytest.raises(ValueError, match="test_fraction"):
        data.train_test_split(np.zeros((10, 2)), np.zeros(10), test_fraction=0.0)


def test_one_hot():
    out = data.one_hot(np.array([2, 0, 1]))
    np.testing.assert_array_equal(out, [[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    assert data.one_hot(np.array([0, 1]), num_classes=4).shape == (2, 4)
    with pytest.raises(TypeError, match="integer labels"):
        data.one_hot(np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"labels in \[0, 2\)"):
        data.one_hot(np.array([0, 2]), num_classes=2)
