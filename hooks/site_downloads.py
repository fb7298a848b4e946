"""MkDocs hook: the printable book and the offline edition, served by the site when built.

``make pdf`` writes ``build/dlnotes.pdf`` and ``make offline`` writes
``build/dlnotes-offline.zip``. When a build of the site finds them there, it
publishes them at ``downloads/dlnotes.pdf`` and
``downloads/dlnotes-offline.zip`` and a page can link to them with their size:

* ``{{ download("pdf") }}`` (or ``"offline"``), anywhere in a page's text,
  becomes ``[the whole book as a PDF](downloads/dlnotes.pdf) (12.3 MB)``;
* a line holding only ``{{ downloads() }}`` becomes one sentence offering
  every download that exists.

A file that was not built is simply not offered: its placeholder renders
as nothing, and a line that renders as nothing is dropped, so a page never
links to a missing file and never mentions one. The printable book itself
(``mkdocs.print.yml``, whose ``hooks/print_book.py`` sets
``config.extra["book"]``) offers no downloads: it would only point at itself.

``DLNOTES_DOWNLOADS_DIR`` moves the folder the files are looked for in
(``build/`` by default).
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOWNLOADS = "downloads"


@dataclass(frozen=True)
class Download:
    """One file the site can offer: where it is built, and how a page names it."""

    name: str  # the file, in build/ and at downloads/ in the site
    text: str  # the link's text


KINDS = {
    "pdf": Download("dlnotes.pdf", "the whole book as a PDF"),
    "offline": Download("dlnotes-offline.zip", "the whole site as a zip to read offline"),
}
CALL = re.compile(r"""\{\{\s*download\(\s*(?P<q>["'])(?P<kind>[^"']*)(?P=q)\s*\)\s*\}\}""")
ALL = re.compile(r"^[ \t]*\{\{\s*downloads\(\s*\)\s*\}\}[ \t]*$", re.MULTILINE)
LEFTOVER = re.compile(r"\{\{\s*downloads?\b[^}]*\}\}")


def source_dir() -> Path:
    """Where ``make pdf`` and ``make offline`` leave their files."""
    return Path(os.environ.get("DLNOTES_DOWNLOADS_DIR") or ROOT / "build")


def available(folder: Path) -> dict[str, Path]:
    """Each kind whose file exists (and is not empty) in ``folder``, with its path."""
    found = {}
    for kind, download in KINDS.items():
        path = folder / download.name
        if path.is_file() and path.stat().st_size > 0:
            found[kind] = path
    return found


def size_text(size: int) -> str:
    """A file size as a reader reads it: ``12.3 MB``, ``840 kB``."""
    if size >= 1_000_000:
        return f"{size / 1e6:.1f} MB"
    return f"{max(1, round(size / 1e3))} kB"


def link(kind: str, path: Path, page_uri: str) -> str:
    """The Markdown link to one download from the page ``page_uri`` (``docs/``-relative)."""
    target = f"{DOWNLOADS}/{KINDS[kind].name}"
    href = posixpath.relpath(target, posixpath.dirname(page_uri) or ".")
    return f"[{KINDS[kind].text}]({href}) ({size_text(path.stat().st_size)})"


def sentence(links: list[str]) -> str:
    """One sentence offering ``links`` (``""`` when there are none)."""
    if not links:
        return ""
    offered = links[0] if len(links) == 1 else ", ".join(links[:-1]) + " or " + links[-1]
    return f"Download {offered}."


def fill(markdown: str, page_uri: str, found: dict[str, Path]) -> str:
    """``markdown`` with its download placeholders filled from ``found``.

    Raises:
        ValueError: naming the page and line of an unknown kind or a
            placeholder that does not parse.
    """

    def one(match: re.Match[str]) -> str:
        kind = match["kind"]
        if kind not in KINDS:
            line = markdown.count("\n", 0, match.start()) + 1
            known = ", ".join(f'"{k}"' for k in KINDS)
            raise ValueError(f"docs/{page_uri}:{line}: unknown download {kind!r}; known: {known}")
        return link(kind, found[kind], page_uri) if kind in found else ""

    if "{{" not in markdown:
        return markdown
    every = sentence([link(kind, path, page_uri) for kind, path in found.items()])
    text = ALL.sub(lambda _: every, markdown)
    text = CALL.sub(one, text)
    bad = LEFTOVER.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ValueError(
            f"docs/{page_uri}:{line}: cannot read {bad[0]!r}; write "
            '{{ download("pdf") }} or a line holding only {{ downloads() }}'
        )
    return _drop_emptied_lines(markdown, text)


def _drop_emptied_lines(before: str, after: str) -> str:
    """Drop the lines that held a placeholder and now hold nothing (or a bare bullet)."""
    if before.count("\n") != after.count("\n"):  # cannot happen: placeholders are one line
        return after
    kept = []
    for old, new in zip(before.split("\n"), after.split("\n"), strict=True):
        emptied = old != new and new.strip() in ("", "-", "*", "+")
        if not emptied:
            kept.append(new)
    return "\n".join(kept)


# ------------------------------------------------------------------- hook
def _offers(config) -> bool:
    return "book" not in config.extra  # the printable book offers no downloads


def on_files(files, config):
    from mkdocs.structure.files import File

    if not _offers(config):
        return files
    for kind, path in available(source_dir()).items():
        uri = f"{DOWNLOADS}/{KINDS[kind].name}"
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_page_markdown(markdown, page, config, files):
    from mkdocs.exceptions import PluginError

    found = available(source_dir()) if _offers(config) else {}
    try:
        return fill(markdown, page.file.src_uri, found)
    except ValueError as error:
        raise PluginError(str(error)) from None
