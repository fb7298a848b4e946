"""The whole site as a zip to read offline, search included: ``make offline``.

Usage::

    python tools/make_offline.py [--out build/dlnotes-offline.zip] [--site DIR]

1. ``mkdocs build --strict -f mkdocs.offline.yml`` builds the site with
   Material's ``offline`` plugin into a folder of its own (a temporary one, or
   ``--site``), so the online site keeps its URLs. Every link names a
   ``page.html`` file, the search index is also written as a script, and
   ``hooks/offline_edition.py`` ships the iframe-worker shim that lets search
   run from ``file://``.
2. The folder is zipped under one top folder, ``dlnotes-offline/``, with its
   entries sorted and every timestamp set to the last commit's time (or
   ``SOURCE_DATE_EPOCH``), so two zips differ only where the built files do
   (of one commit, only ``build-report.json``, which records the build's own
   timings). A reader unzips it and opens ``dlnotes-offline/index.html``.
   ``404.html``, which only a web server shows, is left out.

The build shares the snippet and notebook caches with ``make build``: after
one build of the site nothing re-runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.offline.yml"
TOP = "dlnotes-offline"
#: What a build for file:// must contain (see hooks/offline_edition.py).
REQUIRED = (
    "index.html",
    "search/search_index.js",
    "assets/javascripts/iframe-worker-shim.js",
)
#: Left out: a web server's page for a missing URL (its links are absolute, to the
#: published site); nothing opened from disk ever shows it.
SERVER_ONLY = ("404.html",)
EARLIEST_ZIP_TIME = 315_532_800  # 1980-01-01, the first time a zip entry can hold


def build(site_dir: Path) -> None:
    """Build the offline edition into ``site_dir``; exit with MkDocs' output if it fails."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    cmd += ["-f", str(CONFIG), "-d", str(site_dir)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, check=False)
    if proc.returncode != 0:
        sys.exit(f"the offline build failed (exit {proc.returncode}): {' '.join(cmd)}")
    missing = [name for name in REQUIRED if not (site_dir / name).is_file()]
    if missing:
        sys.exit(f"the offline build in {site_dir} lacks {', '.join(missing)}")


def zip_time() -> int:
    """Seconds since 1970 stamped on every entry: ``SOURCE_DATE_EPOCH`` or the last commit."""
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given:
        seconds = int(given)
    else:
        proc = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = int(proc.stdout.strip() or 0)
    return max(seconds, EARLIEST_ZIP_TIME)


def make_zip(site_dir: Path, out: Path, seconds: int) -> Path:
    """Zip every file of ``site_dir`` under ``TOP/`` into ``out``: sorted, one timestamp."""
    stamp = time.gmtime(seconds)[:6]
    files = sorted(
        p
        for p in site_dir.rglob("*")
        if p.is_file() and p.relative_to(site_dir).as_posix() not in SERVER_ONLY
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            entry = zipfile.ZipInfo(f"{TOP}/{path.relative_to(site_dir).as_posix()}", stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o100644 << 16  # a plain file, rw-r--r--
            archive.writestr(entry, path.read_bytes())
    os.replace(partial, out)
    return out


def size_text(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1e3))} kB"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "dlnotes-offline.zip")
    parser.add_argument(
        "--site", type=Path, help="build into this folder and keep it (default: a temporary one)"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dlnotes-offline-") as tmp:
        site_dir = (args.site or Path(tmp) / "site").resolve()
        build(site_dir)
        built = time.perf_counter()
        out = make_zip(site_dir, args.out.resolve(), zip_time())
    done = time.perf_counter()
    size = out.stat().st_size
    print(
        f"{out}: {size_text(size)} ({size} bytes); "
        f"build {built - start:.0f} s, zip {done - built:.0f} s"
    )


if __name__ == "__main__":
    main()
