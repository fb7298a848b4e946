"""Claims made on docs/concepts/training.md about its snippets' runs."""

from itertools import pairwise

from snippet_support import stdout, values

LOOP = "concepts/training_loop.py"
EVOLUTION = "concepts/training_evolution.py"


def test_hand_written_loop_equals_fit_bit_for_bit() -> None:
    v = values(LOOP)
    assert v["max_weight_difference"] == 0.0
    assert v["loop_accuracy"] == v["fit_accuracy"]


def test_split_sizes() -> None:
    assert "225 training and 75 validation points" in stdout(EVOLUTION)


def test_validation_accuracy_rises_at_every_epoch_shown() -> None:
    acc = values(EVOLUTION)["accuracy_at"]
    shown = [acc[f"epoch {e}"] for e in (0, 1, 5, 20, 50, 200)]
    assert all(b > a for a, b in pairwise(shown))
    assert 0.25 < shown[0] < 0.4  # close to a random guess among 3 classes
    # The percentages in the figure's alt text.
    assert [round(100 * a) for a in shown] == [31, 35, 51, 69, 95, 96]


def test_learning_curves_as_described() -> None:
    v = values(EVOLUTION)
    c = v["curves"]
    loss, val_loss, val_acc = c["loss"], c["val_loss"], c["val_accuracy"]
    assert all(loss[k] < loss[k - 20] for k in range(20, 200, 20))  # keeps falling
    assert v["best_val_loss_epoch"] == 120
    assert 1.0 < val_loss[-1] / min(val_loss) < 1.3  # rises slightly afterwards
    assert loss[-1] < loss[119]  # training loss still falls after epoch 120
    assert val_acc[0] < 0.4 and val_acc[49] > 0.9  # steep climb before epoch 50
    assert v["final_train_accuracy"] > 0.99  # approaches 100%
    assert round(v["final_val_accuracy"], 2) == 0.96
    assert all(0.95 <= a <= 0.98 for a in val_acc[69:])  # levels off at 96%
    assert v["final_train_accuracy"] > v["final_val_accuracy"]
