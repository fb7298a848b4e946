"""Claims made on docs/applications/language-model.md about its snippets' runs."""

import math

from snippet_support import values

TRAIN = "applications/language_model.py"
SAMPLES = "applications/language_model_samples.py"


def test_the_baselines_are_ordered_and_better_than_guessing() -> None:
    v = values(TRAIN)
    assert v["bigram_bits"] < v["unigram_bits"] < math.log2(27)


def test_the_transformer_beats_the_bigram_model_by_at_least_ten_percent() -> None:
    v = values(TRAIN)
    assert v["gain_over_bigram"] >= 0.10
    assert v["final_val_bits"] < v["bigram_bits"]


def test_training_lowers_the_validation_loss() -> None:
    v = values(TRAIN)
    assert v["val_bits"][-1] < v["val_bits"][0]
    assert v["train_bits"][-1] < v["train_bits"][0]


def test_no_position_attends_to_the_future() -> None:
    assert values(SAMPLES)["above_diagonal"] == 0.0


def test_the_model_invents_words_and_heat_makes_it_stranger() -> None:
    new = values(SAMPLES)["new_fraction"]
    assert new["t10"] >= 0.5  # "most are not in the training list"
    assert new["t05"] <= new["t15"]
