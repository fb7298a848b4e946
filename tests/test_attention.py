"""Tests for dlnotes/attention.py."""

import re

import numpy as np
import pytest

from dlnotes.activations import GELU
from dlnotes.attention import (
    MultiHeadSelfAttention,
    PositionalEncoding,
    TransformerBlock,
    causal_mask,
    positional_encoding,
    scaled_dot_product_attention,
)
from dlnotes.gradcheck import numerical_gradient, relative_error
from dlnotes.layers import Dense, Embedding, Layer
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.norm import LayerNorm
from dlnotes.optim import AdamW, clip_grad_norm


def make_mhsa(d_model, n_heads, causal, rng, dtype=np.float64):
    """An attention layer with random (nonzero) biases, so every term is tested."""
    layer = MultiHeadSelfAttention(d_model, n_heads, causal=causal, seed=rng, dtype=dtype)
    for name in ("bq", "bk", "bv", "bo"):
        layer.params[name][...] = rng.standard_normal(d_model) * 0.5
    return layer


# ------------------------------------------------ scaled_dot_product_attention


def test_attention_is_the_formula_row_by_row(rng):
    q, k, v = rng.standard_normal((3, 4)), rng.standard_normal((5, 4)), rng.standard_normal((5, 2))
    out, weights = scaled_dot_product_attention(q, k, v)
    for i in range(3):
        scores = np.array([q[i] @ k[j] / 2.0 for j in range(5)])  # sqrt(d_k) = 2
        w = np.exp(scores) / np.exp(scores).sum()
        np.testing.assert_allclose(weights[i], w, rtol=1e-13)
        np.testing.assert_allclose(out[i], w @ v, rtol=1e-13)


def test_attention_is_stable_for_huge_scores(rng):
    q = rng.standard_normal((2, 3, 4)) * 1e4
    out, weights = scaled_dot_product_attention(q, q, rng.standard_normal((2, 3, 5)))
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0)


def test_causal_mask_and_boolean_mask_agree(rng):
    q, k, v = (rng.standard_normal((2, 5, 3)) for _ in range(3))
    mask = causal_mask(5)
    assert mask[1, 0] == 0 and mask[1, 1] == 0 and mask[1, 2] == -np.inf
    out, weights = scaled_dot_product_attention(q, k, v, mask)
    np.testing.assert_array_equal(np.triu(weights[0], k=1), 0.0)  # no weight on the future
    out_b, weights_b = scaled_dot_product_attention(q, k, v, np.tril(np.ones((5, 5), bool)))
    np.testing.assert_allclose(out_b, out, rtol=1e-14)
    np.testing.assert_allclose(weights_b, weights, rtol=1e-14)
    # the first position sees only itself
    np.testing.assert_allclose(out[:, 0], v[:, 0], rtol=1e-14)


def test_attention_bad_input():
    x = np.zeros((2, 3, 4))
    with pytest.raises(TypeError, match="expected q as a floating-point NumPy array, got list"):
        scaled_dot_product_attention([[0.0]], x, x)
    with pytest.raises(TypeError, match=r"expected k .* got an array of dtype int64"):
        scaled_dot_product_attention(x, np.zeros((2, 3, 4), dtype=np.int64), x)
    message = "got q (2, 3, 4), k (2, 3, 5), v (2, 3, 4)"
    with pytest.raises(ValueError, match=re.escape(message)):
        scaled_dot_product_attention(x, np.zeros((2, 3, 5)), x)
    with pytest.raises(ValueError, match=re.escape("v of shape (..., T, d), got (4,)")):
        scaled_dot_product_attention(x, x, np.zeros(4))
    with pytest.raises(
        ValueError, match=re.escape("broadcastable to the scores (2, 3, 3), got (4, 4)")
    ):
        scaled_dot_product_attention(x, x, x, np.zeros((4, 4)))
    with pytest.raises(ValueError, match="blocks every key for some query"):
        scaled_dot_product_attention(x, x, x, np.zeros((3, 3), dtype=bool))


# ------------------------------------------------------- positional_encoding


