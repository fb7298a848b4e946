"""Tests for dlnotes/losses.py."""

import re

import numpy as np
import pytest

from dlnotes.gradcheck import numerical_gradient, relative_error
from dlnotes.losses import MSE, BinaryCrossEntropy, CrossEntropy


def check_grad(loss, pred, target):
    """Worst relative error between the loss's gradient and central differences."""
    _, grad = loss(pred, target)
    numeric = numerical_gradient(lambda p: loss(p, target)[0], pred)
    return relative_error(grad, numeric)


# --------------------------------------------------------------------- MSE


def test_mse_is_the_mean_over_all_elements():
    pred = np.array([[1.0, 2.0], [3.0, 4.0]])
    target = np.array([[1.0, 0.0], [0.0, 4.0]])
    value, grad = MSE()(pred, target)
    assert value == pytest.approx((0 + 4 + 9 + 0) / 4)
    np.testing.assert_allclose(grad, 2 * (pred - target) / 4)


def test_mse_gradient(rng):
    assert check_grad(MSE(), rng.standard_normal((5, 3)), rng.standard_normal((5, 3))) < 1e-6


def test_mse_accepts_flat_target_for_single_output(rng):
    pred = rng.standard_normal((6, 1))
    target = rng.standard_normal(6)
    value, grad = MSE()(pred, target)
    assert value == pytest.approx(np.mean((pred[:, 0] - target) ** 2))
    assert grad.shape == (6, 1)


def test_mse_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=re.escape("(4, 2)") + ".*" + re.escape("(4, 3)")):
        MSE()(np.zeros((4, 2)), np.zeros((4, 3)))


# --------------------------------------------------------------------- BCE


def test_bce_from_logits_matches_the_definition(rng):
    z = rng.standard_normal(8) * 3
    y = rng.integers(0, 2, size=8)
    p = 1 / (1 + np.exp(-z))
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    value, grad = BinaryCrossEntropy()(z, y)
    assert value == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(grad, (p - y) / 8, rtol=1e-12)


@pytest.mark.parametrize("from_logits", [True, False])
def test_bce_gradient(from_logits, rng):
    pred = rng.standard_normal((6, 1))
    if not from_logits:
        pred = rng.uniform(0.05, 0.95, size=(6, 1))
    target = rng.integers(0, 2, size=(6, 1)).astype(float)
    assert check_grad(BinaryCrossEntropy(from_logits=from_logits), pred, target) < 1e-6


def test_bce_from_logits_is_exact_for_huge_logits():
    z = np.array([1e4, -1e4, 1e4, -1e4])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    value, grad = BinaryCrossEntropy()(z, y)
    # right answers cost 0, wrong ones cost |z| = 1e4 each
    assert value == pytest.approx((0 + 0 + 1e4 + 1e4) / 4)
    np.testing.assert_allclose(grad, np.array([0.0, 0.0, 1.0, -1.0]) / 4)


def test_bce_probabilities_at_0_and_1_stay_finite():
    p = np.array([0.0, 1.0, 0.0, 1.0])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    value, grad = BinaryCrossEntropy(from_logits=False)(p, y)
    assert value == pytest.approx(2 * 100 / 4)  # log clamped at -100, like PyTorch
    assert np.all(np.isfinite(grad))


def test_bce_labels():
    assert BinaryCrossEntropy().labels(np.array([[-0.1], [0.2], [0.0]])).tolist() == [0, 1, 0]
    labels = BinaryCrossEntropy(from_logits=False).labels(np.array([0.4, 0.6]))
    assert labels.tolist() == [0, 1] and labels.dtype.kind == "i"


def test_bce_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=re.escape("(4, 1)") + ".*" + re.escape("(3,)")):
        BinaryCrossEntropy()(np.zeros((4, 1)), np.zeros(3))


# ------------------------------------------------------------ CrossEntropy


