"""MkDocs hook: a self-check quiz at the ``{{ quiz() }}`` line of a page.

The questions live beside the page (``neuron.md`` -> ``neuron.quiz.yml``);
:mod:`quiz` reads, validates and renders them. This hook only wires that
into the build:

* ``on_files``: every ``*.quiz.yml`` under ``docs/`` is validated, so a bad
  file fails ``mkdocs build`` naming its file and line, even before its page
  is read;
* ``on_page_markdown``: the marker line becomes a "Quiz" heading (so it is in
  the table of contents) and a placeholder; a marker without a quiz file, or
  a quiz file whose page has no marker, fails the build;
* ``on_page_content``: the placeholder becomes the quiz's HTML, with
  ``assets/quiz.css`` and ``assets/quiz.js`` linked on that page only.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import quiz
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

SLOT = "DLNOTESQUIZSLOT"
_quizzes: dict[str, list[quiz.Question]] = {}  # page src_uri -> its questions


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _quizzes.clear()
    docs = Path(config.docs_dir)
    for path in sorted(docs.rglob("*.quiz.yml")):
        page = path.with_name(path.name.removesuffix(".quiz.yml") + ".md")
        shown = path.relative_to(docs.parent) if docs.parent in path.parents else path
        if not page.exists():
            raise PluginError(f"{shown}:1: quiz file without a page ({page.name} is missing)")
        try:
            questions = quiz.parse(path.read_text(encoding="utf-8"), shown)
        except quiz.QuizError as error:
            raise PluginError(str(error)) from None
        _quizzes[page.relative_to(docs).as_posix()] = questions
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    uri = page.file.src_uri
    found = list(quiz.MARKER.finditer(markdown))
    source = f"docs/{uri}"
    if uri not in _quizzes:
        if found:
            line = markdown.count("\n", 0, found[0].start()) + 1
            raise PluginError(
                f"{source}:{line}: {{{{ quiz() }}}} but no quiz file "
                f"{posixpath.basename(quiz.quiz_path(Path(uri)).as_posix())}"
            )
        return markdown
    if len(found) != 1:
        raise PluginError(
            f"{source}: has a quiz file, so it needs exactly one line '{{{{ quiz() }}}}' "
            f"(found {len(found)})"
        )
    return quiz.MARKER.sub(f"## Quiz\n\n{SLOT}", markdown)


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    questions = _quizzes.get(page.file.src_uri)
    if questions is None or f"<p>{SLOT}</p>" not in html_text:
        return html_text
    base = posixpath.dirname(page.file.dest_uri)
    css = posixpath.relpath("assets/quiz.css", base)
    js = posixpath.relpath("assets/quiz.js", base)
    stem = Path(page.file.src_uri).stem
    block = (
        f'<link rel="stylesheet" href="{css}">\n'
        + quiz.render(questions, f"quiz-{stem}")
        + f'\n<script src="{js}" defer></script>'
    )
    return html_text.replace(f"<p>{SLOT}</p>", block, 1)
