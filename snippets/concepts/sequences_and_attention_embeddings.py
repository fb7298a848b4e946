"""Tokens and learned embeddings: a character model trained on English words.

Each word becomes a sequence of tokens, one per letter, with "." marking the
end of a word. The vocabulary is the 27 symbols ".abcdefghijklmnopqrstuvwxyz".
A small network reads the last three tokens and predicts the next one (the
model of Bengio et al. 2003, at the scale of Karpathy's makemore). Its first
layer is an Embedding: a table with one learned vector per token. The
vectors here have only 2 numbers, so they can be drawn as they are, with no
projection. Nobody tells the model that a, e, i, o and u have anything in
common; after training, their vectors lie close together anyway.
"""

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.activations import Tanh
from dlnotes.layers import Dense, Embedding, Flatten
from dlnotes.losses import CrossEntropy
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.style import PALETTE

words = Path("data/words/words.txt").read_text().split()[:30000]

# --8<-- [start:tokens]
vocabulary = ".abcdefghijklmnopqrstuvwxyz"  # token 0, ".", ends a word
token_of = {ch: i for i, ch in enumerate(vocabulary)}


def encode(text):
    """A string -> its token ids, one per character."""
    return [token_of[ch] for ch in text]


print("vocabulary size:", len(vocabulary))
print("'queen.' ->", encode("queen."))
# --8<-- [end:tokens]
vocabulary_size = len(vocabulary)
example_ids = str(encode("queen."))

# --8<-- [start:data]
context = 3  # the model sees the last 3 tokens
X, y = [], []
for word in words:
    ids = [0] * context + encode(word + ".")  # pad the start with "."
    for t in range(context, len(ids)):
        X.append(ids[t - context : t])  # e.g. [".", ".", "q"] -> "u"
        y.append(ids[t])
X, y = np.array(X), np.array(y)
n_val = len(X) // 10  # the last 10% of the words' examples, for validation
X_train, y_train = X[:-n_val], y[:-n_val]
X_val, y_val = X[-n_val:], y[-n_val:]
# --8<-- [end:data]
n_examples, n_words = len(X), len(words)

# --8<-- [start:model]
dim = 2  # 2 numbers per token: small enough to draw as is
model = Sequential(
    [
        Embedding(vocabulary_size, dim, seed=0),  # (N, 3) ids -> (N, 3, 2)
        Flatten(),  # (N, 6)
        Dense(context * dim, 100, init="xavier", seed=1),
        Tanh(),
        Dense(100, vocabulary_size, init="xavier", seed=2),  # score per token
    ]
)
model.compile(CrossEntropy(), Adam(lr=3e-3), metrics=())
history = model.fit(
    X_train,
    y_train,
    epochs=8,
    batch_size=128,
    validation_data=(X_val, y_val),
    seed=0,
)
E = model.layers[0].params["W"]  # (27, 2): every token's learned vector
# --8<-- [end:model]
val_loss = history["val_loss"][-1]
uniform_loss = float(np.log(vocabulary_size))  # guessing: every token equally likely
print(f"validation loss {val_loss:.3f} nats per token (uniform guess: {uniform_loss:.3f})")

# Vowels versus consonants: how similar are their directions (cosine similarity)?
vowels = [token_of[c] for c in "aeiou"]
consonants = [token_of[c] for c in vocabulary[1:] if c not in "aeiou"]
unit = E / np.linalg.norm(E, axis=1, keepdims=True)
cosine = unit @ unit.T


def mean_similarity(rows, cols):
    block = cosine[np.ix_(rows, cols)]
    if rows == cols:  # leave out each token's similarity with itself
        return float(block[~np.eye(len(rows), dtype=bool)].mean())
    return float(block.mean())


vowel_vowel = mean_similarity(vowels, vowels)
vowel_consonant = mean_similarity(vowels, consonants)
# Same statistic before training: a fresh table of random vectors.
E0 = Embedding(vocabulary_size, dim, seed=0).params["W"]
unit0 = E0 / np.linalg.norm(E0, axis=1, keepdims=True)
vowel_vowel_before = float(
    (unit0[vowels] @ unit0[vowels].T)[~np.eye(len(vowels), dtype=bool)].mean()
)
print(
    f"mean cosine similarity vowel-vowel {vowel_vowel:.2f}, vowel-consonant {vowel_consonant:.2f}"
)

# Each vowel's nearest other token in the embedding space.
distance = np.linalg.norm(E[:, None] - E[None], axis=-1)
np.fill_diagonal(distance, np.inf)
nearest = {vocabulary[i]: vocabulary[int(distance[i].argmin())] for i in vowels}
vowels_nearest_a_vowel = sum(n in "aeiou" for n in nearest.values())
print("nearest token to each vowel:", nearest)
xy = E

fig, ax = plt.subplots(figsize=(6.2, 4.6))
groups = {"end of word (.)": [0], "vowels": vowels, "consonants": consonants}
for (name, ids), colour in zip(groups.items(), PALETTE[:3], strict=True):
    ax.scatter(xy[ids, 0], xy[ids, 1], s=160, color=colour, alpha=0.35, label=name)
    for i in ids:
        ax.annotate(vocabulary[i], xy[i], ha="center", va="center", fontsize=11)
ax.set(
    xlabel="embedding, first number",
    ylabel="embedding, second number",
    title="The 27 learned token embeddings",
)
ax.legend(loc="best", fontsize=9)
