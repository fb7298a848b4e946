"""What the browser tests check on every page, as plain functions.

:func:`survey` loads pages in headless Chromium (a few tabs at a time) and
records what each page did: its HTTP status, console errors, every request,
its images, links, element ids, visible text outside code, which figure
variant shows in each colour scheme, and how wide it is at a phone's 375 px.
The ``check_*`` functions turn one :class:`PageReport`
into a list of problems, each starting with the page's path, so a failing test
says which page is wrong. ``tests/browser/test_browser_checks.py`` feeds them
deliberately broken pages to prove that each check can fail.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from tools.screenshots import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LOAD_TIMEOUT,
    OFFLINE,
    NetworkQuiet,
    is_local,
)

if TYPE_CHECKING:
    from playwright.async_api import Response

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
#: Tabs loading pages at once. More than the two cores: a tab waiting for its
#: page to go quiet (:func:`load`) uses none, and another tab works meanwhile.
#: Measured on the whole site: the same CPU time with 6 tabs as with 4, and
#: 8% less wall time.
TABS = 6
#: Every host but the local server fails to resolve, so a request to another
#: host is seen (and reported) but never sent. Blocking with Playwright's
#: ``route`` would do the same but switch off the browser cache.
LAUNCH_ARGS = [*CHROMIUM_ARGS, OFFLINE]


@dataclass
class PageReport:
    """What one page did in the browser. ``path`` is e.g. ``concepts/activations/``."""

    path: str
    status: int | None = None
    load_error: str = ""  # the page did not load (or go quiet) in time
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # local resources that did not load
    images: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)  # text nodes outside code and maths
    unrendered_maths: list[str] = field(default_factory=list)
    phone_viewport: int = 0
    phone_scroll_width: int = 0
    phone_culprits: list[str] = field(default_factory=list)
    themes: dict[str, dict] = field(default_factory=dict)  # scheme -> figures (_FIGURES)
    requests_on_load: list[str] = field(default_factory=list)  # before anything was clicked
    base: str = ""
    visits: dict[str, object] = field(default_factory=dict)  # width -> what ``visit`` returned

    @property
    def where(self) -> str:
        """How messages name the page: ``/`` for the home page, ``/concepts/x/``."""
        return "/" + self.path


# ------------------------------------------------------------ figures and themes
#: Figures of snippets: ``<img data-light=".../figure-N.light.svg" data-dark="...">``
#: whose ``src`` the page's script sets to the active scheme's variant.
FIGURE_VARIANT = re.compile(r"_snippets/.+\.(?P<theme>light|dark)\.svg$")

_FIGURES = """
async () => {
  const figures = [];
  for (const img of Array.from(document.querySelectorAll('img[data-light][data-dark]'))) {
    img.loading = 'eager';  // a lazy figure far below the fold would never load
    const display = getComputedStyle(img).display;
    let width = 0;
    if (display !== 'none' && img.getAttribute('src')) {
      try { if (!img.complete) await img.decode(); } catch (e) {}
      width = img.naturalWidth;
    }
    figures.push({src: img.getAttribute('src') || '', light: img.dataset.light,
                  dark: img.dataset.dark, display, width});
  }
  return {scheme: document.body.getAttribute('data-md-color-scheme'), figures};
}
"""


# Each of Material's two schemes in turn, on the loaded page: what the palette
# toggle does to the page (it sets this attribute, and remembers the choice).
_BOTH_THEMES = """
async () => {
  const record = RECORD;
  const body = document.body, original = body.getAttribute('data-md-color-scheme');
  const found = {};
  for (const scheme of ['default', 'slate']) {
    body.setAttribute('data-md-color-scheme', scheme);
    await new Promise(r => setTimeout(r, 0));  // the page's script swaps the figures
    found[scheme] = await record();
  }
  body.setAttribute('data-md-color-scheme', original);
  return found;
}
""".replace("RECORD", _FIGURES.strip())


# ------------------------------------------------------------ the browser side
# Runs in the page once it has loaded and gone quiet.
_INSPECT = r"""
async () => {
  // The heading each image sits under, to name images without a useful src.
  const under = new Map();
  let heading = '';
  for (const el of document.querySelectorAll('h1, h2, h3, img')) {
    if (el.tagName === 'IMG') under.set(el, heading);
    else heading = el.textContent.replace(/\s+/g, ' ').replace(/¶$/, '').trim();
  }
  const images = [];
  for (const img of Array.from(document.images)) img.loading = 'eager';
  for (const img of Array.from(document.images)) {
    const style = getComputedStyle(img);
    const visible = img.getClientRects().length > 0 && style.visibility !== 'hidden';
    let width = 0, error = '';
    try {
      if (visible) {
        if (!img.complete) await img.decode();
        width = img.naturalWidth;
      } else {
        // Hidden (the other theme's figure, a closed <details>): the browser
        // may not decode it, so load the same URL into a detached image.
        const probe = new Image();
        probe.src = img.currentSrc || img.src;
        await probe.decode();
        width = probe.naturalWidth;
      }
    } catch (e) { error = String((e && e.message) || e); }
    images.push({src: img.getAttribute('src') || '', url: img.currentSrc || img.src,
                 alt: img.getAttribute('alt'), visible, width, error,
                 heading: under.get(img) || ''});
  }
  const links = Array.from(document.querySelectorAll('a[href]')).map(a => ({
    href: a.getAttribute('href'), url: a.href,
    text: (a.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60)}));
  const ids = Array.from(document.querySelectorAll('[id]')).map(e => e.id)
    .concat(Array.from(document.querySelectorAll('a[name]')).map(a => a.getAttribute('name')));
  const SKIP = 'pre, code, kbd, samp, script, style, noscript, textarea, template, math, svg';
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || parent.closest(SKIP) || !node.nodeValue.trim()) continue;
    texts.push(node.nodeValue);
  }
  const unrendered = Array.from(document.querySelectorAll('.arithmatex'))
    .filter(e => !e.querySelector('math')).map(e => e.textContent.trim().slice(0, 80));
  return {images, links, ids, texts, unrendered};
}
"""

# Runs at the phone viewport: how wide is the document, and what makes it so.
_MEASURE = r"""
(viewport) => {
  // Not innerWidth: a phone's browser widens its layout viewport to fit
  // content that overflows, then shows the page zoomed out.
  const width = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const culprits = [], found = [];
  if (width > viewport) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= viewport + 1) continue;
      if (found.some(f => f.contains(el))) continue;
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.overflowX !== 'visible' || s.position === 'fixed') { clipped = true; break; }
      }
      if (clipped || getComputedStyle(el).position === 'fixed') continue;
      found.push(el);
      const cls = (typeof el.className === 'string' && el.className.trim())
        ? '.' + el.className.trim().split(/\s+/).join('.') : '';
      const id = el.id ? '#' + el.id : '';
      const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
      const tag = `<${el.tagName.toLowerCase()}${id}${cls}>`;
      culprits.push(`${tag} "${text}" reaches ${Math.round(r.right)} px`);
      if (culprits.length >= 5) break;
    }
  }
  return {viewport, width, culprits};
}
"""


#: Called with each page the survey loads, at each width, while the tab is on
#: it: ``visit(tab, path, width)``, ``width`` "desktop" or "375px". What it
#: returns is kept in :attr:`PageReport.visits`, so other checks of a loaded
#: page (the accessibility survey's) need no load of their own.
Visit = Callable[[object, str, str], Awaitable[object]]


async def load(tab, url: str) -> Response | None:
    """Go to ``url`` and wait until the page has loaded *and* gone quiet; the response.

    Quiet as :class:`tools.screenshots.NetworkQuiet` watches it, from the
    requests themselves: a page inspected before ``load`` has run none of its
    closing scripts (figures without ``src``).

    Raises:
        TimeoutError: If the page is not quiet ``LOAD_TIMEOUT`` ms after ``load``.
    """
    with NetworkQuiet(tab, LOAD_TIMEOUT) as network:
        response = await tab.goto(url, wait_until="load", timeout=LOAD_TIMEOUT)
        while network.waiting():
            await asyncio.sleep(0.05)
    return response


async def _inspect(tab, base: str, path: str, visit: Visit | None = None) -> PageReport:
    """Load ``path`` in ``tab`` (desktop size) and record what happened.

    ``visit`` sees the page as loaded, before the themes are tried on it.
    """
    report = PageReport(path, base=base)

    def on_console(message) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            report.console_errors.append(f"{message.text} [{where}]" if where else message.text)

    def on_pageerror(error) -> None:
        report.console_errors.append(f"uncaught {error}")

    def on_request(request) -> None:
        report.requests.append(request.url)

    def on_response(response) -> None:
        if response.status >= 400 and is_local(response.url, base):
            report.failed.append(f"{response.url} (HTTP {response.status})")

    def on_failed(request) -> None:
        # ERR_ABORTED is the browser cancelling a request it no longer needs (the
        # search worker's index, say); a missing file is a 404 response, above.
        if is_local(request.url, base) and "ERR_ABORTED" not in (request.failure or ""):
            report.failed.append(f"{request.url} ({request.failure})")

    handlers = {
        "console": on_console,
        "pageerror": on_pageerror,
        "request": on_request,
        "response": on_response,
        "requestfailed": on_failed,
    }
    for event, handler in handlers.items():
        tab.on(event, handler)
    try:
        response = await load(tab, base + path)
        report.status = response.status if response is not None else None
        report.requests_on_load = list(report.requests)
        found = await tab.evaluate(_INSPECT)
        if visit is not None:
            report.visits["desktop"] = await visit(tab, path, "desktop")
        report.themes = await tab.evaluate(_BOTH_THEMES)
    finally:
        for event, handler in handlers.items():
            tab.remove_listener(event, handler)
    report.images, report.links, report.texts = found["images"], found["links"], found["texts"]
    report.ids = set(found["ids"])
    report.unrendered_maths = found["unrendered"]
    return report


async def _measure(tab, base: str, report: PageReport) -> None:
    """Load the page at the phone viewport and record its scroll width."""
    await tab.goto(base + report.path, wait_until="load", timeout=LOAD_TIMEOUT)
    found = await tab.evaluate(_MEASURE, PHONE["width"])
    report.phone_viewport, report.phone_scroll_width = found["viewport"], found["width"]
    report.phone_culprits = found["culprits"]


async def _survey(base: str, paths: list[str], tabs: int, visit: Visit | None) -> list[PageReport]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        desktop = await browser.new_context(viewport=DESKTOP, color_scheme="light")
        phone = await browser.new_context(viewport=PHONE, color_scheme="light", is_mobile=True)
        queue: asyncio.Queue = asyncio.Queue()
        for _ in range(max(1, min(tabs, len(paths)))):
            queue.put_nowait((await desktop.new_page(), await phone.new_page()))

        async def one(path: str) -> PageReport:
            big, small = await queue.get()
            try:
                report = await _inspect(big, base, path, visit)
                await _measure(small, base, report)
                if visit is not None:
                    report.visits["375px"] = await visit(small, path, "375px")
                return report
            except Exception as error:  # a timeout: report it against the page
                first = str(error).strip().splitlines()[0] if str(error).strip() else ""
                return PageReport(path, base=base, load_error=f"{type(error).__name__}: {first}")
            finally:
                queue.put_nowait((big, small))

        try:
            return list(await asyncio.gather(*(one(path) for path in paths)))
        finally:
            await browser.close()


def survey(
    base: str, paths: list[str], tabs: int = TABS, visit: Visit | None = None
) -> dict[str, PageReport]:
    """Load every page of ``paths`` (relative to ``base``) and report on each."""
    reports = asyncio.run(_survey(base, paths, tabs, visit))
    return {report.path: report for report in reports}


# ----------------------------------------------------------------- the site
class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (tag == "a" and name == "name")):
                self.ids.add(value)


def page_size(site: Path, path: str) -> int:
    """Bytes of page ``path``'s HTML in the built ``site`` (0 if it has none)."""
    html = site / path / "index.html"
    return html.stat().st_size if html.is_file() else 0


