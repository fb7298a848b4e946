"""Claims made on docs/concepts/dl-vs-ml.md about its snippets' runs."""

from pathlib import Path

from snippet_support import values

CURVES = "concepts/learning_curves.py"
SEEDS = "concepts/seeds.py"


def test_the_mlp_has_far_more_parameters_than_the_linear_model() -> None:
    v = values(CURVES)
    assert v["linear_parameters"] == 2 * 2 + 2  # "weights (2 x 2) and biases (2)"
    assert v["mlp_parameters"] > 50 * v["linear_parameters"]


def test_linear_model_wins_with_eight_points() -> None:
    v = values(CURVES)
    assert v["sizes"][0] == 8
    assert v["linear_at_8"] > v["mlp_at_8"]


def test_mlp_draws_level_at_sixteen_then_pulls_ahead_for_good() -> None:
    v = values(CURVES)
    sizes, lin, mlp = v["sizes"], v["mean_linear"], v["mean_mlp"]
    assert sizes[1] == 16 and abs(lin[1] - mlp[1]) < 0.01  # "level at 16" (alt text)
    assert v["mlp_ahead_from"] <= 64
    assert all(m > li for n, li, m in zip(sizes, lin, mlp, strict=True) if n >= v["mlp_ahead_from"])
    assert sizes[-1] == 512 and v["lead_points"] > 3  # "clearly above it at 512"


def test_linear_model_flattens_out() -> None:
    v = values(CURVES)
    assert v["linear_plateau_high"] - v["linear_plateau_low"] < 0.02  # "stopped improving"
    assert v["mean_mlp"][-1] > v["linear_plateau_high"]


def test_two_seeds_give_different_networks() -> None:
    v = values(SEEDS)
    assert v["accuracy_seed_1"] != v["accuracy_seed_2"]
    assert v["accuracy_gap_points"] < 2  # "differ slightly"
    assert 0.005 < v["disagreement_1_vs_2"] < 0.1


def test_confident_and_contradictory_at_the_marked_point() -> None:
    v = values(SEEDS)
    assert v["probability_seed_1"] < 0.01 and v["probability_seed_2"] > 0.99


def test_same_seed_reproduces_the_run_exactly() -> None:
    v = values(SEEDS)
    assert v["same_seed_weight_difference"] == 0.0
    assert v["disagreement_1_vs_1"] == 0.0
    assert v["probability"]["seed 1"] == v["probability"]["seed 1 again"]


def test_logistic_regression_ends_at_the_same_boundary_from_either_seed() -> None:
    v = values(SEEDS)
    assert v["linear_probability_difference"] < 1e-5  # "the same probability"
    assert v["linear_disagreement"] == 0.0  # "label the test points identically"
    assert v["disagreement_1_vs_2"] > 0.0  # while the two networks do not


PAGE = Path(__file__).resolve().parents[2] / "docs" / "concepts" / "dl-vs-ml.md"


def test_probabilities_and_randomness_are_not_presented_as_differences() -> None:
    text = " ".join(PAGE.read_text().split())
    assert "Two properties are often listed as differences, but are not" in text
    assert "Two more differences are easy to overlook" not in text
    assert "ml-vs-dl-on-real-data.md" in text  # the real-data comparison is linked
