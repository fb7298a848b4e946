"""Tests for dlnotes/layers.py."""

import re

import numpy as np
import pytest

from dlnotes.activations import ReLU, Tanh
from dlnotes.gradcheck import numerical_gradient, relative_error
from dlnotes.layers import Dense, Dropout, Embedding, Flatten, Layer, Residual, column_sums
from dlnotes.norm import BatchNorm, LayerNorm

# ------------------------------------------------------------------- Dense


def test_dense_forward_is_x_at_W_plus_b(rng):
    layer = Dense(3, 2, seed=0)
    layer.params["b"][:] = [1.0, -1.0]
    x = rng.standard_normal((4, 3))
    y = layer.forward(x)
    assert y.shape == (4, 2)
    np.testing.assert_allclose(y, x @ layer.params["W"] + [1.0, -1.0])


def test_dense_shapes_and_repr():
    layer = Dense(2, 16)
    assert layer.params["W"].shape == (2, 16) and layer.params["b"].shape == (16,)
    assert layer.grads["W"].shape == (2, 16) and layer.grads["b"].shape == (16,)
    assert (layer.n_in, layer.n_out) == (2, 16)
    assert repr(layer) == "Dense(2 -> 16, init='he')"
    assert isinstance(layer, Layer)


@pytest.mark.parametrize(("init", "std"), [("he", np.sqrt(2 / 400)), ("xavier", np.sqrt(2 / 700))])
def test_dense_init_scale(init, std):
    layer = Dense(400, 300, init=init, seed=0)
    W = layer.params["W"]
    assert abs(W.std() / std - 1) < 0.01
    assert abs(W.mean()) < 0.01 * std
    np.testing.assert_array_equal(layer.params["b"], 0.0)


def test_dense_init_rejects_unknown_name():
    with pytest.raises(ValueError, match="'he' or 'xavier'"):
        Dense(2, 3, init="glorot")


def test_dense_seed_is_reproducible_and_accepts_a_generator():
    W1 = Dense(5, 4, seed=7).params["W"]
    W2 = Dense(5, 4, seed=7).params["W"]
    W3 = Dense(5, 4, seed=np.random.default_rng(7)).params["W"]
    np.testing.assert_array_equal(W1, W2)
    np.testing.assert_array_equal(W1, W3)
    assert not np.array_equal(W1, Dense(5, 4, seed=8).params["W"])


def test_dense_wrong_feature_count_names_layer_and_both_shapes():
    layer = Dense(2, 16)
    message = "Dense(2 -> 16, init='he') expected input of shape (N, 2) or (N, ..., 2), got (32, 3)"
    with pytest.raises(ValueError, match=re.escape(message)):
        layer.forward(np.zeros((32, 3)))
    with pytest.raises(ValueError, match=re.escape("got (2,)")):
        layer.forward(np.zeros(2))
    with pytest.raises(ValueError, match=re.escape("(N, ..., 2), got (4, 5, 3)")):
        layer.forward(np.zeros((4, 5, 3)))


def test_dense_on_sequences_equals_dense_on_each_position(rng):
    layer = Dense(4, 3, seed=1)
    layer.params["b"][:] = rng.standard_normal(3)
    x = rng.standard_normal((2, 5, 4))  # (N, T, n_in)
    g = rng.standard_normal((2, 5, 3))
    y = layer.forward(x)
    dx = layer.backward(g)
    W_grad, b_grad = layer.grads["W"].copy(), layer.grads["b"].copy()
    flat = Dense(4, 3, seed=1)
    flat.params["b"][:] = layer.params["b"]
    np.testing.assert_allclose(y, flat.forward(x.reshape(10, 4)).reshape(2, 5, 3), rtol=1e-15)
    np.testing.assert_allclose(dx, flat.backward(g.reshape(10, 3)).reshape(x.shape), rtol=1e-15)
    np.testing.assert_allclose(W_grad, flat.grads["W"], rtol=1e-15)
    np.testing.assert_allclose(b_grad, flat.grads["b"], rtol=1e-15)
    assert y.shape == (2, 5, 3) and dx.shape == x.shape


def test_dense_on_sequences_matches_central_differences(rng):
    layer = Dense(3, 2, seed=2)
    x = rng.standard_normal((2, 3, 4, 3))  # any number of leading axes
    weights = rng.standard_normal((2, 3, 4, 2))

    def loss(_):
        return np.sum(weights * layer.forward(x))

    layer.forward(x)
    dx = layer.backward(weights)
    assert relative_error(layer.grads["W"], numerical_gradient(loss, layer.params["W"])) < 1e-6
    assert relative_error(layer.grads["b"], numerical_gradient(loss, layer.params["b"])) < 1e-6
    assert relative_error(dx, numerical_gradient(loss, x)) < 1e-6
    layer.needs_input_grad = False
    assert layer.backward(weights) is None