class SiteFiles:
    """The built site on disk: which URLs exist, and the ids of each HTML file."""

    def __init__(self, site: Path) -> None:
        self.site = Path(site).resolve()
        self._ids: dict[Path, set[str]] = {}

    def file_for(self, url_path: str) -> Path | None:
        """The file ``http.server`` answers for a URL path, or None for a 404."""
        target = (self.site / unquote(url_path).lstrip("/")).resolve()
        if not target.is_relative_to(self.site):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def ids(self, html_file: Path) -> set[str]:
        if html_file not in self._ids:
            parser = _Ids()
            parser.feed(html_file.read_text(encoding="utf-8", errors="replace"))
            self._ids[html_file] = parser.ids
        return self._ids[html_file]


# ------------------------------------------------------------------ checks
def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def check_status(report: PageReport) -> list[str]:
    """The page answers 200, and every local resource it asks for loads."""
    if report.load_error:
        return [f"{report.where}: did not load: {report.load_error}"]
    problems = []
    if report.status != 200:
        problems.append(f"{report.where}: answered HTTP {report.status}, expected 200")
    problems += [f"{report.where}: could not load {item}" for item in _unique(report.failed)]
    return problems


def check_console(report: PageReport) -> list[str]:
    """Nothing is logged as an error, and no script throws."""
    return [f"{report.where}: console error: {text}" for text in _unique(report.console_errors)]


