"""Claims docs/concepts/gradient-descent.md makes about the learning-rate slider."""

from snippet_support import values

RATE = "concepts/gradient_descent_rate.py"
DESCENT = "concepts/gradient_descent.py"


def test_small_rates_creep_and_the_largest_diverges() -> None:
    limit = values(DESCENT)["largest_stable_rate"]
    rates = values(RATE)["SWEEP"]["values"]
    finals = {lr: values(RATE, sweep=lr)["final_loss"] for lr in rates}
    stable = [lr for lr in rates if lr < limit]
    # Below the limit, a larger rate gets closer in the same 50 steps.
    assert [finals[lr] for lr in stable] == sorted((finals[lr] for lr in stable), reverse=True)
    assert all(not values(RATE, sweep=lr)["diverged"] for lr in stable)
    above = [lr for lr in rates if lr > limit]
    assert above and all(values(RATE, sweep=lr)["diverged"] for lr in above)


def test_the_default_run_matches_the_three_rate_comparison() -> None:
    default = values(RATE)
    assert default["lr"] == 0.3
    # Same data, start and update as gradient_descent.py: the same end point.
    assert abs(default["distance"] - values(DESCENT)["good_distance"]) < 1e-12
