"""A tiny causal transformer learns to reverse digits; its attention shows how.

Each training sequence is five random digits, a separator and the same digits
reversed: ``3 1 4 1 5 | 5 1 4 1 3``. The model predicts every token from the
tokens before it (a causal mask hides the rest). Only the reversed half can be
predicted, so the loss counts only those positions. To write the next digit
of the answer, a position must look back at one particular earlier digit:
the attention weights of the trained model show where it looks.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from dlnotes.attention import PositionalEncoding, TransformerBlock
from dlnotes.layers import Dense, Embedding
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.norm import LayerNorm
from dlnotes.optim import AdamW, clip_grad_norm
from dlnotes.plot.style import PALETTE

L, SEP = 5, 10  # 5 digits; token 10 is the separator
V, d = 11, 32  # vocabulary 0-9 and the separator; 32 numbers per position


def reversal_batch(rng, n):
    """Sequences d1..d5 SEP d5..d1, split into inputs and next tokens."""
    digits = rng.integers(0, 10, size=(n, L))
    seq = np.concatenate([digits, np.full((n, 1), SEP), digits[:, ::-1]], axis=1)
    return seq[:, :-1], seq[:, 1:]  # predict token t + 1 from tokens 0..t


# --8<-- [start:model]
rng = np.random.default_rng(0)
model = Sequential(
    [
        Embedding(V, d, seed=rng),  # token ids -> vectors
        PositionalEncoding(d),  # + where each token sits
        TransformerBlock(d, n_heads=1, d_ff=2 * d, causal=True, seed=rng),
        LayerNorm(d),
        Dense(d, V, init="xavier", seed=rng),  # a score per next token
    ]
)
optimizer, loss_fn = AdamW(lr=5e-3, weight_decay=0.0), CrossEntropy()
steps = 400
for _ in range(steps):
    X, Y = reversal_batch(rng, 64)  # fresh random sequences every step
    logits = model.forward(X, train=True)  # (64, 10, 11)
    _, g = loss_fn(logits[:, L:], Y[:, L:])  # only the answer counts
    grad = np.zeros_like(logits)
    grad[:, L:] = g
    model.backward(grad, input_grad=False)
    parameters = list(model.parameters())
    clip_grad_norm(parameters, 1.0)
    optimizer.step(parameters)
# --8<-- [end:model]

X_test, Y_test = reversal_batch(np.random.default_rng(1), 2000)  # unseen sequences
predicted = model.forward(X_test).argmax(axis=-1)
accuracy = float(np.mean(predicted[:, L:] == Y_test[:, L:]))
print(f"digits of the answer right on 2000 unseen sequences: {accuracy:.1%}")

# --8<-- [start:weights]
example = np.array([[3, 1, 4, 1, 5, SEP, 5, 1, 4, 1]])
model.forward(example)
A = model.layers[2].attn.attention_weights[0, 0]  # (10, 10), row = query
# --8<-- [end:weights]
labels = [str(t) if t != SEP else "|" for t in example[0]]
# Where should position p look? The digit it must write next sits at 2L - 1 - p.
answer_rows = np.arange(L, 2 * L)
target_cols = 2 * L - 1 - answer_rows
weight_on_target = A[answer_rows, target_cols]  # per answer position
mean_weight_on_target = float(weight_on_target.mean())
min_weight_on_target = float(weight_on_target.min())
future_weight = float(np.triu(A, k=1).sum())  # exactly 0 under the causal mask
print(f"weight on the digit to copy: mean {mean_weight_on_target:.2f}")

fig, ax = plt.subplots(figsize=(5.2, 4.6))
image = ax.imshow(A, cmap="viridis", vmin=0, vmax=1)
ax.set_xticks(range(2 * L), labels)
ax.set_yticks(range(2 * L), labels)
ax.grid(False)
ax.set(
    xlabel="key: the token looked at",
    ylabel="query: the token looking",
    title="Attention weights, trained reversal model",
)
for row, col in zip(answer_rows, target_cols, strict=True):  # the digit to copy
    ax.add_patch(Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, edgecolor=PALETTE[3], lw=2))
fig.colorbar(image, ax=ax, label="attention weight", shrink=0.85)
