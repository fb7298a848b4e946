"""The whole site as one printable book: ``make pdf``.

Usage::

    python tools/make_pdf.py [--out build/dlnotes.pdf] [--site DIR] [--no-build]

1. ``mkdocs build --strict -f mkdocs.print.yml`` builds the site with
   ``mkdocs-print-site-plugin`` into its own folder (``build/print-site``), so
   the online site is untouched. The plugin joins every page of the nav, in
   reading order, into ``print_page/``, after a cover and a table of contents;
   ``hooks/print_book.py`` adapts the pages for paper (light figures, answers
   open, glossary last, commit and date on the cover).
2. Debian's Chromium, driven by Playwright, prints that page to a PDF with
   A4 pages, numbered by the plugin's ``@page`` rules, and an outline (bookmarks) of the
   headings. Links between pages became links inside the PDF; any other link
   to the site is pointed at the published site (``site_url``).

The build shares the snippet cache with ``make build``: after one build of
the site nothing re-runs. Nothing leaves the machine while printing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.screenshots import CHROMIUM, CHROMIUM_ARGS, OFFLINE, serve  # noqa: E402

CONFIG = ROOT / "mkdocs.print.yml"
PRINT_PAGE = "print_page/"
#: Run in the print page before printing: drop what paper cannot use, and
#: point links that leave the book at the published site.
PREPARE = """(siteUrl) => {
  document.querySelectorAll(
    '.jupyter-wrapper style, link[href*="assets/notebooks/jupyter-"]'
  ).forEach((el) => el.remove());
  const here = location.origin + '/';
  for (const a of document.querySelectorAll('a[href]')) {
    const raw = a.getAttribute('href');
    if (raw.startsWith('#')) continue;
    if (a.href.startsWith(here)) a.href = siteUrl + a.href.slice(here.length);
  }
  for (const img of document.querySelectorAll('img')) img.loading = 'eager';
}"""
ALL_IMAGES_LOADED = "() => Array.from(document.images).every((img) => img.complete)"


def build(site_dir: Path, strict: bool = True) -> None:
    """Build the print site into ``site_dir``; exit with MkDocs' output if it fails."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(CONFIG), "-d", str(site_dir)]
    cmd.append("--strict" if strict else "--no-strict")
    proc = subprocess.run(cmd, cwd=ROOT, env=env, check=False)
    if proc.returncode != 0:
        sys.exit(f"the print build failed (exit {proc.returncode}): {' '.join(cmd)}")


def site_url() -> str:
    """``site_url`` of mkdocs.yml (ends with ``/``)."""
    for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("site_url:"):
            return line.split(":", 1)[1].split("#")[0].strip().rstrip("/") + "/"
    raise ValueError("mkdocs.yml sets no site_url")


def print_pdf(site_dir: Path, out: Path, timeout_s: float = 300) -> Path:
    """Print ``site_dir/print_page/`` to ``out`` with Chromium; returns ``out``."""
    from playwright.sync_api import sync_playwright

    if not (site_dir / PRINT_PAGE / "index.html").is_file():
        raise FileNotFoundError(f"{site_dir / PRINT_PAGE} holds no print page")
    out.parent.mkdir(parents=True, exist_ok=True)
    timeout_ms = timeout_s * 1000
    with serve(site_dir) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, OFFLINE])
        try:
            page = browser.new_page(color_scheme="light")
            page.set_default_timeout(timeout_ms)
            page.goto(base + PRINT_PAGE, wait_until="load")
            # print-site.js copies the table of contents once the page has loaded.
            page.wait_for_selector("#print-page-toc ul", state="attached")
            page.evaluate(PREPARE, site_url())
            page.wait_for_function(ALL_IMAGES_LOADED)
            # page.pdf lays the page out for print media itself: emulating print
            # first only made Chromium lay the whole book out once more (about
            # 5 s here, for the same PDF).
            page.pdf(
                path=str(out),
                format="A4",
                prefer_css_page_size=True,
                print_background=True,
                outline=True,
                tagged=True,
            )
        finally:
            browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "dlnotes.pdf")
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "print-site")
    parser.add_argument(
        "--no-build", action="store_true", help="print an existing print build (--site)"
    )
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} not found: install Debian's chromium package")
    start = time.perf_counter()
    if not args.no_build:
        build(args.site)
    built = time.perf_counter()
    print_pdf(args.site, args.out)
    done = time.perf_counter()
    size = args.out.stat().st_size
    print(
        f"{args.out}: {size / 1e6:.1f} MB; built in {built - start:.0f} s, "
        f"printed in {done - built:.0f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
