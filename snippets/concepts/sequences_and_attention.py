"""Attention as a soft lookup, and why the scores are divided by sqrt(d_k).

A dictionary lookup returns the value whose key matches the query exactly.
Attention returns a *blend* of all the values, weighted by how well each key
matches the query: the softmax of the scaled dot products
(``dlnotes.attention.scaled_dot_product_attention``). The second part draws
random queries and keys and shows what the scaling by 1/sqrt(d_k) prevents.
"""

import numpy as np

from dlnotes.attention import scaled_dot_product_attention

np.set_printoptions(precision=2, suppress=True)

# --8<-- [start:lookup]
keys = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]])  # 3 entries, d_k = 2
values = np.array([[10.0], [20.0], [30.0]])  # what each entry holds
query = np.array([[2.0, 0.5]])  # most like key 0, a little like key 1
out, weights = scaled_dot_product_attention(query, keys, values)
print("weights:", weights[0])  # one per key, they sum to 1
print("output: ", out[0])  # the weighted average of the values
# --8<-- [end:lookup]
lookup_weights = [float(w) for w in weights[0]]
lookup_output = float(out[0, 0])

# --8<-- [start:scale]
rng = np.random.default_rng(0)
for d_k in (4, 64, 1024):
    q = rng.normal(size=(2000, 1, d_k))  # 2000 queries, unit variance
    k = rng.normal(size=(2000, 16, d_k))  # 16 keys for each
    raw = (q @ k.swapaxes(1, 2)).std()
    _, w = scaled_dot_product_attention(q * np.sqrt(d_k), k, k)  # unscaled
    _, w_scaled = scaled_dot_product_attention(q, k, k)
    print(
        f"d_k={d_k:5d}: q.k has std {raw:5.1f}; largest weight"
        f" {w.max(axis=-1).mean():.2f} unscaled,"
        f" {w_scaled.max(axis=-1).mean():.2f} scaled"
    )
# --8<-- [end:scale]
score_std_1024 = float(raw)
top_weight_unscaled_1024 = float(w.max(axis=-1).mean())
top_weight_scaled_1024 = float(w_scaled.max(axis=-1).mean())
