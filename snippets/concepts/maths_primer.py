"""The maths behind the site, one small computation per idea.

Shapes of a matrix product; the derivative as a limit, estimated by finite
differences and compared with the exact value; the chain rule on one
example; the gradient as the direction of steepest ascent; why losses work
with log-probabilities; and a sample mean approaching an expected value.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import sigmoid, sigmoid_grad
from dlnotes.plot.style import MUTED, PALETTE
from dlnotes.plot.surface import plot_contours

# --8<-- [start:shapes]
rng = np.random.default_rng(0)
X = rng.normal(size=(4, 3))  # a batch: N = 4 examples, 3 features each
W = rng.normal(size=(3, 2))  # a layer: 3 inputs, 2 neurons
Y = X @ W  # (4, 3) @ (3, 2) -> (4, 2): the inner sizes must match
print("X:", X.shape, " W:", W.shape, " X @ W:", Y.shape)

# One entry is a sum over the shared index k: Y[i, j] = sum_k X[i, k] * W[k, j]
entry_by_sum = sum(X[1, k] * W[k, 0] for k in range(3))
print(f"Y[1, 0] = {Y[1, 0]:.6f}, by the sum: {entry_by_sum:.6f}")

try:
    X @ W.T  # (4, 3) @ (2, 3): the inner sizes 3 and 2 differ
except ValueError:
    print("X @ W.T fails: (4, 3) @ (2, 3), inner sizes 3 and 2 differ")
# --8<-- [end:shapes]
product_shape = list(Y.shape)
entry_matches = bool(np.isclose(Y[1, 0], entry_by_sum, rtol=0, atol=1e-12))


# --8<-- [start:derivative]
def f(x):
    return x**3  # exact derivative: f'(x) = 3 x**2


x0 = 1.0
exact = 3 * x0**2
steps = np.logspace(-1, -13, 13)  # h = 0.1, 0.01, ..., 1e-13
forward = (f(x0 + steps) - f(x0)) / steps  # the definition, without the limit
central = (f(x0 + steps) - f(x0 - steps)) / (2 * steps)
for h, fwd, cen in zip(steps[::3], forward[::3], central[::3], strict=True):
    print(f"h = {h:.0e}:  forward {fwd:.10f}   central {cen:.10f}   exact {exact}")
# --8<-- [end:derivative]
forward_error = np.abs(forward - exact)
central_error = np.abs(central - exact)
forward_errors = forward_error.tolist()
central_errors = central_error.tolist()
step_sizes = steps.tolist()
forward_error_at_1e_1 = float(forward_error[0])
forward_error_at_1e_4 = float(forward_error[3])
central_error_at_1e_4 = float(central_error[3])
best_forward_step = float(steps[forward_error.argmin()])
forward_error_at_1e_13 = float(forward_error[-1])

fig, ax = plt.subplots(figsize=(6.5, 3.6))
ax.loglog(steps, forward_error, marker="o", label="forward difference (f(x+h) − f(x)) / h")
ax.loglog(steps, central_error + 1e-17, marker="s", label="central difference, divided by 2h")
ax.set(
    xlabel="step h (log scale)",
    ylabel="error against f′(1) = 3",
    title="Derivative of x³ at x = 1 by finite differences",
)
ax.invert_xaxis()  # h shrinks from left to right, as in the limit
ax.legend(loc="lower left", fontsize=9)

# --8<-- [start:chain]
# L(w) = sigmoid(w * x + b): the outer function sigmoid, the inner z = w x + b.
x, b, w = 2.0, -1.0, 0.8
z = w * x + b
chain = sigmoid_grad(z) * x  # dL/dw = dL/dz * dz/dw = sigmoid'(z) * x
h = 1e-6
numeric = (sigmoid(np.array((w + h) * x + b)) - sigmoid(np.array((w - h) * x + b))) / (2 * h)
print(f"chain rule: {chain:.10f}   central difference: {numeric:.10f}")
# --8<-- [end:chain]
chain_rule_value = float(chain)
chain_rule_difference = float(abs(chain - numeric))


# --8<-- [start:gradient]
def g(a, b):
    return a**2 + 3 * b**2  # a bowl, steeper along b


def grad_g(a, b):
    return np.array([2 * a, 6 * b])  # (dg/da, dg/db)


point = np.array([1.0, 0.5])
gradient = grad_g(*point)
angles = np.radians(np.arange(0, 360, 0.5))  # 720 unit directions u
directions = np.column_stack([np.cos(angles), np.sin(angles)])
slopes = directions @ gradient  # the slope of g along u is u · gradient
steepest = directions[slopes.argmax()]
print("gradient at (1, 0.5):", gradient, " length:", round(float(np.linalg.norm(gradient)), 4))
print("steepest of 720 directions:", steepest.round(4), " slope:", round(float(slopes.max()), 4))
# --8<-- [end:gradient]
gradient_length = float(np.linalg.norm(gradient))
steepest_slope = float(slopes.max())
angle_to_gradient_degrees = float(np.degrees(np.arccos(steepest @ gradient / gradient_length)))

fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.6), width_ratios=(1.1, 1))
plot_contours(left, g, xlim=(-2, 2), ylim=(-1.3, 1.3), levels=10, minimum=(0, 0))
for p in [point, np.array([-1.2, 0.3]), np.array([0.4, -0.8]), np.array([-0.8, -0.6])]:
    d = grad_g(*p) / np.linalg.norm(grad_g(*p)) * 0.45  # the gradient's direction
    arrow = {"arrowstyle": "-|>", "color": PALETTE[3], "lw": 1.8}
    left.annotate("", xy=p + d, xytext=p, arrowprops=arrow)
left.plot(*point, "o", color=PALETTE[3])
left.set(title="Gradient arrows cross the contours", xlabel="a", ylabel="b", aspect="equal")
right.plot(np.degrees(angles), slopes, label="slope of g along direction u")
right.axhline(gradient_length, color=MUTED, linestyle="--", label="length of the gradient")
gradient_angle = np.degrees(np.arctan2(gradient[1], gradient[0]))
right.axvline(gradient_angle, color=MUTED, linestyle=":", label="direction of the gradient")
right.set(
    title="Slope at (1, 0.5) in every direction",
    xlabel="direction u (degrees)",
    ylabel="slope",
    xticks=[0, 90, 180, 270, 360],
    ylim=(-4.2, 7.0),
)
right.legend(loc="upper center", fontsize=8.5)

# --8<-- [start:logs]
p_correct = np.full(2000, 0.3)  # a model gives each of 2000 right labels probability 0.3
likelihood = np.prod(p_correct)  # 0.3 ** 2000 is far below the smallest float64
log_likelihood = np.sum(np.log(p_correct))  # the same information, as a sum
print(f"product of the probabilities: {likelihood}")
print(f"sum of their logarithms:      {log_likelihood:.2f}")
print(
    f"ln(0.3 * 0.5) = {np.log(0.3 * 0.5):.6f} = ln 0.3 + ln 0.5 = {np.log(0.3) + np.log(0.5):.6f}"
)
# --8<-- [end:logs]
product_underflows = bool(likelihood == 0.0)
log_likelihood_value = float(log_likelihood)
log_likelihood_is_finite = bool(np.isfinite(log_likelihood))

# --8<-- [start:expectation]
faces = np.arange(1, 7)  # a fair die: each face has probability 1/6
expected = np.sum(faces * (1 / 6))  # E[X] = sum of value times probability
rng = np.random.default_rng(1)
typical_error = {}
for n in (10, 100, 1000):
    means = rng.integers(1, 7, size=(1000, n)).mean(axis=1)  # 1000 samples of n rolls
    typical = np.sqrt(np.mean((means - expected) ** 2))
    typical_error[n] = float(typical)
    print(f"mean of {n:>4} rolls: typically {typical:.3f} away from E[X] = {expected}")
# --8<-- [end:expectation]
expected_value = float(expected)
typical_error_10, typical_error_1000 = typical_error[10], typical_error[1000]
shrink_per_hundredfold = typical_error_10 / typical_error_1000  # about sqrt(100) = 10
