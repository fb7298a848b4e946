"""Claims made on docs/challenges/run-to-run-variation.md about its snippet's run."""

from snippet_support import stdout, values

SNIPPET = "challenges/run_to_run_variation.py"


def test_same_seeds_give_identical_weights() -> None:
    assert values(SNIPPET)["identical"] is True
    assert "same seeds twice, identical weights: True" in stdout(SNIPPET)


def test_different_seeds_give_different_scores() -> None:
    v = values(SNIPPET)
    assert len(v["both"]) == 10
    assert v["spread"] > 0
    assert v["spread"] > 0.06  # "more than six percentage points"


def test_starting_weights_matter_more_than_order_here() -> None:
    spread = values(SNIPPET)["spread_by_source"]
    assert spread["starting weights vary"] > 2 * spread["example order varies"]


def test_strip_plot_description() -> None:
    spread = values(SNIPPET)["spread_by_source"]
    assert 0.08 < spread["starting weights vary"] < 0.1  # "almost ten percentage points"
    assert spread["example order varies"] <= 0.02  # "within two points"
    assert spread["both vary"] > 0.06  # "more than six points"


def test_worst_and_best_runs_fit_their_training_points() -> None:
    v = values(SNIPPET)
    train_accuracy = v["train_accuracy"]
    assert train_accuracy[str(v["worst_seed"])] == 1.0  # "all of them right"
    assert train_accuracy[str(v["best_seed"])] == 39 / 40  # "all but one"