def test_positional_encoding_is_sin_at_even_and_cos_at_odd_columns():
    pe = positional_encoding(50, 16)
    assert pe.shape == (50, 16) and pe.dtype == np.float64
    for pos in (0, 1, 7, 49):
        for i in range(8):
            angle = pos / 10000 ** (2 * i / 16)
            assert pe[pos, 2 * i] == pytest.approx(np.sin(angle), abs=1e-15)
            assert pe[pos, 2 * i + 1] == pytest.approx(np.cos(angle), abs=1e-15)
    np.testing.assert_array_equal(pe[0, 0::2], 0.0)
    np.testing.assert_array_equal(pe[0, 1::2], 1.0)


def test_positional_encoding_odd_width_and_dtype():
    pe = positional_encoding(4, 5, dtype=np.float32)
    assert pe.shape == (4, 5) and pe.dtype == np.float32
    np.testing.assert_allclose(pe[:, 4], np.sin(np.arange(4) / 10000 ** (4 / 5)), rtol=1e-6)


def test_positional_encoding_positions_are_distinct():
    pe = positional_encoding(64, 32)
    distances = np.linalg.norm(pe[:, None] - pe[None, :], axis=-1)
    assert distances[~np.eye(64, dtype=bool)].min() > 0.1


def test_positional_encoding_bad_input():
    with pytest.raises(ValueError, match="expected d >= 1, got 0"):
        positional_encoding(5, 0)
    with pytest.raises(TypeError, match=re.escape("expected T as an int, got float 5.0")):
        positional_encoding(5.0, 4)


# --------------------------------------------------- MultiHeadSelfAttention


def test_mhsa_shapes_init_and_repr():
    layer = MultiHeadSelfAttention(12, 3, seed=0)
    assert isinstance(layer, Layer)
    for name in ("Wq", "Wk", "Wv", "Wo"):
        assert layer.params[name].shape == (12, 12)
        assert layer.grads[name].shape == (12, 12)
    for name in ("bq", "bk", "bv", "bo"):
        assert layer.params[name].shape == (12,)
        np.testing.assert_array_equal(layer.params[name], 0.0)
    assert layer.d_head == 4
    assert repr(layer) == "MultiHeadSelfAttention(d_model=12, n_heads=3, causal=False)"
    np.testing.assert_array_equal(
        MultiHeadSelfAttention(4, 2, seed=5).params["Wo"],
        MultiHeadSelfAttention(4, 2, seed=5).params["Wo"],
    )


@pytest.mark.parametrize("causal", [False, True])
def test_mhsa_heads_are_contiguous_column_slices(causal, rng):
    """Each head is the reference attention on its own d_head columns."""
    layer = make_mhsa(8, 2, causal, rng)
    x = rng.standard_normal((3, 5, 8))
    y = layer.forward(x)
    p = layer.params
    q, k, v = (x @ p[f"W{n}"] + p[f"b{n}"] for n in "qkv")
    mask = causal_mask(5) if causal else None
    heads, weights = [], []
    for h in range(2):
        cols = slice(4 * h, 4 * h + 4)
        out, w = scaled_dot_product_attention(q[..., cols], k[..., cols], v[..., cols], mask)
        heads.append(out)
        weights.append(w)
    expected = np.concatenate(heads, axis=-1) @ p["Wo"] + p["bo"]
    np.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-12)
    assert layer.attention_weights.shape == (3, 2, 5, 5)
    np.testing.assert_allclose(layer.attention_weights, np.stack(weights, axis=1), atol=1e-14)


def test_causal_mhsa_output_ignores_the_future(rng):
    layer = make_mhsa(8, 4, True, rng)
    x = rng.standard_normal((2, 6, 8))
    y = layer.forward(x)
    x2 = x.copy()
    x2[:, 4:] = rng.standard_normal((2, 2, 8))  # change positions 4 and 5 only
    y2 = layer.forward(x2)
    np.testing.assert_allclose(y2[:, :4], y[:, :4], rtol=1e-13)
    assert not np.allclose(y2[:, 4:], y[:, 4:])
    np.testing.assert_array_equal(np.triu(layer.attention_weights[0, 0], k=1), 0.0)


