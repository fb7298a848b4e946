"""Accessibility checks of built pages: axe-core, and keyboard focus.

axe-core (bundled, at a pinned version, by the ``axe-playwright-python``
package) runs over pages in headless Chromium, in the light and the dark
scheme, at desktop width and at a phone's 375 px, as :func:`plan` lays out:
on the loads of the page survey through :class:`PlanScans`, or on loads of
its own through :func:`axe_survey`. Each violation becomes one line naming
the rule, the page, the scheme and width, the CSS selector of the element
and, for colour contrast, the colours and their ratio, so a failing test
says exactly what to fix. The colour rules, most of axe's time, check each
look of text once in each scheme and width (:func:`scan_page`), so a faint
look is reported where the survey first met it.

:func:`tab_through` presses Tab from the top of a page and records, for each
element that receives focus, what it is, where it is and whether a focus
ring is drawn around it.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from browser_checks import DESKTOP, LAUNCH_ARGS, LOAD_TIMEOUT, PHONE, TABS

from tools.screenshots import CHROMIUM

#: System colour scheme -> the Material scheme the page then shows.
SCHEMES = {"light": "default", "dark": "slate"}
WIDTHS = {"desktop": DESKTOP, "375px": PHONE}


@dataclass(frozen=True)
class Violation:
    """One element that breaks one axe rule on one page, in one scheme and width."""

    page: str  # "/concepts/activations/"
    scheme: str  # "light" or "dark"
    width: str  # "desktop" or "375px"
    rule: str  # axe rule id, e.g. "color-contrast"
    impact: str  # minor, moderate, serious, critical
    selector: str  # CSS selector of the element
    detail: str  # what axe measured, e.g. "contrast 4.12:1 (#5488e8 on #1e2129; needs 4.5:1)"

    def __str__(self) -> str:
        detail = f": {self.detail}" if self.detail else ""
        return (
            f"{self.page} [{self.scheme}, {self.width}] {self.rule} ({self.impact}) "
            f"at {self.selector}{detail}"
        )


def _detail(node: dict) -> str:
    """The measurement behind a failing node: a contrast ratio and its colours, or axe's summary."""
    for check in [*node.get("any", []), *node.get("all", []), *node.get("none", [])]:
        data = check.get("data")
        if isinstance(data, dict) and data.get("contrastRatio"):
            needed = data.get("expectedContrastRatio", "")
            return (
                f"contrast {data['contrastRatio']}:1 "
                f"({data.get('fgColor')} on {data.get('bgColor')}; needs {needed})"
            )
    summary = " ".join((node.get("failureSummary") or "").split())
    return summary[:200]


def _selector(target: list) -> str:
    # A target is a list of selectors (more than one across iframes / shadow roots).
    return " >> ".join(" ".join(t) if isinstance(t, list) else str(t) for t in target)


def violations_of(results: dict, page: str, scheme: str, width: str) -> list[Violation]:
    """axe's raw ``results`` as one :class:`Violation` per failing element."""
    found = []
    for rule in results.get("violations", []):
        for node in rule.get("nodes", []):
            found.append(
                Violation(
                    page,
                    scheme,
                    width,
                    rule["id"],
                    rule.get("impact") or node.get("impact") or "",
                    _selector(node.get("target", [])),
                    _detail(node),
                )
            )
    return found


#: Pages made from one template that differ only in the code they show
#: (hooks/site_source.py): the one with the most code stands for them all.
SOURCE_PAGES = "reference/source/"
#: axe's rules about colour: the only ones whose result depends on the colour
#: scheme (Material's schemes change colours only), and most of axe's time.
COLOUR_RULES = ("color-contrast", "link-in-text-block")
#: Which of axe's rules a scan runs.
ALL, COLOUR, LAYOUT = "all", "colour", "layout"  # LAYOUT: every rule but COLOUR_RULES


@dataclass(frozen=True)
class Scan:
    """One axe run: a page, in one scheme and width, with ALL, COLOUR or LAYOUT rules."""

    path: str
    scheme: str
    width: str
    rules: str = ALL


