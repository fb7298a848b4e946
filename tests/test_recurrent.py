"""Tests for dlnotes/recurrent.py."""

import re

import numpy as np
import pytest

from dlnotes.gradcheck import numerical_gradient, relative_error
from dlnotes.layers import Layer
from dlnotes.recurrent import RNN


def make_rnn(I, H, rng, dtype=np.float64):
    rnn = RNN(I, H, seed=rng, dtype=dtype)
    rnn.params["b"][...] = rng.standard_normal(H) * 0.5
    return rnn


def test_forward_is_the_recurrence_written_as_a_loop(rng):
    rnn = make_rnn(3, 4, rng)
    x = rng.standard_normal((2, 5, 3))
    y = rnn.forward(x)
    assert y.shape == (2, 5, 4)
    h = np.zeros((2, 4))
    for t in range(5):
        h = np.tanh(x[:, t] @ rnn.params["W_xh"] + h @ rnn.params["W_hh"] + rnn.params["b"])
        np.testing.assert_allclose(y[:, t], h, rtol=1e-13, atol=1e-15)


def test_shapes_init_and_repr():
    rnn = RNN(3, 100, seed=0)
    assert isinstance(rnn, Layer)
    assert {k: v.shape for k, v in rnn.params.items()} == {
        "W_xh": (3, 100),
        "W_hh": (100, 100),
        "b": (100,),
    }
    assert {k: v.shape for k, v in rnn.grads.items()} == {k: v.shape for k, v in rnn.params.items()}
    bound = 1 / np.sqrt(100)  # PyTorch's uniform(-1/sqrt(H), 1/sqrt(H))
    assert np.abs(rnn.params["W_hh"]).max() <= bound
    assert np.abs(rnn.params["W_hh"]).max() > 0.95 * bound
    np.testing.assert_array_equal(rnn.params["b"], 0.0)
    assert repr(rnn) == "RNN(3 -> 100)"
    np.testing.assert_array_equal(
        RNN(3, 4, seed=1).params["W_xh"], RNN(3, 4, seed=1).params["W_xh"]
    )


@pytest.mark.parametrize("name", ["W_xh", "W_hh", "b"])
def test_gradients_match_central_differences_over_6_steps(name, rng):
    rnn = make_rnn(3, 4, rng)
    x = rng.standard_normal((2, 6, 3))
    G = rng.standard_normal((2, 6, 4))  # L = sum(y * G), so dL/dy = G

    def loss(_):
        return float(np.sum(rnn.forward(x) * G))

    rnn.forward(x)
    rnn.backward(G)
    analytic = rnn.grads[name].copy()
    numeric = numerical_gradient(loss, rnn.params[name])
    assert relative_error(analytic, numeric) < 1e-7


def test_input_gradient_matches_central_differences(rng):
    rnn = make_rnn(3, 4, rng)
    x = rng.standard_normal((2, 6, 3))
    G = rng.standard_normal((2, 6, 4))
    rnn.forward(x)
    dx = rnn.backward(G)
    numeric = numerical_gradient(lambda x_: float(np.sum(rnn.forward(x_) * G)), x)
    assert dx.shape == x.shape
    assert relative_error(dx, numeric) < 1e-7


def test_skipping_the_input_gradient_still_fills_the_weights(rng):
    rnn = make_rnn(3, 4, rng)
    x, G = rng.standard_normal((2, 5, 3)), rng.standard_normal((2, 5, 4))
    rnn.forward(x)
    rnn.backward(G)
    expected = {k: v.copy() for k, v in rnn.grads.items()}
    rnn.needs_input_grad = False
    rnn.forward(x)
    assert rnn.backward(G) is None
    for k, v in expected.items():
        np.testing.assert_array_equal(rnn.grads[k], v)


