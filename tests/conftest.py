"""Shared fixtures: layer, loss, conv and gradcheck tests; snippet-runner projects.

Also the session's order: the built site and the printed book are started in
the background as soon as the tests are collected, and the tests that need
neither run first, meanwhile (:mod:`session_builds`).
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

# One BLAS and OpenMP thread in the test process, set before NumPy or PyTorch
# load: the site build and the book run beside the tests. Threads that spin
# while waiting for a busy core slowed a PyTorch test from seconds to a minute.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import session_builds  # noqa: E402
import snippet_runner  # noqa: E402
from site_build import browser_missing  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    session_builds.order(items)


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    session_builds.start(session_builds.wanted(session.items, browser_missing() is None))


def pytest_sessionfinish(session: pytest.Session) -> None:
    session_builds.stop()


@pytest.fixture(scope="session")
def built_site() -> Path:
    """This checkout, built once per session with ``mkdocs build --strict``."""
    try:
        return session_builds.session_site()
    except AssertionError as error:
        pytest.fail(str(error), pytrace=False)


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
def project(tmp_path: Path) -> Iterator[Path]:
    """A throwaway project for the snippet runner: a copy of dlnotes, empty snippets/.

    The fork servers its runs started (one per project) stop with the test.
    """
    shutil.copytree(
        REPO / "dlnotes", tmp_path / "dlnotes", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "snippets").mkdir()
    snippet_runner.close_servers()
    yield tmp_path
    snippet_runner.close_servers()
