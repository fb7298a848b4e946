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
# # Exercise: optimizers
#
# Backpropagation gives the gradient; the optimizer decides how to move. In
# this notebook you write the update rules of SGD with momentum and of Adam
# exactly as `dlnotes.optim` (and PyTorch) define them, write the loop that
# hands an optimizer its parameters, choose a momentum by measuring it on a
# narrow valley, and lower the learning rate during training when the
# gradients are noisy.
#
# Each task has a cell marked **TODO**, a **check** cell that says whether your
# code works (and if not, why), and a folded solution: try each task before you
# open it. The [solution notebook](../optimizers-solution/) shows every task
# completed.
#
# To work on your own copy, download the notebook (the button at the top of the
# page) and [`optimizers_checks.py`](../optimizers_checks.py) into the same
# folder; [Notebooks](../) says how to install `dlnotes` and run it.

# %% [markdown] tags=["solution-only"]
# # Solution: optimizers
#
# This is the [exercise](../optimizers/) with every task completed. The code
# ran while this site was built, so every printed number and figure is its
# real output, and every check passed.

# %%
import matplotlib.pyplot as plt
import numpy as np
from dlnotes.optim import SGD, Adam

import optimizers_checks as check

# %% [markdown]
# ## The narrow valley
#
# The loss $f(a, b) = \frac{1}{2}(a^2 + 50 b^2)$ of two parameters is fifty
# times more curved across the valley ($b$) than along it ($a$). Its gradient
# is $(a, 50 b)$ and its minimum is at $(0, 0)$. Every run below starts at
# $(-4.5, 1)$.


# %%
def valley_loss(p):
    """f(a, b) = (a² + 50 b²) / 2 at p = (a, b), or at many points."""
    p = np.asarray(p)
    return 0.5 * (p[..., 0] ** 2 + 50 * p[..., 1] ** 2)


def valley_gradient(p):
    """The gradient (a, 50 b) of the valley at p = (a, b)."""
    return np.array([p[0], 50 * p[1]])


START = (-4.5, 1.0)

# %% alt="Contour lines of the narrow valley: long, flat ellipses centred on a star at (0, 0), stretched along the horizontal axis a and squeezed along the vertical axis b. The starting point (-4.5, 1) is marked at the upper left."
grid_a, grid_b = np.meshgrid(
    np.linspace(-5, 5, 201), np.linspace(-1.2, 1.2, 201)
)
fig, ax = plt.subplots(figsize=(6.0, 2.8))
ax.contour(
    grid_a,
    grid_b,
    valley_loss(np.stack([grid_a, grid_b], axis=-1)),
    levels=np.geomspace(0.05, 60, 12),
    colors="0.6",
    linewidths=0.8,
)
ax.plot(0, 0, "*", color="C3", markersize=12, label="minimum")
ax.plot(*START, "o", color="C0", label="start")
ax.set(xlabel="a", ylabel="b")
ax.legend(loc="lower right")
plt.show()

# %% [markdown]
# ## Task 1: SGD with momentum
#
# Momentum keeps a buffer $b$ per parameter. With learning rate $\eta$ and
# momentum coefficient $\mu$, the step for gradient $g_t$ is
#
# $$b_t = \mu\, b_{t-1} + g_t,$$
#
# $$\theta_t = \theta_{t-1} - \eta\, b_t,$$
#
# and on the very first step the buffer is just the gradient, $b_1 = g_1$.
# This is `torch.optim.SGD` with `momentum=mu`, and `dlnotes.optim.SGD`.
#
# **Task:** complete `momentum_step`. It gets the parameters, their gradient
# and the buffer (`None` before the first step) and returns the new
# parameters and the new buffer, as new arrays.


# %% tags=["todo"]
def momentum_step(theta, grad, buffer, lr, mu):
    """One step of SGD with momentum: (new theta, new buffer)."""
    raise NotImplementedError(
        "TODO: buffer = grad if buffer is None else mu * buffer + grad"
    )


# %% tags=["solution"]
def momentum_step(
    theta, grad, buffer, lr, mu
):  # replaces the TODO above
    """One step of SGD with momentum: (new theta, new buffer)."""
    buffer = grad.copy() if buffer is None else mu * buffer + grad
    return theta - lr * buffer, buffer


# %%
check.momentum_step(momentum_step)

# %% [markdown]
# ## Task 2: Adam
#
# Adam keeps two running averages per parameter, both starting at zero,
# $m_0 = v_0 = 0$: one of the gradient and one of its square. At step
# $t = 1, 2, \dots$, with gradient $g$, Adam updates both,
#
# $$m \leftarrow \beta_1 m + (1 - \beta_1)\, g,$$
#
# $$v \leftarrow \beta_2 v + (1 - \beta_2)\, g^2,$$
#
# corrects them,
#
# $$\hat m = \frac{m}{1 - \beta_1^t},$$
#
# $$\hat v = \frac{v}{1 - \beta_2^t},$$
#
# and steps:
#
# $$\theta \leftarrow \theta - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}.$$
#
# The division by $1 - \beta^t$ is the *bias correction*: it undoes the
# pull towards the zeros that the averages started from. Every operation is
# element by element.
#
# **Task:** complete `adam_step`, returning the new `(theta, m, v)`.


