"""Normalization layers: ``BatchNorm`` and ``LayerNorm``.

Both standardize their input, ``x_hat = (x - mean) / sqrt(var + eps)``, then
scale and shift it with learned ``gamma`` and ``beta``: ``y = gamma * x_hat + beta``.
They differ in *what* the mean and variance are taken over:

* ``BatchNorm`` (Ioffe and Szegedy, 2015): over the batch (and the pixels),
  separately for each feature or channel. In training it uses the statistics
  of the current batch and keeps running averages of them; at evaluation it
  uses those running averages, so one example's output does not depend on
  the others in its batch.
* ``LayerNorm`` (Ba, Kiros and Hinton, 2016): over the features of each
  example (the last axis) separately. It needs no batch statistics, so it
  behaves the same in training and at evaluation, for any batch size; this
  is one reason transformers use it.

Both backward passes use the same rule. With ``m`` values per statistic,
``g = dL/dy`` and ``d = g * gamma`` (that is, ``dL/dx_hat``)::

    dL/dx = (d - mean(d) - x_hat * mean(d * x_hat)) / sqrt(var + eps)

where each ``mean`` is over the same ``m`` values as the forward statistics.
The two subtracted terms are the paths through the mean and the variance.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import DTypeLike

from dlnotes.layers import Layer, column_sums


def _per_channel(a: np.ndarray, channels: int) -> np.ndarray:
    """``(N, C)`` or ``(N, C, H, W)`` seen as ``(N, C, M)``, ``M`` = 1 or ``H * W``.

    Per-channel sums are then one ``einsum`` over ``n`` and ``m``, which reads
    the arrays once and builds no temporary (``einsum("ncm,ncm->c", a, b)``
    is ``sum(a * b)`` per channel). A reshape, so no copy for the layouts the
    layers produce.
    """
    return a.reshape(a.shape[0], channels, -1)


class BatchNorm(Layer):
    """Batch normalization, as ``torch.nn.BatchNorm1d`` (``(N, C)``) and ``BatchNorm2d``.

    From S. Ioffe and C. Szegedy, "Batch Normalization: Accelerating Deep
    Network Training by Reducing Internal Covariate Shift", 2015,
    https://arxiv.org/abs/1502.03167.

    Shapes: ``x: (N, C)`` or ``(N, C, H, W)``, ``y`` the same;
    ``gamma, beta, running_mean, running_var: (C,)``. For each channel ``c``
    the statistics are over the ``m = N`` (or ``m = N * H * W``) values of
    that channel.

    Training (``train=True``)::

        mu = mean(x),  var = mean((x - mu)**2)             # biased, per channel
        x_hat = (x - mu) / sqrt(var + eps)
        y = gamma * x_hat + beta
        running_mean = (1 - momentum) * running_mean + momentum * mu
        running_var = (1 - momentum) * running_var + momentum * var * m / (m - 1)

    The running variance uses the unbiased estimate ``var * m / (m - 1)``,
    as PyTorch does, while the batch itself is normalized with the biased one.
    Evaluation (``train=False``) uses the running statistics instead:
    ``y = gamma * (x - running_mean) / sqrt(running_var + eps) + beta``.

    Backward, with ``g = dL/dy``, sums over the ``m`` values of a channel::

        dL/dgamma = sum(g * x_hat),   dL/dbeta = sum(g)
        training:   dL/dx = (d - mean(d) - x_hat * mean(d * x_hat)) / sqrt(var + eps)
        evaluation: dL/dx = d / sqrt(running_var + eps)
        with d = g * gamma

    ``gamma`` starts at 1, ``beta`` at 0, the running mean at 0 and the
    running variance at 1. The running statistics live in ``buffers``
    (``Sequential.save`` keeps them) and are also the attributes
    ``running_mean`` and ``running_var``; they are updated in place.

    Args:
        num_features: ``C``.
        momentum: Weight of the current batch in the running averages.
        eps: Added to the variance before the square root.
        dtype: Floating dtype of the parameters and statistics.

    Raises:
        ValueError: If ``momentum`` is outside ``[0, 1]`` or ``eps <= 0``.
    """

    def __init__(
        self,
        num_features: int,
        momentum: float = 0.1,
        eps: float = 1e-5,
        dtype: DTypeLike = np.float64,
    ) -> None:
        super().__init__()
        if not 0.0 <= momentum <= 1.0:
            raise ValueError(f"BatchNorm momentum must be in [0, 1], got {momentum}")
        if eps <= 0:
            raise ValueError(f"BatchNorm eps must be > 0, got {eps}")
        self.num_features, self.momentum, self.eps = num_features, float(momentum), float(eps)
        self.params = {
            "gamma": np.ones(num_features, dtype=dtype),
            "beta": np.zeros(num_features, dtype=dtype),
        }
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.buffers = {
            "running_mean": np.zeros(num_features, dtype=dtype),
            "running_var": np.ones(num_features, dtype=dtype),
        }

    @property
    def running_mean(self) -> np.ndarray:
        """Running average of the batch means, ``(C,)`` (``buffers["running_mean"]``)."""
        return self.buffers["running_mean"]

    @running_mean.setter
    def running_mean(self, value: np.ndarray) -> None:
        self.buffers["running_mean"][...] = value

    @property
    def running_var(self) -> np.ndarray:
        """Running average of the unbiased batch variances, ``(C,)`` (in ``buffers``)."""
        return self.buffers["running_var"]

    @running_var.setter
    def running_var(self, value: np.ndarray) -> None:
        self.buffers["running_var"][...] = value

    def _channel_shape(self, x: np.ndarray) -> tuple[int, ...]:
        """The shape that broadcasts ``(C,)`` against ``x``: ``(1, C)`` or ``(1, C, 1, 1)``."""
        c = self.num_features
        if x.ndim == 2 and x.shape[1] == c:
            return (1, c)
        if x.ndim == 4 and x.shape[1] == c:
            return (1, c, 1, 1)
        raise ValueError(
            f"{self!r} expected input of shape (N, {c}) or (N, {c}, H, W), got {x.shape}"
        )

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``y = gamma * x_hat + beta``, batch statistics in training, running ones otherwise.

        Raises:
            ValueError: If ``x`` is not ``(N, C)`` or ``(N, C, H, W)`` with
                ``C = num_features``, or if training sees one value per channel.
        """
        c, shape = self.num_features, self._channel_shape(x)
        self.training = train
        if train:
            m = x.size // c
            if m < 2:
                raise ValueError(
                    f"{self!r} needs more than 1 value per channel in training, got input {x.shape}"
                )
            mu = np.einsum("ncm->c", _per_channel(x, c)) / m
            xc = x - mu.reshape(shape)
            xc_per_channel = _per_channel(xc, c)
            var = np.einsum("ncm,ncm->c", xc_per_channel, xc_per_channel) / m  # biased
            mom = self.momentum
            self.running_mean *= 1.0 - mom
            self.running_mean += mom * mu
            self.running_var *= 1.0 - mom
            self.running_var += (mom * m / (m - 1)) * var  # unbiased
        else:
            xc = x - self.running_mean.reshape(shape)
            var = self.running_var
        # keep x - mean and 1 / sqrt(var + eps): x_hat is their product, and
        # y = (x - mean) * (gamma / sqrt(var + eps)) + beta never has to build it
        self.xc, self.rstd = xc, 1.0 / np.sqrt(var + self.eps)  # (C,)
        y = xc * (self.params["gamma"] * self.rstd).reshape(shape)
        y += self.params["beta"].reshape(shape)
        return y

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Fill ``grads`` and return ``dL/dx`` (the training or the evaluation rule).

        The two sums are all the training rule needs: with ``d = g * gamma``,
        ``mean(d) = gamma * sum(g) / m`` and
        ``mean(d * x_hat) = gamma * sum(g * x_hat) / m``, so
        ``dL/dx = gamma / sqrt(var + eps) * (g - (dL/dbeta + x_hat * dL/dgamma) / m)``.
        ``x_hat = (x - mean) / sqrt(var + eps)`` is not kept, so
        ``sum(g * x_hat) = sum(g * (x - mean)) / sqrt(var + eps)``.
        """
        c, shape = self.num_features, (1, -1) + (1,) * (grad.ndim - 2)
        g_ = _per_channel(grad, c)
        sum_g = np.einsum("ncm->c", g_)
        sum_g_x_hat = np.einsum("ncm,ncm->c", g_, _per_channel(self.xc, c)) * self.rstd
        self.grads["gamma"], self.grads["beta"] = sum_g_x_hat, sum_g
        scale = (self.params["gamma"] * self.rstd).reshape(shape)  # gamma / sqrt(var + eps)
        if not self.training:
            return grad * scale
        m = grad.size // c
        dx = self.xc * (self.rstd * sum_g_x_hat / m).reshape(shape)  # x_hat * mean(g * x_hat)
        dx += (sum_g / m).reshape(shape)
        np.subtract(grad, dx, out=dx)  # g - mean(g) - x_hat * mean(g * x_hat)
        dx *= scale
        return dx

    def __repr__(self) -> str:
        return f"BatchNorm({self.num_features})"


class LayerNorm(Layer):
    """Layer normalization over the last axis, as ``torch.nn.LayerNorm(dim)``.

    From J. L. Ba, J. R. Kiros and G. E. Hinton, "Layer Normalization", 2016,
    https://arxiv.org/abs/1607.06450.

    Shapes: ``x: (..., D)`` with ``D = dim``, for example ``(N, T, D)``;
    ``y`` the same; ``gamma, beta: (D,)``. For each position separately::

        mu = mean(x[..., :]),  var = mean((x - mu)**2)     # over the D features
        x_hat = (x - mu) / sqrt(var + eps)
        y = gamma * x_hat + beta

    Backward, with ``g = dL/dy`` and ``d = g * gamma``; ``dL/dgamma`` and
    ``dL/dbeta`` sum over every leading axis, the means over the ``D``
    features::

        dL/dgamma = sum(g * x_hat),   dL/dbeta = sum(g)
        dL/dx = (d - mean(d) - x_hat * mean(d * x_hat)) / sqrt(var + eps)

    ``gamma`` starts at 1 and ``beta`` at 0. Training and evaluation are the
    same computation.

    Args:
        dim: ``D``, the length of the last axis.
        eps: Added to the variance before the square root.
        dtype: Floating dtype of the parameters.

    Raises:
        ValueError: If ``eps <= 0``.
    """

    def __init__(self, dim: int, eps: float = 1e-5, dtype: DTypeLike = np.float64) -> None:
        super().__init__()
        if eps <= 0:
            raise ValueError(f"LayerNorm eps must be > 0, got {eps}")
        self.dim, self.eps = dim, float(eps)
        self.params = {"gamma": np.ones(dim, dtype=dtype), "beta": np.zeros(dim, dtype=dtype)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """``y = gamma * (x - mu) / sqrt(var + eps) + beta`` over the last axis.

        Raises:
            ValueError: If the last axis of ``x`` is not ``dim`` long.
        """
        if x.ndim < 1 or x.shape[-1] != self.dim:
            raise ValueError(f"{self!r} expected input of shape (..., {self.dim}), got {x.shape}")
        x2 = x.reshape(-1, self.dim)  # (M, D): one row per position
        xc = x2 - x2.mean(axis=1, keepdims=True)
        var = np.einsum("md,md->m", xc, xc)[:, None]  # sum of squares, no (M, D) temporary
        var *= 1.0 / self.dim  # biased, like torch
        var += self.eps
        self.rstd = 1.0 / np.sqrt(var)  # (M, 1)
        xc *= self.rstd
        self.x_hat = xc  # (M, D)
        y = self.x_hat * self.params["gamma"]
        y += self.params["beta"]
        return y.reshape(x.shape)

    def backward(self, grad: np.ndarray) -> np.ndarray:
        """Fill ``grads`` and return ``dL/dx``, same shape as ``x``."""
        g = grad.reshape(-1, self.dim)  # (M, D)
        x_hat = self.x_hat
        self.grads["gamma"] = np.einsum("md,md->d", g, x_hat)  # sum of g * x_hat
        self.grads["beta"] = column_sums(g)
        d = g * self.params["gamma"]
        mean_dx = np.einsum("md,md->m", d, x_hat)[:, None]
        mean_dx *= 1.0 / self.dim  # mean(d * x_hat)
        dx = x_hat * mean_dx
        dx += d.mean(axis=1, keepdims=True)
        np.subtract(d, dx, out=dx)  # d - mean(d) - x_hat * mean(d * x_hat)
        dx *= self.rstd
        return dx.reshape(grad.shape)

    def __repr__(self) -> str:
        return f"LayerNorm({self.dim})"
