"""MkDocs hook: a failed ``mkdocs build`` never leaves a half-new ``site/``.

MkDocs empties ``site_dir`` when a build starts and writes pages one by one,
so a build that fails midway would leave a mix of nothing, new pages and old
ones. Here ``mkdocs build`` writes into a sibling staging folder instead
(``.site-staging`` for ``site``), and only a build that finished with no error
and, in strict mode, no warning, is moved into place. After a failure the
previous ``site/`` is exactly as it was.

``mkdocs serve`` builds into a temporary folder of its own and is not touched.

Two builds of one commit give the same bytes: the dates MkDocs would take from
the clock (each page's ``<lastmod>`` in ``sitemap.xml``, the header of
``sitemap.xml.gz``) come from the sources' last commits instead, or from
``SOURCE_DATE_EPOCH`` when it is set (:mod:`source_dates`).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import source_dates
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

log = logging.getLogger("mkdocs.hooks.publish")
ROOT = Path(__file__).resolve().parent.parent


class _Publish:
    command = "build"
    target: Path | None = None


_state = _Publish()


def staging_dir(site_dir: Path) -> Path:
    """Where ``mkdocs build`` writes before publishing to ``site_dir``."""
    return site_dir.with_name(f".{site_dir.name}-staging")


def on_startup(command: str, dirty: bool) -> None:
    _state.command = command


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state.target = None
    source_dates.pin(ROOT)
    if _state.command == "build":
        _state.target = Path(config.site_dir)
        config.site_dir = str(staging_dir(_state.target))
    return config


def on_pre_page(page: Page, config: MkDocsConfig, files) -> Page:
    date = source_dates.page_date(ROOT, f"docs/{page.file.src_uri}")
    if date is not None:
        page.update_date = date
    return page


def _strict_warnings() -> int:
    """Warnings counted so far by MkDocs' strict-mode counter (0 if not strict)."""
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler):
            return sum(count for _, count in handler.get_counts())
    return 0


@event_priority(-100)  # after every plugin (search index, sitemap) has written
def on_post_build(config: MkDocsConfig) -> None:
    if _state.target is None:
        return
    staging, target = Path(config.site_dir), _state.target
    if _strict_warnings():
        return  # MkDocs aborts next; on_build_error says what happened to target
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    log.info("Published the build to %s", target)


def on_build_error(error: Exception) -> None:
    if _state.target is not None:
        log.error("The build failed: %s was left as it was.", _state.target)
