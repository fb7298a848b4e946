"""Attention: every position of a sequence looks at every other position.

Each position asks a *query*, every position offers a *key* and a *value*.
The output at a position is an average of the values, weighted by how well
its query matches each key (Vaswani et al. 2017, "Attention Is All You
Need", https://arxiv.org/abs/1706.03762)::

    weights = softmax(q @ k.T / sqrt(d_k) + mask)     # one row per query
    out = weights @ v

- ``scaled_dot_product_attention``: the formula above, written to be read.
- ``causal_mask``: the mask that hides later positions from earlier ones.
- ``MultiHeadSelfAttention``: a layer that makes ``q``, ``k`` and ``v`` from
  its input and runs several attentions ("heads") side by side.
- ``positional_encoding``: the sine and cosine waves that tell attention
  where in the sequence each position is; ``PositionalEncoding`` is the layer
  that adds them to its input.
- ``TransformerBlock``: attention and a small network per position, each with
  a layer norm before it and a residual connection around it.

Shapes are batch first: a sequence batch is ``(N, T, d_model)``, with ``N``
sequences of ``T`` positions of ``d_model`` features.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike

from dlnotes.activations import GELU
from dlnotes.layers import Dense, Layer, column_sums
from dlnotes.norm import LayerNorm

# --------------------------------------------------------------- functions


def causal_mask(T: int, dtype: DTypeLike = np.float64) -> np.ndarray:
    """Additive mask that lets position ``i`` attend only to positions ``j <= i``.

    ``mask[i, j] = 0`` for ``j <= i`` and ``-inf`` for ``j > i`` (the future).
    Added to the scores before the softmax, ``-inf`` becomes a weight of
    exactly 0, so no information flows from later positions to earlier ones.

    Args:
        T: Sequence length.
        dtype: Floating dtype of the mask.

    Returns:
        ``(T, T)`` array, zero on and below the diagonal, ``-inf`` above.
    """
    return np.triu(np.full((T, T), -np.inf, dtype=dtype), k=1)


def scaled_dot_product_attention(
    q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Attention, the readable reference: ``softmax(q @ kᵀ / sqrt(d_k) + mask) @ v``.

    Shapes (any leading axes ``...``, e.g. ``(N, heads)``, broadcast)::

        q: (..., T_q, d_k)     one query per output position
        k: (..., T_k, d_k)     one key per input position
        v: (..., T_k, d_v)     one value per input position
        mask: broadcastable to (..., T_q, T_k)
        weights: (..., T_q, T_k), every row sums to 1
        out: (..., T_q, d_v)

    Dividing by ``sqrt(d_k)`` keeps the scores of unit-variance queries and
    keys at unit variance, so the softmax does not saturate as ``d_k`` grows.
    The softmax subtracts each row's maximum first, so no ``exp`` overflows.

    Args:
        q: Queries.
        k: Keys.
        v: Values.
        mask: None, an additive float mask (0 to keep, ``-inf`` to block, as
            made by ``causal_mask``), or a boolean mask where True means
            "may attend", as in ``torch.nn.functional.scaled_dot_product_attention``.

    Returns:
        ``(out, weights)``.

    Raises:
        TypeError: If an input is not a floating-point NumPy array.
        ValueError: If the shapes do not fit together, or the mask blocks
            every key for some query (its softmax would be 0 / 0).
    """
    for name, a in (("q", q), ("k", k), ("v", v)):
        if not isinstance(a, np.ndarray) or a.dtype.kind != "f":
            raise TypeError(
                f"scaled_dot_product_attention expected {name} as a floating-point "
                f"NumPy array, got {_describe(a)}"
            )
        if a.ndim < 2:
            raise ValueError(
                f"scaled_dot_product_attention expected {name} of shape (..., T, d), got {a.shape}"
            )
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError(
            "scaled_dot_product_attention expected q (..., T_q, d_k), k (..., T_k, d_k) "
            f"and v (..., T_k, d_v), got q {q.shape}, k {k.shape}, v {v.shape}"
        )
    scores = q @ k.swapaxes(-1, -2) / np.sqrt(q.shape[-1])  # (..., T_q, T_k)
    if mask is not None:
        mask = np.asarray(mask)
        try:
            np.broadcast_shapes(mask.shape, scores.shape)
        except ValueError:
            raise ValueError(
                f"scaled_dot_product_attention expected a mask broadcastable to the "
                f"scores {scores.shape}, got {mask.shape}"
            ) from None
        if mask.dtype == bool:
            scores = np.where(mask, scores, -np.inf)
        else:
            scores = scores + mask
        if np.isneginf(scores).all(axis=-1).any():
            raise ValueError(
                "scaled_dot_product_attention: the mask blocks every key for some "
                "query; expected at least one allowed key per query"
            )
    scores = scores - scores.max(axis=-1, keepdims=True)  # stable softmax
    weights = np.exp(scores)
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ v, weights


