"""Claims made on docs/applications/defect-detection.md about its snippets' runs."""

import numpy as np
from snippet_support import stdout, values

FILTER = "applications/defects_filter.py"
CNN = "applications/defects_cnn.py"
SHIFT = "applications/defects_shift.py"


def test_data_summary() -> None:
    out = stdout(FILTER)
    assert "images: (2000, 1, 16, 16)" in out
    assert "pixel values from 0 to 1" in out


def test_defects_are_rare_as_on_a_real_line() -> None:
    v = values(FILTER)
    assert 0.05 <= v["defective_share"] <= 0.10  # "a few items"
    # Both snippets draw the same images and hold out the same test set.
    c = values(CNN)
    assert c["n_images"] == v["n_images"] and c["defective_share"] == v["defective_share"]
    assert c["n_test"] == v["n_test"] and c["test_defective"] == v["test_defective"]


def test_one_hand_made_filter_finds_most_defects_with_few_false_alarms() -> None:
    v = values(FILTER)
    assert v["threshold_recall"] >= 0.9
    assert v["threshold_precision"] >= 0.9
    assert v["threshold_found"] == round(v["threshold_recall"] * v["test_defective"])
    assert v["threshold_accuracy"] > 1 - v["defective_share"]  # beats "always good"


def test_convolution_is_equivariant_not_invariant() -> None:
    v = values(SHIFT)
    assert v["equivariance_error"] < 1e-12  # the maps agree exactly once the shift is undone
    assert v["unaligned_difference"] > 0.5 * v["peak_original"]  # "almost the size of"
    assert v["peak_shifted"] == v["peak_original"]  # the strongest response does not move
    assert v["alike_after"] > v["alike_before"] + 0.2  # pooling adds a little invariance


def test_the_comparison_is_fair() -> None:
    v = values(CNN)
    n = v["n_params"]
    assert 0.95 < n["CNN"] / n["dense"] < 1.05  # "nearly the same number of parameters"
    assert n["wide dense"] > 10 * n["CNN"]  # "more than ten times as many"
    assert v["n_train"] + v["n_val"] + v["n_test"] == v["n_images"]  # disjoint splits
    assert set(v["chosen_lr"]) == {"CNN", "dense", "wide dense"}
    assert set(v["chosen_lr"].values()) <= {0.003, 0.01}
    out = stdout(CNN)
    assert "Conv2D(1 -> 8, kernel_size=5, stride=1, padding=0)  (N, 8, 12, 12)     208" in out


def test_accuracy_alone_hides_that_the_dense_networks_find_almost_nothing() -> None:
    v = values(CNN)
    scores, always_good = v["test_scores"], v["always_good"]
    # Every model's accuracy is close to that of calling everything good ...
    for name in ["dense", "wide dense"]:
        assert abs(scores[name]["accuracy"] - always_good) < 0.01
    # ... but only the CNN finds the defects.
    assert scores["CNN"]["recall"] >= 0.9 and scores["CNN"]["precision"] >= 0.9
    for name in ["dense", "wide dense"]:
        assert scores[name]["recall"] <= 0.2
    flagged = v["dense_predicted_defects"] + v["wide_predicted_defects"]
    assert flagged <= 0.2 * v["test_defective"]  # "call almost everything good"
    # The confusion matrices count every test image once.
    for matrix in v["confusion"].values():
        assert np.sum(matrix) == v["n_test"] and sum(matrix[1]) == v["test_defective"]


def test_the_dense_networks_memorise_their_training_images() -> None:
    v = values(CNN)
    for name in ["dense", "wide dense"]:
        assert v["train_accuracy"][name] > v["train_share_good"] + 0.02
        assert v["train_accuracy"][name] > v["test_scores"][name]["accuracy"]


def test_the_learned_cnn_is_about_as_good_as_the_hand_made_filter() -> None:
    cnn, hand = values(CNN)["test_scores"]["CNN"], values(FILTER)
    assert abs(cnn["recall"] - hand["threshold_recall"]) <= 0.1
    assert abs(cnn["precision"] - hand["threshold_precision"]) <= 0.1


def test_most_filters_detect_defects_and_a_few_follow_the_surface() -> None:
    v = values(CNN)
    ratio = np.array(v["ratio"])  # peak on defective / peak on good, per filter
    assert v["n_detectors"] >= 5  # "most of its filters"
    assert v["n_detectors"] + v["n_surface"] == 8
    assert v["weakest_detector_ratio"] >= 2.0
    assert np.all(np.abs(ratio[v["surface_filters"]] - 1) < 0.25)  # "about equally"
