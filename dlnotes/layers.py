"""Layers: the building blocks of a network.

A layer is a forward/backward pair. ``forward`` computes the output and keeps
what ``backward`` will need; ``backward`` receives ``dL/dy``, fills
``self.grads`` and returns ``dL/dx`` for the layer below. A layer never updates
its own weights: that is the optimizer's job.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike


class Layer:
    """Base class for every layer.

    Attributes:
        params: Trainable arrays by name. Optimizers update them in place.
        grads: Same keys and shapes as ``params``, filled by ``backward``.
        buffers: Arrays that are state but not trained, by name, such as the
            running statistics of ``norm.BatchNorm``. ``Sequential.save`` and
            ``load`` keep them with the weights. Empty for most layers.
        trainable: Whether an optimizer may change ``params``. Set it to False
            on a layer (``layer.trainable = False``) to freeze it, for
            example a pre-trained base during fine-tuning:
            ``Sequential.parameters()`` skips layers that are not trainable.
        needs_input_grad: Whether ``backward`` must return ``dL/dx``. When it
            is False, a layer may skip that work and return None. Only the
            first layer of a model is ever told so (by ``Sequential`` during
            training): its input is the data, and nothing uses the gradient of
            the data. PyTorch skips the same work for inputs that do not
            require a gradient.
        takes_indices: True for layers whose input is integer indices, not
            numbers to compute with (``Embedding``). ``Sequential`` then
            keeps such a model's input as integers instead of casting it to
            the parameters' floating dtype.

    Layers that hold other layers (``Residual``, ``attention.TransformerBlock``)
    follow one convention, so that optimizers, ``save`` and ``load`` need not
    know about them:

    * ``params`` is a flat dict with dotted keys, ``"<i>.<name>"`` for the
      ``i``-th inner layer (``"0.W"``, ``"1.gamma"``), or
      ``"<attribute>.<name>"`` where inner layers are attributes
      (``"ln1.gamma"``). Its values are the *same* arrays as the inner
      layers' ``params``, not copies, so an optimizer that updates them in
      place updates the inner layers. Code that loads weights must write
      into these arrays (``param[...] = value``), never rebind the keys.
    * ``grads`` has the same keys and is refreshed after every ``backward``
      (inner layers may put new arrays into their own ``grads``).
    * ``buffers`` is merged the same way, with dotted keys.
    """

    needs_input_grad: bool = True
    trainable: bool = True
    takes_indices: bool = False

    def __init__(self) -> None:
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        self.buffers: dict[str, np.ndarray] = {}

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """Compute the output ``y`` for the input ``x``.

        Args:
            x: Input batch, batch first: ``(N, ...)``.
            train: True during training (only Dropout cares).

        Returns:
            The output ``y``, batch first.
        """
        raise NotImplementedError

    def backward(self, grad: np.ndarray) -> np.ndarray | None:
        """Turn ``dL/dy`` into ``dL/dx`` and fill ``self.grads``.

        Args:
            grad: ``dL/dy``, same shape as the last output of ``forward``.

        Returns:
            ``dL/dx``, same shape as the last input of ``forward`` (or None
            if ``needs_input_grad`` is False and the layer skipped it).
        """
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def column_sums(g: np.ndarray) -> np.ndarray:
    """``g.sum(axis=0)`` of a 2-D ``g`` ``(M, n)``, computed as the product ``ones(M) @ g``.

    A bias gradient is such a sum over every example and position. The
    matrix-vector product gives the same sums (in another order, so they may
    differ in the last bits) and runs two to four times faster in float32
    than NumPy's reduction down the columns.

    Returns:
        ``(n,)``, in ``g``'s dtype.
    """
    return np.ones(len(g), dtype=g.dtype) @ g


class Dense(Layer):
    """Fully connected layer: ``y = x @ W + b``.

    Shapes: ``x: (N, n_in)``, ``W: (n_in, n_out)``, ``b: (n_out,)``,
    ``y: (N, n_out)``. Any number of leading axes works the same way:
    ``x: (N, T, n_in)`` (a sequence) gives ``y: (N, T, n_out)``, the same
    ``W`` applied at every position.

    Backward rule, with ``g = dL/dy`` of shape ``(N, n_out)``::

        dL/dW = x.T @ g          # (n_in, n_out)
        dL/db = g.sum(axis=0)    # (n_out,)
        dL/dx = g @ W.T          # (N, n_in), skipped if not needs_input_grad

    With more leading axes, ``x`` and ``g`` are first reshaped to
    ``(M, n_in)`` and ``(M, n_out)``, ``M`` = the product of the leading axes,
    so the gradients of ``W`` and ``b`` are summed over every position.

    The three products cost the same, ``2 * M * n_in * n_out`` operations
    each, so a first layer that skips ``dL/dx`` does a third less work.

    Initialisation (``b`` starts at zero):

    * ``"he"``: ``W ~ Normal(0, std = sqrt(2 / n_in))``, for ReLU networks.
    * ``"xavier"``: Glorot *normal*,
      ``W ~ Normal(0, std = sqrt(2 / (n_in + n_out)))``, for tanh/sigmoid.

    Args:
        n_in: Number of input features.
        n_out: Number of output features.
        init: ``"he"`` or ``"xavier"``.
        seed: An int, a ``np.random.Generator`` or None (fresh entropy).
        dtype: Floating dtype of the parameters; float32 stays float32.

    Raises:
        ValueError: If ``init`` is not ``"he"`` or ``"xavier"``.
    """

    def __init__(
        self,
        n_in: int,
        n_out: int,
        init: str = "he",
        seed: int | np.random.Generator | None = None,
        dtype: DTypeLike = np.float64,
    ) -> None:
        super().__init__()
        if init == "he":
            std = np.sqrt(2.0 / n_in)
        elif init == "xavier":
            std = np.sqrt(2.0 / (n_in + n_out))
        else:
            raise ValueError(f"init must be 'he' or 'xavier', got {init!r}")
        rng = np.random.default_rng(seed)
        self.n_in, self.n_out, self.init = n_in, n_out, init
        W = rng.standard_normal((n_in, n_out), dtype=dtype) * float(std)
        self.params = {"W": W, "b": np.zeros(n_out, dtype=dtype)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``y = x @ W + b``; ``x: (..., n_in)`` -> ``y: (..., n_out)``.

        Raises:
            ValueError: If ``x`` has fewer than 2 axes or its last axis is not
                ``n_in`` long.
        """
        if x.ndim < 2 or x.shape[-1] != self.n_in:
            raise ValueError(
                f"{self!r} expected input of shape (N, {self.n_in}) or (N, ..., {self.n_in}), "
                f"got {x.shape}"
            )
        self.x = x.reshape(-1, self.n_in)  # (M, n_in), kept for dL/dW = x.T @ g
        y = self.x @ self.params["W"]
        y += self.params["b"]  # in place: no second (M, n_out) array
        return y if x.ndim == 2 else y.reshape(*x.shape[:-1], self.n_out)

    def backward(self, grad: np.ndarray) -> np.ndarray | None:
        """``dW = x.T @ g``, ``db = g.sum(0)``; returns ``dx = g @ W.T``.

        ``g`` has the shape of the output, ``(..., n_out)``. Returns None
        instead of ``dx`` when ``needs_input_grad`` is False.
        """
        g = grad.reshape(-1, self.n_out)  # (M, n_out)
        self.grads["W"] = self.x.T @ g
        # the sum a reader writes by hand (not column_sums), so that a training
        # loop written by hand reproduces fit to the last bit
        self.grads["b"] = g.sum(axis=0)
        if not self.needs_input_grad:
            return None  # the input is the data: nobody needs dL/dx
        dx = g @ self.params["W"].T
        return dx if grad.ndim == 2 else dx.reshape(*grad.shape[:-1], self.n_in)

    def __repr__(self) -> str:
        return f"Dense({self.n_in} -> {self.n_out}, init={self.init!r})"


