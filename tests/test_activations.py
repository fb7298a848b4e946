"""Tests for dlnotes/activations.py."""

import math

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


# ------------------------------------------------------------- erf and GELU

ERF_POINTS = np.concatenate(
    [
        np.linspace(-30.0, 30.0, 20001),  # all three of Cody's intervals and the tails
        np.random.default_rng(1).standard_normal(5000) * 3,
        [0.0, -0.0, 1e-300, 1e-20, 0.46875, -0.46875, 4.0, -4.0, 26.5, 27.0, 1e300, -1e300],
    ]
)


def test_erf_matches_math_erf_to_float64_rounding():
    reference = np.array([math.erf(v) for v in ERF_POINTS])
    got = A.erf(ERF_POINTS)
    # a few units in the last place: |error| <= 4 * spacing(|erf|)
    assert np.all(np.abs(got - reference) <= 4 * np.spacing(np.abs(reference)))
    assert A.erf(np.array(np.inf)) == 1.0 and A.erf(np.array(-np.inf)) == -1.0
    assert np.isnan(A.erf(np.array([np.nan]))[0])


def test_erfc_is_accurate_in_the_tails():
    reference = np.array([math.erfc(v) for v in ERF_POINTS])
    got = A.erfc(ERF_POINTS)
    positive = reference > 1e-300  # skip subnormal results
    relative = np.abs(got - reference)[positive] / reference[positive]
    assert relative.max() < 2e-15
    assert A.erfc(np.array(6.0)) > 0  # 1 - erf(6) would round to 0


def test_erf_keeps_float32_and_promotes_integers():
    x = np.linspace(-5, 5, 1001, dtype=np.float32)
    y = A.erf(x)
    assert y.dtype == np.float32 and A.erfc(x).dtype == np.float32
    exact = A.erf(x.astype(np.float64))
    assert np.max(np.abs(y - exact)) < 4 * np.finfo(np.float32).eps
    # float32 erfc and normal_cdf take a shortcut below |x| = 0.46875
    assert np.max(np.abs(A.erfc(x) - A.erfc(x.astype(np.float64)))) < 4 * np.finfo(np.float32).eps
    cdf32, cdf64 = A.normal_cdf(x), A.normal_cdf(x.astype(np.float64))
    assert cdf32.dtype == np.float32 and np.max(np.abs(cdf32 - cdf64)) < 4e-7
    assert A.erf(np.array([0, 1])).dtype == np.float64


def test_float32_erfc_is_accurate_relative_to_its_size_in_the_tail():
    # one fitted rational serves every |x| in float32, far into the tail
    x = np.linspace(0.0, 9.1, 20001, dtype=np.float32)  # erfc(9.1) is near float32's smallest
    reference = np.array([math.erfc(v) for v in x.astype(np.float64)])
    got = A.erfc(x).astype(np.float64)
    assert np.max(np.abs(got - reference) / reference) < 1e-6  # a few float32 roundings
    below = A.erfc(-x).astype(np.float64)  # erfc(-x) = 2 - erfc(x)
    assert np.max(np.abs(below - (2.0 - reference))) < 4 * np.finfo(np.float32).eps
    assert A.erfc(np.array([10.1, 27.0, 1e30], dtype=np.float32)).tolist() == [0.0, 0.0, 0.0]


def test_float32_erfc_coefficients_come_from_the_fitting_script():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parents[1] / "tools" / "fit_erfc_float32.py"
    spec = importlib.util.spec_from_file_location("fit_erfc_float32", path)
    fit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fit)
    error, p, q = fit.fit(*fit.DEGREES, *fit.INTERVAL)
    num, den = fit.as_rational_arguments(p, q)
    assert error < 1e-8  # far below float32's rounding error, 6e-8
    np.testing.assert_allclose(num, A._ERFC32_P, rtol=1e-9)
    np.testing.assert_allclose(den, A._ERFC32_Q, rtol=1e-9)


