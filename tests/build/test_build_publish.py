"""A build never half-publishes: after any failure the previous ``site/`` is untouched.

End to end, on a small throw-away project in ``tmp_path`` that uses the real
hooks (``hooks/site_publish.py`` writes into ``.site-staging`` and swaps it in
only after a clean build). Each case breaks the project in one way, runs
``mkdocs build --strict`` (what ``make build`` runs) over an existing ``site/``
holding a marker file, and checks that the build fails loudly and that
``site/`` is byte for byte what it was.

The other ways a snippet can fail (syntax error, timeout, silence, a missing
section, an unreferenced snippet) and how they are reported are covered by
``tests/test_site_snippets*.py``; here only publishing is at stake.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_build import ROOT, mkdocs_build

CONFIG = """\
site_name: publish test
site_url: https://example.org/
strict: true
theme:
  name: material
  font: false
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
hooks:
  - hooks/site_publish.py
  - hooks/site_snippets.py
  - hooks/site_maths.py
extra:
  snippets:
    timeout: 60
"""

GOOD_SNIPPET = '''\
"""Draws one line and prints a number."""

import matplotlib.pyplot as plt

fig, ax = plt.subplots()
ax.plot([0, 1], [0, 1])
print("answer:", 42)
'''

FAILING_SNIPPET = '''\
"""Fails on its fifth line."""

numbers = [1, 2, 3]

raise ValueError("deliberately broken snippet")
'''

PAGE = """\
# {title}

Some text, and a formula: $x^2$.

```snippet demo/{snippet}.py
alt:
  - A straight line from the origin.
```
"""


def _project(root: Path) -> Path:
    """A small working project: two pages, each showing a snippet."""
    shutil.copytree(ROOT / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "mkdocs.yml").write_text(CONFIG)
    (root / "snippets" / "demo").mkdir(parents=True)
    (root / "snippets" / "demo" / "line.py").write_text(GOOD_SNIPPET)
    (root / "snippets" / "demo" / "other.py").write_text(GOOD_SNIPPET)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(PAGE.format(title="Home", snippet="line"))
    (root / "docs" / "second.md").write_text(PAGE.format(title="Second", snippet="other"))
    return root


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _old_site(root: Path) -> dict[str, bytes]:
    """A previously published site with a marker file; returns its snapshot."""
    site = root / "site"
    (site / "old").mkdir(parents=True)
    (site / "index.html").write_text("<p>the previous build</p>")
    (site / "old" / "index.html").write_text("<p>an old page</p>")
    (site / "MARKER").write_text("published before this build")
    return _snapshot(site)


def _break_snippet(root: Path) -> list[str]:
    (root / "snippets" / "demo" / "other.py").write_text(FAILING_SNIPPET)
    line = FAILING_SNIPPET.splitlines().index('raise ValueError("deliberately broken snippet")')
    return [f"snippets/demo/other.py:{line + 1}", "docs/second.md", "deliberately broken snippet"]


def _break_maths(root: Path) -> list[str]:
    page = root / "docs" / "second.md"
    page.write_text(page.read_text() + "\nA broken formula: $\\frac{1}{$.\n")
    return ["docs/second.md", "cannot render the formula"]


FAIL_ON_WRITE = """\
from mkdocs.exceptions import PluginError


def on_post_page(output, page, config):
    if page.file.src_uri == "second.md":
        raise PluginError("deliberately failing while pages are written")
    return output
"""


def _break_while_writing(root: Path) -> list[str]:
    # A hook fails after index.html was written to staging: a build stopped midway.
    (root / "hooks" / "fail_on_write.py").write_text(FAIL_ON_WRITE)
    config = root / "mkdocs.yml"
    maths = "  - hooks/site_maths.py\n"
    config.write_text(config.read_text().replace(maths, maths + "  - hooks/fail_on_write.py\n"))
    return ["deliberately failing while pages are written"]


def _break_link(root: Path) -> list[str]:
    # Only a warning, which --strict turns into a failure after every page is written.
    page = root / "docs" / "second.md"
    page.write_text(page.read_text() + "\nSee [a missing page](missing.md).\n")
    return ["missing.md"]


#: name: (how to break the project, a file the failed build had already written to
#: staging, if it got that far). MkDocs renders every page before it writes any,
#: so a snippet or maths failure stops it before the first page is written.
BREAKS = {
    "snippet-raises": (_break_snippet, None),
    "maths-fails": (_break_maths, None),
    "fails-while-writing-pages": (_break_while_writing, "index.html"),
    "strict-warning": (_break_link, "second/index.html"),
}


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One snippet cache for these builds: the working snippets run once."""
    return tmp_path_factory.mktemp("snippet-cache")


@pytest.mark.parametrize("name", list(BREAKS))
def test_a_failed_build_leaves_the_previous_site_untouched(
    tmp_path: Path, cache: Path, name: str
) -> None:
    root = _project(tmp_path / "project")
    before = _old_site(root)
    breaks, written = BREAKS[name]
    expected = breaks(root)

    proc = mkdocs_build(None, project=root, cache_dir=cache)
    output = proc.stdout + proc.stderr

    assert proc.returncode != 0, f"the broken build exited 0:\n{output}"
    for text in expected:
        assert text in output, f"the build output does not name {text!r}:\n{output}"
    assert _snapshot(root / "site") == before, "the failed build changed site/"
    if written is not None:  # the new pages existed, and were not published
        assert (root / ".site-staging" / written).is_file()


def test_a_good_build_replaces_the_previous_site(tmp_path: Path, cache: Path) -> None:
    """The control: the same project, unbroken, is built and published."""
    root = _project(tmp_path / "project")
    _old_site(root)

    proc = mkdocs_build(None, project=root, cache_dir=cache)

    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = root / "site"
    assert not (site / "MARKER").exists() and not (site / "old").exists()
    assert "answer: 42" in (site / "index.html").read_text()
    assert (site / "_snippets" / "demo" / "other" / "figure-1.dark.svg").is_file()
    assert "<math" in (site / "second" / "index.html").read_text()
    assert not (root / ".site-staging").exists(), "the staging folder was left behind"
    assert not (root / ".site-old").exists()
