"""Claims made on docs/concepts/backpropagation.md about its snippets' runs."""

import math

from snippet_support import stdout, values

WORKED = "concepts/backprop_worked.py"
GRADCHECK = "concepts/gradcheck_table.py"


def test_hand_gradients_equal_dlnotes_backward() -> None:
    assert values(WORKED)["max_difference"] < 1e-12


def test_printed_forward_and_backward_values() -> None:
    out = stdout(WORKED)
    for line in [
        "y_hat  =  0.286794",
        "L      =  0.508663",
        "h1     =  0.365864",
        "h2     =  0.331812",
        "dL/dy_hat = -1.426412",
        "dL/dh1    = -0.855847",
        "dL/dh2    =  0.570565",
        "dL/dz1    = -0.198563",
        "dL/dz2    =  0.126502",
    ]:
        assert line in out, line


def test_signs_the_page_explains() -> None:
    v = values(WORKED)
    assert v["dL_dy_hat"] < 0  # output too low
    assert v["dL_dv1"] < 0 and v["dL_dv2"] < 0
    assert v["dL_dh2"] > 0 and v["v2"] < 0
    assert v["dL_dw11"] < 0 < v["dL_dw21"]
    assert math.isclose(v["dL_dw11"], v["dL_dz1"] * v["x1"])  # input x error signal


def test_signals_shrink_towards_the_input() -> None:
    v = values(WORKED)
    assert abs(v["dL_dy_hat"]) > abs(v["dL_dh1"]) > abs(v["dL_dz1"])
    assert abs(v["dL_dh2"]) > abs(v["dL_dz2"])


def test_one_step_cuts_the_loss() -> None:
    v = values(WORKED)
    assert round(v["loss_value"], 2) == 0.51
    assert round(v["loss_after_step"], 2) == 0.05


def test_correct_gradients_pass_the_check() -> None:
    v = values(GRADCHECK)
    assert v["worst_error"] < 1e-6
    assert 1e-9 < v["worst_error"] < 1e-7  # "near 1e-8"
    assert all(1e-10 <= e <= 1e-8 for e in v["errors"].values())  # alt text


def test_the_bug_shows_only_below_the_broken_layer() -> None:
    v = values(GRADCHECK)
    buggy, correct = v["buggy_errors"], v["errors"]
    assert buggy["0.Dense.W"] >= 0.1 and buggy["0.Dense.b"] >= 0.1
    assert buggy["0.Dense.W"] < 0.2 and buggy["0.Dense.b"] > 0.8  # "about 0.1 and 1"
    assert buggy["2.Dense.W"] == correct["2.Dense.W"]
    assert buggy["2.Dense.b"] == correct["2.Dense.b"]
