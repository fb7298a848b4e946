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
# # Exercise: a training loop by hand
#
# `model.fit` hides four steps that it repeats for every batch of data:
#
# 1. the **forward pass** computes the network's outputs;
# 2. the **loss** measures, in one number, how wrong they are;
# 3. the **backward pass** (backpropagation) computes how the loss changes with
#    every weight: the gradient;
# 4. the **optimizer step** moves every weight a little against its gradient.
#
# In this notebook you write each step yourself, with plain NumPy arithmetic, for
# a small network, and then the loop that repeats them. Each task has a cell
# marked **TODO**, a **check** cell that says whether your code works (and if
# not, why), and a folded solution: try each task before you open it. The
# [solution notebook](../training-loop-by-hand-solution/) shows every task
# completed. At the end, your loop trains the network exactly as `fit` does,
# to the last bit.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`training_loop_checks.py`](../training_loop_checks.py) into the same
# folder; [Notebooks](../) says how to install `dlnotes` and run it.

# %% [markdown] tags=["solution-only"]
# # Solution: a training loop by hand
#
# This is the [exercise](../training-loop-by-hand/) with every task completed:
# the forward pass, the loss, the backward pass, the optimizer step and the
# training loop, written with plain NumPy arithmetic. The code ran while this
# site was built, so every printed number and figure is its real output, and
# every check passed. At the end the same network is trained with `fit`, from
# the same starting weights and on the same batches: every weight and every
# number of the training history is identical, to the last bit.

# %%
import matplotlib.pyplot as plt
import numpy as np
from dlnotes.activations import Tanh, sigmoid
from dlnotes.data import moons
from dlnotes.gradcheck import numerical_gradient, relative_error
from dlnotes.layers import Dense
from dlnotes.losses import BinaryCrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import SGD
from dlnotes.plot.boundary import plot_decision_boundary

import training_loop_checks as check

# %% [markdown]
# ## The problem
#
# Two interleaving half moons, 200 points in all, each labelled 0 or 1. `X` holds
# one point per row; `Y` holds the same labels as a column of floats, the shape
# the arithmetic below needs.

# %% alt="Scatter plot of 200 points forming two interleaving half-moons, one colour per class."
X, y = moons(n=200, noise=0.2, seed=0)
Y = y.reshape(-1, 1).astype(float)  # (200, 1)
print("X:", X.shape, " y:", y.shape, " Y:", Y.shape)

fig, ax = plt.subplots(figsize=(5.0, 3.4))
for label in (0, 1):
    ax.scatter(*X[y == label].T, s=14, label=f"class {label}")
ax.set(title="Two moons", xlabel="$x_1$", ylabel="$x_2$")
ax.legend()
plt.show()

# %% [markdown]
# ## The network and its starting weights
#
# The network has one hidden layer of 8 units with the tanh activation, and one
# output: a raw score $z$ (a *logit*). A positive score means class 1; the
# sigmoid $\sigma(z) = 1 / (1 + e^{-z})$ turns it into the probability of class 1.
#
# Its four parameter arrays start as small random numbers: each weight is drawn
# from a normal distribution with standard deviation
# $\sqrt{2 / (n_{in} + n_{out})}$ (Glorot's rule, suited to tanh), and each bias
# starts at zero. The generators are seeded, so the start is the same on every run.


# %%
def glorot(n_in, n_out, seed):
    """Starting weights W: (n_in, n_out) and biases b: (n_out,)."""
    std = np.sqrt(2.0 / (n_in + n_out))
    W = np.random.default_rng(seed).standard_normal((n_in, n_out)) * std
    return W, np.zeros(n_out)


W1, b1 = glorot(2, 8, seed=1)  # input -> hidden
W2, b2 = glorot(8, 1, seed=2)  # hidden -> output
print("W1", W1.shape, " b1", b1.shape)
print("W2", W2.shape, " b2", b2.shape)

# %% [markdown]
# ## Task 1: the forward pass
#
# For a batch $X$ of $N$ points (one per row):
#
# $$z_1 = X W_1 + b_1, \qquad h = \tanh(z_1), \qquad z_2 = h W_2 + b_2$$
#
# $z_1$ and $h$ have one row per point and one column per hidden unit (shape
# $(N, 8)$); $z_2$ has one score per point (shape $(N, 1)$). `@` is the matrix
# product; adding `b1` adds it to every row.
#
# **Task:** complete `forward` so that it returns `h` and `z2`.


