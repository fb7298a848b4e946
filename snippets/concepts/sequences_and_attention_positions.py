"""Sinusoidal positional encoding: a distinct pattern of waves for every position.

``dlnotes.attention.positional_encoding(T, d)`` gives a ``(T, d)`` table:
sine in the even columns and cosine in the odd ones, each pair of columns a
wave with its own period: 2 pi (about 6 positions) for the first pair,
growing geometrically towards 10000 * 2 pi.
"""

import matplotlib.pyplot as plt
import numpy as np

from dlnotes.attention import positional_encoding

# --8<-- [start:positions]
T, d = 64, 32
pe = positional_encoding(T, d)  # (64, 32): one row per position
# --8<-- [end:positions]
# Nearby positions have similar codes, distant ones less so.
pe_unit = pe / np.linalg.norm(pe, axis=1, keepdims=True)
similarity_to_10 = pe_unit @ pe_unit[10]
neighbour_similarity = float(similarity_to_10[11])
far_similarity = float(similarity_to_10[50])
distinct_rows = len(np.unique(pe.round(6), axis=0))

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), width_ratios=[1.1, 1])
image = left.imshow(pe.T, cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto", interpolation="nearest")
left.grid(False)
left.set(xlabel="position", ylabel="feature (column of PE)", title="Positional encoding")
fig.colorbar(image, ax=left, shrink=0.85)
positions = np.arange(T)
for column in (2, 8, 16):
    period = 2 * np.pi * 10000 ** (column / d)
    right.plot(positions, pe[:, column], label=f"column {column}\n(period {period:.0f})")
right.set(xlabel="position", ylabel="value", title="Sine columns: fast to slow", ylim=(-1.15, 1.15))
right.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
