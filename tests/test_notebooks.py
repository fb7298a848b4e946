"""The notebooks of docs/notebooks/, executed exactly as the site executes them.

The runner shares the site build's cache, so after ``make build`` these tests
re-execute nothing that has not changed.
"""

from __future__ import annotations

import base64
import io
import os
import re
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from notebook_runner import NotebookRunner, Result
from notebook_support import CHECK_CALL, FOLDER, ROOT, check_cells, load_checks, solution_functions
from notebook_support import printed as text_of


def runner() -> NotebookRunner:
    cache_dir = os.environ.get("DLNOTES_NOTEBOOK_CACHE_DIR")
    return NotebookRunner(ROOT, cache_dir=Path(cache_dir) if cache_dir else None)


@cache
def results() -> dict[str, Result]:
    """Every notebook page's result, executed (or read from the cache) once."""
    return runner().run_all()


def notebook(page: str):
    result = results()[page]
    assert result.failure is None, f"{result.failure}\n{result.failure.traceback}"
    return result.notebook()


checks = load_checks("first_model_checks")
loop_checks = load_checks("training_loop_checks")
activation_checks = load_checks("activations_checks")
backprop_checks = load_checks("backpropagation_checks")

EXERCISE = "notebooks/first-model.py"
SOLUTION = "notebooks/first-model-solution.ipynb"
BY_HAND = "notebooks/training-loop-by-hand.py"
BY_HAND_SOLUTION = "notebooks/training-loop-by-hand-solution.ipynb"
ACTIVATIONS = "notebooks/activations.py"
ACTIVATIONS_SOLUTION = "notebooks/activations-solution.ipynb"
BACKPROP = "notebooks/backpropagation.py"
BACKPROP_SOLUTION = "notebooks/backpropagation-solution.ipynb"
#: Every notebook source in docs/notebooks/ (a checks file is not a notebook),
#: as its exercise page and its generated solution page.
SOURCES = sorted(p.stem for p in FOLDER.glob("*.py") if not p.stem.endswith("_checks"))
PAGES = [f"notebooks/{s}{variant}" for s in SOURCES for variant in (".py", "-solution.ipynb")]
#: Exercise pages whose only figure needs the reader's answers.
WITHOUT_FIGURES = {BACKPROP, "notebooks/sequences-and-attention.py"}


# ------------------------------------------------------------ every notebook
def test_the_site_shows_the_expected_notebooks() -> None:
    assert sorted(results()) == sorted(PAGES)


CHAPTERS = sorted(p.stem for p in (ROOT / "docs" / "concepts").glob("*.md"))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_a_notebook_a_quiz_and_a_practise_link(chapter: str) -> None:
    """The index names the chapter in a notebook's row; the page links that notebook."""
    rows = [
        line
        for line in (FOLDER / "index.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| [") and f"(../concepts/{chapter}.md)" in line
    ]
    assert rows, f"no notebook in docs/notebooks/index.md practises {chapter}"
    page = (ROOT / "docs" / "concepts" / f"{chapter}.md").read_text(encoding="utf-8")
    practise = re.search(r"^Practise: .*?\]\(\.\./notebooks/([\w-]+)\.py\)", page, re.M | re.S)
    assert practise, f"docs/concepts/{chapter}.md has no 'Practise: ...' link to a notebook"
    assert (FOLDER / f"{practise[1]}.py").is_file(), practise[0]
    assert (ROOT / "docs" / "concepts" / f"{chapter}.quiz.yml").is_file(), f"{chapter} has no quiz"
    assert "{{ quiz() }}" in page, f"docs/concepts/{chapter}.md does not show its quiz"


@pytest.mark.parametrize("page", PAGES)
def test_notebook_runs_without_errors(page: str) -> None:
    nb = notebook(page)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert outputs, f"{page} produced no output at all"
    assert not [o for o in outputs if o.output_type == "error"]


