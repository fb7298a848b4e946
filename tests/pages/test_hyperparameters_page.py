"""Claims made on docs/challenges/hyperparameters.md about its snippet's run."""

from snippet_support import stdout, values

SNIPPET = "challenges/hyperparameters.py"


def rows(v: dict) -> dict:
    """Accuracy by learning rate, then by batch size."""
    grid, lrs, batches = v["accuracy_grid"], v["learning_rates"], v["batch_sizes"]
    return {lr: dict(zip(batches, grid[i], strict=True)) for i, lr in enumerate(lrs)}


def test_best_and_worst_cells() -> None:
    v = values(SNIPPET)
    assert v["best_accuracy"] == max(max(r.values()) for r in rows(v).values())
    assert v["best_accuracy"] > 0.9
    assert v["worst_accuracy"] <= v["chance"] + 0.01  # "no better than guessing"
    assert "best cell: learning rate" in stdout(SNIPPET)


def test_structure_of_the_map() -> None:
    v = values(SNIPPET)
    row = rows(v)
    # Learning rate 1 fails everywhere; at the two smallest batches it is at chance.
    assert all(a < 0.6 for a in row[1.0].values())
    assert row[1.0][4] < 0.36 and row[1.0][16] < 0.36
    # Learning rate 0.001: bad with batch 256, good with batch 4.
    assert round(v["slow_big_batch"], 3) == row[0.001][256] < 0.6
    assert round(v["slow_small_batch"], 3) == row[0.001][4] > 0.9
    # The diagonal band of good cells.
    for lr, b in [(0.01, 4), (0.1, 16), (0.1, 64), (0.1, 256)]:
        assert row[lr][b] > 0.9, (lr, b)


def test_best_learning_rate_depends_on_batch_size() -> None:
    v = values(SNIPPET)
    best = v["best_lr_per_batch"]
    assert best["4"] < best["256"]  # noisier gradients call for smaller steps
    assert best["16"] == best["64"] == best["256"]  # "every larger batch preferred"


def test_update_counts() -> None:
    v = values(SNIPPET)
    assert v["n_train"] == 300
    assert v["updates_per_run"]["4"] == 30 * 75
    assert v["updates_per_run"]["256"] == 30 * 2