#: Alt texts that say nothing about the image: tools' placeholders, and words
#: STYLE.md names ("say what the figure shows, not just 'plot'").
PLACEHOLDER_ALTS = {
    "no description has been provided for this image",  # nbconvert's default
    "image",
    "figure",
    "plot",
    "png",
    "output",
}


def check_images(report: PageReport) -> list[str]:
    """Every image loads (``naturalWidth > 0``) and has alt text (not a placeholder).

    Images the browser is showing are checked where they are; hidden ones (the
    other theme's figure) are loaded into a detached image, since Chromium
    need not decode an image with ``display: none``.
    """
    problems = []
    for image in report.images:
        name = image["src"] or image["url"]
        if name.startswith("data:"):  # an inline image: say where it is instead
            name = f"{name[:22]}… under {image.get('heading', '')!r}"
        alt = " ".join((image["alt"] or "").split())
        if not alt:
            problems.append(f"{report.where}: image {name} has no alt text")
        elif alt.lower().rstrip(".") in PLACEHOLDER_ALTS:
            problems.append(f"{report.where}: image {name} has only placeholder alt text {alt!r}")
        if image["width"] <= 0:
            state = "visible" if image["visible"] else "hidden"
            detail = f": {image['error']}" if image["error"] else ""
            problems.append(f"{report.where}: {state} image {name} did not load{detail}")
    return problems


