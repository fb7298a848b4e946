"""Parameter sweeps: one snippet, run once per value of one parameter.

A snippet declares its sweep in one place, a module-level literal named
``SWEEP``, and reads the value to use with :func:`dlnotes.sweep.value`::

    SWEEP = {
        "name": "lr",                  # what a page's fence names (``sweep: lr``)
        "values": [0.01, 0.1, 0.5],    # numbers (a slider) or strings (a menu)
        "default": 0.1,                # one of the values: the run a plain reader sees
        "label": "learning rate η",    # the slider's visible label
        "unit": "",                    # optional, said after each value
        "key": "final_loss",           # optional: a top-level value worth listing
        "key_label": "final loss",     #   per value, with its name
        "key_format": ".3g",           #   and a Python format spec
    }
    lr = value(SWEEP)

This module reads that literal without running anything (:func:`read_sweep`),
so a malformed sweep fails before any run, at its line. The runner
(:mod:`snippet_runner`) runs the snippet once plainly (the default value,
exactly as a reader running the file sees it) and once per other value with
:data:`ENV` set to the value as JSON; each run is cached on its own. The
page's block (:mod:`snippet_directive`) turns the runs into one figure with a
slider (:func:`widget_data`).
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

#: The module-level name a snippet declares its sweep under.
NAME = "SWEEP"
#: The environment variable that carries the value of a run (JSON).
ENV = "DLNOTES_SWEEP_VALUE"
REQUIRED = {"name", "values", "default", "label"}
OPTIONAL = {"unit", "key", "key_label", "key_format"}
#: At most this many values: each one is a full run of the snippet.
MAX_VALUES = 8


class SweepError(ValueError):
    """A malformed ``SWEEP``, with the line of the snippet it is on."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Sweep:
    """A snippet's declared sweep (see the module docstring)."""

    name: str
    values: tuple
    default: object
    label: str
    unit: str = ""
    key: str | None = None
    key_label: str | None = None
    key_format: str = ""
    line: int = 1

    @property
    def numeric(self) -> bool:
        return all(isinstance(v, int | float) and not isinstance(v, bool) for v in self.values)

    @property
    def default_index(self) -> int:
        return self.values.index(self.default)

    def text(self, value: object) -> str:
        """A value as a reader sees it, with its unit: ``0.1``, ``64 units``."""
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        return f"{shown} {self.unit}".strip() if self.unit else shown

    def key_text(self, values: dict) -> str:
        """The key number of one run, formatted (``""`` if the sweep declares none)."""
        if self.key is None:
            return ""
        return format(values[self.key], self.key_format)


def value_id(value: object) -> str:
    """The text that names one value in cache keys and lookups (JSON)."""
    return json.dumps(value)


def read_sweep(path: Path) -> Sweep | None:
    """The ``SWEEP`` a snippet declares, read without running it; None if it has none.

    Raises:
        SweepError: if the literal is not a dict of the expected keys and
            types, has fewer than two or more than ``MAX_VALUES`` values,
            repeats a value, or its default is not one of its values.
    """
    try:
        tree = ast.parse(path.read_text(), filename=str(path))
    except SyntaxError:
        return None  # the run reports it, at its line
    found = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == NAME for t in node.targets)
    ]
    if not found:
        return None
    node = found[0]
    if len(found) > 1:
        raise SweepError(found[1].lineno, f"{NAME} is assigned twice; declare it once")
    try:
        spec = ast.literal_eval(node.value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        message = f"{NAME} must be a literal dict (no names, no calls)"
        raise SweepError(node.lineno, message) from None
    return _checked(spec, node.lineno)


def _checked(spec: object, line: int) -> Sweep:
    def fail(message: str) -> SweepError:
        return SweepError(line, f"{NAME}: {message}")

    if not isinstance(spec, dict):
        raise fail(f"expected a dict, got {type(spec).__name__}")
    missing, unknown = REQUIRED - set(spec), set(spec) - REQUIRED - OPTIONAL
    if missing:
        raise fail(f"missing key(s) {sorted(missing)}")
    if unknown:
        raise fail(f"unknown key(s) {sorted(unknown)}; allowed: {sorted(REQUIRED | OPTIONAL)}")
    name, values = spec["name"], spec["values"]
    if not (isinstance(name, str) and name.isidentifier()):
        raise fail(f"'name' must be an identifier, got {name!r}")
    if not isinstance(values, list | tuple) or not 2 <= len(values) <= MAX_VALUES:
        raise fail(f"'values' must be a list of 2 to {MAX_VALUES} values, got {values!r}")
    if not all(isinstance(v, int | float | str) and not isinstance(v, bool) for v in values):
        raise fail(f"'values' must be numbers or strings, got {values!r}")
    if len({value_id(v) for v in values}) != len(values):
        raise fail(f"'values' repeats a value: {values!r}")
    if spec["default"] not in values or isinstance(spec["default"], bool):
        raise fail(f"the default {spec['default']!r} is not one of the values {list(values)}")
    for text in ("label", "unit", "key", "key_label", "key_format"):
        if text in spec and not isinstance(spec[text], str):
            raise fail(f"'{text}' must be a string, got {spec[text]!r}")
    if not spec["label"].strip():
        raise fail("'label' must not be empty: it is the slider's visible label")
    if ("key_label" in spec or "key_format" in spec) and "key" not in spec:
        raise fail("'key_label' and 'key_format' describe a 'key', which is missing")
    # The default as written among the values (0.1, not a 0.10 that equals it).
    default = next(v for v in values if v == spec["default"])
    return Sweep(
        name=name,
        values=tuple(values),
        default=default,
        label=spec["label"],
        unit=spec.get("unit", ""),
        key=spec.get("key"),
        key_label=spec.get("key_label", spec.get("key")),
        key_format=spec.get("key_format", ""),
        line=line,
    )
