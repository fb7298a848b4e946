"""Claims made on docs/applications/index.md about its snippets' runs."""

from snippet_support import stdout, values

SNIPPET = "applications/input_sizes.py"
UNSUPERVISED = "applications/digits_unsupervised.py"


def test_input_sizes_match_the_page() -> None:
    sizes = values(SNIPPET)["numbers_per_example"]
    assert sizes["a film (box-office case study)"] == 4
    assert sizes["a 16×16 grey image"] == 256
    assert sizes["1 s of speech at 16 kHz"] == 16_000
    assert sizes["a 224×224 colour photo"] == 150_528
    assert sizes["a 20-word sentence, one-hot"] == 1_000_000
    assert sizes["a 12-megapixel photo"] == 36_000_000
    assert 11e9 < sizes["1 min of HD video"] < 11.5e9  # the alt text: "about 11 billion"


def test_a_conv_layer_needs_tens_of_thousands_of_times_fewer_weights() -> None:
    v = values(SNIPPET)
    assert v["conv_weights"] == 64 * 3 * 3 * 3 + 64  # "64 filters of 3×3×3 values"
    assert v["dense_weights"] == 224 * 224 * 3 * 1000 + 1000  # "for 1,000 units"
    assert v["dense_to_conv_ratio"] > 10_000
    out = stdout(SNIPPET)
    assert f"{v['dense_weights']:,} weights" in out
    assert f"{v['conv_weights']:,} weights" in out


def test_k_means_finds_the_digits_far_better_than_chance() -> None:
    v = values(UNSUPERVISED)
    assert v["n_images"] == 1797
    assert 0.5 < v["agreement"] < 0.9  # clear agreement, but not perfect
    assert abs(v["shuffled"]) < 0.01  # "about 0 means no better than chance"
    assert v["purity"] > v["agreement"]
    out = stdout(UNSUPERVISED)
    assert f"adjusted Rand index {v['agreement']:.2f}" in out


def test_some_clusters_are_pure_and_some_mix_digits() -> None:
    out = stdout(UNSUPERVISED)
    shares = [int(line.split("images, ")[1].split("%")[0]) for line in out.splitlines()[1:]]
    assert len(shares) == 10
    assert sum(s >= 90 for s in shares) >= 3  # "several clusters are nearly pure"
    assert min(shares) < 70  # "others mix digits"
    counts = values(UNSUPERVISED)["counts_per_cluster"]
    least_pure = min(counts, key=lambda row: max(row) / sum(row))
    first, second = sorted(least_pure)[-2:]
    assert second - first < 0.2 * second  # "in about equal numbers"


def test_two_principal_components_keep_under_a_third_of_the_variance() -> None:
    explained = values(UNSUPERVISED)["explained"]
    assert 0.2 < explained < 1 / 3