def check_requests(report: PageReport) -> list[str]:
    """Every request goes to the local server: no CDN, fonts, analytics, maths service."""
    seen, problems = set(), []
    for url in report.requests:
        if is_local(url, report.base) or url in seen:
            continue
        seen.add(url)
        host = urlsplit(url).netloc or urlsplit(url).scheme
        problems.append(f"{report.where}: requested {url} from another host ({host})")
    return problems


def check_links(report: PageReport, site: SiteFiles) -> list[str]:
    """Every link to this site reaches a file, and every ``#anchor`` an element id."""
    problems: list[str] = []
    base = urlsplit(report.base)
    for link in report.links:
        url = urlsplit(link["url"])
        if url.scheme not in ("http", "https") or url.netloc != base.netloc:
            continue  # another site (see test_site_links.py), mailto:, javascript:
        label = f"link {link['href']!r}" + (f" ({link['text']!r})" if link["text"] else "")
        if not url.path.startswith(base.path):
            problems.append(f"{report.where}: {label} leaves the site")
            continue
        target = site.file_for(url.path[len(base.path) :])
        if target is None:
            problems.append(f"{report.where}: {label} goes to a page that does not exist")
            continue
        if not url.fragment:
            continue
        anchor = unquote(url.fragment)
        same_page = url.path == urlsplit(report.base + report.path).path
        ids = site.ids(target) if target.suffix == ".html" else set()
        if same_page:
            ids = ids | report.ids
        if anchor not in ids:
            problems.append(f"{report.where}: {label}: no element has the id {anchor!r}")
    return _unique(problems)


