"""The printable book: its config, its print hook, and the PDF ``make pdf`` prints.

The config (``mkdocs.print.yml``) stays in step with ``mkdocs.yml``: MkDocs
replaces a list when a config inherits another, so a plugin, hook or
stylesheet added to ``mkdocs.yml`` would silently be missing from the PDF.

The PDF itself, printed once per session (see ``book`` below), is read with
pypdf for its structure and with PDFium (``pypdfium2``, Chrome's PDF engine)
for its text, which it reads some twenty times faster: every chapter has its
bookmarked page in reading order, no page shows raw TeX or an error, every
figure is in it, links inside it resolve, and the cover names the commit and
its date.
"""

from __future__ import annotations

import html as html_lib
import os
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from session_builds import session_book
from site_build import browser_missing

ROOT = Path(__file__).resolve().parent.parent.parent


class _AnyTag(yaml.SafeLoader):
    """Reads ``!!python/name:`` and ``!ENV`` tags as plain values."""


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


def _load(name: str) -> dict:
    return yaml.load((ROOT / name).read_text(encoding="utf-8"), Loader=_AnyTag)


def _names(plugins: list) -> list[str]:
    return [next(iter(p)) if isinstance(p, dict) else p for p in plugins]


def test_print_config_repeats_the_site_lists_and_adds_print_only():
    site, book = _load("mkdocs.yml"), _load("mkdocs.print.yml")
    assert book["INHERIT"] == "mkdocs.yml"
    assert _names(book["plugins"]) == [*_names(site["plugins"]), "autorefs", "print-site"]
    for mine, theirs in zip(book["plugins"], site["plugins"], strict=False):
        assert mine == theirs, f"plugin settings differ: {mine} vs {theirs}"
    assert book["hooks"] == [*site["hooks"], "hooks/print_book.py"]
    assert book["extra_css"] == [*site["extra_css"], "assets/print.css"]


def test_print_hook_prints_light_figures_and_open_answers_and_no_line_links():
    import print_book

    page = (
        '<p class="dl-figure"><img class="dl-figure__img" alt="a" loading="lazy" '
        'data-light="f.light.svg" data-dark="f.dark.svg"><noscript><img '
        'class="dl-figure__img" alt="a" src="f.light.svg"></noscript></p>'
        '<details class="question"><summary>Q</summary><p>A</p></details>'
        '<pre><span></span><code><a id="__codelineno-2-1" name="__codelineno-2-1" '
        'href="#__codelineno-2-1"></a><span class="n">x</span> <a href="#top">top</a>\n'
        "</code></pre>"
    )
    printed = print_book.for_print(page)
    assert 'src="f.light.svg"' in printed and "data-dark" not in printed
    assert "<details open" in printed
    assert "__codelineno" not in printed, "the line links stay on the web"
    assert '<code><span class="n">x</span> <a href="#top">top</a>' in printed


def test_print_hook_keeps_heading_tags_whole_when_the_plugin_prefixes_ids():
    import print_book

    # The glossary's letter headings: the plugin replaces the id's text in
    # the whole tag, so "h", "i" and "d" would break <h2 id="h">.
    page = '<h2 id="h">H<a class="headerlink" href="#h">¶</a></h2><h2 id="a">A</h2>'
    safe = print_book.safe_ids(page)
    assert '<h2 id="section-h">' in safe and 'href="#section-h"' in safe
    assert '<h2 id="a">' in safe  # an id that is not part of its tag stays


# ------------------------------------------------------------ the real PDF
# A PDF of this checkout, printed once per session by tools/make_pdf.py (what
# `make pdf` runs). It needs Debian's Chromium, like the browser tests: without
# it these tests are skipped, unless DLNOTES_REQUIRE_BROWSER is set (as in CI).
# DLNOTES_PDF_DIR=build tests the book `make pdf` already made instead
# (build/dlnotes.pdf and its print site, build/print-site/).

#: Text a page must never show: TeX that was not turned into MathML, and the
#: marks of a snippet, value or notebook that failed.
RAW_TEX = ("$$", "\\frac", "\\mathbf", "\\begin{", "\\left", "\\sum_", "\\text{", "\\(", "\\[")
ERROR_MARKS = ("Snippet problem:", "[value error:", "Traceback (most recent call last)")


