"""Claims made on docs/challenges/hyperparameters.md about its snippet's run."""

from snippet_support import stdout, values

SNIPPET = "challenges/hyperparameters.py"


def test_best_and_worst_cells() -> None:
    v = values(SNIPPET)
    assert (v["best_lr"], v["best_batch_size"]) == (0.1, 16)
    assert v["best_accuracy"] == 0.96
    assert round(v["worst_accuracy"], 3) == 0.317
    assert v["worst_accuracy"] < 1 / 3  # no better than guessing among 3 classes
    assert "best cell: learning rate 0.1, batch size 16: 96.0%" in stdout(SNIPPET)


def test_structure_of_the_map() -> None:
    v = values(SNIPPET)
    grid = v["accuracy_grid"]  # rows: learning rates, columns: batch sizes
    lrs, batches = v["learning_rates"], v["batch_sizes"]
    row = {lr: dict(zip(batches, grid[i], strict=True)) for i, lr in enumerate(lrs)}
    # Learning rate 1 fails everywhere; at the two smallest batches it is at chance.
    assert all(a < 0.6 for a in row[1.0].values())
    assert row[1.0][4] < 1 / 3 and row[1.0][16] < 1 / 3
    # Learning rate 0.001: bad with batch 256 (44%), good with batch 4.
    assert row[0.001][256] == 0.44
    assert row[0.001][4] > 0.9
    # The diagonal band of good cells, "around 94 to 96%".
    for lr, b in [(0.01, 4), (0.1, 16), (0.1, 64), (0.1, 256)]:
        assert 0.935 <= row[lr][b] <= 0.965, (lr, b)


def test_best_learning_rate_depends_on_batch_size() -> None:
    v = values(SNIPPET)
    assert v["best_lr_per_batch"] == {"4": 0.01, "16": 0.1, "64": 0.1, "256": 0.1}


def test_update_counts() -> None:
    v = values(SNIPPET)
    assert v["n_train"] == 300
    assert v["updates_per_run"]["4"] == 2250
    assert v["updates_per_run"]["256"] == 60
