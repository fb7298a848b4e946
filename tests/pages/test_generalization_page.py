"""Claims made on docs/concepts/generalization.md about its snippets' runs."""

from itertools import pairwise

from snippet_support import values

POLY = "concepts/generalization.py"
DD = "concepts/generalization_double_descent.py"
REG = "concepts/generalization_regularization.py"


def test_polynomial_fit_shows_the_bias_variance_trade_off() -> None:
    v = values(POLY)
    bias, var, total = v["bias_squared"], v["variance"], v["expected_test_error"]
    assert v["bias_squared_degree_1"] > 10 * v["variance_degree_1"]  # rigid: bias dominates
    assert v["variance_max_degree"] > 100 * bias[-1]  # flexible: variance dominates
    assert all(b > a for a, b in pairwise(var))  # variance grows with degree
    best = v["best_expected_degree"]
    assert 0 < best < v["max_degree"]  # a U: lowest in between
    assert total[0] > total[best] < total[-1]
    assert abs(v["best_degree"] - best) <= 2  # validation picks a neighbouring degree
    assert v["train_error_max_degree"] < v["noise_variance"]  # below the noise: fits noise
    assert v["val_error_max_degree"] > v["val_error_of_best"]
    assert v["test_error_of_best"] > v["noise_variance"]


def test_double_descent_peaks_at_the_interpolation_threshold() -> None:
    v = values(DD)
    n = v["N_TRAIN"]
    assert abs(v["peak_width"] - n) <= 2
    assert v["peak_over_mean"] > 100  # far worse than predicting the mean
    assert abs(v["first_interpolating_width"] - n) <= 2  # training error 0 from about p = n
    widths, err = v["width_list"], v["mean_test_error"]
    # classic U below the threshold: a minimum well below n, then rising towards n
    assert v["u_best_width"] < n / 3
    near = [e for w, e in zip(widths, err, strict=True) if n / 2 < w < n]
    assert min(near) > v["u_best_error"]
    # second descent: falls after the peak, and flattens
    after = [e for w, e in zip(widths, err, strict=True) if w > n + 2]
    assert after[-1] < after[0] / 10
    assert v["widest_error"] < v["target_variance"]
    # honest caveat on the page: the widest model is not better than the best small one
    assert v["widest_error"] > v["u_best_error"]


def test_regularizers_compared_as_described() -> None:
    v = values(REG)
    mean, spread, shifted = v["test_mean"], v["test_spread"], v["shifted_mean"]
    penalties = ("weight decay", "dropout", "early stopping")
    # on the digits as they are, penalties are within about a seed spread of no regularizer
    for m in penalties:
        assert abs(mean[m] - mean["none"]) <= max(spread["none"], spread[m]) + 0.005
    assert mean["augmentation"] < min(mean[m] for m in ("none", *penalties))
    # on shifted test digits only augmentation holds up
    assert shifted["none"] < 0.5
    assert all(shifted[m] < 0.5 for m in penalties)
    assert shifted["augmentation"] > shifted["none"] + 0.3
    assert v["n_train"] + v["n_val"] + v["n_test"] == 1797
    assert v["steps_per_epoch"] == 10
