"""Build the site (or a small test project) the way ``make build`` does.

Shared by the browser tests (``tests/browser/``) and the build-reliability
tests (``tests/build/``). The snippet cache is the project's own
(``.cache/snippets``, or ``DLNOTES_CACHE_DIR``) unless ``cache_dir`` says
otherwise, so a build after ``make build`` or the snippet tests re-runs nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("DLNOTES_SNIPPET_ERRORS", None)  # a real build: problems fail it
    if cache_dir is not None:
        env["DLNOTES_CACHE_DIR"] = str(cache_dir)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"]
        + (["-d", str(site_dir)] if site_dir is not None else []),
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def build_or_fail(site_dir: Path, **kwargs) -> Path:
    """Build into ``site_dir``; raise ``AssertionError`` with MkDocs' output if it fails."""
    _raise_if_failed(mkdocs_build(site_dir, **kwargs))
    return site_dir


def _raise_if_failed(proc: subprocess.CompletedProcess[str]) -> None:
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-40:])
        raise AssertionError(f"mkdocs build --strict failed (exit {proc.returncode}):\n{tail}")


_session_site: list[Path] = []
_session_log: list[subprocess.CompletedProcess[str]] = []


def session_site(tmp_path_factory) -> Path:
    """This checkout, built once per test session into a fresh folder (strict).

    The browser tests and the reproducibility test share it, so ``make test``
    pays for one build of the site, plus the second build the comparison needs.
    Raises ``AssertionError`` (with MkDocs' output) if the build fails, every
    time it is asked for.
    """
    if not _session_site:
        site = tmp_path_factory.mktemp("built") / "site"
        proc = mkdocs_build(site)
        _session_site.append(site)
        _session_log.append(proc)
        _raise_if_failed(proc)
    proc = _session_log[0]
    if proc.returncode != 0:  # MkDocs' output was shown with the first test that asked
        raise AssertionError(f"mkdocs build --strict failed (exit {proc.returncode}); see above")
    return _session_site[0]
