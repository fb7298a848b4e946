"""Tests for dlnotes/norm.py."""

import re

import numpy as np
import pytest

from dlnotes.gradcheck import numerical_gradient, relative_error
from dlnotes.layers import Layer
from dlnotes.norm import BatchNorm, LayerNorm


def random_affine(layer, rng):
    """Give gamma and beta values away from their 1 and 0 starts."""
    layer.params["gamma"][:] = rng.uniform(0.5, 1.5, layer.params["gamma"].shape)
    layer.params["beta"][:] = rng.standard_normal(layer.params["beta"].shape)


def check_layer_gradients(layer, x, rng, train):
    """Central differences for dL/dx and every parameter, L = sum(weights * y)."""
    weights = rng.standard_normal(layer.forward(x, train=train).shape)

    def loss(_):
        return np.sum(weights * layer.forward(x, train=train))

    layer.forward(x, train=train)
    dx = layer.backward(weights)
    errors = {
        name: relative_error(layer.grads[name], numerical_gradient(loss, p))
        for name, p in layer.params.items()
    }
    errors["x"] = relative_error(dx, numerical_gradient(loss, x))
    return errors


# ---------------------------------------------------------------- LayerNorm


def test_layernorm_normalizes_each_position_over_the_last_axis(rng):
    layer = LayerNorm(6)
    x = rng.standard_normal((3, 4, 6)) * 5 + 2
    y = layer.forward(x)
    assert y.shape == x.shape and isinstance(layer, Layer)
    np.testing.assert_allclose(y.mean(axis=-1), 0.0, atol=1e-14)
    np.testing.assert_allclose(y.var(axis=-1), 1.0, rtol=1e-5)  # eps = 1e-5 shrinks it a little
    np.testing.assert_array_equal(layer.forward(x, train=True), y)
    assert layer.params["gamma"].shape == (6,) and layer.params["beta"].shape == (6,)
    assert repr(layer) == "LayerNorm(6)" and layer.buffers == {}


@pytest.mark.parametrize("shape", [(5, 4), (2, 3, 4)])
def test_layernorm_gradients_match_central_differences(shape, rng):
    layer = LayerNorm(4)
    random_affine(layer, rng)
    errors = check_layer_gradients(layer, rng.standard_normal(shape), rng, train=True)
    assert max(errors.values()) < 1e-6, errors


def test_layernorm_wrong_last_axis_names_both_shapes():
    message = "LayerNorm(8) expected input of shape (..., 8), got (2, 5, 7)"
    with pytest.raises(ValueError, match=re.escape(message)):
        LayerNorm(8).forward(np.zeros((2, 5, 7)))
    with pytest.raises(ValueError, match="eps must be > 0, got 0"):
        LayerNorm(8, eps=0)


def test_layernorm_float32_stays_float32(rng):
    layer = LayerNorm(5, dtype=np.float32)
    y = layer.forward(rng.standard_normal((3, 5)).astype(np.float32))
    dx = layer.backward(np.ones_like(y))
    assert y.dtype == dx.dtype == layer.grads["gamma"].dtype == np.float32


# ---------------------------------------------------------------- BatchNorm


@pytest.mark.parametrize("shape", [(16, 3), (4, 3, 5, 5)])
def test_batchnorm_training_standardizes_each_channel(shape, rng):
    layer = BatchNorm(3)
    x = rng.standard_normal(shape) * 4 - 1
    y = layer.forward(x, train=True)
    axes = (0,) if len(shape) == 2 else (0, 2, 3)
    np.testing.assert_allclose(y.mean(axis=axes), 0.0, atol=1e-14)
    np.testing.assert_allclose(y.var(axis=axes), 1.0, rtol=1e-5)


@pytest.mark.parametrize("shape", [(6, 3), (3, 3, 4, 4)])
@pytest.mark.parametrize("train", [True, False])
def test_batchnorm_gradients_match_central_differences(shape, train, rng):
    layer = BatchNorm(3)
    random_affine(layer, rng)
    layer.running_mean = rng.standard_normal(3)
    layer.running_var = rng.uniform(0.5, 2.0, 3)
    before = layer.running_mean.copy()
    errors = check_layer_gradients(layer, rng.standard_normal(shape), rng, train=train)
    assert max(errors.values()) < 1e-6, errors
    assert np.array_equal(layer.running_mean, before) != train  # training moves the average


def test_batchnorm_running_statistics_and_evaluation(rng):
    layer = BatchNorm(2, momentum=0.25)
    x = rng.standard_normal((10, 2)) * [1.0, 3.0] + [2.0, -1.0]
    assert layer.buffers["running_mean"] is layer.running_mean
    layer.forward(x, train=True)
    np.testing.assert_allclose(layer.running_mean, 0.25 * x.mean(axis=0), rtol=1e-14)
    np.testing.assert_allclose(layer.running_var, 0.75 + 0.25 * x.var(axis=0, ddof=1), rtol=1e-14)
    y = layer.forward(x)  # evaluation: the running statistics, not the batch's
    expected = (x - layer.running_mean) / np.sqrt(layer.running_var + 1e-5)
    np.testing.assert_allclose(y, expected, rtol=1e-14)
    assert repr(layer) == "BatchNorm(2)"