#: Leftover TeX in visible text: a TeX command, arithmatex's delimiters, $$, or $...$.
RAW_TEX = re.compile(
    r"\\[A-Za-z]{2,}"  # \frac, \sigma, \mathrm, ...
    r"|\\[()\[\]{}]"  # \( \) \[ \] \{ \}
    r"|\$\$"
    r"|\$[^$\s][^$]*?(?<!\s)\$"  # $x^2$
    r"|[_^]\{"  # x_{i}, e^{-z}
)


def check_maths(report: PageReport) -> list[str]:
    """No TeX is left unrendered in the page's text (code blocks excepted)."""
    problems = [
        f"{report.where}: maths not converted to MathML: {tex!r}" for tex in report.unrendered_maths
    ]
    for text in report.texts:
        for match in RAW_TEX.finditer(text):
            start, end = max(0, match.start() - 30), match.end() + 30
            excerpt = " ".join(text[start:end].split())
            problems.append(f"{report.where}: raw TeX {match[0]!r} in the text: …{excerpt}…")
    return problems


def check_phone_width(report: PageReport) -> list[str]:
    """At 375 px the page does not scroll sideways (wide blocks scroll in their own box)."""
    if report.phone_scroll_width <= report.phone_viewport:
        return []
    culprits = "; ".join(report.phone_culprits) or "no single element found"
    return [
        f"{report.where}: at {report.phone_viewport} px wide the page is "
        f"{report.phone_scroll_width} px wide and scrolls sideways ({culprits})"
    ]


def check_themes(report: PageReport) -> list[str]:
    """In each scheme every figure shows its own variant, loaded, and hides its twin."""
    return [
        problem
        for scheme, found in sorted(report.themes.items())
        for problem in check_theme_figures(report.path, found, scheme)
    ]


def every_problem(report: PageReport, site: SiteFiles) -> list[str]:
    """All the checks above, for one page."""
    return [
        *check_status(report),
        *check_console(report),
        *check_images(report),
        *check_requests(report),
        *check_links(report, site),
        *check_maths(report),
        *check_phone_width(report),
        *check_themes(report),
        *check_one_variant(report),
    ]


# ------------------------------------------------------------------ search
async def _search(base: str, query: str) -> list[str]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            tab = await browser.new_page(viewport=DESKTOP)
            await load(tab, base)
            box = tab.locator("input.md-search__input")
            await box.click()
            await box.press_sequentially(query, delay=20)  # as a reader types
            # "N matching documents" or "No matching documents": the search has run.
            await tab.wait_for_function(
                "() => /matching document/i.test("
                "document.querySelector('.md-search-result__meta')?.textContent || '')",
                timeout=LOAD_TIMEOUT,
            )
            items = tab.locator(".md-search-result__item > a.md-search-result__link:first-child")
            return [await a.get_attribute("href") or "" for a in await items.all()]
        finally:
            await browser.close()


def search(base: str, query: str) -> list[str]:
    """The result links Material's search box lists for ``query``, best first."""
    return asyncio.run(_search(base, query))


