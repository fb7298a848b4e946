"""Claims made on docs/challenges/data-requirements.md about its snippet's run."""

from snippet_support import stdout, values

SNIPPET = "challenges/data_requirements.py"


def test_the_dense_network_needs_thousands_of_images() -> None:
    v = values(SNIPPET)
    dense = dict(zip(v["sizes"], v["dense_accuracy"], strict=True))
    assert 0.5 < dense[50] < 0.6  # "barely beats a coin toss"
    assert dense[400] < 0.75  # "climbs slowly up to 400 images"
    assert v["examples_for_90"] == 1600  # first size at or above 90%
    assert dense[3200] > dense[1600]  # still improving at the largest size


def test_the_convolutional_network_needs_few() -> None:
    v = values(SNIPPET)
    conv = dict(zip(v["conv_sizes"], v["conv_accuracy"], strict=True))
    assert conv[50] > 0.97
    assert all(a >= 0.98 for n, a in conv.items() if n > 50)  # "near 99%"
    assert conv[50] > max(v["dense_accuracy"])  # beats the dense network's best


def test_parameter_counts() -> None:
    v = values(SNIPPET)
    assert v["dense_params"] == 8290
    assert v["conv_params"] == 98


def test_output_lists_every_run() -> None:
    out = stdout(SNIPPET)
    assert out.count("dense network") == 7
    assert out.count("conv network") == 4
