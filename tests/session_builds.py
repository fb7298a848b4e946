"""The test session's two slow products, the built site and the printed book, made early.

The browser tests and the reproducibility test need this checkout built
(``mkdocs build --strict``); the offline tests need the zip ``make offline``
makes; the PDF tests need the book ``make pdf`` prints. Each takes minutes
in subprocesses, much of it on one core (rendering pages, printing), while
the test process waits on the other.

So when collection ends (``tests/conftest.py``), :func:`start` begins them in
the background: the site first, then the offline edition and the book side
by side, each in a thread of its own, which reuse the snippet and notebook
results the site build just cached. The book is begun as soon as it can be:
printing it is long work on one core, and anything still being made when
the other work is done leaves a core idle. Work that needs only the site
(the browser tests' survey of every page) follows it in a thread of its own
(:func:`after_site`). :func:`order` runs the tests that need neither first,
while the site is built; then those that need the site, while the book is
printed; then the book's. A test waits, in :func:`session_site` or
:func:`session_book`, only for what is not ready yet.
Without :func:`start` (a single test run by name, say) a product is made on
first use. The snippet and notebook runners lock each run, so a test that
runs a snippet while the site build does waits for it and takes its result
instead of running it twice.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from site_build import ROOT, build_command, build_env, failed

#: Seconds either product may take before it is stopped and reported as hung.
TIMEOUT = 1200
#: The products, in the order they are made, with the fixtures that stand for
#: each and the variable that points the tests at one made already instead.
PRODUCTS = {
    "site": (("site_dir", "built_site"), "DLNOTES_SITE_DIR"),
    "offline": (("offline_zip",), "DLNOTES_OFFLINE_ZIP"),
    "book": (("book",), "DLNOTES_PDF_DIR"),
}
#: The products whose tests drive Chromium (skipped, so not made, without it).
NEED_BROWSER = ("offline", "book")
#: Modules through which tests read the results the site build caches: while
#: the build runs they would wait for them (tests/snippet_support.py).
RESULT_READERS = ("snippet_support", "notebook_support")
#: The zip of the offline edition, in its folder.
OFFLINE_ZIP = "dlnotes-offline.zip"


@dataclass
class Product:
    """One slow product: where it goes, and how its making ended."""

    name: str  # a key of PRODUCTS
    path: Path
    done: threading.Event = field(default_factory=threading.Event)
    failure: str | None = None  # the end of the tool's output, if it failed


class Builds:
    """The products of one session, each made once: in a background thread, or on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.products: dict[str, Product] = {}
        self.running: set[subprocess.Popen] = set()  # the commands running now
        self.stopped = False
        self.followers: dict[str, list[Callable[[Path], None]]] = {}
        self.lock = threading.Lock()  # then() against a product's end; `running`

    def then(self, name: str, follow: Callable[[Path], None]) -> None:
        """Call ``follow(path)`` in a thread of its own once product ``name`` is made.

        At once if it is made already; never if it failed or nobody makes it.
        """
        with self.lock:
            product = self.products.get(name)
            if product is None or not product.done.is_set():
                self.followers.setdefault(name, []).append(follow)
                return
        if product.failure is None:
            _begin(follow, product.path)

    def start(self, names: list[str]) -> None:
        """Make the first of ``names``, then the others side by side, in the background."""
        first, *others = [self._add(name) for name in names]

        def make() -> None:
            self._make_all([first])
            for product in others:
                threading.Thread(target=self._make_all, args=([product],), daemon=True).start()

        threading.Thread(target=make, daemon=True).start()

    def get(self, name: str) -> Path:
        """Product ``name``, made now if nobody started it; ``AssertionError`` if it failed."""
        if name not in self.products:
            self._make_all([self._add(name)])
        product = self.products[name]
        product.done.wait()
        if product.failure is not None:
            raise AssertionError(product.failure)
        return product.path

    def _add(self, name: str) -> Product:
        self.products[name] = Product(name, self.folder / name)
        return self.products[name]

    def _make_all(self, products: list[Product]) -> None:
        for product in products:
            try:
                for command in commands_for(product.name, product.path):
                    product.failure = (
                        "the test session ended first" if self.stopped else self._run(command)
                    )
                    if product.failure is not None:
                        break
            except Exception as error:  # reported to the test that waits for it
                product.failure = f"{type(error).__name__}: {error}"
            finally:
                with self.lock:
                    product.done.set()
                    followers = self.followers.pop(product.name, [])
                if product.failure is None:
                    for follow in followers:
                        _begin(follow, product.path)

    def _run(self, command: list[str]) -> str | None:
        """Run ``command`` in the project; the end of its output if it fails."""
        with subprocess.Popen(
            command,
            cwd=ROOT,
            env=build_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ) as proc:
            with self.lock:
                self.running.add(proc)
            try:
                output, _ = proc.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                output, _ = proc.communicate()
                output += f"\n(stopped after {TIMEOUT} s)"
            with self.lock:
                self.running.discard(proc)
        if proc.returncode == 0:
            return None
        return failed(" ".join(command[1:4]), proc.returncode, output)

    def stop(self) -> None:
        """End the session: stop what is still being made, and delete the products."""
        self.stopped = True
        with self.lock:
            running = list(self.running)
        for proc in running:
            if proc.poll() is None:
                proc.kill()
        for product in self.products.values():
            product.done.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


