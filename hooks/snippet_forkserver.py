"""A warm process that forks one child per snippet run, so a run skips Python's startup.

Starting Python and importing NumPy, Matplotlib and SlipCover costs a
snippet run about 0.6 s of CPU before its first line, and scikit-learn 1.6 s
more: more than many snippets take. So a build's runner (:mod:`snippet_runner`)
starts this module once, as a server. It imports those libraries, then forks
one child per run. A child is a copy of that warm process: it takes the run's
environment, sends its standard output and error to files, and calls
:func:`snippet_child.main` exactly as ``python snippet_child.py SNIPPET OUT
TIMEOUT`` would.

It never imports ``dlnotes``, nor :mod:`snippet_child` (each child reads it
afresh): the recorder must see the package's import-time code run, and both
may be edited while a ``serve`` session lasts.

Protocol, one JSON object per line: the runner writes ``{"id", "snippet",
"out", "timeout", "env", "cwd"}``; the server answers ``{"id", "pid"}`` once
the child exists, and ``{"id", "exit"}`` when it has ended, with its exit code
as :mod:`subprocess` gives it (negative: killed by that signal). When its
input closes, the server waits for its children and exits.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path

#: Imported once in the server: what most snippets import first. (A library
#: that is not installed is skipped.)
PRELOAD = (
    "numpy",
    "matplotlib.pyplot",
    "slipcover",
    "sklearn.datasets",
    "sklearn.model_selection",
    "sklearn.linear_model",
    "sklearn.preprocessing",
    "sklearn.metrics",
)
#: Where a child's standard output and error go, in its output folder.
STDOUT, STDERR = "stdout.log", "stderr.log"


# ------------------------------------------------------------------ server
def _preload() -> None:
    import importlib

    import matplotlib

    matplotlib.use("Agg")
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
    if "dlnotes" in sys.modules or "snippet_child" in sys.modules:
        raise RuntimeError("the fork server must import neither dlnotes nor snippet_child")


def _child(request: dict, reply_fd: int) -> None:
    """In the forked child: become the run that ``request`` describes, then exit."""
    code = 1
    try:
        os.close(reply_fd)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        out = Path(request["out"])
        for fd, name in ((1, STDOUT), (2, STDERR)):
            target = os.open(out / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(target, fd)
            os.close(target)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        import snippet_child

        sys.argv = [snippet_child.__file__, request["snippet"], request["out"]]
        snippet_child.main(Path(request["snippet"]).resolve(), out, float(request["timeout"]))
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve() -> None:
    """Read requests on standard input, fork a child for each, report on standard output."""
    _preload()
    reply_fd = os.dup(1)
    os.dup2(2, 1)  # anything printed by accident goes to the server's stderr
    children: dict[int, str] = {}
    pending = b""
    reading = True

    def reply(message: dict) -> None:
        os.write(reply_fd, (json.dumps(message) + "\n").encode())

    while reading or children:
        ready, _, _ = select.select([0] if reading else [], [], [], 0.02)
        if ready:
            chunk = os.read(0, 1 << 16)
            reading = bool(chunk)
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                request = json.loads(line)
                pid = os.fork()
                if pid == 0:
                    _child(request, reply_fd)
                children[pid] = request["id"]
                reply({"id": request["id"], "pid": pid})
        while children:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            reply({"id": children.pop(pid), "exit": os.waitstatus_to_exitcode(status)})


# ------------------------------------------------------------------ client
@dataclass
class _Run:
    pid: int | None = None
    exit: int | None = None
    ended: threading.Event = field(default_factory=threading.Event)


@dataclass
class Finished:
    """What :meth:`ForkServer.run` returns, like a ``subprocess.CompletedProcess``."""

    returncode: int
    stdout: str
    stderr: str


class ServerGone(RuntimeError):
    """The server stopped: the run did not happen, or its end was not seen."""


class ForkServer:
    """The runner's side: start the server, ask it for runs, wait for them.

    Args:
        env: the server's environment. What Python reads when it starts (the
            hash seed, the module path, the BLAS threads) must be the same for
            every run; the rest each run passes itself.
        cwd: its working folder.
    """

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=cwd,
        )
        self.cwd = cwd
        self.runs: dict[str, _Run] = {}
        self.lock = threading.Lock()
        self.count = 0
        self.reader = threading.Thread(target=self._read, name="snippet-forkserver", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            message = json.loads(line)
            run = self.runs.get(message["id"])
            if run is None:  # a run its caller stopped waiting for
                continue
            if "pid" in message:
                run.pid = message["pid"]
            else:
                run.exit = message["exit"]
                run.ended.set()
        with self.lock:  # the server is gone: no run still waiting will hear more
            for run in self.runs.values():
                run.ended.set()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def run(
        self, snippet: Path, out: Path, timeout: float, env: dict[str, str], wait: float
    ) -> Finished | None:
        """Run ``snippet`` in a forked child; None if it still ran after ``wait`` s (killed).

        Raises:
            ServerGone: if the server stopped before the run ended.
        """
        with self.lock:
            if not self.alive():
                raise ServerGone("the snippet fork server has stopped")
            self.count += 1
            ident = str(self.count)
            run = self.runs[ident] = _Run()
            request = {
                "id": ident,
                "snippet": str(snippet),
                "out": str(out),
                "timeout": timeout,
                "env": env,
                "cwd": str(self.cwd),
            }
            assert self.proc.stdin is not None
            try:
                self.proc.stdin.write((json.dumps(request) + "\n").encode())
                self.proc.stdin.flush()
            except (BrokenPipeError, ValueError) as error:
                del self.runs[ident]
                raise ServerGone("the snippet fork server has stopped") from error
        ended = run.ended.wait(wait)
        if not ended and run.pid is not None:
            try:
                os.kill(run.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            run.ended.wait(30)
        with self.lock:
            del self.runs[ident]
        if not ended:
            return None
        if run.exit is None:
            raise ServerGone("the snippet fork server stopped during the run")
        return Finished(run.exit, _take(out / STDOUT), _take(out / STDERR))

    def close(self) -> None:
        """Let the server finish its children and exit."""
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=10)  # it stops at the end of the server's output
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def _take(path: Path) -> str:
    """The text of ``path``, which is then deleted ("" if there is none)."""
    if not path.exists():
        return ""
    text = path.read_text(errors="replace")
    path.unlink()
    return text


if __name__ == "__main__":
    serve()
