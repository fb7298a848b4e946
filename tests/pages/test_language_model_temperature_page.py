"""Claims docs/applications/language-model.md makes about the temperature slider."""

import math
from itertools import pairwise

from snippet_support import values

TEMPERATURE = "applications/language_model_temperature.py"


def test_a_higher_temperature_flattens_the_next_character_distribution() -> None:
    temperatures = values(TEMPERATURE)["SWEEP"]["values"]
    runs = [values(TEMPERATURE, sweep=t) for t in temperatures]
    tops = [r["top_probability"] for r in runs]
    entropies = [r["entropy_bits"] for r in runs]
    assert all(b < a for a, b in pairwise(tops))  # the tallest bar shrinks
    assert all(b > a for a, b in pairwise(entropies))  # towards uniform
    assert entropies[-1] < math.log2(27)  # still short of uniform
    assert len({r["top_character"] for r in runs}) == 1  # the order of the bars stays
