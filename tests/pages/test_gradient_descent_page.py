"""Claims made on docs/concepts/gradient-descent.md about its snippets' runs."""

from itertools import pairwise

from snippet_support import stdout, values

DESCENT = "concepts/gradient_descent.py"
NOISE = "concepts/gradient_noise.py"
MINIBATCH = "concepts/minibatch.py"
SMALL, GOOD, LARGE = "too small (η = 0.03)", "good (η = 0.3)", "too large (η = 0.5)"


def test_curvatures_and_the_stability_limit() -> None:
    v = values(DESCENT)
    assert round(v["gentle_curvature"], 3) == 0.307
    assert round(v["steep_curvature"], 3) == 4.722
    assert round(v["largest_stable_rate"], 3) == 0.424
    assert 14.5 < v["steep_curvature"] / v["gentle_curvature"] < 16.5  # "about 15"
    assert 1 - 0.3 * v["steep_curvature"] < 0  # the good rate bounces across
    assert round(abs(1 - 0.5 * v["steep_curvature"]), 2) == 1.36
    assert 0.03 * v["gentle_curvature"] < 0.01  # "under 1% per step"


def test_small_rate_is_still_far_from_the_minimum() -> None:
    v = values(DESCENT)
    assert v["distance"][SMALL] > 2.0
    assert v["final_loss"][SMALL] > 3 * min(v["losses"][GOOD])  # "several times"
    losses = v["losses"][SMALL]
    assert all(b < a for a, b in pairwise(losses))  # stable: always falls


def test_good_rate_converges() -> None:
    v = values(DESCENT)
    assert v["distance"][GOOD] < 0.03
    assert v["distance"][GOOD] < v["distance"][SMALL] / 50


def test_large_rate_dips_then_diverges() -> None:
    v = values(DESCENT)
    losses = v["losses"][LARGE]
    assert losses[1] < v["start_loss"]  # falls for the first steps
    assert losses.index(min(losses)) >= 2
    assert losses[-1] > losses[-2] > v["start_loss"]  # then grows
    assert 1e12 <= v["final_loss"][LARGE] < 1e15  # "in the trillions"
    assert v["distance"][LARGE] > 1e5


def test_the_printed_table_matches_the_page() -> None:
    out = stdout(DESCENT)
    assert "rates above 2 / 4.722 = 0.424 diverge" in out
    assert "curvatures of the bowl: 0.307 and 4.722" in out


def test_minibatch_noise_shrinks_like_one_over_root_b() -> None:
    v = values(NOISE)
    assert 2.4 < v["spread_4"] / v["spread_32"] < 3.2  # about sqrt(8) = 2.8
    assert "dL/dw = 0.641, dL/db = 1.872" in stdout(NOISE)


def test_smaller_batches_learn_more_per_epoch() -> None:
    v = values(MINIBATCH)
    final, first = v["final_loss"], v["first_epoch_loss"]
    assert final["batch 8"] < final["batch 32"] < final["batch 200"]
    assert round(first["batch 200"], 2) == 0.44 and round(final["batch 200"], 2) == 0.23
    assert 0.08 < final["batch 32"] < 0.12  # "about 0.1"
    assert 0.008 < final["batch 8"] < 0.015  # "about 0.01"
    out = stdout(MINIBATCH)
    assert "batch size   8: steps per epoch 25" in out  # 25 x 60 = 1,500 steps
    assert "batch size 200: steps per epoch  1" in out


def test_per_step_the_runs_are_close() -> None:
    v = values(MINIBATCH)
    assert 0.85 < v["loss_32_at_56_steps"] / v["loss_full_at_56_steps"] < 1.15
