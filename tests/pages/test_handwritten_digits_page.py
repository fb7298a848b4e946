"""Claims made on docs/applications/handwritten-digits.md about its snippets' runs."""

import re
from pathlib import Path

import numpy as np
import pytest
from snippet_support import stdout, values

DATA = "applications/digits_data.py"
MODELS = "applications/digits_models.py"
PAGE = Path(__file__).resolve().parents[2] / "docs" / "applications" / "handwritten-digits.md"


def test_the_data_are_balanced_and_split_60_20_20() -> None:
    d, v = values(DATA), values(MODELS)
    assert d["n_images"] == 1797 and d["n_levels"] == 17
    assert d["most"] - d["fewest"] < 0.1 * d["fewest"]  # "the classes are balanced"
    assert (v["n_train"], v["n_val"], v["n_test"]) == (1077, 360, 360)
    assert "train 1077, validation 360, test 360 images" in stdout(MODELS)


def test_the_networks_reach_their_targets() -> None:
    accuracy = values(MODELS)["test_accuracy"]
    assert accuracy["CNN"] >= 0.97
    assert accuracy["MLP"] >= 0.96


def test_the_three_models_differ_by_a_handful_of_images() -> None:
    v = values(MODELS)
    errors = v["errors"]
    assert max(errors.values()) - min(errors.values()) <= 5
    assert 3 * v["n_params"]["CNN"] < v["n_params"]["MLP"]  # "fewer than a third"


def test_the_error_analysis_matches_the_confusion_matrix() -> None:
    v = values(MODELS)
    assert 0 <= v["worst_digit"] <= 9 and v["worst_f1"] < 1
    assert v["confused_true"] != v["confused_as"] and v["confused_count"] >= 1
    assert v["n_mistakes"] == v["errors"]["MLP"] + v["errors"]["CNN"]
    assert v["n_shown"] == min(16, v["n_mistakes"])
    assert v["commonest_wrong_answer"] == 1  # the alt text: "the commonest wrong answer is 1"
    assert 0.5 < v["top_confidence"] <= 1


def test_the_cnn_copes_better_with_shifts_but_not_with_strong_noise() -> None:
    v = values(MODELS)
    shifted, noisy, clean = v["shifted_accuracy"], v["noisy_accuracy"], v["test_accuracy"]
    # every model suffers from a one-pixel shift, the CNN least
    assert all(shifted[name] < clean[name] - 0.2 for name in clean)
    assert v["cnn_beats_mlp_on_shifts"] and v["cnn_shift_gain_points"] >= 5
    assert shifted["CNN"] == max(shifted.values())
    # light noise: close together; strongest noise: the CNN falls furthest
    light = [acc[0] for acc in noisy.values()]
    assert max(light) - min(light) < 0.03
    assert noisy["CNN"][-1] < min(noisy["MLP"][-1], noisy["logistic regression"][-1])
    assert not v["cnn_beats_mlp_on_noise"]


def test_the_first_layer_has_32_filters_of_3x3() -> None:
    out = stdout(MODELS)
    assert "Conv2D(1 -> 32, kernel_size=3, stride=1, padding=1)  (N, 32, 8, 8)" in out
    assert values(MODELS)["n_params"]["CNN"] == 32 * 9 + 32 + 512 * 10 + 10


def pytorch_code() -> str:
    """The Python block of the page's collapsed PyTorch example, dedented."""
    text = PAGE.read_text()
    block = re.search(
        r'\?\?\? example "The digits CNN in PyTorch"\n    ```python\n(.*?)\n    ```', text, re.S
    )
    assert block, "the PyTorch example block is missing"
    return "\n".join(line[4:] for line in block.group(1).split("\n"))


def test_the_pytorch_example_zeroes_the_gradients_every_step() -> None:
    code = pytorch_code()
    loop = code[code.index("for start in") : code.index("model.eval()")]
    assert loop.index("optimizer.zero_grad()") < loop.index("loss.backward()")


@pytest.mark.torch
def test_the_pytorch_example_runs_and_reaches_the_cnn_target() -> None:
    pytest.importorskip("torch")
    namespace: dict = {}
    exec(compile(pytorch_code(), str(PAGE), "exec"), namespace)
    assert namespace["test_accuracy"] >= 0.96
    assert np.isfinite(namespace["best_loss"])
