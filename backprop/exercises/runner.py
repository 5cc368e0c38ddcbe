"""Run the checking process (``worker``) with a watchdog, and collect what it reports.

The learner's code runs in a process of its own, started with ``python -c``: a function that
never returns is stopped after ``timeout`` seconds without a word from the process, and the
last event it sent says which call it was in. Whatever the learner's code prints is collected
apart (the first lines are kept), so it can neither mix with the events nor fill a pipe and stall.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from typing import IO, Any, Dict, List, NamedTuple, Optional

from .learner import LIBRARY

TIMEOUT = 3.0  # seconds a learner's function may run without an answer
STARTUP = 20.0  # seconds a new Python process may take to start and import the library (a slow, busy machine)
KEPT_LINES = 20  # of what the learner's code prints
WORKER = "import sys; from backprop.exercises.worker import main; sys.exit(main(sys.argv[1:]))"

Event = Dict[str, Any]


class Session(NamedTuple):
    """What one run of the checking process left: its events, and what it was doing if it had to be stopped."""

    events: List[Event]
    unfinished: Optional[Event]  # the call (or sweep, or load) that never answered: it timed out or the process ended
    timed_out: bool  # the process was stopped because it did not answer in time
    printed: List[str]  # the first lines the learner's code printed
    more_printed: int  # how many more lines it printed
    status: Optional[int]  # the process's exit status (None when it was stopped)


class Printed:
    """Reads what the learner's code prints, keeping the first lines, so the pipe never fills."""

    def __init__(self) -> None:
        self.lines: List[str] = []
        self.more = 0

    def read(self, stream: IO[bytes]) -> None:
        for raw in stream:
            if len(self.lines) < KEPT_LINES:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\r\n"))
            else:
                self.more += 1


def _pump(stream: IO[bytes], lines: "queue.Queue[Optional[bytes]]") -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)  # the process closed its output: it has ended


def run_worker(path: str, options: Dict[str, Any], timeout: float = TIMEOUT) -> Session:
    """Start the checking process on ``path`` and follow it until it ends or stalls for ``timeout`` seconds."""
    env = dict(os.environ)
    root = os.path.dirname(LIBRARY)  # so that the new process imports this very library
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    process = subprocess.Popen([sys.executable, "-c", WORKER, path, json.dumps(options)], stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None and process.stderr is not None
    lines: "queue.Queue[Optional[bytes]]" = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
    printed = Printed()
    reader = threading.Thread(target=printed.read, args=(process.stderr,), daemon=True)
    reader.start()
    events: List[Event] = []
    pending: Optional[Event] = {"kind": "start"}
    deadline = time.monotonic() + STARTUP
    timed_out = False
    try:
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                timed_out = True
                process.kill()  # our own child, stopped by its id
                break
            if line is None:
                break
            event = json.loads(line)
            kind = event["kind"]
            pending = event if kind in ("load", "call", "training", "sweep") else None  # the learner's code runs
            if kind != "sweep":
                events.append(event)
            deadline = time.monotonic() + timeout
    except BaseException:  # Ctrl-C while waiting: the checking process goes too
        process.kill()
        raise
    status = process.wait()
    reader.join(timeout=2.0)
    for stream in (process.stdout, process.stderr):
        stream.close()
    return Session(events, pending, timed_out, printed.lines, printed.more, None if timed_out else status)
