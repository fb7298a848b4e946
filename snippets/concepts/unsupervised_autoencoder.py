"""Learning without labels: an autoencoder on the digits, against PCA and raw pixels.

An autoencoder squeezes each 8x8 digit through a 2-number code and learns to
rebuild the image from it. Nobody tells it which digit is which. Afterwards
the labels are used once, only to judge: do the codes group by digit? The
decoder is then used on its own, to draw digits from points of the code space.
"""

import matplotlib.pyplot as plt
import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score

from dlnotes.activations import ReLU, Sigmoid
from dlnotes.layers import Dense
from dlnotes.losses import MSE
from dlnotes.model import Sequential
from dlnotes.optim import Adam
from dlnotes.plot.images import show_images

digits = load_digits()
X, y = digits.data / 16.0, digits.target  # (1797, 64) pixels in [0, 1]; y only for judging
order = np.random.default_rng(0).permutation(len(X))
train, val = order[:1500], order[1500:]

# --8<-- [start:autoencoder]
encoder = [Dense(64, 128, seed=0), ReLU(), Dense(128, 32, seed=1), ReLU(), Dense(32, 2, seed=2)]
decoder = [
    Dense(2, 32, seed=3),
    ReLU(),
    Dense(32, 128, seed=4),
    ReLU(),
    Dense(128, 64, seed=5),
    Sigmoid(),
]
autoencoder = Sequential(encoder + decoder)  # 64 pixels -> 2 numbers -> 64 pixels
autoencoder.compile(MSE(), Adam(lr=3e-3), metrics=())
history = autoencoder.fit(
    X[train], X[train], epochs=80, batch_size=64, validation_data=(X[val], X[val]), seed=0
)
code = Sequential(encoder).predict(X)  # (1797, 2): each digit's code
# --8<-- [end:autoencoder]
reconstruction_error = history["val_loss"][-1]
pixel_variance = float(X[val].var(axis=0).mean())  # the error of always drawing the mean image

# --8<-- [start:compare]
pca_code = PCA(n_components=2, random_state=0).fit_transform(X)
ari = {}  # adjusted Rand index of k-means clusters against the true digits
for name, features in (("raw pixels (64)", X), ("PCA (2)", pca_code), ("autoencoder (2)", code)):
    clusters = KMeans(n_clusters=10, n_init=10, random_state=0).fit_predict(features)
    ari[name] = adjusted_rand_score(y, clusters)
# --8<-- [end:compare]
for name, value in ari.items():
    print(f"k-means on {name:16s} adjusted Rand index {value:.3f}")

fig, axes = plt.subplots(1, 2, figsize=(7.0, 3.6))
colours = plt.get_cmap("tab10").colors  # ten digits, ten colours
for ax, features, title in ((axes[0], pca_code, "PCA"), (axes[1], code, "autoencoder")):
    for d in range(10):
        pts = features[y == d]
        ax.scatter(pts[:, 0], pts[:, 1], s=4, color=colours[d], alpha=0.6, rasterized=True)
        ax.annotate(str(d), np.median(pts, axis=0), fontsize=12, fontweight="bold", ha="center")
    ax.set(title=f"{title}: 64 pixels -> 2 numbers", xlabel="code 1", ylabel="code 2")

# --8<-- [start:generate]
decode = Sequential(decoder)
lo, hi = np.percentile(code, [5, 95], axis=0)  # the region where most codes lie
grid = np.stack(np.meshgrid(np.linspace(lo[0], hi[0], 8), np.linspace(hi[1], lo[1], 8)), -1)
drawn = decode.predict(grid.reshape(-1, 2)).reshape(-1, 8, 8)  # 64 new images
# --8<-- [end:generate]
fig, axes = plt.subplots(8, 8, figsize=(5.0, 5.0))
show_images(axes.flat, drawn, vmin=0.0, vmax=1.0)
fig.suptitle("decoded from an 8 x 8 grid of points in the code space")

# --8<-- [start:interpolate]
a, b = code[np.flatnonzero(y == 0)[0]], code[np.flatnonzero(y == 7)[0]]
steps = np.linspace(0.0, 1.0, 8)[:, None]
between = decode.predict((1 - steps) * a + steps * b).reshape(-1, 8, 8)  # from a 0 to a 7
# --8<-- [end:interpolate]
fig, axes = plt.subplots(1, 8, figsize=(7.0, 1.3))
show_images(axes.flat, between, titles=[f"{t:.2f}" for t in steps[:, 0]], vmin=0.0, vmax=1.0)

best = max(ari, key=ari.get)
ari_raw, ari_pca, ari_ae = ari["raw pixels (64)"], ari["PCA (2)"], ari["autoencoder (2)"]
n_train = len(train)
