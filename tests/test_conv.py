"""Tests for dlnotes/conv.py."""

import re

import numpy as np
import pytest

from dlnotes.activations import ReLU
from dlnotes.conv import (
    AvgPool2D,
    Conv2D,
    GlobalAvgPool2D,
    MaxPool2D,
    conv2d_naive,
    patch_products,
    patches_move_less,
    row_windows,
    shifted_products,
)
from dlnotes.gradcheck import check_gradients, numerical_gradient, relative_error
from dlnotes.layers import Dense, Flatten
from dlnotes.losses import CrossEntropy

CONFIGS = [  # (in_channels, out_channels, k, stride, padding, H, W)
    (1, 2, 3, 1, 0, 6, 6),
    (2, 3, 3, 2, 1, 7, 6),
    (3, 2, 2, 2, 0, 5, 5),
    (2, 2, 1, 1, 2, 3, 4),
    (3, 3, 3, 2, 2, 7, 8),  # F <= C with stride and padding; the last column is in no window
    (2, 2, 3, 1, 3, 4, 5),  # padding > k - 1: the input gradient crops where it would pad
    # few channels in, many filters: the forward pass copies whole patches
    (1, 8, 3, 1, 0, 6, 6),
    (2, 12, 3, 2, 2, 7, 8),
    # many channels in, one filter: the input gradient (as a convolution) copies patches
    (6, 1, 3, 2, 1, 7, 6),
    (5, 1, 2, 1, 3, 4, 5),
]


def make_conv(c_in, c_out, k, stride, padding, rng):
    conv = Conv2D(c_in, c_out, k, stride=stride, padding=padding, seed=1)
    conv.params["b"][:] = rng.standard_normal(c_out)
    return conv


# ------------------------------------------------------------ conv2d_naive


def test_conv2d_naive_on_a_hand_example():
    x = np.arange(9.0).reshape(1, 1, 3, 3)  # [[0 1 2] [3 4 5] [6 7 8]]
    W = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])  # top-left minus bottom-right
    y = conv2d_naive(x, W, np.array([10.0]))
    np.testing.assert_array_equal(y, [[[[6.0, 6.0], [6.0, 6.0]]]])
    y = conv2d_naive(x, W, np.array([0.0]), padding=1)  # zeros around the image
    expected = [[0, -1, -2, 0], [-3, -4, -4, 2], [-6, -4, -4, 5], [0, 6, 7, 8]]
    np.testing.assert_array_equal(y[0, 0], expected)


# ------------------------------------------------------------------ Conv2D