# %% tags=["todo"]
def forward(X, W1, b1, W2, b2):
    """Hidden activations h: (N, 8) and output scores z2: (N, 1)."""
    raise NotImplementedError(
        "TODO: compute h = tanh(X W1 + b1), then z2 = h W2 + b2"
    )


# %% tags=["solution"]
def forward(X, W1, b1, W2, b2):  # replaces the TODO above
    """Hidden activations h: (N, 8) and output scores z2: (N, 1)."""
    h = np.tanh(X @ W1 + b1)
    z2 = h @ W2 + b2
    return h, z2


# %%
check.forward(forward)

# %% tags=["solution-only"]
h, z2 = forward(X, W1, b1, W2, b2)
print("h", h.shape, " z2", z2.shape)
print("first three scores:", z2[:3, 0].round(3))

# %% [markdown]
# ## Task 2: the loss
#
# Binary cross-entropy compares each probability $\sigma(z_i)$ with the label
# $y_i$, and averages over the batch. Written in terms of the score, it never
# takes the logarithm of zero:
#
# $$L = \frac{1}{N} \sum_i \left( \log\left(1 + e^{z_i}\right) - y_i z_i \right)$$
#
# `np.logaddexp(0, z)` computes $\log(e^0 + e^z) = \log(1 + e^z)$ without
# overflowing for large $z$ (`np.log(1 + np.exp(z))` gives infinity for $z = 800$).
#
# **Task:** complete `bce_loss`; it returns one number.


# %% tags=["todo"]
def bce_loss(z, Y):
    """Mean binary cross-entropy of scores z: (N, 1) against labels Y: (N, 1)."""
    raise NotImplementedError(
        "TODO: the mean of log(1 + e^z) - y z, with np.logaddexp"
    )


# %% tags=["solution"]
def bce_loss(z, Y):  # replaces the TODO above
    """Mean binary cross-entropy of scores z: (N, 1) against labels Y: (N, 1)."""
    return float(np.mean(np.logaddexp(0.0, z) - Y * z))


# %%
check.loss(bce_loss)

# %% tags=["solution-only"]
loss = bce_loss(z2, Y)
library_loss, _ = BinaryCrossEntropy()(z2, y)
print(f"by hand: {loss:.6f}   dlnotes: {library_loss:.6f}")

# %% [markdown]
# ## Task 3: the backward pass
#
# The chain rule carries the gradient from the loss back through each operation
# of the forward pass, from the last to the first. Each formula below takes the
# gradient with respect to an operation's output and turns it into the gradient
# with respect to its inputs and parameters ($\odot$ multiplies element by
# element):
#
# $$\frac{\partial L}{\partial z_2} = \frac{\sigma(z_2) - y}{N}, \qquad
# \frac{\partial L}{\partial W_2} = h^T \frac{\partial L}{\partial z_2}, \qquad
# \frac{\partial L}{\partial b_2} = \sum_i \frac{\partial L}{\partial z_{2,i}}$$
#
# $$\frac{\partial L}{\partial h} = \frac{\partial L}{\partial z_2} W_2^T, \qquad
# \frac{\partial L}{\partial z_1} = \frac{\partial L}{\partial h} \odot \left(1 - h^2\right)$$
#
# $$\frac{\partial L}{\partial W_1} = X^T \frac{\partial L}{\partial z_1}, \qquad
# \frac{\partial L}{\partial b_1} = \sum_i \frac{\partial L}{\partial z_{1,i}}$$
#
# Every gradient has the shape of the array it belongs to. $1 - h^2$ is the
# slope of tanh, $\tanh'(z) = 1 - \tanh(z)^2$; `sigmoid` is imported above;
# the sum over the batch is `.sum(axis=0)`.
#
# **Task:** complete `backward`; it returns the four gradients.


# %% tags=["todo"]
def backward(X, Y, h, z2, W2):
    """Gradients (dW1, db1, dW2, db2) of the mean loss, each shaped like its parameter."""
    raise NotImplementedError(
        "TODO: start from dz2 = (sigmoid(z2) - Y) / N and go back"
    )


