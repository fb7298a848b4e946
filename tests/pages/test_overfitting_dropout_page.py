"""Claims docs/challenges/overfitting.md makes about the dropout-rate slider."""

from itertools import pairwise

from snippet_support import values

DROPOUT = "challenges/overfitting_dropout.py"
OVERFITTING = "challenges/overfitting.py"


def test_more_dropout_raises_training_loss_and_lowers_validation_loss() -> None:
    rates = values(DROPOUT)["SWEEP"]["values"]
    runs = [values(DROPOUT, sweep=p) for p in rates]
    assert all(b["train_loss"] > a["train_loss"] for a, b in pairwise(runs))
    assert all(b["val_loss"] < a["val_loss"] for a, b in pairwise(runs))


def test_the_ends_are_the_runs_of_the_comparison() -> None:
    results = values(OVERFITTING)["results"]
    # "at p = 0 it is the network without a remedy"; p = 0.5 is the dropout run.
    assert values(DROPOUT, sweep=0.0)["val_loss"] == results["no remedy"]["val_loss"]
    assert values(DROPOUT, sweep=0.5)["val_loss"] == results["dropout"]["val_loss"]
