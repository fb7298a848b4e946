"""The precise cache gives what a full re-run gives, after random edits to dlnotes.

On a copy of ``dlnotes`` and a few real snippets:

1. every snippet runs once, filling a cache;
2. random edits land in ``dlnotes``: comment lines, docstring changes, and a
   *behaviour* change inside functions the snippets executed (a line that
   prints, once, that the function ran), each edit in a different function;
3. the snippets run again through the precise cache, and once more with
   ``full=True`` (``DLNOTES_FULL_RERUN=1``) into a fresh cache;
4. every output a page embeds (printed text, values, both variants of every
   figure) must be byte-identical between the two.

A wrong cache hit would keep the old output without the new printed line, so
the comparison fails if the precise key misses an edit. Pages are assembled
from these outputs by deterministic code (``test_build_reproducible.py``
checks that), so equal outputs give equal sites. The seed of the edits is
printed on failure; ``DLNOTES_EDIT_SEED`` replays one.
"""

from __future__ import annotations

import ast
import os
import random
import shutil
import time
from pathlib import Path

import code_fingerprint
from site_build import ROOT
from snippet_runner import SnippetRunner

#: How many real snippets take part: the fastest ones the project's cache knows.
COUNT = 3


def _fast_snippets(count: int) -> list[str]:
    runner = SnippetRunner(ROOT)
    timed = []
    for path in runner.discover():
        rel = runner.relative(path)
        if snippet_needs(path):
            continue
        seconds = runner.index.expected_seconds(rel)
        timed.append((seconds if seconds > 0 else 1e9, rel))
    return [rel for _, rel in sorted(timed)[:count]]


def snippet_needs(path: Path) -> bool:
    return "# needs:" in path.read_text()


def _insert(path: Path, line_index: int, text: str) -> None:
    lines = path.read_text().split("\n")
    lines.insert(line_index, text)
    path.write_text("\n".join(lines))


def _comment_edit(path: Path, rng: random.Random) -> None:
    """A comment line at a random place where it cannot change the code."""
    source = path.read_text()
    tree = ast.parse(source)
    starts = sorted({node.lineno for node in ast.walk(tree) if isinstance(node, ast.stmt)})
    line = rng.choice(starts)
    indent = source.split("\n")[line - 1][: -len(source.split("\n")[line - 1].lstrip())]
    _insert(path, line - 1, f"{indent}# edited at random ({rng.random():.6f})")


def _functions(path: Path) -> list[ast.FunctionDef]:
    tree = ast.parse(path.read_text())
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.body]


def _docstring_edit(path: Path, rng: random.Random) -> bool:
    documented = [f for f in _functions(path) if ast.get_docstring(f) and f.body[0].lineno]
    if not documented:
        return False
    func = rng.choice(documented)
    lines = path.read_text().split("\n")
    first = func.body[0].lineno - 1
    lines[first] = lines[first].replace('"""', '"""Edited. ', 1)
    path.write_text("\n".join(lines))
    return True


def _behaviour_edit(path: Path, name: str, tag: str) -> bool:
    """Make function ``name`` (dotted, as in the cache index) print ``tag`` the first time."""
    tree = ast.parse(path.read_text())
    for qualname, func in code_fingerprint._functions(tree):
        if qualname != name:
            continue
        body = func.body[1:] if ast.get_docstring(func) else func.body
        if not body or body[0].lineno <= func.lineno:
            return False
        first = body[0]
        line = path.read_text().split("\n")[first.lineno - 1]
        indent = line[: len(line) - len(line.lstrip())]
        flag = f"_printed_{tag}"
        statement = (
            f"{indent}if not globals().get({flag!r}):\n"
            f"{indent}    globals()[{flag!r}] = True\n"
            f"{indent}    print({('edited ' + tag)!r})"
        )
        _insert(path, first.lineno - 1, statement)
        return True
    return False


def _outputs(result) -> dict[str, bytes]:
    assert result.ok, f"{result.failure}\n{result.failure.traceback}"
    files = {
        "stdout": result.stdout.encode(),
        "values": (result.out_dir / "values.json").read_bytes(),
    }
    for stem in result.figures:
        for theme in ("light", "dark"):
            files[f"{stem}.{theme}"] = result.figure_file(stem, theme).read_bytes()
    return files


def test_precise_cache_equals_a_full_rerun_after_random_edits(tmp_path: Path) -> None:
    seed = int(os.environ.get("DLNOTES_EDIT_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    project = tmp_path / "project"
    shutil.copytree(
        ROOT / "dlnotes", project / "dlnotes", ignore=shutil.ignore_patterns("__pycache__")
    )
    chosen = _fast_snippets(COUNT)
    for rel in chosen:
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, project / rel)
    for data in ("data", "bench"):  # committed data and bench results that snippets read
        if (ROOT / data).is_dir():
            shutil.copytree(ROOT / data, project / data)

    precise = SnippetRunner(project, cache_dir=tmp_path / "precise" / "snippets", jobs=2)
    first = precise.run_all()
    assert all(r.ok for r in first.values()), [str(r.failure) for r in first.values()]

    # The functions the runs executed, from the index the runner kept.
    executed: list[tuple[str, str]] = []
    for rel in chosen:
        for file, blocks in precise.index.entries(rel)[0]["deps"]["code"].items():
            executed += [(file, b) for b in blocks if b not in (code_fingerprint.MODULE, "*")]
    executed = sorted(set(executed))
    files = sorted(p for p in (project / "dlnotes").rglob("*.py"))
    edits = []
    for _ in range(3):
        path = rng.choice(files)
        _comment_edit(path, rng)
        edits.append(f"comment in {path.relative_to(project)}")
        path = rng.choice(files)
        if _docstring_edit(path, rng):
            edits.append(f"docstring in {path.relative_to(project)}")
    for number, (file, block) in enumerate(rng.sample(executed, min(2, len(executed)))):
        if _behaviour_edit(project / file, block, f"{number}_{block.replace('.', '_')}"):
            edits.append(f"behaviour of {file}:{block}")
    for path in files:
        ast.parse(path.read_text())  # every edit left valid Python

    again = precise.run_all()
    full = SnippetRunner(project, cache_dir=tmp_path / "full" / "snippets", jobs=2, full=True)
    reference = full.run_all()
    problems = []
    for rel in chosen:
        a, b = _outputs(again[rel]), _outputs(reference[rel])
        problems += [
            f"{rel}: {name} differs"
            for name in sorted(set(a) | set(b))
            if a.get(name) != b.get(name)
        ]
    assert not problems, f"seed {seed}, edits {edits}:\n" + "\n".join(problems)
