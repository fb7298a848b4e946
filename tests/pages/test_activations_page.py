"""Claims made on docs/concepts/activations.md about its snippets' runs."""

from itertools import pairwise

from snippet_support import values

SNIPPET = "concepts/activations.py"


def test_sigmoid_slope_is_at_most_a_quarter_and_small_at_five() -> None:
    v = values(SNIPPET)
    assert v["sigmoid_max_slope"] == 0.25  # proven in the text, measured on the grid
    assert v["sigmoid_slope_at_5"] < 0.01  # "falls fast"
    assert v["tanh_max_slope"] == 1.0


def test_softmax_keeps_the_order_and_sums_to_one() -> None:
    p = values(SNIPPET)["probability_list"]
    assert abs(sum(p) - 1) < 1e-12
    assert p[0] > p[1] > p[2] > 0  # "the largest score keeps the largest share ... no zero"


COLLAPSE = "concepts/linear_collapse.py"


def test_stacked_linear_layers_equal_one_layer() -> None:
    v = values(COLLAPSE)
    assert v["collapse_error"] < 1e-12  # "rounding error: they are the same function"


def test_with_relu_no_single_linear_layer_fits() -> None:
    assert values(COLLAPSE)["relu_fit_error"] > 0.5  # misses by far more than rounding


FLOW = "concepts/gradient_flow.py"


def test_sigmoid_loses_the_signal_but_the_quarter_bound_is_no_bound() -> None:
    v = values(FLOW)
    small, large = v["at_layer_1"]["sigmoid, std 1/√n"], v["at_layer_1"]["sigmoid, std 2/√n"]
    assert large < 1e-3 and small < 1e-3  # "loses the signal at both scales"
    assert (
        small < v["sigmoid_bound"] < large
    )  # below 0.25^20 with small weights, above it with large
    assert v["sigmoid_large_over_bound"] > 100  # the "bound" is exceeded many times over


def test_tanh_and_relu_gradients_shrink_or_explode_with_the_weight_scale() -> None:
    v = values(FLOW)
    assert v["tanh_small"] < 1 < v["tanh_large"]
    assert v["tanh_large"] > 5  # "the gradient explodes"
    assert v["relu_small"] < 1e-2 and v["relu_large"] > 1e2
    # ReLU: the weights set the factor per layer, one side of 1 at each scale,
    # and He's sqrt(2) scale lies between them.
    assert v["relu_small_per_layer"] < 1 < v["relu_large_per_layer"]
    assert v["relu_small_per_layer"] * 2**0.5 < v["relu_large_per_layer"]


def test_relu_and_sigmoid_signals_change_steadily_layer_by_layer() -> None:
    curves = values(FLOW)["curves"]  # per layer, layer 1 first
    for key in ("sigmoid, std 1/√n", "sigmoid, std 2/√n", "ReLU, std 1/√n"):
        assert all(a < b for a, b in pairwise(curves[key])), key  # shrinks towards layer 1
    assert all(a > b for a, b in pairwise(curves["ReLU, std 2/√n"]))  # grows towards layer 1


DEAD = "concepts/dead_relu.py"


def test_a_dead_relu_unit_is_frozen_while_silent_and_then_recovers() -> None:
    v = values(DEAD)
    assert v["dead_epochs"] >= 2  # silent on every example for a few epochs
    assert v["firing"][0] == 0.0
    assert v["moved_while_dead"] == 0.0  # its weights get exactly zero gradient
    assert v["final_firing"] > 0.5  # the layer below revived it
