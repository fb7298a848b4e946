"""Claims made on docs/concepts/training.md about its snippets' runs."""

from itertools import pairwise
from pathlib import Path

from snippet_support import values

LOOP = "concepts/training_loop.py"
EVOLUTION = "concepts/training_evolution.py"


def test_hand_written_loop_equals_fit_bit_for_bit() -> None:
    v = values(LOOP)
    assert v["max_weight_difference"] == 0.0
    assert v["loop_accuracy"] == v["fit_accuracy"]


def test_split_sizes() -> None:
    v = values(EVOLUTION)
    assert v["n_train"] + v["n_val"] == 300
    assert v["n_val"] == 300 // 4  # "a quarter of the 300 points held out"


def test_validation_accuracy_rises_at_every_epoch_shown() -> None:
    v = values(EVOLUTION)
    acc = v["accuracy_at"]
    shown = [acc[f"epoch {e}"] for e in (0, 1, 5, 20, 50, 200)]
    assert all(b > a for a, b in pairwise(shown))
    assert abs(v["untrained_accuracy"] - 1 / 3) < 0.1  # close to a random guess among 3


def test_learning_curves_as_described() -> None:
    v = values(EVOLUTION)
    c = v["curves"]
    loss, val_loss, val_acc = c["loss"], c["val_loss"], c["val_accuracy"]
    best = v["best_val_loss_epoch"]
    assert all(loss[k] < loss[k - 20] for k in range(20, 200, 20))  # keeps falling
    assert 50 < best < 200  # the validation loss bottoms out well before the end
    assert 1.0 < val_loss[-1] / min(val_loss) < 1.3  # and rises slightly afterwards
    assert loss[-1] < loss[best - 1]  # training loss still falls after that epoch
    assert val_acc[0] < 0.5 and val_acc[49] > 0.9  # steep climb before epoch 50
    assert v["final_train_accuracy"] > 0.99  # approaches 100%
    assert v["final_train_accuracy"] > v["final_val_accuracy"]
    assert max(val_acc[69:]) - min(val_acc[69:]) < 0.04  # validation accuracy levels off


PAGE = Path(__file__).resolve().parents[2] / "docs" / "concepts" / "training.md"


def test_the_pytorch_loop_is_shown_with_zero_grad() -> None:
    text = PAGE.read_text()
    assert "optimizer.zero_grad()" in text
    assert text.index("optimizer.zero_grad()") < text.index("loss.backward()")
