# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["exercise-only"]
# # Exercise: build your first deep learning model
#
# In this notebook you build a small neural network from scratch, one step at
# a time: you choose its layers, compile it, read its summary, train it, plot
# how training went, and measure it on data it has never seen.
#
# Each step has a cell marked **TODO** for you to complete, followed by a
# **check** cell that tells you whether your answer works, and if not, why.
# Every step also has a folded solution: try the step yourself before you open it.
# The [solution notebook](../first-model-solution/) shows every step completed,
# with the outputs of a real run.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`first_model_checks.py`](../first_model_checks.py) into the same
# folder; [Notebooks](../) says how to install `dlnotes` and run it.

# %% [markdown] tags=["solution-only"]
# # Solution: build your first deep learning model
#
# This is the [exercise](../first-model/) with every task completed. The code
# below ran while this site was built, so every printed number and figure is
# the real output of the code above it, and every check passed.

# %% [markdown]
# ## The task
#
# The data are 300 points in the plane, in three classes. Each class is one arm
# of a spiral, and the arms curl around each other, so no straight line can
# separate them. A model has to learn curved boundaries, which is exactly what
# the hidden layers of a neural network make possible.
#
# The points are split three ways:
#
# - **training** points, from which the network learns its weights;
# - **validation** points, to watch during training how well the network does on
#   points it does not learn from;
# - **test** points, kept aside until the very end for one final, honest score.

# %%
import matplotlib.pyplot as plt
from dlnotes.activations import ReLU
from dlnotes.data import spirals, train_test_split
from dlnotes.layers import Dense
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam

import first_model_checks as check

X, y = spirals(n_per_class=100, classes=3, noise=0.2, seed=0)
X_rest, X_test, y_rest, y_test = train_test_split(
    X, y, test_fraction=0.2, seed=0
)
X_train, X_val, y_train, y_val = train_test_split(
    X_rest, y_rest, test_fraction=0.25, seed=1
)
print("training points:  ", len(X_train))
print("validation points:", len(X_val))
print("test points:      ", len(X_test))
print("first point:", X_train[0], "class", y_train[0])

# %% alt="Scatter plot of the training points: three spiral arms winding out from the centre, one colour per class."
fig, ax = plt.subplots(figsize=(5.2, 3.9))
for label in range(3):
    points = X_train[y_train == label]
    ax.scatter(*points.T, s=14, label=f"class {label}")
ax.set(title="Training points", xlabel="$x_1$", ylabel="$x_2$")
ax.set_aspect("equal")
ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
plt.show()

# %% [markdown]
# ## Step 1: choose the layers
#
# A network for this task has three kinds of layers:
#
# - the **input layer** is the data itself: 2 numbers per point, its coordinates;
# - **hidden layers** transform those numbers step by step. Each is a `Dense`
#   layer (every output is a weighted sum of all inputs, plus a bias) followed by
#   an **activation function** such as `ReLU()`, `Tanh()` or `Sigmoid()`. The
#   activation bends the straight lines of the weighted sums: without it, any
#   stack of `Dense` layers is no more powerful than a single one;
# - the **output layer** is a last `Dense` layer with one output per class.
#   Leave it without an activation: its 3 outputs are raw scores, and the loss in
#   step 2 turns them into probabilities.
#
# `ReLU` is imported above; to try `Tanh` or `Sigmoid`, import them from
# `dlnotes.activations` too.
#
# `Dense(n_in, n_out, seed=...)` has `n_in` inputs and `n_out` outputs; the output
# size of one `Dense` layer is the input size of the next. Try two hidden layers
# of 16 units. Give each `Dense` layer its own seed, so that every run starts
# from the same random weights.
#
# **Task:** replace `None` with `Sequential([...])`, a list of layers.

# %% tags=["todo"]
model = None  # TODO: Sequential([Dense(2, ...), ..., Dense(..., 3)])

# %% tags=["solution"]
model = Sequential(
    [
        Dense(2, 16, seed=0),
        ReLU(),
        Dense(16, 16, seed=1),
        ReLU(),
        Dense(16, 3, seed=2),
    ]
)

# %%
check.layers(model)

# %% [markdown]
# ## Step 2: compile the model
#
# `compile` chooses three things:
#
# - the **loss**, the one number that says how wrong the network is. For picking
#   one class out of several, use `CrossEntropy()`: it turns the scores into
#   probabilities and is small when the right class gets a high probability;
# - the **optimizer**, the rule that changes the weights after each batch, using
#   the gradients that backpropagation computes. `Adam(lr=0.01)` is a good start;
#   `SGD(lr=0.1, momentum=0.9)` (also in `dlnotes.optim`) works too;
# - the **metrics**, numbers reported during training that are easier to read
#   than the loss. Here: `metrics=["accuracy"]`, the fraction of points put in the
#   right class.
#
# **Task:** call `model.compile(loss=..., optimizer=..., metrics=[...])`.

