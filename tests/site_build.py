"""Build the site (or a small test project) the way ``make build`` does.

Shared by the browser tests (``tests/browser/``), the build-reliability
tests (``tests/build/``) and :mod:`session_builds`. The snippet cache is the project's own
(``.cache/snippets``, or ``DLNOTES_CACHE_DIR``) unless ``cache_dir`` says
otherwise, so a build after ``make build`` or the snippet tests re-runs nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_env(cache_dir: Path | None = None) -> dict[str, str]:
    """The environment of a real build: problems fail it (never shown on the page)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("DLNOTES_SNIPPET_ERRORS", None)
    if cache_dir is not None:
        env["DLNOTES_CACHE_DIR"] = str(cache_dir)
    return env


def build_command(site_dir: Path | None) -> list[str]:
    """``mkdocs build --strict [-d site_dir]`` with this Python."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict"] + (
        ["-d", str(site_dir)] if site_dir is not None else []
    )


def mkdocs_build(
    site_dir: Path | None,
    *,
    project: Path = ROOT,
    cache_dir: Path | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict [-d site_dir]`` in ``project``; never raises on failure.

    With ``site_dir`` None the project's own ``site_dir`` (``site/``) is built,
    exactly as ``make build`` does.
    """
    return subprocess.run(
        build_command(site_dir),
        cwd=project,
        env=build_env(cache_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def build_or_fail(site_dir: Path, **kwargs) -> Path:
    """Build into ``site_dir``; raise ``AssertionError`` with MkDocs' output if it fails."""
    proc = mkdocs_build(site_dir, **kwargs)
    if proc.returncode != 0:
        output = proc.stdout + proc.stderr
        raise AssertionError(failed("mkdocs build --strict", proc.returncode, output))
    return site_dir


def failed(what: str, code: int, output: str) -> str:
    """How a tool failed: its name, its exit code and the last 40 lines it printed."""
    tail = "\n".join(output.strip().splitlines()[-40:])
    return f"{what} failed (exit {code}):\n{tail}"


def browser_missing() -> str | None:
    """Why Chromium cannot be driven here (for the browser and PDF tests), or None."""
    from tools.screenshots import CHROMIUM

    if not Path(CHROMIUM).exists():
        return (
            f"Debian's chromium is not installed ({CHROMIUM} is missing); "
            "`apt-get install chromium` to run the browser tests"
        )
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed in this environment"
    return None
