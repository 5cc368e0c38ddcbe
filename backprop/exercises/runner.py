"""Run the checking process (``worker``) with a watchdog, and collect what it reports.

The learner's code runs in a process of its own: a function that never returns is stopped after
``timeout`` seconds without a word from the process, and the last event it sent says which call
it was in. Whatever the learner's code prints is collected apart (the first lines, each cut
short), so it can neither mix with the events nor fill a pipe and stall.

The process is started isolated (``python -I``): neither the current folder nor ``PYTHONPATH``
comes before the standard library, so a learner's ``json.py`` or ``backprop.py`` cannot stand in
for a module the checker imports; the library is loaded from its own folder, by location. On
POSIX it leads a process group of its own, so that stopping it stops whatever the learner's code
started too; and the verdict never waits for a child of the learner's code that holds its pipes.
"""

from __future__ import annotations

import json
import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from typing import IO, Any, Dict, List, NamedTuple, Optional

from .language import _
from .learner import LIBRARY, MOST_CHARACTERS

TIMEOUT = 3.0  # seconds a learner's function may run without an answer
STARTUP = 20.0  # seconds a new Python process may take to start and import the library (a slow, busy machine)
KEPT_LINES = 20  # of what the learner's code prints
SLICE = 0.25  # seconds between looks at whether the checking process has ended
GRACE = 1.0  # seconds to read what is left of the printed lines once the checking process has ended
GROUPS = hasattr(os, "killpg")  # POSIX: the checking process leads a process group of its own
WORKER = """
import importlib.util, os, sys
library = sys.argv[1]
spec = importlib.util.spec_from_file_location("backprop", os.path.join(library, "__init__.py"),
                                              submodule_search_locations=[library])
package = importlib.util.module_from_spec(spec)
sys.modules["backprop"] = package
spec.loader.exec_module(package)
from backprop.exercises.worker import main
sys.exit(main(sys.argv[2:]))
"""

Event = Dict[str, Any]


class Session(NamedTuple):
    """What one run of the checking process left: its events, and what it was doing if it had to be stopped."""

    events: List[Event]
    unfinished: Optional[Event]  # the call (or sweep, or load) that never answered: it timed out or the process ended
    timed_out: bool  # the process was stopped because it did not answer in time
    printed: List[str]  # the first lines the learner's code printed, each cut short
    more_printed: int  # how many more lines it printed
    status: Optional[int]  # the process's exit status (None when it was stopped)


_NOT_CONTINUATION = bytes(byte for byte in range(256) if not 0x80 <= byte < 0xC0)


def characters(data: bytes) -> int:
    """How many characters ``data`` holds as UTF-8 (every byte but the continuation bytes).

    >>> characters("∂E/∂y".encode("utf-8"))
    5
    """
    return len(data) - len(data.translate(None, _NOT_CONTINUATION))