class Dropout(Layer):
    """Inverted dropout: ``y = x * m / (1 - p)`` with ``m ~ Bernoulli(1 - p)``.

    During training each element is zeroed with probability ``p`` and the
    survivors are scaled by ``1 / (1 - p)``, so the expected output equals
    ``x``. At inference (``train=False``) the layer is the identity. Shapes:
    any ``x: (N, ...)``, ``y`` has the same shape.

    Backward rule: ``dL/dx = g * m / (1 - p)`` (the same mask).

    Args:
        p: Probability of dropping an element, ``0 <= p < 1``.
        seed: An int, a ``np.random.Generator`` or None. The same seed gives
            the same sequence of masks.

    Raises:
        ValueError: If ``p`` is outside ``[0, 1)``.
    """

    def __init__(self, p: float, seed: int | np.random.Generator | None = None):
        super().__init__()
        if not 0.0 <= p < 1.0:
            raise ValueError(f"Dropout probability p must be in [0, 1), got {p}")
        self.p = float(p)
        self.rng = np.random.default_rng(seed)
        self.mask: np.ndarray | None = None

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``y = x * m / (1 - p)`` when training, ``y = x`` otherwise."""
        if not train or self.p == 0.0:
            self.mask = None
            return x
        keep = self.rng.random(x.shape, dtype=x.dtype) >= self.p
        self.mask = keep.astype(x.dtype) / (1.0 - self.p)  # python float: no upcast
        return x * self.mask

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """``dL/dx = g * m / (1 - p)``, or ``g`` if the forward was not training."""
        return grad if self.mask is None else grad * self.mask

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"


class Flatten(Layer):
    """Flatten all but the batch axis: ``(N, d1, d2, ...) -> (N, d1*d2*...)``.

    Backward rule: reshape ``g`` back to the input shape.
    """

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``(N, ...) -> (N, prod(...))``."""
        self.shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """``(N, prod(...)) -> (N, ...)``."""
        return grad.reshape(self.shape)


