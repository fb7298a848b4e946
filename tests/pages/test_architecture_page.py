"""Claims made on docs/concepts/architecture.md about its snippet's run."""

from pathlib import Path

from snippet_support import stdout, values

SNIPPET = "concepts/architecture_depth.py"


def test_depths_and_data_are_as_described() -> None:
    v = values(SNIPPET)
    assert v["depths"] == [0, 1, 3]
    assert v["n_points"] == 300


def test_no_hidden_layer_stays_poor_and_hidden_layers_fit_the_spirals() -> None:
    acc_0, acc_1, acc_3 = values(SNIPPET)["train_accuracy"]
    assert acc_0 < 0.7  # straight borders cannot follow a spiral
    assert acc_1 >= 0.95 and acc_3 >= 0.95  # "one hidden layer is already enough"


def test_parameter_count_by_hand_matches_the_summary() -> None:
    v = values(SNIPPET)
    assert v["by_hand"] == (2 * 8 + 8) + 2 * (8 * 8 + 8) + (8 * 3 + 3)
    assert f"Total params: {v['by_hand']}" in stdout(SNIPPET)


PAGE = Path(__file__).resolve().parents[2] / "docs" / "concepts" / "architecture.md"


def test_model_size_against_test_error_mentions_double_descent() -> None:
    text = " ".join(PAGE.read_text().split())
    assert "double descent" in text
    assert "too large and it wastes time and memorises noise" not in text


WIDTH = "concepts/architecture_width.py"


def _width_runs() -> dict[int, dict]:
    return {w: values(WIDTH, sweep=w) for w in values(WIDTH)["SWEEP"]["values"]}


def test_width_sweep_is_as_described() -> None:
    v = values(WIDTH)
    widths = v["SWEEP"]["values"]
    assert widths[0] == 2 and widths[-1] == 64  # "from 2 to 64"
    assert v["width"] == v["SWEEP"]["default"] == 8  # "the default 8 neurons"
    printed = stdout(WIDTH)
    assert "(300 points)" in printed and "(300 new points)" in printed  # same 300 as depth


def test_the_narrowest_layer_cuts_across_the_arms_and_width_fixes_it() -> None:
    runs = _width_runs()
    narrowest, widest = min(runs), max(runs)
    assert runs[narrowest]["val_accuracy"] < 0.7
    assert runs[widest]["val_accuracy"] > runs[narrowest]["val_accuracy"] + 0.2
    # Up to the default, each extra neuron helps: validation accuracy climbs.
    rising = [runs[w]["val_accuracy"] for w in sorted(runs) if w <= 8]
    assert rising == sorted(rising) and rising[-1] > rising[0]


def test_past_the_default_width_changes_the_score_little_and_nothing_memorises() -> None:
    runs = _width_runs()
    default = runs[8]["val_accuracy"]
    assert all(abs(runs[w]["val_accuracy"] - default) <= 0.03 for w in runs if w > 8)
    # "The training and validation accuracies stay close at every width."
    assert all(abs(r["train_accuracy"] - r["val_accuracy"]) <= 0.05 for r in runs.values())
