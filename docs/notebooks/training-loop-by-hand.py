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

# %% [markdown]
# # A training loop by hand
#
# `model.fit` hides four steps that it repeats for every batch of data:
#
# 1. the **forward pass** computes the network's outputs;
# 2. the **loss** measures, in one number, how wrong they are;
# 3. the **backward pass** (backpropagation) computes how the loss changes with
#    every weight: the gradient;
# 4. the **optimizer step** moves every weight a little against its gradient.
#
# This notebook writes out each step with plain NumPy arithmetic for a small
# network, then trains it with a short loop. At the end the same
# network is trained with `fit`, from the same starting weights and on the same
# batches, and the two runs are compared: every weight and every number of the
# training history is identical, to the last bit.

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
# ## 1. The forward pass
#
# For a batch $X$ of $N$ points (one per row):
#
# $$z_1 = X W_1 + b_1, \qquad h = \tanh(z_1), \qquad z_2 = h W_2 + b_2$$
#
# $z_1$ and $h$ have one row per point and one column per hidden unit; $z_2$ has
# one score per point. Here the batch is all 200 points.

# %%
z1 = X @ W1 + b1  # (200, 8)
h = np.tanh(z1)  # (200, 8)
z2 = h @ W2 + b2  # (200, 1)
print("z1", z1.shape, " h", h.shape, " z2", z2.shape)
print("first three scores:", z2[:3, 0].round(3))

# %% [markdown]
# ## 2. The loss
#
# Binary cross-entropy compares each probability $\sigma(z_i)$ with the label
# $y_i$, and averages over the batch. Written in terms of the score, it never
# takes the logarithm of zero:
#
# $$L = \frac{1}{N} \sum_i \left( \log\left(1 + e^{z_i}\right) - y_i z_i \right)$$
#
# `np.logaddexp(0, z)` computes $\log(e^0 + e^z) = \log(1 + e^z)$ without
# overflowing for large $z$.

# %%
loss = float(np.mean(np.logaddexp(0.0, z2) - Y * z2))
library_loss, _ = BinaryCrossEntropy()(z2, y)
print(f"by hand: {loss:.6f}   dlnotes: {library_loss:.6f}")
assert loss == library_loss

# %% [markdown]
# ## 3. The backward pass
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
# Every gradient has the shape of the array it belongs to.

# %%
N = len(X)
dz2 = (sigmoid(z2) - Y) * (1.0 / N)  # (200, 1)
dW2 = h.T @ dz2  # (8, 1)
db2 = dz2.sum(axis=0)  # (1,)
dh = dz2 @ W2.T  # (200, 8)
dz1 = dh * (1.0 - h * h)  # (200, 8)  tanh'(z1) = 1 - tanh(z1)^2
dW1 = X.T @ dz1  # (2, 8)
db1 = dz1.sum(axis=0)  # (8,)
print("dW1", dW1.shape, " db1", db1.shape)
print("dW2", dW2.shape, " db2", db2.shape)

# %% [markdown]
# Are these formulas right? A gradient can also be estimated without any
# calculus: nudge one weight up and down by a tiny $\epsilon$, run the forward
# pass and the loss again, and divide the change in the loss by $2\epsilon$. This
# is slow (two forward passes per weight) but hard to get wrong. The two must
# agree to many digits.


# %%
def loss_of_current_weights(_):
    h = np.tanh(X @ W1 + b1)
    z2 = h @ W2 + b2
    return float(np.mean(np.logaddexp(0.0, z2) - Y * z2))


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
# ## 4. The optimizer step
#
# Plain gradient descent (SGD) moves every parameter a step against its gradient,
# scaled by the learning rate $\eta$:
#
# $$W \leftarrow W - \eta \, \frac{\partial L}{\partial W}$$
#
# The updates happen *in place*, in the very arrays the forward pass reads.
# One step should lower the loss a little.

# %%
lr = 0.5
W1 -= lr * dW1
b1 -= lr * db1
W2 -= lr * dW2
b2 -= lr * db2
print(f"loss before the step: {loss:.4f}")
print(f"loss after the step:  {loss_of_current_weights(None):.4f}")

# %% [markdown]
# ## The whole loop
#
# Training repeats the four steps. Each **epoch** visits every point once, in a
# new random order, in **mini-batches** of 20 points, with one step per batch.
# The loss of an epoch is the average of its batch losses, weighted by batch size;
# its accuracy counts the points whose score had the right sign, as the batches
# went by. The loop starts again from the same starting weights.

# %%
epochs, batch_size, seed = 100, 20, 0
W1, b1 = glorot(2, 8, seed=1)
W2, b2 = glorot(8, 1, seed=2)

rng = np.random.default_rng(seed)  # shuffles the points every epoch
history = {"loss": [], "accuracy": []}
for _ in range(epochs):
    order = rng.permutation(len(X))
    total_loss, scores = 0.0, []
    for start in range(0, len(X), batch_size):
        batch = order[start : start + batch_size]
        xb, yb, n = X[batch], Y[batch], len(batch)
        # 1. forward pass
        h = np.tanh(xb @ W1 + b1)
        z2 = h @ W2 + b2
        # 2. loss
        loss = float(np.mean(np.logaddexp(0.0, z2) - yb * z2))
        # 3. backward pass
        dz2 = (sigmoid(z2) - yb) * (1.0 / n)
        dW2, db2 = h.T @ dz2, dz2.sum(axis=0)
        dz1 = (dz2 @ W2.T) * (1.0 - h * h)
        dW1, db1 = xb.T @ dz1, dz1.sum(axis=0)
        # 4. optimizer step
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
        total_loss += loss * n
        scores.append(z2)
    history["loss"].append(total_loss / len(X))
    predicted = np.concatenate(scores)[:, 0] > 0
    history["accuracy"].append(float(np.mean(y[order] == predicted)))

print("first epoch: loss", round(history["loss"][0], 4))
print("last epoch:  loss", round(history["loss"][-1], 4))
print("last epoch:  accuracy", history["accuracy"][-1])

# %% [markdown]
# ## The same training with fit
#
# Now the library does the work. `Dense(..., init="xavier", seed=...)` draws its
# starting weights exactly as `glorot` did above, `Tanh()` is the activation,
# `BinaryCrossEntropy()` is the loss on raw scores, and `SGD(lr=0.5)` is the
# optimizer step. `fit(..., seed=0)` shuffles the points with the same generator
# as the loop above, so both runs see the same batches in the same order.

# %%
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

by_hand = [W1, b1, W2, b2]
by_fit = [param for param, _ in model.parameters()]
same_weights = all(
    np.array_equal(a, b) for a, b in zip(by_hand, by_fit, strict=True)
)
same_history = fitted.history == history
print("identical weights:", same_weights)
print("identical loss and accuracy in every epoch:", same_history)
assert same_weights and same_history

# %% [markdown]
# The two runs agree exactly, not just approximately: `fit` performs the same
# floating-point operations in the same order. Everything `fit` adds (checking
# its inputs, metrics by name, validation data, callbacks such as early stopping)
# sits around these four steps without changing them.

# %% alt="Left: the training loss of the loop by hand, with the loss from fit marked every fifth epoch exactly on the same curve. Right: the decision boundary of the trained network separating the two moons."
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

# %% [markdown]
# Left: the loss of each epoch, from the loop by hand (line) and from `fit`
# (dots, every fifth epoch); they coincide. Right: the regions the trained network assigns to each
# class. With 8 tanh units the boundary bends around both moons, which no
# straight line could do.
