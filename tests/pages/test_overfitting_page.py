"""Claims made on docs/challenges/overfitting.md about its snippet's run."""

import numpy as np
from snippet_support import stdout, values

SNIPPET = "challenges/overfitting.py"
REMEDIES = ("dropout", "weight decay", "early stopping")


def test_the_network_is_big_for_its_training_set() -> None:
    v = values(SNIPPET)
    assert v["n_train"] == 60
    assert v["params_per_point"] == v["n_params"] / v["n_train"] > 100


def test_without_a_remedy_the_network_memorises() -> None:
    v = values(SNIPPET)
    base = v["results"]["no remedy"]
    assert base["train_accuracy"] == 1.0
    assert base["train_loss"] < 0.01  # "practically zero"
    val_loss = v["curves"]["no remedy"]["val_loss"]
    lowest = int(np.argmin(val_loss)) + 1
    assert lowest == v["base_lowest_epoch"] <= 20  # "within the first few epochs"
    assert v["base_val_growth"] == val_loss[-1] / val_loss[0] > 1.5  # "climbs for the rest"
    assert val_loss[-1] == max(val_loss[lowest - 1 :])  # ends at its highest since the lowest


def test_every_remedy_beats_the_baseline_on_validation_data() -> None:
    results = values(SNIPPET)["results"]
    base = results["no remedy"]
    for name in REMEDIES:
        assert results[name]["val_loss"] < base["val_loss"], name
        assert results[name]["val_accuracy"] > base["val_accuracy"], name


def test_what_the_page_says_about_each_remedy() -> None:
    v = values(SNIPPET)
    results = v["results"]
    base_val_loss = results["no remedy"]["val_loss"]
    # Dropout: a fraction of the baseline's validation loss.
    assert v["dropout_loss_share"] == results["dropout"]["val_loss"] / base_val_loss < 0.5
    # Weight decay: the lowest validation loss of the four; training loss well above 0.
    assert results["weight decay"]["val_loss"] == min(r["val_loss"] for r in results.values())
    assert results["weight decay"]["train_loss"] > 0.1
    # Weight decay and early stopping leave some training points misclassified.
    assert results["weight decay"]["train_accuracy"] < 1.0
    assert results["early stopping"]["train_accuracy"] < 1.0
    # Early stopping: stopped `patience` epochs after its best epoch, long before 300.
    assert v["stopped_after"] == results["early stopping"]["epochs"]
    assert v["stopped_after"] == v["best_epoch"] + v["patience"]
    assert v["epochs_saved_share"] > 0.5
    # The restored weights are those of the best epoch.
    es_val = v["curves"]["early stopping"]["val_loss"]
    assert np.isclose(results["early stopping"]["val_loss"], es_val[v["best_epoch"] - 1])


def test_accuracy_moves_less_than_loss() -> None:
    results = values(SNIPPET)["results"]
    losses = [r["val_loss"] for r in results.values()]
    accuracies = [r["val_accuracy"] for r in results.values()]
    assert max(losses) > 5 * min(losses)
    assert max(accuracies) - min(accuracies) < 0.1


def test_output_shows_the_table() -> None:
    out = stdout(SNIPPET)
    assert "val accuracy" in out
    assert out.count("\n") >= 4