def test_float32_gelu_layer_agrees_with_float64(rng):
    x = np.concatenate([rng.standard_normal(40000) * 3, np.linspace(-14, 14, 2001)])
    x32 = x.astype(np.float32)  # more than one block of 32768
    layer32, layer64 = A.GELU(), A.GELU()
    y32, y64 = layer32.forward(x32), layer64.forward(x32.astype(np.float64))
    g = rng.standard_normal(x.shape)
    dx32, dx64 = layer32.backward(g.astype(np.float32)), layer64.backward(g)
    assert y32.dtype == dx32.dtype == np.float32
    assert np.max(np.abs(y32 - y64) / np.maximum(np.abs(y64), 1.0)) < 1e-6
    tail = (x32 < -3) & (y64 < -1e-30)  # relative accuracy in the left tail too
    assert np.max(np.abs(y32[tail] - y64[tail]) / np.abs(y64[tail])) < 3e-5
    assert np.max(np.abs(dx32 - dx64) / np.maximum(np.abs(g), 1.0)) < 1e-6


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_layer_matches_central_differences_and_its_functions(approximate, rng):
    layer = A.GELU(approximate=approximate)
    x = rng.standard_normal((4, 3, 5)) * 2
    weights = rng.standard_normal((4, 3, 5))
    y = layer.forward(x)
    dx = layer.backward(weights)
    numeric = numerical_gradient(lambda x: np.sum(weights * layer.forward(x)), x)
    assert relative_error(dx, numeric) < 1e-6  # GELU' crosses 0 near x = -0.75
    np.testing.assert_allclose(y, A.gelu(x, approximate), rtol=1e-15)
    np.testing.assert_allclose(dx, weights * A.gelu_grad(x, approximate), rtol=1e-13)
    assert layer.params == {} and layer.grads == {}


def test_gelu_tanh_form_keeps_its_digits_in_the_left_tail():
    x = np.linspace(-12.0, 3.0, 301)
    u = np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)
    direct = x / (1.0 + np.exp(-2.0 * u))  # sigmoid(2u) = (1 + tanh u) / 2, no overflow here
    np.testing.assert_allclose(A.gelu(x, "tanh"), direct, rtol=1e-13)
    assert A.gelu(np.array(-10.0), "tanh") < 0  # 0.5 * x * (1 + tanh(u)) rounds to 0


def test_gelu_values_and_repr():
    x = np.array([-1.0, 0.0, 1.0, 3.0])
    # x * Phi(x) with Phi from math.erf
    expected = [v * 0.5 * (1 + math.erf(v / math.sqrt(2))) for v in x]
    np.testing.assert_allclose(A.gelu(x), expected, rtol=1e-15)
    assert repr(A.GELU()) == "GELU()"
    assert repr(A.GELU("tanh")) == "GELU(approximate='tanh')"


def test_gelu_rejects_unknown_approximation():
    with pytest.raises(ValueError, match="'none' or 'tanh', got 'sigmoid'"):
        A.GELU(approximate="sigmoid")


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_is_stable_at_extremes_and_keeps_float32(approximate):
    layer = A.GELU(approximate)
    y = layer.forward(EXTREMES)
    dx = layer.backward(np.ones_like(y))
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(dx))
    np.testing.assert_array_equal(y[EXTREMES == 1e4], 1e4)
    assert np.all(np.abs(y[EXTREMES == -1e4]) < 1e-30)
    x32 = EXTREMES.astype(np.float32)
    y32 = layer.forward(x32)
    assert y32.dtype == np.float32 and layer.backward(np.ones_like(y32)).dtype == np.float32


@pytest.mark.torch
@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_matches_pytorch(approximate, rng):
    torch = pytest.importorskip("torch")
    # |x| <= 3.5: further left, torch's 1 + tanh(u) itself loses digits to cancellation
    x = np.clip(rng.standard_normal((6, 7, 5)) * 2, -3.5, 3.5)
    g = rng.standard_normal((6, 7, 5))
    layer = A.GELU(approximate)
    y = layer.forward(x)
    dx = layer.backward(g)
    xt = torch.tensor(x, requires_grad=True)
    yt = torch.nn.functional.gelu(xt, approximate=approximate)
    yt.backward(torch.tensor(g))
    assert relative_error(y, yt.detach().numpy()) < 1e-10
    assert relative_error(dx, xt.grad.numpy()) < 1e-10
