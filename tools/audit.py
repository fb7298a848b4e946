"""Lighthouse on five pages of the built site, in the mobile profile: ``make audit``.

Usage::

    python tools/audit.py [--site site] [--out bench/audit.json]

Lighthouse ``12.2.3`` is pinned in ``package.json`` / ``package-lock.json``
(``npm ci`` installs it into ``node_modules/``; it runs on Debian's Node) and
drives Debian's ``/usr/bin/chromium``. The site is served on 127.0.0.1 by a
thread of this script, gzip-compressed as a static host such as GitHub Pages
serves it; every other host fails to resolve, so nothing leaves the machine.
For each page the script records the four category scores
(performance, accessibility, best practices, SEO), the first-load transfer
size, the number of requests and the largest contentful paint, checks them
against the targets below, and writes them, with the date and the machine,
to ``--out`` (the Performance page shows that file). It exits 1 if a target
is missed.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import http.server
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.screenshots import CHROMIUM, CHROMIUM_ARGS, OFFLINE  # noqa: E402

#: Served gzip-compressed, as GitHub Pages (and any static host) serves them.
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Python's static file handler, plus gzip for text files when the client asks."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.is_file() and path.suffix in COMPRESSED):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on a free local port, gzip-compressed; yields the base URL."""
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
#: Home, a concept page, an application page, the glossary and the API reference.
PAGES = {
    "home": "",
    "concept": "concepts/backpropagation/",
    "application": "applications/box-office/",
    "glossary": "glossary/",
    "api reference": "reference/layers/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Least score per category (0-100), and the most for the measures below.
TARGETS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
MEDIAN_TRANSFER_KB = 500
LCP_SECONDS = 2.5


def lighthouse(url: str, out: Path) -> dict:
    """Run Lighthouse (mobile profile, simulated throttling) on ``url``; its JSON report."""
    flags = " ".join([*CHROMIUM_ARGS, "--headless=new", f'"{OFFLINE}"'])
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--form-factor=mobile",
        "--throttling-method=simulate",
        f"--chrome-flags={flags}",
    ]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    subprocess.run(command, check=True, env=env, timeout=300)
    return json.loads(out.read_text())


def summary(report: dict) -> dict:
    """The numbers ``make audit`` keeps from one Lighthouse report."""
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        "scores": {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES},
        "transfer_kb": round(sum(r.get("transferSize", 0) for r in requests) / 1024, 1),
        "requests": len(requests),
        "lcp_s": round(audits["largest-contentful-paint"]["numericValue"] / 1000, 2),
        "failed_audits": sorted(
            a["id"]
            for a in audits.values()
            if a.get("score") is not None
            and a["score"] < 1
            and a.get("scoreDisplayMode") == "binary"
        ),
    }


def misses(results: dict[str, dict]) -> list[str]:
    """Every target a page misses, as sentences."""
    found = []
    for name, page in results.items():
        for category, least in TARGETS.items():
            if page["scores"][category] < least:
                found.append(f"{name}: {category} {page['scores'][category]} < {least}")
        if page["lcp_s"] > LCP_SECONDS:
            found.append(f"{name}: largest contentful paint {page['lcp_s']} s > {LCP_SECONDS} s")
    median = statistics.median(p["transfer_kb"] for p in results.values())
    if median > MEDIAN_TRANSFER_KB:
        found.append(f"median first-load transfer {median:.0f} KB > {MEDIAN_TRANSFER_KB} KB")
    return found


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "audit.json")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci` (Lighthouse is pinned in package.json)")
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} not found: install Debian's chromium package")
    if not (args.site / "index.html").exists():
        sys.exit(f"{args.site} holds no built site: run `make build` first")
    version = json.loads((ROOT / "node_modules/lighthouse/package.json").read_text())["version"]
    results = {}
    with serve(args.site) as base, tempfile.TemporaryDirectory() as tmp:
        for name, path in PAGES.items():
            print(f"lighthouse /{path}", file=sys.stderr)
            results[name] = {
                "path": "/" + path,
                **summary(lighthouse(base + path, Path(tmp) / "r.json")),
            }
    missed = misses(results)
    record = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "lighthouse": version,
        "profile": "mobile, simulated throttling",
        "median_transfer_kb": statistics.median(p["transfer_kb"] for p in results.values()),
        "pages": results,
        "missed": missed,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(record, indent=1) + "\n")
    for name, page in results.items():
        scores = " ".join(f"{c}={v}" for c, v in page["scores"].items())
        print(
            f"{name:14s} {scores}  {page['transfer_kb']:.0f} KB in {page['requests']} requests"
            f"  LCP {page['lcp_s']} s"
        )
    print("\n".join(f"MISSED {m}" for m in missed) or "all targets met")
    print(f"wrote {args.out}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
