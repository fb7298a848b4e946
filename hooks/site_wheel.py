"""MkDocs hook: a wheel of ``dlnotes``, built offline and served by the site.

Readers install the package the notebooks use with one line::

    %pip install https://dlnotes.github.io/dlnotes/downloads/dlnotes-0.1.0-py3-none-any.whl

The wheel is built with ``python -m build --wheel --no-isolation`` (no
network: the build backend already installed is used) from a copy of
``pyproject.toml``, ``README.md`` and ``dlnotes/`` in a temporary folder, so
the working tree gets no ``build/`` folder. It is published at the stable path
``downloads/dlnotes-<version>-py3-none-any.whl``.

**Reproducible.** The build runs with a fixed ``SOURCE_DATE_EPOCH``, and the
archive is then rewritten with its entries sorted, one fixed timestamp and
normalized permissions, so two builds of the same sources give the same bytes.
(``RECORD`` lists hashes of the files' contents, which this does not change.)

**Cached** in ``.cache/wheel/<digest>/`` by the digest of what goes into the
wheel (the three sources, this module and the setuptools version):
an unchanged package is never rebuilt. ``DLNOTES_WHEEL_CACHE_DIR`` moves the
cache.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib.metadata import version as installed_version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOWNLOADS = "downloads"
#: 1980-01-01, the earliest time a zip archive can record.
EPOCH = 315532800
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def project_version(root: Path = ROOT) -> str:
    """The package version, from ``pyproject.toml`` (the one place it is written)."""
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    project = text.split("[project]", 1)[1].split("\n[", 1)[0]  # tomllib needs Python 3.11
    match = re.search(r'^version\s*=\s*"([^"]+)"', project, re.MULTILINE)
    if match is None:
        raise ValueError('pyproject.toml: no version = "..." in [project]')
    return match[1]


def wheel_name(root: Path = ROOT) -> str:
    """``dlnotes-<version>-py3-none-any.whl``."""
    return f"dlnotes-{project_version(root)}-py3-none-any.whl"


def site_url(root: Path = ROOT) -> str:
    """The site's address, from ``mkdocs.yml`` (the one place it is written)."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^site_url:\s*(\S+)", text, re.MULTILINE)
    if match is None:
        raise ValueError("mkdocs.yml: no site_url")
    return match[1]


def wheel_url(root: Path = ROOT) -> str:
    """Where the site serves the wheel."""
    return f"{site_url(root).rstrip('/')}/{DOWNLOADS}/{wheel_name(root)}"


def install_line(root: Path = ROOT) -> str:
    """The commented-out install line every notebook's first code cell shows."""
    return f"# %pip install {wheel_url(root)} matplotlib"


def sources(root: Path = ROOT) -> list[Path]:
    """The files that go into the wheel, sorted."""
    package = sorted(p for p in (root / "dlnotes").rglob("*.py") if "__pycache__" not in p.parts)
    return [root / "pyproject.toml", root / "README.md", *package]


def source_digest(root: Path = ROOT) -> str:
    """Digest of everything that decides the wheel's bytes."""
    h = hashlib.sha256()
    for path in sources(root):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    h.update(Path(__file__).read_bytes())
    h.update(installed_version("setuptools").encode())
    return h.hexdigest()[:24]


def normalize(wheel: Path) -> None:
    """Rewrite ``wheel`` with sorted entries, a fixed time and plain permissions."""
    with zipfile.ZipFile(wheel) as src:
        entries = [(info, src.read(info)) for info in src.infolist()]
    entries.sort(key=lambda e: (e[0].filename.startswith("dlnotes-") and 1, e[0].filename))
    tmp = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w") as out:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3  # Unix, so the permissions are read
            out.writestr(fixed, data, compresslevel=9)
    tmp.replace(wheel)


def build_wheel(root: Path = ROOT, cache_dir: Path | None = None) -> Path:
    """The wheel of the package at ``root``, built now or taken from the cache.

    Raises:
        RuntimeError: if the build fails, with the builder's output.
    """
    root = Path(root).resolve()
    cache_dir = Path(
        cache_dir or os.environ.get("DLNOTES_WHEEL_CACHE_DIR") or root / ".cache" / "wheel"
    )
    target = cache_dir / source_digest(root) / wheel_name(root)
    if target.is_file():
        return target
    with tempfile.TemporaryDirectory(prefix="dlnotes-wheel-") as tmp:
        work = Path(tmp) / "src"
        for path in sources(root):
            dest = work / path.relative_to(root)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
        out = Path(tmp) / "dist"
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED="0")
        proc = subprocess.run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        built = out / wheel_name(root)
        if proc.returncode != 0 or not built.is_file():
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-30:])
            raise RuntimeError(f"building the dlnotes wheel failed:\n{tail}")
        normalize(built)
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_suffix(".part")
        shutil.copyfile(built, staged)
        staged.replace(target)  # never a half-written wheel in the cache
    return target


# ------------------------------------------------------------------- hook
#: What a page may write to show the wheel; replaced everywhere, code included.
PLACEHOLDERS = {
    "{{ wheel_url }}": wheel_url,
    "{{ wheel_name }}": wheel_name,
    "{{ install_line }}": install_line,
}
LEFTOVER = re.compile(r"\{\{\s*(wheel_\w*|install_\w*)\s*\}\}")


def fill(markdown: str, source: str = "<page>") -> str:
    """``markdown`` with the wheel placeholders filled in.

    Raises:
        ValueError: naming ``source`` and the line of a misspelt placeholder.
    """
    for placeholder, value in PLACEHOLDERS.items():
        if placeholder in markdown:
            markdown = markdown.replace(placeholder, value())
    bad = LEFTOVER.search(markdown)
    if bad:
        line = markdown.count("\n", 0, bad.start()) + 1
        known = ", ".join(PLACEHOLDERS)
        raise ValueError(f"{source}:{line}: unknown placeholder {bad[0]}; known: {known}")
    return markdown


def on_page_markdown(markdown, page, config, files):
    from mkdocs.exceptions import PluginError

    try:
        return fill(markdown, f"docs/{page.file.src_uri}")
    except ValueError as error:
        raise PluginError(str(error)) from None


def on_files(files, config):
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File

    try:
        wheel = build_wheel()
    except RuntimeError as error:
        raise PluginError(str(error)) from None
    uri = f"{DOWNLOADS}/{wheel.name}"
    existing = files.get_file_from_path(uri)
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, uri, abs_src_path=str(wheel)))
    return files
