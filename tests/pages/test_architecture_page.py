"""Claims made on docs/concepts/architecture.md about its snippet's run."""

from pathlib import Path

from snippet_support import stdout, values

SNIPPET = "concepts/architecture_depth.py"


def test_depths_and_data_are_as_described() -> None:
    v = values(SNIPPET)
    assert v["depths"] == [0, 1, 3]
    assert v["n_points"] == 300


def test_no_hidden_layer_stays_poor_and_hidden_layers_fit_the_spirals() -> None:
    acc_0, acc_1, acc_3 = values(SNIPPET)["train_accuracy"]
    assert acc_0 < 0.7  # straight borders cannot follow a spiral
    assert acc_1 >= 0.95 and acc_3 >= 0.95  # "one hidden layer is already enough"


def test_parameter_count_by_hand_matches_the_summary() -> None:
    v = values(SNIPPET)
    assert v["by_hand"] == (2 * 8 + 8) + 2 * (8 * 8 + 8) + (8 * 3 + 3)
    assert f"Total params: {v['by_hand']}" in stdout(SNIPPET)


PAGE = Path(__file__).resolve().parents[2] / "docs" / "concepts" / "architecture.md"


def test_model_size_against_test_error_mentions_double_descent() -> None:
    text = " ".join(PAGE.read_text().split())
    assert "double descent" in text
    assert "too large and it wastes time and memorises noise" not in text