def test_cross_entropy_matches_the_definition(rng):
    z = rng.standard_normal((5, 4)) * 2
    y = rng.integers(0, 4, size=5)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    value, grad = CrossEntropy()(z, y)
    assert value == pytest.approx(-np.mean(np.log(p[np.arange(5), y])), rel=1e-12)
    np.testing.assert_allclose(grad, (p - np.eye(4)[y]) / 5, rtol=1e-12, atol=1e-17)


def test_cross_entropy_one_hot_equals_integer_labels(rng):
    z = rng.standard_normal((6, 3))
    y = rng.integers(0, 3, size=6)
    v1, g1 = CrossEntropy()(z, y)
    v2, g2 = CrossEntropy()(z, np.eye(3)[y])
    assert v1 == pytest.approx(v2, rel=1e-14)
    np.testing.assert_allclose(g1, g2, atol=1e-16)


@pytest.mark.parametrize("one_hot", [False, True])
def test_cross_entropy_gradient(one_hot, rng):
    z = rng.standard_normal((5, 4))
    y = rng.integers(0, 4, size=5)
    assert check_grad(CrossEntropy(), z, np.eye(4)[y] if one_hot else y) < 1e-6


def test_cross_entropy_is_stable_for_huge_logits():
    z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]])
    value, grad = CrossEntropy()(z, np.array([0, 0]))
    # first row is right (cost 0); second puts 2e4 more on two wrong classes
    assert value == pytest.approx((0 + 2e4 + np.log(2)) / 2)
    np.testing.assert_allclose(grad, [[0, 0, 0], [-0.5, 0.25, 0.25]], atol=1e-15)


def test_cross_entropy_labels_are_argmax():
    assert CrossEntropy().labels(np.array([[0.1, 2.0, -1.0], [3.0, 0.0, 0.0]])).tolist() == [1, 0]


def test_cross_entropy_float_labels_raise_type_error():
    with pytest.raises(TypeError, match=r"expected integer.*got dtype float64"):
        CrossEntropy()(np.zeros((3, 2)), np.array([0.0, 1.0, 1.0]))


@pytest.mark.parametrize(("labels", "bad"), [([0, 3, 1], "[0, 3]"), ([-1, 0, 2], "[-1, 2]")])
def test_cross_entropy_out_of_range_labels_name_range_and_classes(labels, bad):
    with pytest.raises(ValueError, match=re.escape("[0, 2] for C=3") + ".*" + re.escape(bad)):
        CrossEntropy()(np.zeros((3, 3)), np.array(labels))


@pytest.mark.parametrize("target_shape", [(4,), (3, 1), (3, 2)])
def test_cross_entropy_shape_mismatch_names_both_shapes(target_shape):
    target = np.zeros(target_shape, dtype=int)
    with pytest.raises(ValueError, match=re.escape("(3, 3)") + ".*" + re.escape(str(target_shape))):
        CrossEntropy()(np.zeros((3, 3)), target)


def test_cross_entropy_on_sequences_averages_over_every_position(rng):
    z = rng.standard_normal((2, 5, 4))  # (N, T, C)
    y = rng.integers(0, 4, size=(2, 5))
    value, grad = CrossEntropy()(z, y)
    flat_value, flat_grad = CrossEntropy()(z.reshape(10, 4), y.reshape(10))
    assert value == pytest.approx(flat_value, rel=1e-15)
    np.testing.assert_array_equal(grad, flat_grad.reshape(2, 5, 4))
    assert check_grad(CrossEntropy(), z, y) < 1e-6
    assert check_grad(CrossEntropy(), z, np.eye(4)[y]) < 1e-6  # one-hot (N, T, C)
    np.testing.assert_array_equal(CrossEntropy().labels(z), z.argmax(axis=-1))


