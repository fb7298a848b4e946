"""Claims docs/concepts/training-deep-networks.md makes about the weight-scale slider."""

import math

from snippet_support import values

SCALE = "concepts/training_deep_networks_scale.py"


def test_each_layer_multiplies_the_spread_by_about_the_scale() -> None:
    for scale in values(SCALE)["SWEEP"]["values"]:
        run = values(SCALE, sweep=scale)
        assert math.isclose(run["per_layer_factor"], scale, rel_tol=0.1), (scale, run)


def test_he_keeps_the_spread_and_other_scales_lose_or_blow_it_up() -> None:
    assert 0.3 < values(SCALE, sweep=1.0)["last_std"] < 3
    assert values(SCALE, sweep=0.5)["last_std"] < 1e-4
    assert values(SCALE, sweep=2.0)["last_std"] > 1e4
