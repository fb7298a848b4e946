"""MkDocs hook of the printable book only (``mkdocs.print.yml``, ``make pdf``).

``mkdocs-print-site-plugin`` joins every page of the nav into one print page.
This hook adapts what it joins, for paper:

* the cover names the commit and its date (``config.extra.book``), the date
  of the last commit (or ``SOURCE_DATE_EPOCH``), never the clock, so two
  builds of one commit print the same cover;
* the glossary moves to the end of the book;
* each figure becomes a plain ``<img>`` of its light variant (online, a script
  picks the variant of the colour scheme; a PDF runs no such script);
* notebooks print without mkdocs-jupyter's stylesheet, which stops
  Chromium's pagination (everything after the first notebook went missing);
* collapsed blocks (the answers of "Check yourself") are printed open, since
  paper cannot be clicked;
* code listings lose the empty link that starts each of their lines
  (``anchor_linenums``: online, a reader can link to one line). On paper it
  cannot be clicked, and Chromium made each one a link and a destination
  of the PDF: the book's few thousand of them took a third or more of the
  printing time;
* a heading whose id is a piece of its own tag (the glossary's ``h``, ``i``
  and ``d``: ``<h2 id="h">``) gets a longer id first: the plugin prefixes ids
  by replacing the id's text everywhere in the tag, which turned
  ``<h2 id="h">`` into ``<glossary-h2 id="glossary-h">``;
* the plugin takes each page's HTML before the other hooks have drawn the
  maths and the glossary tooltips; here it gets the finished HTML instead.

The online site never loads this hook.
"""

from __future__ import annotations

import os
import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = "glossary.md"

#: A figure as hooks/snippet_directive.py writes it: an image with no ``src``
#: naming both variants, then a ``<noscript>`` copy showing the light one.
FIGURE = re.compile(r'<img\b[^>]*\bdata-light="[^"]*"[^>]*>\s*<noscript>(<img\b[^>]*>)</noscript>')
CLOSED_DETAILS = re.compile(r"<details\b(?![^>]*\bopen\b)")
#: The empty link before each line of a listing (pymdownx.highlight's ``anchor_linenums``).
LINE_ANCHOR = re.compile(r'<a\b[^>]*\bid="__codelineno-[^"]*"[^>]*></a>')
#: mkdocs-jupyter's stylesheet (hooks/site_notebooks.py links it from each
#: notebook): in print it stops Chromium's pagination after the first notebook.
JUPYTER_CSS = re.compile(r'<link rel="stylesheet" href="[^"]*assets/notebooks/jupyter-[^"]*">')
#: An opening tag whose id the plugin rewrites (urls.update_anchor_ids).
ID_TAG = re.compile(r'<(h[1-6]|sup|li)\b([^>]*?)\bid="([^"]+)"([^>]*)>')


def edition(root: Path = ROOT) -> dict[str, str]:
    """The commit (short hash) and the ``YYYY-MM-DD`` date the book is printed from."""

    def git(*args: str) -> str:
        proc = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, timeout=30, check=False
        )
        return proc.stdout.strip() if proc.returncode == 0 else ""

    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    stamp = os.environ.get("SOURCE_DATE_EPOCH") or git("log", "-1", "--format=%ct")
    date = (
        datetime.fromtimestamp(int(stamp), timezone.utc).strftime("%Y-%m-%d")
        if stamp
        else "undated"
    )
    return {"commit": commit, "date": date}


def for_print(html: str) -> str:
    """A page's HTML for paper: light figures with a ``src``, every block open,
    listings without line links."""
    html = FIGURE.sub(lambda match: match[1], html)
    html = LINE_ANCHOR.sub("", html)
    html = JUPYTER_CSS.sub("", html)
    html = safe_ids(html)
    return CLOSED_DETAILS.sub("<details open", html)


def safe_ids(html: str) -> str:
    """Give ``section-<id>`` to each heading whose id appears elsewhere in its tag.

    Links to the old id within the page (``href="#h"``) follow it.
    """
    renamed: dict[str, str] = {}

    def fix(match: re.Match[str]) -> str:
        tag, ident = match[0], match[3]
        if tag.count(ident) == 1:
            return tag
        new = f"section-{ident}"
        renamed[ident] = new
        return f'<{match[1]}{match[2]}id="{new}"{match[4]}>'

    html = ID_TAG.sub(fix, html)
    for old, new in renamed.items():
        html = html.replace(f'href="#{old}"', f'href="#{new}"')
    return html


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.extra["book"] = edition()
    return config


def on_nav(nav, config: MkDocsConfig, files):
    # The plugin keeps a reference to nav.items: reorder it in place.
    glossary = [item for item in nav.items if getattr(item, "file", None) is not None]
    glossary = [item for item in glossary if item.file.src_uri == GLOSSARY]
    for item in glossary:
        nav.items.remove(item)
        nav.items.append(item)
    return nav


@event_priority(-100)  # after the maths and the glossary hooks
def on_page_content(html: str, page, config: MkDocsConfig, files) -> str:
    page.html = for_print(html)  # what the print-site plugin joins
    return html
