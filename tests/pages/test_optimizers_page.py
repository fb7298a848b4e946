"""Claims made on docs/concepts/optimizers.md about its snippets' runs."""

from itertools import pairwise
from pathlib import Path

from snippet_support import values

PATHS = "concepts/optimizer_paths.py"
SPIRALS = "concepts/optimizer_spirals.py"
SGD, MOMENTUM, ADAM = "SGD (lr 0.035)", "momentum (lr 0.035, μ 0.8)", "Adam (lr 0.3)"


def test_valley_settings_as_stated() -> None:
    v = values(PATHS)
    assert v["lr"] < v["largest_stable_rate"] == 2 / 50  # "close to the largest stable rate"
    assert v["lr"] > 0.8 * v["largest_stable_rate"]
    assert 0 < v["mu"] < 1
    assert v["momentum_step_factor"] == 1 / (1 - v["mu"])


def test_valley_momentum_lowest_then_adam_then_sgd() -> None:
    v = values(PATHS)
    assert v["momentum_loss"] < v["adam_loss"] < v["sgd_loss"]
    assert v["final_loss"][MOMENTUM] == v["momentum_loss"]
    assert v["sgd_over_momentum"] > 10  # "far below SGD's"


def test_valley_sgd_is_monotone_momentum_is_not() -> None:
    losses = values(PATHS)["losses"]
    sgd, momentum = losses[SGD], losses[MOMENTUM]
    assert all(b < a for a, b in pairwise(sgd))
    assert any(b > a for a, b in pairwise(momentum))


def test_adams_first_step_moves_both_coordinates_by_the_rate() -> None:
    v = values(PATHS)
    da, db = v["adam_first_step"]
    assert abs(da - v["adam_lr"]) < 1e-6 and abs(db + v["adam_lr"]) < 1e-6


def test_spirals_adam_then_momentum_then_sgd() -> None:
    v = values(SPIRALS)
    assert v["adam_loss"] < v["momentum_loss"] < v["sgd_loss"]
    assert v["sgd_loss"] > 3 * v["momentum_loss"]  # "still far behind"
    assert v["sgd_accuracy"] < min(v["adam_accuracy"], v["momentum_accuracy"])


def test_spirals_curves_as_described() -> None:
    h = values(SPIRALS)["histories"]
    sgd, momentum, adam = (h[name]["loss"] for name in h)
    assert all(b < a for a, b in pairwise(sgd[::5]))  # "falls slowly and steadily"
    assert adam[-1] < momentum[-1] < sgd[-1] / 3
    for name in list(h)[1:]:
        assert min(h[name]["accuracy"][9:]) > 0.9  # above 90% from epoch 10 on


PAGE = Path(__file__).resolve().parents[2] / "docs" / "concepts" / "optimizers.md"


def test_the_valley_momentum_is_stated_in_the_text_from_the_snippet() -> None:
    assert '{{ value("concepts/optimizer_paths.py", "mu") }}' in PAGE.read_text()
