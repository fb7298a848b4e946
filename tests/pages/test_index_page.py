"""Claims made on docs/index.md about its snippet's run."""

from snippet_support import values

SNIPPET = "home/spirals.py"


def test_a_line_cannot_follow_the_spirals_but_hidden_layers_can() -> None:
    accuracy = values(SNIPPET)["test_accuracy"]
    assert accuracy["linear model"] < 0.5  # "under half of the test points"
    assert accuracy["two hidden layers"] >= 0.97  # "almost every test point"