def positional_encoding(T: int, d: int, dtype: DTypeLike = np.float64) -> np.ndarray:
    """Sinusoidal positional encoding of Vaswani et al. (2017), ``(T, d)``.

    For position ``pos`` and column pair ``i = 0, 1, ...``::

        PE[pos, 2i]     = sin(pos / 10000 ** (2i / d))
        PE[pos, 2i + 1] = cos(pos / 10000 ** (2i / d))

    Each pair of columns is a wave with its own wavelength, from ``2 pi``
    (columns 0 and 1) growing geometrically towards ``10000 * 2 pi``, so every
    position gets a distinct pattern, and the encoding of ``pos + k`` is a
    fixed rotation of that of ``pos``. Add it to the token embeddings:
    self-attention without a causal mask is blind to order (permuting the
    positions of its input only permutes its output).

    Args:
        T: Number of positions (0 to ``T - 1``).
        d: Number of features (``d_model``); an odd ``d`` ends with a sine column.
        dtype: Floating dtype of the result.

    Returns:
        ``(T, d)`` array with values in ``[-1, 1]``.

    Raises:
        TypeError: If ``T`` or ``d`` is not an int.
        ValueError: If ``T`` or ``d`` is not positive.
    """
    _check_positive_ints("positional_encoding", T=T, d=d)
    pos = np.arange(T, dtype=np.float64)[:, None]  # (T, 1)
    two_i = np.arange(0, d, 2, dtype=np.float64)  # (ceil(d / 2),)
    angle = pos / 10000.0 ** (two_i / d)  # (T, ceil(d / 2))
    pe = np.empty((T, d), dtype=dtype)
    pe[:, 0::2] = np.sin(angle)
    pe[:, 1::2] = np.cos(angle[:, : d // 2])
    return pe


# ------------------------------------------------------------------ layers


class MultiHeadSelfAttention(Layer):
    """Multi-head self-attention: ``y = concat(head_1, ..., head_h) @ Wo + bo``.

    Shapes: ``x: (N, T, d_model)``, each ``W*: (d_model, d_model)``, each
    ``b*: (d_model,)``, ``y: (N, T, d_model)``. With ``h = n_heads`` and
    ``d = d_model // h``::

        q = x @ Wq + bq,  k = x @ Wk + bk,  v = x @ Wv + bv     # (N, T, d_model)
        head i uses columns i*d:(i+1)*d of q, k and v             # (N, T, d)
        head_i = softmax(q_i @ k_i.T / sqrt(d) + mask) @ v_i      # (N, T, d)
        y = concat(head_1, ..., head_h) @ Wo + bo                 # (N, T, d_model)

    ``mask`` is ``causal_mask(T)`` when ``causal`` (position ``t`` sees only
    ``0..t``) and 0 otherwise. All heads and sequences are computed at once,
    as batched matrix products over arrays of shape ``(N, h, T, d)``; the three
    input projections are one product with ``[Wq | Wk | Wv]``.

    Backward, with ``A`` the attention weights and ``g = dL/dy``::

        dL/dWo = o.T @ g,  dL/dbo = sum g,  do = g @ Wo.T    # o: concatenated heads
        dL/dv_i = A_i.T @ do_i,  dA_i = do_i @ v_i.T
        dS_i = A_i * (dA_i - sum(dA_i * A_i, axis=-1))       # softmax backward
        dL/dq_i = dS_i @ k_i / sqrt(d),  dL/dk_i = dS_i.T @ q_i / sqrt(d)
        dL/dW* = x.T @ d*,  dL/db* = sum d*,  dL/dx = sum of d* @ W*.T

    ``dL/dbk`` is always 0 (up to rounding): adding one vector to every key
    adds one number to each row of scores, and a softmax ignores that.
    ``bk`` is kept anyway, as in ``torch.nn.MultiheadAttention``.

    Weights are Glorot-normal, ``std = sqrt(1 / d_model)``; biases start at 0.

    Args:
        d_model: Features per position, in and out.
        n_heads: Number of heads; must divide ``d_model``.
        causal: Mask the future (for models that predict the next token).
        seed: An int, a ``np.random.Generator`` or None (fresh entropy).
        dtype: Floating dtype of the parameters; float32 stays float32.

    Attributes:
        attention_weights: ``(N, n_heads, T, T)`` from the last ``forward``;
            row ``t`` of a head says how much position ``t`` took from each
            position (each row sums to 1).

    Raises:
        TypeError: If ``d_model`` or ``n_heads`` is not an int.
        ValueError: If they are not positive or ``n_heads`` does not divide
            ``d_model``.
    """

    def __init__(
        self,
        d_model: int,
        n_heads: int,
        causal: bool = False,
        seed: int | np.random.Generator | None = None,
        dtype: DTypeLike = np.float64,
    ) -> None:
        super().__init__()
        _check_positive_ints("MultiHeadSelfAttention", d_model=d_model, n_heads=n_heads)
        if d_model % n_heads:
            raise ValueError(
                f"MultiHeadSelfAttention expected d_model divisible by n_heads, got "
                f"d_model={d_model} and n_heads={n_heads} ({d_model} / {n_heads} = "
                f"{d_model / n_heads:g} features per head)"
            )
        self.d_model, self.n_heads, self.causal = d_model, n_heads, bool(causal)
        self.d_head = d_model // n_heads
        rng = np.random.default_rng(seed)
        std = float(np.sqrt(1.0 / d_model))
        self.params = {
            name: rng.standard_normal((d_model, d_model), dtype=dtype) * std
            for name in ("Wq", "Wk", "Wv", "Wo")
        }
        self.params.update(
            {name: np.zeros(d_model, dtype=dtype) for name in ("bq", "bk", "bv", "bo")}
        )
        self.grads = {name: np.zeros_like(p) for name, p in self.params.items()}
        self.attention_weights: np.ndarray | None = None
        self._work: dict[str, np.ndarray] = {}  # see _scratch

    def _scratch(self, name: str, shape: tuple[int, ...], dtype: DTypeLike) -> np.ndarray:
        """A work array that is reused from call to call while its shape stays the same.

        Only for arrays that never leave the layer: a fresh array of megabytes
        costs the operating system a page fault per 4 KB on its first write.
        """
        a = self._work.get(name)
        if a is None or a.shape != shape or a.dtype != dtype:
            a = self._work[name] = np.empty(shape, dtype=dtype)
        return a

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``(N, T, d_model) -> (N, T, d_model)``; keeps what backward needs.

        Raises:
            TypeError: If ``x`` is not a floating-point NumPy array.
            ValueError: If ``x`` is not of shape ``(N, T, d_model)``.
        """
        _check_sequence(self, x, self.d_model)
        N, T, D = x.shape
        h, d = self.n_heads, self.d_head
        p = self.params
        # q, k and v in one product: x @ [Wq | Wk | Wv], (N*T, 3*D). The 1/sqrt(d)
        # of the scores is folded into Wq and bq (D*D numbers, not N*h*T*T scores).
        scale = float(d) ** -0.5
        self.W_qkv = np.concatenate((p["Wq"] * scale, p["Wk"], p["Wv"]), axis=1)
        self.x2 = x.reshape(N * T, D)
        dtype = np.result_type(x, self.W_qkv)
        qkv = np.matmul(self.x2, self.W_qkv, out=self._scratch("qkv", (N * T, 3 * D), dtype))
        qkv += np.concatenate((p["bq"] * scale, p["bk"], p["bv"]))
        # (N, T, 3, h, d) -> (3, N, h, T, d): head i is columns i*d:(i+1)*d
        q, k, v = qkv.reshape(N, T, 3, h, d).transpose(2, 0, 3, 1, 4)
        # The scores are kept transposed, S[n, h, j, i] = q_i . k_j (key j, query i):
        # the softmax over keys then runs down the columns, which NumPy does
        # about three times faster than along rows of 64 numbers.
        qT = self._scratch("qT", (N, h, d, T), dtype)
        qT[...] = q.swapaxes(-1, -2)  # contiguous: the product is twice as fast as with a view
        S = k @ qT  # (N, h, T_key, T_query), already divided by sqrt(d)
        if self.causal:
            S += causal_mask(T, S.dtype).T
        S -= S.max(axis=-2, keepdims=True)  # softmax in place, maximum over keys first
        np.exp(S, out=S)
        S /= (np.ones(T, dtype=S.dtype) @ S)[..., None, :]  # sums over keys, as a product
        A = S.swapaxes(-1, -2)  # (N, h, T_query, T_key), a view
        # Each head's output goes straight into its columns of o: (N, T, h, d) = (N, T, D)
        o = self._scratch("o", (N, T, h, d), dtype)
        np.matmul(A, v, out=o.transpose(0, 2, 1, 3))
        self.o = o.reshape(N * T, D)
        self.q, self.k, self.v, self.attention_weights = q, k, v, A
        y = self.o @ p["Wo"]
        y += p["bo"]
        return y.reshape(N, T, D)

    def backward(self, grad: np.ndarray) -> np.ndarray | None:
        """Fill ``grads`` for all eight arrays; return ``dL/dx`` ``(N, T, d_model)``.

        Returns None instead of ``dL/dx`` when ``needs_input_grad`` is False.
        """
        N, T, D = grad.shape
        h, d = self.n_heads, self.d_head
        q, k, v, A = self.q, self.k, self.v, self.attention_weights  # q is already / sqrt(d)
        g = grad.reshape(N * T, D)
        self.grads["Wo"][...] = self.o.T @ g
        self.grads["bo"][...] = column_sums(g)
        dtype = np.result_type(g, self.W_qkv)
        d_o = np.matmul(g, self.params["Wo"].T, out=self._scratch("d_o", (N * T, D), dtype))
        d_heads = d_o.reshape(N, T, h, d).transpose(0, 2, 1, 3)  # (N, h, T, d)
        # dq, dk and dv go straight into the columns of one (N, T, 3, h, d) array
        d_qkv = self._scratch("d_qkv", (N, T, 3, h, d), dtype)
        dq, dk, dv = d_qkv.transpose(2, 0, 3, 1, 4)  # views, (N, h, T, d) each
        AT = A.swapaxes(-1, -2)  # the contiguous (N, h, T_key, T_query) array
        np.matmul(AT, d_heads, out=dv)
        d_headsT = self._scratch("d_headsT", (N, h, d, T), dtype)
        d_headsT[...] = d_heads.swapaxes(-1, -2)
        dST = np.matmul(v, d_headsT, out=self._scratch("dST", AT.shape, dtype))  # dL/dA, transposed
        # softmax backward, in place: dS = A * (dA - sum(dA * A) over keys)
        dST -= np.einsum("nhji,nhji->nhi", dST, AT)[..., None, :]
        dST *= AT
        np.matmul(dST.swapaxes(-1, -2), k, out=dq)  # dL/d(scaled q)
        np.matmul(dST, q, out=dk)
        d_qkv = d_qkv.reshape(N * T, 3 * D)
        dW = self.x2.T @ d_qkv  # (D, 3*D) = [dWq / sqrt(d) | dWk | dWv]
        db = column_sums(d_qkv)
        scale = float(d) ** -0.5
        for i, name in enumerate("qkv"):
            self.grads[f"W{name}"][...] = dW[:, i * D : (i + 1) * D]
            self.grads[f"b{name}"][...] = db[i * D : (i + 1) * D]
        self.grads["Wq"] *= scale  # q = x @ (Wq * scale) + bq * scale
        self.grads["bq"] *= scale
        if not self.needs_input_grad:
            return None
        return (d_qkv @ self.W_qkv.T).reshape(N, T, D)

    def __repr__(self) -> str:
        return (
            f"MultiHeadSelfAttention(d_model={self.d_model}, n_heads={self.n_heads}, "
            f"causal={self.causal})"
        )


class PositionalEncoding(Layer):
    """Add the sinusoidal positional encoding: ``y = x + positional_encoding(T, d_model)``.

    Shapes: ``x: (N, T, d_model)``, ``y`` the same; the same ``(T, d_model)``
    table is added to every sequence of the batch. No parameters.

    Backward: ``dL/dx = g`` (adding a constant does not change the gradient).

    Args:
        d_model: Features per position.
    """

    def __init__(self, d_model: int) -> None:
        super().__init__()
        _check_positive_ints("PositionalEncoding", d_model=d_model)
        self.d_model = d_model
        self._table = np.empty((0, d_model))

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``(N, T, d_model) -> (N, T, d_model)``: ``x + PE[:T]``.

        Raises:
            ValueError: If ``x`` is not of shape ``(N, T, d_model)``.
        """
        if not isinstance(x, np.ndarray) or x.ndim != 3 or x.shape[2] != self.d_model:
            shape = x.shape if isinstance(x, np.ndarray) else type(x).__name__
            raise ValueError(
                f"{self!r} expected input of shape (N, T, {self.d_model}), got {shape}"
            )
        T = x.shape[1]
        if len(self._table) < T or self._table.dtype != x.dtype:  # computed once per length
            self._table = positional_encoding(T, self.d_model, dtype=x.dtype)
        return x + self._table[:T]

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """``dL/dx = g``."""
        return grad

    def __repr__(self) -> str:
        return f"PositionalEncoding({self.d_model})"


class TransformerBlock(Layer):
    """A pre-norm transformer block: attention, then a network per position.

    Shapes: ``x: (N, T, d_model)``, ``y`` the same. Two residual sub-blocks,
    each reading a layer-normalized copy of the stream and adding its result
    back onto it (as in GPT-2; Xiong et al. 2020, "On Layer Normalization in
    the Transformer Architecture", https://arxiv.org/abs/2002.04745)::

        h = x + MHSA(LN1(x))                       # positions exchange information
        y = h + FFN(LN2(h))                        # each position is processed alone
        FFN(z) = GELU(z @ W1 + b1) @ W2 + b2        # d_model -> d_ff -> d_model

    Backward: a residual connection passes the gradient through unchanged
    *and* through its branch, and the two are added::

        dL/dh = g + LN2'(FFN'(g))                  # ' = that sublayer's backward
        dL/dx = dL/dh + LN1'(MHSA'(dL/dh))

    The sublayers are attributes ``ln1`` and ``ln2`` (``norm.LayerNorm``),
    ``attn`` (``MultiHeadSelfAttention``), ``ff1`` and ``ff2``
    (``layers.Dense``, He and Glorot initialised) and ``act`` (``GELU``).
    ``params`` and ``grads`` are flat dicts with dotted keys (``"ln1.gamma"``,
    ``"attn.Wq"``, ``"ff2.b"``, ...) whose values are the sublayers' own arrays
    (see ``layers.Layer``).

    Args:
        d_model: Features per position.
        n_heads: Attention heads; must divide ``d_model``.
        d_ff: Hidden width of the per-position network (often ``4 * d_model``).
        causal: Mask the future in the attention (for next-token prediction).
        seed: An int, a ``np.random.Generator`` or None (fresh entropy).
        dtype: Floating dtype of the parameters; float32 stays float32.

    Raises:
        TypeError: If a size is not an int.
        ValueError: If a size is not positive or ``n_heads`` does not divide
            ``d_model``.
    """

    SUBLAYERS = ("ln1", "attn", "ln2", "ff1", "ff2")

    def __init__(
        self,
        d_model: int,
        n_heads: int,
        d_ff: int,
        causal: bool = True,
        seed: int | np.random.Generator | None = None,
        dtype: DTypeLike = np.float64,
    ) -> None:
        super().__init__()
        _check_positive_ints("TransformerBlock", d_model=d_model, n_heads=n_heads, d_ff=d_ff)
        rng = np.random.default_rng(seed)
        self.d_model, self.n_heads, self.d_ff, self.causal = d_model, n_heads, d_ff, bool(causal)
        self.ln1 = LayerNorm(d_model, dtype=dtype)
        self.attn = MultiHeadSelfAttention(d_model, n_heads, causal=causal, seed=rng, dtype=dtype)
        self.ln2 = LayerNorm(d_model, dtype=dtype)
        self.ff1 = Dense(d_model, d_ff, init="he", seed=rng, dtype=dtype)
        self.act = GELU()
        self.ff2 = Dense(d_ff, d_model, init="xavier", seed=rng, dtype=dtype)
        self.params = self._gather("params")
        self.grads = self._gather("grads")
        self.buffers = self._gather("buffers")

    def _gather(self, kind: str) -> dict[str, np.ndarray]:
        """The sublayers' ``params``, ``grads`` or ``buffers`` under dotted keys."""
        return {
            f"{name}.{key}": array
            for name in self.SUBLAYERS
            for key, array in getattr(getattr(self, name), kind, {}).items()
        }

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``h = x + MHSA(LN1(x))``, ``y = h + FFN(LN2(h))``; ``(N, T, d_model)`` in and out.

        Raises:
            TypeError: If ``x`` is not a floating-point NumPy array.
            ValueError: If ``x`` is not of shape ``(N, T, d_model)``.
        """
        _check_sequence(self, x, self.d_model)
        h = self.attn.forward(self.ln1.forward(x, train), train)
        h += x  # the residual connection (in place: the array is our own)
        z = self.act.forward(self.ff1.forward(self.ln2.forward(h, train), train), train)
        y = self.ff2.forward(z, train)
        y += h
        return y

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Fill every sublayer's ``grads`` (and the flat ``grads``); return ``dL/dx``."""
        d_ffn = self.ff1.backward(self.act.backward(self.ff2.backward(grad)))
        dh = self.ln2.backward(d_ffn)
        dh += grad  # y = h + FFN(LN2(h))
        dx = self.ln1.backward(self.attn.backward(dh))
        dx += dh  # h = x + MHSA(LN1(x))
        self.grads = self._gather("grads")  # sublayers may have new grad arrays
        return dx

    def __repr__(self) -> str:
        return (
            f"TransformerBlock(d_model={self.d_model}, n_heads={self.n_heads}, "
            f"d_ff={self.d_ff}, causal={self.causal})"
        )


# ----------------------------------------------------------------- helpers


def _check_positive_ints(where: str, **values: object) -> None:
    """Raise TypeError for a non-int, ValueError for an int below 1."""
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{where} expected {name} as an int, got {_describe(value)}")
        if value < 1:
            raise ValueError(f"{where} expected {name} >= 1, got {value}")


def _describe(value: object) -> str:
    """``'ndarray of dtype int64'``, ``'list'``, ...: what a caller passed."""
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype}"
    return f"{type(value).__name__} {value!r}" if np.isscalar(value) else type(value).__name__


def _check_sequence(layer: object, x: object, d_model: int) -> None:
    """Raise if ``x`` is not a float array ``(N, T, d_model)`` with ``T >= 1``."""
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise TypeError(
            f"{layer!r} expected a floating-point NumPy array (N, T, {d_model}), "
            f"got {_describe(x)}; turn token ids into vectors with an Embedding first"
        )
    if x.ndim != 3 or x.shape[2] != d_model or x.shape[1] == 0:
        raise ValueError(
            f"{layer!r} expected input of shape (N, T, {d_model}) with T >= 1, got {x.shape}"
        )
