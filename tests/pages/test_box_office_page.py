"""Claims made on docs/applications/box-office.md about its snippets' runs."""

from itertools import pairwise

import numpy as np
import pytest
from snippet_support import stdout, values

from dlnotes import data

MODELS = "applications/box_office_models.py"
UNITS = "applications/box_office_units.py"


def test_the_formula_on_the_page_generates_the_data() -> None:
    """The page's formula, without noise, is the data up to a ±10 % factor."""
    X, y = data.box_office(n=500, seed=0)
    b, a, s, w = X.T
    formula = (
        b
        * (0.3 + 3 * (1 - np.exp(-a / 25)) * (0.2 + 0.16 * s))
        * (1 + 0.35 * np.cos(2 * np.pi * w / 26))
    )
    log_noise = np.log(y / formula)
    assert abs(log_noise.mean()) < 0.02
    assert 0.09 < log_noise.std() < 0.11


def test_the_trained_line_is_close_to_but_not_exactly_the_least_squares_line() -> None:
    v = values(MODELS)
    X, y = data.box_office(n=500, seed=0)
    X_train, _, y_train, _ = data.train_test_split(X, y, test_fraction=0.2, seed=0)
    best_slope, best_intercept = np.polyfit(X_train[:, 0], y_train, 1)
    assert v["exact_slope"] == pytest.approx(best_slope)  # lstsq is the least-squares line
    assert v["exact_intercept"] == pytest.approx(best_intercept)
    assert 0 < v["slope_gap"] < 0.03  # "close to it but not on it"
    # The squared error hardly notices: the exact line is better, by very little.
    assert v["train_rmse_exact"] <= v["train_rmse_trained"] < 1.001 * v["train_rmse_exact"]
    out = stdout(MODELS)
    assert "trained line:" in out and "least squares:" in out


def test_films_with_similar_budgets_earn_very_different_amounts() -> None:
    low, high = values(MODELS)["revenue_range_near_150"]
    assert high > 5 * low  # "anything from ... to ..."


def test_the_networks_beat_the_line_on_held_out_films() -> None:
    v = values(MODELS)
    rmse, r2 = v["rmse"], v["r_squared"]
    names = ["line, budget only", "linear, all four inputs", "network 4-3-1", "network 4-32-32-1"]
    # every step down the table predicts new films better
    assert [rmse[n] for n in names] == sorted((rmse[n] for n in names), reverse=True)
    assert [r2[n] for n in names] == sorted(r2[n] for n in names)
    # "more inputs help most": the biggest single gain in R² is from the extra inputs
    gains = [r2[b] - r2[a] for a, b in pairwise(names)]
    assert gains[0] == max(gains)
    # nothing beats the noise floor, and the biggest network gets close to it
    assert v["rmse_noise_floor"] < min(rmse.values())
    assert v["r2_noise_floor"] - v["r2_bigger"] < 0.05
    # RMSE is never below the mean absolute error
    assert v["rmse_noise_floor"] > v["mae_noise_floor"]


def test_parameter_counts_match_the_page() -> None:
    n = values(MODELS)["n_params"]
    assert n["line, budget only"] == 2
    assert n["linear, all four inputs"] == 5
    assert n["network 4-3-1"] == 4 * 3 + 3 + 3 + 1 == 19


def test_only_the_larger_network_follows_the_seasons() -> None:
    v = values(MODELS)
    assert v["swing_small"] < 0.25 * v["season_swing_true"]  # "moves by only"
    assert v["swing_bigger"] > v["season_swing_true"]  # "too much"


def test_the_units_snippet_trains_the_same_network() -> None:
    assert values(UNITS)["rmse_small"] == values(MODELS)["rmse"]["network 4-3-1"]


def test_sign_flips_leave_the_output_unchanged() -> None:
    assert values(UNITS)["same_output"] is True
    assert "output unchanged after the sign flips: True" in stdout(UNITS)


def test_what_each_hidden_unit_does_matches_the_table() -> None:
    v = values(UNITS)
    corr = np.array(v["correlations"])  # rows: budget, advertising, star power, timing
    weights = np.array(v["weights"])
    out = v["outgoing"]
    budget, advertising, star, timing = 0, 1, 2, 3
    assert all(w > 0 for w in out)  # after the flips
    assert out[0] == max(out)  # unit 1 carries the largest outgoing weight
    # unit 1: spend, rising with budget and advertising
    assert corr[budget, 0] > 0.5 and corr[advertising, 0] > 0.5
    assert weights[budget, 0] > 0.3 and weights[advertising, 0] > 0.3
    # unit 2: star power up, budget down, not advertising
    assert corr[star, 1] > 0.3 and corr[budget, 1] < -0.3
    assert abs(corr[advertising, 1]) < 0.3
    # unit 3: advertising alone, downwards
    assert corr[advertising, 2] < -0.7
    assert np.abs(np.delete(corr[:, 2], advertising)).max() < 0.2
    # nobody listens to release timing
    assert v["largest_timing_weight"] < 0.2 and v["largest_timing_corr"] <= 0.2
    assert np.abs(weights[timing]).max() == pytest.approx(v["largest_timing_weight"])


def test_advertising_saturates_in_the_network_and_the_truth() -> None:
    v = values(UNITS)
    assert v["gain_first_30"] > 2 * v["gain_last_30"] > 0
    assert v["true_gain_first_30"] > 10 * v["true_gain_last_30"] > 0
    # "the copy is rough"
    assert v["true_gain_first_30"] > 2 * v["gain_first_30"]
