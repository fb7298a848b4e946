"""Claims made on docs/concepts/activations.md about its snippets' runs."""

from snippet_support import stdout, values

SNIPPET = "concepts/activations.py"


def test_sigmoid_slope_is_at_most_a_quarter_and_tiny_at_five() -> None:
    v = values(SNIPPET)
    assert v["sigmoid_max_slope"] == 0.25
    assert v["sigmoid_slope_at_5"] < 0.007
    assert v["tanh_max_slope"] == 1.0


def test_softmax_output_matches_the_page() -> None:
    out = stdout(SNIPPET)
    assert "[0.659 0.242 0.099]" in out  # quoted in "Check yourself"
    assert "sum:            1.0" in out


COLLAPSE = "concepts/linear_collapse.py"


def test_stacked_linear_layers_equal_one_layer() -> None:
    v = values(COLLAPSE)
    assert v["collapse_error"] < 1e-13  # "differ by less than 1e-13 ... rounding error"
    assert "largest difference over 1000 inputs" in stdout(COLLAPSE)


def test_with_relu_no_single_linear_layer_fits() -> None:
    assert values(COLLAPSE)["relu_fit_error"] > 1.0  # "misses by more than 1"
