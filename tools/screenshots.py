"""Screenshots of built pages in the light and the dark theme, for review.

Usage::

    python tools/screenshots.py [--site site] [--out screenshots] [PAGE ...]

PAGE is a path inside the site such as ``concepts/activations/``; with none,
every page (every ``index.html``) is captured. The site is served on
127.0.0.1 by a thread of this script, and Debian's Chromium is driven by
Playwright with the system colour scheme emulated, so Material's
"follow the system" palette shows each theme. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free local port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def pages(site: Path) -> list[str]:
    """Every page of the site, as paths like ``concepts/activations/``."""
    found = []
    for index in sorted(site.rglob("index.html")):
        rel = index.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search", "_snippets")):
            continue
        found.append("" if rel == "." else rel + "/")
    return found


def capture(site: Path, out: Path, wanted: list[str], width: int = 1280) -> list[Path]:
    """Write ``<page>.light.png`` and ``<page>.dark.png`` for each page."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            context = browser.new_context(
                color_scheme=scheme, viewport={"width": width, "height": 900}
            )
            page = context.new_page()
            for path in wanted:
                page.goto(base + path, wait_until="networkidle")
                name = (path.strip("/").replace("/", "--") or "home") + f".{scheme}.png"
                page.screenshot(path=str(out / name), full_page=True)
                written.append(out / name)
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
    wanted = args.pages or pages(args.site)
    for path in capture(args.site, args.out, wanted, args.width):
        print(path)


if __name__ == "__main__":
    main()
