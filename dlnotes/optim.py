"""Optimizers: turn gradients into parameter updates.

An optimizer never sees a layer. It gets (param, grad) pairs, for example from
``Sequential.parameters()``, and changes each ``param`` array *in place*, so the
layer that owns the array sees the new values at once.

The update rules are exactly those of ``torch.optim.SGD``, ``torch.optim.Adam``
and ``torch.optim.AdamW`` (weight decay is added to the gradient in SGD and
Adam and applied to the weights directly in AdamW, momentum is
``b = mu * b + g``, Adam is bias-corrected), so every step can be checked
number for number against PyTorch. ``clip_grad_norm`` is
``torch.nn.utils.clip_grad_norm_``.

Every optimizer has a settable ``lr`` attribute: a learning-rate schedule
(``dlnotes.schedules``) changes it between steps.

State (momentum buffers, Adam's moments) is kept per parameter array, keyed by
the array's identity. The hot path allocates nothing: every intermediate goes
into a scratch buffer made once per parameter, using NumPy's ``out=`` argument
and in-place operators. All constants are Python floats, so a float32 model
stays float32 (NumPy 2 promotion rules, NEP 50).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

Parameters = Iterable[tuple[np.ndarray, np.ndarray]]
"""What ``step`` takes: ``(param, grad)`` pairs, each grad shaped like its param."""


class Optimizer:
    """Base class: holds the per-parameter state.

    Subclasses implement ``step(parameters)``. State for a parameter array is a
    dict created on the first step that sees that array.

    Attributes:
        lr: the learning rate of the next ``step``, a float >= 0; settable.
        initial_lr: the ``lr`` before a schedule first changed it (None until
            a schedule from ``dlnotes.schedules`` is attached).
    """

    def __init__(self) -> None:
        # id(param) -> (param, state). Keeping ``param`` alive keeps its id unique.
        self._state: dict[int, tuple[np.ndarray, dict]] = {}
        self.initial_lr: float | None = None

    @property
    def lr(self) -> float:
        """The learning rate used by the next ``step``; settable (a schedule sets it)."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"lr: expected a number, got {type(value).__name__}")
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"lr: expected a finite number >= 0, got {value}")
        self._lr = float(value)

    def state(self, param: np.ndarray) -> dict:
        """Return the state dict of ``param`` (empty on the first step).

        Args:
            param: a parameter array, any shape.

        Returns:
            The mutable dict that stores this array's buffers between steps.
        """
        entry = self._state.get(id(param))
        if entry is None:
            entry = (param, {})
            self._state[id(param)] = entry
        return entry[1]

    def step(self, parameters: Parameters) -> None:
        """Update every ``param`` in place from its ``grad``."""
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent with momentum and weight decay (as in PyTorch).

    For every parameter ``p`` with gradient ``g`` (same shape), one step is::

        g = g + weight_decay * p          # L2 weight decay, added to the gradient
        b = g                             # first step: the buffer starts as g
        b = momentum * b + g              # later steps
        p = p - lr * b                    # (p = p - lr * g when momentum == 0)

    This is ``torch.optim.SGD`` with ``dampening=0`` and ``nesterov=False``.

    Args:
        lr: learning rate, > 0.
        momentum: momentum factor ``mu`` in [0, 1). 0 gives plain SGD.
        weight_decay: L2 penalty coefficient, >= 0.
    """

    def __init__(self, lr: float, momentum: float = 0.0, weight_decay: float = 0.0) -> None:
        super().__init__()
        if lr <= 0:
            raise ValueError(f"SGD: expected lr > 0, got lr={lr}")
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"SGD: expected 0 <= momentum < 1, got {momentum}")
        if weight_decay < 0:
            raise ValueError(f"SGD: expected weight_decay >= 0, got {weight_decay}")
        self.lr = float(lr)
        self.momentum = float(momentum)
        self.weight_decay = float(weight_decay)

    def step(self, parameters: Parameters) -> None:
        """Apply one SGD update to each ``(param, grad)`` pair, in place.

        Args:
            parameters: iterable of ``(param, grad)`` array pairs of equal shape.
                ``param`` is changed in place; ``grad`` is only read.
        """
        for p, g in parameters:
            state = self.state(p)
            if not state:
                state["scratch"] = np.empty_like(p)
            d = state["scratch"]

            if self.weight_decay:
                np.multiply(p, self.weight_decay, out=d)
                d += g  # d = g + wd * p
                g = d
            if self.momentum:
                b = state.get("momentum_buffer")
                if b is None:
                    state["momentum_buffer"] = b = g.copy()  # first step: b = g
                else:
                    b *= self.momentum
                    b += g  # b = mu * b + g
                g = b

            np.multiply(g, self.lr, out=d)
            p -= d  # p = p - lr * g

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr}, momentum={self.momentum}, weight_decay={self.weight_decay})"


class Adam(Optimizer):
    """Adam: momentum plus a per-weight step size (as ``torch.optim.Adam``).

    For every parameter ``p`` with gradient ``g``, step ``t = 1, 2, ...``::

        g = g + weight_decay * p                 # L2 decay added to the gradient
        m = beta1 * m + (1 - beta1) * g          # first moment,  m_0 = 0
        v = beta2 * v + (1 - beta2) * g * g      # second moment, v_0 = 0
        m_hat = m / (1 - beta1 ** t)             # bias corrections
        v_hat = v / (1 - beta2 ** t)
        p = p - lr * m_hat / (sqrt(v_hat) + eps)

    The code computes the last three lines as PyTorch does,
    ``p -= lr / (1 - beta1**t) * m / (sqrt(v) / sqrt(1 - beta2**t) + eps)``,
    which is the same formula. (This is Adam, not AdamW: the decay goes through
    the adaptive step.)

    Args:
        lr: learning rate, > 0.
        betas: ``(beta1, beta2)`` decay rates of the two moments, each in [0, 1).
        eps: small constant added to the denominator, > 0.
        weight_decay: L2 penalty coefficient, >= 0.
    """

    def __init__(
        self,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__()
        if lr <= 0:
            raise ValueError(f"Adam: expected lr > 0, got lr={lr}")
        if len(betas) != 2 or not all(0.0 <= b < 1.0 for b in betas):
            raise ValueError(f"Adam: expected betas=(b1, b2) in [0, 1), got {betas}")
        if eps <= 0:
            raise ValueError(f"Adam: expected eps > 0, got {eps}")
        if weight_decay < 0:
            raise ValueError(f"Adam: expected weight_decay >= 0, got {weight_decay}")
        self.lr = float(lr)
        self.betas = (float(betas[0]), float(betas[1]))
        self.eps = float(eps)
        self.weight_decay = float(weight_decay)

    def step(self, parameters: Parameters) -> None:
        """Apply one Adam update to each ``(param, grad)`` pair, in place.

        Args:
            parameters: iterable of ``(param, grad)`` array pairs of equal shape.
                ``param`` is changed in place; ``grad`` is only read.
        """
        beta1, beta2 = self.betas
        for p, g in parameters:
            state = self.state(p)
            if not state:
                state["t"] = 0
                state["m"] = np.zeros_like(p)
                state["v"] = np.zeros_like(p)
                state["scratch"] = np.empty_like(p)
            m, v, d = state["m"], state["v"], state["scratch"]
            state["t"] += 1
            t = state["t"]

            if self.weight_decay:
                g = self._decay(p, g, state)

            m *= beta1
            np.multiply(g, 1.0 - beta1, out=d)
            m += d  # m = beta1 * m + (1 - beta1) * g

            v *= beta2
            np.multiply(g, g, out=d)
            d *= 1.0 - beta2
            v += d  # v = beta2 * v + (1 - beta2) * g * g

            step_size = self.lr / (1.0 - beta1**t)
            np.sqrt(v, out=d)
            d /= math.sqrt(1.0 - beta2**t)
            d += self.eps  # d = sqrt(v_hat) + eps
            np.divide(m, d, out=d)
            d *= step_size
            p -= d  # p = p - lr * m_hat / (sqrt(v_hat) + eps)

    def _decay(self, p: np.ndarray, g: np.ndarray, state: dict) -> np.ndarray:
        """L2 weight decay: return ``g + weight_decay * p`` (in a scratch buffer)."""
        gd = state.get("scratch_g")
        if gd is None:
            state["scratch_g"] = gd = np.empty_like(p)
        np.multiply(p, self.weight_decay, out=gd)
        gd += g  # g = g + wd * p
        return gd

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(lr={self.lr}, betas={self.betas}, eps={self.eps}, "
            f"weight_decay={self.weight_decay})"
        )


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019), as ``torch.optim.AdamW``.

    In Adam, L2 decay is added to the gradient and then divided by
    ``sqrt(v_hat)`` like the rest of it, so weights with large gradients are
    barely decayed. AdamW shrinks every weight by the same factor instead,
    before the Adam step, which uses the plain gradient ``g``::

        p = p * (1 - lr * weight_decay)          # decoupled decay
        m = beta1 * m + (1 - beta1) * g          # then Adam, without decay
        v = beta2 * v + (1 - beta2) * g * g
        p = p - lr * m_hat / (sqrt(v_hat) + eps)

    Reference: I. Loshchilov and F. Hutter (2019), *Decoupled Weight Decay
    Regularization*, https://arxiv.org/abs/1711.05101

    Args:
        lr: learning rate, > 0.
        betas: ``(beta1, beta2)`` decay rates of the two moments, each in [0, 1).
        eps: small constant added to the denominator, > 0.
        weight_decay: decay factor per unit of learning rate, >= 0.
    """

    def __init__(
        self,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.01,
    ) -> None:
        super().__init__(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay)

    def _decay(self, p: np.ndarray, g: np.ndarray, state: dict) -> np.ndarray:
        """Decoupled decay: shrink ``p`` in place by ``1 - lr * wd``; ``g`` is unchanged."""
        p *= 1.0 - self.lr * self.weight_decay
        return g


