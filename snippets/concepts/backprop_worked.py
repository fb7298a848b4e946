"""Backpropagation by hand on a tiny network, checked against dlnotes.

The network has two inputs, two sigmoid hidden units and one linear output,
and is trained with the squared error on a single example. Every forward value
and every gradient is computed one line at a time, printed, and then compared
with what ``Sequential.backward`` computes. A figure draws the network as a
computational graph with its forward values and its gradients.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import Sigmoid, sigmoid
from dlnotes.layers import Dense
from dlnotes.losses import MSE
from dlnotes.model import Sequential
from dlnotes.plot.style import INK, MUTED, PALETTE, PAPER

# --8<-- [start:forward]
x1, x2 = 0.5, -1.0  # one example
y = 1.0  # its target
# w21 is the weight from input 2 to hidden unit 1, and so on.
w11, w21, b1 = 0.3, 0.8, 0.1  # into hidden unit 1
w12, w22, b2 = -0.2, 0.5, -0.1  # into hidden unit 2
v1, v2, c = 0.6, -0.4, 0.2  # hidden units to the output

z1 = w11 * x1 + w21 * x2 + b1  # weighted sums of the hidden units
z2 = w12 * x1 + w22 * x2 + b2
h1 = sigmoid(z1)  # their activations
h2 = sigmoid(z2)
y_hat = v1 * h1 + v2 * h2 + c  # the output
L = (y_hat - y) ** 2  # the loss
# --8<-- [end:forward]

# --8<-- [start:backward]
dL_dy_hat = 2 * (y_hat - y)  # start at the loss and walk back

dL_dv1 = dL_dy_hat * h1  # y_hat = v1*h1 + v2*h2 + c
dL_dv2 = dL_dy_hat * h2
dL_dc = dL_dy_hat
dL_dh1 = dL_dy_hat * v1
dL_dh2 = dL_dy_hat * v2

dL_dz1 = dL_dh1 * h1 * (1 - h1)  # sigmoid'(z) = h (1 - h)
dL_dz2 = dL_dh2 * h2 * (1 - h2)

dL_dw11 = dL_dz1 * x1  # z1 = w11*x1 + w21*x2 + b1
dL_dw21 = dL_dz1 * x2
dL_db1 = dL_dz1
dL_dw12 = dL_dz2 * x1  # z2 = w12*x1 + w22*x2 + b2
dL_dw22 = dL_dz2 * x2
dL_db2 = dL_dz2
# --8<-- [end:backward]

print("Forward pass")
for name, value in [("z1", z1), ("z2", z2), ("h1", h1), ("h2", h2), ("y_hat", y_hat), ("L", L)]:
    print(f"  {name:6s} = {value: .6f}")
print("Backward pass")
for name, value in [
    ("dL/dy_hat", dL_dy_hat),
    ("dL/dv1", dL_dv1),
    ("dL/dv2", dL_dv2),
    ("dL/dc", dL_dc),
    ("dL/dh1", dL_dh1),
    ("dL/dh2", dL_dh2),
    ("dL/dz1", dL_dz1),
    ("dL/dz2", dL_dz2),
    ("dL/dw11", dL_dw11),
    ("dL/dw21", dL_dw21),
    ("dL/db1", dL_db1),
    ("dL/dw12", dL_dw12),
    ("dL/dw22", dL_dw22),
    ("dL/db2", dL_db2),
]:
    print(f"  {name:9s} = {value: .6f}")

# --8<-- [start:check]
model = Sequential([Dense(2, 2), Sigmoid(), Dense(2, 1)])
hidden, output = model.layers[0], model.layers[2]
# W[i, j] is the weight from input i to unit j.
hidden.params["W"][:] = [[w11, w12], [w21, w22]]
hidden.params["b"][:] = [b1, b2]
output.params["W"][:] = [[v1], [v2]]
output.params["b"][:] = [c]

X, Y = np.array([[x1, x2]]), np.array([[y]])  # a batch of one example
loss_value, grad = MSE()(model.forward(X), Y)
model.backward(grad)  # fills every layer's grads

by_hand = [
    np.array([[dL_dw11, dL_dw12], [dL_dw21, dL_dw22]]),
    np.array([dL_db1, dL_db2]),
    np.array([[dL_dv1], [dL_dv2]]),
    np.array([dL_dc]),
]
by_dlnotes = [hidden.grads["W"], hidden.grads["b"]]
by_dlnotes += [output.grads["W"], output.grads["b"]]
pairs = zip(by_hand, by_dlnotes, strict=True)
max_difference = float(max(np.abs(a - b).max() for a, b in pairs))
print(f"dlnotes loss {loss_value:.6f}")
print(f"largest difference from the hand gradients: {max_difference:.1e}")
# --8<-- [end:check]

# One gradient-descent step with learning rate 0.5 lowers the loss.
for p, g in model.parameters():
    p -= 0.5 * g
loss_after_step, _ = MSE()(model.forward(X), Y)
print(f"after one step with η = 0.5: loss {loss_value:.6f} -> {loss_after_step:.6f}")

# The computational graph: forward values above each node, dL/d(node) below.
nodes = {  # name: (x, y, forward value, gradient or None)
    "x1": (0, 1.3, x1, None),
    "x2": (0, -1.3, x2, None),
    "z1": (2, 1.3, z1, dL_dz1),
    "z2": (2, -1.3, z2, dL_dz2),
    "h1": (4, 1.3, h1, dL_dh1),
    "h2": (4, -1.3, h2, dL_dh2),
    "ŷ": (6, 0, y_hat, dL_dy_hat),
    "L": (8, 0, L, 1.0),
}
edges = [
    ("x1", "z1", f"w11={w11}"),
    ("x2", "z1", f"w21={w21}"),
    ("x1", "z2", f"w12={w12}"),
    ("x2", "z2", f"w22={w22}"),
    ("z1", "h1", "σ"),
    ("z2", "h2", "σ"),
    ("h1", "ŷ", f"v1={v1}"),
    ("h2", "ŷ", f"v2={v2}"),
    ("ŷ", "L", f"(ŷ − {y:g})²"),
]

fig, ax = plt.subplots(figsize=(9, 4.4))
for a, b, text in edges:
    (xa, ya), (xb, yb) = nodes[a][:2], nodes[b][:2]
    ax.annotate(
        "",
        xy=(xb, yb),
        xytext=(xa, ya),
        arrowprops={"arrowstyle": "-|>", "color": MUTED, "shrinkA": 27, "shrinkB": 27},
    )
    dx, dy = xb - xa, yb - ya
    # Labels sit just left of their edge, along it; the two crossing edges are
    # labelled near their start, where they are far apart.
    t, offset = (0.3, 0.18) if a.startswith("x") and ya != yb else (0.5, 0.2)
    nx, ny = -dy / np.hypot(dx, dy), dx / np.hypot(dx, dy)  # to the left of the edge
    ax.text(
        xa + t * dx + offset * nx,
        ya + t * dy + offset * ny,
        text,
        ha="center",
        va="center",
        fontsize=9,
        color=MUTED,
        rotation=np.degrees(np.arctan2(dy, dx)),
        rotation_mode="anchor",
    )
for name, (xn, yn, value, grad_value) in nodes.items():
    ax.add_patch(plt.Circle((xn, yn), 0.38, facecolor=PAPER, edgecolor=INK, linewidth=1.4))
    ax.text(xn, yn, name, ha="center", va="center", fontsize=12, fontweight="bold")
    if name.startswith("x"):  # inputs: value to the left, clear of the edges
        ax.text(xn - 0.5, yn, f"{value:.3f}", ha="right", va="center", color=PALETTE[0])
    else:
        ax.text(xn, yn + 0.52, f"{value:.3f}", ha="center", color=PALETTE[0], fontsize=10)
    if grad_value is not None:
        ax.text(xn, yn - 0.62, f"{grad_value:.3f}", ha="center", color=PALETTE[1], fontsize=10)
ax.text(-1.3, -2.4, "blue: value in the forward pass (left to right)", color=PALETTE[0])
ax.text(-1.3, -2.8, "orange: dL/d(node) in the backward pass (right to left)", color=PALETTE[1])
ax.set(xlim=(-1.5, 8.7), ylim=(-3.0, 2.1), aspect="equal")
ax.axis("off")
