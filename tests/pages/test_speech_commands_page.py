"""Claims made on docs/applications/speech-commands.md about its snippet's run."""

from snippet_support import values

SNIPPET = "applications/speech_commands.py"


def test_the_test_voices_are_never_heard_in_training() -> None:
    v = values(SNIPPET)
    assert v["voices_shared"] == 0
    assert v["n_train_clips"] + v["n_test_clips"] < v["n_clips"]  # and a validation set


def test_the_cnn_names_most_words_of_new_voices() -> None:
    v = values(SNIPPET)
    assert v["test_accuracy"] >= 0.9
    # The confusion-matrix alt text: nearly all on the diagonal, one to three per mistake cell.
    assert min(v["correct_per_word"]) > 12 / 2
    assert 1 <= v["largest_confusion"] <= 3


def test_early_stopping_keeps_the_best_validation_epoch() -> None:
    v = values(SNIPPET)
    assert 1 <= v["best_epoch"] <= v["epochs_run"] <= 40


def test_known_voices_are_no_harder_and_the_gap_is_a_handful_of_clips() -> None:
    v = values(SNIPPET)
    assert v["clip_split_accuracy"] >= v["test_accuracy"]
    assert 0 <= v["gap_clips"] <= 6


def test_the_spectrogram_image_has_the_stated_shape() -> None:
    v = values(SNIPPET)
    assert (v["n_mels"], v["frame"], v["hop"]) == (32, 256, 128)
    assert v["n_frames"] == 1 + (7200 - 256) // 128
