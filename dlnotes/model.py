"""A model is a list of layers, and a training loop.

``Sequential`` chains layers: ``forward`` runs them in order, ``backward`` runs
them in reverse, passing the gradient down. ``fit`` repeats, for every
mini-batch:

    output = model.forward(x_batch, train=True)
    loss, grad = loss_fn(output, y_batch)       # grad = dL/doutput
    model.backward(grad)                        # fills every layer's grads
    optimizer.step(model.parameters())          # updates params in place

and, if given a learning-rate schedule, steps it after every epoch (or every
batch). ``save`` and ``load`` write and read the weights as a ``.npz`` file.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dlnotes import metrics as _metrics
from dlnotes.callbacks import Callback
from dlnotes.layers import Flatten, Layer
from dlnotes.optim import Optimizer, clip_grad_norm

if TYPE_CHECKING:  # only for the annotation; schedules do not import the model
    from dlnotes.schedules import Schedule

METRICS: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "accuracy": _metrics.accuracy,
    "mse": _metrics.mse,
    "r2": _metrics.r2,
}
"""Metric names accepted by ``Sequential.compile``."""


class History:
    """What ``fit`` returns: one number per epoch for the loss and each metric.

    Attributes:
        history: dict from name to a list of Python floats, one per epoch, e.g.
            ``history["loss"]``, ``history["accuracy"]`` and, with validation
            data, ``history["val_loss"]``, ``history["val_accuracy"]``.
        epoch: the epoch numbers ``[0, 1, ...]`` that were run.

    ``history["loss"]`` is a shortcut for ``history.history["loss"]``.
    """

    def __init__(self) -> None:
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []

    def append(self, epoch: int, logs: dict[str, float]) -> None:
        """Record the logs of one epoch."""
        self.epoch.append(epoch)
        for name, value in logs.items():
            self.history.setdefault(name, []).append(value)

    def __getitem__(self, name: str) -> list[float]:
        return self.history[name]

    def __repr__(self) -> str:
        return f"History(epochs={len(self.epoch)}, keys={list(self.history)})"


class Sequential:
    """A stack of layers applied one after the other.

    ``y = layers[-1](... layers[1](layers[0](x)))``; the backward pass applies
    the chain rule in the opposite order. Shapes are batch first: ``x: (N, ...)``
    in, ``y: (N, ...)`` out (raw outputs such as logits).

    Args:
        layers: the layers, first to last.

    Attributes:
        layers: the list of layers.
        loss, optimizer, metrics: set by ``compile``.
        stop_training: set to True (by a callback) to end ``fit`` after the
            current epoch.
        last_grad_norm: the total gradient norm before clipping of the last
            ``train_step`` that clipped (None before).

    Freezing: a layer with ``trainable = False`` keeps its weights; ``fit``
    neither updates it nor back-propagates below the lowest trainable layer.
    As in PyTorch, freezing does not stop a ``BatchNorm`` from updating its
    running statistics in training mode.
    Saving: ``save(path)`` writes the weights and buffers to ``.npz`` and
    ``load(path)`` reads them into a model of the same architecture.
    """

    def __init__(self, layers: Iterable[Layer]) -> None:
        self.layers: list[Layer] = list(layers)
        self.loss = None
        self.optimizer = None
        self.metrics: tuple[str, ...] = ()
        self.stop_training = False
        self.last_grad_norm: float | None = None  # set by train_step when clipping
        self._input_shape: tuple[int, ...] | None = None  # features of the last fit

    # ------------------------------------------------------------ the network
    def forward(self, x: np.ndarray, train: bool = False) -> np.ndarray:
        """Run ``x: (N, ...)`` through every layer in order.

        Args:
            x: input batch.
            train: passed to every layer (Dropout only drops when True).

        Returns:
            The last layer's output, e.g. logits ``(N, C)``.
        """
        for layer in self.layers:
            x = layer.forward(x, train=train)
        return x

    def backward(self, grad: np.ndarray, input_grad: bool = True) -> np.ndarray | None:
        """Back-propagate ``grad = dL/dy`` through the layers in reverse.

        Every layer fills its ``grads`` on the way.

        Args:
            grad: ``dL/dy`` for the last layer's output.
            input_grad: Also compute ``dL/dx`` for the model's input. Training
                does not need it (``train_step`` passes False): the backward
                pass then stops at the lowest trainable layer with weights,
                which skips its ``dL/dx`` product (see
                ``Layer.needs_input_grad``). Layers below it (frozen ones, or
                a leading ``Flatten``) are not visited, and their ``grads``
                keep the values of an earlier backward pass.

        Returns:
            ``dL/dx``, the gradient for the input of the first layer (None if
            ``input_grad`` is False).
        """
        # Without dL/dx, the backward pass can stop at the lowest layer whose
        # weights are trained: the layers below it (a frozen base, or a first
        # ReLU) would only compute gradients that nobody uses.
        stop = 0
        if not input_grad:
            trained = [i for i, layer in enumerate(self.layers) if _is_trained(layer)]
            stop = trained[0] if trained else len(self.layers)
        for i in reversed(range(stop, len(self.layers))):
            layer = self.layers[i]
            layer.needs_input_grad = input_grad or i > stop
            grad = layer.backward(grad)
        return grad if stop == 0 else None

    def parameters(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(param, grad)`` for every trainable array, first layer first.

        Layers whose ``trainable`` is False (frozen) are skipped, so an
        optimizer never changes them. The grads are those of the last
        ``backward`` call.
        """
        for layer in self.layers:
            if not getattr(layer, "trainable", True):
                continue
            for name, param in layer.params.items():
                yield param, layer.grads[name]

    def __repr__(self) -> str:
        inner = ",\n".join(f"    {layer!r}" for layer in self.layers)
        return f"Sequential([\n{inner}\n])"

    # ------------------------------------------------------- saving, loading
    def _state_arrays(self) -> dict[str, np.ndarray]:
        """Every saved array by key ``"<layer index>.<params|buffers>.<name>"``."""
        arrays = {}
        for i, layer in enumerate(self.layers):
            for kind in ("params", "buffers"):
                for name, array in getattr(layer, kind, {}).items():
                    arrays[f"{i}.{kind}.{name}"] = array
        return arrays

    def save(self, path: str | os.PathLike) -> Path:
        """Write the weights and buffers (e.g. BatchNorm statistics) to a ``.npz`` file.

        The file holds one array per parameter and buffer, under the key
        ``"<layer index>.<params|buffers>.<name>"`` (``"0.params.W"``,
        ``"2.buffers.running_mean"``), and the layer class names under
        ``"layers"``. It stores no code: to use it, build the same
        architecture and call ``load``. The optimizer's state is not saved.

        Args:
            path: the file to write; ``.npz`` is appended if missing.

        Returns:
            The path written, as a ``Path``.
        """
        path = Path(path)
        if path.suffix != ".npz":
            path = path.with_name(path.name + ".npz")
        arrays = self._state_arrays()
        arrays["layers"] = np.array([type(layer).__name__ for layer in self.layers])
        # Write to a temporary file, then rename: a reader never sees half a file.
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, path)
        return path

    def load(self, path: str | os.PathLike) -> Sequential:
        """Fill this model's weights and buffers from a file written by ``save``.

        The model must have the same architecture as the saved one: the same
        layer classes in the same order, with the same parameter and buffer
        names and shapes. Values are copied into the existing arrays
        (``param[...] = saved``), so the dtype of the model is kept and an
        optimizer that already holds these arrays keeps working. Nothing is
        changed unless everything matches.

        Args:
            path: a ``.npz`` file written by ``save`` (``.npz`` is appended if
                the name has no such suffix).

        Returns:
            This model, so that ``model = build().load(path)`` works.

        Raises:
            ValueError: if the architectures differ; the message names the
                first layer that does not match and both shapes (or both
                layer classes, or the missing or extra entry).
        """
        path = Path(path)
        if path.suffix != ".npz":
            path = path.with_name(path.name + ".npz")
        with np.load(path, allow_pickle=False) as f:
            saved = {key: f[key] for key in f.files}
        if "layers" not in saved:
            raise ValueError(
                f"load: {path.name} has no 'layers' entry; expected a file written by "
                "Sequential.save"
            )
        names = [str(name) for name in saved.pop("layers")]
        ours = [type(layer).__name__ for layer in self.layers]
        for i, (theirs, mine) in enumerate(zip(names, ours, strict=False)):
            if theirs != mine:
                raise ValueError(
                    f"load: layer {i} is {mine} in the model but {theirs} in {path.name}; "
                    "expected the same architecture"
                )
        if len(names) != len(ours):
            raise ValueError(
                f"load: the model has {len(ours)} layers but {path.name} has {len(names)}; "
                "expected the same architecture"
            )
        targets = self._state_arrays()
        for i, layer in enumerate(self.layers):
            for kind in ("params", "buffers"):
                for name, target in getattr(layer, kind, {}).items():
                    key = f"{i}.{kind}.{name}"
                    if key not in saved:
                        raise ValueError(
                            f"load: layer {i} ({layer!r}) has {kind} {name!r} but "
                            f"{path.name} has no {key!r}"
                        )
                    if saved[key].shape != target.shape:
                        raise ValueError(
                            f"load: layer {i} ({layer!r}): {kind} {name!r} has shape "
                            f"{target.shape} in the model but {saved[key].shape} in {path.name}"
                        )
        extra = sorted(set(saved) - set(targets))
        if extra:
            raise ValueError(
                f"load: {path.name} holds {extra[0]!r}, which the model has no place for"
            )
        for key, target in targets.items():
            target[...] = saved[key]
        return self

    # --------------------------------------------------------------- training
    def compile(
        self,
        loss: Callable[[np.ndarray, np.ndarray], tuple[float, np.ndarray]],
        optimizer: Optimizer,
        metrics: Sequence[str] = ("accuracy",),
    ) -> None:
        """Choose the loss, the optimizer and the metrics reported by ``fit``.

        Args:
            loss: a loss object, e.g. ``CrossEntropy()``, called as
                ``value, grad = loss(output, y)``.
            optimizer: e.g. ``Adam(lr=0.01)``, with ``step(parameters)``.
            metrics: names from ``"accuracy"`` (needs a classification loss,
                which has ``labels``), ``"mse"``, ``"r2"``.

        Raises:
            TypeError: if ``loss`` or ``optimizer`` is not an object of the
                expected kind (e.g. a string).
            ValueError: for an unknown metric, or ``"accuracy"`` with a loss
                that has no ``labels`` method (such as ``MSE``).
        """
        if not callable(loss):
            raise TypeError(
                f"compile: expected a loss object such as CrossEntropy() or MSE(), got {loss!r}"
            )
        if not callable(getattr(optimizer, "step", None)):
            raise TypeError(
                f"compile: expected an optimizer such as SGD(lr=0.1) or Adam(), got {optimizer!r}"
            )
        if isinstance(metrics, str):
            metrics = (metrics,)
        for name in metrics:
            if name not in METRICS:
                raise ValueError(
                    f"compile: unknown metric {name!r}; expected one of {list(METRICS)}"
                )
        if "accuracy" in metrics and not hasattr(loss, "labels"):
            raise ValueError(
                f"compile: metric 'accuracy' needs a classification loss with a "
                f"labels() method, got {loss!r}; for regression pass "
                "metrics=('mse',), ('r2',) or ()"
            )
        self.loss, self.optimizer, self.metrics = loss, optimizer, tuple(metrics)

    def train_step(
        self, X: np.ndarray, y: np.ndarray, max_grad_norm: float | None = None
    ) -> tuple[float, np.ndarray]:
        """One gradient step on one batch: forward, loss, backward, update.

        Args:
            X: batch of inputs ``(B, ...)``.
            y: matching targets ``(B, ...)``.
            max_grad_norm: if given, clip the gradients to this total norm
                before the update (``optim.clip_grad_norm``); the norm before
                clipping is kept in ``self.last_grad_norm``.

        Returns:
            ``(loss, output)``: the batch loss (before the update) and the
            network's output ``(B, ...)``.
        """
        output = self.forward(X, train=True)
        loss, grad = self.loss(output, y)
        self.backward(grad, input_grad=False)  # nothing uses the gradient of the data
        parameters = list(self.parameters())
        if max_grad_norm is not None:
            self.last_grad_norm = clip_grad_norm(parameters, max_norm=max_grad_norm)
        self.optimizer.step(parameters)
        return loss, output

    def fit(
        self,
        X: np.ndarray,
        y: np.ndarray,
        epochs: int,
        batch_size: int,
        validation_data: tuple[np.ndarray, np.ndarray] | None = None,
        callbacks: Sequence[Callback] = (),
        shuffle: bool = True,
        seed: int | np.random.Generator | None = None,
        verbose: int = 0,
        schedule: Schedule | None = None,
        schedule_every: str = "epoch",
        max_grad_norm: float | None = None,
    ) -> History:
        """Train with mini-batch gradient descent.

        Every epoch visits each sample once, in batches of ``batch_size`` (the
        last batch may be smaller), in a new random order when ``shuffle``.
        The epoch's ``loss`` is the sample-weighted mean of its batch losses,
        ``sum_b B_b * loss_b / N``, and its metrics are computed on the outputs
        of those same batches, so both describe the weights *during* the epoch
        (as in Keras). ``val_*`` values come from ``evaluate`` on
        ``validation_data`` after the epoch.

        ``X`` (and float ``y``) are cast to the dtype of the model's parameters,
        so a float32 model trains in float32.

        A learning-rate ``schedule`` (from ``dlnotes.schedules``, built on the
        compiled optimizer) is stepped after every epoch, or after every batch
        with ``schedule_every="batch"``. Steps count on across calls to
        ``fit``: the schedule is not reset. Per epoch, set the schedule's
        length (``T_max``, ``warmup_steps``) in epochs; per batch, in batches,
        ``epochs * ceil(N / batch_size)`` in all::

            opt = SGD(lr=0.1, momentum=0.9)
            model.compile(CrossEntropy(), opt)
            model.fit(X, y, epochs=20, batch_size=32,
                      schedule=CosineAnnealingLR(opt, T_max=20))

        With a schedule, ``history["lr"]`` holds the learning rate at the end
        of each epoch.

        Args:
            X: inputs ``(N, ...)``.
            y: targets ``(N, ...)``: integer labels ``(N,)``, one-hot ``(N, C)``
                or real values ``(N,)``/``(N, D)``.
            epochs: number of passes over the data, >= 1.
            batch_size: samples per gradient step, >= 1.
            validation_data: optional pair ``(X_val, y_val)``.
            callbacks: objects with the ``Callback`` hooks, e.g. EarlyStopping.
            shuffle: reshuffle the samples every epoch.
            seed: int, Generator or None for the shuffling.
            verbose: 1 prints one line per epoch.
            schedule: a learning-rate schedule driving the compiled optimizer,
                e.g. ``StepLR(opt, step_size=10)``; None keeps ``lr`` fixed.
            schedule_every: ``"epoch"`` (default) or ``"batch"``: when to call
                ``schedule.step()``.
            max_grad_norm: if given, every batch's gradients are clipped to
                this total norm (``optim.clip_grad_norm``) before the update;
                ``history["grad_norm"]`` then holds the largest norm before
                clipping in each epoch.

        Returns:
            A ``History`` with one float per epoch for ``loss``, each metric,
            and ``val_loss`` and ``val_<metric>`` with validation data (and
            ``lr``, ``grad_norm`` as described above).

        Raises:
            RuntimeError: if ``compile`` was not called.
            ValueError: for NaN/inf values, X and y of different lengths,
                ``validation_data`` that does not match X, an unknown
                ``schedule_every``, a schedule built on another optimizer, or
                ``max_grad_norm <= 0``.
            TypeError: if ``validation_data`` is not a pair, or ``schedule``
                has no ``step`` method.
        """
        if self.loss is None or self.optimizer is None:
            raise RuntimeError(
                "fit: the model has no loss or optimizer yet; call "
                "compile(loss, optimizer) first, e.g. "
                "model.compile(CrossEntropy(), Adam(lr=0.01))"
            )
        if epochs < 1 or batch_size < 1:
            raise ValueError(
                "fit: expected epochs >= 1 and batch_size >= 1, "
                f"got epochs={epochs}, batch_size={batch_size}"
            )
        self._check_schedule(schedule, schedule_every)
        if max_grad_norm is not None and not max_grad_norm > 0:
            raise ValueError(f"fit: expected max_grad_norm > 0 or None, got {max_grad_norm}")
        X, y = self._prepare(X, y, "X", "y")
        if validation_data is not None:
            X_val, y_val = self._prepare_validation(validation_data, X, y)

        rng = np.random.default_rng(seed)
        n = len(X)
        self._input_shape = X.shape[1:]
        self.stop_training = False
        history = History()
        for cb in callbacks:
            cb.on_train_begin(self)

        for epoch in range(epochs):
            order = rng.permutation(n) if shuffle else np.arange(n)
            total_loss = 0.0
            outputs = []
            grad_norm = 0.0
            for start in range(0, n, batch_size):
                batch = order[start : start + batch_size]
                loss, output = self.train_step(X[batch], y[batch], max_grad_norm)
                total_loss += loss * len(batch)
                outputs.append(output)
                if max_grad_norm is not None:
                    grad_norm = max(grad_norm, self.last_grad_norm)
                if schedule is not None and schedule_every == "batch":
                    schedule.step()
            if schedule is not None and schedule_every == "epoch":
                schedule.step()

            logs = {"loss": total_loss / n}
            if self.metrics:
                logs.update(self._metrics(y[order], np.concatenate(outputs)))
            if validation_data is not None:
                val = self.evaluate(X_val, y_val)
                logs.update({f"val_{name}": value for name, value in val.items()})
            if schedule is not None:
                logs["lr"] = float(self.optimizer.lr)
            if max_grad_norm is not None:
                logs["grad_norm"] = grad_norm

            history.append(epoch, logs)
            if verbose:
                numbers = "  ".join(f"{k} {v:.4f}" for k, v in logs.items())
                print(f"epoch {epoch + 1}/{epochs}  {numbers}")
            for cb in callbacks:
                cb.on_epoch_end(epoch, logs)
            if self.stop_training:
                break

        for cb in callbacks:
            cb.on_train_end()
        return history

    def _check_schedule(self, schedule: Schedule | None, schedule_every: str) -> None:
        """Check ``fit``'s schedule arguments."""
        if schedule_every not in ("epoch", "batch"):
            raise ValueError(
                f"fit: expected schedule_every 'epoch' or 'batch', got {schedule_every!r}"
            )
        if schedule is None:
            return
        if not callable(getattr(schedule, "step", None)):
            raise TypeError(
                "fit: expected schedule to be a learning-rate schedule such as "
                f"CosineAnnealingLR(optimizer, T_max=10), got {_describe(schedule)}"
            )
        if getattr(schedule, "optimizer", self.optimizer) is not self.optimizer:
            raise ValueError(
                "fit: the schedule drives a different optimizer than the one given to "
                "compile; build it on model.optimizer"
            )

    # ------------------------------------------------------------- inference
    def predict(self, X: np.ndarray, batch_size: int | None = None) -> np.ndarray:
        """Raw network outputs (e.g. logits) in inference mode (``train=False``).

        Args:
            X: inputs ``(N, ...)``.
            batch_size: run this many samples at a time (saves memory);
                None runs all at once.

        Returns:
            Outputs ``(N, ...)``. For class labels use ``model.loss.labels``.
        """
        X = self._cast_input(np.asarray(X))
        if batch_size is None:
            return self.forward(X, train=False)
        return np.concatenate(
            [
                self.forward(X[start : start + batch_size], train=False)
                for start in range(0, len(X), batch_size)
            ]
        )

    def evaluate(
        self, X: np.ndarray, y: np.ndarray, batch_size: int | None = None
    ) -> dict[str, float]:
        """Loss and metrics of the current weights on ``(X, y)``.

        Args:
            X: inputs ``(N, ...)``.
            y: targets ``(N, ...)``.
            batch_size: passed to ``predict``.

        Returns:
            ``{"loss": ..., <metric>: ...}`` as Python floats, e.g.
            ``{"loss": 0.12, "accuracy": 0.97}``.
        """
        if self.loss is None:
            raise RuntimeError("evaluate: call compile(loss, optimizer) first")
        X, y = self._prepare(X, y, "X", "y")
        output = self.predict(X, batch_size=batch_size)
        loss, _ = self.loss(output, y)
        return {"loss": float(loss), **self._metrics(y, output)}

    def _metrics(self, y: np.ndarray, output: np.ndarray) -> dict[str, float]:
        """Compute every compiled metric of ``output`` against ``y``."""
        logs = {}
        for name in self.metrics:
            if name == "accuracy":
                logs[name] = _metrics.accuracy(y, self.loss.labels(output))
            else:
                logs[name] = METRICS[name](y, output)
        return logs

    def _prepare(self, X, y, x_name: str, y_name: str) -> tuple[np.ndarray, np.ndarray]:
        """Check ``X`` and ``y`` and cast them to the model's dtype."""
        X, y = np.asarray(X), np.asarray(y)
        if X.ndim < 2:
            raise ValueError(
                f"expected {x_name} batch first with shape (N, features...), "
                f"got shape {X.shape}; for one feature use {x_name}.reshape(-1, 1)"
            )
        if len(X) != len(y):
            raise ValueError(
                f"{x_name} has {len(X)} samples but {y_name} has {len(y)}; "
                "expected the same number (first axis)"
            )
        if len(X) == 0:
            raise ValueError(f"{x_name} and {y_name} have no samples")
        for name, a in ((x_name, X), (y_name, y)):
            if a.dtype.kind in "fc":
                bad = a.size - np.count_nonzero(np.isfinite(a))
                if bad:
                    raise ValueError(
                        f"{name} contains {bad} NaN or inf value(s) out of {a.size}; "
                        "expected finite numbers (drop or fill them first)"
                    )
            elif a.dtype.kind not in "iub":
                raise TypeError(f"expected {name} to hold numbers, got dtype {a.dtype}")
        expected = self._infer_input_shape()
        if expected is not None and X.shape[1:] != expected:
            raise ValueError(
                f"{x_name} has samples of shape {X.shape[1:]} but the model expects "
                f"{expected} (n_in of its first Dense layer)"
            )
        dtype = self._dtype()
        X = self._cast_input(X)
        if y.dtype.kind == "f":
            y = y.astype(dtype, copy=False)
        return X, y

    def _prepare_validation(
        self, validation_data, X: np.ndarray, y: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Check that ``validation_data`` is a pair shaped like ``(X, y)``."""
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise TypeError(
                "fit: expected validation_data as a pair (X_val, y_val), got "
                f"{_describe(validation_data)}"
            )
        X_val, y_val = (np.asarray(a) for a in validation_data)
        if X_val.shape[1:] != X.shape[1:]:
            raise ValueError(
                f"fit: validation_data X_val has samples of shape {X_val.shape[1:]} "
                f"but X has {X.shape[1:]}; expected the same feature shape"
            )
        if y_val.shape[1:] != y.shape[1:]:
            raise ValueError(
                f"fit: validation_data y_val has targets of shape {y_val.shape[1:]} "
                f"but y has {y.shape[1:]}; expected the same target shape"
            )
        return self._prepare(X_val, y_val, "X_val", "y_val")

    def _cast_input(self, X: np.ndarray) -> np.ndarray:
        """``X`` in the parameters' dtype, or unchanged integers for an ``Embedding`` first."""
        if self.layers and self.layers[0].takes_indices:
            if X.dtype.kind not in "iu":
                raise TypeError(
                    f"{self.layers[0]!r} is the first layer, so the input must be integer "
                    f"token indices; got dtype {X.dtype}"
                )
            return X
        return X.astype(self._dtype(), copy=False)

    def _dtype(self) -> np.dtype:
        """The floating dtype of the parameters (float64 if there are none)."""
        for layer in self.layers:
            for param in layer.params.values():
                return param.dtype
        return np.dtype(np.float64)

    # --------------------------------------------------------------- summary
    def summary(self, input_shape: tuple[int, ...] | None = None) -> str:
        """A table of the layers, their output shapes and parameter counts.

        The output shapes come from forwarding a batch of one zero sample.

        Args:
            input_shape: shape of one sample, without the batch axis, e.g.
                ``(2,)`` or ``(1, 16, 16)``. If None: the feature shape of
                the last ``fit``, else ``(n_in,)`` of a leading ``Dense``.

        Returns:
            The table as a string (print it). ``N`` stands for the batch size.

        Raises:
            ValueError: if the input shape cannot be inferred.
        """
        if input_shape is None:
            input_shape = self._input_shape or self._infer_input_shape()
        if input_shape is None:
            raise ValueError(
                "summary: cannot infer the input shape; pass one sample's shape, "
                "e.g. summary(input_shape=(1, 16, 16))"
            )
        x = np.zeros((1, *input_shape), dtype=self._dtype())
        rows = [("Layer", "Output shape", "Params")]
        total = 0
        for layer in self.layers:
            x = layer.forward(x, train=False)
            count = sum(p.size for p in layer.params.values())
            total += count
            shape = "(" + ", ".join(["N", *map(str, x.shape[1:])]) + ")"
            rows.append((repr(layer), shape, f"{count:,}"))
        w0 = max(len(r[0]) for r in rows)
        w1 = max(len(r[1]) for r in rows)
        w2 = max(len(r[2]) for r in rows)
        lines = [f"{a:<{w0}}  {b:<{w1}}  {c:>{w2}}" for a, b, c in rows]
        rule = "-" * len(lines[0])
        footer = [f"Total params: {total:,}"]
        trained = sum(
            p.size for layer in self.layers if _is_trained(layer) for p in layer.params.values()
        )
        if trained != total:  # some layers are frozen
            footer.append(f"Trainable params: {trained:,}")
        return "\n".join([lines[0], rule, *lines[1:], rule, *footer])

    def _infer_input_shape(self) -> tuple[int, ...] | None:
        """``(n_in,)`` of the first Dense if only parameter-free layers precede it."""
        for layer in self.layers:
            if hasattr(layer, "n_in"):
                return (layer.n_in,)
            if layer.params or isinstance(layer, Flatten):
                return None  # e.g. a Conv2D first: its input size is unknown
        return None


def _is_trained(layer: Layer) -> bool:
    """True if an optimizer updates this layer: it has weights and is not frozen."""
    return bool(layer.params) and getattr(layer, "trainable", True)


def _describe(obj) -> str:
    """A short description of a wrong argument for an error message."""
    if isinstance(obj, (tuple, list)):
        return f"a {type(obj).__name__} of length {len(obj)}"
    if isinstance(obj, np.ndarray):
        return f"an array of shape {obj.shape}"
    return f"a {type(obj).__name__}"
