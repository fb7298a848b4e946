"""Claims made on docs/concepts/neuron.md about its snippets' runs."""

import math
from pathlib import Path

from snippet_support import stdout, values

NEURON = "concepts/neuron.py"
BOUNDARY = "concepts/neuron_boundary.py"
LINES = "concepts/xor_lines.py"


def test_the_worked_neuron_gives_the_numbers_in_the_text() -> None:
    v = values(NEURON)
    assert math.isclose(v["z"], 0.5 * 1 - 0.3 * 2 + 0.8 * -1 + 0.1, abs_tol=1e-12)
    assert math.isclose(v["output"], 1 / (1 + math.exp(0.8)), rel_tol=1e-12)
    assert v["matches_by_hand"]  # the Dense(3, 1) + Sigmoid layer agrees


def test_one_neuron_separates_the_clouds_perfectly() -> None:
    v = values(BOUNDARY)
    assert v["acc_separable"] == 1.0
    # "both weights are positive, so the boundary runs from top left to bottom right"
    assert all(w > 0 for w in v["learned_w"])


def test_one_neuron_fails_on_xor_and_hedges_at_one_half() -> None:
    v = values(BOUNDARY)
    assert v["acc_xor"] <= 0.75  # the most any straight line can do
    assert 0.4 <= v["acc_xor"] <= 0.6  # "no better than a coin"
    assert all(abs(p - 0.5) < 0.05 for p in v["xor_outputs"])  # "all close to 0.5"
    assert abs(v["xor_loss"] - math.log(2)) < 0.005  # "the printed loss is just that"


def test_no_random_line_gets_all_four_xor_corners_right() -> None:
    v = values(LINES)
    assert v["n_lines"] >= 10_000
    assert v["best"] == 3  # "the best possible score is 3 out of 4"
    assert v["lines_with_three"] > 0
    assert "most XOR corners any line got right: 3 of 4" in stdout(LINES)


PAGE = Path(__file__).resolve().parents[2] / "docs" / "concepts" / "neuron.md"


def test_mcculloch_and_pitts_come_before_the_perceptron() -> None:
    text = " ".join(PAGE.read_text().split())
    assert "Pitts from 1943, the first artificial neuron" in text
    assert text.index("1943") < text.index("1958")