def test_cross_entropy_sequence_bad_targets_say_what_was_expected():
    z = np.zeros((2, 5, 4))
    message = (
        "expected labels of shape (2, 5) or one-hot (2, 5, 4) "
        "for logits of shape (2, 5, 4), got (2, 4)"
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        CrossEntropy()(z, np.zeros((2, 4), dtype=int))
    with pytest.raises(TypeError, match=re.escape("labels of shape (2, 5), got dtype float64")):
        CrossEntropy()(z, np.zeros((2, 5)))
    with pytest.raises(TypeError, match="got dtype bool"):
        CrossEntropy()(z, np.zeros((2, 5), dtype=bool))
    with pytest.raises(
        ValueError, match=re.escape("labels in [0, 3] for C=4 classes, got values in [4, 4]")
    ):
        CrossEntropy()(z, np.full((2, 5), 4))
    message = "logits of shape (N, C) or (N, ..., C), got (4,)"
    with pytest.raises(ValueError, match=re.escape(message)):
        CrossEntropy()(np.zeros(4), np.zeros((), dtype=int))


# ------------------------------------------------------------- all losses

LOSSES = [
    (MSE(), lambda rng: rng.standard_normal((4, 3))),
    (BinaryCrossEntropy(), lambda rng: rng.integers(0, 2, size=(4, 3)).astype(float)),
    (CrossEntropy(), lambda rng: rng.integers(0, 3, size=4)),
]


@pytest.mark.parametrize(("loss", "make_target"), LOSSES, ids=repr)
def test_losses_return_float_and_keep_float32(loss, make_target, rng):
    pred = rng.standard_normal((4, 3)).astype(np.float32)
    value, grad = loss(pred, make_target(rng))
    assert isinstance(value, float)
    assert grad.shape == pred.shape and grad.dtype == np.float32


@pytest.mark.parametrize(("loss", "make_target"), LOSSES, ids=repr)
def test_losses_are_finite_at_plus_minus_1e4(loss, make_target, rng):
    pred = np.where(rng.random((4, 3)) < 0.5, -1e4, 1e4)
    value, grad = loss(pred, make_target(rng))
    assert np.isfinite(value) and np.all(np.isfinite(grad))


# ----------------------------------------------------------------- PyTorch


@pytest.mark.torch
@pytest.mark.parametrize(
    "case", ["mse", "bce_logits", "bce_probs", "ce_labels", "ce_probabilities"]
)
def test_losses_match_pytorch(case, rng):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    pred = rng.standard_normal((6, 4)) * 3
    if case == "mse":
        loss, target, torch_loss = MSE(), rng.standard_normal((6, 4)), F.mse_loss
    elif case == "bce_logits":
        loss, target = BinaryCrossEntropy(), rng.integers(0, 2, (6, 4)).astype(float)
        torch_loss = F.binary_cross_entropy_with_logits
    elif case == "bce_probs":
        pred = rng.uniform(0.01, 0.99, size=(6, 4))
        loss, target = BinaryCrossEntropy(from_logits=False), rng.random((6, 4))
        torch_loss = F.binary_cross_entropy
    elif case == "ce_labels":
        loss, target, torch_loss = CrossEntropy(), rng.integers(0, 4, size=6), F.cross_entropy
    else:  # class probabilities, rows summing to 1
        target = rng.random((6, 4))
        target /= target.sum(axis=1, keepdims=True)
        loss, torch_loss = CrossEntropy(), F.cross_entropy
    value, grad = loss(pred, target)

    pred_t = torch.tensor(pred, requires_grad=True)
    value_t = torch_loss(pred_t, torch.tensor(target))
    value_t.backward()
    assert relative_error(value, value_t.item()) < 1e-10
    assert relative_error(grad, pred_t.grad.numpy()) < 1e-10


@pytest.mark.torch
def test_sequence_cross_entropy_matches_pytorch(rng):
    torch = pytest.importorskip("torch")
    z = rng.standard_normal((3, 7, 5)) * 3  # (N, T, V)
    y = rng.integers(0, 5, size=(3, 7))
    value, grad = CrossEntropy()(z, y)
    z_t = torch.tensor(z, requires_grad=True)
    value_t = torch.nn.functional.cross_entropy(z_t.reshape(-1, 5), torch.tensor(y).reshape(-1))
    value_t.backward()
    assert relative_error(value, value_t.item()) < 1e-10
    assert relative_error(grad, z_t.grad.numpy()) < 1e-10
