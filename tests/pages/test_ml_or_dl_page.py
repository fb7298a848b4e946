"""Claims made on docs/ml-or-dl.md about its snippet's run."""

from snippet_support import stdout, values

SNIPPET = "guide/ml_or_dl.py"


def test_the_setup_matches_the_page() -> None:
    v = values(SNIPPET)
    assert v["n"] == 2500
    assert v["sizes"] == [50, 100, 200, 400, 800, 1600]  # 1,600 training rows
    assert v["logistic_params"] == 7  # "six weights and a bias"
    assert v["network_params"] == 6 * 64 + 64 + 64 * 64 + 64 + 64 + 1


def test_the_network_is_no_better_with_hundreds_of_times_the_parameters() -> None:
    v = values(SNIPPET)
    assert v["parameter_ratio"] > 100
    assert v["accuracy_gap"] <= 0.0  # network accuracy minus logistic accuracy
    assert v["network_loss"] > v["logistic_loss"]


def test_logistic_regression_is_close_to_the_true_rule() -> None:
    v = values(SNIPPET)
    assert 0.0 <= v["gap_to_true_rule_points"] <= 2  # "nothing left for the network to find"
    assert v["gap_to_true_rule_points"] == 100 * (v["best_possible"] - v["logistic_accuracy"])


def test_logistic_regression_wins_at_every_training_size() -> None:
    v = values(SNIPPET)
    gaps = v["curve_gaps"]
    assert all(gap > 0 for gap in gaps)  # "trails at every size"
    assert min(gaps) == gaps[-1]  # the network comes closest with 1,600 rows
    logistic = v["curves"]["logistic regression"]
    assert max(logistic) <= v["best_possible"] + 0.01  # "just under the true rule"


def test_the_weights_tell_the_story_of_the_true_rule() -> None:
    w = values(SNIPPET)["weight_of"]
    assert w["debt ratio"] > 0 and w["missed payments"] > 0 and w["utilisation"] > 0
    assert w["income"] < 0 and w["years"] < 0
    assert abs(w["age"]) < 0.1
    assert abs(w["age"]) == min(abs(x) for x in w.values())


def test_the_table_is_printed() -> None:
    rows = {line[:21].strip(): line[21:].split() for line in stdout(SNIPPET).splitlines()}
    assert rows["logistic regression"][0] == "7"
    assert rows["neural network"][0] == "4,673"
    assert float(rows["logistic regression"][1]) >= float(rows["neural network"][1])