def axe_options(rules: str, preload: bool = True) -> dict:
    """The ``axe.run`` options for one of ALL, COLOUR or LAYOUT.

    ``preload``: before a run, axe fetches and parses every stylesheet of the
    page and loads its audio and video (its "preload") for the rules that read
    them (css-orientation-lock, no-autoplay-audio). That costs a third of a
    run, and no colour rule needs it, so a run of the colour rules alone never
    preloads.
    """
    options: dict = {"resultTypes": ["violations"], "preload": preload and rules != COLOUR}
    if rules == COLOUR:
        options["runOnly"] = {"type": "rule", "values": list(COLOUR_RULES)}
    elif rules == LAYOUT:
        options["rules"] = {rule: {"enabled": False} for rule in COLOUR_RULES}
    elif rules != ALL:
        raise ValueError(f"unknown rule set {rules!r}: use {ALL!r}, {COLOUR!r} or {LAYOUT!r}")
    return options


def _kind(path: str) -> str:
    """The part of the site a page belongs to: ``concepts``, ``reference``, ``""`` (home)."""
    return path.split("/")[0]


def plan(paths: list[str], weight: Callable[[str], int]) -> list[Scan]:
    """The axe runs that cover ``paths``, in both schemes and both widths.

    * Every page at desktop width: every rule in the light scheme, and the
      colour rules again in the dark one (nothing else changes with it).
    * Every page at 375 px in the light scheme with every rule but colour:
      the width changes layout (scrolling regions, target sizes, what is
      hidden) but not the colours.
    * One page of each part of the site (home, concepts, applications,
      notebooks, reference...) at 375 px with every rule in the light scheme
      and the colour rules in the dark one, which covers the phone-only
      header and controls.
    * Of the source pages, only the one with the largest ``weight`` (its
      size: the most code) is scanned; the others are the same page with
      other code.
    """
    sources = [p for p in paths if p.startswith(SOURCE_PAGES) and p != SOURCE_PAGES]
    checked = [p for p in paths if p not in sources]
    if sources:
        checked.append(max(sources, key=weight))
    sample: dict[str, str] = {}
    for path in checked:
        sample.setdefault(_kind(path), path)
    scans = []
    for path in checked:
        scans += [Scan(path, "light", "desktop"), Scan(path, "dark", "desktop", COLOUR)]
        scans.append(Scan(path, "light", "375px", ALL if path in sample.values() else LAYOUT))
    scans += [Scan(path, "dark", "375px", COLOUR) for path in sample.values()]
    return scans


#: Lists, in ``window.__axeLooks``, one element of each look not in ``seen``
#: (the looks checked already), and returns their looks in that order. An
#: element's colour contrast is fixed by its look: its colour, font size and
#: weight, text shadow and visibility, its parent's colour (links are told
#: from the text around them by it), and the colours, images, opacity,
#: filters, blending and positioning of it, its pseudo-elements and every box
#: it sits in, up to the page. (A box drawn over it from elsewhere leaves axe
#: unsure, and :func:`scan_page` then checks the look again.) A site made from
#: one theme has a few hundred looks, most of them on every page (the
#: navigation, the prose, each colour of highlighted code), against thousands
#: of elements per page.
_MARK_LOOKS = r"""
(seen) => {
  const boxes = new Map();
  const box = el => {  // what el and the boxes behind it do to colour
    if (!el) return '';
    if (!boxes.has(el)) {
      const parts = [];
      for (const pseudo of [null, '::before', '::after']) {
        const s = getComputedStyle(el, pseudo);
        parts.push(s.backgroundColor, s.backgroundImage, s.opacity, s.filter,
                   s.mixBlendMode, s.backdropFilter, s.position);
      }
      boxes.set(el, parts.join('|') + '/' + box(el.parentElement));
    }
    return boxes.get(el);
  };
  const known = new Set(seen);
  const fresh = [];
  window.__axeLooks = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!Array.from(el.childNodes).some(n => n.nodeType === 3 && n.nodeValue.trim())) continue;
    const s = getComputedStyle(el);
    const look = [s.color, s.fontSize, s.fontWeight, s.textShadow, s.visibility,
                  el.checkVisibility({opacityProperty: true}),
                  getComputedStyle(el.parentElement).color, box(el)].join(';');
    if (known.has(look)) continue;
    known.add(look);
    window.__axeLooks.push(el);
    fresh.push(look);
  }
  return fresh;
}
"""
#: The places in ``window.__axeLooks`` of the elements that hold the elements
#: axe names by ``targets`` (-1 for none).
_LOOKS_OF = r"""
(targets) => targets.map(t => {
  const el = document.querySelector(Array.isArray(t) ? t[0] : t);
  return el ? window.__axeLooks.findIndex(look => look.contains(el)) : -1;
})
"""
#: The whole page, and the elements :data:`_MARK_LOOKS` listed, as axe contexts.
PAGE, NEW_LOOKS = "document", "{include: window.__axeLooks}"
#: What axe's preload reads on the open page: its stylesheets in order (each
#: file's URL, each ``<style>``'s text), then its audio and video.
_PRELOADED = """() => Array.from(document.styleSheets, s => s.href || s.ownerNode.textContent)
  .concat(Array.from(document.querySelectorAll('audio, video'), m => 'media ' + m.currentSrc))"""


