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
"""

from __future__ import annotations

import faulthandler
import json
import runpy
import sys
import traceback
from pathlib import Path


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

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from dlnotes.plot import style

    style.use()

    # The snippet sees itself as a script run from its own folder.
    sys.argv = [str(snippet)]
    namespace: dict = {}
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