@pytest.mark.parametrize("page", PAGES)
def test_figures_are_light_cards_that_read_on_both_themes(page: str) -> None:
    """Each figure is one PNG for both themes: an opaque white background."""
    import matplotlib.image

    figures = [
        o.data["image/png"]
        for c in notebook(page).cells
        if c.cell_type == "code"
        for o in c.outputs
        if "data" in o and "image/png" in o.data
    ]
    assert figures or page in WITHOUT_FIGURES, f"{page} draws no figure"
    for encoded in figures:
        pixels = matplotlib.image.imread(io.BytesIO(base64.b64decode(encoded)), format="png")
        corners = pixels[[0, 0, -1, -1], [0, -1, 0, -1]]
        assert np.all(corners[:, :3] > 0.99), "figure background is not white"
        if pixels.shape[2] == 4:
            assert np.all(pixels[..., 3] == 1.0), "figure is (partly) transparent"


# ---------------------------------------------------------- the solution
def test_every_check_passes_in_the_solution() -> None:
    cells = check_cells(notebook(SOLUTION))
    assert len(cells) == 6
    for cell in cells:
        assert text_of(cell).startswith("Works: "), f"{cell.source}\n{text_of(cell)}"


def test_the_solution_states_its_results() -> None:
    cells = notebook(SOLUTION).cells
    summary = next(c for c in cells if "model.summary()" in c.source and c.cell_type == "code")
    assert "Total params: 371" in text_of(summary)
    fit = next(c for c in cells if "model.fit(" in c.source and c.cell_type == "code")
    accuracy, val_accuracy = map(float, re.findall(r"accuracy (\d\.\d+)", text_of(fit)))
    assert accuracy >= checks.MIN_TRAIN_ACCURACY and val_accuracy >= checks.MIN_VAL_ACCURACY


# ---------------------------------------------------------- the exercise
def test_unfilled_exercise_fails_its_first_check_with_the_intended_message() -> None:
    first = check_cells(notebook(EXERCISE))[0]
    assert "check.layers(model)" in first.source
    assert text_of(first) == (
        "Not yet: `model` is still `None`. Replace `None` with `Sequential([...])`, "
        "a list of layers such as `Dense(2, 16)` and `ReLU()`."
    )


def test_unfilled_exercise_reports_every_step_as_not_done() -> None:
    cells = check_cells(notebook(EXERCISE))
    assert len(cells) == 6
    for cell in cells:
        text = text_of(cell)
        assert text.startswith("Not yet: "), text
        assert "Traceback" not in text and "Error" not in text


def test_each_todo_has_a_folded_solution_and_then_a_check() -> None:
    cells = notebook(EXERCISE).cells
    todos = [i for i, c in enumerate(cells) if c.cell_type == "code" and "TODO" in c.source]
    assert len(todos) == 6
    for i in todos:
        folded, check = cells[i + 1], cells[i + 2]
        assert folded.cell_type == "markdown"
        assert folded.source.startswith('<details class="success">\n<summary>Solution</summary>')
        assert CHECK_CALL.search(check.source), check.source


def test_the_folded_solutions_are_the_code_the_solution_notebook_ran() -> None:
    folded = [
        re.search(r"```python\n(.*?)\n```", c.source, re.DOTALL)[1]
        for c in notebook(EXERCISE).cells
        if c.cell_type == "markdown" and c.source.startswith("<details")
    ]
    ran = {c.source.strip() for c in notebook(SOLUTION).cells if c.cell_type == "code"}
    assert folded and all(code.strip() in ran for code in folded)


def test_no_todo_is_left_in_the_solution() -> None:
    assert not [c for c in notebook(SOLUTION).cells if "TODO" in c.source]


# ------------------------------------------------------ training loop by hand
def test_the_loop_by_hand_matches_fit_exactly() -> None:
    nb = notebook(BY_HAND_SOLUTION)
    printed = "".join(text_of(c) for c in nb.cells if c.cell_type == "code")
    assert "identical weights: True" in printed
    assert "identical loss and accuracy in every epoch: True" in printed
    errors = [float(e) for e in re.findall(r"largest relative difference (\S+)", printed)]
    assert len(errors) == 4 and max(errors) < 1e-6
    before = float(re.search(r"loss before the step: (\S+)", printed)[1])
    after = float(re.search(r"loss after the step: +(\S+)", printed)[1])
    assert after < before
    cells = check_cells(nb)
    assert len(cells) == 5
    for cell in cells:
        assert text_of(cell).startswith("Works: "), f"{cell.source}\n{text_of(cell)}"


