"""Claims made on docs/concepts/training-deep-networks.md about its snippets' runs."""

from itertools import pairwise

from snippet_support import values

INIT = "concepts/training_deep_networks.py"
NORM = "concepts/training_deep_networks_norm.py"
RESIDUAL = "concepts/training_deep_networks_residual.py"
SCHEDULES = "concepts/training_deep_networks_schedules.py"


def test_he_keeps_the_scale_and_the_others_shrink_or_explode() -> None:
    v = values(INIT)
    assert 0.5 < v["he_std_last"] < 2 and 0.5 < v["he_signal_first"] < 2
    assert abs(v["xavier_per_layer"] - 2**-0.5) < 0.05  # "close to 1/sqrt(2)"
    assert v["xavier_signal_first"] < 1e-2
    assert v["small_std_last"] < 1e-15 and v["large_std_last"] > 1e4
    small, large = v["names"][0], v["names"][-1]
    std = v["activation_std"]
    assert all(a > b for a, b in pairwise(std[small]))  # shrinks layer after layer
    assert all(a < b for a, b in pairwise(std[large]))  # grows layer after layer
    assert v["small_wgrad"] < 1e-15 < 1 < v["he_wgrad"] < 1e2 < 1e5 < v["large_wgrad"]


def test_only_he_trains_the_20_layer_network() -> None:
    v = values(INIT)
    assert abs(v["small_final"] - v["chance_loss"]) < 0.01  # "has not moved at all"
    assert v["xavier_final"] > 1.5  # "barely left" the uniform guess
    assert v["he_final"] < 0.5


def test_normalisation_standardises_columns_or_rows() -> None:
    v = values(NORM)
    assert v["bn_column_mean"] < 1e-12 and v["ln_row_mean"] < 1e-12


def test_batchnorm_depends_on_the_batch_only_in_training() -> None:
    v = values(NORM)
    assert v["bn_train_change"] > 0.5
    assert v["bn_eval_change"] == 0.0 and v["ln_change"] == 0.0


def test_batchnorm_rescues_the_badly_initialised_network() -> None:
    v = values(NORM)
    assert not v["xavier_reaches_target"]
    assert v["bn_epochs"] <= v["EPOCHS"] // 2
    assert v["xavier_final"] > 5 * v["bn_final"]
    assert abs(v["he_epochs"] - v["bn_epochs"]) <= 2  # "crosses the target ... too"


def test_residual_network_trains_faster_and_better() -> None:
    v = values(RESIDUAL)
    assert v["residual_epochs_to_target"] < v["plain_epochs_to_target"]
    assert v["residual_loss"] < v["plain_loss"]
    assert v["residual_val_accuracy"] > v["plain_val_accuracy"]
    assert v["residual_better_at_every_lr"]
    assert v["plain_grad_1"] > 0.5 * v["residual_grad_1"]  # "does not get a smaller gradient"


def test_schedules_and_clipping_rescue_a_too_high_learning_rate() -> None:
    v = values(SCHEDULES)
    assert v["constant_diverged"] and v["diverged_epoch"] > 1
    finite = v["finite"]
    assert all(ok for label, ok in finite.items() if label != "constant")
    assert v["warmup_loss"] < v["cosine_loss"] and v["warmup_loss"] < v["step_loss"]
    assert v["clipped_loss"] < v["cosine_loss"]  # clipping "fixes the problem at its source"
    assert v["both_loss"] < v["clipped_loss"] and v["both_loss"] < v["warmup_loss"]