def _norm(text: str) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", text).split())


def _key(text: str) -> str:
    """``text`` without whitespace and pilcrows (heading anchors), to compare titles."""
    return re.sub(r"[\s¶]", "", text)


@dataclass
class Book:
    pdf: Path
    print_html: str
    reader: object  # pypdf.PdfReader
    texts: list[str]  # each page's text, whitespace collapsed
    fresh: bool  # printed by this test session (not DLNOTES_PDF_DIR)


@pytest.fixture(scope="session")
def book() -> Book:
    from pypdf import PdfReader

    given = os.environ.get("DLNOTES_PDF_DIR")
    if given:
        folder = Path(given).resolve()
    else:
        reason = browser_missing()
        if reason is not None:
            if os.environ.get("DLNOTES_REQUIRE_BROWSER"):
                pytest.fail(f"{reason} (and DLNOTES_REQUIRE_BROWSER is set)", pytrace=False)
            pytest.skip(reason)
        try:
            folder = session_book()  # started early: session_builds.py
        except AssertionError as error:
            pytest.fail(str(error), pytrace=False)
    pdf, html = folder / "dlnotes.pdf", folder / "print-site" / "print_page" / "index.html"
    assert pdf.is_file() and html.is_file(), f"{folder} holds no dlnotes.pdf and print site"
    texts = [_norm(text) for text in page_texts(pdf)]
    return Book(pdf, html.read_text(encoding="utf-8"), PdfReader(pdf), texts, fresh=not given)


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, in order, as PDFium extracts it ("" for a page without text).

    Ligatures such as "ﬁ" come out as the letters they join.
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def _chapters(print_html: str) -> list[str]:
    """The title (first ``<h1>``) of every page of the book, in reading order."""
    titles = []
    for section in re.split(r'<section class="print-page" id="', print_html)[1:]:
        heading = re.search(r"<h1\b[^>]*>(.*?)</h1>", section, re.DOTALL)
        if heading:
            text = re.sub(r"<a class=.(?:headerlink|anchor-link).*?</a>|<[^>]+>", "", heading[1])
            titles.append(_norm(html_lib.unescape(text)))
    return titles