def test_hidden_grad_norms_show_a_gradient_vanishing_back_in_time(rng):
    rnn = RNN(4, 16, seed=0)  # small weights: each step shrinks the gradient
    x = rng.standard_normal((8, 30, 4))
    rnn.forward(x)
    G = np.zeros((8, 30, 16))
    G[:, -1] = 1.0  # the loss looks at the last step only
    rnn.backward(G)
    norms = rnn.hidden_grad_norms
    assert norms.shape == (30,)
    assert norms[-1] == pytest.approx(np.sqrt(8 * 16))  # ||G_T||
    assert np.all(np.diff(norms) > 0)  # smaller at every step further back
    assert norms[0] < 1e-3 * norms[-1]
    assert rnn.hidden_grads.shape == (8, 30, 16)


def test_hidden_grad_norms_before_backward_is_an_error():
    with pytest.raises(RuntimeError, match="forward and backward first"):
        _ = RNN(2, 3).hidden_grad_norms


def test_float32_stays_float32(rng):
    rnn = make_rnn(3, 4, rng, dtype=np.float32)
    x = rng.standard_normal((2, 5, 3)).astype(np.float32)
    y = rnn.forward(x)
    dx = rnn.backward(np.ones_like(y))
    assert y.dtype == dx.dtype == np.float32
    assert all(g.dtype == np.float32 for g in rnn.grads.values())


# ------------------------------------------------------------------ bad input


def test_wrong_input_shape_names_expected_and_given():
    rnn = RNN(3, 4)
    message = "expected input of shape (N, T, 3) with T >= 1, got (2, 5)"
    with pytest.raises(ValueError, match=re.escape(message)):
        rnn.forward(np.zeros((2, 5)))
    with pytest.raises(ValueError, match=re.escape("(N, T, 3) with T >= 1, got (2, 5, 4)")):
        rnn.forward(np.zeros((2, 5, 4)))
    with pytest.raises(ValueError, match=re.escape("with T >= 1, got (2, 0, 3)")):
        rnn.forward(np.zeros((2, 0, 3)))


def test_integer_input_is_a_type_error():
    with pytest.raises(TypeError, match=r"floating-point NumPy array.*got an array of dtype int64"):
        RNN(3, 4).forward(np.zeros((2, 5, 3), dtype=np.int64))
    with pytest.raises(TypeError, match="got <class 'list'>"):
        RNN(3, 4).forward([[[0.0, 0.0, 0.0]]])


def test_bad_sizes():
    with pytest.raises(ValueError, match="hidden_size >= 1, got 0"):
        RNN(3, 0)
    with pytest.raises(TypeError, match="input_size as an int, got float"):
        RNN(3.0, 4)


# -------------------------------------------------------------------- PyTorch


@pytest.mark.torch
def test_matches_torch_rnn_with_the_bias_split_in_two(rng):
    torch = pytest.importorskip("torch")
    N, T, I, H = 3, 7, 4, 5
    rnn = make_rnn(I, H, rng)
    x = rng.standard_normal((N, T, I))
    G = rng.standard_normal((N, T, H))
    y = rnn.forward(x)
    dx = rnn.backward(G)

    net = torch.nn.RNN(I, H, batch_first=True, dtype=torch.float64)
    b_ih = rng.standard_normal(H)  # torch has two biases: b = b_ih + b_hh
    with torch.no_grad():
        net.weight_ih_l0.copy_(torch.tensor(rnn.params["W_xh"].T))
        net.weight_hh_l0.copy_(torch.tensor(rnn.params["W_hh"].T))
        net.bias_ih_l0.copy_(torch.tensor(b_ih))
        net.bias_hh_l0.copy_(torch.tensor(rnn.params["b"] - b_ih))
    xt = torch.tensor(x, requires_grad=True)
    yt, _ = net(xt)
    yt.backward(torch.tensor(G))
    assert relative_error(y, yt.detach().numpy()) < 1e-10
    assert relative_error(dx, xt.grad.numpy()) < 1e-10
    assert relative_error(rnn.grads["W_xh"], net.weight_ih_l0.grad.numpy().T) < 1e-10
    assert relative_error(rnn.grads["W_hh"], net.weight_hh_l0.grad.numpy().T) < 1e-10
    assert relative_error(rnn.grads["b"], net.bias_hh_l0.grad.numpy()) < 1e-10
    assert relative_error(rnn.grads["b"], net.bias_ih_l0.grad.numpy()) < 1e-10
