"""Execute the site's notebooks at build time, with a cache.

This module knows nothing about MkDocs: the site hook
(:mod:`site_notebooks`) and the tests both call :class:`NotebookRunner`, so
the tests check exactly the notebooks the site shows.

**Sources.** A notebook is a jupytext percent-format script,
``docs/notebooks/NAME.py``: cells start at ``# %%`` lines, so it diffs and
reviews like code. Any other ``.py`` file in that folder (a file without
``# %%`` cells, such as ``first_model_checks.py``) is a helper module the
notebooks import.

**Variants.** A source whose cells carry the tags below gives two notebooks:

* ``todo``: a cell the learner completes (exercise only);
* ``solution``: the answer to the ``todo`` before it. The *solution* notebook
  runs it as code; the *exercise* notebook shows it folded away, in a
  ``<details>`` block, so the answer a learner unfolds is the very code whose
  outputs the solution page shows;
* ``exercise-only`` / ``solution-only``: any other cell that only one of
  the two shows (a title, a link to the other page).

A source without these tags gives one notebook (variant ``notebook``).

**Execution.** Each variant runs top to bottom in a fresh ``python3`` kernel
of this Python, with the kernel's working directory set to the source's
folder, errors not allowed (the first failing cell stops the run and is
reported as ``docs/notebooks/NAME.py:LINE``), and the site's figure style
applied before the first cell (:data:`SETUP`).

**Cache.** An executed notebook is stored as
``.cache/notebooks/<key>/<page>.ipynb``, keyed precisely, as snippets are
(:mod:`precise_cache`). While a notebook runs, its kernel records which lines
of ``dlnotes`` and of the helper modules ran and which project files it read
(:class:`snippet_child.Recorder`, started before the figure setup, saved
after the last cell). The key covers the source and the variant, the
fingerprint of each function the run executed (its code, so a comment or
docstring edit re-runs nothing), the bytes of each file it read, this module
and the recorder, and the versions of Python, NumPy, Matplotlib and the
Jupyter packages. An edit to a ``dlnotes`` function re-runs the notebooks
that executed it, and no other. ``DLNOTES_TRACE=0`` turns the recording off:
each notebook then depends on all of ``dlnotes`` and the helpers.
``DLNOTES_FULL_RERUN=1`` ignores the cache. Only successes are cached; an
entry is written to a temporary folder and renamed into place, so a
half-written entry is never read back.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

import jupytext
import nbformat
import precise_cache
import snippet_child
from nbformat import NotebookNode
from site_wheel import install_line
from snippet_runner import child_environment, code_digest, full_rerun

DEFAULT_TIMEOUT = 120.0  # seconds one cell may run
#: Changes whenever the layout of the cache or the meaning of a key changes.
CACHE_FORMAT = "notebook-precise-1"
#: Folders (under the root) whose Python files are keyed per function.
MEASURED = ("dlnotes", "docs/notebooks")
CHILD_FILE = Path(snippet_child.__file__).resolve()
NOTEBOOKS = Path("docs") / "notebooks"
CELL_MARKER = re.compile(r"^# %%", re.MULTILINE)
#: Tags this runner acts on; they are removed from the notebooks it writes.
TAGS = ("todo", "solution", "exercise-only", "solution-only")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
IPYTHON_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")

#: The first code cell of every notebook: the one-line install of the wheel
#: the site serves (:mod:`site_wheel`), commented out, since the build has dlnotes.
INSTALL_CELL = """\
# To run this notebook on your own computer, remove the "# " before %pip below
# and run this cell once: it installs dlnotes, the small package it uses.
{line}"""

#: The :func:`report` of the site build's last notebook run, for
#: ``build-report.json``: set by the site hook, read by whichever hook writes
#: the report (hooks are loaded under their paths as module names, but this
#: module is imported by name, so every hook sees the same one).
last_report: dict | None = None

#: The site's figure style for notebooks. A notebook figure is one PNG that
#: must read on the light *and* the dark page, so it is drawn as a light
#: "card": an opaque pale background with the light-theme ink. (Snippet
#: figures instead get a transparent light and dark SVG each.)
CARD_RC = {
    "figure.figsize": (6.0, 3.3),  # the text column is about 600 px wide
    "figure.facecolor": "#ffffff",
    "savefig.facecolor": "#ffffff",
    "savefig.transparent": False,
    "axes.facecolor": "#ffffff",
    "legend.facecolor": "#ffffff",
}

#: Runs in the kernel before the first cell. It is not part of the notebook:
#: a reader who downloads it gets Matplotlib's own (white) style.
SETUP = f"""
import matplotlib.pyplot as _plt  # activates the inline backend: style after it
import matplotlib as _mpl
from matplotlib_inline.backend_inline import set_matplotlib_formats as _formats
from dlnotes.plot import style as _style

