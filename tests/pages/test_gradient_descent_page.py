"""Claims made on docs/concepts/gradient-descent.md about its snippets' runs."""

from itertools import pairwise

from snippet_support import values

DESCENT = "concepts/gradient_descent.py"
NOISE = "concepts/gradient_noise.py"
MINIBATCH = "concepts/minibatch.py"
SMALL, GOOD, LARGE = "too small (η = 0.03)", "good (η = 0.3)", "too large (η = 0.5)"


def test_curvatures_and_the_stability_limit() -> None:
    v = values(DESCENT)
    assert v["steep_curvature"] > 10 * v["gentle_curvature"]  # "that gap makes it hard"
    assert v["curvature_ratio"] == v["steep_curvature"] / v["gentle_curvature"]
    assert v["largest_stable_rate"] == 2 / v["steep_curvature"]
    assert 0.3 < v["largest_stable_rate"] < 0.5  # the good rate is below it, the large above
    assert -0.5 < v["good_factor_steep"] < 0  # bounces, each zig under half the last
    assert v["large_factor_steep"] > 1  # the large rate's bounces grow
    assert v["small_progress_gentle"] < 0.01  # "under 1% per step"


def test_small_rate_is_still_far_from_the_minimum() -> None:
    v = values(DESCENT)
    assert v["small_distance"] > 1.0  # "still ... units away"
    assert v["small_loss_over_best"] > 2  # "times the smallest possible"
    losses = v["losses"][SMALL]
    assert all(b < a for a, b in pairwise(losses))  # stable: always falls


def test_good_rate_converges() -> None:
    v = values(DESCENT)
    assert v["good_distance"] < 0.05
    assert v["good_distance"] < v["small_distance"] / 50


def test_large_rate_dips_then_diverges() -> None:
    v = values(DESCENT)
    losses = v["losses"][LARGE]
    assert losses[1] < v["start_loss"]  # falls for the first steps
    assert losses.index(min(losses)) >= 2
    assert losses[-1] > losses[-2] > v["start_loss"]  # then grows
    assert 1e12 <= v["large_final_loss"] < 1e15  # "in the trillions"
    assert v["large_final_loss_text"].endswith("trillion")
    assert v["distance"][LARGE] > 1e5


def test_minibatch_noise_shrinks_like_one_over_root_b() -> None:
    v = values(NOISE)
    assert 2.4 < v["spread_ratio"] < 3.2  # about sqrt(8) = 2.8
    assert v["exact_dw"] > 0 and v["exact_db"] > 0


def test_smaller_batches_learn_more_per_epoch() -> None:
    v = values(MINIBATCH)
    assert v["final_8"] < v["final_32"] < v["full_final"]
    assert v["full_final"] < v["full_first"]  # full batch still falls, slowly
    assert v["final_8"] < v["final_32"] / 5  # alt text: "about ten times lower"
    assert v["steps_batch_8"] == 25 * 60  # ceil(200 / 8) steps per epoch, 60 epochs


def test_per_step_the_runs_are_close() -> None:
    v = values(MINIBATCH)
    assert 0.85 < v["loss_32_at_56_steps"] / v["loss_full_at_56_steps"] < 1.15
