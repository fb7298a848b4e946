"""Two clean builds of the same commit give the same site, byte for byte.

Every file is compared, the sitemap and the search index included: the dates
MkDocs would take from the clock come from the sources' commits
(``hooks/source_dates.py``). The one exception is ``build-report.json``, which
records this build's timings and cache hits and says so in its ``note``.

How the work is split, to keep this fast:

* the two builds share the snippet cache (as ``make build`` does), so they
  test everything the build does *around* the snippets: Markdown, maths,
  glossary, search index, sitemap, theme assets;
* whether a snippet run from scratch gives the same bytes as another run is
  tested on its own, for three snippets spread over the sorted list: a run
  into a fresh cache against the run the project's cache holds (the build's,
  made in another process at another time; ``DLNOTES_DETERMINISM_ALL=1``
  checks all of them, which takes about as long as a cold build). Running
  every snippet again on every test run would cost a minute or two for
  little more assurance: the saving code (``hooks/snippet_child.py``) is
  shared by all.
"""

from __future__ import annotations

import filecmp
import json
import os
from pathlib import Path

import pytest
from site_build import ROOT, build_or_fail
from snippet_runner import REPORT_NOTE, SnippetRunner

#: The only file that may differ between two builds, and why.
NOT_COMPARED = {"build-report.json": "records this build's timings and cache hits"}


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def compare_builds(a: Path, b: Path) -> list[str]:
    """Every way ``b`` differs from ``a`` (files in NOT_COMPARED aside)."""
    problems = []
    files_a, files_b = _files(a), _files(b)
    for name in sorted(files_a ^ files_b):
        problems.append(f"{name}: only in the {'first' if name in files_a else 'second'} build")
    for name in sorted(files_a & files_b):
        if name not in NOT_COMPARED and not filecmp.cmp(a / name, b / name, shallow=False):
            problems.append(f"{name}: differs between the two builds")
    return problems


def test_two_clean_builds_give_identical_sites(tmp_path: Path, built_site: Path) -> None:
    first = built_site  # the build the browser tests use
    second = build_or_fail(tmp_path / "second" / "site")
    problems = compare_builds(first, second)
    assert not problems, "two builds of the same commit differ:\n" + "\n".join(problems)
    report = json.loads((second / "build-report.json").read_text())
    assert report["note"] == REPORT_NOTE, "the report must say it is not reproducible"


def test_the_comparison_notices_a_difference(tmp_path: Path) -> None:
    """``compare_builds`` can fail: a changed page, a changed sitemap date, and a
    file only one build has are all reported; the build report is not compared."""
    a, b = tmp_path / "a", tmp_path / "b"
    for site in (a, b):
        (site / "page").mkdir(parents=True)
        (site / "page" / "index.html").write_text("<p>same</p>")
        (site / "sitemap.xml").write_text("<url><lastmod>2024-01-01</lastmod></url>")
        (site / "build-report.json").write_text(f'{{"seconds": {len(site.name)}}}')
    (b / "build-report.json").write_text('{"seconds": 9}')
    assert compare_builds(a, b) == []
    (b / "sitemap.xml").write_text("<url><lastmod>2024-01-02</lastmod></url>")
    (b / "page" / "index.html").write_text("<p>other</p>")
    (b / "extra.txt").write_text("new")
    assert compare_builds(a, b) == [
        "extra.txt: only in the second build",
        "page/index.html: differs between the two builds",
        "sitemap.xml: differs between the two builds",
    ]


def _spread(snippets: list[Path], count: int = 3) -> list[Path]:
    """``count`` snippets spread evenly over the sorted list (first, middle, last)."""
    if len(snippets) <= count:
        return snippets
    step = (len(snippets) - 1) / (count - 1)
    return [snippets[round(i * step)] for i in range(count)]


def test_snippets_rerun_from_scratch_give_identical_outputs(tmp_path: Path) -> None:
    runner = SnippetRunner(ROOT)
    every = runner.discover()
    chosen = every if os.environ.get("DLNOTES_DETERMINISM_ALL") else _spread(every)
    if not chosen:
        pytest.skip("no snippets yet")
    fresh = SnippetRunner(ROOT, cache_dir=tmp_path / "fresh" / "snippets", jobs=len(chosen))
    runs = []
    # the build's runs (run now if the cache lacks them), then runs from scratch
    for each in (runner, fresh):
        results = each.run_all(chosen)
        failed = [str(r.failure) for r in results.values() if r.failure is not None]
        assert not failed, f"snippets failed: {failed}"
        runs.append(results)
    problems = []
    for path, first in runs[0].items():
        second = runs[1][path]
        assert first.out_dir is not None and second.out_dir is not None
        assert first.figures == second.figures, f"{path}: different figures"
        for stem in first.figures:
            for theme in ("light", "dark"):
                if first.figure_file(stem, theme).read_bytes() != (
                    second.figure_file(stem, theme).read_bytes()
                ):
                    problems.append(f"{path}: {stem}.{theme}.svg differs between two runs")
        for output in ("stdout.txt", "values.json"):
            if (first.out_dir / output).read_bytes() != (second.out_dir / output).read_bytes():
                problems.append(f"{path}: {output} differs between two runs")
    assert not problems, "\n".join(problems)
