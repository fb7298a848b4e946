"""Claims made on docs/applications/box-office.md about its snippets' runs."""

import numpy as np
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


def test_the_trained_line_is_the_least_squares_line() -> None:
    v = values(MODELS)
    X, y = data.box_office(n=500, seed=0)
    X_train, _, y_train, _ = data.train_test_split(X, y, test_fraction=0.2, seed=0)
    best_slope, best_intercept = np.polyfit(X_train[:, 0], y_train, 1)
    assert abs(v["slope"] - best_slope) < 0.02 * best_slope
    assert abs(v["intercept"] - best_intercept) < 3.0
    assert "revenue = 30.5 + 2.27 * budget" in stdout(MODELS)  # quoted on the page
    assert 2 < v["slope"] < 2.5  # "a little more than two dollars"
    assert 45 < v["line_at_10"] < 55 and 475 < v["line_at_200"] < 490  # alt text


def test_films_with_similar_budgets_earn_very_different_amounts() -> None:
    low, high = values(MODELS)["revenue_range_near_150"]
    assert low < 100 and high > 900


def test_the_networks_beat_the_line_on_held_out_films() -> None:
    v = values(MODELS)
    rmse, r2 = v["rmse"], v["r_squared"]
    names = ["line, budget only", "linear, all four inputs", "network 4-3-1", "network 4-32-32-1"]
    # every step down the table predicts new films better
    assert [rmse[n] for n in names] == sorted((rmse[n] for n in names), reverse=True)
    assert round(r2["line, budget only"], 2) == 0.38
    assert round(r2["linear, all four inputs"], 2) == 0.71
    assert round(r2["network 4-3-1"], 2) == 0.84
    assert round(r2["network 4-32-32-1"], 2) == 0.96
    assert round(rmse["linear, all four inputs"]) == 152
    assert round(rmse["network 4-3-1"]) == 114
    # nothing beats the noise floor
    assert round(v["rmse_noise_floor"]) == 36
    assert round(v["r2_noise_floor"], 2) == 0.98
    assert v["rmse_noise_floor"] < min(rmse.values())


def test_parameter_counts_match_the_page() -> None:
    n = values(MODELS)["n_params"]
    assert n["line, budget only"] == 2
    assert n["linear, all four inputs"] == 5
    assert n["network 4-3-1"] == 4 * 3 + 3 + 3 + 1 == 19
    assert n["network 4-32-32-1"] == 1_249


def test_only_the_larger_network_follows_the_seasons() -> None:
    v = values(MODELS)
    swing = v["season_swing"]
    assert round(swing["network 4-3-1"]) == 29
    assert round(v["season_swing_true"]) == 242
    assert round(swing["network 4-32-32-1"]) == 337


def test_the_units_snippet_trains_the_same_network() -> None:
    assert values(UNITS)["rmse_small"] == values(MODELS)["rmse"]["network 4-3-1"]


def test_sign_flips_leave_the_output_unchanged() -> None:
    assert values(UNITS)["same_output"] is True
    assert "output unchanged after the sign flips: True" in stdout(UNITS)


def test_what_each_hidden_unit_does_matches_the_table() -> None:
    v = values(UNITS)
    corr = np.array(v["correlations"])  # rows: budget, advertising, star power, timing
    weights = np.array(v["weights"])
    budget, advertising, star = 0, 1, 2
    assert np.round(v["outgoing"], 2).tolist() == [6.02, 2.73, 1.92]
    # unit 1: spend, from budget and advertising
    assert round(corr[budget, 0], 2) == 0.69 and round(corr[advertising, 0], 2) == 0.69
    assert weights[budget, 0] > 0.4 and weights[advertising, 0] > 0.4
    # unit 2: star power up, budget down, little advertising
    assert round(corr[star, 1], 2) == 0.47 and round(corr[budget, 1], 2) == -0.52
    assert abs(corr[advertising, 1]) < 0.3
    assert round(weights[budget, 1], 2) == -0.74 and round(weights[star, 1], 2) == 0.64
    # unit 3: advertising alone
    assert round(corr[advertising, 2], 2) == -0.88
    assert round(weights[advertising, 2], 2) == -1.25
    assert np.abs(np.delete(corr[:, 2], advertising)).max() < 0.2
    # nobody listens to release timing
    assert round(v["largest_timing_weight"], 2) == 0.10
    assert v["largest_timing_corr"] <= 0.15


def test_advertising_saturates_in_the_network_and_the_truth() -> None:
    v = values(UNITS)
    assert round(v["gain_first_30"]) == 138 and round(v["gain_last_30"]) == 42
    assert round(v["true_gain_first_30"]) == 341 and round(v["true_gain_last_30"]) == 21
