"""Small data sets for the site's examples, and two helpers to prepare them.

Every generator is deterministic given ``seed`` (an int, a
``np.random.Generator`` or None for fresh randomness) and fully vectorized.
Features are float64, class labels are int64, samples are on the first axis.
"""

from __future__ import annotations

import numpy as np

Seed = int | np.random.Generator | None
"""A seed for ``np.random.default_rng``: an int, a Generator, or None (fresh)."""

BOX_OFFICE_FEATURES: tuple[str, ...] = (
    "budget",
    "advertising",
    "star_power",
    "release_timing",
)
"""Column names of ``box_office`` features, in order."""


def xor() -> tuple[np.ndarray, np.ndarray]:
    """The four points of the XOR problem, which no straight line separates.

    ``y = x1 XOR x2`` for ``x1, x2`` in {0, 1}.

    Returns:
        ``X``: float64 ``(4, 2)`` rows (0, 0), (0, 1), (1, 0), (1, 1).
        ``y``: int64 ``(4,)`` labels 0, 1, 1, 0.
    """
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0], dtype=np.int64)
    return X, y


def spirals(
    n_per_class: int = 100, classes: int = 3, noise: float = 0.2, seed: Seed = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class (the CS231n toy problem).

    Point ``i`` of arm ``k`` sits at radius ``r_i = i / (n_per_class - 1)`` and
    angle ``theta = 4 * r_i + 2*pi*k / classes + noise * e``, ``e ~ N(0, 1)``::

        x = (r * sin(theta), r * cos(theta))

    Each arm turns through 4 radians; the arms start 2*pi/classes apart.

    Args:
        n_per_class: points per arm, >= 2.
        classes: number of arms (and classes), >= 2.
        noise: standard deviation of the angle noise, in radians.
        seed: seed or Generator for the noise.

    Returns:
        ``X``: float64 ``(n_per_class * classes, 2)``, inside the unit disk.
        ``y``: int64 ``(n_per_class * classes,)`` arm index, grouped by class.
    """
    if n_per_class < 2 or classes < 2:
        raise ValueError(
            "spirals: expected n_per_class >= 2 and classes >= 2, "
            f"got n_per_class={n_per_class}, classes={classes}"
        )
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(classes), n_per_class)
    r = np.tile(np.linspace(0.0, 1.0, n_per_class), classes)
    theta = 4.0 * r + 2.0 * np.pi * y / classes + noise * rng.standard_normal(r.size)
    X = np.column_stack([r * np.sin(theta), r * np.cos(theta)])
    return X, y.astype(np.int64)


def moons(n: int = 200, noise: float = 0.1, seed: Seed = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (like scikit-learn's ``make_moons``).

    Class 0 is the upper arc ``(cos t, sin t)``, class 1 the lower arc
    ``(1 - cos t, 0.5 - sin t)``, ``t`` evenly spaced in [0, pi]; every point
    gets Gaussian noise of standard deviation ``noise`` on both coordinates.

    Args:
        n: total number of points, >= 2 (class 0 gets ``ceil(n / 2)``).
        noise: standard deviation of the added noise.
        seed: seed or Generator for the noise.

    Returns:
        ``X``: float64 ``(n, 2)``.
        ``y``: int64 ``(n,)`` labels 0 (upper moon) and 1 (lower moon).
    """
    if n < 2:
        raise ValueError(f"moons: expected n >= 2, got n={n}")
    rng = np.random.default_rng(seed)
    n0 = n - n // 2
    n1 = n // 2
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n1)
    X = np.concatenate(
        [
            np.column_stack([np.cos(t0), np.sin(t0)]),
            np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)]),
        ]
    )
    X += noise * rng.standard_normal(X.shape)
    y = np.concatenate([np.zeros(n0, dtype=np.int64), np.ones(n1, dtype=np.int64)])
    return X, y