@dataclass
class Checked:
    """What the scans in one scheme and width have judged already.

    ``looks``: the looks of text the colour rules judged (:data:`_MARK_LOOKS`).
    ``preloaded``: the sets of stylesheets and media the other rules have read
    (:data:`_PRELOADED`); most pages share one, so axe preloads only where a
    page brings a new set.
    """

    looks: set[str] = field(default_factory=set)
    preloaded: set[tuple[str, ...]] = field(default_factory=set)


async def _axe(
    tab, rules: str, context: str, kinds: tuple[str, ...] = ("violations",), preload: bool = True
) -> dict:
    """axe's results of ``kinds`` for ``rules`` on the open page, in ``context`` (JavaScript)."""
    return await tab.evaluate(
        f"options => axe.run({context}, options)",
        {**axe_options(rules, preload), "resultTypes": list(kinds)},
    )


@functools.cache
def _axe_script() -> str:
    """axe-core's source, as ``axe-playwright-python`` bundles it."""
    from axe_playwright_python.async_playwright import Axe

    return Axe().axe_script


async def scan_page(tab, rules: str, checked: Checked) -> dict:
    """axe's violations of ``rules`` on the open page; the colour rules once per look.

    The rules other than colour see the whole page; the stylesheets and
    media are read for them only if ``checked.preloaded`` lacks the page's
    set. The colour rules see the elements whose look is not in
    ``checked.looks`` (:data:`_MARK_LOOKS`). Their looks join it once axe
    has judged them; a look axe could not judge (text over an image, or
    under another box) is checked again where it shows.
    """
    if not await tab.evaluate("() => typeof axe === 'object'"):  # once per loaded page
        await tab.evaluate(_axe_script())
    found: list[dict] = []
    if rules in (ALL, LAYOUT):
        assets = tuple(await tab.evaluate(_PRELOADED))
        layout = await _axe(tab, LAYOUT, PAGE, preload=assets not in checked.preloaded)
        checked.preloaded.add(assets)
        found += layout["violations"]
    if rules in (ALL, COLOUR):
        fresh = await tab.evaluate(_MARK_LOOKS, sorted(checked.looks))
        if fresh:
            results = await _axe(tab, COLOUR, NEW_LOOKS, ("violations", "incomplete"))
            found += results["violations"]
            unsure = [node["target"] for rule in results["incomplete"] for node in rule["nodes"]]
            unjudged = await tab.evaluate(_LOOKS_OF, unsure) if unsure else []
            checked.looks.update(
                look for number, look in enumerate(fresh) if number not in unjudged
            )
    return {"violations": found}