def _begin(follow: Callable[[Path], None], path: Path) -> None:
    """Call ``follow(path)`` in a daemon thread of its own (see :meth:`Builds.then`)."""
    threading.Thread(target=follow, args=(path,), daemon=True).start()


_builds: Builds | None = None


def _session() -> Builds:
    global _builds
    if _builds is None:
        _builds = Builds(Path(tempfile.mkdtemp(prefix="dlnotes-session-")))
    return _builds


def wanted(items, has_browser: bool) -> list[str]:
    """Which products the collected test ``items`` need, in the order to make them."""
    names = {name for item in items for name in getattr(item, "fixturenames", ())}
    return [
        product
        for product, (fixtures, given) in PRODUCTS.items()
        if names & set(fixtures)
        and not os.environ.get(given)
        and (has_browser or product not in NEED_BROWSER)
    ]


def order(items) -> None:
    """Tests that need nothing built first, then by the last product they need.

    Each group keeps its order. The tests that need nothing run while the site
    is built, those that read its snippet and notebook results (through
    :data:`RESULT_READERS`) after them, then the site's tests while the others
    are made, then the tests of the others. Those marked ``every_core`` run
    last: they read the survey of every page, which keeps both cores busy and
    runs in the background from the moment the site is built
    (:func:`after_site`), so it has had the longest time to finish.
    """
    last = {
        fixture: rank
        for rank, (fixtures, _) in enumerate(PRODUCTS.values(), 1)
        for fixture in fixtures
    }

    def rank(item) -> float:
        if item.get_closest_marker("every_core") is not None:
            return len(PRODUCTS) + 1
        found = max((last.get(name, 0) for name in getattr(item, "fixturenames", ())), default=0)
        return found or (0.5 if reads_results(item) else 0)

    items.sort(key=rank)


def reads_results(item) -> bool:
    """Whether the test's module uses the build's snippet or notebook results."""
    module = getattr(item, "module", None)
    found = vars(module).values() if module is not None else ()
    return any(getattr(value, "__module__", None) in RESULT_READERS for value in found)


def start(names: list[str]) -> None:
    """Begin making ``names`` (from :func:`wanted`) in the background."""
    if names:
        _session().start(names)


def stop() -> None:
    """Stop what is still being made and delete the products (at the end of the session)."""
    global _builds
    if _builds is not None:
        _builds.stop()
        _builds = None


def session_site() -> Path:
    """This checkout, built once per session (strict); the folder holds ``index.html``.

    Raises ``AssertionError`` with MkDocs' output if the build failed, every
    time it is asked for.
    """
    return _session().get("site")


def after_site(follow: Callable[[Path], None]) -> None:
    """Call ``follow(site)`` in a thread of its own as soon as the session's site is built.

    For work on the site that would otherwise wait for its first test: it
    runs beside the tests and the making of the offline edition and the
    book. Never called if the build fails or the session builds no site.
    """
    _session().then("site", follow)


def session_book() -> Path:
    """The folder with ``dlnotes.pdf`` and its print site."""
    return _session().get("book")


def session_offline_zip() -> Path:
    """The offline edition's zip, made once per session by ``tools/make_offline.py``."""
    return _session().get("offline") / OFFLINE_ZIP


def commands_for(name: str, path: Path) -> list[list[str]]:
    """The commands that make product ``name`` (one of :data:`PRODUCTS`) at ``path``, in order.

    The offline edition is ``tools/make_offline.py`` writing its zip into the
    folder ``path``. The book is ``tools/make_pdf.py`` printing into the folder ``path``
    (``dlnotes.pdf``, ``print-site/``).
    """
    if name == "site":
        return [build_command(path)]
    if name == "offline":
        make_offline = ROOT / "tools" / "make_offline.py"
        return [[sys.executable, str(make_offline), "--out", str(path / OFFLINE_ZIP)]]
    pdf = path / "dlnotes.pdf"
    make_pdf = ROOT / "tools" / "make_pdf.py"
    return [[sys.executable, str(make_pdf), "--out", str(pdf), "--site", str(path / "print-site")]]