# ------------------------------------------------------------------- themes
async def _switch_theme(tab, scheme: str) -> None:
    """Click Material's palette toggle until the page uses ``scheme``."""
    for _ in range(4):
        if await tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme:
            return
        await tab.locator("form[data-md-component=palette] label:not([hidden])").first.click()
        await tab.wait_for_timeout(100)
    found = await tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
    raise AssertionError(f"the palette toggle never switched to {scheme!r} (stuck at {found!r})")


async def _theme_survey(base: str, paths: list[str], system: str, scheme: str, tabs: int) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            context = await browser.new_context(viewport=DESKTOP, color_scheme=system)
            first = await context.new_page()
            await first.goto(base, wait_until="load", timeout=LOAD_TIMEOUT)
            await _switch_theme(first, scheme)  # Material remembers the choice
            queue: asyncio.Queue = asyncio.Queue()
            queue.put_nowait(first)
            for _ in range(max(0, min(tabs, len(paths)) - 1)):
                queue.put_nowait(await context.new_page())

            async def one(path: str) -> tuple[str, dict]:
                tab = await queue.get()
                try:
                    await tab.goto(base + path, wait_until="load", timeout=LOAD_TIMEOUT)
                    return path, await tab.evaluate(_FIGURES)
                finally:
                    queue.put_nowait(tab)

            return dict(await asyncio.gather(*(one(path) for path in paths)))
        finally:
            await browser.close()


def theme_survey(base: str, paths: list[str], system: str, scheme: str, tabs: int = TABS) -> dict:
    """With the system in ``system`` colours, pick ``scheme`` ("default" or "slate")
    with the palette toggle, then record every page's figures."""
    return asyncio.run(_theme_survey(base, paths, system, scheme, tabs))


def check_theme_figures(path: str, found: dict, scheme: str) -> list[str]:
    """In ``scheme``, each figure shows its own variant (``src``), loaded."""
    where, problems = "/" + path, []
    if found["scheme"] != scheme:
        problems.append(f"{where}: the page is in {found['scheme']!r}, not the chosen {scheme!r}")
    wanted = "dark" if scheme == "slate" else "light"
    for figure in found["figures"]:
        name = figure.get(wanted) or figure["src"]
        light, dark = (FIGURE_VARIANT.search(figure.get(t) or "") for t in ("light", "dark"))
        if not (light and light["theme"] == "light" and dark and dark["theme"] == "dark"):
            problems.append(f"{where}: figure {name} does not name a light and a dark .svg")
            continue
        if figure["src"] != figure[wanted]:
            shown = figure["src"] or "nothing"
            problems.append(f"{where}: in the {wanted} theme figure {name} shows {shown}")
        elif figure["display"] == "none":
            problems.append(f"{where}: the {wanted} figure {name} is hidden")
        elif figure["width"] <= 0:
            problems.append(f"{where}: the {wanted} figure {name} did not load")
    return problems


def check_one_variant(report: PageReport) -> list[str]:
    """Loaded in the light scheme, the page fetched no dark figure (nor the search index)."""
    problems = []
    for url in _unique(report.requests_on_load):
        if url.split("?")[0].endswith(".dark.svg"):
            problems.append(f"{report.where}: fetched the dark variant {url} in the light theme")
        if url.split("?")[0].endswith("search/search_index.json"):
            problems.append(f"{report.where}: fetched the search index before any search")
    return problems


# ------------------------------------------------------- figure text colours
def rgb(colour: str) -> tuple[float, float, float] | None:
    colour = colour.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{6}", colour):
        return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]
    if re.fullmatch(r"#[0-9a-f]{3}", colour):
        return tuple(int(c * 2, 16) / 255 for c in colour[1:])  # type: ignore[return-value]
    return None


def _luminance(rgb: tuple[float, float, float]) -> float:
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _style(element) -> dict[str, str]:
    items = (part.split(":", 1) for part in (element.get("style") or "").split(";") if ":" in part)
    return {key.strip(): value.strip() for key, value in items}