async def _scan(tab, scan: Scan, checked: Checked) -> list[Violation]:
    """The violations ``scan`` finds on the page open in ``tab`` (:func:`scan_page`)."""
    await _settle(tab)
    results = await scan_page(tab, scan.rules, checked)
    return violations_of(results, "/" + scan.path, scan.scheme, scan.width)


async def _axe_scans(base: str, scans: list[Scan], tabs: int) -> list[Violation]:
    from playwright.async_api import async_playwright

    found: list[Violation] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            for scheme in SCHEMES:
                for width, viewport in WIDTHS.items():
                    these = [s for s in scans if (s.scheme, s.width) == (scheme, width)]
                    if not these:
                        continue
                    context = await browser.new_context(
                        viewport=viewport, color_scheme=scheme, is_mobile=width != "desktop"
                    )
                    checked = Checked()  # what this scheme and width judged already
                    queue: asyncio.Queue = asyncio.Queue()
                    for _ in range(max(1, min(tabs, len(these)))):
                        queue.put_nowait(await context.new_page())

                    async def one(scan: Scan, queue=queue, checked=checked) -> None:
                        tab = await queue.get()
                        try:
                            await tab.goto(
                                base + scan.path, wait_until="load", timeout=LOAD_TIMEOUT
                            )
                            found.extend(await _scan(tab, scan, checked))
                        finally:
                            queue.put_nowait(tab)

                    await asyncio.gather(*(one(scan) for scan in these))
                    await context.close()
        finally:
            await browser.close()
    return found


async def _settle(tab) -> None:
    """Wait until Material has set the colour scheme and the figures in view have loaded."""
    await tab.evaluate(
        """async () => {
          await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
          // Only figures in view load (the others are lazy): wait for those, at most 3 s.
          const inView = img => {
            const r = img.getBoundingClientRect();
            return r.bottom > 0 && r.top < innerHeight;
          };
          const loaded = Promise.all(Array.from(document.images)
            .filter(img => img.src && !img.complete && inView(img))
            .map(img => img.decode().catch(() => null)));
          await Promise.race([loaded, new Promise(r => setTimeout(r, 3000))]);
        }"""
    )


class PlanScans:
    """A plan's scans, run on the pages the page survey loads, in both schemes.

    Pass it as the ``visit`` of :func:`browser_checks.survey`, whose tabs are
    in the light scheme at both widths: each page it loads is scanned there,
    with no load of its own. Where the plan scans the page in the dark scheme
    too, the tab then tells the page that the system turned dark, as a reader
    who switches their system setting would (Material follows it and the
    figures swap), scans it again, and turns it light once more. A fresh load
    in the dark would show the same colours, at the cost of a whole load.

    Each visit returns ``{scheme: violations}`` for the schemes it scanned.
    """

    def __init__(self, scans: list[Scan]) -> None:
        self.scans = {(s.path, s.scheme, s.width): s for s in scans}
        self.checked: dict[tuple[str, str], Checked] = {
            (scheme, width): Checked() for scheme in SCHEMES for width in WIDTHS
        }

    async def __call__(self, tab, path: str, width: str) -> dict[str, list[Violation]]:
        found: dict[str, list[Violation]] = {}
        for scheme in SCHEMES:
            scan = self.scans.get((path, scheme, width))
            if scan is None:
                continue
            if scheme != "light":
                await _turn(tab, scheme)
            try:
                found[scheme] = await _scan(tab, scan, self.checked[(scheme, width)])
            finally:
                if scheme != "light":
                    await _turn(tab, "light")
        return found


#: Resolves once Material shows ``scheme`` (at once on a page without Material),
#: or fails after ``timeout`` ms. It waits for the attribute to change rather
#: than checking it at every frame, which would make the page draw frames.
_SHOWS = """([scheme, timeout]) => new Promise((resolve, reject) => {
  const body = document.body;
  const shows = () => !body.hasAttribute('data-md-color-scheme')
    || body.getAttribute('data-md-color-scheme') === scheme;
  if (shows()) return resolve(true);
  const watch = new MutationObserver(() => {
    if (shows()) { watch.disconnect(); clearTimeout(late); resolve(true); }
  });
  watch.observe(body, {attributes: true, attributeFilter: ['data-md-color-scheme']});
  const late = setTimeout(() => {
    watch.disconnect();
    reject(new Error(`the page did not turn ${scheme} within ${timeout} ms`));
  }, timeout);
})"""


