"""Claims made on docs/concepts/maths-primer.md about its snippet's run."""

import math

from snippet_support import stdout, values

SNIPPET = "concepts/maths_primer.py"


def test_the_product_has_the_outer_sizes_and_each_entry_is_a_sum() -> None:
    v = values(SNIPPET)
    assert v["product_shape"] == [4, 2]  # (4, 3) @ (3, 2) -> (4, 2)
    assert v["entry_matches"]
    assert "X @ W.T fails" in stdout(SNIPPET)  # mismatched inner sizes raise


def test_forward_difference_error_shrinks_like_h_then_rounding_takes_over() -> None:
    v = values(SNIPPET)
    h, fwd, cen = v["step_sizes"], v["forward_errors"], v["central_errors"]
    # Proportional to h: tenfold smaller step, about tenfold smaller error (h = 0.1 ... 1e-4).
    for k in range(3):
        assert 5 < fwd[k] / fwd[k + 1] < 20
        assert 50 < cen[k] / cen[k + 1] < 200  # central: proportional to h squared
    assert v["central_error_at_1e_4"] < v["forward_error_at_1e_4"] / 100
    # Below the best step, rounding makes the estimate worse again.
    assert 1e-10 <= v["best_forward_step"] <= 1e-6
    assert v["forward_error_at_1e_13"] > 1000 * min(fwd)
    assert h[0] == 0.1 and math.isclose(h[-1], 1e-13)


def test_the_chain_rule_matches_the_central_difference() -> None:
    v = values(SNIPPET)
    assert v["chain_rule_difference"] < 1e-8
    sig = 1 / (1 + math.exp(-(0.8 * 2.0 - 1.0)))
    assert math.isclose(v["chain_rule_value"], sig * (1 - sig) * 2.0, rel_tol=1e-12)


def test_the_gradient_is_the_direction_of_steepest_ascent() -> None:
    v = values(SNIPPET)
    assert v["angle_to_gradient_degrees"] < 0.5  # within the 0.5-degree grid
    assert math.isclose(v["steepest_slope"], v["gradient_length"], rel_tol=1e-4)
    assert v["steepest_slope"] <= v["gradient_length"]  # no direction is steeper


def test_the_product_of_probabilities_underflows_but_the_log_sum_does_not() -> None:
    v = values(SNIPPET)
    assert v["product_underflows"]
    assert v["log_likelihood_is_finite"]
    assert math.isclose(v["log_likelihood_value"], 2000 * math.log(0.3), rel_tol=1e-12)


def test_the_error_of_an_average_shrinks_like_one_over_root_n() -> None:
    v = values(SNIPPET)
    assert v["expected_value"] == 3.5
    assert 8 < v["shrink_per_hundredfold"] < 12  # close to sqrt(100) = 10
