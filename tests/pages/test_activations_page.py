"""Claims made on docs/concepts/activations.md about its snippet's run."""

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
