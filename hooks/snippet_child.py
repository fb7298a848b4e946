"""Run one snippet in this (fresh) process and save what it produced.

Invoked by :mod:`snippet_runner` as::

    python snippet_child.py SNIPPET OUT_DIR TIMEOUT_SECONDS

The snippet runs as ``__main__`` with Matplotlib's Agg backend and the site's
figure style. Its standard output goes to this process's standard output,
which the parent captures. On success every open figure is saved into OUT_DIR
as ``figure-<n>.light.svg`` and ``figure-<n>.dark.svg``. On failure a
``failure.json`` says where: the snippet's own line, not a line deep inside a
library.

If the snippet runs longer than TIMEOUT_SECONDS, :mod:`faulthandler` prints the
stack of the hung code to standard error and exits; the parent reads the
snippet's line number from that stack.

**Strict.** Every warning the snippet causes is an error (a scikit-learn
``ConvergenceWarning``, a NumPy overflow), reported at the snippet's line,
except the few harmless ones in :data:`HARMLESS`. Nothing may go to the
network: nothing downloads at build time, so a data set that is not shipped
fails at the line that asked for it.

**What it used** (``deps.json``, read by :mod:`snippet_runner` for the cache
key): with ``DLNOTES_MEASURE`` set to folders (``os.pathsep``-separated),
SlipCover records which lines of the Python files in those folders ran (it
instruments each such module as it is imported, with a probe per line that is
removed once the line has run, so the code outside those folders, NumPy,
Matplotlib, scikit-learn, runs untouched and at full speed),
and an audit hook records every file under ``DLNOTES_ROOT`` (or under
``DLNOTES_ARTIFACTS``) that was opened for reading.
"""

from __future__ import annotations

import faulthandler
import json
import os
import runpy
import sys
import time
import traceback
import warnings
from pathlib import Path

#: Warnings that say nothing about the snippet's result (category, message regex).
HARMLESS: list[tuple[type[Warning] | str, str]] = []

#: Audit events that reach the network.
NETWORK = {"socket.connect", "socket.getaddrinfo", "urllib.Request"}


class NetworkUse(RuntimeError):
    """A snippet tried to reach the network; nothing downloads at build time."""


class Recorder:
    """The files a run opens for reading (an audit hook), and the lines it ran (SlipCover).

    Notebook kernels use it too (:mod:`notebook_runner`): a notebook may not
    reach the network either.
    """

    def __init__(self, root: Path, measure: list[str], artifacts: str | None = None) -> None:
        self.roots = tuple(str(p) + os.sep for p in [root, *filter(None, [artifacts])])
        self.skip = (str(root / ".venv") + os.sep,)
        self.reads: set[str] = set()
        self.active = False
        self.slipcover = None
        self.imports = None
        self.lines: dict[str, list[int]] = {}  # file -> the lines that ran (set by stop)
        if measure:
            import slipcover

            # exclude_lines=[]: a line marked "pragma: no cover" still counts when it runs.
            self.slipcover = slipcover.Slipcover(exclude_lines=[])
            matcher = slipcover.FileMatcher(sources=measure)
            self.imports = slipcover.ImportManager(self.slipcover, matcher)
        sys.addaudithook(self._audit)

    def _audit(self, event: str, args: tuple) -> None:
        if not self.active:
            return
        if event in NETWORK:
            raise NetworkUse(
                f"{event}{args[:2]!r}: snippets and notebooks may not use the network "
                "(nothing downloads at build time; use a data set that is committed or shipped)"
            )
        if event != "open":
            return
        path, mode, flags = args
        if not isinstance(path, str):
            return
        if mode is not None:
            if not ("r" in mode or "+" in mode):
                return
        elif flags is not None and flags & os.O_ACCMODE == os.O_WRONLY:
            return
        path = os.path.abspath(path)
        if path.startswith(self.roots) and not path.startswith(self.skip):
            if "__pycache__" not in path:
                self.reads.add(path)

    def start(self) -> None:
        """Record from here on: the files opened, and every line of a measured
        module imported from now on (its import-time code included)."""
        self.active = True
        if self.imports is not None:
            self.imports.__enter__()

    def stop(self) -> None:
        """Stop recording: what runs from here on is not part of the run."""
        self.active = False  # first: reading the coverage below reads source files
        if self.slipcover is not None:
            self.imports.__exit__(None, None, None)
            # The probes stay in the code, so take the lines that ran now.
            # Paths come back relative to the working folder where they lie under it.
            files = self.slipcover.get_coverage()["files"]
            self.lines = {os.path.abspath(name): f["executed_lines"] for name, f in files.items()}

    def save(self, out_dir: Path, seconds: float) -> None:
        record = {
            "traced": self.slipcover is not None,
            "lines": self.lines,
            "reads": sorted(self.reads),
            "seconds": seconds,
        }
        (out_dir / "deps.json").write_text(json.dumps(record))


