"""Claims made on docs/challenges/run-to-run-variation.md about its snippet's run."""

from snippet_support import stdout, values

SNIPPET = "challenges/run_to_run_variation.py"


def test_same_seeds_give_identical_weights() -> None:
    assert values(SNIPPET)["identical"] is True
    assert "same seeds twice, identical weights: True" in stdout(SNIPPET)


def test_different_seeds_give_different_scores() -> None:
    v = values(SNIPPET)
    assert len(v["both"]) == 10
    assert v["spread"] == v["highest"] - v["lowest"] > 0.02  # a spread worth reporting
    assert v["spread_points"] == 100 * v["spread"]
    assert 0 < v["std"] < v["spread"]


def test_starting_weights_matter_more_than_order_here() -> None:
    v = values(SNIPPET)
    assert v["spread_weights"] > 2 * v["spread_order"]  # "caused most of the variation"
    assert v["weights_points"] > v["order_points"]


def test_worst_and_best_runs_fit_their_training_points_about_equally() -> None:
    v = values(SNIPPET)
    assert v["worst_train_misses"] <= 2 and v["best_train_misses"] <= 2
    assert abs(v["worst_train_misses"] - v["best_train_misses"]) <= 1
    assert v["both"][v["worst_seed"]] == v["lowest"]
    assert v["both"][v["best_seed"]] == v["highest"]
