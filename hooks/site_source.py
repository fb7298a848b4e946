"""MkDocs hook: a page for the source of every dlnotes module, and links to it.

The API reference shows each class and function with its signature and
docstring, then one link, "Source: dlnotes/norm.py, lines 51–120", to those
lines on the module's source page (``reference/source/norm/``). The source
page holds the whole module, read from ``dlnotes/`` at build time, with
numbered lines. So the code appears once, in file order, and a reference page
stays small (an inline copy of each class's code, and again of each of its
methods, made the layers page about 6,000 elements long).

The links come from ``overrides/mkdocstrings/python/material/`` as
``dlnotes-source:dlnotes/norm.py#51``; :func:`resolve_links` turns each into a
link relative to the page, and fails the build, naming the page, on a module
or line that does not exist.

Source pages are not in the nav or the search index (the reference is); their
"edit" button opens the module itself. Under ``mkdocs serve --dirty`` a
source page is rendered again only when its module is newer than it
(:func:`stale_when`), so a prose edit does not re-render them all.

Nor are they in the printable book (``mkdocs.print.yml``): there, every link
to one goes to the published site (:func:`to_site`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "dlnotes"
SOURCE_DIR = "reference/source"
#: A link the reference templates write: module path and first line.
SOURCE_LINK = re.compile(r'href="dlnotes-source:(?P<path>[^"#]+)#(?P<line>\d+)"')
#: Any relative link of a rendered page.
RELATIVE_HREF = re.compile(r'href="(?P<href>(?![a-z][a-z0-9+.-]*:|[#/])[^"]*)"')
#: pymdownx.highlight's id for line ``N`` of a page's first code block (``anchor_linenums``).
LINE_ANCHOR = "__codelineno-0-{line}"


@dataclass(frozen=True)
class Module:
    """One ``.py`` file of the package and where the site shows it."""

    path: str  # "dlnotes/plot/style.py"
    text: str

    @property
    def lines(self) -> int:
        return len(self.text.splitlines())

    @property
    def page(self) -> str:
        """Its source page, ``docs/``-relative: ``reference/source/plot/style.md``."""
        return f"{SOURCE_DIR}/{self.path.removeprefix(PACKAGE + '/').removesuffix('.py')}.md"

    @property
    def reference(self) -> str:
        """The reference page that documents it (``reference/plot.md``)."""
        parts = self.path.removesuffix(".py").split("/")
        if len(parts) == 2 and parts[1] == "__init__":
            return "reference/index.md"
        return f"reference/{parts[1]}.md"


def modules(root: Path = ROOT) -> list[Module]:
    """Every module of the package, in path order."""
    found = sorted((root / PACKAGE).rglob("*.py"))
    return [Module(p.relative_to(root).as_posix(), p.read_text(encoding="utf-8")) for p in found]


def _rel(target: str, page: str) -> str:
    """``target`` (``docs/``-relative Markdown path) as a link from ``page``."""
    return posixpath.relpath(target, posixpath.dirname(page))


def source_markdown(module: Module, documented: bool) -> str:
    """The Markdown of ``module``'s source page.

    The code is fenced with more backticks than it ever holds in a row, so no
    line of it can close the block.
    """
    longest = max((len(run) for run in re.findall(r"`+", module.text)), default=0)
    fence = "`" * max(3, longest + 1)
    name = module.path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    doc = (
        f"Its documentation is on [{name}]({_rel(module.reference, module.page)})."
        if documented
        else "It is internal: the reference does not document it."
    )
    title = module.path.replace("_", r"\_")  # not __init__ read as bold
    return (
        "---\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n\n"
        f"# {title}\n\n"
        f"The module as the package ships it, {module.lines:,} lines. {doc} "
        f"[Every module]({_rel(f'{SOURCE_DIR}/index.md', module.page)}).\n\n"
        f'{fence}python linenums="1"\n{module.text.rstrip()}\n{fence}\n'
    )


def index_markdown(found: list[Module]) -> str:
    """The Markdown of the page listing every source page."""
    total = sum(m.lines for m in found)
    rows = "\n".join(
        f"| [`{m.path}`]({_rel(m.page, f'{SOURCE_DIR}/index.md')}) | {m.lines:,} |" for m in found
    )
    return (
        "---\nsearch:\n  exclude: true\n---\n\n"
        "# The source of dlnotes\n\n"
        f"All of `dlnotes` is {total:,} lines of Python in {len(found)} files. "
        f"Each page below shows one file whole, with numbered lines; the "
        f"[API reference]({_rel('reference/index.md', f'{SOURCE_DIR}/index.md')}) "
        "links every class and function to its lines here.\n\n"
        f"| File | Lines |\n| --- | ---: |\n{rows}\n"
    )


def resolve_links(
    html: str, page: str, found: dict[str, Module], url_for: Callable[[str], str]
) -> str:
    """``html`` with each ``dlnotes-source:`` link made relative to ``page``.

    ``url_for`` gives the link from ``page`` to a ``docs/``-relative source
    page (MkDocs knows whether that is ``../source/norm/`` or
    ``source/norm.html``).

    Raises:
        ValueError: naming the page, for a module without a source page or a
            line past the end of its module.
    """

    def one(match: re.Match[str]) -> str:
        path, line = match["path"], int(match["line"])
        module = found.get(path)
        if module is None:
            raise ValueError(f"docs/{page}: a source link names {path!r}, which is not a module")
        if not 1 <= line <= module.lines:
            raise ValueError(
                f"docs/{page}: a source link names line {line} of {path}, "
                f"which has {module.lines} lines"
            )
        return f'href="{url_for(module.page)}#{LINE_ANCHOR.format(line=line)}"'

    return SOURCE_LINK.sub(one, html)


def to_site(html: str, page_url: str, site_url: str) -> str:
    """``html`` (of the page at ``page_url``) with its links to source pages made absolute.

    For the printable book, which holds no source page: ``../source/norm/#x``
    on ``reference/norm/`` becomes ``<site_url>reference/source/norm/#x``.
    """

    def one(match: re.Match[str]) -> str:
        target = urljoin("/" + page_url, match["href"])
        if not urlsplit(target).path.startswith(f"/{SOURCE_DIR}/"):
            return match[0]
        return f'href="{site_url.rstrip("/")}{target}"'

    return RELATIVE_HREF.sub(one, html)


def stale_when(dest: str, sources: list[Path]) -> Callable[[], bool]:
    """``File.is_modified`` for a generated page: never built, or older than a source.

    MkDocs takes a page made from content as always modified, and a dirty
    build would render every source page after any edit.
    """

    def is_modified() -> bool:
        try:
            built = Path(dest).stat().st_mtime
        except OSError:
            return True
        return any(path.stat().st_mtime > built for path in sources if path.exists())

    return is_modified


# ------------------------------------------------------------------- hook
_found: dict[str, Module] = {}


def on_files(files, config):
    from mkdocs.structure.files import File, InclusionLevel

    found = modules()
    _found.clear()
    _found.update((m.path, m) for m in found)
    documented = {f.src_uri for f in files.documentation_pages()}
    # (page, its Markdown, the modules it shows, what its "edit" button opens)
    pages = [(m.page, source_markdown(m, m.reference in documented), [m], m.path) for m in found]
    pages.append((f"{SOURCE_DIR}/index.md", index_markdown(found), found, None))
    for uri, markdown, shown, edited in pages:
        file = File.generated(config, uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
        file.edit_uri = f"../{edited}" if edited else None  # a path beside docs/
        file.is_modified = stale_when(file.abs_dest_path, [ROOT / m.path for m in shown])
        files.append(file)
    return files


def on_page_content(html, page, config, files):
    from mkdocs.exceptions import PluginError

    def url_for(uri: str) -> str:
        return files.get_file_from_path(uri).url_relative_to(page.file)

    if "dlnotes-source:" in html:
        try:
            html = resolve_links(html, page.file.src_uri, _found, url_for)
        except ValueError as error:
            raise PluginError(str(error)) from None
    if "book" in config.extra:  # the printable book (hooks/print_book.py)
        html = to_site(html, page.url, config.site_url or "/")
    return html