# %% tags=["solution"]
def backward(X, Y, h, z2, W2):  # replaces the TODO above
    """Gradients (dW1, db1, dW2, db2) of the mean loss, each shaped like its parameter."""
    N = len(X)
    dz2 = (sigmoid(z2) - Y) * (1.0 / N)  # (N, 1)
    dW2 = h.T @ dz2  # (8, 1)
    db2 = dz2.sum(axis=0)  # (1,)
    dh = dz2 @ W2.T  # (N, 8)
    dz1 = dh * (1.0 - h * h)  # (N, 8)
    dW1 = X.T @ dz1  # (2, 8)
    db1 = dz1.sum(axis=0)  # (8,)
    return dW1, db1, dW2, db2


# %%
check.backward(backward)

# %% [markdown] tags=["solution-only"]
# Are these formulas right? A gradient can also be estimated without any
# calculus: nudge one weight up and down by a tiny $\epsilon$, run the forward
# pass and the loss again, and divide the change in the loss by $2\epsilon$. This
# is slow (two forward passes per weight) but hard to get wrong. The two must
# agree to many digits.

# %% tags=["solution-only"]
dW1, db1, dW2, db2 = backward(X, Y, h, z2, W2)


def loss_of_current_weights(_):
    return bce_loss(forward(X, W1, b1, W2, b2)[1], Y)


for name, param, grad in [
    ("W1", W1, dW1),
    ("b1", b1, db1),
    ("W2", W2, dW2),
    ("b2", b2, db2),
]:
    estimate = numerical_gradient(loss_of_current_weights, param)
    error = relative_error(grad, estimate)
    print(f"{name}: largest relative difference {error:.1e}")

# %% [markdown]
# ## Task 4: the optimizer step
#
# Plain gradient descent (SGD) moves every parameter a step against its gradient,
# scaled by the learning rate $\eta$:
#
# $$W \leftarrow W - \eta \, \frac{\partial L}{\partial W}$$
#
# The updates must happen *in place*, in the very arrays the forward pass reads:
# `W -= lr * dW` changes the array `W`, whereas `W = W - lr * dW` makes a new
# array and only moves the name.
#
# **Task:** complete `sgd_step`, which updates every array of `params` with the
# matching array of `grads`.


# %% tags=["todo"]
def sgd_step(params, grads, lr):
    """Move each array of params by -lr times its gradient, in place."""
    raise NotImplementedError(
        "TODO: for each param and grad, param -= lr * grad"
    )


# %% tags=["solution"]
def sgd_step(params, grads, lr):  # replaces the TODO above
    """Move each array of params by -lr times its gradient, in place."""
    for param, grad in zip(params, grads, strict=True):
        param -= lr * grad


# %%
check.step(sgd_step)

# %% tags=["solution-only"]
before = bce_loss(z2, Y)
sgd_step([W1, b1, W2, b2], [dW1, db1, dW2, db2], lr=0.5)
print(f"loss before the step: {before:.4f}")
print(f"loss after the step:  {loss_of_current_weights(None):.4f}")

# %% [markdown]
# ## Task 5: the whole loop
#
# Training repeats the four steps. Each **epoch** visits every point once, in a
# new random order, in **mini-batches** of `batch_size` points, with one step per
# batch. To see exactly the batches `fit` sees:
#
# - make one generator before the loop, `rng = np.random.default_rng(seed)`, and
#   draw a new order at the start of every epoch, `order = rng.permutation(len(X))`;
# - take the batches in that order: `batch = order[start : start + batch_size]`;
# - start from `glorot(2, 8, seed=1)` and `glorot(8, 1, seed=2)`.
#
# Record two numbers per epoch in `history`: under `"loss"`, the average of the
# batch losses weighted by batch size (`loss * len(batch)`, summed, divided by
# `len(X)`); under `"accuracy"`, the fraction of points whose score had the right
# sign (`z2 > 0` means class 1), counted as the batches go by.
#
# **Task:** complete `train`. It returns the four trained arrays and the history.


# %% tags=["todo"]
def train(X, Y, epochs, batch_size, lr, seed):
    """Train the network; return ([W1, b1, W2, b2], {"loss": [...], "accuracy": [...]})."""
    # Start from glorot(2, 8, seed=1) and glorot(8, 1, seed=2), make the generator
    # once, then: for each epoch, a new order; for each batch, the four steps.
    raise NotImplementedError("TODO: write the training loop")


