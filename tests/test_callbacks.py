"""Tests for dlnotes/callbacks.py: EarlyStopping on its own and inside fit."""

import numpy as np
import pytest

from dlnotes import data
from dlnotes.activations import ReLU
from dlnotes.callbacks import Callback, EarlyStopping
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam


class Recorder(Callback):
    """Copies every parameter array at the end of each epoch."""

    def on_train_begin(self, model):
        super().on_train_begin(model)
        self.params = []

    def on_epoch_end(self, epoch, logs):
        self.params.append([p.copy() for p, _ in self.model.parameters()])


def drive(callback, values, monitor="val_loss"):
    """Feed a sequence of monitored values to ``callback``, as fit would.

    The model's weight is set to the epoch number, so the restored weight says
    which epoch was kept. Returns (model, number of epochs run).
    """
    model = Sequential([Dense(1, 1, seed=0)])
    callback.on_train_begin(model)
    epochs = 0
    for epoch, value in enumerate(values):
        model.layers[0].params["W"][...] = epoch
        callback.on_epoch_end(epoch, {monitor: value})
        epochs += 1
        if model.stop_training:
            break
    callback.on_train_end()
    return model, epochs


def test_stops_after_patience_epochs_without_improvement():
    stopper = EarlyStopping(patience=3)
    model, epochs = drive(stopper, [1.0, 0.5, 0.6, 0.55, 0.7, 0.1])
    assert epochs == 5  # best at epoch 1, then 3 misses: epochs 2, 3, 4
    assert stopper.best_epoch == 1 and stopper.stopped_epoch == 4
    assert model.layers[0].params["W"][0, 0] == 1.0  # epoch 1's weight is back


def test_improvement_must_exceed_min_delta():
    stopper = EarlyStopping(patience=2, min_delta=0.1)
    _, epochs = drive(stopper, [1.0, 0.95, 0.9, 0.5])
    assert epochs == 3  # 0.95 and 0.9 are not below 1.0 - 0.1
    assert stopper.best == 1.0


def test_accuracy_is_maximised():
    stopper = EarlyStopping(monitor="val_accuracy", patience=2)
    model, epochs = drive(stopper, [0.5, 0.7, 0.6, 0.65, 0.9], "val_accuracy")
    assert epochs == 4 and stopper.best == 0.7
    assert model.layers[0].params["W"][0, 0] == 1.0


def test_restore_best_false_keeps_the_last_weights():
    model, _ = drive(EarlyStopping(patience=2, restore_best=False), [1.0, 2.0, 3.0])
    assert model.layers[0].params["W"][0, 0] == 2.0


def test_unknown_monitor_and_missing_key_raise():
    with pytest.raises(ValueError, match="expected monitor to end in"):
        EarlyStopping(monitor="val_speed")
    with pytest.raises(ValueError, match="pass validation_data"):
        drive(EarlyStopping(), [1.0], monitor="loss")


def overfitting_setup():
    """Spirals to train on; validation labels are noise, so val_loss soon rises."""
    X, y = data.spirals(n_per_class=40, seed=0)
    X_val, _ = data.spirals(n_per_class=40, seed=1)
    y_val = np.random.default_rng(0).permutation(y)
    model = Sequential(
        [Dense(2, 32, seed=1), ReLU(), Dense(32, 32, seed=2), ReLU(), Dense(32, 3, seed=3)]
    )
    model.compile(CrossEntropy(), Adam(0.02))
    return model, X, y, (X_val, y_val)


def test_fit_stops_early_and_restores_the_best_epoch():
    model, X, y, val = overfitting_setup()
    stopper, recorder = EarlyStopping(patience=4), Recorder()
    history = model.fit(
        X,
        y,
        epochs=200,
        batch_size=32,
        validation_data=val,
        callbacks=[recorder, stopper],
        seed=0,
    )
    best = int(np.argmin(history["val_loss"]))
    assert stopper.best_epoch == best
    assert stopper.stopped_epoch == best + 4 == history.epoch[-1]
    for param, saved in zip(recorder.params[best], model.parameters(), strict=True):
        np.testing.assert_array_equal(saved[0], param)
    assert model.evaluate(*val)["loss"] == history["val_loss"][best]


def test_fit_restores_the_best_epoch_even_when_it_runs_to_the_end():
    model, X, y, val = overfitting_setup()
    stopper, recorder = EarlyStopping(patience=100), Recorder()
    history = model.fit(
        X,
        y,
        epochs=15,
        batch_size=32,
        validation_data=val,
        callbacks=[recorder, stopper],
        seed=0,
    )
    assert len(history.epoch) == 15 and stopper.stopped_epoch is None
    best = int(np.argmin(history["val_loss"]))
    assert best < 14  # the last epoch is not the best one, so restoring matters
    for param, saved in zip(recorder.params[best], model.parameters(), strict=True):
        np.testing.assert_array_equal(saved[0], param)
    assert not np.array_equal(recorder.params[-1][0], recorder.params[best][0])
