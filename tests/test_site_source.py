"""hooks/site_source.py: a source page per dlnotes module, and the reference's links to it."""

from __future__ import annotations

import pytest
from site_source import (
    Module,
    index_markdown,
    modules,
    resolve_links,
    source_markdown,
    stale_when,
    to_site,
)


def test_every_module_of_the_package_gets_a_page() -> None:
    found = {m.path: m for m in modules()}
    assert "dlnotes/layers.py" in found and "dlnotes/plot/style.py" in found
    assert found["dlnotes/layers.py"].page == "reference/source/layers.md"
    assert found["dlnotes/plot/style.py"].page == "reference/source/plot/style.md"
    assert found["dlnotes/plot/style.py"].reference == "reference/plot.md"
    assert found["dlnotes/__init__.py"].reference == "reference/index.md"
    assert all(m.text.strip() for m in found.values() if not m.path.endswith("__init__.py"))


def test_the_page_holds_the_whole_file_in_a_fence_no_line_can_close() -> None:
    text = 'def f():\n    """Example::\n\n        ````text\n        x\n        ````\n    """\n'
    page = source_markdown(Module("dlnotes/demo.py", text), documented=True)
    assert '`````python linenums="1"\n' + text.rstrip() + "\n`````\n" in page
    assert "[dlnotes.demo](../demo.md)" in page
    assert "[Every module](index.md)" in page
    assert "search:\n  exclude: true" in page  # the reference is what search finds


def test_a_module_the_reference_does_not_document_says_so() -> None:
    page = source_markdown(Module("dlnotes/plot/demo.py", "x = 1\n"), documented=False)
    assert "does not document it" in page and "../../plot.md" not in page
    assert "[Every module](../index.md)" in page


def test_the_index_lists_every_module_with_its_lines() -> None:
    found = [Module("dlnotes/a.py", "1\n2\n"), Module("dlnotes/plot/b.py", "1\n2\n3\n")]
    page = index_markdown(found)
    assert "| [`dlnotes/a.py`](a.md) | 2 |" in page
    assert "| [`dlnotes/plot/b.py`](plot/b.md) | 3 |" in page
    assert "5 lines of Python in 2 files" in page


FOUND = {"dlnotes/norm.py": Module("dlnotes/norm.py", "a\nb\nc\n")}


def _url_for(uri: str) -> str:
    return "../" + uri.removeprefix("reference/").removesuffix(".md") + "/"


def test_a_source_link_becomes_a_link_to_its_line() -> None:
    html = '<a href="dlnotes-source:dlnotes/norm.py#3">Source</a>'
    out = resolve_links(html, "reference/norm.md", FOUND, _url_for)
    assert out == '<a href="../source/norm/#__codelineno-0-3">Source</a>'


@pytest.mark.parametrize(
    ("href", "message"),
    [
        ("dlnotes/nope.py#1", "names 'dlnotes/nope.py', which is not a module"),
        ("dlnotes/norm.py#4", "names line 4 of dlnotes/norm.py, which has 3 lines"),
    ],
)
def test_a_link_to_a_missing_module_or_line_names_the_page(href: str, message: str) -> None:
    html = f'<a href="dlnotes-source:{href}">Source</a>'
    with pytest.raises(ValueError) as error:
        resolve_links(html, "reference/norm.md", FOUND, _url_for)
    assert str(error.value).startswith("docs/reference/norm.md: ")
    assert message in str(error.value)


def test_the_book_links_source_pages_on_the_published_site() -> None:
    site = "https://example.org/dlnotes/"
    html = (
        '<a href="../source/norm/#__codelineno-0-3">a</a> <a href="source/">b</a> '
        '<a href="../layers/">c</a> <a href="#here">d</a> <a href="https://x.org/">e</a>'
    )
    out = to_site(html, "reference/norm/", site)
    assert 'href="https://example.org/dlnotes/reference/source/norm/#__codelineno-0-3"' in out
    assert 'href="https://example.org/dlnotes/reference/norm/source/"' not in out
    assert 'href="source/"' in out  # reference/norm/source/ is not a source page
    assert 'href="../layers/"' in out and 'href="#here"' in out and 'href="https://x.org/"' in out
    index = to_site('<a href="source/">all</a>', "reference/", site)
    assert index == '<a href="https://example.org/dlnotes/reference/source/">all</a>'


def test_a_source_page_is_stale_only_when_its_module_is_newer(tmp_path) -> None:
    import os

    module, page = tmp_path / "norm.py", tmp_path / "site" / "index.html"
    module.write_text("x = 1\n")
    is_modified = stale_when(str(page), [module])
    assert is_modified()  # never built
    page.parent.mkdir()
    page.write_text("<html>")
    os.utime(module, (1_000, 1_000))
    os.utime(page, (2_000, 2_000))
    assert not is_modified()
    os.utime(module, (3_000, 3_000))
    assert is_modified()
