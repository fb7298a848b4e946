"""Claims made on docs/challenges/data-requirements.md about its snippet's run."""

from snippet_support import stdout, values

SNIPPET = "challenges/data_requirements.py"


def test_the_classes_are_balanced_so_guessing_scores_half() -> None:
    assert 0.45 < values(SNIPPET)["defective_share"] < 0.55


def test_the_dense_network_needs_thousands_of_images() -> None:
    v = values(SNIPPET)
    dense = dict(zip(v["sizes"], v["dense_accuracy"], strict=True))
    assert 0.5 < dense[50] < 0.6  # "barely better than a coin toss"
    assert dense[200] < dense[400] < dense[800]  # climbs slowly, then steeply
    assert dense[200] - dense[50] < dense[800] - dense[200]
    first_above_90 = min(n for n, a in dense.items() if a > 0.9)
    assert v["examples_for_90"] == first_above_90 >= 1000  # "needs thousands"
    assert dense[3200] > dense[1600]  # still improving at the largest size
    assert v["dense_largest"] == dense[3200] and v["dense_smallest"] == dense[50]


def test_the_convolutional_network_needs_few() -> None:
    v = values(SNIPPET)
    conv = dict(zip(v["conv_sizes"], v["conv_accuracy"], strict=True))
    assert conv[50] > 0.95
    assert v["conv_worst"] == min(conv.values()) > 0.95
    assert conv[50] > max(v["dense_accuracy"])  # beats the dense network's best


def test_parameter_counts() -> None:
    v = values(SNIPPET)
    assert v["conv_params"] < v["dense_params"] / 50  # "far fewer weights"


def test_output_lists_every_run() -> None:
    out = stdout(SNIPPET)
    assert out.count("dense network") == 7
    assert out.count("conv network") == 4
