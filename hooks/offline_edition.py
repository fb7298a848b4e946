"""MkDocs hook of the offline edition only (``mkdocs.offline.yml``, ``make offline``).

Material's ``offline`` plugin makes the site readable from ``file://``: links
name ``page.html`` files instead of folders, and the search index is also
written as a script (``search/search_index.js``), since a page opened from
disk may not fetch a JSON file. Search runs in a Web Worker, which a
``file://`` page may not start either; the iframe-worker shim runs it in a
hidden iframe instead. Material would load that shim from a CDN. This hook
ships the copy vendored in ``tools/vendor/iframe-worker/`` instead, at the
address that ``extra.polyfills`` in ``mkdocs.offline.yml`` names, so the
edition never contacts another host.

The edition offers no downloads of its own (``hooks/site_downloads.py``
would otherwise pack the PDF and the previous zip inside the new zip): the
folder that hook looks in is pointed at one that does not exist.

MkDocs rewrites the links of Markdown pages for ``page.html`` files, but not
links written in raw HTML or inside notebooks, which assume the online site's
folder URLs (``../activations-solution/``, ``first-model/first-model.ipynb``).
On ``file://`` a folder opens as a file listing, or not at all. After the build,
:func:`file_link` repairs each such link: read from the page's online URL
(``concepts/x/`` for ``concepts/x.html``), it names a page (``X/`` is
``X.html`` or ``X/index.html``) or a file beside a page (online ``X/f.ipynb``
is ``f.ipynb`` beside ``X.html``).

The online site never loads this hook.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
SHIM = ROOT / "tools" / "vendor" / "iframe-worker" / "shim.js"
#: Where the shim lands in the built site (``extra.polyfills`` names it).
SHIM_URI = "assets/javascripts/iframe-worker-shim.js"
#: Read by hooks/site_downloads.py: where the PDF and the zip are looked for.
NO_DOWNLOADS = ROOT / "build" / "none-in-the-offline-edition"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    polyfills = list(config.extra.get("polyfills", []))
    remote = [url for url in polyfills if "://" in str(url)]
    if SHIM_URI not in polyfills or remote:
        raise ValueError(
            f"extra.polyfills must list {SHIM_URI} and nothing from another host "
            f"(else the offline edition loads a script from a CDN); it lists {polyfills}"
        )
    os.environ["DLNOTES_DOWNLOADS_DIR"] = str(NO_DOWNLOADS)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    files.append(File.generated(config, SHIM_URI, abs_src_path=str(SHIM)))
    return files


#: A link or a source in HTML (escaped HTML, as in code blocks, never matches).
LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def online_dir(page: str) -> str:
    """Where a page's links were written from online: ``concepts/x`` for ``concepts/x.html``."""
    stem, _ = posixpath.splitext(page)
    if posixpath.basename(stem) == "index":
        return posixpath.dirname(page)
    return stem


def _inside(path: str) -> str | None:
    """``path`` (relative to the site) normalised; None if it leaves the site."""
    path = posixpath.normpath(path)
    if path == ".":
        return ""
    return None if path.startswith("../") or path == ".." else path


def _offline_target(site: Path, online: str) -> str | None:
    """The file of the offline edition that the online URL path ``online`` shows."""
    candidates = [f"{online}/index.html" if online else "index.html", f"{online}.html"]
    head, name = posixpath.split(online)
    if head:  # a file beside a page: online X/f, offline f beside X.html
        if (site / f"{head}.html").is_file():
            candidates.append(posixpath.join(posixpath.dirname(head), name))
    candidates.append(online)
    for candidate in candidates:
        if candidate and (site / candidate).is_file():
            return candidate
    return None


def file_link(site: Path, page: str, url: str) -> str:
    """``url`` as written in ``page`` (both relative to ``site``), made to work from ``file://``.

    A link that already names a file of the site, and any link to another
    host or inside the page, is returned as it is; so is one that cannot be
    repaired (the tests then report it).
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return url
    here = posixpath.dirname(page)
    offline = _inside(posixpath.join(here, unquote(parts.path)))
    if offline is not None and offline and (site / offline).is_file():
        return url
    online = _inside(posixpath.join(online_dir(page), unquote(parts.path)))
    if online is None:
        return url
    target = _offline_target(site, online.rstrip("/"))
    if target is None:
        return url
    fixed = posixpath.relpath(target, here or ".")
    return parts._replace(path=fixed).geturl()


def file_links(site: Path, page: str, html: str) -> str:
    """Every link and source of ``page`` passed through :func:`file_link`."""
    return LINK.sub(lambda m: m[1] + file_link(site, page, m[2]) + m[3], html)


def on_post_build(config: MkDocsConfig) -> None:
    """Repair every page's folder-style links (before site_publish moves the build)."""
    site = Path(config.site_dir)
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        fixed = file_links(site, path.relative_to(site).as_posix(), html)
        if fixed != html:
            path.write_text(fixed, encoding="utf-8")
