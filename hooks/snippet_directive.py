"""The ```` ```snippet ```` block a page uses to show a snippet and its outputs.

Syntax, in any Markdown page::

    ```snippet concepts/activations.py
    section: curves        # optional: only this named section of the code
    show: [code, figures]  # optional: any of code, figures, output
    figures: [1]           # optional: which figures, 1-based (default: all)
    alt:                   # one alt text per figure shown
      - Sigmoid and tanh squash their input; ReLU is zero for negative inputs.
    sweep: lr              # optional: the snippet's SWEEP, shown with a slider
    ```

The path is relative to ``snippets/``. A section is the code between
``# --8<-- [start:NAME]`` and ``# --8<-- [end:NAME]`` (the marker lines of
pymdownx.snippets, which are never shown). By default the block shows the
code, every figure and the printed output, when there is any; naming a part in
``show`` makes it required, so a page cannot silently lose an output.

The block is expanded before Markdown is rendered into:

* the real file (or section) as a Python code block titled with its path;
* each figure as one ``<img>`` that names its light and its dark variant
  (see :func:`figure_html`: only the variant of the reader's theme is fetched);
* the printed output as a text block titled "Output".

With ``sweep: NAME`` (the name of the snippet's ``SWEEP``, see
:mod:`snippet_sweep`) the figures and output become one swept figure with a
slider (:mod:`sweep_widget`); alt texts may say ``{value}`` and ``{key}``,
filled in per value. A name the snippet does not declare fails the block.

Nothing here runs code; :mod:`snippet_runner` does that.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sweep_widget
import yaml
from snippet_runner import Result
from snippet_sweep import value_id

PARTS = ("code", "figures", "output")
OPTIONS = {"section", "show", "figures", "alt", "sweep"}
SECTION_MARK = re.compile(r"^\s*#\s*--8<--\s*\[(?P<end>start|end):(?P<name>[\w.-]+)\]\s*$")
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass
class Fence:
    """A fenced block found in a page, by line numbers (0-based, inclusive)."""

    start: int
    end: int
    indent: str
    info: str  # the first word after the fence, e.g. "snippet"
    argument: str  # the rest of the info string
    body: str


@dataclass
class Problem:
    """Something wrong with a page's snippet block, or with the snippet itself."""

    page: str  # e.g. "concepts/activations.md"
    line: int  # 1-based line of the block in the page
    message: str
    snippet: str | None = None
    traceback: str = ""

    def __str__(self) -> str:
        return f"{self.message} (embedded in docs/{self.page}:{self.line})"


def fences(markdown: str, kinds: tuple[str, ...]) -> Iterator[Fence]:
    """Top-level fenced blocks whose info word is one of ``kinds``.

    Fences nested inside other code blocks are skipped, so a page can show the
    syntax itself inside a longer fence.
    """
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        opened = FENCE_OPEN.match(lines[i])
        if not opened:
            i += 1
            continue
        fence, indent = opened["fence"], opened["indent"]
        close = re.compile(rf"^{re.escape(indent)}{fence[0]}{{{len(fence)},}}\s*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        word, _, argument = opened["info"].strip().partition(" ")
        if word in kinds:
            body = "\n".join(line.removeprefix(indent) for line in lines[i + 1 : j])
            yield Fence(i, min(j, len(lines) - 1), indent, word, argument.strip(), body)
        i = j + 1


def replace_fences(markdown: str, kinds: tuple[str, ...], render: Callable[[Fence], str]) -> str:
    """Replace each fenced block of ``kinds`` with ``render(fence)``, indented alike."""
    lines = markdown.split("\n")
    out: list[str] = []
    last = 0
    for fence in fences(markdown, kinds):
        out.extend(lines[last : fence.start])
        rendered = render(fence)
        out.extend(fence.indent + line if line else line for line in rendered.split("\n"))
        last = fence.end + 1
    out.extend(lines[last:])
    return "\n".join(out)


def read_code(path: Path, section: str | None) -> str:
    """The snippet's code, or one named section of it, without marker lines.

    Raises:
        KeyError: if the section does not exist (or is never closed).
    """
    lines = path.read_text().splitlines()
    if section is None:
        return "\n".join(line for line in lines if not SECTION_MARK.match(line)).strip("\n")
    inside, found, closed, kept = False, False, False, []
    for line in lines:
        mark = SECTION_MARK.match(line)
        if mark and mark["name"] == section:
            if mark["end"] == "start":
                inside, found = True, True
            else:
                inside, closed = False, True
            continue
        if mark:
            continue
        if inside:
            kept.append(line)
    if not (found and closed):
        raise KeyError(section)
    return _dedent("\n".join(kept)).strip("\n")


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text)


