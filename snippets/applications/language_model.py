"""A tiny language model: a character-level transformer trained on English words.

The corpus is 52,271 English words (SCOWL's word list, committed under
``data/words/``). Words are joined into one stream of characters with "." as
the separator, and a two-block causal transformer learns to predict each next
character from the ones before it. Its loss, in bits per character, is
compared with two counting baselines on the same validation words. The
trained weights are saved for ``language_model_samples.py``.
"""

import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.attention import PositionalEncoding, TransformerBlock
from dlnotes.layers import Dense, Embedding
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.norm import LayerNorm
from dlnotes.optim import AdamW
from dlnotes.plot.style import MUTED, PALETTE
from dlnotes.schedules import warmup_cosine

ARTIFACTS = Path(os.environ.get("DLNOTES_ARTIFACTS", ".cache/artifacts"))
OUT = ARTIFACTS / "applications/language_model"

# --8<-- [start:data]
words = Path("data/words/words.txt").read_text().split()  # already in a shuffled order
n_val = len(words) // 10
val_words, train_words = words[:n_val], words[n_val:]  # 10% of the words for validation

VOCAB = ".abcdefghijklmnopqrstuvwxyz"  # "." ends a word; 27 tokens
token = {c: i for i, c in enumerate(VOCAB)}


def encode(ws: list[str]) -> np.ndarray:
    """Words -> one stream of token ids: ".apple.pear." -> [0, 1, 16, ...]."""
    return np.array([token[c] for c in "." + ".".join(ws) + "."])


train_stream, val_stream = encode(train_words), encode(val_words)
# --8<-- [end:data]

# --8<-- [start:windows]
T = 32  # context length: the model sees up to 32 characters back


def windows(stream: np.ndarray, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """n random windows: inputs (n, T) and the next character at each position (n, T)."""
    starts = np.random.default_rng(seed).integers(0, len(stream) - T - 1, n)
    chunk = stream[starts[:, None] + np.arange(T + 1)]
    return chunk[:, :-1], chunk[:, 1:]


X_train, y_train = windows(train_stream, 8192, seed=0)
X_val, y_val = windows(val_stream, 1024, seed=1)
# --8<-- [end:windows]

# --8<-- [start:baselines]
V = len(VOCAB)
unigram = np.bincount(train_stream, minlength=V) + 1.0  # counts, plus one for every token
unigram /= unigram.sum()
bigram = np.ones((V, V))  # bigram[a, b]: how often b follows a, plus one
np.add.at(bigram, (train_stream[:-1], train_stream[1:]), 1.0)
bigram /= bigram.sum(axis=1, keepdims=True)
unigram_bits = float(-np.mean(np.log2(unigram[val_stream[1:]])))
bigram_bits = float(-np.mean(np.log2(bigram[val_stream[:-1], val_stream[1:]])))
# --8<-- [end:baselines]

# --8<-- [start:model]
D = 64
F32 = np.float32  # single precision: half the memory of float64, and faster
model = Sequential(
    [
        Embedding(V, D, seed=0, dtype=F32),  # (N, T) ids -> (N, T, 64) vectors
        PositionalEncoding(D),  # + where each character stands
        TransformerBlock(D, n_heads=4, d_ff=256, causal=True, seed=1, dtype=F32),
        TransformerBlock(D, n_heads=4, d_ff=256, causal=True, seed=2, dtype=F32),
        LayerNorm(D, dtype=F32),
        Dense(D, V, seed=3, dtype=F32),  # (N, T, 27): next-character scores
    ]
)
# --8<-- [end:model]

# --8<-- [start:train]
EPOCHS, BATCH = 5, 32
steps = EPOCHS * len(X_train) // BATCH
optimizer = AdamW(lr=3e-3, weight_decay=0.01)
model.compile(CrossEntropy(), optimizer, metrics=())
history = model.fit(
    X_train, y_train, epochs=EPOCHS, batch_size=BATCH, validation_data=(X_val, y_val),
    schedule=warmup_cosine(optimizer, warmup_steps=100, total_steps=steps),
    schedule_every="batch",  # warm up, then decay, a little after every batch
    max_grad_norm=1.0,  # clip rare huge gradients
    seed=0,
)  # fmt: skip
OUT.mkdir(parents=True, exist_ok=True)
model.save(OUT / "model.npz")
# --8<-- [end:train]

bits = 1 / np.log(2)  # nats -> bits
train_bits = [loss * bits for loss in history["loss"]]
val_bits = [loss * bits for loss in history["val_loss"]]
final_val_bits = val_bits[-1]
gain_over_bigram = 1 - final_val_bits / bigram_bits
n_params = sum(p.size for p, _ in model.parameters())
n_train_words, n_val_words = len(train_words), len(val_words)
n_train_chars = len(train_stream)
print(f"parameters: {n_params:,}; {steps} steps of {BATCH} windows of {T} characters")
print(f"validation bits per character: unigram {unigram_bits:.3f}, bigram {bigram_bits:.3f}")
print(f"                               transformer {final_val_bits:.3f}")

fig, ax = plt.subplots()
epochs = np.arange(1, EPOCHS + 1)
ax.plot(epochs, train_bits, marker="o", color=PALETTE[0], label="transformer, training")
ax.plot(epochs, val_bits, marker="o", color=PALETTE[1], label="transformer, validation")
ax.axhline(unigram_bits, color=MUTED, linestyle=":", label="unigram (letter frequencies)")
ax.axhline(bigram_bits, color=PALETTE[3], linestyle="--", label="bigram (previous letter)")
ax.set(xlabel="epoch", ylabel="bits per character", xticks=epochs)
ax.legend(loc="center right")
