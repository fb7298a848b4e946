"""MkDocs hook: run the snippets, embed their code and outputs, fail loudly.

Build flow:

1. ``on_files``: every ``snippets/**/*.py`` is run (or read back from the
   cache) by :class:`snippet_runner.SnippetRunner`, one process per core. Each
   figure of a successful run is added to the site as a generated file under
   ``_snippets/``; nothing is written into ``docs/``.
2. ``on_page_markdown``: ``{{ value("x.py", "name", ".2f") }}`` calls are
   filled with the numbers the runs produced (:mod:`inline_values`),
   ```` ```snippet ```` blocks are expanded (:mod:`snippet_directive`), and
   ```` ```build-report ```` blocks become a table of this build's snippets.
3. ``on_env``, before MkDocs writes anything: in ``mkdocs build`` every
   problem (a snippet that raised, did not parse, timed out, drew or printed
   nothing a page needs, or that no page shows) is listed and the build stops.
   In ``mkdocs serve`` the problem is shown on the page instead, each fault
   is printed once with every page that shows it (:mod:`problem_report`),
   and the server keeps running with every other page current.
``build-report.json`` at the site root records what each snippet did in this
build, timings included: it is the one file that is not byte-identical
between two builds of a commit. The ```` ```build-report ```` table on the
page holds only what the sources determine.

Settings live in ``mkdocs.yml`` under ``extra.snippets`` (``timeout`` in
seconds, default 300; ``jobs``, default one per core). The environment
variable ``DLNOTES_CACHE_DIR`` moves the cache (default ``.cache/snippets``);
``DLNOTES_SNIPPET_ERRORS=page`` makes a build behave like ``serve`` and show
problems on the page (for previews; never for publishing).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import inline_values
import notebook_runner
import problem_report
import serve_dirty
import snippet_directive
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from snippet_directive import Fence, Problem, expand, output_uri, replace_fences, sweep_files
from snippet_runner import DEFAULT_TIMEOUT, Result, SnippetRunner, errors_on_page, report

log = logging.getLogger("mkdocs.hooks.snippets")
ROOT = Path(__file__).resolve().parent.parent


class _Build:
    """What one build (or one ``serve`` rebuild) knows about snippets."""

    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False  # `mkdocs serve --dirty`: pages persist between rebuilds
        self.runner: SnippetRunner | None = None
        self.results: dict[str, Result] = {}
        self.pages: set[str] = set()  # every page of this build
        # Per page, as of its last rendering in this session (a dirty rebuild
        # renders only some pages; the others keep what they showed).
        self.page_problems: dict[str, list[Problem]] = {}
        self.page_snippets: dict[str, set[str]] = {}
        self.identity: dict[str, str] = {}  # snippet -> its result's key or failure

    @property
    def problems(self) -> list[Problem]:
        return [p for page in sorted(self.pages) for p in self.page_problems.get(page, [])]

    @property
    def referenced(self) -> set[str]:
        return {s for page in self.pages for s in self.page_snippets.get(page, set())}


_build = _Build()


def on_startup(command: str, dirty: bool) -> None:
    _build.command = command
    _build.dirty = serve_dirty.is_dirty_serve(command, dirty)
    if _build.dirty:
        serve_dirty.quiet_dirty_warning()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    snippet_directive.DIRECTORY_URLS = config.use_directory_urls  # figures' relative links
    settings = config.extra.get("snippets", {}) or {}
    cache = os.environ.get("DLNOTES_CACHE_DIR")
    _build.runner = SnippetRunner(
        ROOT,
        cache_dir=Path(cache) if cache else None,
        timeout=float(settings.get("timeout", DEFAULT_TIMEOUT)),
        jobs=int(settings.get("jobs", 0)) or None,
    )
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    runner = _build.runner
    assert runner is not None
    _build.results = runner.run_all()
    _build.pages = {f.src_uri for f in files.documentation_pages()}
    identity = {p: r.key or str(r.failure) for p, r in _build.results.items()}
    changed = {
        p
        for p in identity.keys() | _build.identity.keys()
        if identity.get(p) != _build.identity.get(p)
    }
    _build.identity = identity
    if _build.dirty:
        stale = serve_dirty.mark_stale(files, ROOT, _build.page_snippets, changed)
        if stale:
            log.info("dirty rebuild: also rebuilding %s", ", ".join(sorted(stale)))
    else:
        _build.page_problems, _build.page_snippets = {}, {}
    executed = [r for r in _build.results.values() if not r.cached]
    log.info(
        "snippets: %d run, %d from cache, in %.1f s",
        len(executed),
        len(_build.results) - len(executed),
        runner.wall_seconds,
    )
    for result in _build.results.values():
        if not result.ok:
            continue
        for stem in result.figures:
            for theme in ("light", "dark"):
                files.append(
                    File.generated(
                        config,
                        output_uri(result.path, f"{stem}.{theme}.svg"),
                        abs_src_path=str(result.figure_file(stem, theme)),
                    )
                )
        for uri, path in sweep_files(result):  # a sweep's other values
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    content = json.dumps(_full_report(), indent=2, sort_keys=True) + "\n"
    files.append(File.generated(config, "build-report.json", content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    filled = inline_values.render(markdown, page.file.src_uri, _build.results)
    expansion = expand(filled.markdown, page.file.src_uri, ROOT, _build.results)
    _build.page_problems[page.file.src_uri] = filled.problems + expansion.problems
    _build.page_snippets[page.file.src_uri] = filled.referenced | expansion.referenced
    return replace_fences(expansion.markdown, ("build-report",), _report_table)


def on_env(env, config: MkDocsConfig, files: Files):
    serve_dirty.cache_templates(env, ROOT / ".cache" / "jinja")
    problems = list(_build.problems)
    shown = {p.snippet for p in problems if p.snippet}
    for path, result in _build.results.items():
        if path in _build.referenced:
            continue
        if result.failure is not None and path not in shown:
            problems.append(Problem("(no page)", 0, str(result.failure), path))
        problems.append(
            Problem("(no page)", 0, f"{path}:1: no page shows this snippet; embed it or delete it")
        )
    if not problems:
        return env
    # A failed snippet is one fault, however many blocks and values show it.
    failures = [r.failure for r in _build.results.values() if r.failure is not None]

    def fault_of(p: Problem) -> tuple[str, str]:
        for failure in failures:
            if str(failure) in p.message:
                return str(failure), failure.traceback
        return p.message, p.traceback

    faults = problem_report.group(
        [
            (
                *fault_of(p),
                None if p.page == "(no page)" else f"docs/{p.page}:{p.line}",
            )
            for p in problems
        ]
    )
    message = problem_report.describe(faults, "snippet")
    if errors_on_page(_build.command):
        problem_report.announce(message)
        return env
    raise PluginError(message)


def _full_report() -> dict:
    """build-report.json: the snippets' facts, and the notebooks' (hooks/site_notebooks.py)."""
    assert _build.runner is not None
    data = report(_build.results, _build.runner)
    data["notebooks"] = notebook_runner.last_report
    return data


def _notebook_sentence(notebooks: dict | None) -> list[str]:
    if not notebooks:
        return []
    return ["", f"The site also shows {len(notebooks['notebooks'])} executed notebooks."]


def _report_table(fence: Fence) -> str:
    """A Markdown table of the site's snippets, for "How this site is built".

    Only what the sources determine: which snippets, what they draw, what they
    need. Timings and cache hits differ from build to build, so they stay in
    ``build-report.json``, and this page is the same in every build of a commit.
    """
    data = _full_report()
    versions = ", ".join(f"{name} {value}" for name, value in data["versions"].items())
    rows = [
        f"The site runs {len(data['snippets'])} snippets. Versions: {versions}.",
        *_notebook_sentence(data.get("notebooks")),
        "",
        "| Snippet | Figures | Needs the artifacts of |",
        "| --- | ---: | --- |",
    ]
    for item in data["snippets"]:
        needs = ", ".join(f"`{n}`" for n in item["needs"]) or "-"
        rows.append(f"| `{item['path']}` | {len(item['figures'])} | {needs} |")
    return "\n".join(rows)