_style.use()
_mpl.rcParams.update({CARD_RC!r})
_formats("retina")  # PNG at twice the resolution, shown at its natural size
_ip = get_ipython()
_ip.run_line_magic("config", "InlineBackend.print_figure_kwargs = {{'bbox_inches': None}}")
del _plt, _mpl, _formats, _style, _ip
"""

#: Runs in the kernel before :data:`SETUP`: start recording what the run uses
#: (:class:`snippet_child.Recorder`), so that the setup's own use of dlnotes counts.
RECORD = """
import sys as _sys
from pathlib import Path as _Path
_sys.path.insert(0, {hooks!r})
from snippet_child import Recorder as _Recorder
_sys.path.pop(0)
_dlnotes_recorder = _Recorder(_Path({root!r}), {measure!r})
_dlnotes_recorder.start()
del _sys, _Path, _Recorder
"""

#: Runs in the kernel after the last cell: stop recording and write ``deps.json``.
SAVE = """
_dlnotes_recorder.stop()
_dlnotes_recorder.save(__import__("pathlib").Path({out!r}), 0.0)
del _dlnotes_recorder
"""


@dataclass(frozen=True)
class Variant:
    """One notebook made from a source: ``exercise``, ``solution`` or ``notebook``."""

    source: str  # relative to the root, e.g. "docs/notebooks/first-model.py"
    kind: str

    @property
    def stem(self) -> str:
        """The page's file name without extension: ``first-model-solution``."""
        stem = Path(self.source).stem
        return f"{stem}-solution" if self.kind == "solution" else stem

    @property
    def src_uri(self) -> str:
        """The page's path inside ``docs/``.

        The exercise (or only) notebook keeps its source's path; a solution is
        a generated ``.ipynb`` page next to it.
        """
        folder = Path(self.source).parent.relative_to("docs").as_posix()
        if self.kind == "solution":
            return f"{folder}/{self.stem}.ipynb"
        return f"{folder}/{Path(self.source).name}"


@dataclass(frozen=True)
class Failure:
    """Why a notebook failed, and where: ``docs/notebooks/x.py:LINE``."""

    source: str
    kind: str  # the variant
    cell: int | None  # 1-based index in the executed notebook
    line: int | None  # line in the source file
    message: str
    traceback: str = ""

    @property
    def location(self) -> str:
        return f"{self.source}:{self.line if self.line is not None else 1}"

    def __str__(self) -> str:
        where = f", cell {self.cell}" if self.cell is not None else ""
        return f"{self.location}: {self.kind} notebook{where}: {self.message}"


@dataclass
class Result:
    """What one notebook variant produced in this build."""

    variant: Variant
    key: str
    seconds: float  # time spent executing it in this build (0 when cached)
    cached: bool
    path: Path | None = None  # the executed .ipynb
    failure: Failure | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None

    def notebook(self) -> NotebookNode:
        """The executed notebook."""
        assert self.path is not None, str(self.failure)
        return nbformat.read(self.path, as_version=4)


# ------------------------------------------------------------------ sources
def is_notebook(path: Path) -> bool:
    """A ``.py`` file is a notebook if it has jupytext ``# %%`` cells."""
    return bool(CELL_MARKER.search(path.read_text(encoding="utf-8")))


def cell_lines(text: str) -> list[int]:
    """The 1-based line of each ``# %%`` marker, in order."""
    return [text.count("\n", 0, m.start()) + 1 for m in CELL_MARKER.finditer(text)]


