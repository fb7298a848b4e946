"""Glossary tooltips come from the glossary page's definition list."""

from site_glossary import abbreviations, first_occurrences, first_sentence, forms, parse

GLOSSARY = """
# Glossary

## A

Activation function
:   A nonlinear function applied to a neuron's [weighted sum](#w). It bends.

Convolutional neural network (CNN)
:   A network whose layers slide small *filters* over an image.

Epoch
:   One pass over the training data.
"""


def test_parse_reads_every_entry_and_its_first_sentence() -> None:
    entries = parse(GLOSSARY)
    assert entries == {
        "Activation function": "A nonlinear function applied to a neuron's weighted sum.",
        "Convolutional neural network (CNN)": (
            "A network whose layers slide small filters over an image."
        ),
        "Epoch": "One pass over the training data.",
    }


def test_forms_cover_case_plural_and_abbreviation() -> None:
    assert forms("Activation function") == [
        "Activation function",
        "activation function",
        "Activation functions",
        "activation functions",
    ]
    assert "CNN" in forms("Convolutional neural network (CNN)")
    assert "CNNs" not in forms("Convolutional neural network (CNN)")


def test_abbreviation_lines_use_markdown_abbr_syntax() -> None:
    lines = abbreviations(GLOSSARY).split("\n\n")
    assert "*[epochs]: One pass over the training data." in lines
    assert "*[CNN]: A network whose layers slide small filters over an image." in lines


def test_first_sentence_strips_markup_and_maths() -> None:
    assert first_sentence('Uses `x` and $\\eta$ "here". Then more.') == "Uses x and 'here'."


def test_american_spelling_is_covered() -> None:
    assert "regularization" in forms("Regularisation")


def test_only_the_first_tooltip_per_term_survives_and_none_in_headings() -> None:
    tip = '<abbr title="One pass.">epoch</abbr>'
    html = f"<h2>An {tip}</h2><p>First {tip}, then {tip}.</p><p>Again {tip}.</p>"
    kept = '<abbr tabindex="0" title="One pass.">epoch</abbr>'  # reachable by keyboard
    assert first_occurrences(html) == (
        f"<h2>An epoch</h2><p>First {kept}, then epoch.</p><p>Again epoch.</p>"
    )


def test_a_tooltip_inside_a_link_takes_no_focus_of_its_own() -> None:
    tip = '<abbr title="One pass.">epoch</abbr>'
    html = f'<p><a href="x/">an {tip}</a> and <a href="y/">more</a></p>'
    assert first_occurrences(html) == html