def box_office(n: int = 500, seed: Seed = 0) -> tuple[np.ndarray, np.ndarray]:
    """Made-up films: predict box-office revenue from four numbers.

    Features (columns in ``BOX_OFFICE_FEATURES`` order), drawn independently:

    - ``budget``: production budget, millions of dollars, uniform in [10, 200].
    - ``advertising``: marketing spend, millions of dollars, uniform in [0, 100].
    - ``star_power``: fame of the cast, a score uniform in [0, 10].
    - ``release_timing``: week of the year of the release, an integer 1..52.

    Revenue, in millions of dollars, is this nonlinear function plus noise::

        awareness = 1 - exp(-advertising / 25)             # saturates, 0..0.98
        appeal    = 0.2 + 0.16 * star_power                # 0.2..1.8
        season    = 1 + 0.35 * cos(2*pi * release_timing / 26)
                                        # peaks in weeks 26 and 52 (summer,
                                        # holidays), dips in weeks 13 and 39
        revenue   = budget * (0.3 + 3 * awareness * appeal) * season
                    * exp(0.1 * e),                        e ~ N(0, 1)

    The noise multiplies by a random factor of about +-10 %, so revenue stays
    positive. Budget matters, but how much a film earns per dollar of budget
    depends on the product of awareness and star power and on the season, so a
    straight line in ``budget`` alone explains only part of the variance while a
    small network that sees all four features does much better. Standardize the
    features before training: their scales differ by a factor of 40.

    Args:
        n: number of films, >= 1.
        seed: seed or Generator.

    Returns:
        ``X``: float64 ``(n, 4)`` features.
        ``y``: float64 ``(n,)`` revenue in millions of dollars.
    """
    if n < 1:
        raise ValueError(f"box_office: expected n >= 1, got n={n}")
    rng = np.random.default_rng(seed)
    budget = rng.uniform(10.0, 200.0, n)
    advertising = rng.uniform(0.0, 100.0, n)
    star_power = rng.uniform(0.0, 10.0, n)
    release_timing = rng.integers(1, 53, n).astype(np.float64)

    awareness = 1.0 - np.exp(-advertising / 25.0)
    appeal = 0.2 + 0.16 * star_power
    season = 1.0 + 0.35 * np.cos(2.0 * np.pi * release_timing / 26.0)
    revenue = budget * (0.3 + 3.0 * awareness * appeal) * season
    revenue *= np.exp(0.1 * rng.standard_normal(n))

    X = np.column_stack([budget, advertising, star_power, release_timing])
    return X, revenue


