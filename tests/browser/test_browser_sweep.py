"""Swept figures in the browser: the slider moved with the keyboard, in both themes.

Moving it must swap the figure (in the active theme's variant only), its alt
text and the printed output, and the live region must say the new value.
Before the slider is used no other value's figure is fetched; without
JavaScript the default figure and every value's key number show.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable
from pathlib import Path

import pytest
from browser_checks import DESKTOP, LAUNCH_ARGS, LOAD_TIMEOUT

from tools.screenshots import CHROMIUM

browser = pytest.mark.browser
#: The figure of a value other than the default: _snippets/<snippet>/<name>-<index>/
VARIANT = re.compile(r"/_snippets/.+/[A-Za-z_]\w*-\d+/figure-")
#: Pages with a swept figure.
#: Every swept figure: its page, and which of the page's sweeps it is (0-based).
SWEPT = [
    ("concepts/gradient-descent/", 0),
    ("concepts/training-deep-networks/", 0),
    ("challenges/overfitting/", 0),
    ("challenges/overfitting/", 1),
    ("applications/language-model/", 0),
    ("concepts/architecture/", 0),
]


async def _use(context, base: str, page: str, nth: int) -> dict:
    """Load ``page`` in a new tab of ``context`` and move its ``nth`` slider once."""
    tab = await context.new_page()
    try:
        fetched: list[str] = []
        tab.on("request", lambda r: fetched.append(r.url))
        await tab.goto(base + page, wait_until="load", timeout=LOAD_TIMEOUT)
        box = tab.locator(".dl-sweep").nth(nth)
        await box.scroll_into_view_if_needed()
        slider = box.get_by_role("slider")
        image = box.locator("img.dl-figure__img").first
        output = box.locator(".dl-sweep__output code")
        live = box.locator("[aria-live=polite]")
        await tab.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=await image.element_handle()
        )
        found: dict = {
            "label": await box.locator("label").inner_text(),
            "src": await image.get_attribute("src"),
            "alt": await image.get_attribute("alt"),
            "output": await output.inner_text(),
            "valuetext": await slider.get_attribute("aria-valuetext"),
            "variants_before": [u for u in fetched if VARIANT.search(u)],
        }
        await slider.focus()
        await tab.keyboard.press("ArrowLeft")
        await tab.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=await image.element_handle()
        )
        found.update(
            moved_src=await image.get_attribute("src"),
            moved_alt=await image.get_attribute("alt"),
            moved_output=await output.inner_text(),
            moved_valuetext=await slider.get_attribute("aria-valuetext"),
            live=await live.inner_text(),
            variants_after=[u for u in fetched if VARIANT.search(u)],
        )
    finally:
        await tab.close()
    return found


async def _without_js(quiet, base: str, page: str, nth: int) -> dict:
    """Load ``page`` in a new tab of ``quiet``, a context without JavaScript: what
    its ``nth`` sweep shows then."""
    found: dict = {}
    plain = await quiet.new_page()
    try:
        await plain.goto(base + page, wait_until="load", timeout=LOAD_TIMEOUT)
        found["nojs_control_hidden"] = (
            await plain.locator(".dl-sweep__control").nth(nth).is_hidden()
        )
        items = plain.locator(".dl-sweep").nth(nth).locator("li")
        found["nojs_items"] = await items.count()
        found["nojs_first_item"] = await items.first.inner_text() if found["nojs_items"] else ""
        found["nojs_image"] = (
            await plain.locator(".dl-sweep").nth(nth).locator("img[src]").first.is_visible()
        )
    finally:
        await plain.close()
    return found


async def _use_all(base: str, cases: list[tuple[str, int, str]]) -> dict:
    """:func:`_use` for every case and :func:`_without_js` for every sweep, in one
    Chromium, two tabs at a time; each case gets both results.

    The cases of one scheme share a context, as a reader's tabs share their
    browser's cache: only the first loads the site's scripts and styles.
    No case can see another's variants in that cache, since each case moves
    a different slider (its own page, sweep or scheme), and each variant is
    a file of its own.

    A case that fails (a timeout, say), with or without JavaScript, gives its
    exception, which its own test raises.
    """
    from playwright.async_api import async_playwright

    sweeps = sorted({(page, nth) for page, nth, _ in cases})
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            contexts = {
                scheme: await chromium.new_context(viewport=DESKTOP, color_scheme=scheme)
                for scheme in sorted({scheme for _, _, scheme in cases})
            }
            quiet = await chromium.new_context(java_script_enabled=False, viewport=DESKTOP)
            two = asyncio.Semaphore(2)

            async def one(work: Awaitable[dict]) -> dict:
                async with two:
                    return await work

            runs = [_use(contexts[scheme], base, page, nth) for page, nth, scheme in cases]
            runs += [_without_js(quiet, base, *sweep) for sweep in sweeps]
            found = await asyncio.gather(*(one(run) for run in runs), return_exceptions=True)
        finally:
            await chromium.close()
    used, plain = found[: len(cases)], dict(zip(sweeps, found[len(cases) :], strict=True))
    results = {}
    for case, js in zip(cases, used, strict=True):
        nojs = plain[case[:2]]
        failed = next((r for r in (js, nojs) if isinstance(r, BaseException)), None)
        results[case] = failed if failed is not None else {**js, **nojs}
    return results


SCHEMES = ["light", "dark"]


@pytest.fixture(scope="module")
def used(base_url: str) -> dict:
    """What each swept figure did when used, per (page, nth, scheme): one browser for all."""
    return asyncio.run(_use_all(base_url, [(p, n, s) for p, n in SWEPT for s in SCHEMES]))


@browser
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("page", "nth"), SWEPT)
def test_the_slider_swaps_figure_alt_and_output_and_speaks(
    used: dict, page: str, nth: int, scheme: str
) -> None:
    found = used[(page, nth, scheme)]
    if isinstance(found, BaseException):
        raise found
    assert found["label"].strip(), "the slider has no visible label"
    assert found["src"].endswith(f".{scheme}.svg"), found["src"]
    assert found["variants_before"] == [], "a variant was fetched before the slider moved"
    assert found["moved_src"] != found["src"] and found["moved_src"].endswith(f".{scheme}.svg")
    assert found["moved_alt"] != found["alt"]
    assert found["moved_output"] != found["output"]
    assert found["moved_valuetext"] != found["valuetext"]
    assert found["moved_valuetext"] in found["live"], found["live"]
    other = "dark" if scheme == "light" else "light"
    assert found["variants_after"], "moving the slider fetched no variant"
    assert not [u for u in found["variants_after"] if u.endswith(f".{other}.svg")]
    # Without JavaScript: no dead control, the default figure, every value's key number.
    assert found["nojs_control_hidden"] and found["nojs_image"]
    assert found["nojs_items"] >= 2 and ":" in found["nojs_first_item"]


def test_every_swept_figure_of_the_site_is_tested_here(site_dir: Path) -> None:
    found = [
        (page.parent.relative_to(site_dir).as_posix() + "/", nth)
        for page in sorted(site_dir.rglob("index.html"))
        for nth in range(page.read_text(encoding="utf-8").count('<div class="dl-sweep"'))
    ]
    assert sorted(found) == sorted(SWEPT)