def _fence_for(text: str) -> str:
    """A backtick fence longer than any run of backticks inside ``text``."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


@dataclass
class Expansion:
    """One page's expanded Markdown, its problems, and the snippets it shows."""

    markdown: str
    problems: list[Problem] = field(default_factory=list)
    referenced: set[str] = field(default_factory=set)
    sweeps: int = 0  # swept figures rendered so far (the first loads the script)


def output_uri(snippet_rel: str, filename: str) -> str:
    """Where a snippet output lives in the built site, e.g. ``_snippets/a/b/figure-1.light.svg``."""
    stem = snippet_rel.removeprefix("snippets/").removesuffix(".py")
    return f"_snippets/{stem}/{filename}"


#: ``width="504pt" height="259.2pt"`` on the root element of a Matplotlib SVG.
SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')


def svg_size(path: Path) -> tuple[int, int] | None:
    """The CSS pixel size (1 pt = 4/3 px) of a Matplotlib SVG, or None if unknown."""
    try:
        with path.open(encoding="utf-8") as handle:
            head = handle.read(2000)
    except OSError:
        return None
    match = SVG_SIZE.search(head)
    if match is None:
        return None
    return round(float(match[1]) * 4 / 3), round(float(match[2]) * 4 / 3)


#: MkDocs' ``use_directory_urls`` in this build (``site_snippets`` sets it from
#: the config). The offline edition turns it off: ``concepts/x.md`` becomes
#: ``concepts/x.html`` there.
DIRECTORY_URLS = True


def page_url_dir(page_dir: str, page_name: str) -> str:
    """The folder of a page's URL; links in raw HTML are relative to it.

    Under MkDocs' directory URLs (its default) ``concepts/x.md`` is served as
    ``concepts/x/``; ``concepts/index.md`` (or ``README.md``) as ``concepts/``.
    Without them (:data:`DIRECTORY_URLS` false) every page of ``concepts/`` is
    a file in ``concepts/``.
    """
    stem = posixpath.splitext(page_name)[0]
    if stem in ("index", "README") or not DIRECTORY_URLS:
        return page_dir or "."
    return posixpath.join(page_dir, stem)


def figure_html(light: str, dark: str, alt: str, size: tuple[int, int] | None) -> str:
    """One figure as HTML: an ``<img>`` whose ``src`` the page's script sets.

    The image names both variants (``data-light``, ``data-dark``) and has no
    ``src``, so the browser fetches nothing until the script in
    ``overrides/main.html`` picks the variant of the active colour scheme (and
    swaps it when the reader switches). ``loading="lazy"`` defers figures below
    the fold; ``width`` and ``height`` reserve the space, so nothing shifts
    when a figure arrives. Without JavaScript the ``<noscript>`` copy shows the
    light variant.
    """
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    alt_attr = html.escape(alt, quote=True)
    light_attr, dark_attr = html.escape(light, quote=True), html.escape(dark, quote=True)
    common = f'class="dl-figure__img" alt="{alt_attr}"{dims}'
    return (
        f'<p class="dl-figure"><img {common} loading="lazy" decoding="async" '
        f'data-light="{light_attr}" data-dark="{dark_attr}">'
        f'<noscript><img {common} src="{light_attr}"></noscript></p>'
    )