def _outline(reader) -> list[tuple[str, int]]:
    """Every bookmark of the PDF as (title, page index), in order."""
    found = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((_norm(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline)
    return found


def _nav_pages(nav: list) -> int:
    """How many pages the nav lists."""
    total = 0
    for item in nav:
        entry = next(iter(item.values())) if isinstance(item, dict) else item
        total += _nav_pages(entry) if isinstance(entry, list) else 1
    return total


def test_every_chapter_of_the_nav_has_its_page_in_reading_order(book: Book) -> None:
    chapters = _chapters(book.print_html)
    assert len(chapters) >= _nav_pages(_load("mkdocs.yml")["nav"]), "a nav page is not in the book"
    # Titles compared without spaces and pilcrows: a PDF keeps neither reliably.
    bookmarks = [(_key(title), page) for title, page in _outline(book.reader)]
    last = 0
    for title in chapters:
        pages = [n for t, n in bookmarks if t == _key(title) and n >= last]
        assert pages, f"no bookmark for the chapter {title!r} after page {last + 1}"
        assert _key(title) in _key(book.texts[pages[0]]), f"page {pages[0] + 1} lacks {title!r}"
        last = pages[0]


def test_no_page_shows_raw_tex_or_an_error(book: Book) -> None:
    bad = [
        (number + 1, mark)
        for number, text in enumerate(book.texts)
        for mark in (*RAW_TEX, *ERROR_MARKS)
        if mark in text
    ]
    assert not bad, f"pages with raw TeX or an error mark (page, mark): {bad[:20]}"
    assert "dlnotes" in book.texts[0]  # text was extracted at all


def test_the_cover_names_the_commit_and_its_date(book: Book) -> None:
    import print_book

    cover = re.search(r"commit ([0-9a-f]{12}) of (\d{4}-\d{2}-\d{2})", book.texts[0])
    assert cover, f"the cover names no commit and date: {book.texts[0][:300]}"
    commit, date = cover.groups()
    if book.fresh:  # printed by this session: this checkout's commit
        assert (commit, date) == (print_book.edition()["commit"], print_book.edition()["date"])
    else:  # DLNOTES_PDF_DIR: a commit of this repository, with its own date
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%ct", commit],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        assert stamp, f"the cover's commit {commit} is not in this repository"
        if not os.environ.get("SOURCE_DATE_EPOCH"):
            assert time.strftime("%Y-%m-%d", time.gmtime(int(stamp))) == date


def _link_target(annotation) -> object | None:
    """The destination of a link inside the PDF (``/Dest`` or a GoTo action), or None."""
    target = annotation.get("/Dest")
    action = annotation.get("/A")
    if target is None and action is not None:
        action = action.get_object()
        target = action.get("/D") if action.get("/S") == "/GoTo" else None
    return target.get_object() if hasattr(target, "get_object") else target


def test_internal_links_resolve_to_pages_of_the_book(book: Book) -> None:
    from pypdf.generic import ArrayObject

    reader = book.reader
    pages = {page.indirect_reference.idnum for page in reader.pages}
    named = {name: dest.page for name, dest in reader.named_destinations.items()}
    checked, broken = 0, []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            target = _link_target(annotation) if annotation.get("/Subtype") == "/Link" else None
            if target is None:
                continue  # not a link, or one that leaves the book (URI)
            checked += 1
            if isinstance(target, ArrayObject):
                where = target[0]
            else:
                where = named.get(str(target))
            if where is None or getattr(where, "idnum", None) not in pages:
                broken.append((number + 1, str(target)))
    # The table of contents alone links every chapter.
    assert checked >= len(_chapters(book.print_html)), f"only {checked} internal links"
    assert not broken, f"links to nowhere (page, target): {broken[:20]}"


def _figure_alts(reader) -> list[str]:
    """The alt text of every figure of the tagged PDF, from its structure tree."""
    alts, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if not hasattr(node, "get"):
            continue  # a marked-content number
        if node.get("/S") == "/Figure":
            alts.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        stack.extend(kids if isinstance(kids, list) else [kids] if kids is not None else [])
    return alts


def test_every_figure_of_the_print_page_is_in_the_pdf(book: Book) -> None:
    site = book.pdf.parent / "print-site"
    images = re.findall(r"<img\b[^>]*>", book.print_html)
    assert len(images) >= 50, f"only {len(images)} images on the print page"
    # Each image's file was built, so Chromium had something to draw...
    for tag in images:
        src = re.search(r'\bsrc="([^"]+)"', tag)
        assert src, f"an image without a src on the print page: {tag[:200]}"
        if not src[1].startswith("data:"):
            target = (site / "print_page" / html_lib.unescape(src[1]).split("#")[0]).resolve()
            assert target.is_file(), f"missing image file {src[1]}"
    # ...and each is a figure of the PDF, with its alt text,
    alts = [html_lib.unescape(a) for t in images for a in re.findall(r'\balt="([^"]*)"', t)]
    assert len(alts) == len(images), "an image of the print page has no alt text"
    in_pdf = _figure_alts(book.reader)
    missing = [alt[:80] for alt in alts if alt not in in_pdf]
    assert not missing, f"figures missing from the PDF: {missing[:10]}"
    # ...drawn from at least as many pictures (image or vector XObjects).
    drawn = set()
    for page in book.reader.pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        drawn |= {ref.idnum for ref in (xobjects.get_object().values() if xobjects else [])}
    assert len(drawn) >= len(images)


def test_the_print_page_has_only_whole_heading_tags(book: Book) -> None:
    # The plugin's id prefixing once made <glossary-h2 id=...> and <h2 iglossary-d=...>.
    broken = re.findall(r"<[a-z]+-h[1-6]\b[^>]*>|<h[1-6] (?!id=|class=)[^>]*>", book.print_html)
    assert not broken, broken[:5]
