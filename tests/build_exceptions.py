"""What may differ between two clean builds of the same commit, and why: the one list.

``tests/build/test_build_reproducible.py`` builds the site twice into fresh
folders and requires every file to be byte-identical, except those matched by
:data:`BUILD_DIFFERENCES`. Even those are not ignored: each entry says *which
part* may differ (a ``mask`` that blanks it out), and the two builds must agree
on everything else. Add an entry here only with a reason.

The two builds share the snippet cache, as ``make build`` does, so snippet
outputs are the same files in both by construction. That re-running a snippet
gives the same bytes is checked on its own, with fresh caches, for every
snippet but those in :data:`UNSTABLE_SNIPPETS`.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Allowed:
    """A file that may differ between builds: why, and what to blank out first."""

    reason: str
    mask: Callable[[bytes], bytes]


def _mask_lastmod(data: bytes) -> bytes:
    return re.sub(rb"<lastmod>[^<]*</lastmod>", b"<lastmod>DATE</lastmod>", data)


def _mask_report_text(text: str) -> str:
    """Blank the numbers and yes/no cells of the build-report paragraph and table."""

    def blank(match: re.Match) -> str:
        region = re.sub(r"\d+(?:\.\d+)?", "#", match[0])
        return re.sub(r"\b(?:yes|no)\b", "?", region)

    # The HTML page ends the table with </table>; the search index, which drops
    # tags, ends that section's text there.
    return re.sub(r"This build ran .*?(?:</table>|\Z)", blank, text, flags=re.DOTALL)


def _mask_report_page(data: bytes) -> bytes:
    return _mask_report_text(data.decode("utf-8")).encode("utf-8")


def _mask_search_index(data: bytes) -> bytes:
    index = json.loads(data)
    for doc in index["docs"]:
        if doc["location"].startswith(REPORT_PAGE):
            doc["text"] = _mask_report_text(doc["text"])
    return json.dumps(index, sort_keys=True).encode("utf-8")


#: Keys of build-report.json (at any depth: snippets, notebooks, ...) that describe
#: this build's run rather than the site.
RUN_KEYS = {"seconds", "wall_seconds", "cached", "executed"}


def _drop_run_keys(value: object) -> object:
    if isinstance(value, dict):
        return {k: _drop_run_keys(v) for k, v in value.items() if k not in RUN_KEYS}
    if isinstance(value, list):
        return [_drop_run_keys(v) for v in value]
    return value


def _mask_build_report(data: bytes) -> bytes:
    return json.dumps(_drop_run_keys(json.loads(data)), sort_keys=True).encode("utf-8")


#: The page that embeds this build's report (``docs/about/how-this-site-is-built.md``).
REPORT_PAGE = "about/how-this-site-is-built/"

#: Path in the built site (``fnmatch`` pattern) -> what may differ and why.
BUILD_DIFFERENCES: dict[str, Allowed] = {
    "sitemap.xml": Allowed(
        "MkDocs writes the day of the build as every page's <lastmod> "
        "(SOURCE_DATE_EPOCH would pin it)",
        _mask_lastmod,
    ),
    "sitemap.xml.gz": Allowed(
        "the same sitemap gzipped; the gzip header also stores that day as its mtime",
        lambda data: _mask_lastmod(gzip.decompress(data)),
    ),
    "build-report.json": Allowed(
        "records this build's timings, and which snippets ran and which came from the cache",
        _mask_build_report,
    ),
    f"{REPORT_PAGE}index.html": Allowed(
        "shows build-report.json as a table: this build's timings and cache hits",
        _mask_report_page,
    ),
    "search/search_index.json": Allowed(
        "indexes the text of that page, table included",
        _mask_search_index,
    ),
}

#: Snippets whose output is measured rather than computed, so a re-run draws
#: different numbers. They are left out of the fresh-cache determinism test;
#: in a normal build their cached output is reused like any other.
UNSTABLE_SNIPPETS: dict[str, str] = {
    # docs/challenges/compute-cost.md: the measured-timing figure and table.
    "snippets/challenges/compute_cost.py": "plots wall-clock training times measured as it runs",
}
