"""Claims made on docs/concepts/unsupervised-and-generative.md about its snippet's run."""

from snippet_support import values

SNIPPET = "concepts/unsupervised_autoencoder.py"


def test_the_autoencoder_rebuilds_unseen_digits_better_than_the_mean_image() -> None:
    v = values(SNIPPET)
    assert v["reconstruction_error"] < 0.6 * v["pixel_variance"]


def test_two_autoencoder_numbers_cluster_better_than_two_pca_numbers() -> None:
    v = values(SNIPPET)
    assert v["ari_ae"] > v["ari_pca"]


def test_raw_pixels_cluster_best() -> None:
    v = values(SNIPPET)
    assert v["best"] == "raw pixels (64)"
    assert v["ari_raw"] > max(v["ari_ae"], v["ari_pca"])
