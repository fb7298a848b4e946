"""The offline edition (``make offline``): the zip works from ``file://``, search included.

The zip is built once per test session by ``tools/make_offline.py`` (sharing
the snippet and notebook caches, so a warm build re-runs nothing), unzipped
into a temporary folder and opened by ``file://`` in Debian's Chromium. Set
``DLNOTES_OFFLINE_ZIP`` to test an existing zip instead.

Every request a page makes must stay on ``file://``: Material would load the
iframe-worker shim, which search needs there, from a CDN.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import offline_edition
import pytest
import yaml
from browser_checks import DESKTOP, LAUNCH_ARGS, LOAD_TIMEOUT
from session_builds import session_offline_zip

from tools import make_offline
from tools.screenshots import CHROMIUM

browser = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent.parent
#: A glossary term the search must find, and a page with figures and a swept one.
TERM = "gradient"
FIGURE_PAGE = "concepts/gradient-descent.html"
#: Schemes a page may load from without leaving the machine.
LOCAL_SCHEMES = ("file", "data", "blob", "about")


# ------------------------------------------------------------------ config
class _AnyTag(yaml.SafeLoader):
    """Reads ``!!python/name:`` and ``!ENV`` tags as plain values."""


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


def _load(name: str) -> dict:
    return yaml.load((ROOT / name).read_text(encoding="utf-8"), Loader=_AnyTag)


def _names(plugins: list) -> list[str]:
    return [next(iter(p)) if isinstance(p, dict) else p for p in plugins]


def test_offline_config_repeats_the_site_lists_and_adds_offline_only():
    """MkDocs replaces a list when a config inherits, so the offline config repeats them."""
    site, offline = _load("mkdocs.yml"), _load("mkdocs.offline.yml")
    assert offline["INHERIT"] == "mkdocs.yml"
    assert offline["use_directory_urls"] is False
    assert _names(offline["plugins"]) == [*_names(site["plugins"]), "offline"]
    for mine, theirs in zip(offline["plugins"], site["plugins"], strict=False):
        assert mine == theirs, f"plugin settings differ: {mine} vs {theirs}"
    assert offline["hooks"] == [*site["hooks"], "hooks/offline_edition.py"]
    assert "extra_css" not in offline or offline["extra_css"] == site["extra_css"]
    assert offline["extra"]["polyfills"] == [offline_edition.SHIM_URI]


def test_offline_hook_refuses_a_shim_from_another_host():
    from types import SimpleNamespace

    cdn = "https://unpkg.com/iframe-worker/shim"
    with pytest.raises(ValueError, match="another host"):
        offline_edition.on_config(
            SimpleNamespace(extra={"polyfills": [offline_edition.SHIM_URI, cdn]})
        )
    with pytest.raises(ValueError, match=offline_edition.SHIM_URI):
        offline_edition.on_config(SimpleNamespace(extra={"polyfills": []}))


def test_figure_links_follow_the_builds_url_style(monkeypatch: pytest.MonkeyPatch):
    """Raw-HTML figure links are relative to the page's URL: a folder online, a file offline."""
    import snippet_directive

    assert snippet_directive.page_url_dir("concepts", "neuron.md") == "concepts/neuron"
    monkeypatch.setattr(snippet_directive, "DIRECTORY_URLS", False)
    assert snippet_directive.page_url_dir("concepts", "neuron.md") == "concepts"
    assert snippet_directive.page_url_dir("", "index.md") == "."


def test_vendored_shim_is_the_pinned_iframe_worker():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    pinned = package["devDependencies"]["iframe-worker"]
    assert lock["packages"]["node_modules/iframe-worker"]["version"] == pinned
    vendored = offline_edition.SHIM.parent
    assert f"iframe-worker {pinned}" in (vendored / "README.md").read_text(encoding="utf-8")
    assert "MIT" in (vendored / "LICENSE").read_text(encoding="utf-8") or (
        "Permission is hereby granted" in (vendored / "LICENSE").read_text(encoding="utf-8")
    )
    shim = offline_edition.SHIM.read_text(encoding="utf-8")
    assert 'location.protocol==="file:"&&(window.Worker=' in shim
    installed = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
    if installed.is_file():  # after `npm ci`: the copy is byte for byte the pinned one
        assert installed.read_bytes() == offline_edition.SHIM.read_bytes()