def test_mhsa_without_mask_is_blind_to_order_and_positions_fix_that(rng):
    layer = make_mhsa(8, 2, False, rng)
    x = rng.standard_normal((2, 6, 8))
    order = rng.permutation(6)
    np.testing.assert_allclose(layer.forward(x[:, order]), layer.forward(x)[:, order], rtol=1e-12)
    pe = positional_encoding(6, 8)
    moved = layer.forward(x[:, order] + pe)
    assert not np.allclose(moved, layer.forward(x + pe)[:, order])


@pytest.mark.parametrize("causal", [False, True])
def test_mhsa_gradients_match_central_differences(causal, rng):
    layer = make_mhsa(6, 2, causal, rng)
    x = rng.standard_normal((2, 4, 6))
    G = rng.standard_normal((2, 4, 6))  # L = sum(y * G)

    def loss(_):
        return float(np.sum(layer.forward(x) * G))

    layer.forward(x)
    dx = layer.backward(G)
    analytic = {name: g.copy() for name, g in layer.grads.items()}
    for name, param in layer.params.items():
        numeric = numerical_gradient(loss, param)
        if name == "bk":  # shifting every key alike shifts each score row: no effect
            assert np.abs(analytic[name]).max() < 1e-12 and np.abs(numeric).max() < 1e-9
        else:
            assert relative_error(analytic[name], numeric) < 1e-7, name
    numeric_dx = numerical_gradient(lambda x_: float(np.sum(layer.forward(x_) * G)), x)
    assert relative_error(dx, numeric_dx) < 1e-7


def test_mhsa_results_survive_the_next_call(rng):
    """Work arrays are reused between calls; what a call returns is never among them."""
    layer = make_mhsa(8, 2, True, rng)
    x1, x2 = rng.standard_normal((2, 2, 5, 8))
    G1, G2 = rng.standard_normal((2, 2, 5, 8))
    y1 = layer.forward(x1)
    A1 = layer.attention_weights
    dx1 = layer.backward(G1)
    kept = y1.copy(), A1.copy(), dx1.copy(), layer.grads["Wq"].copy()
    layer.forward(x2)
    layer.backward(G2)
    for before, after in zip(kept, (y1, A1, dx1), strict=False):
        np.testing.assert_array_equal(before, after)
    layer.forward(x1)  # the same input again gives the same gradients
    layer.backward(G1)
    np.testing.assert_allclose(layer.grads["Wq"], kept[3], rtol=1e-13)


def test_mhsa_skips_the_input_gradient_when_told(rng):
    layer = make_mhsa(4, 2, False, rng)
    x, G = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 3, 4))
    layer.forward(x)
    layer.backward(G)
    expected = {k: v.copy() for k, v in layer.grads.items()}
    layer.needs_input_grad = False
    layer.forward(x)
    assert layer.backward(G) is None
    for name, grad in expected.items():
        np.testing.assert_array_equal(layer.grads[name], grad)


def test_mhsa_float32_stays_float32(rng):
    layer = make_mhsa(8, 2, True, rng, dtype=np.float32)
    x = rng.standard_normal((2, 5, 8)).astype(np.float32)
    y = layer.forward(x)
    dx = layer.backward(np.ones_like(y))
    assert y.dtype == dx.dtype == layer.attention_weights.dtype == np.float32
    assert all(g.dtype == np.float32 for g in layer.grads.values())


def test_mhsa_bad_construction():
    message = "d_model divisible by n_heads, got d_model=10 and n_heads=4"
    with pytest.raises(ValueError, match=re.escape(message)):
        MultiHeadSelfAttention(10, 4)
    with pytest.raises(ValueError, match="expected n_heads >= 1, got 0"):
        MultiHeadSelfAttention(8, 0)
    with pytest.raises(TypeError, match=re.escape("expected d_model as an int, got float 8.0")):
        MultiHeadSelfAttention(8.0, 2)