_tags: dict[str, set[str]] = {}  # source content digest -> its cell tags


def variants_of(source: Path, root: Path) -> list[Variant]:
    """The notebooks one source gives: exercise and solution, or just one."""
    rel = source.resolve().relative_to(root).as_posix()
    text = source.read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    if digest not in _tags:  # read once per content (a serve session rebuilds often)
        nb = jupytext.reads(text, fmt="py:percent")
        _tags[digest] = {t for cell in nb.cells for t in cell.metadata.get("tags", [])}
    if "solution" in _tags[digest]:
        return [Variant(rel, "exercise"), Variant(rel, "solution")]
    return [Variant(rel, "notebook")]


def solution_markdown(code: str) -> str:
    """A folded "Solution" block showing ``code``, for the exercise notebook."""
    return (
        '<details class="success">\n<summary>Solution</summary>\n\n'
        f"```python\n{code.strip()}\n```\n\n</details>"
    )


def build(variant: Variant, root: Path) -> tuple[NotebookNode, list[int | None]]:
    """The unexecuted notebook of ``variant``, and each cell's source line.

    Raises:
        ValueError: if a ``solution`` cell is not code.
    """
    path = root / variant.source
    text = path.read_text(encoding="utf-8")
    nb = jupytext.reads(text, fmt="py:percent")
    markers = cell_lines(text)
    lines: list[int | None] = list(markers) if len(markers) == len(nb.cells) else []
    lines += [None] * (len(nb.cells) - len(lines))

    cells, kept_lines = [], []
    for cell, line in zip(nb.cells, lines, strict=True):
        tags = list(cell.metadata.get("tags", []))
        if variant.kind == "exercise" and "solution-only" in tags:
            continue
        if variant.kind == "solution" and ("todo" in tags or "exercise-only" in tags):
            continue
        if "solution" in tags and cell.cell_type != "code":
            raise ValueError(f"{variant.source}:{line}: a 'solution' cell must be a code cell")
        if variant.kind == "exercise" and "solution" in tags:
            cell = nbformat.v4.new_markdown_cell(solution_markdown(cell.source))
        rest = [t for t in tags if t not in TAGS]
        if rest:
            cell.metadata["tags"] = rest
        else:
            cell.metadata.pop("tags", None)
        cells.append(cell)
        kept_lines.append(line)

    # The first code cell: how a reader installs dlnotes (commented out here).
    first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"), len(cells))
    cells.insert(first_code, nbformat.v4.new_code_cell(INSTALL_CELL.format(line=install_line())))
    kept_lines.insert(first_code, None)

    nb.cells = cells
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nb.metadata.pop("jupytext", None)
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"{variant.kind[:3]}-{index:03d}"  # stable ids: stable bytes
    return nb, kept_lines


# -------------------------------------------------------------------- keys
def environment_versions() -> dict[str, str]:
    """The versions that are part of every notebook's cache key."""
    packages = ("numpy", "matplotlib", "ipykernel", "nbclient", "nbformat", "jupytext")
    return {"python": sys.version.split()[0], **{name: version(name) for name in packages}}


