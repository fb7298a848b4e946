"""Claims made on docs/concepts/convolutional-networks.md about its snippets' runs."""

from itertools import pairwise

from snippet_support import values

BASICS = "concepts/convolutional_networks.py"
FIELD = "concepts/convolutional_networks_receptive_field.py"
FEATURES = "concepts/convolutional_networks_features.py"
SHIFT = "concepts/convolutional_networks_shift.py"


def test_conv2d_is_cross_correlation_not_convolution() -> None:
    v = values(BASICS)
    assert v["layer_vs_loops"] < 1e-12  # Conv2D computes the formula
    assert v["xcorr_vs_convolution"] > 1.0  # the flipped kernel gives another map
    assert v["flip_is_negation"]  # "for this kernel the flip only changes the sign"


def test_output_size_formula_matches_the_layer() -> None:
    v = values(BASICS)
    assert v["sizes_agree"]
    assert len(v["size_rows"]) == 6  # "the six cases"


def test_convolution_needs_far_fewer_parameters_than_dense() -> None:
    v = values(BASICS)
    assert v["digit_conv"] == 8 * (9 + 1)
    assert v["digit_ratio"] > 100
    assert v["photo_ratio"] > 1e8  # hundreds of millions of times as many


def test_receptive_field_rule_and_growth() -> None:
    v = values(FIELD)
    assert v["rule_matches"]  # measured widths equal the rule in every case
    assert v["plain_widths"] == [3, 5, 7, 9]  # + 2 per layer
    pooled = v["pooled_widths"]
    assert all(b > 2 * a - 3 for a, b in pairwise(pooled))  # roughly doubling
    assert v["pooled_last"] > 4 * v["plain_last"]


def test_effective_receptive_field_is_concentrated() -> None:
    v = values(FIELD)
    assert v["centre_share"] > 2 * v["centre_area"]  # middle ninth: far more than a ninth


def test_convolution_is_equivariant_pooling_adds_a_little_invariance() -> None:
    v = values(SHIFT)
    assert v["equivariance_error"] < 1e-12
    sim = v["similarity"]
    for name in ("no pooling", "2×2 max pooling", "4×4 max pooling"):
        assert all(a > b for a, b in pairwise(sim[name])), name  # drift apart with the move
    assert v["none_1"] < v["pool2_1"] < v["pool4_1"] < 1  # pooling keeps more, not all
    assert v["pool2_4"] < 0.5  # "the gain is small and shrinks"
    assert v["global_change"] < 1e-12  # the whole-map maximum does not change


def test_trained_cnn_is_not_shift_invariant() -> None:
    v = values(SHIFT)
    assert v["accuracy_0"] > 0.9
    assert v["accuracy_1"] < v["accuracy_0"] - 0.2  # one pixel costs a lot
    assert v["accuracy_2"] < v["accuracy_1"]


def test_digit_cnn_learns_and_deeper_channels_are_more_specific() -> None:
    v = values(FEATURES)
    assert v["test_accuracy"] > 0.9
    assert v["layer2_share"] > v["layer1_share"] + 0.1
    assert v["layer1_share"] < v["chance_share"] + 0.15  # "hardly more than" random images
    assert v["layer2_channels_over_half"] >= 4