def test_batchnorm_bad_inputs_say_what_was_expected():
    layer = BatchNorm(4)
    message = "BatchNorm(4) expected input of shape (N, 4) or (N, 4, H, W), got (8, 3)"
    with pytest.raises(ValueError, match=re.escape(message)):
        layer.forward(np.zeros((8, 3)))
    with pytest.raises(ValueError, match=re.escape("(N, 4, H, W), got (2, 4, 5)")):
        layer.forward(np.zeros((2, 4, 5)))
    message = "more than 1 value per channel in training, got input (1, 4)"
    with pytest.raises(ValueError, match=re.escape(message)):
        layer.forward(np.zeros((1, 4)), train=True)
    with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\], got 1.5"):
        BatchNorm(4, momentum=1.5)


@pytest.mark.parametrize("shape", [(6, 3), (2, 3, 4, 4)])
def test_batchnorm_float32_stays_float32(shape, rng):
    layer = BatchNorm(3, dtype=np.float32)
    x = rng.standard_normal(shape).astype(np.float32)
    for train in (True, False):
        y = layer.forward(x, train=train)
        dx = layer.backward(np.ones_like(y))
        assert y.dtype == dx.dtype == np.float32
        assert layer.grads["gamma"].dtype == layer.running_var.dtype == np.float32


# ----------------------------------------------------------------- PyTorch


@pytest.mark.torch
@pytest.mark.parametrize("shape", [(8, 3), (4, 3, 5, 5)])
def test_batchnorm_matches_pytorch_over_three_steps(shape, rng):
    torch = pytest.importorskip("torch")
    layer = BatchNorm(3, momentum=0.2, eps=1e-3)
    random_affine(layer, rng)
    module = (torch.nn.BatchNorm1d if len(shape) == 2 else torch.nn.BatchNorm2d)(
        3, momentum=0.2, eps=1e-3, dtype=torch.float64
    )
    with torch.no_grad():
        module.weight.copy_(torch.tensor(layer.params["gamma"]))
        module.bias.copy_(torch.tensor(layer.params["beta"]))
    for _ in range(3):  # training steps: batch statistics, running averages move
        x = rng.standard_normal(shape) * 2 + 1
        g = rng.standard_normal(shape)
        y = layer.forward(x, train=True)
        dx = layer.backward(g)
        module.train()
        module.zero_grad()
        xt = torch.tensor(x, requires_grad=True)
        yt = module(xt)
        yt.backward(torch.tensor(g))
        assert relative_error(y, yt.detach().numpy()) < 1e-10
        assert relative_error(dx, xt.grad.numpy()) < 1e-10
        assert relative_error(layer.grads["gamma"], module.weight.grad.numpy()) < 1e-10
        assert relative_error(layer.grads["beta"], module.bias.grad.numpy()) < 1e-10
    assert relative_error(layer.running_mean, module.running_mean.numpy()) < 1e-10
    assert relative_error(layer.running_var, module.running_var.numpy()) < 1e-10
    # evaluation uses the running statistics
    x, g = rng.standard_normal(shape), rng.standard_normal(shape)
    y = layer.forward(x)
    dx = layer.backward(g)
    module.eval()
    xt = torch.tensor(x, requires_grad=True)
    yt = module(xt)
    yt.backward(torch.tensor(g))
    assert relative_error(y, yt.detach().numpy()) < 1e-10
    assert relative_error(dx, xt.grad.numpy()) < 1e-10


@pytest.mark.torch
def test_layernorm_matches_pytorch(rng):
    torch = pytest.importorskip("torch")
    layer = LayerNorm(6, eps=1e-4)
    random_affine(layer, rng)
    x = rng.standard_normal((3, 4, 6)) * 3
    g = rng.standard_normal((3, 4, 6))
    y = layer.forward(x)
    dx = layer.backward(g)
    xt = torch.tensor(x, requires_grad=True)
    gamma = torch.tensor(layer.params["gamma"], requires_grad=True)
    beta = torch.tensor(layer.params["beta"], requires_grad=True)
    yt = torch.nn.functional.layer_norm(xt, (6,), gamma, beta, eps=1e-4)
    yt.backward(torch.tensor(g))
    assert relative_error(y, yt.detach().numpy()) < 1e-10
    assert relative_error(dx, xt.grad.numpy()) < 1e-10
    assert relative_error(layer.grads["gamma"], gamma.grad.numpy()) < 1e-10
    assert relative_error(layer.grads["beta"], beta.grad.numpy()) < 1e-10