def test_mhsa_bad_input():
    layer = MultiHeadSelfAttention(8, 2)
    message = "expected input of shape (N, T, 8) with T >= 1, got (5, 8)"
    with pytest.raises(ValueError, match=re.escape(message)):
        layer.forward(np.zeros((5, 8)))
    with pytest.raises(ValueError, match=re.escape("(N, T, 8) with T >= 1, got (2, 5, 6)")):
        layer.forward(np.zeros((2, 5, 6)))
    with pytest.raises(ValueError, match=re.escape("with T >= 1, got (2, 0, 8)")):
        layer.forward(np.zeros((2, 0, 8)))
    with pytest.raises(TypeError, match="got an array of dtype int64; turn token ids"):
        layer.forward(np.zeros((2, 5), dtype=np.int64))


# --------------------------------------------------------- PositionalEncoding


def test_positional_encoding_layer_adds_the_table(rng):
    layer = PositionalEncoding(6)
    x = rng.standard_normal((2, 5, 6))
    np.testing.assert_array_equal(layer.forward(x), x + positional_encoding(5, 6))
    np.testing.assert_array_equal(layer.forward(x[:, :3]), x[:, :3] + positional_encoding(3, 6))
    g = rng.standard_normal((2, 3, 6))
    assert layer.backward(g) is g
    assert layer.params == {} and repr(layer) == "PositionalEncoding(6)"
    assert layer.forward(x.astype(np.float32)).dtype == np.float32
    with pytest.raises(ValueError, match=re.escape("(N, T, 6), got (2, 5, 4)")):
        layer.forward(np.zeros((2, 5, 4)))


# ----------------------------------------------------------- TransformerBlock


def make_block(rng, causal=True, d_model=8, n_heads=2, d_ff=12, dtype=np.float64):
    """A block whose LayerNorm and bias parameters are random too."""
    block = TransformerBlock(d_model, n_heads, d_ff, causal=causal, seed=rng, dtype=dtype)
    for name, param in block.params.items():
        if not name.endswith(("W", "Wq", "Wk", "Wv", "Wo")):
            param[...] = rng.standard_normal(param.shape) * 0.3 + (name.endswith("gamma"))
    return block


def test_block_has_named_sublayers_and_flat_params_sharing_their_arrays(rng):
    block = TransformerBlock(8, 2, 32, seed=0)
    assert isinstance(block, Layer)
    assert isinstance(block.ln1, LayerNorm) and isinstance(block.ln2, LayerNorm)
    assert isinstance(block.attn, MultiHeadSelfAttention) and block.attn.causal
    assert isinstance(block.ff1, Dense) and isinstance(block.ff2, Dense)
    assert (block.ff1.n_in, block.ff1.n_out, block.ff2.n_out) == (8, 32, 8)
    assert isinstance(block.act, GELU)
    assert set(block.params) == {
        *(f"ln{i}.{k}" for i in (1, 2) for k in ("gamma", "beta")),
        *(f"attn.{k}" for k in ("Wq", "Wk", "Wv", "Wo", "bq", "bk", "bv", "bo")),
        *(f"ff{i}.{k}" for i in (1, 2) for k in ("W", "b")),
    }
    assert block.params["ln1.gamma"] is block.ln1.params["gamma"]
    assert block.params["attn.Wq"] is block.attn.params["Wq"]
    x = rng.standard_normal((2, 3, 8))
    block.forward(x)
    block.backward(np.ones_like(x))
    assert set(block.grads) == set(block.params)
    assert block.grads["ff1.W"] is block.ff1.grads["W"]
    assert block.grads["attn.Wo"] is block.attn.grads["Wo"]
    assert repr(block) == "TransformerBlock(d_model=8, n_heads=2, d_ff=32, causal=True)"
    assert not TransformerBlock(8, 2, 32, causal=False).attn.causal


