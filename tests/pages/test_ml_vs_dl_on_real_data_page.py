"""Claims made on docs/applications/ml-vs-dl-on-real-data.md about its snippets' runs."""

from snippet_support import stdout, values

BENCH = "applications/real_data_benchmark.py"
CURVES = "applications/real_data_learning_curves.py"
TABLES = ["breast cancer", "wine", "diabetes"]


def test_the_method_is_the_one_described() -> None:
    v = values(BENCH)
    # five folds per model, two settings per family, the CNN only on digits
    for dataset, families in v["scores"].items():
        assert all(len(folds) == 5 for folds in families.values())
        assert ("CNN" in families) == (dataset == "digits")
    assert v["n_settings"] == 2
    assert v["n_fits"] == 5 * 2 * (5 + 4 + 4 + 4)
    assert all(len(grid) == v["n_settings"] for grid in v["GRIDS"].values())
    assert v["n_samples"] == {"digits": 1797, "breast cancer": 569, "wine": 178, "diabetes": 442}


def test_on_digits_the_cnn_leads_tied_only_with_the_forest() -> None:
    v = values(BENCH)
    assert v["best_family"]["digits"] == "CNN"
    assert sorted(v["tied_with_best"]["digits"]) == ["CNN", "random forest"]
    # "with the fewest weights of the two networks"
    cost = v["median_cost"]["digits"]
    assert cost["CNN"]["weights"] < cost["MLP"]["weights"]


def test_on_the_tables_every_model_ties_so_the_simplest_holds_its_own() -> None:
    v = values(BENCH)
    for dataset in TABLES:
        assert sorted(v["tied_with_best"][dataset]) == sorted(v["mean"][dataset])
        best = v["best_family"][dataset]
        assert v["best_mean"][dataset] == v["mean"][dataset][best]
    assert v["best_label"]["diabetes"] != "logistic regression"  # ridge for a number
    # "trees never beat logistic regression by more than the fold-to-fold spread"
    for dataset in ["digits", *TABLES]:
        m, sd = v["mean"][dataset], v["sd"][dataset]
        for trees in ["random forest", "gradient boosting"]:
            assert m[trees] - m["linear"] <= max(sd[trees], sd["linear"])
    # diabetes is the hardest: the error is a large part of the target's spread
    assert v["rmse_mean"]["linear"] > 0.5 * v["diabetes_target_sd"]


def test_the_table_shows_cost_as_counts_not_seconds() -> None:
    out = stdout(BENCH)
    assert "100 trees" in out and "epochs" in out and "weights" in out
    assert " s " not in out and "seconds" not in out


def test_the_learning_curves_use_the_settings_the_benchmark_chose() -> None:
    chosen, curves = values(BENCH)["most_chosen"], values(CURVES)
    assert curves["CNN_FILTERS"] == chosen["digits"]["CNN"]
    assert curves["BOOSTING_LEAVES"] == chosen["digits"]["gradient boosting"]
    assert curves["BOOSTING_LEAVES"] == chosen["breast cancer"]["gradient boosting"]
    for dataset in ["digits", "breast cancer"]:
        assert curves["MLP_UNITS"][dataset] == chosen[dataset]["MLP"]
        assert curves["LOGISTIC_C"][dataset] == chosen[dataset]["linear"]


def test_the_learning_curves_say_what_the_page_says() -> None:
    v = values(CURVES)
    digits = {name: curve[1] for name, curve in v["curves"]["digits"].items()}
    cancer = {name: curve[1] for name, curve in v["curves"]["breast cancer"].items()}
    gaps = [c - m for c, m in zip(digits["cnn"], digits["mlp"], strict=True)]
    assert min(gaps) > 0  # the CNN beats the MLP at every size
    assert gaps[0] == max(gaps)  # by the most with the smallest training set
    assert v["small_gap_points"] < 3  # logistic regression keeps up at 50 and 100
    assert v["cnn_leads_from"] is not None and v["cnn_leads_from"] <= 400
    assert digits["boosting"][0] < min(d[0] for n, d in digits.items() if n != "boosting") - 0.1
    assert abs(cancer["mlp"][-1] - cancer["logistic"][-1]) < 0.01  # "end level"
    assert cancer["boosting"][-1] < min(cancer["mlp"][-1], cancer["logistic"][-1])
    # "none of the curves is still climbing steeply" on breast cancer
    assert all(curve[-1] - curve[-2] < 0.02 for curve in cancer.values())
