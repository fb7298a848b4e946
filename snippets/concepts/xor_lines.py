"""No straight line classifies all four XOR points: a search over random lines.

Each line ``w1*x1 + w2*x2 + b = 0`` splits the plane into two sides. The
search counts, for 20,000 random lines, how many of the four XOR corners end
up on the side of their own class. The best any line manages is three.
"""

import numpy as np

from dlnotes.data import xor

X, y = xor()  # corners (0,0), (0,1), (1,0), (1,1) with labels 0, 1, 1, 0
rng = np.random.default_rng(0)
n_lines = 20_000
W = rng.normal(size=(n_lines, 2))
b = rng.normal(size=n_lines)

side = (X @ W.T + b) > 0  # (4 corners, n_lines): which side of each line
# Corners right if the side "> 0" means class 1 ...
correct = (side == y[:, None]).sum(axis=0)
# ... or, reading the line the other way round, if it means class 0.
best = int(max(correct.max(), 4 - correct.min()))
print(f"lines tried: {n_lines:,}")
print(f"most XOR corners any line got right: {best} of 4")
lines_with_three = int(((correct == 3) | (correct == 1)).sum())
print(f"lines that got 3 of 4 right: {lines_with_three:,}")