def test_dense_gradients_match_central_differences(rng):
    layer = Dense(4, 3, seed=1)
    layer.params["b"][:] = rng.standard_normal(3)
    x = rng.standard_normal((5, 4))
    weights = rng.standard_normal((5, 3))  # L = sum(weights * y)

    def loss(_):
        return np.sum(weights * layer.forward(x))

    layer.forward(x)
    dx = layer.backward(weights)
    assert relative_error(layer.grads["W"], numerical_gradient(loss, layer.params["W"])) < 1e-6
    assert relative_error(layer.grads["b"], numerical_gradient(loss, layer.params["b"])) < 1e-6
    assert relative_error(dx, numerical_gradient(loss, x)) < 1e-6


def test_dense_without_input_grad_returns_none_and_the_same_grads(rng):
    layer = Dense(4, 3, seed=1)
    x, g = rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
    layer.forward(x)
    assert layer.needs_input_grad  # the default: a layer passes the gradient down
    assert layer.backward(g).shape == x.shape
    W_grad, b_grad = layer.grads["W"].copy(), layer.grads["b"].copy()
    layer.needs_input_grad = False
    assert layer.backward(g) is None
    np.testing.assert_array_equal(layer.grads["W"], W_grad)
    np.testing.assert_array_equal(layer.grads["b"], b_grad)


def test_dense_backward_does_not_update_weights(rng):
    layer = Dense(3, 2, seed=0)
    W, b = layer.params["W"].copy(), layer.params["b"].copy()
    layer.forward(rng.standard_normal((4, 3)))
    layer.backward(np.ones((4, 2)))
    np.testing.assert_array_equal(layer.params["W"], W)
    np.testing.assert_array_equal(layer.params["b"], b)
    assert np.any(layer.grads["W"] != 0)


def test_dense_float32_stays_float32(rng):
    layer = Dense(3, 2, seed=0, dtype=np.float32)
    assert layer.params["W"].dtype == np.float32 and layer.params["b"].dtype == np.float32
    y = layer.forward(rng.standard_normal((4, 3)).astype(np.float32))
    dx = layer.backward(np.ones_like(y))
    assert y.dtype == np.float32 and dx.dtype == np.float32
    assert layer.grads["W"].dtype == np.float32 and layer.grads["b"].dtype == np.float32


# ----------------------------------------------------------------- Dropout


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(2048, 384), (3, 5), (0, 4)])
def test_column_sums_are_the_sums_down_each_column(dtype, shape, rng):
    g = rng.standard_normal(shape).astype(dtype)
    sums = column_sums(g)
    assert sums.dtype == dtype and sums.shape == (shape[1],)
    atol = 1e-3 if dtype == np.float32 else 1e-11  # sums of up to 2048 numbers near 1
    np.testing.assert_allclose(sums, g.astype(np.float64).sum(axis=0), rtol=0, atol=atol)


def test_dropout_is_identity_when_not_training(rng):
    layer = Dropout(0.5, seed=0)
    x = rng.standard_normal((10, 10))
    np.testing.assert_array_equal(layer.forward(x), x)
    np.testing.assert_array_equal(layer.forward(x, train=False), x)
    g = rng.standard_normal((10, 10))
    np.testing.assert_array_equal(layer.backward(g), g)


def test_dropout_training_zeros_or_scales_by_inverse_keep(rng):
    p = 0.25
    layer = Dropout(p, seed=123)  # not the fixture's seed 0: same random stream
    x = rng.uniform(1, 2, size=(200, 100))  # never 0, so a 0 means "dropped"
    y = layer.forward(x, train=True)
    dropped = y == 0
    np.testing.assert_allclose(y[~dropped], x[~dropped] / (1 - p))
    assert abs(dropped.mean() - p) < 0.01  # 20_000 draws: std of the mean ~0.003
    assert abs(y.mean() / x.mean() - 1) < 0.02  # inverted scaling keeps the mean


def test_dropout_backward_uses_the_same_mask(rng):
    layer = Dropout(0.5, seed=3)
    x = rng.uniform(1, 2, size=(8, 6))
    y = layer.forward(x, train=True)
    g = rng.standard_normal((8, 6))
    np.testing.assert_allclose(layer.backward(g), g * y / x)