def expand(
    markdown: str,
    page: str,
    root: Path,
    results: dict[str, Result],
) -> Expansion:
    """Expand every ```` ```snippet ```` block of a page (``page`` is its ``src_uri``)."""
    expansion = Expansion(markdown)
    page_dir = posixpath.dirname(page)

    def render(fence: Fence) -> str:
        problems: list[Problem] = []

        def problem(message: str, snippet: str | None = None, trace: str = "") -> None:
            problems.append(Problem(page, fence.start + 1, message, snippet, trace))

        text = _render(
            fence,
            root,
            results,
            page_dir,
            problem,
            expansion.referenced,
            posixpath.basename(page),
            expansion,
        )
        expansion.problems.extend(problems)
        if problems:
            return "\n\n".join(_error_box(p) for p in problems)
        return text

    expansion.markdown = replace_fences(markdown, ("snippet",), render)
    return expansion


def _render(
    fence: Fence,
    root: Path,
    results: dict[str, Result],
    page_dir: str,
    problem: Callable[..., None],
    referenced: set[str],
    page_name: str = "index.md",
    expansion: Expansion | None = None,
) -> str:
    rel = "snippets/" + fence.argument
    path = root / rel
    if not fence.argument or not path.is_file():
        problem(f"{rel}: no such snippet file")
        return ""
    referenced.add(rel)
    try:
        options = yaml.safe_load(fence.body) or {}
    except yaml.YAMLError as error:
        problem(f"{rel}: the options of the snippet block are not valid YAML: {error}")
        return ""
    if not isinstance(options, dict) or set(options) - OPTIONS:
        unknown = sorted(set(options) - OPTIONS) if isinstance(options, dict) else options
        problem(f"{rel}: unknown snippet option(s) {unknown}; allowed: {sorted(OPTIONS)}")
        return ""

    show = options.get("show")
    explicit = set([show] if isinstance(show, str) else show or [])
    if explicit - set(PARTS):
        problem(f"{rel}: show: {sorted(explicit)} may only name {list(PARTS)}")
        return ""
    parts = explicit or set(PARTS)

    blocks: list[str] = []
    if "code" in parts:
        try:
            code = read_code(path, options.get("section"))
        except KeyError:
            section = options.get("section")
            problem(f"{rel}: no section '{section}' (mark it with # --8<-- [start:{section}])")
            return ""
        fence_str = _fence_for(code)
        blocks.append(f'{fence_str}python title="{rel}"\n{code}\n{fence_str}')

    result = results.get(rel)
    if result is None:
        problem(f"{rel}: the snippet was not run")
        return ""
    if result.failure is not None:
        failure = result.failure
        problem(str(failure), rel, failure.traceback)
        return ""

    sweep_name = options.get("sweep")
    if sweep_name is not None:
        if result.sweep is None or sweep_name != result.sweep.name:
            declared = f"declares {result.sweep.name!r}" if result.sweep else "declares no SWEEP"
            problem(f"{rel}: the page shows the sweep {sweep_name!r}, but the snippet {declared}")
            return ""
        if "figures" not in parts:
            problem(f"{rel}: a sweep shows figures; 'show' must include figures")
            return ""

    if "figures" in parts:
        wanted = options.get("figures") or list(range(1, len(result.figures) + 1))
        alts = options.get("alt") or []
        alts = [alts] if isinstance(alts, str) else list(alts)
        if "figures" in explicit and not result.figures:
            problem(f"{rel}: the page shows its figures, but the snippet drew none")
            return ""
        missing = [n for n in wanted if not 1 <= n <= len(result.figures)]
        if missing:
            problem(
                f"{rel}: the page shows figure(s) {missing}, "
                f"but the snippet drew {len(result.figures)}"
            )
            return ""
        if len(alts) != len(wanted) or not all(isinstance(a, str) and a.strip() for a in alts):
            problem(
                f"{rel}: {len(wanted)} figure(s) shown but {len(alts)} alt text(s) given; "
                "every figure needs a non-empty alt text"
            )
            return ""
        if sweep_name is not None:
            number = expansion.sweeps + 1 if expansion else 1
            if expansion is not None:
                expansion.sweeps = number
            url_dir = page_url_dir(page_dir, page_name)
            assets = posixpath.relpath("assets", url_dir) if number == 1 else None
            blocks.append(
                _swept(rel, result, wanted, alts, "output" in parts, url_dir, number, assets)
            )
            return "\n\n".join(blocks)
        for number, alt in zip(wanted, alts, strict=True):
            stem = result.figures[number - 1]
            # Raw HTML: MkDocs does not rewrite these links, so they are made
            # relative to the page's URL (directory URLs), not its source file.
            url_dir = page_url_dir(page_dir, page_name)
            links = {
                theme: posixpath.relpath(output_uri(rel, f"{stem}.{theme}.svg"), url_dir)
                for theme in ("light", "dark")
            }
            size = svg_size(result.figure_file(stem, "light")) if result.out_dir else None
            blocks.append(figure_html(links["light"], links["dark"], " ".join(alt.split()), size))

    if "output" in parts:
        if result.stdout.strip():
            out = result.stdout.rstrip("\n")
            fence_str = _fence_for(out)
            blocks.append(f'{fence_str}text title="Output"\n{out}\n{fence_str}')
        elif "output" in explicit:
            problem(f"{rel}: the page shows its printed output, but the snippet printed nothing")
            return ""
    return "\n\n".join(blocks)