def defects(
    n: int = 400, size: int = 16, defective_fraction: float = 0.08, seed: Seed = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Grayscale images of a product surface; a few of them carry a small defect.

    Every image is a smooth surface: a brightness gradient in a random direction
    plus a gentle wave texture, plus pixel noise (standard deviation 0.03)::

        surface = c + g * (u cos(a) + v sin(a))
                    + 0.06 * sin(f * (u cos(b) + v sin(b)) + phase)

    with ``u, v`` the pixel coordinates scaled to [-1, 1] and, per image,
    ``c`` in [0.35, 0.65], ``g`` in [-0.2, 0.2], ``f`` in [1, 3] and random
    angles ``a, b`` and ``phase``.
    Each image is defective (label 1) with probability ``defective_fraction``,
    independently, so on a real line's terms most images are good: the default
    of 8 % makes accuracy alone misleading (calling every image good already
    scores about 92 %). A defective image also has, at a random position, either

    - a thin scratch: a line segment 5 to 9 pixels long at a random angle,
      about one pixel wide, or
    - a spot: a small disk of radius 1 to 1.8 pixels,

    drawn darker or brighter than the surface by 0.25 to 0.45. Pixel values are
    clipped to [0, 1].

    A defect is a small local pattern at a position that changes from image to
    image, and the surface brightness varies more than the defect shifts the
    image's mean. A convolution slides the same small detector everywhere, so a
    small CNN learns this quickly; a dense network has to learn the pattern
    separately for every position.

    Args:
        n: number of images, >= 1.
        size: height and width in pixels, >= 8.
        defective_fraction: probability that an image is defective, in [0, 1].
        seed: seed or Generator.

    Returns:
        ``X``: float64 ``(n, 1, size, size)`` in [0, 1] (batch, channel, H, W).
        ``y``: int64 ``(n,)``, 0 = good, 1 = defect.

    Raises:
        ValueError: if ``n < 1``, ``size < 8`` or ``defective_fraction`` is
            outside [0, 1].
    """
    if n < 1 or size < 8:
        raise ValueError(f"defects: expected n >= 1 and size >= 8, got {n}, {size}")
    if not 0.0 <= defective_fraction <= 1.0:
        raise ValueError(
            f"defects: expected defective_fraction in [0, 1], got {defective_fraction}"
        )
    rng = np.random.default_rng(seed)

    def per_image(low: float, high: float) -> np.ndarray:
        """One uniform number per image, shaped (n, 1, 1) to broadcast over pixels."""
        return rng.uniform(low, high, (n, 1, 1))

    # Pixel coordinates: rows i and columns j in pixels, u and v scaled to [-1, 1].
    i, j = np.meshgrid(np.arange(size), np.arange(size), indexing="ij")
    u, v = 2.0 * j / (size - 1) - 1.0, 2.0 * i / (size - 1) - 1.0

    # The good surface: c + gradient + wave texture + pixel noise.
    c, g, f = per_image(0.35, 0.65), per_image(-0.2, 0.2), per_image(1.0, 3.0)
    a, b, phase = per_image(0, 2 * np.pi), per_image(0, 2 * np.pi), per_image(0, 2 * np.pi)
    gradient = g * (u * np.cos(a) + v * np.sin(a))
    waves = 0.06 * np.sin(f * (u * np.cos(b) + v * np.sin(b)) + phase)
    surface = c + gradient + waves + 0.03 * rng.standard_normal((n, size, size))

    # Defects, for every image at once; masks pick which images show them.
    y = (rng.random(n) < defective_fraction).astype(np.int64)
    is_scratch = rng.random((n, 1, 1)) < 0.5
    sign = np.where(rng.random((n, 1, 1)) < 0.5, -1.0, 1.0)
    strength = per_image(0.25, 0.45)

    # Each defect sits at a random pixel position (ci, cj), away from the border.
    ci = per_image(2.0, size - 3.0)
    cj = per_image(2.0, size - 3.0)

    # Scratch: a segment centred on (ci, cj), `length` pixels long, at `angle`.
    # It runs from (ci, cj) - (di, dj) / 2 to (ci, cj) + (di, dj) / 2.
    angle, length = per_image(0, np.pi), per_image(5.0, 9.0)
    di, dj = length * np.sin(angle), length * np.cos(angle)
    si, sj = ci - di / 2, cj - dj / 2
    # t in [0, 1] picks the point of the segment closest to pixel (i, j).
    t = np.clip(((i - si) * di + (j - sj) * dj) / (length * length), 0.0, 1.0)
    dist_line = np.hypot(i - (si + t * di), j - (sj + t * dj))
    scratch = np.clip(1.0 - dist_line / 0.9, 0.0, 1.0)  # about one pixel wide

    # Spot: a disk of radius r around (ci, cj), with a soft half-pixel edge.
    radius = per_image(1.0, 1.8)
    spot = np.clip(radius + 0.5 - np.hypot(i - ci, j - cj), 0.0, 1.0)

    mark = np.where(is_scratch, scratch, spot)
    images = surface + (y[:, None, None] * sign * strength) * mark
    X = np.clip(images, 0.0, 1.0)[:, None, :, :]
    return X, y


def train_test_split(
    X: np.ndarray, y: np.ndarray, test_fraction: float = 0.2, seed: Seed = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the samples and hold out a fraction of them for testing.

    ``n_test = round(test_fraction * N)``; the rest are for training.

    Args:
        X: features ``(N, ...)``.
        y: targets ``(N, ...)``.
        test_fraction: share of the samples to hold out, in (0, 1).
        seed: seed or Generator for the shuffle.

    Returns:
        ``X_train, X_test, y_train, y_test`` (the scikit-learn order), with
        ``N - n_test`` and ``n_test`` samples.

    Raises:
        ValueError: if X and y hold different numbers of samples, or either
            part would be empty.
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(
            f"train_test_split: X has {len(X)} samples but y has {len(y)}; expected the same number"
        )
    n_test = round(test_fraction * len(X))
    if not 0 < n_test < len(X):
        raise ValueError(
            "train_test_split: expected test_fraction to leave at least one "
            f"sample on each side, got test_fraction={test_fraction} with "
            f"{len(X)} samples"
        )
    order = np.random.default_rng(seed).permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def one_hot(y: np.ndarray, num_classes: int | None = None) -> np.ndarray:
    """Encode integer labels as one-hot rows.

    ``out[i, c] = 1.0 if y[i] == c else 0.0``

    Args:
        y: integer labels ``(N,)`` in ``[0, num_classes)``.
        num_classes: number of columns ``C``; default ``max(y) + 1``.

    Returns:
        float64 ``(N, C)``.

    Raises:
        TypeError: if ``y`` is not an integer array.
        ValueError: if ``y`` is not 1-D or has labels outside ``[0, C)``.
    """
    y = np.asarray(y)
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"one_hot: expected integer labels, got dtype {y.dtype}")
    if y.ndim != 1:
        raise ValueError(f"one_hot: expected labels of shape (N,), got {y.shape}")
    if num_classes is None:
        num_classes = int(y.max()) + 1 if y.size else 0
    if y.size and (y.min() < 0 or y.max() >= num_classes):
        raise ValueError(
            f"one_hot: expected labels in [0, {num_classes}), "
            f"got values from {y.min()} to {y.max()}"
        )
    out = np.zeros((y.size, num_classes))
    out[np.arange(y.size), y] = 1.0
    return out