# %% tags=["todo"]
def adam_step(
    theta, grad, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8
):
    """Adam's step number t (from 1): (new theta, new m, new v)."""
    raise NotImplementedError(
        "TODO: m = beta1 * m + (1 - beta1) * grad; v = ...; m_hat = ..."
    )


# %% tags=["solution"]
def adam_step(
    theta, grad, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8
):  # replaces the TODO above
    """Adam's step number t (from 1): (new theta, new m, new v)."""
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


# %%
check.adam_step(adam_step)

# %% [markdown] tags=["solution-only"]
# One step from $(0, 0)$ for two weights whose gradients differ by a factor
# of a million, with your `adam_step` and with `dlnotes`' `Adam`, both at
# learning rate 0.1. Both weights move by almost exactly 0.1: on the first
# step, the bias-corrected averages are $g_1$ and $g_1^2$, so the gradient
# supplies only the direction.

# %% tags=["solution-only"]
g = np.array([1000.0, 0.001])
ours, _, _ = adam_step(np.zeros(2), g, np.zeros(2), np.zeros(2), 1, 0.1)
theirs = np.zeros(2)
Adam(lr=0.1).step([(theirs, g)])
print(f"your adam_step:  {ours}")
print(f"dlnotes' Adam:   {theirs}")
print(f"largest difference: {np.abs(ours - theirs).max():.1e}")

# %% [markdown]
# ## Task 3: the loop that feeds an optimizer
#
# An optimizer from `dlnotes.optim` never sees a model. Its `step` takes a
# list of `(parameter, gradient)` pairs and changes each parameter array
# **in place**, keeping its buffers (momentum, Adam's averages) keyed by that
# array. Its learning rate is the attribute `optimizer.lr`, which you may
# change between steps.
#
# **Task:** complete `descend`. Make one parameter array
# `p = np.array(start, dtype=float)` and, `steps` times, hand the optimizer
# `[(p, gradient(p))]`. If `lr_at` is given, set `optimizer.lr = lr_at(t)`
# before step `t = 0, 1, 2, ...`. Return every point visited, the start
# first, as an array of shape `(steps + 1, 2)`.


# %% tags=["todo"]
def descend(optimizer, gradient, start, steps, lr_at=None):
    """Every point `optimizer` visits in `steps` steps from `start`."""
    raise NotImplementedError(
        "TODO: p = np.array(start, dtype=float); path = [p.copy()]; ..."
    )


# %% tags=["solution"]
def descend(
    optimizer, gradient, start, steps, lr_at=None
):  # replaces the TODO above
    """Every point `optimizer` visits in `steps` steps from `start`."""
    p = np.array(start, dtype=float)
    path = [p.copy()]
    for t in range(steps):
        if lr_at is not None:
            optimizer.lr = lr_at(t)
        optimizer.step([(p, gradient(p))])
        path.append(p.copy())  # p changes in place: keep a copy
    return np.array(path)


# %%
check.descend(descend)

# %% [markdown]
# ## Task 4: choose the momentum
#
# Plain SGD on the valley can use a learning rate of at most
# $2 / 50 = 0.04$: above it, the steep direction blows up. At
# $\eta = 0.035$ it creeps along the flat direction. Momentum, at the same
# rate, should do better, but which $\mu$? Too little and it creeps like
# SGD; too much and it swings from side to side for a long time.
#
# **Task:** complete `best_momentum`. For each $\mu$ in `mus`, run 50 steps
# of `SGD(lr=0.035, momentum=mu)` from `START` with your `descend`, and
# return the $\mu$ whose last point has the lowest `valley_loss`.


# %% tags=["todo"]
def best_momentum(mus, lr=0.035, steps=50):
    """The mu in mus whose run ends with the lowest valley loss."""
    raise NotImplementedError(
        "TODO: run descend(SGD(lr=lr, momentum=mu), ...) for each mu"
    )


# %% tags=["solution"]
def best_momentum(mus, lr=0.035, steps=50):  # replaces the TODO above
    """The mu in mus whose run ends with the lowest valley loss."""
    final = [
        valley_loss(
            descend(
                SGD(lr=lr, momentum=mu), valley_gradient, START, steps
            )[-1]
        )
        for mu in mus
    ]
    return mus[int(np.argmin(final))]


# %%
check.best_momentum(best_momentum)

# %% [markdown] tags=["solution-only"]
# The race: plain SGD and momentum with the $\mu$ you chose, both at
# $\eta = 0.035$, against Adam at $\eta = 0.3$, 50 steps each.