def _swept(
    rel: str,
    result: Result,
    wanted: list[int],
    alts: list[str],
    with_output: bool,
    url_dir: str,
    number: int,
    assets: str | None,
) -> str:
    """A swept figure: every value's figures, alt texts and output, for :mod:`sweep_widget`."""
    sweep = result.sweep
    assert sweep is not None
    runs = []
    for index, value in enumerate(sweep.values):
        run = result.variants[value_id(value)]
        folder = "" if value == sweep.default else f"{sweep.name}-{index}/"
        key = sweep.key_text(run.values)
        urls = {
            theme: [
                posixpath.relpath(
                    output_uri(rel, f"{folder}{run.figures[n - 1]}.{theme}.svg"), url_dir
                )
                for n in wanted
            ]
            for theme in ("light", "dark")
        }
        runs.append(
            sweep_widget.Run(
                value,
                urls["light"],
                urls["dark"],
                [sweep_widget.alt_text(a, sweep, value, key) for a in alts],
                run.stdout.rstrip("\n") if with_output else "",
                key,
            )
        )
    first = wanted[0]
    size = svg_size(result.figure_file(result.figures[first - 1], "light"))

    def figure(light: str, dark: str, alt: str) -> str:
        return figure_html(light, dark, alt, size)

    return sweep_widget.render(f"sweep-{sweep.name}-{number}", sweep, runs, figure, assets)


def sweep_files(result: Result) -> list[tuple[str, Path]]:
    """Every figure file of a sweep's other values: (site URI, file on disk)."""
    sweep = result.sweep
    if sweep is None or not result.variants:
        return []
    found = []
    for index, value in enumerate(sweep.values):
        if value == sweep.default:
            continue
        run = result.variants[value_id(value)]
        for stem in run.figures:
            for theme in ("light", "dark"):
                uri = output_uri(result.path, f"{sweep.name}-{index}/{stem}.{theme}.svg")
                found.append((uri, run.figure_file(stem, theme)))
    return found


def _error_box(problem: Problem) -> str:
    """A Material admonition showing a problem (used by ``mkdocs serve``)."""
    lines = [f'!!! failure "Snippet problem: {_quote(problem.message.splitlines()[0])}"', ""]
    detail = problem.traceback.strip() or problem.message
    fence = _fence_for(detail)
    lines += [f"    {fence}text", *("    " + line for line in detail.splitlines()), f"    {fence}"]
    return "\n".join(lines)


def _quote(text: str) -> str:
    return text.replace('"', "'")
