"""Claims made on docs/concepts/optimizers.md about its snippets' runs."""

from itertools import pairwise

from snippet_support import values

PATHS = "concepts/optimizer_paths.py"
SPIRALS = "concepts/optimizer_spirals.py"
SGD, MOMENTUM, ADAM = "SGD (lr 0.035)", "momentum (lr 0.035, μ 0.8)", "Adam (lr 0.3)"
SGD_S, MOMENTUM_S, ADAM_S = "SGD (lr 0.05)", "momentum (lr 0.05, μ 0.9)", "Adam (lr 0.01)"


def test_valley_momentum_lowest_then_adam_then_sgd() -> None:
    loss = values(PATHS)["final_loss"]
    assert loss[MOMENTUM] < loss[ADAM] < loss[SGD]
    assert 100 < loss[SGD] / loss[MOMENTUM] < 1000  # "hundreds of times"


def test_valley_sgd_is_monotone_momentum_is_not() -> None:
    losses = values(PATHS)["losses"]
    sgd, momentum = losses[SGD], losses[MOMENTUM]
    assert all(b < a for a, b in pairwise(sgd))
    assert any(b > a for a, b in pairwise(momentum))


def test_adams_first_step_moves_both_coordinates_by_the_rate() -> None:
    da, db = values(PATHS)["adam_first_step"]
    assert abs(da - 0.3) < 1e-6 and abs(db + 0.3) < 1e-6


def test_spirals_adam_then_momentum_then_sgd() -> None:
    final = values(SPIRALS)["final"]
    assert final[ADAM_S]["loss"] < final[MOMENTUM_S]["loss"] < final[SGD_S]["loss"]
    assert final[SGD_S]["loss"] > 5 * final[MOMENTUM_S]["loss"]  # "far behind"
    assert final[SGD_S]["accuracy"] < min(final[ADAM_S]["accuracy"], final[MOMENTUM_S]["accuracy"])


def test_spirals_curves_as_described() -> None:
    h = values(SPIRALS)["histories"]
    assert 0.25 < h[SGD_S]["loss"][-1] < 0.35  # "ends near 0.3"
    assert h[ADAM_S]["loss"][-1] < h[MOMENTUM_S]["loss"][-1] < 0.1
    for name in (ADAM_S, MOMENTUM_S):
        assert min(h[name]["accuracy"][9:]) > 0.9  # above 90% from epoch 10 on
    assert 0.91 < h[SGD_S]["accuracy"][-1] < 0.94  # "ends near 92%"