class NotebookRunner:
    """Runs every notebook under ``docs/notebooks/``, reusing cached results.

    Args:
        root: the project root (holds ``docs/`` and ``dlnotes/``).
        cache_dir: where executed notebooks are kept between builds.
        timeout: seconds one cell may run before the notebook fails.
        jobs: notebooks executed at once; ``None`` or 0 means one per CPU core.
        trace: record what each run used (default: unless ``DLNOTES_TRACE=0``).
    """

    def __init__(
        self,
        root: Path,
        cache_dir: Path | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        jobs: int | None = None,
        trace: bool | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        self.folder = self.root / NOTEBOOKS
        self.cache_dir = Path(cache_dir or self.root / ".cache" / "notebooks").resolve()
        self.timeout = float(timeout)
        self.jobs = jobs or os.cpu_count() or 1
        self.trace = os.environ.get("DLNOTES_TRACE", "1") != "0" if trace is None else trace
        #: Per notebook variant, the dependency lists of its last results.
        self.index = precise_cache.Index(self.cache_dir / "index")
        self.wall_seconds = 0.0  # of the last run_all

    def sources(self) -> list[Path]:
        """Every notebook source, sorted."""
        return [p for p in sorted(self.folder.glob("*.py")) if is_notebook(p)]

    def helpers(self) -> list[Path]:
        """The helper modules next to the notebooks (part of every key)."""
        return [p for p in sorted(self.folder.glob("*.py")) if not is_notebook(p)]

    def variants(self) -> list[Variant]:
        """Every notebook the site shows, in source order."""
        return [v for source in self.sources() for v in variants_of(source, self.root)]

    def measured(self) -> list[Path]:
        """The Python files keyed per function: ``dlnotes`` and the helper modules."""
        return precise_cache.python_files(self.root, ["dlnotes"]) + self.helpers()

    def shared_digest(self) -> str:
        """Digest of what every notebook depends on besides its source and what it used."""
        h = hashlib.sha256(CACHE_FORMAT.encode())
        here = Path(__file__).parent
        h.update(code_digest([Path(__file__), CHILD_FILE], here).encode())
        h.update(json.dumps(environment_versions(), sort_keys=True).encode())
        h.update(install_line().encode())  # the version and site address it shows
        h.update(str(self.trace).encode())
        return h.hexdigest()

    def base(self, variant: Variant, shared: str | None = None) -> str:
        """The part of a variant's key known before it runs: its source, its kind."""
        h = hashlib.sha256((shared or self.shared_digest()).encode())
        h.update(f"{variant.source}\0{variant.kind}\0".encode())
        h.update((self.root / variant.source).read_bytes())
        return h.hexdigest()

    @staticmethod
    def ident(variant: Variant) -> str:
        """How the index names a variant's runs."""
        return f"{variant.source}#{variant.kind}"

    def cached_key(self, variant: Variant, base: str) -> str | None:
        """The key of a cached result for ``variant`` (whose :meth:`base` is ``base``), if any."""
        found = self.index.find(
            self.root,
            self.ident(variant),
            base,
            lambda key: (
                (self.cache_dir / key / "result.json").exists()
                and (self.cache_dir / key / f"{variant.stem}.ipynb").exists()
            ),
        )
        return found[0] if found else None

    # --------------------------------------------------------------------- run
    def run_all(self, variants: list[Variant] | None = None) -> dict[str, Result]:
        """Run (or fetch from the cache) every notebook, ``jobs`` at a time.

        Returns results keyed by page ``src_uri``, in source order.
        """
        variants = self.variants() if variants is None else list(variants)
        shared = self.shared_digest()
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            results = list(pool.map(lambda v: self.run(v, shared), variants))
        self.wall_seconds = time.perf_counter() - start
        return {r.variant.src_uri: r for r in results}

    def run(self, variant: Variant, shared: str | None = None) -> Result:
        """Execute one notebook variant, unless a cached result for it exists."""
        base = self.base(variant, shared)
        name = f"{variant.stem}.ipynb"
        key = None if full_rerun() else self.cached_key(variant, base)
        if key is not None:
            return Result(variant, key, 0.0, True, self.cache_dir / key / name)
        # A dot folder: not a cache entry.
        with precise_cache.one_run_at_a_time(self.cache_dir / ".locks", base):
            key = None if full_rerun() else self.cached_key(variant, base)
            if key is not None:
                return Result(variant, key, 0.0, True, self.cache_dir / key / name)
            return self._execute_and_store(variant, base)

    def _execute_and_store(self, variant: Variant, base: str) -> Result:
        """Run ``variant`` in a fresh kernel and cache it under the key of what it used."""
        name = f"{variant.stem}.ipynb"
        start = time.perf_counter()
        try:
            nb, lines = build(variant, self.root)
        except Exception as error:  # a source jupytext cannot read, a misplaced tag
            failure = Failure(variant.source, variant.kind, None, None, str(error))
            return Result(variant, base[:32], 0.0, False, failure=failure)
        before = precise_cache.snapshot(self.root, self.measured())
        record_dir = Path(tempfile.mkdtemp(prefix="dlnotes-notebook-deps-"))
        try:
            failure = self._execute(nb, lines, variant, record_dir)
            failure = failure or attach_alt_texts(nb, lines, variant)
            seconds = time.perf_counter() - start
            if failure is not None:
                path = self._save_failed(nb, failure, base[:32], variant)
                return Result(variant, base[:32], seconds, False, path, failure)
            deps = self._dependencies(record_dir / "deps.json", before)
        finally:
            shutil.rmtree(record_dir, ignore_errors=True)
        key = precise_cache.key_of(self.root, base, deps)
        if precise_cache.snapshot(self.root, self.measured()) != before:
            # dlnotes or a helper changed while this ran: show it, but never reuse it.
            key = f"unstable-{uuid.uuid4().hex[:12]}"
        final = self.cache_dir / key
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.cache_dir / f".tmp-{key}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
        try:
            nbformat.write(nb, tmp / name)
            record = {
                "source": variant.source,
                "variant": variant.kind,
                "seconds": seconds,
                "deps": deps,
            }
            (tmp / "result.json").write_text(json.dumps(record, indent=2))
            if not final.exists():
                # A rename is atomic: readers see no entry or a whole one. If
                # another build stored the same key meanwhile, keep theirs.
                os.replace(tmp, final)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        if not key.startswith("unstable-"):
            self.index.remember(self.ident(variant), deps, seconds)
        return Result(variant, key, seconds, False, final / name)

    def _dependencies(self, record_file: Path, before: dict[str, str]) -> dict:
        """What the run used, from the kernel's ``deps.json``, relative to the root.

        Without a record (tracing off) the run depends on every measured file.
        """
        try:
            record = json.loads(record_file.read_text())
        except (OSError, ValueError):
            record = {"traced": False}
        skip = (self.cache_dir, self.root / ".cache")
        return precise_cache.dependencies(self.root, record, before, skip)

    def _save_failed(self, nb: NotebookNode, failure: Failure, key: str, variant: Variant) -> Path:
        """Keep the run up to the failing cell, under a red box, to show while previewing.

        It lives outside the cache entries, so it is never read back as a success.
        """
        box = (
            '<div class="admonition failure"><p class="admonition-title">'
            "This notebook failed while the site was built</p><p><code>"
            f"{html.escape(str(failure))}</code></p></div>"
        )
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(box))
        folder = self.cache_dir / ".failed" / key
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{variant.stem}.ipynb"
        nbformat.write(nb, path)
        return path

    def _execute(
        self, nb: NotebookNode, lines: list[int | None], variant: Variant, record_dir: Path
    ) -> Failure | None:
        """Run ``nb`` in place in a fresh kernel; the first error is returned.

        When tracing, the kernel writes what the run used to ``record_dir/deps.json``.
        """
        from nbclient import NotebookClient
        from traitlets.config import Config

        env = child_environment(self.root, "module://matplotlib_inline.backend_inline")
        cwd = (self.root / variant.source).parent
        # jupyter_client starts "python3" with this Python. It talks to the kernel
        # over local sockets in a private folder, not TCP ports: nothing listens
        # on the network.
        sockets = Path(tempfile.mkdtemp(prefix="dlnotes-kernel-"))
        config = Config()
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(sockets / "kernel")
        client = NotebookClient(
            nb,
            config=config,
            kernel_name="python3",
            timeout=int(self.timeout),
            allow_errors=False,
            record_timing=False,  # no timestamps: the same run gives the same file
            resources={"metadata": {"path": str(cwd)}},
        )
        current = {"index": None}
        measure = [str(self.root / folder) for folder in MEASURED]
        record = RECORD.format(hooks=str(CHILD_FILE.parent), root=str(self.root), measure=measure)
        executed = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
        last = executed[-1] if executed else None

        async def run_quietly(code: str, what: str) -> None:
            reply = await client.kc.execute_interactive(
                code, store_history=False, timeout=self.timeout
            )
            if reply["content"]["status"] != "ok":
                content = reply["content"]
                raise RuntimeError(f"{what} failed: {content['ename']}: {content['evalue']}")

        async def setup(notebook: NotebookNode) -> None:
            if self.trace:
                await run_quietly(record, "recording what the notebook uses")
            await run_quietly(SETUP, "figure setup")

        def started(cell: NotebookNode, cell_index: int) -> None:
            current["index"] = cell_index

        async def executed_cell(cell: NotebookNode, cell_index: int, execute_reply) -> None:
            ok = execute_reply and execute_reply["content"]["status"] == "ok"
            if self.trace and cell_index == last and ok:
                await run_quietly(SAVE.format(out=str(record_dir)), "saving what it used")

        client.on_notebook_start = setup
        client.on_cell_execute = started
        client.on_cell_executed = executed_cell
        try:
            # A loop of its own, closed afterwards (run_sync would leave one open).
            asyncio.run(client.async_execute(env=env))
        except Exception as error:
            return self._failure(error, current["index"], lines, variant)
        finally:
            shutil.rmtree(sockets, ignore_errors=True)
        return None

    @staticmethod
    def _failure(
        error: Exception, index: int | None, lines: list[int | None], variant: Variant
    ) -> Failure:
        """Describe a failed run as the source line of the failing cell."""
        trace = ANSI.sub("", str(getattr(error, "traceback", "") or error))
        ename = getattr(error, "ename", None)
        evalue = getattr(error, "evalue", None)
        if ename:
            message = f"{ename}: {evalue}"
        else:
            last = (str(error).strip().splitlines() or [""])[-1].strip()
            message = f"{type(error).__name__}: {last}"
        line = lines[index] if index is not None and index < len(lines) else None
        if line is not None:
            inner = IPYTHON_LINE.findall(trace)
            # The marker line is "# %%"; the cell's first line is the next one.
            line += int(inner[0]) if inner else 1
        cell = index + 1 if index is not None else None
        return Failure(variant.source, variant.kind, cell, line, message, trace)


