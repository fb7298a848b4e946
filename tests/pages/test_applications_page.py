"""Claims made on docs/applications/index.md about its snippet's run."""

from snippet_support import stdout, values

SNIPPET = "applications/input_sizes.py"


def test_input_sizes_match_the_page() -> None:
    sizes = values(SNIPPET)["numbers_per_example"]
    assert sizes["a film (box-office case study)"] == 4
    assert sizes["a 16×16 grey image"] == 256
    assert sizes["1 s of speech at 16 kHz"] == 16_000
    assert sizes["a 224×224 colour photo"] == 150_528
    assert sizes["a 20-word sentence, one-hot"] == 1_000_000
    assert sizes["a 12-megapixel photo"] == 36_000_000
    assert 11e9 < sizes["1 min of HD video"] < 11.5e9  # "about 11 billion"


def test_a_conv_layer_is_about_84000_times_smaller_than_a_dense_one() -> None:
    v = values(SNIPPET)
    assert v["conv_weights"] == 64 * 3 * 3 * 3 + 64 == 1_792
    assert 149e6 < v["dense_weights"] < 151e6  # "about 150 million weights"
    assert round(v["dense_to_conv_ratio"], -3) == 84_000
    out = stdout(SNIPPET)
    assert "dense layer, 1,000 units:   150,529,000 weights" in out
    assert "conv layer, 64 filters:           1,792 weights" in out