def test_the_loop_exercise_leaves_every_task_to_the_reader() -> None:
    cells = notebook(BY_HAND).cells
    todos = [i for i, c in enumerate(cells) if c.cell_type == "code" and "TODO" in c.source]
    assert len(todos) == 5
    for i in todos:
        assert "raise NotImplementedError" in cells[i].source
        assert cells[i + 1].source.startswith('<details class="success">')
        assert text_of(cells[i + 2]).startswith("Not yet: the function still raises")
    printed = "".join(text_of(c) for c in cells if c.cell_type == "code")
    assert "identical weights" not in printed  # the answer is not given away


def test_every_notebook_starts_with_the_install_line() -> None:
    from site_wheel import install_line

    for page in PAGES:
        first = next(c for c in notebook(page).cells if c.cell_type == "code")
        assert first.source.splitlines()[-1] == install_line(), page
        assert install_line().startswith("# %pip install https://")


def test_the_notebooks_index_lists_every_notebook_with_its_downloads() -> None:
    index = (FOLDER / "index.md").read_text(encoding="utf-8")
    for source in sorted(FOLDER.glob("*.py")):
        if "# %%" not in source.read_text(encoding="utf-8"):
            continue
        stem = source.stem
        assert f"]({stem}.py)" in index, f"the index does not link {stem}"
        assert f'"{stem}/{stem}.ipynb" download' in index, f"no .ipynb download for {stem}"
        checks_file = stem.replace("-by-hand", "").replace("-", "_") + "_checks.py"
        if (FOLDER / checks_file).exists():
            assert f"]({checks_file})" in index, f"no checks download for {stem}"
    assert "{{ wheel_url }}" in index and "{{ install_line }}" in index


# ---------------------------------------- the loop checks: right and wrong answers
def _moons():
    from dlnotes.data import moons

    return moons(n=60, noise=0.2, seed=0)


def _solution(name: str):
    """A function of the solution notebook, as the reader would write it."""
    nb = notebook(BY_HAND_SOLUTION)
    from dlnotes.activations import sigmoid

    return solution_functions(nb, {"np": np, "sigmoid": sigmoid})[name]


def _verdict(check, *args):
    verdict = check(*args)
    assert repr(verdict).startswith(("Works: ", "Not yet: "))
    return verdict


def test_forward_check_passes_the_solution_and_explains_mistakes() -> None:
    assert _verdict(loop_checks.forward, _solution("forward")).passed

    def no_tanh(X, W1, b1, W2, b2):
        h = X @ W1 + b1
        return h, h @ W2 + b2

    def no_bias(X, W1, b1, W2, b2):
        h = np.tanh(X @ W1)
        return h, h @ W2 + b2

    def squashed(X, W1, b1, W2, b2):
        h = np.tanh(X @ W1 + b1)
        return h, np.tanh(h @ W2 + b2)

    def one_value(X, W1, b1, W2, b2):
        return np.tanh(X @ W1 + b1) @ W2 + b2

    for wrong, words in [
        (no_tanh, "apply `np.tanh`"),
        (no_bias, "add `b1`"),
        (squashed, "raw score"),
        (one_value, "return two arrays"),
    ]:
        verdict = _verdict(loop_checks.forward, wrong)
        assert not verdict.passed and words in verdict.message, (wrong.__name__, verdict)


def test_loss_check_passes_the_solution_and_explains_mistakes() -> None:
    assert _verdict(loop_checks.loss, _solution("bce_loss")).passed

    def summed(z, Y):
        return float(np.sum(np.logaddexp(0.0, z) - Y * z))

    def naive(z, Y):
        p = 1 / (1 + np.exp(-z))
        return float(-np.mean(Y * np.log(p) + (1 - Y) * np.log(1 - p)))

    def per_point(z, Y):
        return np.logaddexp(0.0, z) - Y * z

    for wrong, words in [
        (summed, "the mean"),
        (naive, "np.logaddexp"),
        (per_point, "one number"),
    ]:
        verdict = _verdict(loop_checks.loss, wrong)
        assert not verdict.passed and words in verdict.message, (wrong.__name__, verdict)


