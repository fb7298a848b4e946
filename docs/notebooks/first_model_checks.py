"""Checks for the exercise "Build your first deep learning model".

Each function looks at one answer of the notebook ``first-model.py`` and
returns a :class:`Verdict`: either "Works: ..." or "Not yet: ..." with the
reason in plain words. A check never raises, whatever it is given: a learner
should read a sentence, not a traceback.

The exercise classifies the points of three interleaved spirals, so the
network takes 2 numbers per point and gives 3 class scores.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
from collections.abc import Callable

import numpy as np
from dlnotes.activations import LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from dlnotes.layers import Dense, Layer
from dlnotes.losses import MSE, BinaryCrossEntropy, CrossEntropy
from dlnotes.model import History, Sequential
from dlnotes.optim import Optimizer

N_FEATURES = 2  # x and y coordinates of a point
N_CLASSES = 3  # one class per spiral arm
MIN_TRAIN_ACCURACY = 0.9
MIN_VAL_ACCURACY = 0.85
ACTIVATIONS = (ReLU, Tanh, Sigmoid, LeakyReLU)


class Verdict:
    """The outcome of one check: ``passed`` and a sentence saying why.

    In a notebook it shows as a green ("Works") or red ("Not yet") box; as text
    it reads ``Works: ...`` or ``Not yet: ...``.
    """

    def __init__(self, passed: bool, message: str) -> None:
        self.passed = passed
        self.message = message

    def __bool__(self) -> bool:
        return self.passed

    @property
    def title(self) -> str:
        return "Works" if self.passed else "Not yet"

    def __repr__(self) -> str:
        return f"{self.title}: {self.message}"

    def _repr_html_(self) -> str:
        kind = "success" if self.passed else "failure"
        text = html.escape(self.message[:1].upper() + self.message[1:])
        text = re.sub(
            r"`([^`]+)`", r"<code>\1</code>", text
        )  # `code` spans
        return (
            f'<div class="admonition {kind} dlnotes-check">'
            f'<p class="admonition-title">{self.title}</p><p>{text}</p></div>'
        )


def works(message: str) -> Verdict:
    return Verdict(True, message)


def not_yet(message: str) -> Verdict:
    return Verdict(False, message)


def never_raises(
    check: Callable[..., Verdict],
) -> Callable[..., Verdict]:
    """Turn any error inside a check into a "Not yet" verdict that names it."""

    @functools.wraps(check)
    def safe(*args, **kwargs) -> Verdict:
        try:
            return check(*args, **kwargs)
        except Exception as error:
            return not_yet(
                f"the check could not inspect your answer ({type(error).__name__}: {error}). "
                "Compare your code with the instructions above the cell."
            )

    return safe


def _arrow(layers: list[Layer]) -> str:
    """``2 → 16 → ReLU → 16 → ReLU → 3``, a readable picture of the network."""
    parts = [str(N_FEATURES)]
    for layer in layers:
        parts.append(
            str(layer.n_out)
            if isinstance(layer, Dense)
            else type(layer).__name__
        )
    return " → ".join(parts)


def _params(layer: Layer) -> int:
    return int(sum(p.size for p in layer.params.values()))


# --------------------------------------------------------------- step 1
@never_raises
def layers(model) -> Verdict:
    """Step 1: a Sequential that maps 2 features to 3 class scores."""
    if model is None:
        return not_yet(
            "`model` is still `None`. Replace `None` with `Sequential([...])`, "
            "a list of layers such as `Dense(2, 16)` and `ReLU()`."
        )
    if isinstance(model, (list, tuple)):
        return not_yet(
            "`model` is a plain list. Wrap it in `Sequential(...)`, which turns the "
            "list of layers into a model that can `compile` and `fit`."
        )
    if not isinstance(model, Sequential):
        return not_yet(
            f"`model` should be a `Sequential`, but it is a {type(model).__name__}."
        )
    found = model.layers
    for layer in found:
        if isinstance(layer, type):
            return not_yet(
                f"the list holds the class `{layer.__name__}` itself. Layers are objects: "
                f"write `{layer.__name__}()`, with brackets."
            )
        if not isinstance(layer, Layer):
            return not_yet(
                f"{layer!r} is not a layer. Use `Dense`, `ReLU()`, `Tanh()` ..."
            )
    dense = [layer for layer in found if isinstance(layer, Dense)]
    if not dense:
        return not_yet(
            "the model has no `Dense` layer, so it has no weights to learn. "
            f"Start with `Dense({N_FEATURES}, ...)`."
        )
    if not isinstance(found[0], Dense):
        return not_yet(
            f"the first layer is `{found[0]!r}`. Start with a `Dense` layer that reads "
            f"the {N_FEATURES} input features."
        )
    if dense[0].n_in != N_FEATURES:
        return not_yet(
            f"the first layer, `{dense[0]!r}`, expects {dense[0].n_in} inputs, but each "
            f"point has {N_FEATURES} features (its x and y coordinates). "
            f"Use `Dense({N_FEATURES}, ...)`."
        )
    for a, b in itertools.pairwise(dense):
        if a.n_out != b.n_in:
            return not_yet(
                f"`{a!r}` gives {a.n_out} numbers per point, but the next Dense layer, "
                f"`{b!r}`, expects {b.n_in}. The output size of each Dense layer must "
                "equal the input size of the next one."
            )
    last = found[-1]
    if isinstance(last, Softmax):
        return not_yet(
            "remove the final `Softmax()`. `CrossEntropy` takes the raw class scores "
            "(logits) and applies the softmax itself; a second softmax squashes the "
            "scores and slows learning down."
        )
    if not isinstance(last, Dense):
        return not_yet(
            f"the last layer is `{last!r}`. End with a `Dense` layer and no activation "
            "after it: its outputs are the raw class scores, and an activation would "
            "limit them (ReLU, for example, can never give a negative score)."
        )
    if last.n_out != N_CLASSES:
        return not_yet(
            f"the last layer gives {last.n_out} output(s), but there are {N_CLASSES} "
            f"classes. The network needs one score per class: end with "
            f"`Dense(..., {N_CLASSES})`."
        )
    if len(dense) < 2:
        return not_yet(
            "a single `Dense` layer can only separate the classes with straight lines, "
            "and the spiral arms curl around each other. Add a hidden layer, e.g. "
            f"`Dense({N_FEATURES}, 16), ReLU(), Dense(16, {N_CLASSES})`."
        )
    previous = None
    for layer in found:
        if isinstance(layer, Dense):
            if previous is not None:
                return not_yet(
                    f"`{previous!r}` is followed by `{layer!r}` with no activation in "
                    "between. Two Dense layers in a row are one linear map, so the "
                    "extra layer adds nothing and the boundaries stay straight. Put an "
                    "activation such as `ReLU()` or `Tanh()` between them."
                )
            previous = layer
        elif isinstance(layer, ACTIVATIONS):
            previous = None
    hidden = len(dense) - 1
    return works(
        f"{_arrow(found)}. {hidden} hidden layer{'s' if hidden > 1 else ''}, each "
        "followed by an activation, and a last Dense layer that gives "
        f"{N_CLASSES} raw class scores, as `CrossEntropy` expects."
    )


# --------------------------------------------------------------- step 2
@never_raises
def compiled(model) -> Verdict:
    """Step 2: CrossEntropy, an optimizer object, and the accuracy metric."""
    if not layers(model):
        return not_yet(
            "finish step 1 first: its check says what is missing."
        )
    if model.loss is None or model.optimizer is None:
        return not_yet(
            "the model is not compiled yet. Call "
            "`model.compile(loss=..., optimizer=..., metrics=[...])`."
        )
    loss = model.loss
    if isinstance(loss, MSE):
        return not_yet(
            "`MSE` measures how far apart two numbers are, but each point belongs to "
            f"one of {N_CLASSES} classes. Use `CrossEntropy()`, which scores how much "
            "probability the model gives to the right class."
        )
    if isinstance(loss, BinaryCrossEntropy):
        return not_yet(
            "`BinaryCrossEntropy` is for two classes and one output per point. There "
            f"are {N_CLASSES} classes and {N_CLASSES} outputs: use `CrossEntropy()`."
        )
    if not isinstance(loss, CrossEntropy):
        return not_yet(
            f"use `CrossEntropy()` as the loss for {N_CLASSES} classes."
        )
    if not isinstance(model.optimizer, Optimizer):
        return not_yet(
            "the optimizer should be an object such as `Adam(lr=0.01)` or "
            "`SGD(lr=0.1, momentum=0.9)`."
        )
    if "accuracy" not in model.metrics:
        return not_yet(
            "add `metrics=['accuracy']`. The loss alone is hard to read; accuracy says "
            "which fraction of the points land in the right class."
        )
    return works(
        f"`CrossEntropy()` for {N_CLASSES} classes, `{model.optimizer!r}`, and accuracy "
        "reported while training."
    )


# --------------------------------------------------------------- step 3
def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, np.integer)):
        return int(value)
    return None


@never_raises
def summary(model, total_params, first_layer_params) -> Verdict:
    """Step 3: two numbers read off ``model.summary()``."""
    if not layers(model):
        return not_yet(
            "finish step 1 first: its check says what is missing."
        )
    total = sum(_params(layer) for layer in model.layers)
    dense = model.layers[0]
    n_in, n_out = dense.n_in, dense.n_out
    if total_params is None:
        return not_yet(
            "fill in `total_params` with the number on the last line of the summary, "
            "`Total params`."
        )
    if _whole_number(total_params) is None:
        return not_yet(
            f"`total_params` should be a whole number such as `1234` (no quotes, no "
            f"comma), not {total_params!r}."
        )
    if total_params != total:
        weights = sum(
            layer.params["W"].size
            for layer in model.layers
            if isinstance(layer, Dense)
        )
        if total_params == weights:
            return not_yet(
                f"{total_params} counts the weights but not the biases. Every Dense "
                "layer also has one bias per output; the last line of the summary "
                "counts both."
            )
        return not_yet(
            f"{total_params} is not the total. Read the last line of the summary, "
            "`Total params`."
        )
    if first_layer_params is None:
        return not_yet(
            "`total_params` is right. Now fill in `first_layer_params`, the number in "
            "the first row of the table."
        )
    if _whole_number(first_layer_params) is None:
        return not_yet(
            f"`first_layer_params` should be a whole number, not {first_layer_params!r}."
        )
    if first_layer_params != _params(dense):
        if first_layer_params == n_in * n_out:
            return not_yet(
                f"{first_layer_params} counts the weights ({n_in} × {n_out}) but not the "
                f"biases: each of the {n_out} units also has one bias."
            )
        return not_yet(
            f"{first_layer_params} is not right for `{dense!r}`. A Dense layer with "
            "n_in inputs and n_out units has n_in × n_out weights plus n_out biases."
        )
    return works(
        f"{total:,} parameters in all. The first layer has {n_in} × {n_out} weights "
        f"+ {n_out} biases = {_params(dense):,}: one weight per input for each unit, "
        "plus the unit's bias."
    )


# --------------------------------------------------------------- step 4
@never_raises
def training(history, model, X_val, y_val) -> Verdict:
    """Step 4: ``fit`` ran with the validation data and reached good accuracy."""
    if history is None:
        return not_yet(
            "`history` is still `None`. Train with `history = model.fit(X_train, "
            "y_train, epochs=..., batch_size=..., validation_data=(X_val, y_val))`."
        )
    if not isinstance(history, History):
        return not_yet(
            f"`history` should be what `model.fit(...)` returns, not a "
            f"{type(history).__name__}."
        )
    if not compiled(model):
        return not_yet(
            "finish steps 1 and 2 first: their checks say what is missing."
        )
    logs = history.history
    if "val_loss" not in logs:
        return not_yet(
            "`fit` ran without validation data. Pass `validation_data=(X_val, y_val)`, "
            "so that every epoch also reports the loss on points the model never "
            "trains on."
        )
    if not np.all(np.isfinite(logs["loss"])):
        return not_yet(
            "the loss became `nan` or `inf`: the steps were so large that the weights "
            "blew up. Use a smaller learning rate."
        )
    val_loss = model.evaluate(X_val, y_val)["loss"]
    if not np.any(
        np.isclose(logs["val_loss"], val_loss, rtol=1e-9, atol=0.0)
    ):
        return not_yet(
            "the validation scores in `history` do not come from `(X_val, y_val)`. "
            "Pass `validation_data=(X_val, y_val)` to `fit`."
        )
    epochs = len(history.epoch)
    accuracy, val_accuracy = (
        logs["accuracy"][-1],
        logs["val_accuracy"][-1],
    )
    if accuracy < MIN_TRAIN_ACCURACY:
        hint = (
            "The loss went up, so the learning rate is too large."
            if logs["loss"][-1] > logs["loss"][0]
            else "Train for more epochs, give the hidden layers more units, or raise "
            "the learning rate."
        )
        return not_yet(
            f"after {epochs} epoch{'s' if epochs > 1 else ''} the model classifies only "
            f"{accuracy:.0%} of the training points correctly (aim for at least "
            f"{MIN_TRAIN_ACCURACY:.0%}): it has not learned the spirals yet. {hint}"
        )
    if val_accuracy < MIN_VAL_ACCURACY:
        return not_yet(
            f"the model gets {accuracy:.0%} of the training points right but only "
            f"{val_accuracy:.0%} of the validation points. It has learned the training "
            "points by heart rather than the spiral shape (overfitting): train for "
            "fewer epochs or use a smaller network."
        )
    return works(
        f"after {epochs} epochs the model classifies {accuracy:.0%} of the training "
        f"points and {val_accuracy:.0%} of the validation points correctly."
    )


# --------------------------------------------------------------- step 5
def _shows(line, values: list[float]) -> bool:
    y = np.asarray(line.get_ydata(), dtype=float)
    return y.shape == (len(values),) and np.allclose(y, values)


@never_raises
def curves(ax, history) -> Verdict:
    """Step 5: training and validation loss on one labelled plot."""
    from matplotlib.axes import Axes

    if (
        not isinstance(history, History)
        or "val_loss" not in history.history
    ):
        return not_yet(
            "finish step 4 first: it gives the `history` to plot."
        )
    if not isinstance(ax, Axes):
        return not_yet(
            "draw on `ax`, the axes made by `fig, ax = plt.subplots()`."
        )
    lines = ax.get_lines()
    if not lines:
        return not_yet(
            "the plot is empty. Draw both curves: "
            "`ax.plot(history['loss'], label='training')` and "
            "`ax.plot(history['val_loss'], label='validation')`."
        )
    train = [line for line in lines if _shows(line, history["loss"])]
    val = [line for line in lines if _shows(line, history["val_loss"])]
    if not train:
        return not_yet(
            "none of the lines shows `history['loss']`, the training loss."
        )
    if not val:
        return not_yet(
            "the validation loss, `history['val_loss']`, is missing. The point of the "
            "plot is to compare the two curves."
        )
    legend = ax.get_legend()
    if legend is None or len(legend.get_texts()) < 2:
        return not_yet(
            "add a legend, so a reader can tell the curves apart: give each `ax.plot` "
            "a `label=...`, then call `ax.legend()`."
        )
    if not ax.get_xlabel() or not ax.get_ylabel():
        return not_yet(
            "label both axes, e.g. `ax.set_xlabel('epoch')` and `ax.set_ylabel('loss')`."
        )
    val_loss = np.asarray(history["val_loss"])
    best = int(np.argmin(val_loss))
    reading = (
        f"The validation loss is lowest after epoch {best + 1} and ends "
        f"{val_loss[-1] / val_loss[best]:.1f} times higher: the model has started to "
        "overfit."
        if val_loss[-1] > 1.2 * val_loss[best]
        else "The validation loss is still close to its lowest value at the end: no "
        "sign of overfitting yet."
    )
    return works(
        f"training and validation loss over {len(val_loss)} epochs. {reading}"
    )


# --------------------------------------------------------------- step 6
@never_raises
def test_scores(scores, model, X_test, y_test) -> Verdict:
    """Step 6: ``evaluate`` on the test set."""
    if scores is None:
        return not_yet(
            "`test_scores` is still `None`. Use `model.evaluate(X_test, y_test)`."
        )
    if not isinstance(scores, dict) or "loss" not in scores:
        return not_yet(
            f"`test_scores` should be the dict that `model.evaluate(...)` returns, "
            f"not {scores!r}."
        )
    if not compiled(model):
        return not_yet(
            "finish steps 1 and 2 first: their checks say what is missing."
        )
    expected = model.evaluate(X_test, y_test)
    if not all(
        np.isclose(scores.get(k, np.nan), v)
        for k, v in expected.items()
    ):
        return not_yet(
            "these scores do not come from the test set. Evaluate on "
            "`X_test, y_test`, the points kept aside from training and validation."
        )
    return works(
        f"{expected['accuracy']:.0%} of the {len(y_test)} test points are classified "
        f"correctly (loss {expected['loss']:.3f}). The model never saw these points, so "
        "this is the fairest estimate of how it does on new data."
    )
