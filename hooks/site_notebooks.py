"""MkDocs hook: execute the notebooks, then let mkdocs-jupyter show them.

Build flow:

1. ``on_files``, before mkdocs-jupyter's own: every notebook under
   ``docs/notebooks/`` is executed, or read back from the cache, by
   :class:`notebook_runner.NotebookRunner`. Each source's page now reads the
   *executed* ``.ipynb`` (its ``abs_src_path`` points into the cache; its URL
   stays that of the ``.py`` source). An exercise source also gets a
   generated solution page, ``notebooks/NAME-solution.ipynb``.
   mkdocs-jupyter, configured with ``execute: false`` and
   ``include: ["*.ipynb"]``, then renders exactly these executed notebooks.
   A notebook that fails stops ``mkdocs build``, naming its source line,
   variant and cell; in ``mkdocs serve`` (or with
   ``DLNOTES_SNIPPET_ERRORS=page``) its page shows the run up to the failing
   cell, under a red box.
2. ``on_nav``: mkdocs-jupyter wraps each notebook ``File`` in an object that
   recomputes ``abs_src_path`` from ``src_dir``; the wrappers are pointed at
   the executed notebooks again, and a solution page's "edit" link at its
   ``.py`` source.
3. ``on_page_content``, on notebook pages: the ``<script>`` tags of
   mkdocs-jupyter's template that load from other hosts (MathJax, a Mermaid
   loader) are removed, TeX in Markdown cells becomes MathML as on every
   other page (:mod:`site_maths`), the 600 kB of inlined JupyterLab CSS moves
   to one shared stylesheet, and a download button is added.
4. ``on_post_page``: the executed ``.ipynb`` is copied next to its page, for
   that button, and the shared stylesheet is written once.

Settings live in ``mkdocs.yml`` under ``extra.notebooks`` (``timeout`` per
cell in seconds, default 120; ``jobs``, default one per core). The variable
``DLNOTES_NOTEBOOK_CACHE_DIR`` moves the cache (default ``.cache/notebooks``).
:func:`report` (also kept as ``notebook_runner.last_report``) gives the facts
for ``build-report.json``.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import posixpath
import re
import shutil
from pathlib import Path

import notebook_runner
import problem_report
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from notebook_runner import DEFAULT_TIMEOUT, NotebookRunner, Result
from site_maths import render_for_page
from snippet_runner import errors_on_page

log = logging.getLogger("mkdocs.hooks.notebooks")
ROOT = Path(__file__).resolve().parent.parent
DOWNLOAD_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path d="M5 20h14v-2H5m14-9h-4V3H9v6H5l7 7z"/></svg>'
)

# mkdocs-jupyter's template adds <script> tags that fetch from other hosts:
# MathJax (nbconvert's ``mathjax`` macro, with its inline configuration), a
# Mermaid loader that imports from a CDN, and require.js when enabled.
SCRIPT = re.compile(
    r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>\s*", re.DOTALL | re.IGNORECASE
)
MATHJAX_COMMENT = re.compile(r"<!-- (?:Load mathjax|MathJax configuration|End of mathjax[^>]*) -->")
# mkdocs-jupyter also inlines about 600 kB of JupyterLab CSS into every
# notebook page, before the notebook itself; it is the same on every page.
STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>\s*", re.DOTALL | re.IGNORECASE)
NOTEBOOK_START = '<div class="jupyter-wrapper">'
# nbconvert leaves the TeX of Markdown cells as $...$ and $$...$$ text. It is
# converted everywhere except inside these elements.
PROTECTED = re.compile(r"(<(pre|code|script|style|svg|math)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\d)")


class _Build:
    """What one build (or one ``serve`` rebuild) knows about notebooks."""

    def __init__(self) -> None:
        self.command = "build"
        self.runner: NotebookRunner | None = None
        self.results: dict[str, Result] = {}
        self.pages: dict[str, Result] = {}  # src_uri -> result, for pages shown
        self.stylesheets: dict[str, str] = {}  # site path -> CSS


_build = _Build()


def on_startup(command: str, dirty: bool) -> None:
    _build.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    settings = config.extra.get("notebooks", {}) or {}
    cache = os.environ.get("DLNOTES_NOTEBOOK_CACHE_DIR")
    _build.runner = NotebookRunner(
        ROOT,
        cache_dir=Path(cache) if cache else None,
        timeout=float(settings.get("timeout", DEFAULT_TIMEOUT)),
        jobs=int(settings.get("jobs", 0)) or None,
    )
    return config


@event_priority(50)  # before mkdocs-jupyter decides which files are notebooks
def on_files(files: Files, config: MkDocsConfig) -> Files:
    runner = _build.runner
    assert runner is not None
    _build.results = runner.run_all()
    _build.pages = {}
    notebook_runner.last_report = notebook_runner.report(_build.results, runner)
    executed = [r for r in _build.results.values() if not r.cached]
    log.info(
        "notebooks: %d run, %d from cache, in %.1f s",
        len(executed),
        len(_build.results) - len(executed),
        runner.wall_seconds,
    )
    failed = [r for r in _build.results.values() if not r.ok]
    if failed and not errors_on_page(_build.command):
        lines = []
        for result in failed:
            lines.append(f"  {result.failure}")
            trace = result.failure.traceback.strip().splitlines()[-8:]
            lines += ["      " + line for line in trace]
        raise PluginError(f"{len(failed)} notebook problem(s):\n" + "\n".join(lines))

    if failed:  # under serve: said once here, shown on the page, the server keeps going
        problem_report.announce(
            problem_report.describe(
                [problem_report.Fault(str(r.failure), r.failure.traceback) for r in failed],
                "notebook",
            )
        )
    for uri, result in _build.results.items():
        if not result.ok and result.path is None:
            continue
        source_uri = posixpath.relpath(result.variant.source, "docs")
        if uri == source_uri:
            file = files.get_file_from_path(uri)
            if file is None:
                continue
            file.abs_src_path = str(result.path)  # the page shows the executed run
        else:
            files.append(File.generated(config, uri, abs_src_path=str(result.path)))
        _build.pages[uri] = result
    return files


def on_nav(nav, config: MkDocsConfig, files: Files):
    # Before any page is read: see step 2 of the module docstring.
    for file in files:
        result = _build.pages.get(file.src_uri)
        if result is None:
            continue
        file.abs_src_path = str(result.path)
        source_uri = posixpath.relpath(result.variant.source, "docs")
        page = file.page
        if page is not None and page.edit_url and file.src_uri != source_uri:
            page.edit_url = page.edit_url.removesuffix(file.src_uri) + source_uri
    return nav


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    result = _build.pages.get(page.file.src_uri)
    if result is None:
        return html_text
    html_text = SCRIPT.sub(_local_script, html_text)
    html_text = MATHJAX_COMMENT.sub("", html_text)
    html_text = _maths(html_text, page)
    html_text = _shared_stylesheet(html_text, page)
    name = Path(result.path).name
    button = (
        f'<a href="{name}" download class="md-content__button md-icon" '
        f'title="Download this notebook ({html.escape(name)})">{DOWNLOAD_ICON}</a>'
    )
    return button + html_text


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    result = _build.pages.get(page.file.src_uri)
    if result is not None and result.path is not None:
        target = Path(page.file.abs_dest_path).parent / Path(result.path).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(result.path, target)
        for uri, css in _build.stylesheets.items():
            sheet = Path(config.site_dir) / uri
            if not sheet.exists():
                sheet.parent.mkdir(parents=True, exist_ok=True)
                sheet.write_text(css, encoding="utf-8")
    return output


def _shared_stylesheet(content: str, page: Page) -> str:
    """Move the CSS mkdocs-jupyter puts before the notebook into one shared file.

    The file is named after its content, so browsers cache it across pages
    and a new mkdocs-jupyter version gets a new name.
    """
    start = content.find(NOTEBOOK_START)
    if start < 0:
        return content
    head, body = content[:start], content[start:]
    css = "\n".join(STYLE.findall(head))
    if not css:
        return content
    uri = f"assets/notebooks/jupyter-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
    _build.stylesheets[uri] = css
    href = posixpath.relpath(uri, posixpath.dirname(page.file.dest_uri))
    return f'<link rel="stylesheet" href="{href}">\n' + STYLE.sub("", head) + body


def _local_script(match: re.Match) -> str:
    """Keep a notebook's inline script only if it loads nothing from elsewhere."""
    attrs, body = match["attrs"], match["body"]
    if "src=" in attrs or "x-mathjax-config" in attrs or "://" in body:
        return ""
    return match[0]


def _maths(content: str, page: Page) -> str:
    """Replace ``$...$`` and ``$$...$$`` outside code, scripts and styles with MathML."""

    def convert(tex: str, display: bool) -> str:
        return render_for_page(tex, display, page)

    parts = PROTECTED.split(content)  # text, element, tag name, text, ...
    for i in range(0, len(parts), 3):
        text = DISPLAY_MATH.sub(lambda m: convert(m[1], True), parts[i])
        parts[i] = INLINE_MATH.sub(lambda m: convert(m[1], False), text)
    return "".join(p for i, p in enumerate(parts) if i % 3 != 2)


def report() -> dict:
    """The notebook facts of the last build, for ``build-report.json``."""
    assert _build.runner is not None
    return notebook_runner.report(_build.results, _build.runner)