def test_backward_check_passes_the_solution_and_explains_mistakes() -> None:
    from dlnotes.activations import sigmoid

    assert _verdict(loop_checks.backward, _solution("backward")).passed

    def gradients(X, Y, h, z2, W2, *, scale=True, slope="full", squash=True):
        dz2 = ((sigmoid(z2) if squash else z2) - Y) / (len(X) if scale else 1)
        dh = dz2 @ W2.T
        dz1 = dh * {"full": 1 - h * h, "half": 1 - h, "none": 1}[slope]
        return X.T @ dz1, dz1.sum(axis=0), h.T @ dz2, dz2.sum(axis=0)

    def bias_shape(X, Y, h, z2, W2):
        dW1, _, dW2, db2 = gradients(X, Y, h, z2, W2)
        dz1 = ((sigmoid(z2) - Y) / len(X) @ W2.T) * (1 - h * h)
        return dW1, dz1.sum(axis=1), dW2, db2

    for wrong, words in [
        (lambda *a: gradients(*a, scale=False), "divide"),
        (lambda *a: gradients(*a, slope="half"), "1 − h²"),
        (lambda *a: gradients(*a, slope="none"), "skips the tanh"),
        (lambda *a: gradients(*a, squash=False), "apply `sigmoid`"),
        (bias_shape, "`.sum(axis=0)`"),
    ]:
        verdict = _verdict(loop_checks.backward, wrong)
        assert not verdict.passed and words in verdict.message, verdict


def test_step_check_passes_the_solution_and_explains_mistakes() -> None:
    assert _verdict(loop_checks.step, _solution("sgd_step")).passed

    def rebinds(params, grads, lr):
        for param, grad in zip(params, grads, strict=True):
            param = param - lr * grad

    def returns_new(params, grads, lr):
        return [p - lr * g for p, g in zip(params, grads, strict=True)]

    def uphill(params, grads, lr):
        for param, grad in zip(params, grads, strict=True):
            param += lr * grad

    def no_rate(params, grads, lr):
        for param, grad in zip(params, grads, strict=True):
            param -= grad

    for wrong, words in [
        (rebinds, "`param -= lr * grad`"),
        (returns_new, "leaves the network's own arrays unchanged"),
        (uphill, "uphill"),
        (no_rate, "learning rate"),
    ]:
        verdict = _verdict(loop_checks.step, wrong)
        assert not verdict.passed and words in verdict.message, (wrong.__name__, verdict)


def test_loop_check_passes_the_solution_and_explains_mistakes() -> None:
    X, y = _moons()
    train = _solution("train")
    assert _verdict(loop_checks.loop, train, X, y).passed
    source = inspect_source(train)

    def variant(old: str, new: str):
        assert old in source
        namespace = dict(train.__globals__)
        exec(compile(source.replace(old, new), "<wrong>", "exec"), namespace)
        return namespace["train"]

    shuffled_once = variant(
        "    for _ in range(epochs):\n        order = rng.permutation(len(X))\n",
        "    order = rng.permutation(len(X))\n    for _ in range(epochs):\n",
    )
    never_shuffled = variant("order = rng.permutation(len(X))", "order = np.arange(len(X))")
    no_step = variant("sgd_step([W1, b1, W2, b2], grads, lr)", "pass")
    for wrong, words in [
        (shuffled_once, "draw a new"),
        (never_shuffled, "differ from `fit`"),
        (no_step, "never change"),
    ]:
        verdict = _verdict(loop_checks.loop, wrong, X, y)
        assert not verdict.passed and words in verdict.message, verdict


def inspect_source(function) -> str:
    nb = notebook(BY_HAND_SOLUTION)
    return next(
        c.source for c in nb.cells if c.cell_type == "code" and c.source.startswith("def train(")
    )


