"""Claims made on docs/concepts/architecture.md about its snippet's run."""

from snippet_support import stdout, values

SNIPPET = "concepts/architecture_depth.py"


def test_depths_and_data_are_as_described() -> None:
    v = values(SNIPPET)
    assert v["depths"] == [0, 1, 3]
    assert v["n_points"] == 300


def test_no_hidden_layer_stays_poor_and_hidden_layers_fit_the_spirals() -> None:
    acc_0, acc_1, acc_3 = values(SNIPPET)["train_accuracy"]
    assert 0.5 < acc_0 < 0.6  # "only a little more than half the points right"
    assert acc_1 >= 0.97  # "nearly every point right"
    assert acc_3 >= 0.97
    for acc in (acc_1, acc_3):  # check yourself: "both reach about 99%"
        assert abs(acc - 0.99) <= 0.01


def test_parameter_count_by_hand_matches_the_summary() -> None:
    v = values(SNIPPET)
    assert v["by_hand"] == 195
    out = stdout(SNIPPET)
    assert "Total params: 195" in out
    assert "(2·8 + 8) + (8·8 + 8) + (8·8 + 8) + (8·3 + 3) = 195" in out
