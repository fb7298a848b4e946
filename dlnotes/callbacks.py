"""Callbacks: code that ``Sequential.fit`` runs at fixed points of training.

``fit`` calls, for every callback in ``callbacks``::

    cb.on_train_begin(model)            # once, before the first epoch
    cb.on_epoch_end(epoch, logs)        # after every epoch
    cb.on_train_end()                   # once, after the last epoch

``logs`` is the epoch's dict of Python floats, for example
``{"loss": 0.31, "accuracy": 0.9, "val_loss": 0.35, "val_accuracy": 0.88}``.
A callback stops training by setting ``model.stop_training = True``; ``fit``
then ends after the current epoch.
"""

from __future__ import annotations

import numpy as np


class Callback:
    """Base class: every hook does nothing. Override the ones you need.

    Attributes:
        model: the model being trained, set by ``on_train_begin``.
    """

    model = None

    def on_train_begin(self, model) -> None:
        """Called once before the first epoch with the model being trained."""
        self.model = model

    def on_epoch_end(self, epoch: int, logs: dict[str, float]) -> None:
        """Called after every epoch (``epoch`` counts from 0) with its logs."""

    def on_train_end(self) -> None:
        """Called once after the last epoch, or after training was stopped."""


class EarlyStopping(Callback):
    """Stop training when a monitored number stops improving.

    After each epoch the monitored value ``x`` counts as an improvement on the
    best value so far when (``min_delta >= 0``)::

        x < best - min_delta      # mode "min": names ending in "loss" or "mse"
        x > best + min_delta      # mode "max": names ending in "accuracy" or "r2"

    Training stops after ``patience`` epochs in a row without improvement.
    With ``restore_best=True`` the parameters of the best epoch are copied
    back into the model's arrays (in place) when training ends, whether it
    was stopped early or ran to its last epoch.

    Args:
        monitor: key of the epoch logs to watch, e.g. ``"val_loss"`` (needs
            ``validation_data``), ``"loss"``, ``"val_accuracy"``.
        patience: number of epochs without improvement to tolerate, >= 1.
        min_delta: smallest change that counts as an improvement, >= 0.
        restore_best: copy the best epoch's parameters back at the end.

    Attributes:
        best: best monitored value seen.
        best_epoch: epoch (from 0) at which ``best`` was reached.
        stopped_epoch: epoch after which training was stopped, or None.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        patience: int = 5,
        min_delta: float = 0.0,
        restore_best: bool = True,
    ) -> None:
        if monitor.endswith(("loss", "mse")):
            self.mode = "min"
        elif monitor.endswith(("accuracy", "r2")):
            self.mode = "max"
        else:
            raise ValueError(
                "EarlyStopping: expected monitor to end in 'loss', 'mse' (minimised) "
                f"or 'accuracy', 'r2' (maximised), got {monitor!r}"
            )
        if patience < 1:
            raise ValueError(f"EarlyStopping: expected patience >= 1, got {patience}")
        if min_delta < 0:
            raise ValueError(f"EarlyStopping: expected min_delta >= 0, got {min_delta}")
        self.monitor = monitor
        self.patience = patience
        self.min_delta = float(min_delta)
        self.restore_best = restore_best

    def on_train_begin(self, model) -> None:
        """Reset the counters; a callback object can be reused across fits."""
        super().on_train_begin(model)
        self.best = np.inf if self.mode == "min" else -np.inf
        self.best_epoch = None
        self.stopped_epoch = None
        self.wait = 0  # epochs since the last improvement
        self.best_params: list[np.ndarray] | None = None

    def _improved(self, value: float) -> bool:
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def on_epoch_end(self, epoch: int, logs: dict[str, float]) -> None:
        """Track the best value; ask the model to stop after ``patience`` misses.

        Raises:
            ValueError: if ``monitor`` is not in ``logs`` (for example
                ``"val_loss"`` without ``validation_data``).
        """
        if self.monitor not in logs:
            raise ValueError(
                f"EarlyStopping monitors {self.monitor!r} but the epoch logs only "
                f"have {sorted(logs)}; pass validation_data to fit() or choose "
                "another monitor"
            )
        value = logs[self.monitor]
        if self._improved(value):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best:
                self._save_params()
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped_epoch = epoch
                self.model.stop_training = True

    def on_train_end(self) -> None:
        """Copy the best epoch's parameters back into the model, in place."""
        if self.restore_best and self.best_params is not None:
            for param, best in zip(self._params(), self.best_params, strict=True):
                param[...] = best

    def _params(self) -> list[np.ndarray]:
        """The model's parameter arrays, in a fixed order."""
        return [p for layer in self.model.layers for p in layer.params.values()]

    def _save_params(self) -> None:
        """Copy the current parameters into ``best_params`` (buffers made once)."""
        if self.best_params is None:
            self.best_params = [p.copy() for p in self._params()]
        else:
            for best, param in zip(self.best_params, self._params(), strict=True):
                best[...] = param
