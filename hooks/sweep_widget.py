"""The HTML of a swept figure: one figure, a slider (or a menu), the output, a live region.

:mod:`snippet_directive` calls :func:`render` for a ```` ```snippet ```` block
with ``sweep: NAME``. The result is one raw HTML block:

* a visible ``<label>`` and a native ``<input type="range">`` over the value
  indices (a ``<select>`` when the values are not numbers), with
  ``aria-valuetext`` giving the value and its unit. The control is ``hidden``
  until ``docs/assets/sweep.js`` runs, so without JavaScript nothing is offered
  that does nothing;
* the default run's figures (:func:`snippet_directive.figure_html`: only the
  active theme's variant is fetched) and its printed output;
* a polite ``aria-live`` region the script fills when the value changes;
* without JavaScript, a list of every value's key number (``<noscript>``).

Every other value's figure URLs, alt texts and output sit in one JSON
``data-sweep`` attribute, so the browser fetches no other variant until the
reader moves the slider, and then only the active theme's.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass

from snippet_sweep import Sweep


@dataclass
class Run:
    """What one value of a sweep shows: figure URLs per theme, alt texts, output, key."""

    value: object
    light: list[str]
    dark: list[str]
    alt: list[str]
    output: str
    key: str


def alt_text(template: str, sweep: Sweep, value: object, key: str) -> str:
    """An alt text with ``{value}`` (the value and its unit) and ``{key}`` filled in."""
    return " ".join(template.replace("{value}", sweep.text(value)).replace("{key}", key).split())


def render(
    ident: str,
    sweep: Sweep,
    runs: list[Run],
    figure: Callable[[str, str, str], str],
    assets: str | None,
) -> str:
    """The block for one swept figure (see the module docstring).

    Args:
        ident: unique on the page, e.g. ``sweep-lr-1``.
        runs: one per value of ``sweep``, in its order.
        figure: ``figure(light_url, dark_url, alt)`` -> an ``<img>`` block.
        assets: the URL of ``docs/assets/`` from the page, to load ``sweep.js``
            and ``sweep.css``; None for every sweep of a page but the first.
    """
    default = runs[sweep.default_index]
    data = {
        "label": sweep.label,
        "values": [
            {
                "text": sweep.text(r.value),
                "light": r.light,
                "dark": r.dark,
                "alt": r.alt,
                "output": r.output,
                "key": f"{sweep.key_label} {r.key}" if r.key else "",
            }
            for r in runs
        ],
    }
    esc = html.escape
    control_id = f"{ident}-control"
    label = f'<label for="{control_id}">{esc(sweep.label)}</label>'
    current = sweep.text(sweep.default)
    if sweep.numeric:
        control = (
            f'<input type="range" id="{control_id}" min="0" max="{len(runs) - 1}" step="1" '
            f'value="{sweep.default_index}" aria-valuetext="{esc(current, quote=True)}">'
        )
    else:
        options = "".join(
            f"<option{' selected' if i == sweep.default_index else ''}>"
            f"{esc(sweep.text(r.value))}</option>"
            for i, r in enumerate(runs)
        )
        control = f'<select id="{control_id}">{options}</select>'
    parts = [
        f'<div class="dl-sweep" id="{ident}" data-sweep="{esc(json.dumps(data), quote=True)}">',
        f'<p class="dl-sweep__control" hidden>{label} {control} '
        f'<output class="dl-sweep__value" for="{control_id}">{esc(current)}</output></p>',
    ]
    parts += [
        figure(light, dark, alt)
        for light, dark, alt in zip(default.light, default.dark, default.alt, strict=True)
    ]
    if default.output:
        parts.append(
            '<div class="highlight dl-sweep__output"><span class="filename">Output</span>'
            f"<pre><code>{esc(default.output)}</code></pre></div>"
        )
    parts.append('<p class="dl-sweep__live dl-sweep__hidden" aria-live="polite"></p>')
    if sweep.key:
        items = "".join(
            f"<li>{esc(sweep.label)} {esc(sweep.text(r.value))}: "
            f"{esc(sweep.key_label or '')} {esc(r.key)}</li>"
            for r in runs
        )
        parts.append(
            f"<noscript><p>The figure shows {esc(sweep.label)} {esc(current)}. "
            f"Every value tried:</p><ul>{items}</ul></noscript>"
        )
    if assets:
        base = esc(assets.rstrip("/"), quote=True)
        parts.append(f'<link rel="stylesheet" href="{base}/sweep.css">')
        parts.append(f'<script src="{base}/sweep.js" defer></script>')
    parts.append("</div>")
    return "\n".join(parts)
