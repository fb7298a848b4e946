"""Claims made on docs/challenges/interpretability.md about its snippet's run."""

from snippet_support import stdout, values

SNIPPET = "challenges/interpretability.py"


def test_the_network_learns_what_a_linear_model_cannot() -> None:
    v = values(SNIPPET)
    assert v["val_accuracy"] > 0.95
    assert v["linear_accuracy"] < 0.55  # "no better than guessing"
    assert v["val_accuracy"] > v["linear_accuracy"] + 0.3


def test_saliency_concentrates_on_the_relevant_features() -> None:
    v = values(SNIPPET)
    assert sorted(v["top_two_features"]) == ["x1", "x2"]
    assert v["relevant_saliency_share"] > 0.6  # most of the total, on 2 of 8 features
    assert v["relevant_saliency_share"] > v["relevant_weight_share"] + 0.2  # "much clearer"
    assert "share of saliency on x1 and x2:" in stdout(SNIPPET)
    # "The bars for x1 and x2 are ... about equal; the six others are short."
    share = v["feature_saliency"]
    assert 0.8 < share[0] / share[1] < 1.25
    assert max(share[2:]) < 0.25 * min(share[:2])


def test_first_layer_weights_are_a_rough_guide() -> None:
    v = values(SNIPPET)
    assert v["relevant_weight_share"] < 0.5  # a rough guide: not even half
    weights = v["mean_abs_weight"]
    # x1 and x2 hold the strongest weights, but the noise rows are far from empty.
    assert min(weights[:2]) > max(weights[2:])
    assert min(weights[2:]) > 0.25 * max(weights[:2])