# %% tags=["todo"]
# TODO: model.compile(loss=..., optimizer=..., metrics=[...])

# %% tags=["solution"]
model.compile(
    loss=CrossEntropy(),
    optimizer=Adam(lr=0.01),
    metrics=["accuracy"],
)

# %%
check.compiled(model)

# %% [markdown]
# ## Step 3: read the summary
#
# `model.summary()` lists the layers, the shape of what each one outputs (`N`
# stands for the number of points in a batch), and how many parameters each one
# learns. Training adjusts exactly these numbers.
#
# **Task:** print the summary, then fill in two numbers you read from it: the
# total number of parameters, and the number in the first layer.

# %% tags=["todo"]
# TODO: print(model.summary()), then replace each None with a number:
total_params = None  # the number on the "Total params" line
first_layer_params = None  # the parameters of the first Dense layer

# %% tags=["solution"]
print(model.summary())
total_params = 371
first_layer_params = 48

# %%
check.summary(model, total_params, first_layer_params)

# %% [markdown]
# ## Step 4: train the model
#
# `fit` shows the training points to the network again and again. One pass over
# all of them is an **epoch**; within an epoch the points come in small
# **batches**, and the optimizer updates the weights after every batch. With
# `validation_data=(X_val, y_val)`, `fit` also measures the loss and the accuracy
# on the validation points after every epoch, without learning from them.
#
# `fit` returns a `History`: `history["loss"]`, `history["accuracy"]`,
# `history["val_loss"]` and `history["val_accuracy"]` each hold one number per
# epoch. Try 150 epochs with batches of 32 points; pass `seed=0` so that the
# batches are shuffled the same way on every run.
#
# **Task:** train on the training points, with the validation points as
# validation data.

# %% tags=["todo"]
history = None  # TODO: model.fit(...)

# %% tags=["solution"]
history = model.fit(
    X_train,
    y_train,
    epochs=150,
    batch_size=32,
    validation_data=(X_val, y_val),
    seed=0,
)
print("last epoch: accuracy", round(history["accuracy"][-1], 3))
print("validation accuracy", round(history["val_accuracy"][-1], 3))

# %%
check.training(history, model, X_val, y_val)

# %% [markdown]
# ## Step 5: plot the learning curves
#
# A **learning curve** shows the loss after each epoch. Plot the training loss and
# the validation loss on the same axes. While both fall, the network is learning
# something that also holds for new points. If the validation loss turns upward
# while the training loss keeps falling, the network has started to **overfit**:
# it memorises the training points instead of the shape of the spirals. Fewer
# epochs, a smaller network, dropout, weight decay or early stopping all fight
# overfitting.
#
# **Task:** draw `history["loss"]` and `history["val_loss"]` on `ax`, each with a
# `label=`, then add a legend and label both axes.

# %% tags=["todo"] alt="Empty axes, waiting for the learning curves the learner will draw."
fig, ax = plt.subplots()
# TODO: ax.plot(...) for each curve, with a label=...,
# then ax.legend(), ax.set_xlabel(...) and ax.set_ylabel(...)

# %% tags=["solution"] alt="Learning curves: the training loss and the validation loss of the network above, epoch by epoch."
fig, ax = plt.subplots()
ax.plot(history["loss"], label="training")
ax.plot(history["val_loss"], label="validation")
ax.set(title="Learning curves", xlabel="epoch", ylabel="loss")
ax.legend()
plt.show()

# %%
check.curves(ax, history)

# %% [markdown]
# ## Step 6: evaluate on the test set
#
# You chose the network and the number of epochs while watching the validation
# points, so the validation score flatters the model a little. The test points
# played no part in any of it: `model.evaluate` on them gives the fairest
# estimate of how the network will do on new data. It returns a dict with the
# loss and every metric chosen in `compile`.
#
# **Task:** evaluate the model on the test points.

# %% tags=["todo"]
test_scores = None  # TODO: model.evaluate(...)

# %% tags=["solution"]
test_scores = model.evaluate(X_test, y_test)
test_scores

# %%
check.test_scores(test_scores, model, X_test, y_test)

# %% [markdown]
# ## What next
#
# Start simple and change one thing at a time, then run the notebook again and
# watch the learning curves:
#
# - one hidden layer instead of two, or 4 units instead of 16: is there enough
#   room left to wrap around the spirals?
# - `Tanh()` or `Sigmoid()` in place of `ReLU()` (both live in
#   `dlnotes.activations`, next to `ReLU`);
# - a learning rate ten times larger or smaller, or `SGD(lr=0.1, momentum=0.9)`
#   from `dlnotes.optim` in place of `Adam`;
# - 50 or 500 epochs: when does the validation loss start to rise?
#
# The number of layers and units, the learning rate, the batch size and the
# number of epochs are **hyperparameters**: you choose them, training does not.
# Judge each choice on the validation points, and look at the test points only
# once, at the end.
