"""Claims docs/challenges/overfitting.md makes about the training-set-size slider."""

from itertools import pairwise

from snippet_support import values

SIZE = "challenges/overfitting_size.py"


def test_more_training_points_shrink_the_gap() -> None:
    sizes = values(SIZE)["SWEEP"]["values"]
    runs = [values(SIZE, sweep=n) for n in sizes]
    gaps = [r["gap"] for r in runs]
    assert all(b < a for a, b in pairwise(gaps))  # "the gap ... shrinks"
    assert runs[0]["train_accuracy"] == 1.0  # it "can bend around every one of them"
    assert runs[-1]["val_accuracy"] > runs[0]["val_accuracy"]
