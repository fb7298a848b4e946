"""Claims made on docs/challenges/compute-cost.md about its snippet's run.

Nothing here is timed: parameters and operations follow from the shapes, and
the speeds come from the committed benchmark results.
"""

from pathlib import Path

import pytest
from snippet_support import stdout, values

SNIPPET = "challenges/compute_cost.py"


def test_parameter_counts_follow_the_formulas() -> None:
    v = values(SNIPPET)
    assert v["width_params"] == [w * w + 260 * w + 2 for w in v["widths"]]
    assert v["depth_params"] == [33_154 + 16_512 * (d - 1) for d in v["depths"]]
    # "roughly triple instead of quadrupling" from width 256 to 512
    assert 2.5 < v["width_params"][-1] / v["width_params"][-2] < 3.5


def test_backward_costs_twice_the_forward_for_a_dense_layer() -> None:
    v = values(SNIPPET)
    assert v["one_backward"] == 2 * v["one_forward"]
    assert v["backward_to_forward"] == 2
    # The whole network a little less, because the first layer skips dL/dx.
    assert 1.5 < v["network_backward_to_forward"] < 2


def test_operations_grow_like_the_parameters() -> None:
    v = values(SNIPPET)
    ops = v["width_operations"]
    assert ops == sorted(ops) and v["depth_operations"] == sorted(v["depth_operations"])
    steps = [b - a for a, b in zip(v["depth_operations"], v["depth_operations"][1:], strict=False)]
    depth_gaps = [b - a for a, b in zip(v["depths"], v["depths"][1:], strict=False)]
    per_layer = {step / gap for step, gap in zip(steps, depth_gaps, strict=True)}
    assert len(per_layer) == 1  # linear in the depth: the same cost per extra layer


def test_the_six_p_d_rule_slightly_overestimates() -> None:
    v = values(SNIPPET)
    assert v["rule_of_thumb_widest"] > v["operations_widest"]
    assert v["rule_of_thumb_widest"] < 1.25 * v["operations_widest"]
    assert v["gpt3_times_1e23"] == pytest.approx(3.15)
    assert 90 < v["gpt3_years_at_1e14"] < 110  # "about a hundred years"


def test_small_networks_run_far_below_the_large_ones_speed() -> None:
    v = values(SNIPPET)
    assert v["speed_ratio"] > 10  # fixed costs dominate the tiny network
    assert "billion operations per second" in stdout(SNIPPET)


def test_the_page_does_not_talk_about_how_the_site_is_tested() -> None:
    page = Path(__file__).resolve().parents[2] / "docs" / "challenges" / "compute-cost.md"
    text = page.read_text().lower()
    for phrase in ("the test for this page", "test for this page", "this test", "the build"):
        assert phrase not in text, phrase
