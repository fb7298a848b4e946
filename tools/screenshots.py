"""Screenshots of built pages in the light and the dark theme, for review.

Usage::

    python tools/screenshots.py [--site site] [--out screenshots] [--width 1280] [PAGE ...]

PAGE is a path inside the site such as ``concepts/activations/``; with none,
every page of the site is captured (see :func:`pages`). Each page gives
``<page>.light.png`` and ``<page>.dark.png``, the home page ``home.*.png``.

The site is served on 127.0.0.1 by a thread of this script, and Debian's
Chromium is driven by Playwright (no browser download) with the system colour
scheme emulated, so Material's "follow the system" palette shows each theme.
Any request to another host fails at once: nothing leaves the machine.

The browser tests (``tests/browser/``) use the same Chromium flags, server
and page list, so what you review is what they check.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
#: Flags Chromium needs on a machine with no network and running as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Every host but this machine fails to resolve: a page's request to another
#: host (a CDN, a font, analytics) fails at once and is never sent.
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
#: Milliseconds a page may take to load and go quiet.
LOAD_TIMEOUT = 30_000
#: Milliseconds a loaded page must make no request to count as quiet.
QUIET_MS = 500
#: Folders of the built site that hold assets, not pages.
NOT_PAGES = ("assets", "search", "_snippets")


class NetworkQuiet:
    """Watches a Playwright page's requests, to tell when the loaded page has gone quiet.

    Quiet is ``QUIET_MS`` with no request open or started. Go to the page with
    ``wait_until="load"`` (``load`` comes only after every script of the
    document has run), then poll :meth:`waiting` until it is False. Playwright's
    own ``networkidle`` will not do: it can fire while the parser is still
    running the page's scripts, before their requests, and after ``load`` a
    wait for it could fail to fire again and run into its timeout.

    Use it as a context manager around the ``goto``: it listens from entry to
    exit. Works with the sync and the async API alike.
    """

    def __init__(self, page, timeout_ms: float) -> None:
        self.page, self.timeout_ms = page, timeout_ms
        self.open: set = set()
        self.last_change = time.monotonic()
        self.deadline: float | None = None
        self.handlers = {
            "request": self._started,
            "requestfinished": self._ended,
            "requestfailed": self._ended,
        }

    def _started(self, request) -> None:
        self.open.add(request)
        self.last_change = time.monotonic()

    def _ended(self, request) -> None:
        self.open.discard(request)
        self.last_change = time.monotonic()

    def waiting(self) -> bool:
        """True while the page is not yet quiet.

        Raises:
            TimeoutError: If it is still not quiet ``timeout_ms`` after the first call.
        """
        now = time.monotonic()
        if self.deadline is None:
            self.deadline = now + self.timeout_ms / 1000
        if not self.open and now - self.last_change >= QUIET_MS / 1000:
            return False
        if now > self.deadline:
            still = ", ".join(sorted(r.url for r in self.open)[:3])
            raise TimeoutError(
                f"{self.page.url} not quiet {self.timeout_ms:.0f} ms after load: {still}"
            )
        return True

    def __enter__(self) -> NetworkQuiet:
        for event, handler in self.handlers.items():
            self.page.on(event, handler)
        return self

    def __exit__(self, *exc: object) -> None:
        for event, handler in self.handlers.items():
            self.page.remove_listener(event, handler)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free local port; yields the base URL (ends with ``/``)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def is_local(url: str, base: str) -> bool:
    """True for a URL the page may load: on ``base``'s host, or inline (data:, blob:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and (
        parts.netloc == urlsplit(base).netloc
    )


def site_url(site: Path) -> str:
    """The ``site_url`` the site was built with (the home page's canonical link)."""
    html = (site / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    if not match:
        raise ValueError(f"{site / 'index.html'} has no canonical link; was site_url set?")
    return match[1]


def sitemap_pages(site: Path) -> list[str]:
    """The pages ``sitemap.xml`` lists, as paths like ``concepts/activations/``."""
    root, found = site_url(site), []
    tree = ET.parse(site / "sitemap.xml")
    for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        url = (loc.text or "").strip()
        if not url.startswith(root):
            raise ValueError(f"sitemap.xml lists {url}, which is outside {root}")
        found.append(url.removeprefix(root))
    return sorted(found)


def built_pages(site: Path) -> list[str]:
    """Every ``index.html`` outside the asset folders, as paths like ``concepts/x/``."""
    found = []
    for index in site.rglob("index.html"):
        rel = index.parent.relative_to(site).as_posix()
        if rel.split("/")[0] in NOT_PAGES:
            continue
        found.append("" if rel == "." else rel + "/")
    return sorted(found)


def pages(site: Path) -> list[str]:
    """Every page of the site: what the sitemap lists and every built ``index.html``.

    The home page is ``""``.
    """
    listed = sitemap_pages(site) if (site / "sitemap.xml").exists() else []
    return sorted(set(listed) | set(built_pages(site)))


def screenshot_name(path: str, scheme: str) -> str:
    """``concepts/activations/`` -> ``concepts--activations.dark.png``."""
    return (path.strip("/").replace("/", "--") or "home") + f".{scheme}.png"


def capture(site: Path, out: Path, wanted: list[str], width: int = 1280) -> list[Path]:
    """Write ``<page>.light.png`` and ``<page>.dark.png`` for each page of ``wanted``."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, OFFLINE])
        for scheme in ("light", "dark"):
            context = browser.new_context(
                color_scheme=scheme, viewport={"width": width, "height": 900}
            )
            page = context.new_page()
            for path in wanted:
                with NetworkQuiet(page, LOAD_TIMEOUT) as network:
                    response = page.goto(
                        base + path.lstrip("/"), wait_until="load", timeout=LOAD_TIMEOUT
                    )
                    while network.waiting():
                        page.wait_for_timeout(50)
                if response is None or response.status != 200:
                    status = response.status if response else "no response"
                    print(f"warning: /{path} answered {status}", file=sys.stderr)
                target = out / screenshot_name(path, scheme)
                page.screenshot(path=str(target), full_page=True, animations="disabled")
                written.append(target)
            context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("pages", nargs="*")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(
            f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)"
        )
    if not (args.site / "index.html").exists():
        sys.exit(f"{args.site} holds no built site: run `make build` first")
    wanted = args.pages or pages(args.site)
    written = capture(args.site, args.out, wanted, args.width)
    for path in written:
        print(path)
    print(f"{len(written)} screenshots of {len(wanted)} page(s) in {args.out}/", file=sys.stderr)


if __name__ == "__main__":
    main()
