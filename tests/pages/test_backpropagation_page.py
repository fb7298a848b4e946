"""Claims made on docs/concepts/backpropagation.md about its snippets' runs."""

import math
from pathlib import Path

from snippet_support import values

WORKED = "concepts/backprop_worked.py"
GRADCHECK = "concepts/gradcheck_table.py"
PAGE = Path(__file__).resolve().parents[2] / "docs" / "concepts" / "backpropagation.md"


def test_hand_gradients_equal_dlnotes_backward() -> None:
    assert values(WORKED)["max_difference"] < 1e-12  # "nothing beyond rounding error"


def test_the_hand_computation_follows_the_chain_rule() -> None:
    v = values(WORKED)
    assert math.isclose(v["dL_dy_hat"], 2 * (v["y_hat"] - v["y"]))
    assert math.isclose(v["dL_dh1"], v["dL_dy_hat"] * v["v1"])
    assert math.isclose(v["dL_dz1"], v["dL_dh1"] * v["h1"] * (1 - v["h1"]))
    assert math.isclose(v["L"], (v["y_hat"] - v["y"]) ** 2)


def test_signs_the_page_explains() -> None:
    v = values(WORKED)
    assert v["y_hat"] < v["y"]  # "too low"
    assert v["dL_dy_hat"] < 0
    assert v["dL_dv1"] < 0 and v["dL_dv2"] < 0
    assert v["dL_dh2"] > 0 and v["v2"] < 0
    assert v["dL_dw11"] < 0 < v["dL_dw21"]
    assert math.isclose(v["dL_dw11"], v["dL_dz1"] * v["x1"])  # input x error signal


def test_signals_shrink_towards_the_input_because_every_factor_is_below_one() -> None:
    v = values(WORKED)
    assert abs(v["v1"]) < 1 and abs(v["v2"]) < 1  # "|v1| and |v2| are below 1"
    assert abs(v["dL_dy_hat"]) > abs(v["dL_dh1"]) > abs(v["dL_dz1"])
    assert abs(v["dL_dh2"]) > abs(v["dL_dz2"])


def test_one_step_cuts_the_loss() -> None:
    v = values(WORKED)
    assert v["loss_after_step"] < v["loss_value"] / 5


def test_correct_gradients_pass_the_check() -> None:
    v = values(GRADCHECK)
    assert v["worst_error"] < 1e-6
    assert all(e < 1e-6 for e in v["errors"].values())


def test_the_bug_shows_only_below_the_broken_layer() -> None:
    v = values(GRADCHECK)
    buggy, correct = v["buggy_errors"], v["errors"]
    assert v["buggy_first_layer_error"] > 1e-2  # "fails loudly"
    assert v["buggy_first_layer_error"] > 1e4 * v["worst_error"]
    assert buggy["2.Dense.W"] == correct["2.Dense.W"]
    assert buggy["2.Dense.b"] == correct["2.Dense.b"]


def test_the_page_states_the_backward_pass_costs_about_twice_the_forward() -> None:
    # Two matrix products of the forward's size (X.T @ G and G @ W.T) against one (X @ W).
    text = " ".join(PAGE.read_text().split())
    assert "about twice as much as the forward pass" in text
    assert "costs about as much as" not in text
    n, n_in, n_out = 32, 100, 10
    forward = 2 * n * n_in * n_out  # X @ W
    backward = 2 * n_in * n * n_out + 2 * n * n_out * n_in  # X.T @ G and G @ W.T
    assert backward == 2 * forward
    assert values("challenges/compute_cost.py")["backward_to_forward"] == 2.0  # the same count