# ------------------------------------------------ the activations notebook
def test_the_activations_solution_passes_and_the_exercise_waits() -> None:
    solved = check_cells(notebook(ACTIVATIONS_SOLUTION))
    waiting = check_cells(notebook(ACTIVATIONS))
    assert len(solved) == len(waiting) == 5
    for cell in solved:
        assert text_of(cell).startswith("Works: "), f"{cell.source}\n{text_of(cell)}"
    for cell in waiting:
        assert text_of(cell).startswith("Not yet: the function still raises"), text_of(cell)


def _activation_solution(name: str):
    namespace: dict = {"np": np}
    for cell in notebook(ACTIVATIONS_SOLUTION).cells:
        if cell.cell_type == "code" and cell.source.startswith("def "):
            exec(compile(cell.source, "<solution>", "exec"), namespace)
    return namespace[name]


@pytest.mark.parametrize(
    ("check", "solution", "wrong_answers"),
    [
        (
            "relu",
            "relu",
            [(np.abs, "absolute value"), (lambda z: np.minimum(z, 0), "negative part")],
        ),
        (
            "sigmoid",
            "sigmoid",
            [
                (lambda z: 1 / (1 + np.exp(-z)), "overflows"),
                (lambda z: 1 / (1 + np.exp(z)), "sign is flipped"),
            ],
        ),
        (
            "sigmoid_slope",
            "sigmoid_grad",
            [
                (lambda z: 0.5 * (1 + np.tanh(z / 2)), "0.25"),
                (lambda z: 1 - (0.5 * (1 + np.tanh(z / 2))) ** 2, "tanh"),
            ],
        ),
        (
            "softmax",
            "softmax",
            [
                (lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), "overflows"),
                (lambda z: np.exp(z) / np.exp(z).sum(axis=0, keepdims=True), "`axis=1`"),
                (lambda z: np.exp(z) / np.exp(z).sum(axis=1), "keepdims=True"),
                (lambda z: z / z.sum(axis=1, keepdims=True), "exponentiate first"),
            ],
        ),
        (
            "collapse",
            "collapse",
            [
                (lambda W1, b1, W2, b2: (W1 @ W2, b1 + b2), "`b1 @ W2 + b2`"),
                (lambda W1, b1, W2, b2: (W2 @ W1, b2), "`W1 @ W2`, in that order"),
                (lambda W1, b1, W2, b2: (W1 @ W2, b2), "`b1 @ W2 + b2`"),
                (lambda W1, b1, W2, b2: W1 @ W2, "two arrays"),
            ],
        ),
    ],
)
def test_activation_checks_pass_the_solution_and_explain_mistakes(
    check: str, solution: str, wrong_answers: list
) -> None:
    function = getattr(activation_checks, check)
    assert function(_activation_solution(solution)).passed
    for wrong, words in wrong_answers:
        verdict = function(wrong)
        assert repr(verdict).startswith("Not yet: ")
        assert words in verdict.message, verdict


# ---------------------------------------------- the backpropagation notebook
def test_the_backpropagation_solution_passes_and_the_exercise_waits() -> None:
    solved = check_cells(notebook(BACKPROP_SOLUTION))
    waiting = check_cells(notebook(BACKPROP))
    assert len(solved) == len(waiting) == 4
    for cell in solved:
        assert text_of(cell).startswith("Works: "), f"{cell.source}\n{text_of(cell)}"
    for cell in waiting:
        assert text_of(cell).startswith("Not yet: the function still raises"), text_of(cell)
    printed = "".join(text_of(c) for c in notebook(BACKPROP_SOLUTION).cells)
    differences = [float(d) for d in re.findall(r"finite differences (\S+)", printed)]
    assert len(differences) == 4 and max(differences) < 1e-6


def _backprop_solution(name: str):
    namespace: dict = {"np": np}
    for cell in notebook(BACKPROP_SOLUTION).cells:
        if cell.cell_type == "code" and cell.source.startswith("def "):
            exec(compile(cell.source, "<solution>", "exec"), namespace)
    return namespace[name]


def _softmax(s):
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _forward_difference(f, x, eps=1e-5):
    grad = np.zeros_like(x)
    base = f(x)
    for index in np.ndindex(x.shape):
        old = x[index]
        x[index] = old + eps
        grad[index] = (f(x) - base) / eps
        x[index] = old
    return grad


