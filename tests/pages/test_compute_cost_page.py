"""Claims made on docs/challenges/compute-cost.md about its snippet's run.

Timings vary between machines and runs: only robust facts about them are
checked. Parameter counts are exact.
"""

from snippet_support import stdout, values

SNIPPET = "challenges/compute_cost.py"


def test_parameter_counts_follow_the_formulas() -> None:
    v = values(SNIPPET)
    assert v["widths"] == [16, 32, 64, 128, 256, 512]
    assert v["depths"] == [1, 2, 4, 8]
    assert v["width_params"] == [w * w + 260 * w + 2 for w in v["widths"]]
    assert v["depth_params"] == [33_154 + 16_512 * (d - 1) for d in v["depths"]]
    # Numbers quoted on the page.
    assert v["width_params"][0] == 4_418
    assert v["width_params"][-1] == 395_266
    assert v["width_params"][-2] == 132_098
    assert v["depth_params"][-1] == 148_738


def test_bigger_networks_take_longer() -> None:
    v = values(SNIPPET)
    assert v["width_seconds"][-1] > v["width_seconds"][0]
    assert v["depth_seconds"][-1] > v["depth_seconds"][0]
    assert v["slowdown_wide"] > 1 and v["slowdown_deep"] > 1


def test_operation_estimate() -> None:
    v = values(SNIPPET)
    assert v["operations_widest"] == 6 * 395_266 * 512
    assert "about 1.2 billion operations per epoch" in stdout(SNIPPET)
