"""Claims made on docs/concepts/evaluating-a-model.md about its snippets' runs."""

from snippet_support import values

LEAK = "concepts/evaluating_a_model.py"
METRICS = "concepts/evaluating_a_model_metrics.py"
BARS = "concepts/evaluating_a_model_error_bars.py"

T_CRITICAL_9_DF = 2.262  # two-sided 5% point of Student's t with 9 degrees of freedom


def test_leaked_feature_selection_inflates_the_score_on_noise() -> None:
    v = values(LEAK)
    assert v["leaked_min"] > 0.75  # every leaked run looks convincing
    assert abs(v["honest_mean"] - 0.5) < 0.05  # the honest score is chance
    assert v["leaked_mean"] > v["honest_mean"] + 0.25
    assert v["fold_sizes"] == [20] * 5  # the NumPy k-fold split covers every example once


def test_rare_class_metrics_as_described() -> None:
    v = values(METRICS)
    assert 0.05 < v["positive_share"] < 0.15  # about one digit in ten is an 8
    assert abs(v["majority_accuracy"] - (1 - v["positive_share"])) < 1e-12
    assert v["model_accuracy"] > v["majority_accuracy"]
    assert v["tp"] + v["fn"] == round(v["positive_share"] * v["n_test"])
    assert v["recall"] == v["tp"] / (v["tp"] + v["fn"])
    # the threshold trade-off: lower threshold, higher recall, lower precision
    t = v["threshold_table"]
    assert t["t10"]["recall"] > t["t50"]["recall"] > t["t90"]["recall"]
    assert t["t10"]["precision"] < t["t50"]["precision"] < t["t90"]["precision"]
    assert 0.3 <= v["best_f1_threshold"] <= 0.7  # F1 highest in the middle
    assert v["auc"] > 0.95 and v["ap"] > v["positive_share"] * 5
    assert v["ap"] < v["auc"]  # the PR summary is the harsher one for a rare class


def test_calibration_as_described() -> None:
    v = values(METRICS)
    assert v["middle_count"] < 0.1 * v["n_test"]  # few digits between 0.1 and 0.9
    assert v["confident_share"] > 0.85
    assert v["confident_accuracy"] > 0.98
    assert v["test_log_loss"] < 0.2


def test_error_bars_and_the_paired_comparison() -> None:
    v = values(BARS)
    assert v["seed_spread"] > 0.005  # the seed alone moves the score visibly
    gap = v["net_mean"] - v["logreg_mean"]
    assert 0 < gap < 0.01  # a little better, by under a point
    assert min(v["net_fold_std"], v["logreg_fold_std"]) > 0.7 * gap  # spread ~ the gap
    assert v["folds_net_better"] >= 6
    assert v["t_statistic"] > T_CRITICAL_9_DF  # naive test: "significant"
    assert v["corrected_t"] < T_CRITICAL_9_DF  # corrected: not settled
    assert v["corrected_se"] > v["standard_error"]