class Printed:
    """Reads what the learner's code prints: the first lines, each cut short, so the pipe never fills.

    A line is kept to its first ``MOST_CHARACTERS`` characters, and only ``KEPT_LINES`` lines are
    kept, so that a 3 MB line or an endless loop of prints leaves a report of a few lines.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.lines: List[str] = []
        self.more = 0
        self.stream = stream
        self.start = bytearray()  # the first bytes of the line being read
        self.length = 0  # its length so far, in characters
        self.ended = threading.Event()  # the checking process has ended: read what it left, then stop
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def read(self) -> None:
        fd = self.stream.fileno()
        stop_at: Optional[float] = None
        while True:
            if os.name == "posix":  # a child of the learner's code may hold the pipe: never wait for its end
                ready = select.select([fd], [], [], SLICE / 5)[0]
                if self.ended.is_set():
                    stop_at = stop_at or time.monotonic() + GRACE
                    if not ready or time.monotonic() > stop_at:
                        break
                if not ready:
                    continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            self.take(chunk)
        if self.start or self.length:
            self.end_line()
        self.stream.close()

    def take(self, chunk: bytes) -> None:
        pieces = chunk.split(b"\n")
        for index, piece in enumerate(pieces):
            room = 4 * MOST_CHARACTERS - len(self.start)  # bytes: a character is at most 4 of them
            if room > 0:
                self.start += piece[:room]
            self.length += characters(piece)
            if index < len(pieces) - 1:
                self.end_line()

    def end_line(self) -> None:
        if len(self.lines) < KEPT_LINES:
            text = bytes(self.start).decode("utf-8", "replace").rstrip("\r")[:MOST_CHARACTERS]
            if self.length > len(text) + 1:  # + 1: the "\r" of a Windows line end
                text += _("… ({count} more characters)").format(count=self.length - len(text))
            self.lines.append(text)
        else:
            self.more += 1
        self.start, self.length = bytearray(), 0

    def finish(self) -> None:
        """The checking process has ended: read what it left (a little while at most), then stop."""
        self.ended.set()
        self.thread.join(timeout=2 * GRACE)


def _pump(stream: IO[bytes], lines: "queue.Queue[Optional[bytes]]") -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)  # every process holding the pipe has closed it
    stream.close()


def stop(process: "subprocess.Popen[bytes]") -> None:
    """End the checking process and, on POSIX, whatever the learner's code started in its process group."""
    if process.returncode is not None:  # already waited for: its number may be another process's by now
        return
    if GROUPS:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the group our own child leads; its id is ours until we wait
        except OSError:
            process.kill()
    else:
        process.kill()


def start(command: List[str], stdout: Any, stderr: Any, cwd: Optional[str] = None) -> "subprocess.Popen[bytes]":
    """Start ``command`` with nothing on its standard input and, on POSIX, leading a process group of its own, so
    that ``stop`` ends whatever it starts too."""
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, cwd=cwd,
                            start_new_session=GROUPS)


def waited(process: "subprocess.Popen[bytes]", timeout: float) -> Optional[int]:
    """The exit status of ``process`` once it has ended; None if it was stopped after ``timeout`` seconds.

    This waits for the process, never for the end of its pipes, which a child it started may hold open.
    """
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(process)
        process.wait()
        return None


def run_worker(path: str, options: Dict[str, Any], timeout: float = TIMEOUT) -> Session:
    """Start the checking process on ``path`` and follow it until it ends or stalls for ``timeout`` seconds."""
    command = [sys.executable, "-I", "-c", WORKER, LIBRARY, path, json.dumps({**options, "timeout": timeout})]
    process = start(command, subprocess.PIPE, subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    lines: "queue.Queue[Optional[bytes]]" = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
    printed = Printed(process.stderr)
    events: List[Event] = []
    pending: Optional[Event] = {"kind": "start"}
    deadline = time.monotonic() + STARTUP
    timed_out = False
    ended_at: Optional[float] = None  # when the process was first seen to have ended
    try:
        while True:
            if ended_at is None and process.poll() is not None:
                ended_at = time.monotonic()
            try:
                line = lines.get(timeout=max(0.0, min(SLICE, deadline - time.monotonic())))
            except queue.Empty:
                if ended_at is not None and time.monotonic() - ended_at >= SLICE:
                    break  # it ended and its last words are read: a child of the learner's code holds the pipe
                if ended_at is None and time.monotonic() >= deadline:
                    timed_out = True
                    stop(process)
                    break
                continue
            if line is None:
                break
            event = json.loads(line)
            kind = event["kind"]
            deadline = time.monotonic() + timeout
            if kind == "beat":  # in a whole-net sweep, a call of the learner's functions has returned
                continue
            # The learner's code runs from these events on, until the next.
            pending = event if kind in ("load", "call", "step-call", "training", "sweep") else None
            if kind != "sweep":
                events.append(event)
            if kind == "done":
                break
        status: Optional[int] = None
        if not timed_out:  # after its last event, the learner's code (atexit?) may run on: stopped after timeout
            status = waited(process, timeout)
    except BaseException:  # Ctrl-C while waiting: the checking process goes too
        stop(process)
        raise
    if timed_out:
        process.wait()
    printed.finish()
    return Session(events, pending, timed_out, list(printed.lines), printed.more, status)
