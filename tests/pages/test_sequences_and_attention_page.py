"""Claims made on docs/concepts/sequences-and-attention.md about its snippets' runs."""

from itertools import pairwise

from snippet_support import stdout, values

EMBED = "concepts/sequences_and_attention_embeddings.py"
RNN = "concepts/sequences_and_attention_rnn.py"
LOOKUP = "concepts/sequences_and_attention.py"
MASK = "concepts/sequences_and_attention_mask.py"
POSITIONS = "concepts/sequences_and_attention_positions.py"
REVERSAL = "concepts/sequences_and_attention_reversal.py"
BLOCK = "concepts/sequences_and_attention_block.py"


def test_the_character_model_learns_and_groups_the_vowels() -> None:
    v = values(EMBED)
    assert v["vocabulary_size"] == 27
    assert v["val_loss"] < 0.8 * v["uniform_loss"]  # far better than guessing
    assert v["vowels_nearest_a_vowel"] >= 4  # "the nearest other token to each vowel is a vowel"
    # vowels point the same way after training, not before; vowels and consonants apart
    assert v["vowel_vowel"] > 0.5 > v["vowel_vowel_before"]
    assert v["vowel_consonant"] < v["vowel_vowel"] - 0.5


def test_rnn_gradients_vanish_or_explode_geometrically_with_the_weight_scale() -> None:
    v = values(RNN)
    assert v["small_per_step"] < v["unit_per_step"] < 1 < v["large_per_step"]
    assert v["small_at_50"] < 1e-10  # "only ... of the signal is left"
    assert v["unit_at_50"] < 0.1  # fades even at g = 1
    assert v["large_at_50"] > 100  # "explodes"
    curves = v["curves"]
    assert all(a > b for a, b in pairwise(curves["gain 0.5"]))  # shrinks at every step back
    assert v["growing_steps"]["gain 2.0"] >= 0.9 * (len(curves["gain 2.0"]) - 1)


def test_attention_gradient_hardly_depends_on_distance() -> None:
    v = values(RNN)
    assert 0.5 < v["attention_far_over_near"] < 2
    curve = v["attention_curve"][1:]  # every position but the last one itself
    assert max(curve) < 10 * min(curve)  # no step-by-step decay: within one decade
    # and at 50 steps back it is far above the vanishing RNNs
    assert v["attention_curve"][50] > 100 * v["small_at_50"]


def test_soft_lookup_weights_and_the_effect_of_scaling() -> None:
    v = values(LOOKUP)
    w = v["lookup_weights"]
    assert abs(sum(w) - 1) < 1e-12 and w[0] > w[1] > w[2] > 0  # "mostly value 0 ... almost none"
    assert 10 < v["lookup_output"] < 20  # a blend, nearest to value 0's 10
    assert 28 < v["score_std_1024"] < 36  # std sqrt(1024) = 32
    assert v["top_weight_unscaled_1024"] > 0.9  # "nearly a hard choice"
    assert v["top_weight_scaled_1024"] < 0.4


def test_causal_mask_gives_exactly_zero_weight_to_the_future() -> None:
    v = values(MASK)
    assert v["masked_weight_total"] == 0.0
    assert v["first_row_self_weight"] == 1.0


def test_positional_codes_are_distinct_and_similar_for_neighbours() -> None:
    v = values(POSITIONS)
    assert v["distinct_rows"] == v["T"]
    assert v["neighbour_similarity"] > v["far_similarity"] + 0.2


def test_the_reversal_model_learns_and_attends_to_the_digit_it_copies() -> None:
    v = values(REVERSAL)
    assert v["accuracy"] >= 0.99
    assert v["mean_weight_on_target"] > 0.6  # the bright anti-diagonal
    assert v["min_weight_on_target"] > 0.5  # in every answer row
    assert v["future_weight"] == 0.0


def test_the_block_printed_is_pre_norm_with_two_residuals() -> None:
    output = stdout(BLOCK)
    assert "self.ln1.forward(x" in output and "self.ln2.forward(h" in output
    assert "h += x" in output and "y += h" in output  # the two residual connections
    assert "def forward" not in output  # the docstring and checks are left out