@pytest.mark.parametrize("config", CONFIGS)
def test_conv2d_forward_equals_naive_loops(config, rng):
    c_in, c_out, k, s, p, H, W = config
    conv = make_conv(c_in, c_out, k, s, p, rng)
    x = rng.standard_normal((3, c_in, H, W))
    y = conv.forward(x)
    assert y.shape == (3, c_out, (H + 2 * p - k) // s + 1, (W + 2 * p - k) // s + 1)
    expected = conv2d_naive(x, conv.params["W"], conv.params["b"], stride=s, padding=p)
    np.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("config", CONFIGS)
def test_conv2d_gradients_match_central_differences(config, rng):
    c_in, c_out, k, s, p, H, W = config
    conv = make_conv(c_in, c_out, k, s, p, rng)
    x = rng.standard_normal((2, c_in, H, W))
    weights = rng.standard_normal(conv.forward(x).shape)  # L = sum(weights * y)

    def loss(_):
        return np.sum(weights * conv.forward(x))

    conv.forward(x)
    dx = conv.backward(weights)
    assert dx.shape == x.shape
    assert relative_error(dx, numerical_gradient(loss, x)) < 1e-6
    for name in ("W", "b"):
        numeric = numerical_gradient(loss, conv.params[name])
        assert relative_error(conv.grads[name], numeric) < 1e-6


@pytest.mark.parametrize("config", CONFIGS)
def test_conv2d_input_gradient_is_the_same_by_col2im_and_as_a_convolution(config, rng):
    """Backward picks one grouping of the same sum by channel counts; both must agree."""
    c_in, c_out, k, s, p, H, W = config
    conv = make_conv(c_in, c_out, k, s, p, rng)
    g = rng.standard_normal(conv.forward(rng.standard_normal((3, c_in, H, W))).shape)
    by_col2im = conv._input_grad_col2im(g)
    as_convolution = conv._input_grad_as_convolution(g)
    assert by_col2im.shape == as_convolution.shape == (3, c_in, H, W)
    np.testing.assert_allclose(as_convolution, by_col2im, rtol=1e-12, atol=1e-12)


def test_the_configs_reach_both_ways_of_computing_the_products():
    forward = {patches_move_less(c, f, k) for c, f, k, *_ in CONFIGS}
    input_grad = {patches_move_less(f, c, k) for c, f, k, *_ in CONFIGS if f <= c}
    assert forward == input_grad == {False, True}


@pytest.mark.parametrize(
    "f, c, k, stride, pads",
    [(8, 1, 3, 1, (0, 0, 0, 0)), (3, 2, 2, 2, (1, 0, 2, 1)), (1, 4, 3, 1, (2, 2, 2, 2))],
)
def test_patch_products_equal_shifted_products(f, c, k, stride, pads, rng):
    W = rng.standard_normal((f, c, k, k))
    x = rng.standard_normal((2, c, 6, 7))
    rows = row_windows(x, k, stride, pads)
    w_out = (7 + pads[2] + pads[3] - k) // stride + 1
    np.testing.assert_allclose(
        patch_products(W, rows, w_out), shifted_products(W, rows, w_out), rtol=1e-12, atol=1e-14
    )


def test_conv2d_init_shapes_and_he_scale():
    conv = Conv2D(4, 16, 5, seed=0)
    assert conv.params["W"].shape == (16, 4, 5, 5) and conv.params["b"].shape == (16,)
    assert abs(conv.params["W"].std() / np.sqrt(2 / (4 * 25)) - 1) < 0.05
    np.testing.assert_array_equal(Conv2D(4, 16, 5, seed=0).params["W"], conv.params["W"])


def test_conv2d_wrong_channels_names_layer_and_shape():
    conv = Conv2D(3, 8, 3)
    with pytest.raises(
        ValueError, match=re.escape("expected input of shape (N, 3, H, W), got (2, 1, 8, 8)")
    ):
        conv.forward(np.zeros((2, 1, 8, 8)))
    with pytest.raises(ValueError, match="smaller than k=3"):
        conv.forward(np.zeros((2, 3, 2, 8)))


@pytest.mark.parametrize(("c_in", "c_out"), [(2, 3), (3, 2)])  # col2im, then as a convolution
def test_conv2d_float32_stays_float32(c_in, c_out, rng):
    conv = Conv2D(c_in, c_out, 3, padding=1, seed=0, dtype=np.float32)
    y = conv.forward(rng.standard_normal((2, c_in, 5, 5)).astype(np.float32))
    dx = conv.backward(np.ones_like(y))
    assert y.dtype == dx.dtype == conv.grads["W"].dtype == conv.grads["b"].dtype == np.float32


# --------------------------------------------------------------- MaxPool2D


def test_conv2d_without_input_grad_returns_none_and_the_same_grads(rng):
    conv = Conv2D(2, 3, 3, padding=1, seed=0)
    x, g = rng.standard_normal((2, 2, 5, 5)), rng.standard_normal((2, 3, 5, 5))
    conv.forward(x)
    assert conv.backward(g).shape == x.shape
    W_grad, b_grad = conv.grads["W"].copy(), conv.grads["b"].copy()
    conv.needs_input_grad = False  # what Sequential.train_step does to a first layer
    assert conv.backward(g) is None
    np.testing.assert_array_equal(conv.grads["W"], W_grad)
    np.testing.assert_array_equal(conv.grads["b"], b_grad)


@pytest.mark.parametrize("config", CONFIGS)
def test_conv2d_reused_for_many_passes_gives_each_pass_its_own_results(config, rng):
    # the layer keeps its work arrays from pass to pass: nothing of a pass may leak into the next
    c_in, c_out, k, stride, padding, H, W = config
    kept = make_conv(c_in, c_out, k, stride, padding, rng)
    sizes = [(H, W), (H, W), (H + 2, W + 1), (H, W)]  # same shape twice, then a new one, then back
    for height, width in sizes:
        x = rng.standard_normal((2, c_in, height, width))
        fresh = Conv2D(c_in, c_out, k, stride=stride, padding=padding, seed=1)
        fresh.params["b"][:] = kept.params["b"]
        y = kept.forward(x, train=True)
        g = rng.standard_normal(y.shape)
        np.testing.assert_allclose(y, fresh.forward(x, train=True), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(kept.backward(g), fresh.backward(g), rtol=1e-12, atol=1e-12)
        for name in ("W", "b"):
            np.testing.assert_allclose(kept.grads[name], fresh.grads[name], rtol=1e-12, atol=1e-12)


def test_maxpool_forward_on_a_hand_example():
    x = np.array(
        [[1.0, 2.0, 5.0, 0.0], [3.0, 4.0, 1.0, 1.0], [0.0, 0.0, 9.0, 8.0], [0.0, -1.0, 7.0, 6.0]]
    )
    y = MaxPool2D(2).forward(x[None, None])
    np.testing.assert_array_equal(y[0, 0], [[4.0, 5.0], [0.0, 9.0]])


def test_maxpool_backward_routes_to_first_max_only():
    pool = MaxPool2D(2)
    x = np.array([[[[1.0, 3.0], [3.0, 2.0]]]])  # tie: the first 3 (row-major) wins
    pool.forward(x)
    dx = pool.backward(np.array([[[[5.0]]]]))
    np.testing.assert_array_equal(dx, [[[[0.0, 5.0], [0.0, 0.0]]]])


def test_maxpool_drops_rows_and_cols_that_do_not_fill_a_window(rng):
    pool = MaxPool2D(2)
    x = rng.standard_normal((2, 3, 5, 7))
    y = pool.forward(x)
    assert y.shape == (2, 3, 2, 3)
    dx = pool.backward(np.ones_like(y))
    assert dx.shape == x.shape
    assert np.all(dx[:, :, 4, :] == 0) and np.all(dx[:, :, :, 6] == 0)
    assert dx.sum() == y.size  # one 1 per window


@pytest.mark.parametrize("size", [2, 3])
def test_maxpool_gradient_matches_central_differences(size, rng):
    pool = MaxPool2D(size)
    x = rng.permutation(2 * 2 * 7 * 6).reshape(2, 2, 7, 6) * 0.01  # no ties
    weights = rng.standard_normal(pool.forward(x).shape)
    pool.forward(x)
    dx = pool.backward(weights)
    numeric = numerical_gradient(lambda x: np.sum(weights * pool.forward(x)), x)
    assert relative_error(dx, numeric) < 1e-6


def test_maxpool_float32_stays_float32(rng):
    pool = MaxPool2D(2)
    y = pool.forward(rng.standard_normal((1, 2, 4, 4)).astype(np.float32))
    assert y.dtype == np.float32 and pool.backward(np.ones_like(y)).dtype == np.float32


# ------------------------------------------------------------ small models


@pytest.mark.parametrize(("stride", "padding"), [(1, 0), (1, 1), (2, 1)])
def test_small_cnn_gradients(stride, padding, chain, rng):
    conv = Conv2D(2, 3, 3, stride=stride, padding=padding, seed=0)
    conv.params["b"][:] = rng.standard_normal(3) * 0.1
    side = (6 + 2 * padding - 3) // stride + 1
    n_features = 3 * (side // 2) ** 2
    model = chain([conv, ReLU(), MaxPool2D(2), Flatten(), Dense(n_features, 4, seed=1)])
    X = rng.standard_normal((3, 2, 6, 6))
    y = np.array([0, 3, 1])
    errors = check_gradients(model, CrossEntropy(), X, y)
    assert set(errors) == {"0.Conv2D.W", "0.Conv2D.b", "4.Dense.W", "4.Dense.b"}
    assert max(errors.values()) < 1e-6, errors


# ----------------------------------------------------------------- PyTorch


@pytest.mark.torch
@pytest.mark.parametrize("config", CONFIGS)
def test_conv2d_matches_pytorch(config, rng):
    torch = pytest.importorskip("torch")
    c_in, c_out, k, s, p, H, W = config
    conv = make_conv(c_in, c_out, k, s, p, rng)
    x = rng.standard_normal((3, c_in, H, W))
    y = conv.forward(x)
    g = rng.standard_normal(y.shape)
    dx = conv.backward(g)

    xt = torch.tensor(x, requires_grad=True)
    Wt = torch.tensor(conv.params["W"], requires_grad=True)
    bt = torch.tensor(conv.params["b"], requires_grad=True)
    yt = torch.nn.functional.conv2d(xt, Wt, bt, stride=s, padding=p)
    yt.backward(torch.tensor(g))
    assert relative_error(y, yt.detach().numpy()) < 1e-10
    assert relative_error(dx, xt.grad.numpy()) < 1e-10
    assert relative_error(conv.grads["W"], Wt.grad.numpy()) < 1e-10
    assert relative_error(conv.grads["b"], bt.grad.numpy()) < 1e-10


@pytest.mark.torch
@pytest.mark.parametrize(
    ("size", "shape"), [(2, (2, 3, 8, 8)), (2, (2, 2, 7, 9)), (3, (1, 2, 9, 7))]
)
def test_maxpool_matches_pytorch(size, shape, rng):
    torch = pytest.importorskip("torch")
    x = np.maximum(rng.standard_normal(shape), 0)  # ReLU output: many tied zeros
    pool = MaxPool2D(size)
    y = pool.forward(x)
    g = rng.standard_normal(y.shape)
    dx = pool.backward(g)

    xt = torch.tensor(x, requires_grad=True)
    yt = torch.nn.functional.max_pool2d(xt, size)
    yt.backward(torch.tensor(g))
    np.testing.assert_array_equal(y, yt.detach().numpy())
    np.testing.assert_array_equal(dx, xt.grad.numpy())


def test_small_cnn_gradients_with_sequential(rng):
    model_module = pytest.importorskip("dlnotes.model")
    model = model_module.Sequential(
        [Conv2D(1, 2, 3, padding=1, seed=0), ReLU(), MaxPool2D(2), Flatten(), Dense(18, 3, seed=1)]
    )
    X = rng.standard_normal((4, 1, 6, 6))
    errors = check_gradients(model, CrossEntropy(), X, np.array([0, 1, 2, 1]))
    assert len(errors) == 4 and max(errors.values()) < 1e-6, errors


# ----------------------------------------------------------- average pools


def test_avgpool_forward_on_a_hand_example_drops_leftover_rows():
    x = np.arange(20.0).reshape(1, 1, 4, 5)  # the last column does not fill a window
    y = AvgPool2D(2).forward(x)
    np.testing.assert_array_equal(y, [[[[3.0, 5.0], [13.0, 15.0]]]])
    assert repr(AvgPool2D(3)) == "AvgPool2D(size=3)"


@pytest.mark.parametrize(("size", "shape"), [(2, (2, 3, 4, 4)), (3, (2, 2, 7, 8))])
def test_avgpool_gradient_matches_central_differences(size, shape, rng):
    layer = AvgPool2D(size)
    x = rng.standard_normal(shape)
    weights = rng.standard_normal(layer.forward(x).shape)
    layer.forward(x)
    dx = layer.backward(weights)
    numeric = numerical_gradient(lambda x: np.sum(weights * layer.forward(x)), x)
    assert dx.shape == x.shape and relative_error(dx, numeric) < 1e-8


def test_global_avgpool_is_the_channel_mean_and_its_gradient(rng):
    layer = GlobalAvgPool2D()
    x = rng.standard_normal((3, 4, 5, 6))
    y = layer.forward(x)
    assert y.shape == (3, 4) and repr(layer) == "GlobalAvgPool2D()"
    np.testing.assert_allclose(y, x.mean(axis=(2, 3)))
    weights = rng.standard_normal((3, 4))
    dx = layer.backward(weights)
    numeric = numerical_gradient(lambda x: np.sum(weights * layer.forward(x)), x)
    assert relative_error(dx, numeric) < 1e-8


def test_average_pools_reject_bad_shapes():
    with pytest.raises(ValueError, match=re.escape("H, W >= 3, got (2, 1, 2, 5)")):
        AvgPool2D(3).forward(np.zeros((2, 1, 2, 5)))
    with pytest.raises(ValueError, match="size must be >= 1, got 0"):
        AvgPool2D(0)
    message = "GlobalAvgPool2D() expected input of shape (N, C, H, W), got (2, 8)"
    with pytest.raises(ValueError, match=re.escape(message)):
        GlobalAvgPool2D().forward(np.zeros((2, 8)))


@pytest.mark.parametrize("layer", [AvgPool2D(2), GlobalAvgPool2D()], ids=repr)
def test_average_pools_keep_float32(layer, rng):
    y = layer.forward(rng.standard_normal((2, 3, 5, 4)).astype(np.float32))
    assert y.dtype == layer.backward(np.ones_like(y)).dtype == np.float32


@pytest.mark.torch
@pytest.mark.parametrize(("size", "shape"), [(2, (2, 3, 6, 6)), (3, (2, 2, 7, 8))])
def test_avgpool_matches_pytorch(size, shape, rng):
    torch = pytest.importorskip("torch")
    layer = AvgPool2D(size)
    x = rng.standard_normal(shape)
    y = layer.forward(x)
    g = rng.standard_normal(y.shape)
    dx = layer.backward(g)
    xt = torch.tensor(x, requires_grad=True)
    yt = torch.nn.functional.avg_pool2d(xt, size)
    yt.backward(torch.tensor(g))
    assert relative_error(y, yt.detach().numpy()) < 1e-10
    assert relative_error(dx, xt.grad.numpy()) < 1e-10


@pytest.mark.torch
def test_global_avgpool_matches_pytorch(rng):
    torch = pytest.importorskip("torch")
    layer = GlobalAvgPool2D()
    x = rng.standard_normal((3, 4, 5, 6))
    g = rng.standard_normal((3, 4))
    y = layer.forward(x)
    dx = layer.backward(g)
    xt = torch.tensor(x, requires_grad=True)
    yt = torch.nn.functional.adaptive_avg_pool2d(xt, 1).flatten(1)
    yt.backward(torch.tensor(g))
    assert relative_error(y, yt.detach().numpy()) < 1e-10
    assert relative_error(dx, xt.grad.numpy()) < 1e-10
