"""Tests for dlnotes/gradcheck.py."""

import numpy as np
import pytest

from dlnotes.activations import ReLU, Tanh
from dlnotes.gradcheck import check_gradients, numerical_gradient, relative_error
from dlnotes.layers import Dense, Dropout
from dlnotes.losses import MSE, CrossEntropy


def test_numerical_gradient_of_a_known_function(rng):
    x = rng.standard_normal((3, 4))
    x_before = x.copy()
    grad = numerical_gradient(lambda x: np.sum(x**3), x)
    np.testing.assert_allclose(grad, 3 * x_before**2, rtol=1e-7, atol=1e-8)
    np.testing.assert_array_equal(x, x_before)  # every nudge was undone


def test_numerical_gradient_sees_in_place_changes_through_a_closure():
    W = np.array([1.0, 2.0])
    grad = numerical_gradient(lambda _: float(W @ W), W)  # f reads W, not its argument
    np.testing.assert_allclose(grad, [2.0, 4.0])


def test_relative_error_values():
    assert relative_error(np.ones(3), np.ones(3)) == 0.0
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.2])) == pytest.approx(0.2 / 4.2)
    assert relative_error(np.zeros(2), np.zeros(2)) == 0.0  # no 0 / 0
    assert relative_error(np.array([1e-20]), np.array([0.0])) < 1e-11  # floor: absolute
    assert relative_error(2.0, 1.0) == pytest.approx(1 / 3)


def test_relative_error_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"\(2,\) and \(3,\)"):
        relative_error(np.zeros(2), np.zeros(3))


def test_check_gradients_on_an_mlp(chain, rng):
    model = chain([Dense(3, 5, seed=0), Tanh(), Dropout(0.5, seed=0), Dense(5, 4, seed=1)])
    X = rng.standard_normal((6, 3))
    y = rng.integers(0, 4, size=6)
    errors = check_gradients(model, CrossEntropy(), X, y)
    assert list(errors) == ["0.Dense.W", "0.Dense.b", "3.Dense.W", "3.Dense.b"]
    assert max(errors.values()) < 1e-6, errors


class WrongDense(Dense):
    """A Dense layer with a classic bug: the bias gradient is not summed over N."""

    def backward(self, grad):
        dx = super().backward(grad)
        self.grads["b"] = grad[0]
        return dx


def test_check_gradients_catches_a_wrong_backward(chain, rng):
    model = chain([WrongDense(2, 3, seed=0), ReLU(), Dense(3, 1, seed=1)])
    X = rng.standard_normal((8, 2))
    errors = check_gradients(model, MSE(), X, rng.standard_normal((8, 1)))
    assert errors["0.WrongDense.b"] > 0.1
    assert errors["0.WrongDense.W"] < 1e-6 and errors["2.Dense.b"] < 1e-6


def test_check_gradients_leaves_parameters_unchanged(chain, rng):
    model = chain([Dense(2, 2, seed=0), Tanh(), Dense(2, 1, seed=1)])
    before = [layer.params["W"].copy() for layer in model.layers[::2]]
    check_gradients(model, MSE(), rng.standard_normal((4, 2)), rng.standard_normal((4, 1)))
    for W, layer in zip(before, model.layers[::2], strict=True):
        np.testing.assert_array_equal(layer.params["W"], W)


def test_check_gradients_with_sequential(rng):
    model_module = pytest.importorskip("dlnotes.model")
    model = model_module.Sequential([Dense(3, 4, seed=0), ReLU(), Dense(4, 3, seed=1)])
    X = rng.standard_normal((5, 3))
    errors = check_gradients(model, CrossEntropy(), X, rng.integers(0, 3, size=5))
    assert set(errors) == {"0.Dense.W", "0.Dense.b", "2.Dense.W", "2.Dense.b"}
    assert max(errors.values()) < 1e-6, errors
