"""Sampling from the trained character model, and what its attention looks at.

Loads the transformer that ``language_model.py`` trained, writes new words
at three temperatures, checks how many of them are real words it saw in
training, and draws the attention weights of the last block's heads on one
input.
"""
# needs: applications/language_model.py

import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import softmax
from dlnotes.attention import PositionalEncoding, TransformerBlock
from dlnotes.layers import Dense, Embedding
from dlnotes.model import Sequential
from dlnotes.norm import LayerNorm

ARTIFACTS = Path(os.environ.get("DLNOTES_ARTIFACTS", ".cache/artifacts"))
VOCAB = ".abcdefghijklmnopqrstuvwxyz"
V, D, T = len(VOCAB), 64, 32
F32 = np.float32
model = Sequential(  # the architecture of language_model.py, filled with its weights
    [
        Embedding(V, D, dtype=F32),
        PositionalEncoding(D),
        TransformerBlock(D, n_heads=4, d_ff=256, causal=True, dtype=F32),
        TransformerBlock(D, n_heads=4, d_ff=256, causal=True, dtype=F32),
        LayerNorm(D, dtype=F32),
        Dense(D, V, dtype=F32),
    ]
).load(ARTIFACTS / "applications/language_model/model.npz")
words = Path("data/words/words.txt").read_text().split()
train_words = set(words[len(words) // 10 :])


# --8<-- [start:sample]
def sample(n_words: int, temperature: float, seed: int) -> list[str]:
    """Write n_words new words, one character at a time."""
    rng = np.random.default_rng(seed)
    text = "."
    while text.count(".") <= n_words:
        context = np.array([[VOCAB.index(c) for c in text[-T:]]])  # (1, t)
        scores = model.predict(context)[0, -1]  # (27,): scores for the next character
        p = softmax(scores / temperature)  # low temperature: sharper; high: flatter
        text += VOCAB[rng.choice(V, p=p)]
    return text.strip(".").split(".")


samples = {t: sample(12, t, seed=0) for t in (0.5, 1.0, 1.5)}
# --8<-- [end:sample]

for t, ws in samples.items():
    print(f"temperature {t}: {' '.join(ws)}")
# Keyed "t05", "t10", "t15" for the temperatures 0.5, 1.0 and 1.5.
key = {t: f"t{round(10 * t):02d}" for t in samples}
new_fraction = {
    key[t]: float(np.mean([w not in train_words for w in ws])) for t, ws in samples.items()
}
mean_length = {key[t]: float(np.mean([len(w) for w in ws])) for t, ws in samples.items()}

# --8<-- [start:attention]
text = ".learning."
model.predict(np.array([[VOCAB.index(c) for c in text]]))
weights = model.layers[3].attn.attention_weights[0]  # (heads, T, T) of the second block
# --8<-- [end:attention]
fig, axes = plt.subplots(1, 4, figsize=(7.2, 2.4))
for h, ax in enumerate(axes):
    ax.imshow(weights[h], cmap="magma", vmin=0.0, vmax=1.0)
    ax.set_xticks(range(len(text)), list(text))
    ax.set_yticks(range(len(text)), list(text) if h == 0 else [])
    ax.set_title(f"head {h + 1}")
    ax.grid(False)
axes[0].set_ylabel("predicting after …")
fig.supxlabel("… looking at character")
above_diagonal = float(np.triu(weights, k=1).sum())  # attention to the future: 0 by the mask