def attach_alt_texts(nb: NotebookNode, lines: list[int | None], variant: Variant) -> Failure | None:
    """Give every figure of an executed notebook the alt text its cell declares.

    A cell that draws figures declares one alt text per figure on its ``# %%``
    line, e.g. ``# %% alt="Three spiral arms of coloured points."`` (or a list).
    nbconvert's templates put no alt on images, so each PNG output also gets a
    ``text/html`` rendering, an ``<img>`` with that alt, which the HTML export
    prefers; the downloadable ``.ipynb`` keeps the plain PNG as well.

    Returns:
        A failure naming the cell's source line if a figure has no alt text.
    """
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        images = [out for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]
        if not images:
            continue
        alts = cell.metadata.get("alt", [])
        alts = [alts] if isinstance(alts, str) else list(alts)
        if len(alts) != len(images) or not all(str(a).strip() for a in alts):
            message = (
                f"the cell draws {len(images)} figure(s) but declares {len(alts)} alt "
                'text(s); add alt="..." (or a list) to its # %% line'
            )
            return Failure(variant.source, variant.kind, index + 1, lines[index], message)
        for output, alt in zip(images, alts, strict=True):
            png = output["data"]["image/png"].replace("\n", "")
            output["data"]["text/html"] = (
                f'<img src="data:image/png;base64,{png}" alt="{html.escape(str(alt))}">'
            )
    return None


def report(results: dict[str, Result], runner: NotebookRunner) -> dict:
    """The facts ``build-report.json`` records about the notebooks of a build."""
    return {
        "versions": environment_versions(),
        "wall_seconds": round(runner.wall_seconds, 3),
        "executed": sum(1 for r in results.values() if not r.cached),
        "from_cache": sum(1 for r in results.values() if r.cached),
        "notebooks": [
            {
                "source": r.variant.source,
                "variant": r.variant.kind,
                "page": r.variant.src_uri,
                "seconds": round(r.seconds, 3),
                "cached": r.cached,
                "ok": r.ok,
                **({"failure": asdict(r.failure)} if r.failure else {}),
            }
            for r in results.values()
        ],
    }
