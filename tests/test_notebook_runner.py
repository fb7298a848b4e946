"""Figures in executed notebooks carry the alt text their cell declares."""

import nbformat
from notebook_runner import Variant, attach_alt_texts

PNG = "iVBORw0KGgo="


def notebook(metadata: dict, figures: int) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell("plot()", metadata=metadata)
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": PNG}) for _ in range(figures)
    ]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"), cell])


VARIANT = Variant("docs/notebooks/demo.py", "notebook")


def test_declared_alt_becomes_an_img_with_that_alt() -> None:
    nb = notebook({"alt": 'Two "moons"'}, figures=1)
    assert attach_alt_texts(nb, [1, 5], VARIANT) is None
    html = nb.cells[1].outputs[0]["data"]["text/html"]
    assert html == f'<img src="data:image/png;base64,{PNG}" alt="Two &quot;moons&quot;">'
    assert nb.cells[1].outputs[0]["data"]["image/png"] == PNG  # the .ipynb keeps its PNG


def test_a_figure_without_alt_text_fails_naming_the_source_line() -> None:
    nb = notebook({}, figures=2)
    failure = attach_alt_texts(nb, [1, 7], VARIANT)
    assert failure is not None
    assert failure.line == 7 and failure.cell == 2
    assert "draws 2 figure(s) but declares 0 alt text(s)" in failure.message
