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

The online site never loads this hook.
"""

from __future__ import annotations

import os
from pathlib import Path

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