# %% tags=["solution-only"] alt="Left: the valley's contours with three paths from (-4.5, 1). SGD zig-zags down to the valley floor in a few steps, then crawls along it and stops well short of the minimum. Momentum swings across the valley a few times while moving along it fast, and ends at the minimum. Adam moves diagonally, overshoots across the valley and loops around the minimum. Right: the loss against the step on a log scale: SGD's falls slowly along a straight line and ends highest; Adam's rises and falls in waves and ends lower; momentum's falls fastest and ends lowest by far."
mu = best_momentum(np.round(np.arange(0.0, 1.0, 0.1), 1))
runs = {
    "SGD": descend(SGD(lr=0.035), valley_gradient, START, 50),
    f"momentum, μ = {mu}": descend(
        SGD(lr=0.035, momentum=mu), valley_gradient, START, 50
    ),
    "Adam": descend(Adam(lr=0.3), valley_gradient, START, 50),
}
fig, (left, right) = plt.subplots(1, 2, figsize=(6.4, 3.0))
left.contour(
    grid_a,
    grid_b,
    valley_loss(np.stack([grid_a, grid_b], axis=-1)),
    levels=np.geomspace(0.05, 60, 12),
    colors="0.75",
    linewidths=0.6,
)
for name, path in runs.items():
    left.plot(path[:, 0], path[:, 1], ".-", markersize=3, label=name)
    right.semilogy(valley_loss(path), label=name)
left.set(xlabel="a", ylabel="b")
right.set(xlabel="step", ylabel="loss")
right.legend(fontsize=8)
plt.show()
for name, path in runs.items():
    print(f"{name:17} loss after 50 steps: {valley_loss(path[-1]):.2e}")

# %% [markdown] tags=["solution-only"]
# Momentum with the chosen $\mu$ ends lowest by far. Along the valley floor
# its gradients keep pointing the same way and the buffer adds them up;
# across the valley they change sign and partly cancel. Adam gives both
# directions steps of similar size, which helps here, where the valley lies
# along the axes.

# %% [markdown]
# ## Task 5: lower the rate as training goes on
#
# Real gradients are noisy: each mini-batch gives a slightly different one.
# With noise, SGD at a constant rate does not settle at the minimum; it
# jitters around it, and the larger the rate, the wider the jitter. A
# common remedy is to start with a large rate and cut it later. The
# **step decay** multiplies the base rate $\eta_0$ by $\gamma$ every $s$
# steps (`step_size`):
#
# $$\eta_t = \eta_0 \, \gamma^{\lfloor t / s \rfloor}$$
#
# where $\lfloor\cdot\rfloor$ rounds down (Python's `//`). With
# `step_size=100` and $\gamma = 0.1$: $\eta_0$ for steps 0 to 99,
# $\eta_0 / 10$ for steps 100 to 199, and so on. This is `StepLR` in
# `dlnotes.schedules` and in PyTorch.
#
# **Task:** complete `step_decay`.


# %% tags=["todo"]
def step_decay(t, base_lr, step_size, gamma):
    """Step t's rate: base_lr, times gamma every step_size steps."""
    raise NotImplementedError("TODO: one line, from the formula above")


# %% tags=["solution"]
def step_decay(t, base_lr, step_size, gamma):  # replaces the TODO above
    """Step t's rate: base_lr, times gamma every step_size steps."""
    return base_lr * gamma ** (t // step_size)


# %%
check.step_decay(step_decay)

# %% [markdown] tags=["solution-only"]
# The valley again, but every gradient now carries random noise (standard
# deviation 2 in each coordinate), as a mini-batch gradient would. Both runs
# use SGD at $\eta = 0.035$ and see the same noise; one of them cuts the rate
# tenfold after 100 steps.


# %% tags=["solution-only"]
def noisy_gradient(seed):
    """valley_gradient plus Gaussian noise of standard deviation 2."""
    rng = np.random.default_rng(seed)
    return lambda p: valley_gradient(p) + 2.0 * rng.standard_normal(2)


# %% tags=["solution-only"] alt="The loss against the step, log scale, for 200 steps of SGD on the valley with noisy gradients. The two runs are identical for the first 100 steps: the loss falls, then jitters up and down. After step 100, marked by a dotted line, the run with step decay drops to a steady, much lower level; the run at a constant rate keeps jittering at the higher level."
constant = descend(SGD(lr=0.035), noisy_gradient(0), START, 200)
decayed = descend(
    SGD(lr=0.035),
    noisy_gradient(0),
    START,
    200,
    lr_at=lambda t: step_decay(t, 0.035, 100, 0.1),
)
fig, ax = plt.subplots(figsize=(5.4, 3.0))
ax.semilogy(valley_loss(constant), label="constant rate 0.035")
ax.semilogy(valley_loss(decayed), label="step decay ×0.1 at step 100")
ax.axvline(100, color="0.6", linestyle=":")
ax.set(xlabel="step", ylabel="loss")
ax.legend(fontsize=8)
plt.show()
for name, path in (("constant", constant), ("step decay", decayed)):
    print(
        f"{name:10}: mean loss over the last 20 steps "
        f"{valley_loss(path[-20:]).mean():.3f}"
    )

# %% [markdown] tags=["solution-only"]
# Up to step 100 the two runs are the same run. After the cut, the steps and
# with them the jitter shrink, and the loss drops to a much lower level.
# Cutting the rate at the start instead would have made the long way along
# the valley ten times slower: a schedule gets the speed of a large rate
# early and the precision of a small one late.