def test_dropout_is_reproducible_with_the_same_seed(rng):
    x = rng.standard_normal((20, 20))
    a, b, c = Dropout(0.5, seed=42), Dropout(0.5, seed=42), Dropout(0.5, seed=43)
    for _ in range(3):  # the same sequence of masks, call after call
        ya = a.forward(x, train=True)
        np.testing.assert_array_equal(ya, b.forward(x, train=True))
    assert not np.array_equal(ya, c.forward(x, train=True))


def test_dropout_float32_stays_float32(rng):
    layer = Dropout(0.3, seed=0)
    y = layer.forward(rng.standard_normal((5, 5)).astype(np.float32), train=True)
    assert y.dtype == np.float32 and layer.backward(np.ones_like(y)).dtype == np.float32


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5])
def test_dropout_rejects_bad_probability(p):
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        Dropout(p)


# ----------------------------------------------------------------- Flatten


def test_flatten_forward_and_backward_shapes(rng):
    layer = Flatten()
    x = rng.standard_normal((2, 3, 4, 5))
    y = layer.forward(x)
    assert y.shape == (2, 60)
    np.testing.assert_array_equal(y[1], x[1].ravel())
    g = rng.standard_normal((2, 60))
    dx = layer.backward(g)
    assert dx.shape == x.shape
    np.testing.assert_array_equal(dx[1].ravel(), g[1])
    assert layer.params == {} and repr(layer) == "Flatten()"


# ------------------------------------------------------- Layer attributes


def test_every_layer_is_trainable_by_default_and_has_empty_buffers():
    for layer in (Dense(2, 3), Dropout(0.1), Flatten(), Embedding(4, 2), Residual(Tanh())):
        assert layer.trainable is True and layer.buffers == {}
    layer = Dense(2, 3)
    layer.trainable = False  # per instance: the class default stays True
    assert Dense(2, 3).trainable and not layer.trainable


# --------------------------------------------------------------- Embedding


def test_embedding_looks_up_rows_for_any_index_shape():
    layer = Embedding(10, 4, seed=0)
    W = layer.params["W"]
    assert W.shape == (10, 4) and repr(layer) == "Embedding(10, 4)"
    x = np.array([[1, 2, 2], [9, 0, 1]])
    y = layer.forward(x)
    assert y.shape == (2, 3, 4)
    np.testing.assert_array_equal(y[1, 0], W[9])
    np.testing.assert_array_equal(layer.forward(np.array(3)), W[3])  # a single index
    assert abs(Embedding(1000, 100, seed=1).params["W"].std() - 1) < 0.01  # Normal(0, 1)
    np.testing.assert_array_equal(
        Embedding(5, 3, seed=4).params["W"], Embedding(5, 3, seed=4).params["W"]
    )


def test_embedding_backward_accumulates_repeated_indices(rng):
    layer = Embedding(5, 3, seed=0)
    x = np.array([[1, 3, 1], [1, 0, 3]])
    g = rng.standard_normal((2, 3, 3))
    layer.forward(x)
    assert layer.backward(g) is None  # indices get no gradient
    dW = layer.grads["W"]
    np.testing.assert_allclose(dW[1], g[0, 0] + g[0, 2] + g[1, 0])
    np.testing.assert_allclose(dW[3], g[0, 1] + g[1, 2])
    np.testing.assert_array_equal(dW[[2, 4]], 0.0)  # tokens that do not appear


def test_embedding_gradient_matches_central_differences(rng):
    layer = Embedding(6, 4, seed=0)
    x = rng.integers(0, 6, size=(3, 5))
    weights = rng.standard_normal((3, 5, 4))
    layer.forward(x)
    layer.backward(weights)
    numeric = numerical_gradient(lambda _: np.sum(weights * layer.forward(x)), layer.params["W"])
    assert relative_error(layer.grads["W"], numeric) < 1e-8


def test_embedding_bad_indices_say_which_and_the_valid_range():
    layer = Embedding(10, 4)
    with pytest.raises(ValueError, match=re.escape("got index 12, outside the valid range [0, 9]")):
        layer.forward(np.array([[1, 12, 3]]))
    with pytest.raises(ValueError, match=re.escape("got index -1, outside the valid range [0, 9]")):
        layer.forward(np.array([-1, 2]))
    with pytest.raises(TypeError, match="expected integer token indices, got dtype float64"):
        layer.forward(np.array([1.0, 2.0]))
    assert layer.forward(np.zeros((2, 0), dtype=int)).shape == (2, 0, 4)