def test_zip_entries_are_sorted_with_one_timestamp(tmp_path: Path):
    site = tmp_path / "site"
    for name in ("index.html", "b/index.html", "a.html", "b/c.svg", "404.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(name, encoding="utf-8")
    first = make_offline.make_zip(site, tmp_path / "one.zip", 1_700_000_000)
    (site / "a.html").touch()  # a newer mtime changes nothing
    second = make_offline.make_zip(site, tmp_path / "two.zip", 1_700_000_000)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        expected = ("a.html", "b/c.svg", "b/index.html", "index.html")
        assert names == [f"dlnotes-offline/{n}" for n in expected]
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


# ------------------------------------------------------------------ the zip
@pytest.fixture(scope="session")
def offline_zip() -> Path:
    """``DLNOTES_OFFLINE_ZIP``, or the zip ``make offline`` builds from this checkout."""
    given = os.environ.get("DLNOTES_OFFLINE_ZIP")
    if given:
        return Path(given).resolve()
    try:
        return session_offline_zip()  # started early: tests/session_builds.py
    except AssertionError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def offline_dir(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip, unzipped as a reader would: the folder holding ``index.html``."""
    where = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(where)
    return where / make_offline.TOP


def test_zip_holds_the_site_for_file_urls(offline_zip: Path, offline_dir: Path):
    with zipfile.ZipFile(offline_zip) as archive:
        names = archive.namelist()
    assert names == sorted(names)
    assert all(name.startswith(f"{make_offline.TOP}/") for name in names)
    for required in make_offline.REQUIRED:
        assert (offline_dir / required).is_file(), required
    # Pages are files, not folders: a folder link would open a directory listing.
    assert (offline_dir / FIGURE_PAGE).is_file()
    assert not (offline_dir / "concepts" / "gradient-descent" / "index.html").exists()
    # Every plugin and hook of the site ran: maths, tooltips, notebooks, the API reference.
    page = (offline_dir / "concepts" / "backpropagation.html").read_text(encoding="utf-8")
    assert "<math" in page and "<abbr" in page
    assert (offline_dir / "notebooks" / "first-model.html").is_file()
    assert (offline_dir / "notebooks" / "first-model.ipynb").is_file()
    assert "doc-object" in (offline_dir / "reference" / "layers.html").read_text(encoding="utf-8")
    # The edition does not pack the downloads (the PDF, an older zip) inside itself.
    assert not list(offline_dir.rglob("*.zip")) and not list(offline_dir.rglob("*.pdf"))


class _Loads(HTMLParser):
    """What an HTML page loads by itself (scripts, stylesheets, images) and links to."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        got = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video"):
            self.urls += [got[k] or "" for k in ("src", "data-light", "data-dark") if k in got]
        if "data-sweep" in got:  # every value's figures, loaded when the slider moves
            for run in json.loads(got["data-sweep"] or "{}").get("values", []):
                self.urls += [*run.get("light", []), *run.get("dark", [])]
        if tag == "a" and got.get("href"):
            self.links.append(got["href"] or "")
        if tag == "link" and got.get("rel") in ("stylesheet", "preload", "icon", "modulepreload"):
            self.urls.append(got.get("href") or "")


def _missing(offline_dir: Path, page: Path, url: str) -> bool:
    """True if the relative ``url`` in ``page`` names no file of the zip (a folder is none)."""
    path = urlsplit(url).path
    if not path:
        return False
    target = (page.parent / unquote(path)).resolve()
    return not (target.is_relative_to(offline_dir.resolve()) and target.is_file())


def test_no_page_loads_anything_from_another_host_and_every_local_file_exists(
    offline_dir: Path,
):
    """What each page loads, figures and swept variants included, is a file of the zip."""
    problems = []
    for page in sorted(offline_dir.rglob("*.html")):
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        where = page.relative_to(offline_dir)
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.netloc or (parts.scheme and parts.scheme not in LOCAL_SCHEMES):
                problems.append(f"{where} loads {url} from another host")
            elif not parts.scheme and _missing(offline_dir, page, url):
                problems.append(f"{where} loads {url}, which is not in the zip")
    assert not problems, "\n".join(problems[:20])


def test_every_link_inside_the_zip_opens_a_file(offline_dir: Path):
    """From file:// a link to a folder shows a file listing: every link names a file."""
    problems = []
    for page in sorted(offline_dir.rglob("*.html")):
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.links:
            parts = urlsplit(url)
            if not (parts.scheme or parts.netloc) and _missing(offline_dir, page, url):
                problems.append(f"{page.relative_to(offline_dir)} links to {url}")
    assert not problems, "\n".join(problems[:20])


def test_folder_links_become_file_links(tmp_path: Path):
    for name in ("index.html", "notes/index.html", "notes/a.html", "notes/a.ipynb", "notes/b.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    page = "notes/a.html"  # online: notes/a/
    fix = functools.partial(offline_edition.file_link, tmp_path, page)
    assert fix("../b/#top") == "b.html#top"
    assert fix("../") == "index.html"
    assert fix("../../") == "../index.html"
    assert fix("a.ipynb") == "a.ipynb"  # already a file: unchanged
    assert fix("b.html") == "b.html"
    assert fix("https://example.org/x/") == "https://example.org/x/"
    assert fix("#part") == "#part"
    assert fix("../missing/") == "../missing/"  # cannot be repaired: left for the tests
    home = functools.partial(offline_edition.file_link, tmp_path, "notes/index.html")
    assert home("a/a.ipynb") == "a.ipynb"  # online beside notes/a/, offline beside a.html
    assert home("a/") == "a.html"
    html = '<a href="../b/">b</a> <code>&lt;a href=&quot;../b/&quot;&gt;</code>'
    assert offline_edition.file_links(tmp_path, page, html) == (
        '<a href="b.html">b</a> <code>&lt;a href=&quot;../b/&quot;&gt;</code>'
    )


# ------------------------------------------------------------------ browser
def _leaving(requests: list[str]) -> list[str]:
    return [url for url in requests if urlsplit(url).scheme not in LOCAL_SCHEMES]


async def _read_offline(index: Path) -> dict:
    from playwright.async_api import async_playwright

    found: dict = {}
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            context = await chromium.new_context(viewport=DESKTOP, color_scheme="light")
            requests: list[str] = []
            context.on("request", lambda r: requests.append(r.url))
            tab = await context.new_page()
            errors: list[str] = []
            tab.on("pageerror", lambda e: errors.append(str(e)))
            await tab.goto(index.as_uri(), wait_until="load", timeout=LOAD_TIMEOUT)

            # Search, as a reader types.
            box = tab.locator("input.md-search__input")
            await box.click()
            await box.press_sequentially(TERM, delay=20)
            await tab.wait_for_function(
                "() => /matching document/i.test("
                "document.querySelector('.md-search-result__meta')?.textContent || '')",
                timeout=LOAD_TIMEOUT,
            )
            links = tab.locator(".md-search-result__item > a.md-search-result__link:first-child")
            found["results"] = [await a.get_attribute("href") or "" for a in await links.all()]

            # Follow the first result: another page of the zip opens.
            if found["results"]:
                await links.first.click()
                await tab.wait_for_load_state("load")
                found["followed"] = tab.url
                found["followed_title"] = await tab.locator("article h1").first.inner_text()

            # A page with figures: the light variant loads, and the dark one in a dark system.
            await tab.goto(
                (index.parent / FIGURE_PAGE).as_uri(), wait_until="load", timeout=LOAD_TIMEOUT
            )
            figure = tab.locator("img.dl-figure__img[data-light]").first
            await figure.scroll_into_view_if_needed()
            loaded = "img => img.complete && img.naturalWidth > 0"
            await tab.wait_for_function(loaded, arg=await figure.element_handle())
            found["figure"] = await figure.get_attribute("src")
            found["figure_width"] = await figure.evaluate("img => img.naturalWidth")
            await tab.emulate_media(color_scheme="dark")  # the reader's system turns dark
            await tab.wait_for_function(
                "img => img.getAttribute('src').endsWith('.dark.svg') && img.complete "
                "&& img.naturalWidth > 0",
                arg=await figure.element_handle(),
                timeout=LOAD_TIMEOUT,
            )
            await tab.emulate_media(color_scheme="light")
            await tab.wait_for_function(
                "img => img.getAttribute('src').endsWith('.light.svg')",
                arg=await figure.element_handle(),
                timeout=LOAD_TIMEOUT,
            )

            # The swept figure: the slider swaps in another value's image.
            sweep = tab.locator(".dl-sweep").first
            await sweep.scroll_into_view_if_needed()
            image = sweep.locator("img.dl-figure__img").first
            before = await image.get_attribute("src")
            slider = sweep.get_by_role("slider")
            await slider.focus()
            at_end = await slider.evaluate("s => s.value === s.max")
            await tab.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
            await tab.wait_for_function(
                "([img, old]) => img.getAttribute('src') !== old && img.complete "
                "&& img.naturalWidth > 0",
                arg=[await image.element_handle(), before],
                timeout=LOAD_TIMEOUT,
            )
            found["sweep"] = (before, await image.get_attribute("src"))

            # A quiz: choosing the right answer and checking it gives feedback.
            quiz = tab.locator("form.quiz-question[data-kind=choice]").first
            await quiz.scroll_into_view_if_needed()
            await quiz.locator("input[type=radio][data-correct]").first.check()
            await quiz.locator("button.quiz-check").click()
            found["quiz"] = await quiz.locator(".quiz-feedback").inner_text()
            found["errors"] = errors
        finally:
            await chromium.close()
    found["requests"] = requests
    return found


@pytest.fixture(scope="session")
def offline_visit(offline_dir: Path) -> dict:
    return asyncio.run(_read_offline(offline_dir / "index.html"))


@browser
def test_search_finds_a_glossary_term_from_file(offline_visit: dict):
    results = offline_visit["results"]
    assert results, f"searching {TERM!r} from file:// found nothing"
    assert all(".html" in href for href in results), results


@browser
def test_a_search_result_opens_its_page_from_file(offline_visit: dict):
    followed = urlsplit(offline_visit["followed"])
    assert followed.scheme == "file" and followed.path.endswith(".html"), followed
    assert offline_visit["followed_title"].strip()


@browser
def test_figures_sweeps_and_quizzes_work_from_file(offline_visit: dict):
    assert offline_visit["figure"].endswith(".light.svg"), offline_visit["figure"]
    assert offline_visit["figure_width"] > 0
    before, after = offline_visit["sweep"]
    assert before != after
    assert offline_visit["quiz"].strip()
    assert not offline_visit["errors"], offline_visit["errors"]


@browser
def test_nothing_leaves_file(offline_visit: dict):
    requests = offline_visit["requests"]
    assert any(url.endswith("iframe-worker-shim.js") for url in requests), requests
    assert any("search_index.js" in url for url in requests), requests
    assert not _leaving(requests), _leaving(requests)
