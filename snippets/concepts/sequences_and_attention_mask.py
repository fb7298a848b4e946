"""The causal mask: a position may look at itself and the past, not the future.

``dlnotes.attention.causal_mask`` adds minus infinity to every score of a
later position; the softmax turns those into weights of exactly 0.
"""

import numpy as np

from dlnotes.attention import causal_mask, scaled_dot_product_attention

np.set_printoptions(precision=2, suppress=True)
rng = np.random.default_rng(0)

# --8<-- [start:mask]
mask = causal_mask(4)
print(mask)
x = rng.normal(size=(4, 2))  # 4 positions; self-attention: q = k = v = x
_, w_causal = scaled_dot_product_attention(x, x, x, mask=mask)
print(w_causal)  # row t: how much position t takes from positions 0..3
# --8<-- [end:mask]
masked_weight_total = float(np.triu(w_causal, k=1).sum())
first_row_self_weight = float(w_causal[0, 0])