def test_embedding_float32_stays_float32():
    layer = Embedding(7, 3, seed=0, dtype=np.float32)
    y = layer.forward(np.array([[0, 6]]))
    layer.backward(np.ones_like(y))
    assert y.dtype == layer.grads["W"].dtype == np.float32


# ---------------------------------------------------------------- Residual


def test_residual_adds_the_input_and_shares_the_inner_arrays(rng):
    dense, norm = Dense(4, 4, seed=0), LayerNorm(4)
    block = Residual(dense, Tanh(), norm)
    x = rng.standard_normal((3, 4))
    y = block.forward(x)
    np.testing.assert_allclose(y, x + norm.forward(np.tanh(dense.forward(x))))
    assert set(block.params) == {"0.W", "0.b", "2.gamma", "2.beta"}
    assert block.params["0.W"] is dense.params["W"]  # the same array: optimizers update in place
    block.backward(rng.standard_normal((3, 4)))
    assert set(block.grads) == set(block.params)
    assert block.grads["0.W"] is dense.grads["W"]  # refreshed after backward
    assert repr(block).startswith("Residual(Dense(4 -> 4")


def test_residual_merges_buffers_that_stay_live(rng):
    norm = BatchNorm(3)
    block = Residual(Dense(3, 3, seed=0), norm)
    assert set(block.buffers) == {"1.running_mean", "1.running_var"}
    block.forward(rng.standard_normal((8, 3)), train=True)  # updates the statistics in place
    assert block.buffers["1.running_mean"] is norm.running_mean
    assert np.any(block.buffers["1.running_mean"] != 0)


def test_residual_gradients_match_central_differences(rng):
    block = Residual(Dense(3, 5, seed=0), ReLU(), Dense(5, 3, seed=1), LayerNorm(3))
    block.params["3.gamma"][:] = rng.uniform(0.5, 1.5, 3)
    x = rng.standard_normal((4, 2, 3))  # sequences: Dense and LayerNorm take (..., d)
    weights = rng.standard_normal((4, 2, 3))

    def loss(_):
        return np.sum(weights * block.forward(x))

    block.forward(x)
    dx = block.backward(weights)
    for name, param in block.params.items():
        numeric = numerical_gradient(loss, param)
        assert relative_error(block.grads[name], numeric) < 1e-6, name
    assert relative_error(dx, numerical_gradient(loss, x)) < 1e-6
    block.needs_input_grad = False  # as the first layer of a model
    assert block.backward(weights) is None


def test_residual_shape_mismatch_names_both_shapes():
    block = Residual(Dense(4, 3))
    message = "x is (2, 4), f(x) is (2, 3)"
    with pytest.raises(ValueError, match=re.escape(message)):
        block.forward(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="at least one layer"):
        Residual()


# ----------------------------------------------------------------- PyTorch


@pytest.mark.torch
def test_dense_matches_pytorch(rng):
    torch = pytest.importorskip("torch")
    layer = Dense(5, 3, seed=0)
    layer.params["b"][:] = rng.standard_normal(3)
    x = rng.standard_normal((7, 5))
    g = rng.standard_normal((7, 3))
    y = layer.forward(x)
    dx = layer.backward(g)

    xt = torch.tensor(x, requires_grad=True)
    Wt = torch.tensor(layer.params["W"].T.copy(), requires_grad=True)  # torch: (out, in)
    bt = torch.tensor(layer.params["b"], requires_grad=True)
    yt = torch.nn.functional.linear(xt, Wt, bt)
    yt.backward(torch.tensor(g))
    assert relative_error(y, yt.detach().numpy()) < 1e-10
    assert relative_error(dx, xt.grad.numpy()) < 1e-10
    assert relative_error(layer.grads["W"], Wt.grad.numpy().T) < 1e-10
    assert relative_error(layer.grads["b"], bt.grad.numpy()) < 1e-10


@pytest.mark.torch
def test_embedding_matches_pytorch(rng):
    torch = pytest.importorskip("torch")
    layer = Embedding(8, 5, seed=0)
    x = rng.integers(0, 8, size=(4, 6))
    g = rng.standard_normal((4, 6, 5))
    y = layer.forward(x)
    layer.backward(g)
    Wt = torch.tensor(layer.params["W"], requires_grad=True)
    yt = torch.nn.functional.embedding(torch.tensor(x), Wt)
    yt.backward(torch.tensor(g))
    assert relative_error(y, yt.detach().numpy()) < 1e-10
    assert relative_error(layer.grads["W"], Wt.grad.numpy()) < 1e-10
