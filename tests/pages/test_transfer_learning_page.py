"""Claims made on docs/concepts/transfer-learning.md about its snippets' runs."""

import numpy as np
from snippet_support import values

PRETRAIN = "concepts/transfer_pretrain.py"
FINETUNE = "concepts/transfer_finetune.py"


def test_the_base_learned_its_own_task() -> None:
    assert values(PRETRAIN)["source_val_accuracy"] >= 0.95


def test_accuracy_grows_with_labelled_examples_for_every_strategy() -> None:
    for strategy, curve in values(FINETUNE)["mean_accuracy"].items():
        assert np.all(np.diff(curve[:3]) > 0), strategy  # 2 -> 10 -> 30 per digit
        assert curve[-1] >= curve[0] + 0.1, strategy


def test_the_strategies_end_close_together() -> None:
    # "At every size the four strategies end within <largest_range> of each other":
    # pre-training on the small source barely helps.
    v = values(FINETUNE)
    assert v["largest_range"] <= 0.1
    assert abs(v["pretrained_over_random"]) <= 0.1


def test_freezing_costs_accuracy_once_there_are_enough_labels() -> None:
    v = values(FINETUNE)
    assert v["freezing_cost"] > 0
    assert v["best_at"]["80"] != "frozen base"


def test_fine_tuning_moves_the_first_convolution_least() -> None:
    change = values(FINETUNE)["change"]
    assert change["conv 1"] == min(change.values())
    assert change["conv 2"] == max(change.values())
