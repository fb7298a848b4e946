"""hooks/site_downloads.py: the PDF and the offline zip, offered only when they were built."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import site_downloads
from site_downloads import available, fill, size_text

PAGE = """\
# Home

Some text.

{{ downloads() }}

- the book: {{ download("pdf") }}
- {{ download("offline") }}
"""


@pytest.fixture
def built(tmp_path: Path) -> Path:
    (tmp_path / "dlnotes.pdf").write_bytes(b"%PDF" + b"x" * 2_345_678)
    (tmp_path / "dlnotes-offline.zip").write_bytes(b"PK" + b"x" * 840_000)
    return tmp_path


def test_present_files_are_linked_with_their_size(built: Path) -> None:
    page = fill(PAGE, "index.md", available(built))
    assert "Download [the whole book as a PDF](downloads/dlnotes.pdf) (2.3 MB) or " in page
    assert (
        "[the whole site as a zip to read offline](downloads/dlnotes-offline.zip) (840 kB)." in page
    )
    assert "- the book: [the whole book as a PDF](downloads/dlnotes.pdf) (2.3 MB)" in page
    assert "{{" not in page


def test_links_are_relative_to_the_page(built: Path) -> None:
    page = fill('{{ download("pdf") }}', "concepts/neuron.md", available(built))
    assert page.startswith("[the whole book as a PDF](../downloads/dlnotes.pdf) (")


def test_absent_files_leave_no_link_no_placeholder_and_no_empty_bullet(tmp_path: Path) -> None:
    page = fill(PAGE, "index.md", available(tmp_path))
    assert "downloads/" not in page and "{{" not in page and "Download" not in page
    lines = page.split("\n")
    assert "- the book: " in lines  # the author's own words stay
    assert "-" not in [line.strip() for line in lines]  # the bare bullet went
    assert "Some text." in lines


def test_only_what_exists_is_offered(built: Path) -> None:
    (built / "dlnotes-offline.zip").unlink()
    (built / "dlnotes.pdf").write_bytes(b"")  # an empty file is a failed print, not a book
    assert available(built) == {}
    (built / "dlnotes.pdf").write_bytes(b"%PDF-1.7")
    page = fill("{{ downloads() }}", "index.md", available(built))
    assert page == "Download [the whole book as a PDF](downloads/dlnotes.pdf) (1 kB)."


def test_sizes_read_well() -> None:
    assert size_text(12_345_678) == "12.3 MB"
    assert size_text(840_400) == "840 kB"
    assert size_text(10) == "1 kB"


@pytest.mark.parametrize(
    "text", ['{{ download("epub") }}', "{{ download(pdf) }}", "text {{ downloads() }} inline"]
)
def test_a_misspelt_placeholder_fails_naming_page_and_line(text: str) -> None:
    with pytest.raises(ValueError, match=r"docs/index.md:3: "):
        fill(f"a\nb\n{text}\n", "index.md", {})


def test_the_hook_publishes_the_files_and_the_book_offers_none(
    built: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    monkeypatch.setenv("DLNOTES_DOWNLOADS_DIR", str(built))
    docs = tmp_path_factory.mktemp("docs")
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(docs)})
    assert config.validate() == ([], [])
    config.plugins._current_plugin = None  # what MkDocs sets while it runs a hook
    files = site_downloads.on_files(Files([]), config)
    published = {f.src_uri: Path(f.abs_src_path) for f in files}
    assert published == {
        "downloads/dlnotes.pdf": built / "dlnotes.pdf",
        "downloads/dlnotes-offline.zip": built / "dlnotes-offline.zip",
    }
    page = SimpleNamespace(file=SimpleNamespace(src_uri="index.md"))
    assert "downloads/dlnotes.pdf" in site_downloads.on_page_markdown(PAGE, page, config, files)

    config.extra["book"] = {"commit": "abc", "date": "2026-01-01"}  # hooks/print_book.py
    assert list(site_downloads.on_files(Files([]), config)) == []
    printed = site_downloads.on_page_markdown(PAGE, page, config, files)
    assert "downloads/" not in printed and "{{" not in printed
