"""Claims made on docs/concepts/what-is-deep-learning.md about its snippets' runs."""

from snippet_support import stdout, values

DIAGRAM = "concepts/network_diagram.py"
FEATURES = "concepts/learned_features.py"


def test_the_diagrammed_network_has_the_counts_the_page_states() -> None:
    v = values(DIAGRAM)
    assert v["layer_sizes"] == [4, 6, 6, 6, 3]
    assert v["hidden_layers"] == 3
    assert v["weights"] == 114  # "Even this toy network has 114 weights"; check yourself
    assert v["neurons"] == 21
    assert v["biases"] == 21
    assert "weights:       114" in stdout(DIAGRAM)


def test_one_neuron_guesses_on_raw_inputs_but_not_with_the_hand_made_feature() -> None:
    v = values(FEATURES)
    assert v["acc_raw"] <= 0.6  # "no better than guessing" (two balanced classes)
    assert v["acc_engineered"] == 1.0  # "it is perfect"
    assert v["acc_network"] == 1.0  # "reaches the same result"