def _line_in_snippet(tb: traceback.StackSummary, snippet: Path) -> int | None:
    """The deepest traceback line that lies in the snippet file itself."""
    line = None
    for frame in tb:
        if Path(frame.filename).resolve() == snippet:
            line = frame.lineno
    return line


def _fail(out_dir: Path, kind: str, line: int | None, message: str, trace: str) -> None:
    record = {"kind": kind, "line": line, "message": message, "traceback": trace}
    (out_dir / "failure.json").write_text(json.dumps(record, indent=2))
    sys.exit(1)


def main(snippet: Path, out_dir: Path, timeout: float) -> None:
    faulthandler.dump_traceback_later(timeout, exit=True)
    root = Path(os.environ.get("DLNOTES_ROOT", os.getcwd())).resolve()
    measure = [m for m in os.environ.get("DLNOTES_MEASURE", "").split(os.pathsep) if m]
    start = time.perf_counter()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    recorder = Recorder(root, measure, os.environ.get("DLNOTES_ARTIFACTS"))
    recorder.start()  # before dlnotes is imported: its import-time code counts too

    from dlnotes.plot import style

    style.use()

    # The snippet sees itself as a script run from its own folder.
    sys.argv = [str(snippet)]
    namespace: dict = {}
    strict = warnings.catch_warnings()
    strict.__enter__()
    warnings.simplefilter("error")
    for category, message in HARMLESS:
        warnings.filterwarnings("ignore", message=message, category=category)
    try:
        namespace = runpy.run_path(str(snippet), run_name="__main__")
    except SystemExit as stop:
        if stop.code not in (None, 0):
            tb = traceback.extract_tb(stop.__traceback__)
            _fail(out_dir, "exit", _line_in_snippet(tb, snippet), f"exit({stop.code})", "")
    except SyntaxError as error:
        line = error.lineno if Path(error.filename or "").resolve() == snippet else None
        trace = "".join(traceback.format_exception_only(type(error), error))
        _fail(out_dir, "syntax", line, f"SyntaxError: {error.msg}", trace)
    except BaseException as error:  # report anything the snippet raised
        tb = traceback.extract_tb(error.__traceback__)
        # Drop the runner's own frames (runpy, this file) from what the reader sees.
        shown = [f for f in tb if "runpy" not in f.filename and f.filename != __file__]
        trace = "".join(traceback.format_list(shown))
        trace += "".join(traceback.format_exception_only(type(error), error))
        message = "".join(traceback.format_exception_only(type(error), error)).strip()
        _fail(out_dir, "exception", _line_in_snippet(tb, snippet), message, trace)
    finally:
        faulthandler.cancel_dump_traceback_later()

    sys.stdout.flush()
    figures = []
    for number in plt.get_fignums():
        fig = plt.figure(number)
        stem = f"figure-{len(figures) + 1}"
        # metadata Date=None: no timestamp, so the same figure gives the same bytes.
        fig.savefig(out_dir / f"{stem}.light.svg", format="svg", metadata={"Date": None})
        style.to_dark(fig)
        fig.savefig(out_dir / f"{stem}.dark.svg", format="svg", metadata={"Date": None})
        figures.append(stem)
        plt.close(fig)
    strict.__exit__(None, None, None)
    recorder.stop()
    recorder.save(out_dir, time.perf_counter() - start)
    (out_dir / "figures.json").write_text(json.dumps(figures))
    (out_dir / "values.json").write_text(json.dumps(_plain_values(namespace), indent=1))


def _plain(value: object) -> object:
    """``value`` as JSON data if it is a number, string or small container of them."""
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    item = getattr(value, "item", None)  # NumPy scalars and 0-d arrays
    if callable(item) and getattr(value, "ndim", 1) == 0:
        return _plain(item())
    if isinstance(value, list | tuple) and len(value) <= 1000:
        items = [_plain(v) for v in value]
        return items if all(i is not _SKIP for i in items) else _SKIP
    if isinstance(value, dict) and len(value) <= 1000 and all(isinstance(k, str) for k in value):
        items = {k: _plain(v) for k, v in value.items()}
        return items if all(i is not _SKIP for i in items.values()) else _SKIP
    return _SKIP


_SKIP = object()


def _plain_values(namespace: dict) -> dict:
    """The snippet's top-level numbers, strings and lists of them, for tests.

    Tests assert a page's claims against these values, so they check exactly
    the run whose figures and output the page shows.
    """
    values = {}
    for name, value in namespace.items():
        if name.startswith("_"):
            continue
        plain = _plain(value)
        if plain is not _SKIP:
            values[name] = plain
    return values


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]), float(sys.argv[3]))
