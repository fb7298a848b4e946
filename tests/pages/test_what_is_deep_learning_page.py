"""Claims made on docs/concepts/what-is-deep-learning.md about its snippets' runs."""

from pathlib import Path

from snippet_support import values

DIAGRAM = "concepts/network_diagram.py"
FEATURES = "concepts/learned_features.py"


def test_the_diagrammed_network_has_the_counts_the_page_states() -> None:
    v = values(DIAGRAM)
    assert v["layer_sizes"] == [4, 6, 6, 6, 3]
    assert v["hidden_layers"] == 3
    assert v["weights"] == 4 * 6 + 6 * 6 + 6 * 6 + 6 * 3  # the check-yourself sum
    assert v["neurons"] == v["biases"] == 6 + 6 + 6 + 3


def test_one_neuron_guesses_on_raw_inputs_but_not_with_the_hand_made_feature() -> None:
    v = values(FEATURES)
    assert v["acc_raw"] <= 0.6  # "no better than guessing" (two balanced classes)
    assert v["acc_engineered"] == 1.0  # separates disc and ring
    assert v["acc_network"] == v["acc_engineered"]  # "reaches ... too"


PAGE = Path(__file__).resolve().parents[2] / "docs" / "concepts" / "what-is-deep-learning.md"


def test_the_history_starts_with_mcculloch_and_pitts_and_is_cited() -> None:
    text = " ".join(PAGE.read_text().split())
    assert text.index("McCulloch") < text.index("Rosenblatt")  # 1943 before 1958
    assert "https://doi.org/10.1007/BF02478259" in text  # the 1943 paper
    assert "Hinton, one of the field's pioneers, put the question" not in text
    assert "cross-correlation" in text  # what image networks' "convolution" computes