# %% tags=["solution"]
def train(X, Y, epochs, batch_size, lr, seed):
    """Train the network; return ([W1, b1, W2, b2], {"loss": [...], "accuracy": [...]})."""
    W1, b1 = glorot(2, 8, seed=1)
    W2, b2 = glorot(8, 1, seed=2)
    history = {"loss": [], "accuracy": []}
    rng = np.random.default_rng(seed)  # shuffles the points every epoch
    for _ in range(epochs):
        order = rng.permutation(len(X))
        total_loss, correct = 0.0, 0
        for start in range(0, len(X), batch_size):
            batch = order[start : start + batch_size]
            xb, yb = X[batch], Y[batch]
            h, z2 = forward(xb, W1, b1, W2, b2)  # 1. forward pass
            loss = bce_loss(z2, yb)  # 2. loss
            grads = backward(xb, yb, h, z2, W2)  # 3. backward pass
            sgd_step([W1, b1, W2, b2], grads, lr)  # 4. optimizer step
            total_loss += loss * len(batch)
            correct += int(np.sum((z2[:, 0] > 0) == (yb[:, 0] == 1)))
        history["loss"].append(total_loss / len(X))
        history["accuracy"].append(correct / len(X))
    return [W1, b1, W2, b2], history


# %%
check.loop(train, X, y)

# %% [markdown] tags=["solution-only"]
# ## The same training with fit
#
# Now the library does the work. `Dense(..., init="xavier", seed=...)` draws its
# starting weights exactly as `glorot` did above, `Tanh()` is the activation,
# `BinaryCrossEntropy()` is the loss on raw scores, and `SGD(lr=0.5)` is the
# optimizer step. `fit(..., seed=0)` shuffles the points with the same generator
# as the loop, so both runs see the same batches in the same order.

# %% tags=["solution-only"]
epochs, batch_size, lr, seed = 100, 20, 0.5, 0
by_hand, history = train(X, Y, epochs, batch_size, lr, seed)
print("first epoch: loss", round(history["loss"][0], 4))
print("last epoch:  loss", round(history["loss"][-1], 4))
print("last epoch:  accuracy", history["accuracy"][-1])

model = Sequential(
    [
        Dense(2, 8, init="xavier", seed=1),
        Tanh(),
        Dense(8, 1, init="xavier", seed=2),
    ]
)
model.compile(
    loss=BinaryCrossEntropy(),
    optimizer=SGD(lr=lr),
    metrics=["accuracy"],
)
fitted = model.fit(
    X, y, epochs=epochs, batch_size=batch_size, seed=seed
)

by_fit = [param for param, _ in model.parameters()]
same_weights = all(
    np.array_equal(a, b) for a, b in zip(by_hand, by_fit, strict=True)
)
same_history = fitted.history == history
print("identical weights:", same_weights)
print("identical loss and accuracy in every epoch:", same_history)

# %% [markdown] tags=["solution-only"]
# The two runs agree exactly, not just approximately: `fit` performs the same
# floating-point operations in the same order. Everything `fit` adds (checking
# its inputs, metrics by name, validation data, callbacks such as early stopping)
# sits around these four steps without changing them.

# %% tags=["solution-only"] alt="Left: the training loss of the loop by hand, with the loss from fit marked every fifth epoch exactly on the same curve. Right: the decision boundary of the trained network separating the two moons."
fig, (left, right) = plt.subplots(1, 2, figsize=(7.0, 3.2))
epoch_numbers = np.arange(1, epochs + 1)
fit_loss = fitted.history["loss"]
left.plot(epoch_numbers, history["loss"], label="loop by hand")
left.plot(epoch_numbers[::5], fit_loss[::5], "o", ms=4, label="fit")
left.set(title="Training loss", xlabel="epoch", ylabel="loss")
left.legend()
plot_decision_boundary(right, model, X, y)
accuracy = model.evaluate(X, y)["accuracy"]
right.set(title=f"After training: accuracy {accuracy:.0%}")
plt.show()

# %% [markdown] tags=["solution-only"]
# Left: the loss of each epoch, from the loop by hand (line) and from `fit`
# (dots, every fifth epoch); they coincide. Right: the regions the trained network
# assigns to each class. With 8 tanh units the boundary bends around both moons,
# which no straight line could do.
