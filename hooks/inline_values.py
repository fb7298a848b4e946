"""Numbers in the prose, rendered from the snippet run that computed them.

A page writes, anywhere in its text (not in code)::

    The network reaches {{ value("concepts/training_loop.py", "accuracy", ".1%") }}.

* the first argument is the snippet, relative to ``snippets/``;
* the second is a top-level variable of that snippet (see
  :func:`snippet_child._plain_values`): a number, a string, or a list or dict
  of them, reached with dots (``"scores.mlp"``, ``"accuracies.0"``);
* the third, optional, is a Python format spec (``".2f"``, ``".1%"``, ``","``).

So a number on a page is the number the run produced: a change to the code
changes the prose with it. An unknown snippet, an unknown name, a failed
snippet or a bad format spec is a :class:`snippet_directive.Problem` that
names the page and line, and the build fails. Fenced code blocks and inline
code spans are left alone, so a page can show the syntax itself.

Nothing here runs code; it reads the values the runner stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from snippet_directive import FENCE_OPEN, Problem
from snippet_runner import Result

#: ``{{ value("path.py", "name") }}`` or ``{{ value("path.py", "name", ".2f") }}``.
CALL = re.compile(
    r"""\{\{\s*value\(\s*
        (?P<q1>["'])(?P<snippet>[^"']+)(?P=q1)\s*,\s*
        (?P<q2>["'])(?P<name>[^"']+)(?P=q2)\s*
        (?:,\s*(?P<q3>["'])(?P<spec>[^"']*)(?P=q3)\s*)?
    \)\s*\}\}""",
    re.VERBOSE,
)
#: Anything that looks like a call but does not parse is an error too.
LOOSE = re.compile(r"\{\{\s*value\b[^}]*\}\}")
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")


@dataclass
class Rendered:
    """A page's Markdown with its values filled in, and what went wrong."""

    markdown: str
    problems: list[Problem] = field(default_factory=list)
    referenced: set[str] = field(default_factory=set)  # "snippets/x.py" paths used


class ValueLookupError(Exception):
    """A value that cannot be rendered; the message says why."""


def lookup(results: Mapping[str, Result], snippet: str, name: str) -> object:
    """The value ``name`` (dotted for items) of ``snippets/<snippet>``."""
    path = f"snippets/{snippet}"
    if path not in results:
        raise ValueLookupError(f"no snippet {path}")
    result = results[path]
    if result.failure is not None:
        raise ValueLookupError(f"{path} failed, so its values are unknown: {result.failure}")
    value: object = result.values
    for depth, part in enumerate(name.split(".")):
        where = ".".join(name.split(".")[:depth]) or "the top level"
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            known = ", ".join(sorted(value)) if isinstance(value, dict) else f"{len(value)} items"
            raise ValueLookupError(
                f"{path} has no value {part!r} at {where} (it has: {known})"
                if isinstance(value, dict | list)
                else f"{path}: {where} is {value!r}, which has no item {part!r}"
            )
    return value


def render_value(value: object, spec: str | None) -> str:
    """``value`` formatted with ``spec``, or as it prints when there is none."""
    if isinstance(value, dict | list) and spec:
        raise ValueLookupError(f"cannot apply format {spec!r} to a {type(value).__name__}")
    try:
        return format(value, spec or "")
    except (ValueError, TypeError) as error:
        raise ValueLookupError(f"format {spec!r} does not fit {value!r}: {error}") from None


def render(markdown: str, page: str, results: Mapping[str, Result]) -> Rendered:
    """Fill every ``{{ value(...) }}`` of ``markdown`` (the page ``page``)."""
    out = Rendered(markdown)
    lines = markdown.split("\n")
    fence: str | None = None
    for number, line in enumerate(lines):
        opened = FENCE_OPEN.match(line)
        if fence is None and opened:
            fence = opened["fence"]
            continue
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        if "{{" in line:
            lines[number] = _render_line(line, number + 1, page, results, out)
    out.markdown = "\n".join(lines)
    return out


def _render_line(
    line: str, number: int, page: str, results: Mapping[str, Result], out: Rendered
) -> str:
    pieces, last = [], 0
    for span in CODE_SPAN.finditer(line):  # code spans stay as written
        pieces.append(_render_text(line[last : span.start()], number, page, results, out))
        pieces.append(span.group(0))
        last = span.end()
    pieces.append(_render_text(line[last:], number, page, results, out))
    return "".join(pieces)


def _render_text(
    text: str, number: int, page: str, results: Mapping[str, Result], out: Rendered
) -> str:
    def replace(match: re.Match[str]) -> str:
        snippet, name = match["snippet"], match["name"]
        out.referenced.add(f"snippets/{snippet}")
        try:
            return render_value(lookup(results, snippet, name), match["spec"])
        except ValueLookupError as error:
            out.problems.append(
                Problem(page, number, f"value({snippet!r}, {name!r}): {error}", snippet=None)
            )
            return f"**[value error: {snippet} {name}]**"

    text = CALL.sub(replace, text)
    for loose in LOOSE.finditer(text):
        out.problems.append(
            Problem(
                page,
                number,
                f"cannot read {loose.group(0)!r}: write "
                '{{ value("dir/snippet.py", "name", ".2f") }}',
            )
        )
    return text