def _unrestored(f, x, eps=1e-5):
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        x[index] += eps
        up = f(x)
        x[index] -= 2 * eps
        grad[index] = (up - f(x)) / (2 * eps)
    return grad


def _over_eps(f, x, eps=1e-5):
    return 2 * _backprop_solution("numerical_gradient")(f, x, eps)


@pytest.mark.parametrize(
    ("check", "solution", "wrong_answers"),
    [
        (
            "dense",
            "dense_backward",
            [
                (lambda X, W, d: (d @ W.T, d.T @ X, d.sum(axis=0)), "`X.T @ dout`"),
                (lambda X, W, d: (d @ W.T, X.T @ d, d), "`dout.sum(axis=0)`"),
                (lambda X, W, d: (d @ W.T, X.T @ d, d.mean(axis=0)), "is the mean"),
                (lambda X, W, d: (d @ W, X.T @ d, d.sum(axis=0)), "Follow the shapes"),
            ],
        ),
        (
            "relu",
            "relu_backward",
            [
                (lambda z, d: d * z, "not by `z` itself"),
                (lambda z, d: (z > 0).astype(float), "the slope alone"),
                (lambda z, d: d * np.maximum(z, 0), "scales by the output"),
            ],
        ),
        (
            "cross_entropy",
            "softmax_ce_backward",
            [
                (lambda s, y: _softmax(s) - np.eye(s.shape[1])[y], "divide by N"),
                (lambda s, y: _softmax(s) / len(s), "subtract 1"),
                (lambda s, y: (s - np.eye(s.shape[1])[y]) / len(s), "not the raw scores"),
            ],
        ),
        (
            "numerical",
            "numerical_gradient",
            [
                (_forward_difference, "one-sided difference"),
                (_unrestored, "`x` was changed"),
                (_over_eps, "2·eps"),
            ],
        ),
    ],
)
def test_backpropagation_checks_pass_the_solution_and_explain_mistakes(
    check: str, solution: str, wrong_answers: list
) -> None:
    function = getattr(backprop_checks, check)
    assert function(_backprop_solution(solution)).passed
    for wrong, words in wrong_answers:
        verdict = function(wrong)
        assert repr(verdict).startswith("Not yet: ")
        assert words in verdict.message, verdict


def test_the_loop_checks_never_raise() -> None:
    for check in (loop_checks.forward, loop_checks.loss, loop_checks.backward, loop_checks.step):
        assert "NotImplementedError" in check(_raise_todo).message
        assert "ZeroDivisionError" in check(lambda *a: 1 / 0).message
    assert not loop_checks.loop(lambda *a: None, *_moons()).passed


def _raise_todo(*args):
    raise NotImplementedError("TODO")


# ------------------------------------------------- the checks catch mistakes
def spirals_model(*layers):
    from dlnotes.model import Sequential

    return Sequential(list(layers))


def test_layer_check_explains_common_mistakes() -> None:
    from dlnotes.activations import ReLU, Softmax
    from dlnotes.layers import Dense

    cases = [
        ([Dense(2, 16), ReLU(), Dense(16, 3)], "plain list"),
        (spirals_model(Dense(4, 16), ReLU(), Dense(16, 3)), "each point has 2 features"),
        (spirals_model(Dense(2, 16), ReLU(), Dense(32, 3)), "must equal the input size"),
        (spirals_model(Dense(2, 16), Dense(16, 3)), "no activation in between"),
        (spirals_model(Dense(2, 16), ReLU(), Dense(16, 3), Softmax()), "remove the final"),
        (spirals_model(Dense(2, 16), ReLU(), Dense(16, 3), ReLU()), "End with a `Dense`"),
        (spirals_model(Dense(2, 16), ReLU(), Dense(16, 2)), "3 classes"),
        (spirals_model(Dense(2, 3)), "straight lines"),
        (spirals_model(Dense(2, 16), ReLU, Dense(16, 3)), "with brackets"),
        ("a model", "should be a `Sequential`"),
    ]
    for answer, reason in cases:
        verdict = checks.layers(answer)
        assert not verdict.passed and reason in verdict.message, (answer, verdict)
    good = checks.layers(spirals_model(Dense(2, 8), ReLU(), Dense(8, 3)))
    assert good.passed, good


