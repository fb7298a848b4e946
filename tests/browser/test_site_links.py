"""Links to other sites are well-formed ``https`` URLs, and listed for review.

No network call is made: whether a link is dead is for a person to judge,
from the sorted list this test prints (``pytest -rP``) and writes to
``external-links.txt`` beside the built site.
"""

from __future__ import annotations

import os
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tools.screenshots import pages

#: Sites that are only served over plain http, each with the reason. The one place
#: to allow an ``http://`` link.
HTTP_ONLY_SITES = {
    "neuralnetworksanddeeplearning.com": "Michael Nielsen's book has no https version",
}


class _Links(HTMLParser):
    """Every ``<a href>`` of a page, and whether it is part of the page's own text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, bool]] = []
        self._article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self._article += 1
        attributes = dict(attrs)
        href = attributes.get("href")
        if tag == "a" and href:
            # The theme's own links (edit this page, repository) carry md-* classes.
            theme = any(c.startswith("md-") for c in (attributes.get("class") or "").split())
            self.links.append((href.strip(), self._article > 0 and not theme))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self._article:
            self._article -= 1


def external_links(site: Path) -> dict[str, dict[str, bool]]:
    """``{url: {page: in_text}}`` for every link that leaves the site."""
    found: dict[str, dict[str, bool]] = defaultdict(dict)
    for path in pages(site):
        parser = _Links()
        parser.feed((site / path / "index.html").read_text(encoding="utf-8"))
        for href, in_text in parser.links:
            scheme = urlsplit(href).scheme
            if scheme and scheme not in ("javascript",):
                found[href]["/" + path] = found[href].get("/" + path, False) or in_text
    return found


def link_problem(url: str) -> str | None:
    """Why ``url`` is not an acceptable link to another site, or None."""
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        return None if "@" in parts.path else "a mailto: link without an address"
    host = (parts.hostname or "").lower()
    if parts.scheme == "http":
        allowed = host.removeprefix("www.") in HTTP_ONLY_SITES
        return None if allowed else "uses http://; link the https:// address"
    if parts.scheme != "https":
        return f"{parts.scheme}: is not a web link"
    if not host or "." not in host or host.endswith("."):
        return "has no proper host name"
    if host in ("localhost", "127.0.0.1", "example.com", "example.org"):
        return "points at a local or example host"
    if any(c.isspace() for c in url) or "\\" in url:
        return "contains spaces or backslashes"
    return None


def test_link_rules_can_fail() -> None:
    assert link_problem("https://cs231n.github.io/neural-networks-1/") is None
    assert link_problem("http://neuralnetworksanddeeplearning.com/chap2.html") is None
    assert "https://" in (link_problem("http://example.net/paper.pdf") or "")
    assert link_problem("https:/missing-slash") is not None
    assert link_problem("https://localhost:8000/") is not None
    assert link_problem("https://arxiv.org/abs/1412.6980 v2") is not None
    assert link_problem("ftp://ftp.example.net/") is not None


def test_external_links_are_well_formed_https(site_dir: Path) -> None:
    links = external_links(site_dir)
    problems = [
        f"{url}: {problem} (on {', '.join(sorted(where))})"
        for url, where in sorted(links.items())
        if (problem := link_problem(url))
    ]
    assert not problems, "\n".join(problems)


def test_list_external_links_for_review(
    site_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Writes every link of the pages' text to other sites, sorted, with its pages.

    Theme links (the repository, "edit this page") are left out of the list;
    they are checked above like every other link.
    """
    links = {
        url: sorted(page for page, in_text in where.items() if in_text)
        for url, where in external_links(site_dir).items()
    }
    lines = [f"{url}    {' '.join(where)}" for url, where in sorted(links.items()) if where]
    built_here = not os.environ.get("DLNOTES_SITE_DIR")
    folder = site_dir.parent if built_here else tmp_path_factory.mktemp("links")
    listing = folder / "external-links.txt"
    listing.write_text("\n".join(lines) + "\n")
    print(f"{len(lines)} external link(s), also in {listing}:")
    print("\n".join(lines))
    assert all(line.startswith(("https://", "http://", "mailto:")) for line in lines)
