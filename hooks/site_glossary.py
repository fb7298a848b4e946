"""MkDocs hook: glossary tooltips on every page, from the one glossary page.

Each term is defined once, in ``docs/glossary.md``, as a Markdown definition
list::

    Gradient descent
    :   An optimization method that repeatedly steps the parameters against
        the gradient of the loss. More sentences may follow.

This hook turns each entry into an abbreviation (``*[term]: first sentence``)
appended to every other page, so that Material shows the first sentence as a
tooltip wherever the term appears. A term written ``Term (ABBR)`` gets both
forms; lowercase and plural forms of a term are covered too.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

GLOSSARY = "glossary.md"
TERM = re.compile(r"^(?P<term>[^\s:#>*|!<\-][^\n]*?)\s*$")
DEFINITION = re.compile(r"^:\s{1,4}(?P<text>.+)$")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def first_sentence(text: str) -> str:
    """Plain text of the first sentence of a Markdown definition."""
    text = LINK.sub(r"\1", text)
    text = re.sub(r"[*_`]", "", text)
    text = re.sub(r"\$[^$]*\$", "", text)  # maths has no plain-text form
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    return " ".join(sentence.replace('"', "'").split())


def forms(term: str) -> list[str]:
    """The spellings of a term that get the tooltip."""
    names = [term]
    paren = re.match(r"^(?P<long>.+?)\s*\((?P<short>[^)]+)\)$", term)
    if paren:
        names = [paren["long"], paren["short"]]
    out: list[str] = []
    for name in names:
        variants = [name]
        if not name.isupper():
            variants.append(name[0].lower() + name[1:])
        for v in list(variants):
            if not v.endswith("s") and not v.isupper():
                variants.append(v + "s")
        variants += [v.replace("isation", "ization") for v in variants if "isation" in v]
        out += [v for v in variants if v not in out]
    return out


def parse(markdown: str) -> dict[str, str]:
    """``{term: first sentence}`` for every definition-list entry."""
    entries: dict[str, str] = {}
    lines = markdown.splitlines()
    for i, line in enumerate(lines[:-1]):
        term = TERM.match(line)
        nxt = lines[i + 1] if lines[i + 1].strip() else (lines[i + 2] if i + 2 < len(lines) else "")
        definition = DEFINITION.match(nxt)
        if term and definition:
            entries[term["term"].strip()] = first_sentence(definition["text"])
    return entries


def abbreviations(markdown: str) -> str:
    """Markdown abbreviation lines for every glossary entry.

    Each line is its own paragraph-sized block. As one long block, every
    block processor would re-scan the rest of it for each line: quadratic,
    and minutes of build time with a few hundred terms.
    """
    lines = []
    for term, sentence in parse(markdown).items():
        for name in forms(term):
            lines.append(f"*[{name}]: {sentence}")
    return "\n\n".join(lines)


class _Glossary:
    text = ""


_glossary = _Glossary()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    path = Path(config.docs_dir) / GLOSSARY
    _glossary.text = abbreviations(path.read_text()) if path.exists() else ""
    return config


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.file.src_uri == GLOSSARY or not _glossary.text:
        return markdown
    return f"{markdown}\n\n{_glossary.text}\n"


ABBR = re.compile(r'<abbr title="(?P<title>[^"]*)">(?P<text>.*?)</abbr>', re.DOTALL)
HEADING = re.compile(r"<h(?P<level>[1-6])\b.*?</h(?P=level)>", re.DOTALL)


LINK_OPEN = re.compile(r"<a\b")


def _inside_link(html: str, position: int) -> bool:
    """True if ``position`` lies between an ``<a ...>`` and its ``</a>``."""
    before = html[:position]
    opened = max((m.start() for m in LINK_OPEN.finditer(before)), default=-1)
    return opened > before.rfind("</a>")


def first_occurrences(html: str) -> str:
    """Keep each term's first tooltip on a page; drop the rest and those in headings.

    A kept tooltip is reachable with the keyboard (``tabindex="0"``): Material
    shows it on focus as on hover. Inside a link the link itself takes focus.
    """
    html = HEADING.sub(lambda heading: ABBR.sub(r"\g<text>", heading.group()), html)
    seen: set[str] = set()

    def keep_first(match: re.Match) -> str:
        if match["title"] in seen:
            return match["text"]
        seen.add(match["title"])
        if _inside_link(html, match.start()):
            return match.group()
        return f'<abbr tabindex="0" title="{match["title"]}">{match["text"]}</abbr>'

    return ABBR.sub(keep_first, html)


def on_page_content(html: str, page, config, files) -> str:
    return first_occurrences(html)