def clip_grad_norm(parameters: Parameters, max_norm: float) -> float:
    """Scale all gradients together so that their joint norm is at most ``max_norm``.

    The total norm treats every gradient as one long vector::

        total_norm = sqrt(sum over all grads g of sum(g ** 2))
        scale = max_norm / (total_norm + 1e-6)
        if scale < 1:  g = g * scale   for every g, in place

    Every gradient is scaled by the same factor, so the update keeps its
    direction and only its length is capped. This is
    ``torch.nn.utils.clip_grad_norm_`` with the default 2-norm. Use it between
    ``backward`` and ``step``::

        params = list(model.parameters())
        norm = clip_grad_norm(params, max_norm=1.0)
        optimizer.step(params)

    Args:
        parameters: ``(param, grad)`` pairs, as ``Sequential.parameters()``
            yields them. Only the ``grad`` arrays are used (and changed).
        max_norm: the largest allowed total norm, > 0.

    Returns:
        The total norm *before* clipping, as a Python float (useful to log).
        Like PyTorch, a NaN or inf norm is returned as is (and makes the
        gradients NaN), so check it if the loss may diverge.

    Raises:
        ValueError: if ``max_norm`` is not > 0.
        TypeError: if an item of ``parameters`` is not a ``(param, grad)`` pair.
    """
    if not max_norm > 0:
        raise ValueError(f"clip_grad_norm: expected max_norm > 0, got {max_norm}")
    grads = []
    for item in parameters:
        if not isinstance(item, tuple) or len(item) != 2:
            raise TypeError(
                "clip_grad_norm: expected (param, grad) pairs such as "
                f"model.parameters() yields, got {type(item).__name__}"
            )
        grads.append(item[1])
    if not grads:
        return 0.0
    # vdot of a flat array with itself is its sum of squares, without a temporary.
    total_norm = math.sqrt(sum(float(np.vdot(g.ravel(), g.ravel())) for g in grads))
    scale = float(max_norm) / (total_norm + 1e-6)
    if scale < 1.0 or not math.isfinite(total_norm):
        for g in grads:
            g *= scale
    return total_norm