def _over(rgb, alpha: float, background):
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip(rgb, background, strict=True))


_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"


def _transform(text: str) -> list[float]:
    """An SVG ``transform`` attribute as the matrix ``[a, b, c, d, e, f]``."""
    total = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", text or ""):
        v = [float(x) for x in re.findall(_NUMBER, args)]
        if name == "translate":
            m = [1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0]
        elif name == "scale":
            m = [v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0]
        elif name == "matrix":
            m = v
        else:  # rotate, skew: not used on images
            continue
        a, b, c, d, e, f = total
        total = [
            a * m[0] + c * m[1],
            b * m[0] + d * m[1],
            a * m[2] + c * m[3],
            b * m[2] + d * m[3],
            a * m[4] + c * m[5] + e,
            b * m[4] + d * m[5] + f,
        ]
    return total


def _image_boxes(tree) -> list[tuple[float, float, float, float]]:
    """``(x0, y0, x1, y1)`` of every raster image (``imshow``) in the SVG."""
    boxes = []
    for image in tree.iter("{http://www.w3.org/2000/svg}image"):
        a, b, c, d, e, f = _transform(image.get("transform", ""))
        x, y = float(image.get("x", 0)), float(image.get("y", 0))
        w, h = float(image.get("width", 0)), float(image.get("height", 0))
        corners = [(x + i * w, y + j * h) for i in (0, 1) for j in (0, 1)]
        xs = [a * u + c * v + e for u, v in corners]
        ys = [b * u + d * v + f for u, v in corners]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def svg_text_colours(svg: Path, page: tuple[float, float, float]) -> list[tuple[str, float, str]]:
    """``(text, contrast, "#fg on #bg")`` for every text of a Matplotlib SVG on ``page``.

    Matplotlib writes each text as ``<g id="text_N">`` holding the glyphs in a
    ``<g style="fill: ...">`` or a ``<text style="...; fill: ...">`` (no fill
    means black), after an optional
    ``patch`` (the text's box), against which the text is then read. Text
    placed on a raster image (the numbers of a heatmap) is read against the
    image, not the page, and is left out.
    """
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/2000/svg}"
    found = []
    tree = ET.parse(svg, ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    images = _image_boxes(tree)
    for group in tree.iter(f"{ns}g"):
        if not re.fullmatch(r"text_\d+", group.get("id", "")):
            continue
        background = page
        for patch in group.iter(f"{ns}g"):
            if patch.get("id", "").startswith("patch_"):
                for shape in patch:
                    style = _style(shape)
                    fill = rgb(style.get("fill", ""))
                    if fill is not None:
                        alpha = float(style.get("opacity", 1)) * float(style.get("fill-opacity", 1))
                        background = _over(fill, alpha, page)
        # Text as glyph outlines (svg.fonttype "path") or as <text> ("none").
        glyphs = [
            child
            for child in group
            if (child.tag == f"{ns}g" and not child.get("id", "").startswith("patch_"))
            or child.tag == f"{ns}text"
        ]
        comments = [c.text.strip() for c in group if c.tag is ET.Comment and c.text]
        words = " ".join("".join(g.itertext()).strip() for g in glyphs if g.tag == f"{ns}text")
        label = comments[0] if comments else words.strip() or group.get("id", "")
        for glyph in glyphs or [group]:
            a, b, c, d, e, f = _transform(glyph.get("transform", ""))
            gx, gy = float(glyph.get("x", 0)), float(glyph.get("y", 0))
            x, y = a * gx + c * gy + e, b * gx + d * gy + f
            if any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in images):
                continue
            style = _style(glyph)
            fill = rgb(style.get("fill", "#000000"))
            if fill is None:
                continue
            alpha = float(style.get("opacity", 1)) * float(style.get("fill-opacity", 1))
            colour = _over(fill, alpha, background)
            found.append(
                (label, contrast(colour, background), f"{_hex(colour)} on {_hex(background)}")
            )
    return found
