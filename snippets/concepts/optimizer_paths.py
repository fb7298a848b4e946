"""SGD, momentum and Adam on a long, narrow valley.

The loss ``f(a, b) = (a² + 50 b²) / 2`` is fifty times steeper across the
valley (b) than along it (a). Each optimizer from ``dlnotes.optim`` takes 50
steps from the same starting point. The optimizers never see a network: they
get a (parameter, gradient) pair, exactly as ``Sequential.parameters()`` yields
them, and update the parameter array in place.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.optim import SGD, Adam
from dlnotes.plot.surface import plot_contours, plot_path

curvature = np.array([1.0, 50.0])


def f(a, b):
    return 0.5 * (curvature[0] * a**2 + curvature[1] * b**2)


# --8<-- [start:run]
def run(optimizer, steps=50):
    """Minimise f from (-4.5, 1) and return every point visited."""
    p = np.array([-4.5, 1.0])  # the parameters, updated in place
    grad = np.zeros(2)
    path = [p.copy()]
    for _ in range(steps):
        grad[:] = curvature * p  # the gradient of f at p
        optimizer.step([(p, grad)])
        path.append(p.copy())
    return np.array(path)


lr, mu, adam_lr = 0.035, 0.8, 0.3  # SGD and momentum share the learning rate
paths = {
    f"SGD (lr {lr})": run(SGD(lr=lr)),
    f"momentum (lr {lr}, μ {mu})": run(SGD(lr=lr, momentum=mu)),
    f"Adam (lr {adam_lr})": run(Adam(lr=adam_lr)),
}
# --8<-- [end:run]

final_loss = {name: float(f(*path[-1])) for name, path in paths.items()}
adam_first_step = (paths["Adam (lr 0.3)"][1] - paths["Adam (lr 0.3)"][0]).tolist()
sgd_loss, momentum_loss, adam_loss = final_loss.values()
sgd_over_momentum = sgd_loss / momentum_loss
largest_stable_rate = 2 / curvature[1]  # for plain SGD across the valley
momentum_step_factor = 1 / (1 - mu)  # steady-state step, relative to SGD
losses = {name: f(path[:, 0], path[:, 1]).tolist() for name, path in paths.items()}
for name, value in final_loss.items():
    print(f"{name:27s} loss after 50 steps: {value:.2g}")

fig, (left, right) = plt.subplots(1, 2, figsize=(8.5, 3.8), width_ratios=(1.6, 1))
plot_contours(left, f, xlim=(-5, 2), ylim=(-1.4, 1.4), levels=14, minimum=(0, 0))
for name, path in paths.items():
    plot_path(left, path, label=name)
    right.semilogy(f(path[:, 0], path[:, 1]), label=name)
left.set(title="Paths across the valley", xlabel="a", ylabel="b")
right.set(title="Loss after each step", xlabel="step", ylabel="f(a, b)")
left.legend(loc="lower right", fontsize=9)
right.set_ylim(top=3e3)  # room for the legend above the curves
right.legend(loc="upper right", fontsize=9)
