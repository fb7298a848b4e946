"""Recurrent layers: a network that reads a sequence one step at a time.

A recurrent layer keeps a *hidden state* ``h_t``, a vector that summarises
the sequence so far. At every time step it mixes the new input ``x_t`` with
the previous state, using the same weights at every step::

    h_t = tanh(x_t @ W_xh + h_{t-1} @ W_hh + b),    h_0 = 0

The backward pass is *backpropagation through time* (BPTT): the network
unrolled over ``T`` steps is one deep network with shared weights, and the
gradient flows back through the steps one by one. Each step multiplies it by
``diag(1 - h_t**2) @ W_hh.T``; over many steps that product usually shrinks
the gradient towards zero (it *vanishes*) or, with large weights, blows it up
(Bengio, Simard and Frasconi 1994, "Learning long-term dependencies with
gradient descent is difficult", https://doi.org/10.1109/72.279181; Pascanu,
Mikolov and Bengio 2013, "On the difficulty of training recurrent neural
networks", https://arxiv.org/abs/1211.5063). ``RNN.hidden_grad_norms``
shows it after every backward pass.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike

from dlnotes.layers import Layer, column_sums


class RNN(Layer):
    """Elman recurrent layer with tanh: ``h_t = tanh(x_t @ W_xh + h_{t-1} @ W_hh + b)``.

    After J. L. Elman, "Finding Structure in Time", Cognitive Science 14,
    1990, https://doi.org/10.1207/s15516709cog1402_1.

    Shapes: ``x: (N, T, I)``, ``W_xh: (I, H)``, ``W_hh: (H, H)``, ``b: (H,)``,
    output ``y: (N, T, H)``, all the hidden states ``h_1 .. h_T``; ``h_0 = 0``.
    It computes what ``torch.nn.RNN(I, H, batch_first=True)`` computes, with
    ``W_xh = weight_ih_l0.T``, ``W_hh = weight_hh_l0.T`` and
    ``b = bias_ih_l0 + bias_hh_l0``.

    Forward: the input products of all steps are one matrix product; only
    the recurrence loops over time (step ``t`` needs ``h_{t-1}``)::

        a = x @ W_xh + b                      # (N, T, H), all steps at once
        h_t = tanh(a_t + h_{t-1} @ W_hh)      # t = 1 .. T, in order

    Backward through time, with ``g_t = dL/dy_t``, from ``t = T`` down to 1::

        dh_t = g_t + dz_{t+1} @ W_hh.T        # dL/dh_t (dz_{T+1} = 0)
        dz_t = dh_t * (1 - h_t**2)            # through the tanh

    and then, all steps at once::

        dL/dW_xh = sum_t x_t.T @ dz_t       dL/dW_hh = sum_t h_{t-1}.T @ dz_t
        dL/db = sum_t sum_n dz_t            dL/dx_t = dz_t @ W_xh.T

    Weights start uniform in ``[-1/sqrt(H), 1/sqrt(H)]`` as in PyTorch;
    ``b`` starts at 0.

    Args:
        input_size: ``I``, features per time step.
        hidden_size: ``H``, size of the hidden state.
        seed: An int, a ``np.random.Generator`` or None (fresh entropy).
        dtype: Floating dtype of the parameters; float32 stays float32.

    Attributes:
        hidden_grads: ``(N, T, H)``, ``dL/dh_t`` of the last backward pass,
            including what flowed back from later steps.
        hidden_grad_norms: ``(T,)``, the norm of ``dL/dh_t`` over the batch
            and the hidden units, per step. Backpropagate a gradient that is
            nonzero only at the last step, and ``hidden_grad_norms[t]`` shows
            how much of it reaches step ``t``: a curve that falls towards the
            start of the sequence is a vanishing gradient.

    Raises:
        TypeError: If a size is not an int.
        ValueError: If a size is not positive.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        seed: int | np.random.Generator | None = None,
        dtype: DTypeLike = np.float64,
    ) -> None:
        super().__init__()
        for name, value in (("input_size", input_size), ("hidden_size", hidden_size)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise TypeError(f"RNN expected {name} as an int, got {type(value).__name__}")
            if value < 1:
                raise ValueError(f"RNN expected {name} >= 1, got {value}")
        self.input_size, self.hidden_size = input_size, hidden_size
        rng = np.random.default_rng(seed)
        bound = 1.0 / np.sqrt(hidden_size)
        self.params = {
            "W_xh": rng.uniform(-bound, bound, (input_size, hidden_size)).astype(dtype),
            "W_hh": rng.uniform(-bound, bound, (hidden_size, hidden_size)).astype(dtype),
            "b": np.zeros(hidden_size, dtype=dtype),
        }
        self.grads = {name: np.zeros_like(p) for name, p in self.params.items()}
        self.hidden_grads: np.ndarray | None = None

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """All hidden states: ``(N, T, I) -> (N, T, H)``.

        Raises:
            TypeError: If ``x`` is not a floating-point NumPy array.
            ValueError: If ``x`` is not of shape ``(N, T, input_size)``.
        """
        if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
            kind = f"an array of dtype {x.dtype}" if isinstance(x, np.ndarray) else type(x)
            raise TypeError(
                f"{self!r} expected a floating-point NumPy array (N, T, {self.input_size}), "
                f"got {kind}"
            )
        if x.ndim != 3 or x.shape[2] != self.input_size or x.shape[1] == 0:
            raise ValueError(
                f"{self!r} expected input of shape (N, T, {self.input_size}) with T >= 1, "
                f"got {x.shape}"
            )
        N, T, _ = x.shape
        W_hh = self.params["W_hh"]
        # Time-major rows (t, n), so that each step's slice is contiguous.
        xs = x.transpose(1, 0, 2).reshape(T * N, self.input_size)  # (T*N, I)
        a = xs @ self.params["W_xh"]  # (T*N, H): the input part of every step
        a += self.params["b"]
        a = a.reshape(T, N, self.hidden_size)
        hs = np.empty((T + 1, N, self.hidden_size), dtype=a.dtype)  # h_0 .. h_T
        hs[0] = 0.0
        for t in range(T):  # the recurrence: h_t needs h_{t-1}
            np.matmul(hs[t], W_hh, out=hs[t + 1])
            hs[t + 1] += a[t]
            np.tanh(hs[t + 1], out=hs[t + 1])
        self.xs, self.hs = xs, hs
        return hs[1:].transpose(1, 0, 2)  # (N, T, H)

    def backward(self, grad: np.ndarray) -> np.ndarray | None:
        """Backpropagation through time; returns ``dL/dx`` ``(N, T, I)``.

        Returns None instead of ``dL/dx`` when ``needs_input_grad`` is False.
        """
        hs, xs = self.hs, self.xs
        T, N, H = hs.shape[0] - 1, hs.shape[1], hs.shape[2]
        gs = grad.transpose(1, 0, 2)  # (T, N, H), time-major like hs
        W_hh_T = self.params["W_hh"].T
        dtanh = 1.0 - hs[1:] * hs[1:]  # 1 - h_t**2 for every step at once
        dh = np.empty((T, N, H), dtype=dtanh.dtype)  # dL/dh_t
        dz = np.empty_like(dh)  # dL/d(pre-activation)_t
        dh[T - 1] = gs[T - 1]
        for t in range(T - 1, -1, -1):  # back through time
            np.multiply(dh[t], dtanh[t], out=dz[t])
            if t > 0:
                np.matmul(dz[t], W_hh_T, out=dh[t - 1])
                dh[t - 1] += gs[t - 1]
        self.hidden_grads = dh.transpose(1, 0, 2)
        dz2 = dz.reshape(T * N, H)
        self.grads["W_xh"][...] = xs.T @ dz2
        self.grads["W_hh"][...] = hs[:-1].reshape(T * N, H).T @ dz2
        self.grads["b"][...] = column_sums(dz2)
        if not self.needs_input_grad:
            return None
        dx = dz2 @ self.params["W_xh"].T  # (T*N, I)
        return dx.reshape(T, N, -1).transpose(1, 0, 2)  # (N, T, I)

    @property
    def hidden_grad_norms(self) -> np.ndarray:
        """``(T,)``: ``||dL/dh_t||`` over batch and hidden units, from the last backward.

        Raises:
            RuntimeError: Before the first backward pass.
        """
        if self.hidden_grads is None:
            raise RuntimeError("RNN.hidden_grad_norms: run forward and backward first")
        return np.sqrt(np.einsum("nth,nth->t", self.hidden_grads, self.hidden_grads))

    def __repr__(self) -> str:
        return f"RNN({self.input_size} -> {self.hidden_size})"
