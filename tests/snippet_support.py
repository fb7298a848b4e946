"""Run the site's snippets once per test session, through the site's own runner.

Page tests use these helpers to assert what a page claims about a run::

    from snippet_support import values, stdout

    def test_softmax_sums_to_one():
        assert values("concepts/activations.py")["sigmoid_max_slope"] == 0.25

``values`` are the snippet's top-level numbers, strings and small lists (see
``hooks/snippet_child.py``). Results share the site build's cache, so a test
run after ``make build`` re-runs nothing that has not changed.

A test that needs what a snippet saved (trained weights, say) asks for its
artifact folder, which the same runner fills or restores from the cache::

    weights = np.load(artifacts("concepts/transfer_pretrain.py") / "digits04.npz")

so ``pytest`` never trains again what the build already trained.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from snippet_runner import Result, SnippetRunner

ROOT = Path(__file__).resolve().parent.parent


def runner() -> SnippetRunner:
    """The runner the site uses, on the site's cache."""
    cache_dir = os.environ.get("DLNOTES_CACHE_DIR")
    return SnippetRunner(ROOT, cache_dir=Path(cache_dir) if cache_dir else None)


@cache
def results() -> dict[str, Result]:
    """Every snippet's result, run in parallel on first use."""
    return runner().run_all()


def result(path: str) -> Result:
    """The result of ``snippets/<path>``; fails the test if the snippet failed."""
    found = results()[f"snippets/{path}"]
    if found.failure is not None:
        raise AssertionError(f"{found.failure}\n{found.failure.traceback}")
    return found


_DEFAULT = object()


def values(path: str, sweep: object = _DEFAULT) -> dict:
    """The top-level values of ``snippets/<path>`` after it ran.

    For a snippet with a ``SWEEP``, ``sweep=0.5`` gives the run at that value
    (the default run without it): ``values("concepts/x.py", sweep=0.5)``.
    """
    found = result(path)
    return found.values if sweep is _DEFAULT else found.variant(sweep).values


def artifacts(path: str) -> Path:
    """The folder where ``snippets/<path>`` saved its artifacts, after it ran (or was restored)."""
    result(path)
    return runner().artifact_folder(f"snippets/{path}")


def stdout(path: str, sweep: object = _DEFAULT) -> str:
    """What ``snippets/<path>`` printed (at the value ``sweep`` of its ``SWEEP``, if given)."""
    found = result(path)
    return found.stdout if sweep is _DEFAULT else found.variant(sweep).stdout