class Embedding(Layer):
    """Lookup table: row ``i`` of ``W`` is the vector of token ``i``, ``y = W[x]``.

    Shapes: ``x``: integers of any shape, e.g. ``(N, T)``, each in
    ``[0, V - 1]``; ``W: (V, D)``; ``y: (*x.shape, D)``.

    Looking up row ``i`` is the same as multiplying the one-hot vector of
    ``i`` by ``W``, without building the one-hot matrix. Backward, with
    ``g = dL/dy``: row ``i`` of ``dL/dW`` is the sum of ``g`` over every
    position where ``x == i`` (a token that appears twice gets both
    gradients; a token that does not appear gets 0)::

        dL/dW[i] = sum over positions p with x[p] == i of g[p]

    The indices are data, not something to differentiate, so ``backward``
    returns None. ``W`` starts as ``Normal(0, 1)``, like ``torch.nn.Embedding``.

    Args:
        num_embeddings: ``V``, the number of distinct tokens.
        dim: ``D``, the length of each vector.
        seed: An int, a ``np.random.Generator`` or None.
        dtype: Floating dtype of ``W``.
    """

    takes_indices = True

    def __init__(
        self,
        num_embeddings: int,
        dim: int,
        seed: int | np.random.Generator | None = None,
        dtype: DTypeLike = np.float64,
    ) -> None:
        super().__init__()
        self.num_embeddings, self.dim = num_embeddings, dim
        rng = np.random.default_rng(seed)
        self.params = {"W": rng.standard_normal((num_embeddings, dim), dtype=dtype)}
        self.grads = {"W": np.zeros_like(self.params["W"])}

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``y = W[x]``: integers ``(...)`` -> vectors ``(..., D)``.

        Raises:
            TypeError: If ``x`` is not of an integer dtype.
            ValueError: If an index is outside ``[0, V - 1]``.
        """
        x = np.asarray(x)
        if not np.issubdtype(x.dtype, np.integer):
            raise TypeError(
                f"{self!r} expected integer token indices, got dtype {x.dtype}; "
                "use x.astype(int) if the values are whole numbers"
            )
        if x.size:
            lo, hi = x.min(), x.max()
            if lo < 0 or hi >= self.num_embeddings:
                bad = int(lo if lo < 0 else hi)
                raise ValueError(
                    f"{self!r} got index {bad}, outside the valid range "
                    f"[0, {self.num_embeddings - 1}]"
                )
        self.x = x  # kept for backward: which rows each gradient goes to
        return self.params["W"][x]

    def backward(self, grad: np.ndarray) -> None:
        """``dL/dW[i] = sum of g where x == i``; returns None (no gradient for indices)."""
        g = grad.reshape(-1, self.dim)
        dW = np.zeros_like(self.params["W"], dtype=g.dtype)
        np.add.at(dW, self.x.reshape(-1), g)  # unbuffered: repeated rows accumulate
        self.grads["W"] = dW
        return None

    def __repr__(self) -> str:
        return f"Embedding({self.num_embeddings}, {self.dim})"


class Residual(Layer):
    """Residual connection: ``y = x + f(x)``, ``f`` = the inner layers in order.

    From K. He, X. Zhang, S. Ren and J. Sun, "Deep Residual Learning for
    Image Recognition", 2015, https://arxiv.org/abs/1512.03385.

    Shapes: ``f(x)`` must have the shape of ``x``; ``y`` has it too.

    Backward, with ``g = dL/dy``: the gradient reaches ``x`` along both
    paths, ``dL/dx = g + (df/dx)^T g``. The first term passes ``g`` down
    unchanged, however small ``df/dx`` is: this is why very deep residual
    networks still train.

    Its ``params``, ``grads`` and ``buffers`` are those of the inner layers,
    with keys ``"<i>.<name>"`` (``"0.W"``, ``"1.gamma"``): the same arrays,
    not copies (see ``Layer`` for the convention). ``trainable = False``
    freezes every inner layer.

    Args:
        *layers: The layers of ``f``.

    Raises:
        ValueError: If no layer is given.
    """

    def __init__(self, *layers: Layer) -> None:
        super().__init__()
        if not layers:
            raise ValueError("Residual expected at least one layer, got none")
        self.layers = list(layers)
        self._collect()

    def _collect(self) -> None:
        """Point ``params``, ``grads`` and ``buffers`` at the inner layers' arrays."""
        for attribute in ("params", "grads", "buffers"):
            merged = {
                f"{i}.{name}": array
                for i, layer in enumerate(self.layers)
                for name, array in getattr(layer, attribute).items()
            }
            setattr(self, attribute, merged)

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``y = x + f(x)``.

        Raises:
            ValueError: If ``f(x)`` and ``x`` differ in shape.
        """
        fx = x
        for layer in self.layers:
            fx = layer.forward(fx, train=train)
        if fx.shape != x.shape:
            raise ValueError(
                f"Residual needs f(x) of the same shape as x: x is {x.shape}, f(x) is {fx.shape}"
            )
        return x + fx

    def backward(self, grad: np.ndarray) -> np.ndarray | None:
        """``dL/dx = g + (df/dx)^T g``; refreshes ``grads`` from the inner layers."""
        self.layers[0].needs_input_grad = self.needs_input_grad
        g = grad
        for layer in reversed(self.layers):
            g = layer.backward(g)
        self._collect()
        if not self.needs_input_grad:
            return None
        return grad + g

    def __repr__(self) -> str:
        return f"Residual({', '.join(repr(layer) for layer in self.layers)})"