def test_block_is_pre_norm_with_two_residual_connections(rng):
    block = make_block(rng)
    x = rng.standard_normal((2, 5, 8))
    y = block.forward(x)
    h = x + block.attn.forward(block.ln1.forward(x))
    expected = h + block.ff2.forward(block.act.forward(block.ff1.forward(block.ln2.forward(h))))
    np.testing.assert_allclose(y, expected, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("causal", [True, False])
def test_block_gradients_match_central_differences(causal, rng):
    block = make_block(rng, causal=causal)
    x = rng.standard_normal((2, 4, 8))
    G = rng.standard_normal((2, 4, 8))  # L = sum(y * G)

    def loss(_):
        return float(np.sum(block.forward(x) * G))

    block.forward(x)
    dx = block.backward(G)
    analytic = {name: g.copy() for name, g in block.grads.items()}
    for name, param in block.params.items():
        numeric = numerical_gradient(loss, param)
        if name == "attn.bk":  # always 0 (see MultiHeadSelfAttention)
            assert np.abs(analytic[name]).max() < 1e-12 and np.abs(numeric).max() < 1e-8
        else:
            assert relative_error(analytic[name], numeric) < 1e-6, name
    numeric_dx = numerical_gradient(lambda x_: float(np.sum(block.forward(x_) * G)), x)
    assert relative_error(dx, numeric_dx) < 1e-6


def test_block_float32_stays_float32(rng):
    block = make_block(rng, dtype=np.float32)
    x = rng.standard_normal((2, 5, 8)).astype(np.float32)
    y = block.forward(x)
    dx = block.backward(np.ones_like(y))
    assert y.dtype == dx.dtype == np.float32
    assert all(g.dtype == np.float32 for g in block.grads.values())


def test_block_bad_input():
    with pytest.raises(ValueError, match="d_model divisible by n_heads"):
        TransformerBlock(10, 3, 16)
    with pytest.raises(ValueError, match="expected d_ff >= 1, got 0"):
        TransformerBlock(8, 2, 0)
    block = TransformerBlock(8, 2, 16)
    message = "TransformerBlock(d_model=8, n_heads=2, d_ff=16, causal=True) expected input of "
    with pytest.raises(
        ValueError, match=re.escape(message + "shape (N, T, 8) with T >= 1, got (4, 8)")
    ):
        block.forward(np.zeros((4, 8)))
    with pytest.raises(TypeError, match="got an array of dtype int64; turn token ids"):
        block.forward(np.zeros((2, 4), dtype=np.int64))


# -------------------------------------------------------------------- PyTorch


def torch_mhsa(torch, params, x, n_heads, causal):
    """Multi-head self-attention by hand in PyTorch, on dlnotes' (in, out) weights."""
    N, T, D = x.shape
    d = D // n_heads

    def split(t):  # (N, T, D) -> (N, heads, T, d)
        return t.reshape(N, T, n_heads, d).transpose(1, 2)

    q, k, v = (split(x @ params[f"W{n}"] + params[f"b{n}"]) for n in "qkv")
    scores = q @ k.transpose(-1, -2) / d**0.5
    if causal:
        future = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
        scores = scores.masked_fill(future, float("-inf"))
    heads = torch.softmax(scores, dim=-1) @ v
    return heads.transpose(1, 2).reshape(N, T, D) @ params["Wo"] + params["bo"]


@pytest.mark.torch
@pytest.mark.parametrize("causal", [False, True])
def test_mhsa_matches_pytorch(causal, rng):
    torch = pytest.importorskip("torch")
    layer = make_mhsa(12, 3, causal, rng)
    x = rng.standard_normal((4, 7, 12))
    G = rng.standard_normal((4, 7, 12))
    y = layer.forward(x)
    dx = layer.backward(G)

    params = {k: torch.tensor(v, requires_grad=True) for k, v in layer.params.items()}
    xt = torch.tensor(x, requires_grad=True)
    yt = torch_mhsa(torch, params, xt, 3, causal)
    yt.backward(torch.tensor(G))
    assert relative_error(y, yt.detach().numpy()) < 1e-10
    assert relative_error(dx, xt.grad.numpy()) < 1e-10
    for name, p in params.items():
        if name == "bk":  # zero up to rounding in both
            assert np.abs(layer.grads[name]).max() < 1e-12 and p.grad.abs().max() < 1e-12
        else:
            assert relative_error(layer.grads[name], p.grad.numpy()) < 1e-10, name


@pytest.mark.torch
@pytest.mark.parametrize("causal", [False, True])
def test_mhsa_matches_torch_multihead_attention_with_mapped_weights(causal, rng):
    torch = pytest.importorskip("torch")
    D, h, T = 8, 2, 6
    layer = make_mhsa(D, h, causal, rng)
    x = rng.standard_normal((3, T, D))
    G = rng.standard_normal((3, T, D))
    y = layer.forward(x)
    dx = layer.backward(G)

    p = layer.params
    net = torch.nn.MultiheadAttention(D, h, batch_first=True, dtype=torch.float64)
    with torch.no_grad():  # torch keeps (out, in) weights, q, k and v stacked
        net.in_proj_weight.copy_(torch.tensor(np.concatenate([p["Wq"], p["Wk"], p["Wv"]], 1).T))
        net.in_proj_bias.copy_(torch.tensor(np.concatenate([p["bq"], p["bk"], p["bv"]])))
        net.out_proj.weight.copy_(torch.tensor(p["Wo"].T))
        net.out_proj.bias.copy_(torch.tensor(p["bo"]))
    xt = torch.tensor(x, requires_grad=True)
    mask = torch.nn.Transformer.generate_square_subsequent_mask(T, dtype=torch.float64)
    yt, wt = net(xt, xt, xt, attn_mask=mask if causal else None, average_attn_weights=False)
    yt.backward(torch.tensor(G))
    assert relative_error(y, yt.detach().numpy()) < 1e-10
    assert relative_error(layer.attention_weights, wt.detach().numpy()) < 1e-10
    assert relative_error(dx, xt.grad.numpy()) < 1e-10
    d_in = net.in_proj_weight.grad.numpy().T
    for i, n in enumerate("qkv"):
        assert relative_error(layer.grads[f"W{n}"], d_in[:, i * D : (i + 1) * D]) < 1e-10
    assert relative_error(layer.grads["Wo"], net.out_proj.weight.grad.numpy().T) < 1e-10


def torch_block(torch, params, x, n_heads, causal):
    """The pre-norm block by hand in PyTorch, on dlnotes' flat parameters."""
    F = torch.nn.functional
    D = x.shape[-1]

    def ln(t, i):
        return F.layer_norm(t, (D,), params[f"ln{i}.gamma"], params[f"ln{i}.beta"], eps=1e-5)

    attn = {k.split(".")[1]: v for k, v in params.items() if k.startswith("attn.")}
    h = x + torch_mhsa(torch, attn, ln(x, 1), n_heads, causal)
    z = F.gelu(ln(h, 2) @ params["ff1.W"] + params["ff1.b"])
    return h + z @ params["ff2.W"] + params["ff2.b"]


@pytest.mark.torch
@pytest.mark.parametrize("causal", [True, False])
def test_block_matches_pytorch(causal, rng):
    torch = pytest.importorskip("torch")
    block = make_block(rng, causal=causal, d_model=12, n_heads=3, d_ff=20)
    x = rng.standard_normal((3, 6, 12))
    G = rng.standard_normal((3, 6, 12))
    y = block.forward(x)
    dx = block.backward(G)

    params = {k: torch.tensor(v, requires_grad=True) for k, v in block.params.items()}
    xt = torch.tensor(x, requires_grad=True)
    yt = torch_block(torch, params, xt, 3, causal)
    yt.backward(torch.tensor(G))
    assert relative_error(y, yt.detach().numpy()) < 1e-10
    assert relative_error(dx, xt.grad.numpy()) < 1e-10
    for name, p in params.items():
        if name == "attn.bk":
            assert np.abs(block.grads[name]).max() < 1e-12 and p.grad.abs().max() < 1e-12
        else:
            assert relative_error(block.grads[name], p.grad.numpy()) < 1e-10, name


# ------------------------------------------------------------- a trained model


def reversal_batch(rng, n, length=5, sep=10):
    """Digit sequences ``d1 .. dL SEP dL .. d1``, split into inputs and next tokens."""
    digits = rng.integers(0, 10, size=(n, length))
    seq = np.concatenate([digits, np.full((n, 1), sep), digits[:, ::-1]], axis=1)
    return seq[:, :-1], seq[:, 1:]  # predict token t + 1 from tokens 0 .. t


def test_two_block_causal_transformer_learns_to_reverse_digits():
    """Embedding, positions, 2 causal blocks, a head; AdamW on fresh batches."""
    L, V, d = 5, 11, 16  # 5 digits, vocabulary 0-9 plus the separator 10
    rng = np.random.default_rng(0)
    model = Sequential(
        [
            Embedding(V, d, seed=rng),
            PositionalEncoding(d),
            TransformerBlock(d, 2, 2 * d, causal=True, seed=rng),
            TransformerBlock(d, 2, 2 * d, causal=True, seed=rng),
            LayerNorm(d),
            Dense(d, V, init="xavier", seed=rng),
        ]
    )
    optimizer, loss_fn = AdamW(lr=5e-3, weight_decay=0.0), CrossEntropy()
    for _ in range(300):
        X, Y = reversal_batch(rng, 64, L)
        logits = model.forward(X, train=True)  # (64, 2L, V)
        # only the answer is predictable: the loss covers positions L .. 2L-1
        _, g = loss_fn(logits[:, L:], Y[:, L:])
        grad = np.zeros_like(logits)
        grad[:, L:] = g
        model.backward(grad, input_grad=False)
        parameters = list(model.parameters())
        clip_grad_norm(parameters, 1.0)
        optimizer.step(parameters)

    X, Y = reversal_batch(np.random.default_rng(1), 2000, L)  # unseen sequences
    predicted = model.forward(X).argmax(axis=-1)
    assert np.mean(predicted[:, L:] == Y[:, L:]) >= 0.99


@pytest.mark.torch
def test_block_matches_torch_transformer_encoder_layer_with_mapped_weights(rng):
    """PyTorch's own pre-norm block: norm_first=True, GELU, no dropout, causal mask."""
    torch = pytest.importorskip("torch")
    D, h, F, T = 12, 3, 20, 6
    block = make_block(rng, causal=True, d_model=D, n_heads=h, d_ff=F)
    x = rng.standard_normal((3, T, D))
    G = rng.standard_normal((3, T, D))
    y = block.forward(x)
    dx = block.backward(G)

    layer = torch.nn.TransformerEncoderLayer(
        D, h, F, dropout=0.0, activation="gelu", batch_first=True, norm_first=True
    ).double()
    p = {k: torch.tensor(v) for k, v in block.params.items()}
    with torch.no_grad():  # torch keeps (out, in) weights, q, k and v stacked
        attn = layer.self_attn
        attn.in_proj_weight.copy_(torch.cat([p[f"attn.W{n}"] for n in "qkv"], dim=1).T)
        attn.in_proj_bias.copy_(torch.cat([p[f"attn.b{n}"] for n in "qkv"]))
        attn.out_proj.weight.copy_(p["attn.Wo"].T)
        attn.out_proj.bias.copy_(p["attn.bo"])
        for i in (1, 2):
            getattr(layer, f"linear{i}").weight.copy_(p[f"ff{i}.W"].T)
            getattr(layer, f"linear{i}").bias.copy_(p[f"ff{i}.b"])
            getattr(layer, f"norm{i}").weight.copy_(p[f"ln{i}.gamma"])
            getattr(layer, f"norm{i}").bias.copy_(p[f"ln{i}.beta"])
    xt = torch.tensor(x, requires_grad=True)
    mask = torch.nn.Transformer.generate_square_subsequent_mask(T, dtype=torch.float64)
    yt = layer(xt, src_mask=mask, is_causal=True)
    yt.backward(torch.tensor(G))
    assert relative_error(y, yt.detach().numpy()) < 1e-10
    assert relative_error(dx, xt.grad.numpy()) < 1e-10
    assert relative_error(block.grads["ff1.W"], layer.linear1.weight.grad.numpy().T) < 1e-10
    assert relative_error(block.grads["ln1.gamma"], layer.norm1.weight.grad.numpy()) < 1e-10
    assert relative_error(block.grads["attn.Wo"], attn.out_proj.weight.grad.numpy().T) < 1e-10
