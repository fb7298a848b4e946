"""The temperature of sampling, one value at a time.

Loads the transformer that ``language_model.py`` trained, draws its
probabilities for the character after ".lea" at one temperature, and writes
twelve words with it.
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
from dlnotes.sweep import value

SWEEP = {
    "name": "temperature",
    "values": [0.25, 0.5, 1.0, 1.5, 2.0],
    "default": 1.0,
    "label": "Temperature τ",
    "key": "top_probability",
    "key_label": "probability of the likeliest next character",
    "key_format": ".0%",
}
temperature = value(SWEEP)  # the default; see dlnotes/sweep.py to run another value

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

context = ".lea"
scores = model.predict(np.array([[VOCAB.index(c) for c in context]]))[0, -1]  # (27,)
p = softmax(scores / temperature)  # low temperature: sharper; high: flatter
top_probability = float(p.max())
top_character = VOCAB[int(p.argmax())]
entropy_bits = float(-(p * np.log2(p)).sum())


def sample(n_words: int, seed: int) -> list[str]:
    """Write n_words new words, one character at a time, at this temperature."""
    rng = np.random.default_rng(seed)
    text = "."
    while text.count(".") <= n_words:
        ids = np.array([[VOCAB.index(c) for c in text[-T:]]])
        q = softmax(model.predict(ids)[0, -1] / temperature)
        text += VOCAB[rng.choice(V, p=q)]
    return text.strip(".").split(".")


samples = sample(12, seed=0)
new_fraction = float(np.mean([w not in train_words for w in samples]))

fig, ax = plt.subplots(figsize=(7.2, 2.8))
ax.bar(range(V), p)
ax.set_xticks(range(V), ["end" if c == "." else c for c in VOCAB], fontsize=8)
ax.set(
    title=f'Next character after "{context}" at τ = {temperature:g}',
    xlabel="next character",
    ylabel="probability",
    ylim=(0, 1),
)

print(f"temperature {temperature:g}")
print(
    f"after {context!r}: {top_character!r} with p = {top_probability:.2f}, {entropy_bits:.2f} bits"
)
print(f"words: {' '.join(samples)}")
print(f"not in the training list: {new_fraction:.0%}")