def test_compile_check_explains_the_wrong_loss() -> None:
    from dlnotes.activations import ReLU
    from dlnotes.layers import Dense
    from dlnotes.losses import MSE, BinaryCrossEntropy, CrossEntropy
    from dlnotes.optim import SGD

    model = spirals_model(Dense(2, 8), ReLU(), Dense(8, 3))
    assert "not compiled yet" in checks.compiled(model).message
    model.compile(MSE(), SGD(lr=0.1), metrics=("mse",))
    assert "Use `CrossEntropy()`" in checks.compiled(model).message
    model.compile(BinaryCrossEntropy(), SGD(lr=0.1))
    assert "for two classes" in checks.compiled(model).message
    model.compile(CrossEntropy(), SGD(lr=0.1), metrics=())
    assert "metrics=['accuracy']" in checks.compiled(model).message
    model.compile(CrossEntropy(), SGD(lr=0.1))
    assert checks.compiled(model).passed


def test_summary_check_explains_forgotten_biases() -> None:
    from dlnotes.activations import ReLU
    from dlnotes.layers import Dense

    model = spirals_model(Dense(2, 16), ReLU(), Dense(16, 3))  # 48 + 51 parameters
    assert "not the biases" in checks.summary(model, 32 + 48, 48).message
    assert "not the biases" in checks.summary(model, 99, 32).message
    assert "whole number" in checks.summary(model, "99", 48).message
    assert checks.summary(model, 99, 48).passed


def test_training_check_wants_validation_data_and_enough_accuracy() -> None:
    from dlnotes.activations import ReLU
    from dlnotes.data import spirals
    from dlnotes.layers import Dense
    from dlnotes.losses import CrossEntropy
    from dlnotes.optim import Adam

    X, y = spirals(n_per_class=30, classes=3, seed=0)
    model = spirals_model(Dense(2, 16, seed=0), ReLU(), Dense(16, 3, seed=1))
    model.compile(CrossEntropy(), Adam(lr=0.01))
    short = model.fit(X, y, epochs=1, batch_size=32, seed=0)
    assert "without validation data" in checks.training(short, model, X, y).message
    short = model.fit(X, y, epochs=1, batch_size=32, validation_data=(X, y), seed=0)
    verdict = checks.training(short, model, X[::-1][:40], y[::-1][:40])
    assert "do not come from" in verdict.message
    verdict = checks.training(short, model, X, y)
    assert not verdict.passed and "has not learned the spirals yet" in verdict.message


def test_curves_check_wants_both_curves_a_legend_and_labels() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from dlnotes.model import History

    history = History()
    for epoch, (loss, val) in enumerate([(1.0, 1.1), (0.5, 0.7), (0.2, 0.9)]):
        history.append(epoch, {"loss": loss, "val_loss": val})
    fig, ax = plt.subplots()
    assert "the plot is empty" in checks.curves(ax, history).message
    ax.plot(history["loss"], label="training")
    assert "is missing" in checks.curves(ax, history).message
    ax.plot(history["val_loss"], label="validation")
    assert "add a legend" in checks.curves(ax, history).message
    ax.legend()
    assert "label both axes" in checks.curves(ax, history).message
    ax.set(xlabel="epoch", ylabel="loss")
    verdict = checks.curves(ax, history)
    assert verdict.passed and "started to overfit" in verdict.message
    plt.close(fig)


def test_a_check_never_raises() -> None:
    from dlnotes.model import Sequential

    class Broken(Sequential):
        layers = property(lambda self: 1 / 0)

    broken = object.__new__(Broken)  # a "model" that fails when inspected
    verdict = checks.layers(broken)
    assert not verdict.passed
    assert "could not inspect your answer (ZeroDivisionError" in verdict.message
    assert not checks.compiled(broken).passed
    assert repr(checks.test_scores({"loss": 1.0}, broken, None, None)).startswith("Not yet: ")
    assert "<code>None</code>" in checks.layers(None)._repr_html_()
