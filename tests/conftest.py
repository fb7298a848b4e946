"""Shared fixtures: layer, loss, conv and gradcheck tests; snippet-runner projects."""

import shutil
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent


class Chain:
    """Minimal stand-in for ``dlnotes.model.Sequential``: a list of layers."""

    def __init__(self, layers):
        self.layers = list(layers)

    def forward(self, x, train=False):
        for layer in self.layers:
            x = layer.forward(x, train=train)
        return x

    def backward(self, grad):
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad


@pytest.fixture
def chain():
    """The ``Chain`` class: ``chain([Dense(...), ReLU()])`` builds a model."""
    return Chain


@pytest.fixture
def rng():
    """A fresh, seeded random generator for each test."""
    return np.random.default_rng(0)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway project for the snippet runner: a copy of dlnotes, empty snippets/."""
    shutil.copytree(
        REPO / "dlnotes", tmp_path / "dlnotes", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "snippets").mkdir()
    return tmp_path
