"""How far back can a recurrent network send its learning signal?

An RNN (Elman 1990) reads a sequence one step at a time and carries a hidden
state ``h_t = tanh(x_t W_xh + h_{t-1} W_hh + b)`` from step to step. A loss
at the last step reaches step ``t`` only through every step in between, and
each step multiplies the gradient by ``W_hh`` transposed and by the slopes of
tanh. This snippet sends a unit-length gradient into the last hidden state of
``dlnotes.recurrent.RNN`` and reads the length of ``dL/dh_t`` at every
earlier step (``hidden_grad_norms``), for three scales of the recurrent
weights. For contrast it does the same for one causal self-attention layer,
where every position is one step from the last.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.attention import MultiHeadSelfAttention
from dlnotes.plot.style import MUTED
from dlnotes.recurrent import RNN

T, n_in, H = 60, 8, 64  # 60 time steps, 8 input features, 64 hidden units
rng = np.random.default_rng(0)
x = rng.normal(size=(32, T, n_in))  # 32 random sequences
top = np.zeros((32, T, H))
top[:, -1] = rng.normal(size=(32, H))
top /= np.linalg.norm(top)  # the loss sits at the last step only: length 1 there

# --8<-- [start:measure]
gains = (0.5, 1.0, 2.0)  # W_hh has standard deviation gain / sqrt(H)
norms = {}
for gain in gains:
    rnn = RNN(n_in, H, seed=1)
    W_hh = np.random.default_rng(2).normal(0.0, gain / np.sqrt(H), (H, H))
    rnn.params["W_hh"][...] = W_hh
    rnn.forward(x, train=True)
    rnn.backward(top)  # backpropagation through time
    norms[gain] = rnn.hidden_grad_norms[::-1]  # index k: k steps back
    n10, n50 = norms[gain][10], norms[gain][50]
    print(f"gain {gain}: {n10:.1e} 10 steps back, {n50:.1e} 50 steps back")
# --8<-- [end:measure]

# Self-attention: the gradient of the last position's output reaches every
# input position directly (one matrix product, not T of them).
attention = MultiHeadSelfAttention(H, 4, causal=True, seed=3)
x_att = rng.normal(size=(32, T, H))
attention.forward(x_att)
dx = attention.backward(top)
attention_norms = np.sqrt((dx**2).sum(axis=(0, 2)))[::-1]  # k steps back
# 0 steps back is the last position itself, which also makes the query; compare the rest.
# Averaged over 40-59 steps back, against 1-20 steps back: no trend with distance.
attention_far_over_near = float(attention_norms[40:].mean() / attention_norms[1:21].mean())

steps_back = np.arange(T)
per_step = {g: float((norms[g][50] / norms[g][0]) ** (1 / 50)) for g in gains}
unit_at_10 = float(norms[1.0][10])
small_per_step = per_step[0.5]
unit_per_step = per_step[1.0]
large_per_step = per_step[2.0]


def sci(v):
    """2.3e-13 written as 2.3 × 10⁻¹³ for the prose."""
    mantissa, exponent = f"{v:.1e}".split("e")
    digits = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa} × 10{digits}"


small_at_50, unit_at_50, large_at_50 = (float(norms[g][50]) for g in gains)
small_at_50_text, unit_at_50_text, large_at_50_text = (
    sci(v) for v in (small_at_50, unit_at_50, large_at_50)
)
# Monotone? Count the steps where the signal grows instead of shrinking.
growing_steps = {f"gain {g}": int((np.diff(norms[g]) > 0).sum()) for g in gains}
curves = {f"gain {g}": [float(v) for v in norms[g]] for g in gains}
attention_curve = [float(v) for v in attention_norms]

fig, ax = plt.subplots(figsize=(7, 3.8))
for gain in gains:
    ax.semilogy(steps_back, norms[gain], label=f"RNN, W_hh std {gain}/√H")
ax.semilogy(steps_back, attention_norms, color=MUTED, linestyle="--", label="causal self-attention")
ax.set(
    xlabel="steps back from the last position",
    ylabel="length of the gradient",
    title="An RNN's gradient shrinks or grows step by step",
)
ax.legend(fontsize=9, loc="lower left")