async def _turn(tab, scheme: str) -> None:
    """Set the system colour scheme the open page sees, and wait until Material follows."""
    await tab.emulate_media(color_scheme=scheme)
    await tab.evaluate(_SHOWS, [SCHEMES[scheme], LOAD_TIMEOUT])


def axe_survey(base: str, scans: list[Scan], tabs: int = TABS) -> list[Violation]:
    """Every axe violation the runs ``scans`` find (see :func:`plan`)."""
    return asyncio.run(_axe_scans(base, scans, tabs))


# ------------------------------------------------------------------ keyboard
#: Runs in the page after each Tab: what has focus, and is a ring drawn round it?
_FOCUSED = r"""
() => {
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  // A visually hidden input (the theme toggle's radio) shows its label instead.
  if (el.id && el.matches('input[type=radio], input[type=checkbox]')) {
    // (Material's palette shows the label of the *next* scheme, in the same form.)
    el = document.querySelector(`label[for="${el.id}"]:not([hidden])`)
      || (el.form && el.form.querySelector('label:not([hidden])')) || el;
  }
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
    && s.outlineColor !== 'rgba(0, 0, 0, 0)' && s.outlineColor !== 'transparent';
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const cls = (typeof el.className === 'string' && el.className.trim())
    ? '.' + el.className.trim().split(/\s+/).join('.') : '';
  const name = (el.getAttribute('aria-label') || el.getAttribute('title')
    || el.textContent || el.getAttribute('alt') || '').replace(/\s+/g, ' ').trim().slice(0, 50);
  let visible = r.width > 0 && r.height > 0 && s.visibility !== 'hidden';
  for (let p = el; p && visible; p = p.parentElement) {
    const ps = getComputedStyle(p);
    if (ps.display === 'none' || ps.visibility === 'hidden' || parseFloat(ps.opacity) === 0)
      visible = false;
  }
  return {tag: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls, name,
          top: r.top + scrollY, left: r.left + scrollX, width: r.width, height: r.height,
          visible, ring: outline || shadow,
          landmark: (el.closest('header, nav, main, footer, aside, [role=dialog]')
                     || {tagName: ''}).tagName.toLowerCase()};
}
"""


@dataclass(frozen=True)
class Stop:
    """One element that received keyboard focus."""

    tag: str
    name: str
    top: float
    left: float
    visible: bool
    ring: bool
    landmark: str

    def __str__(self) -> str:
        return f"<{self.tag}> {self.name!r} at ({self.left:.0f}, {self.top:.0f})"


NO_TRANSITIONS = """
*, *::before, *::after {
  transition: none !important; animation: none !important; scroll-behavior: auto !important;
}
"""


async def _tab_through(base: str, path: str, presses: int, scheme: str) -> list[Stop]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            context = await browser.new_context(viewport=DESKTOP, color_scheme=scheme)
            tab = await context.new_page()
            await tab.goto(base + path, wait_until="load", timeout=LOAD_TIMEOUT)
            # Transitions off: each focus shows its final look at once, without waiting
            # for a fade-in after every press.
            await tab.add_style_tag(content=NO_TRANSITIONS)
            stops = []
            for _ in range(presses):
                await tab.keyboard.press("Tab")
                found = await tab.evaluate(_FOCUSED)
                if found is None:
                    break
                stops.append(
                    Stop(
                        found["tag"],
                        found["name"],
                        found["top"],
                        found["left"],
                        found["visible"],
                        found["ring"],
                        found["landmark"],
                    )
                )
            return stops
        finally:
            await browser.close()


def tab_through(base: str, path: str, presses: int = 60, scheme: str = "light") -> list[Stop]:
    """Press Tab up to ``presses`` times on ``path``; where focus went, in order."""
    return asyncio.run(_tab_through(base, path, presses, scheme))
