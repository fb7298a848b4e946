"""The printable book's config (``mkdocs.print.yml``) stays in step with ``mkdocs.yml``.

MkDocs replaces a list when a config inherits another, so a plugin, hook or
stylesheet added to ``mkdocs.yml`` would silently be missing from the PDF.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent


class _AnyTag(yaml.SafeLoader):
    """Reads ``!!python/name:`` and ``!ENV`` tags as plain values."""


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


def _load(name: str) -> dict:
    return yaml.load((ROOT / name).read_text(encoding="utf-8"), Loader=_AnyTag)


def _names(plugins: list) -> list[str]:
    return [next(iter(p)) if isinstance(p, dict) else p for p in plugins]


def test_print_config_repeats_the_site_lists_and_adds_print_only():
    site, book = _load("mkdocs.yml"), _load("mkdocs.print.yml")
    assert book["INHERIT"] == "mkdocs.yml"
    assert _names(book["plugins"]) == [*_names(site["plugins"]), "autorefs", "print-site"]
    for mine, theirs in zip(book["plugins"], site["plugins"], strict=False):
        assert mine == theirs, f"plugin settings differ: {mine} vs {theirs}"
    assert book["hooks"] == [*site["hooks"], "hooks/print_book.py"]
    assert book["extra_css"] == [*site["extra_css"], "assets/print.css"]


def test_print_hook_prints_light_figures_and_open_answers():
    import print_book

    page = (
        '<p class="dl-figure"><img class="dl-figure__img" alt="a" loading="lazy" '
        'data-light="f.light.svg" data-dark="f.dark.svg"><noscript><img '
        'class="dl-figure__img" alt="a" src="f.light.svg"></noscript></p>'
        '<details class="question"><summary>Q</summary><p>A</p></details>'
    )
    printed = print_book.for_print(page)
    assert 'src="f.light.svg"' in printed and "data-dark" not in printed
    assert "<details open" in printed
