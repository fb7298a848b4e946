"""The API reference links each class and function to its lines on the module's source page."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(
    r'<p class="doc-source-link">\s*<a href="(?P<href>[^"]+)">'
    r"Source: <code>(?P<path>[^<]+)</code>, lines (?P<first>\d+)–(?P<last>\d+)</a>"
)
DEFINITION = re.compile(r"^\s*(@|class |def |async def )")


def _reference_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / "reference").glob("*/index.html") if p.parent.name != "source")


def test_every_source_link_lands_on_the_first_line_of_its_definition(site_dir: Path) -> None:
    checked, problems = 0, []
    for page in _reference_pages(site_dir):
        html = page.read_text(encoding="utf-8")
        url = "/" + page.parent.relative_to(site_dir).as_posix() + "/"
        for link in LINK.finditer(html):
            target = urlsplit(urljoin(url, link["href"]))
            built = site_dir / target.path.lstrip("/") / "index.html"
            first, last = int(link["first"]), int(link["last"])
            where = f"{url}: {link['path']} line {first}"
            if not built.is_file():
                problems.append(f"{where}: {target.path} was not built")
                continue
            if f'id="{target.fragment}"' not in built.read_text(encoding="utf-8"):
                problems.append(f"{where}: {target.path} has no #{target.fragment}")
            if target.fragment != f"__codelineno-0-{first}":
                problems.append(f"{where}: links to #{target.fragment}")
            lines = (ROOT / link["path"]).read_text(encoding="utf-8").splitlines()
            if not (first <= last <= len(lines) and DEFINITION.match(lines[first - 1])):
                problems.append(f"{where}: not the start of a definition: {lines[first - 1]!r}")
            checked += 1
    assert not problems, "\n".join(problems)
    assert checked > 100, f"only {checked} source links found: did the reference template change?"


def test_a_reference_page_holds_no_copy_of_the_code(site_dir: Path) -> None:
    copies = [
        p.parent.name
        for p in _reference_pages(site_dir)
        if "mkdocstrings-source" in p.read_text(encoding="utf-8")
    ]
    assert not copies, f"reference pages with inline source code: {copies}"


def test_each_source_page_shows_its_whole_module(site_dir: Path) -> None:
    for module in sorted((ROOT / "dlnotes").rglob("*.py")):
        rel = module.relative_to(ROOT / "dlnotes").with_suffix("").as_posix()
        html = (site_dir / "reference" / "source" / rel / "index.html").read_text(encoding="utf-8")
        count = len(module.read_text(encoding="utf-8").rstrip().splitlines())
        assert f'id="__codelineno-0-{count}"' in html, f"{rel}: line {count} missing"
        assert f'id="__codelineno-0-{count + 1}"' not in html, f"{rel}: more lines than the file"
