"""Claims made on docs/applications/defect-detection.md about its snippets' runs."""

import numpy as np
from snippet_support import stdout, values

FILTER = "applications/defects_filter.py"
CNN = "applications/defects_cnn.py"


def test_data_summary() -> None:
    out = stdout(FILTER)
    assert "images: (800, 1, 16, 16)" in out
    assert "pixel values from 0 to 1" in out
    assert values(CNN)["n_test"] == 200


def test_one_hand_made_filter_gets_more_than_95_percent() -> None:
    v = values(FILTER)
    assert v["threshold_accuracy"] > 0.95
    assert f"test accuracy {v['threshold_accuracy']:.3f}" in stdout(FILTER)
    assert 0.12 < v["threshold"] < 0.14  # "near 0.13" in the alt text


def test_the_networks_have_the_sizes_the_page_states() -> None:
    n = values(CNN)["n_params"]
    assert n == {"CNN": 786, "dense": 779, "wide dense": 8_290}
    assert n["wide dense"] > 10 * n["CNN"]
    out = stdout(CNN)
    assert "Conv2D(1 -> 8, kernel_size=5, stride=1, padding=0)  (N, 8, 12, 12)     208" in out
    assert "Dense(256 -> 3, init='he')  (N, 3)           771" in out


def test_the_cnn_beats_dense_networks_of_similar_and_larger_size() -> None:
    v = values(CNN)
    test, train = v["test_accuracy"], v["train_accuracy"]
    assert test["CNN"] >= 0.98
    assert v["share_defective_test"] == 0.5  # "half of the test images"
    for name in ["dense", "wide dense"]:
        assert test[name] < 0.6  # "stays below 60 %"
        assert train[name] - test[name] > 0.1  # "more than ten percentage points"
    assert train["wide dense"] > train["dense"]  # "fits its training images better"
    # the learning curves described in the alt text
    assert max(v["cnn_curve"][:5]) > 0.95 and v["cnn_curve"][-1] >= 0.98
    assert max(v["dense_curve"]) < 0.6


def test_most_filters_detect_defects_and_filter_8_follows_the_surface() -> None:
    ratio = np.array(values(CNN)["ratio"])  # peak on defective / peak on good, per filter
    assert np.all(ratio[:7] >= 3.0)  # "seven ... at least three times as strongly"
    assert abs(ratio[7] - 1) < 0.2  # filter 8, "within 20 %"
