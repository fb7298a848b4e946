"""Claims made on docs/concepts/losses.md about its snippets' runs."""

import math

from snippet_support import values

LOSSES = "concepts/losses.py"
LANDSCAPE = "concepts/loss_landscape.py"


def test_single_example_values() -> None:
    v = values(LOSSES)
    assert abs(v["bce_at_half"] - math.log(2)) < 1e-12  # BCE at p = 0.5 is ln 2
    assert abs(v["ce_uniform"] - math.log(3)) < 1e-12  # equal scores, 3 classes: ln 3
    assert v["mse_off_by_2"] == 4.0  # "an error of 2 costs 4"
    assert abs(v["bce_p09"] + math.log(0.9)) < 1e-12
    assert abs(v["bce_p01"] + math.log(0.1)) < 1e-12


def test_cross_entropy_curve_is_minus_log_p() -> None:
    assert values(LOSSES)["ce_matches_minus_log"]


def test_the_loss_is_lowest_for_the_line_through_the_points() -> None:
    v = values(LANDSCAPE)
    assert v["I"] == 20
    low, mid, high = v["candidate_losses"]
    assert v["candidates"] == [0.5, 2.0, 3.5]
    assert mid * 10 < min(low, high)  # "by far the smallest loss"
    assert abs(v["w_best"] - v["w_least_squares"]) < 0.01  # grid agrees with calculus
    assert abs(v["w_least_squares"] - 2.0) < 0.1  # "roughly on the line y = 2x"
    assert min(v["candidate_losses"]) == mid  # the slope-2 line is the best candidate
