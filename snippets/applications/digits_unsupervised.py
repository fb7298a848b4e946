"""Learning without labels on real data: k-means clusters and a PCA map of the digits.

k-means groups the 1,797 digit images into 10 clusters without ever seeing a
label; the adjusted Rand index then measures how well those clusters agree
with the true digits (1 = the same grouping, about 0 = no better than
chance). PCA squeezes the 64 pixels into the 2 directions of largest
variance, which gives a map of the data set, coloured here by the true digit.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score

from dlnotes.plot.style import PALETTE

# --8<-- [start:cluster]
X, y = load_digits(return_X_y=True)  # X: (1797, 64) pixels; y is used only to score
kmeans = KMeans(n_clusters=10, n_init=10, random_state=0).fit(X)
agreement = adjusted_rand_score(y, kmeans.labels_)
print(f"k-means, 10 clusters: adjusted Rand index {agreement:.2f}")

# What each cluster holds: its most common digit and that digit's share.
for cluster in range(10):
    members = y[kmeans.labels_ == cluster]
    common = np.bincount(members, minlength=10).argmax()
    share = np.mean(members == common)
    print(f"cluster {cluster}: {len(members):>3} images, {share:.0%} are {common}")
# --8<-- [end:cluster]

n_images = len(y)
# counts[c, d]: images of digit d in cluster c; the least pure cluster's two main digits.
counts = np.array([np.bincount(y[kmeans.labels_ == c], minlength=10) for c in range(10)])
least_pure = counts[np.argmin(counts.max(axis=1) / counts.sum(axis=1))]
counts_per_cluster = counts.tolist()
mixed_digits = sorted(np.argsort(least_pure)[-2:].tolist())
purity = float(sum(np.bincount(y[kmeans.labels_ == c]).max() for c in range(10)) / len(y))
shuffled = adjusted_rand_score(y, np.random.default_rng(0).permutation(kmeans.labels_))

# --8<-- [start:pca]
pca = PCA(n_components=2, random_state=0)
Z = pca.fit_transform(X)  # (1797, 2): each image as a point
explained = float(pca.explained_variance_ratio_.sum())
# --8<-- [end:pca]

COLOURS = [*PALETTE, "#8c6d31", "#7f7f7f", "#e377c2"]  # ten colours for ten digits
fig, ax = plt.subplots(figsize=(6.0, 4.6))
for digit in range(10):
    points = Z[y == digit]
    ax.scatter(points[:, 0], points[:, 1], s=6, alpha=0.6, color=COLOURS[digit], lw=0)
    cx, cy = np.median(points, axis=0)
    ax.text(
        cx,
        cy,
        str(digit),
        fontsize=14,
        fontweight="bold",
        color=COLOURS[digit],
        ha="center",
        va="center",
    )
ax.set(
    xlabel="first principal component",
    ylabel="second principal component",
    title=f"The digits on their 2 main axes ({explained:.0%} of the variance)",
)
