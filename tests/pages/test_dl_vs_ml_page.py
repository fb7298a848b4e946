"""Claims made on docs/concepts/dl-vs-ml.md about its snippets' runs."""

from snippet_support import values

CURVES = "concepts/learning_curves.py"
SEEDS = "concepts/seeds.py"


def test_parameter_counts() -> None:
    v = values(CURVES)
    assert v["linear_parameters"] == 6
    assert v["mlp_parameters"] == 354


def test_linear_model_wins_with_eight_points() -> None:
    v = values(CURVES)
    assert v["sizes"][0] == 8
    assert v["mean_linear"][0] > v["mean_mlp"][0]
    assert round(v["mean_linear"][0], 2) == 0.83 and round(v["mean_mlp"][0], 2) == 0.75


def test_mlp_draws_level_at_sixteen_and_wins_from_64_on() -> None:
    v = values(CURVES)
    sizes, lin, mlp = v["sizes"], v["mean_linear"], v["mean_mlp"]
    assert sizes[1] == 16 and abs(lin[1] - mlp[1]) < 0.01
    assert all(m > l for n, l, m in zip(sizes, lin, mlp, strict=True) if n >= 64)
    assert sizes[-1] == 512 and mlp[-1] - lin[-1] > 0.05  # "more than five points"
    assert round(mlp[-1], 2) == 0.91


def test_linear_model_flattens_out() -> None:
    v = values(CURVES)
    pairs = zip(v["sizes"], v["mean_linear"], strict=True)
    assert all(0.85 <= l <= 0.86 for n, l in pairs if n >= 32)


def test_two_seeds_give_different_networks() -> None:
    v = values(SEEDS)
    acc = v["test_accuracy"]
    assert round(acc["seed 1"], 3) == 0.903 and round(acc["seed 2"], 3) == 0.909
    assert 0.003 < abs(acc["seed 1"] - acc["seed 2"]) < 0.01  # "half a point"
    assert 0.025 < v["disagreement_1_vs_2"] < 0.035  # "about 3%"


def test_confident_and_contradictory_at_the_marked_point() -> None:
    p = values(SEEDS)["probability"]
    assert p["seed 1"] < 0.01 and p["seed 2"] > 0.99


def test_same_seed_reproduces_the_run_exactly() -> None:
    v = values(SEEDS)
    assert v["same_seed_weight_difference"] == 0.0
    assert v["disagreement_1_vs_1"] == 0.0
    assert v["probability"]["seed 1"] == v["probability"]["seed 1 again"]
