"""Tests for dlnotes/activations.py."""

import numpy as np
import pytest

from dlnotes import activations as A
from dlnotes.gradcheck import numerical_gradient, relative_error

# (function, derivative) pairs; the derivative takes the pre-activation x.
PAIRS = [
    (A.sigmoid, A.sigmoid_grad),
    (A.tanh, A.tanh_grad),
    (A.relu, A.relu_grad),
    (A.leaky_relu, A.leaky_relu_grad),
]
LAYERS = [A.Sigmoid, A.Tanh, A.ReLU, A.LeakyReLU, A.Softmax]
EXTREMES = np.array([[-1e4, -1.0, 0.0, 1.0, 1e4], [1e4, 1e4, -1e4, 0.0, 3.0]])


def away_from_zero(rng, shape):
    """Random inputs with |x| >= 0.1, so ReLU's kink is never crossed by eps."""
    x = rng.standard_normal(shape)
    return x + np.sign(x) * 0.1


def test_sigmoid_matches_definition_and_known_values():
    x = np.linspace(-20, 20, 101)
    # the tanh form is accurate to ~1e-16 absolute (not relative, deep in the tail)
    np.testing.assert_allclose(A.sigmoid(x), 1 / (1 + np.exp(-x)), rtol=0, atol=1e-15)
    assert A.sigmoid(np.array(0.0)) == 0.5


def test_relu_and_leaky_relu_values():
    x = np.array([-2.0, -0.5, 0.0, 3.0])
    np.testing.assert_array_equal(A.relu(x), [0.0, 0.0, 0.0, 3.0])
    np.testing.assert_allclose(A.leaky_relu(x, alpha=0.1), [-0.2, -0.05, 0.0, 3.0])
    np.testing.assert_array_equal(A.relu_grad(x), [0.0, 0.0, 0.0, 1.0])
    np.testing.assert_array_equal(A.leaky_relu_grad(x, alpha=0.1), [0.1, 0.1, 0.1, 1.0])


def test_softmax_rows_sum_to_one_and_ignore_shifts(rng):
    x = rng.standard_normal((5, 4))
    p = A.softmax(x)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(A.softmax(x + 1000.0), p, rtol=1e-12)
    np.testing.assert_allclose(A.softmax(x.T, axis=0), p.T)


@pytest.mark.parametrize(("f", "f_grad"), PAIRS, ids=lambda f: f.__name__)
def test_derivative_matches_central_differences(f, f_grad, rng):
    x = away_from_zero(rng, (4, 5))
    numeric = numerical_gradient(lambda x: f(x).sum(), x)
    assert relative_error(f_grad(x), numeric) < 1e-6


def test_softmax_grad_is_the_jacobian(rng):
    x = rng.standard_normal((3, 4))
    J = A.softmax_grad(x)
    assert J.shape == (3, 4, 4)
    for i in range(4):  # column i of the Jacobian: d softmax / d x_i
        numeric = numerical_gradient(lambda x, i=i: A.softmax(x)[:, i].sum(), x)
        assert relative_error(J[:, i, :], numeric) < 1e-6


@pytest.mark.parametrize("layer_cls", LAYERS)
def test_layer_backward_matches_central_differences(layer_cls, rng):
    layer = layer_cls()
    x = away_from_zero(rng, (4, 5))
    weights = rng.standard_normal((4, 5))  # L = sum(weights * y)
    layer.forward(x, train=True)
    dx = layer.backward(weights)
    numeric = numerical_gradient(lambda x: np.sum(weights * layer.forward(x)), x)
    assert relative_error(dx, numeric) < 1e-6
    assert layer.params == {} and layer.grads == {}


@pytest.mark.parametrize(("f", "f_grad"), PAIRS, ids=lambda f: f.__name__)
def test_layer_backward_agrees_with_derivative_function(f, f_grad, rng):
    layer = {A.sigmoid: A.Sigmoid, A.tanh: A.Tanh, A.relu: A.ReLU}.get(f, A.LeakyReLU)()
    x = rng.standard_normal((3, 7))
    g = rng.standard_normal((3, 7))
    np.testing.assert_allclose(layer.forward(x), f(x), rtol=1e-15)
    np.testing.assert_allclose(layer.backward(g), g * f_grad(x), rtol=1e-12)


@pytest.mark.parametrize(("f", "f_grad"), [*PAIRS, (A.softmax, A.softmax_grad)])
def test_functions_are_stable_at_plus_minus_1e4(f, f_grad):
    # warnings are errors in this suite, so an overflow would fail here
    for out in (f(EXTREMES), f_grad(EXTREMES)):
        assert np.all(np.isfinite(out))


def test_sigmoid_and_tanh_saturate_exactly_at_extremes():
    x = np.array([-1e4, 1e4])
    np.testing.assert_array_equal(A.sigmoid(x), [0.0, 1.0])
    np.testing.assert_array_equal(A.tanh(x), [-1.0, 1.0])
    np.testing.assert_array_equal(A.sigmoid_grad(x), [0.0, 0.0])


@pytest.mark.parametrize("layer_cls", LAYERS)
def test_layers_are_stable_at_plus_minus_1e4(layer_cls):
    layer = layer_cls()
    y = layer.forward(EXTREMES)
    dx = layer.backward(np.ones_like(y))
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(dx))


def test_softmax_of_extremes_is_one_hot():
    np.testing.assert_array_equal(A.softmax(np.array([[-1e4, 0.0, 1e4]])), [[0, 0, 1]])


@pytest.mark.parametrize("layer_cls", LAYERS)
def test_float32_stays_float32(layer_cls, rng):
    x = rng.standard_normal((4, 3)).astype(np.float32)
    layer = layer_cls()
    y = layer.forward(x)
    dx = layer.backward(np.ones_like(y))
    assert y.dtype == np.float32 and dx.dtype == np.float32


@pytest.mark.parametrize(("f", "f_grad"), PAIRS, ids=lambda f: f.__name__)
def test_float32_functions_stay_float32(f, f_grad):
    x = np.array([-1.0, 0.5, 2.0], dtype=np.float32)
    assert f(x).dtype == np.float32 and f_grad(x).dtype == np.float32


# ----------------------------------------------------------------- PyTorch


@pytest.mark.torch
@pytest.mark.parametrize("layer_cls", LAYERS)
def test_layers_match_pytorch(layer_cls, rng):
    torch = pytest.importorskip("torch")
    torch_fn = {
        A.Sigmoid: torch.sigmoid,
        A.Tanh: torch.tanh,
        A.ReLU: torch.relu,
        A.LeakyReLU: lambda t: torch.nn.functional.leaky_relu(t, 0.01),
        A.Softmax: lambda t: torch.softmax(t, dim=-1),
    }[layer_cls]
    x = rng.standard_normal((6, 5)) * 3
    g = rng.standard_normal((6, 5))
    layer = layer_cls()
    y = layer.forward(x)
    dx = layer.backward(g)

    xt = torch.tensor(x, requires_grad=True)
    yt = torch_fn(xt)
    yt.backward(torch.tensor(g))
    assert relative_error(y, yt.detach().numpy()) < 1e-10
    assert relative_error(dx, xt.grad.numpy()) < 1e-10
