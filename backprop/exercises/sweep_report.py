"""The sweep part of the report: each function's verdict, the learner's train beside the library, the
file run by itself; and that run (``run_alone``), made by the checker once everything else is right.

The look of every part of the report is here too, shared with ``checker``: the ``MARKS`` of a verdict, the
``INDENT`` of the lines that tell it, and hints ``wrapped`` at 110 columns.
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import threading
import time
from typing import IO, Deque, Dict, List, NamedTuple, Optional, Sequence

from .language import _, wrap
from .learner import cut
from .runner import Event, start, stop, waited
from .sweep_sheet import STEPS
from .whole_net import AGREE

INDENT = " " * 6  # where the lines that tell a verdict start, under its name
MARKS = {"right": "✓", "wrong": "✗", "problem": "✗", "todo": "·", "unchecked": " "}  # a verdict's, by status
ALONE_TIMEOUT = 60.0  # seconds for python FILE to train XOR by itself (a few, on a plain machine)
SHOWN = 6  # of the lines it printed, the last ones
MARKER = "\x00backprop-alone "
BOOT = """
import json, os, runpy, sys
path = sys.argv[1]
sys.argv = [path]
sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
status = 0
try:
    runpy.run_path(path, run_name="__main__")
except SystemExit as stop:
    status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
finally:
    sys.stdout.flush()
    names = sorted(name for name in sys.modules if name == "backprop" or name.startswith("backprop."))
    sys.stderr.write("\\x00backprop-alone " + json.dumps(names) + "\\n")
sys.exit(status)
"""


def step_lines(steps: Dict[str, Event], stalled: Optional[Event], timed_out: bool, timeout: float,
               every: bool) -> List[str]:
    """One line per function of the sweep part that was looked at, with what was found."""
    width = max(len(step.name) for step in STEPS)
    lines = [_("the sweep that uses them, written by you:")]
    shown = []
    for step in STEPS:
        event = steps.get(step.name)
        if event is None and stalled is not None and stalled.get("kind") == "step-call" \
                and stalled.get("name") == step.name:
            said = (_("it did not return within {seconds} s, so it was stopped: is there a loop that never ends?")
                    if timed_out else _("it ended the checking process (does your code call os._exit?)"))
            event = {"status": "problem", "lines": [said.format(seconds=f"{timeout:g}")]}
        if event is None:
            continue
        shown.append(step.name)
        lines.append(f"  {MARKS[event['status']]} {step.name:<{width}}  {_(step.does)}")
        lines += [INDENT + line for line in event["lines"]]
    unchecked = [step.name for step in STEPS if step.name not in shown]
    wrong = [name for name in shown if steps.get(name, {}).get("status") != "right"]
    if wrong and unchecked and not every:
        span = unchecked[0] if len(unchecked) == 1 else _("{first} to {last}").format(first=unchecked[0],
                                                                                      last=unchecked[-1])
        lines.append(_("stopped at the first function of the sweep that is not right; {span} not checked yet (add "
                       "--all to check every one)").format(span=span))
    return lines


def train_lines(trains: Sequence[Event], stalled: Optional[Event], timed_out: bool, timeout: float) -> List[str]:
    """The learner's train beside the library's, net by net."""
    if trains and trains[0].get("parted") == "todo":
        width = max(len(step.name) for step in STEPS)
        return [f"  · {'train':<{width}}  {_(STEPS[-1].does)}",
                INDENT + _("not written yet: it still raises NotImplementedError")]
    lines = [_("your train now trains whole nets, sweep by sweep beside the library:")]
    for event in trains:
        task = _(event["task"])
        if event.get("refused"):
            lines += [f"  ✗ {task}: {event['refused']}"] + [INDENT + line for line in event["lines"]]
        elif event["parted"]:
            lines.append("  ✗ " + _("{task}: the two runs part at {where}").format(task=task, where=event["parted"]))
            hint = event["hint"]
            if hint and hint[0] == _("Traceback (your code, most recent call last):"):
                lines += [INDENT + line for line in hint]
            elif hint:
                lines += wrapped(_("hint: ") + " ".join(hint), INDENT)
            else:
                lines += wrapped(_("hint: ") + _("each function was right on its own, so look at what train does "
                                                 "with them: the order of sweep and change_weights, and what is kept "
                                                 "from one sweep to the next (sums, last_changes, the weights)."),
                                 INDENT)
        else:
            lines += agreed(event, _("your train learned {task} in {sweeps} sweeps, as the library's does"),
                            _("E, ∂E/∂w, every weight and every Δw agree to 1e-12 at every sweep (largest difference "
                              "{largest})"),
                            _("they agree to {largest}, not to 1e-12 (sums rounded in another order than the "
                              "library's can do this)"))
    if stalled is not None and stalled.get("kind") in ("training", "sweep") and "task" in stalled \
            and not any(event["task"] == stalled["task"] for event in trains):
        sweep = _(", sweep {sweep}").format(sweep=stalled["sweep"]) if "sweep" in stalled else ""
        what = (_("{task}{sweep}: your train did not answer within {seconds} s, so it was stopped") if timed_out
                else _("{task}{sweep}: your train ended the checking process (does your code call os._exit?)"))
        lines.append("  ✗ " + what.format(task=_(stalled["task"]), sweep=sweep, seconds=f"{timeout:g}"))
    return lines


def agreed(run: Event, learned: str, agree: str, near: str) -> List[str]:
    """The lines of a whole-net run that kept step with the library's: what it learned, its settings and time, and
    how close the two runs stayed. The words are the caller's, translated: ``learned`` (the task learned as the
    library learned it), ``agree`` (to ``AGREE`` at every sweep) and ``near`` (only to ``{largest}``)."""
    task = _(run["task"])
    if run["learner_reached"] and run["library_reached"]:
        done = learned
    else:
        done = _("neither run reached its target in {sweeps} sweeps")
    largest = run["largest_difference"]
    return [f"  ✓ {task}: " + done.format(task=task, sweeps=run["learner_sweeps"]),
            INDENT + took(run), INDENT + (agree if largest <= AGREE else near).format(largest=f"{largest:.1g}")]


def took(run: Event) -> str:
    """``2-2-1, seed 1, ...; 0.1 s``: a whole-net run's settings and how long it took."""
    return _("{settings}; {seconds} s").format(settings=run["settings"], seconds=f"{run['seconds']:.1f}")


def wrapped(text: str, indent: str = "") -> List[str]:
    """``text`` in lines of at most 110 columns, the first at ``indent`` and the rest 6 further in (under the
    words after ``hint: ``).

    >>> [line[:16] for line in wrapped("hint: " + "word " * 24, INDENT)]
    ['      hint: word', '            word']
    """
    return wrap(text, 110, initial_indent=indent, subsequent_indent=indent + "      ")


class Alone(NamedTuple):
    """How ``python FILE`` went: its exit ``status`` (None: stopped), the library's modules it imported, what it
    printed (the last lines), and how long it took."""

    status: Optional[int]
    library: List[str]
    printed: List[str]
    seconds: float


def run_alone(path: str, timeout: float = ALONE_TIMEOUT) -> Alone:
    """Run the learner's file as ``python FILE`` runs it (its folder first on the path), by itself.

    The wait is for the run itself (``runner.waited``), not for the end of its output: a child that the file's
    code started and left running, holding the output it inherited, does not hold up the verdict. Of what it
    prints only the last lines are kept, however much it prints. A run that has not ended after ``timeout``
    seconds is stopped, with whatever it started (``runner.stop``).
    """
    started = time.perf_counter()
    folder = os.path.dirname(os.path.abspath(path)) or "."
    process = start([sys.executable, "-I", "-c", BOOT, os.path.abspath(path)], subprocess.PIPE, subprocess.PIPE,
                    cwd=folder)
    readers = [Tail(process.stdout), Tail(process.stderr)]
    try:
        status = waited(process, timeout)
    except BaseException:  # Ctrl-C while waiting: the run goes too
        stop(process)
        raise
    deadline = time.perf_counter() + 1.0  # one second for both streams, not one each
    out, err = (reader.lines(deadline) for reader in readers)
    if status is None:
        return Alone(None, [], [cut(line) for line in out[-SHOWN:]], time.perf_counter() - started)
    marks = [line for line in err if line.startswith(MARKER)]
    library = json.loads(marks[-1][len(MARKER):]) if marks else []
    rest = [line for line in err if not line.startswith(MARKER)]
    printed = out[-SHOWN:] if status == 0 else (out + rest)[-SHOWN * 2:]
    return Alone(status, library, [cut(line) for line in printed], time.perf_counter() - started)


class Tail:
    """The last lines of a stream, read as they come by a thread of their own."""

    KEPT = 100  # lines: more than any report shows

    def __init__(self, stream: Optional[IO[bytes]]) -> None:
        self.kept: Deque[bytes] = collections.deque(maxlen=self.KEPT)
        self.thread = threading.Thread(target=self.read, args=(stream,), daemon=True)
        self.thread.start()

    def read(self, stream: Optional[IO[bytes]]) -> None:
        if stream is None:
            return
        with stream:  # closed at the end of what it carries (or when a child holding it ends)
            for line in iter(lambda: stream.readline(65536), b""):  # a line of no end is kept in pieces
                self.kept.append(line)

    def lines(self, deadline: float) -> List[str]:
        """What was read once the process has ended; a child still holding the stream is not waited for
        beyond ``deadline`` (a ``time.perf_counter()``: what the process itself printed is in the pipe)."""
        self.thread.join(timeout=max(0.0, deadline - time.perf_counter()))
        return [line.decode("utf-8", "replace").rstrip("\r\n") for line in list(self.kept)]


def alone_lines(path: str, alone: Alone) -> List[str]:
    name = os.path.basename(path)
    if alone.status is None:
        head = "  ✗ " + _("python {name} did not end within {seconds} s, so it was stopped; its last lines:")
    elif alone.library:
        head = "  ✗ " + _("python {name} imported the library ({modules}): the file must run with nothing but your "
                          "own code")
    elif alone.status != 0:
        head = "  ✗ " + _("python {name} ended with exit status {status}; its last lines:")
    elif not alone.printed:
        head = "  ✗ " + _("python {name} ran but printed nothing: the end of the file, as 'exercises new' wrote it, "
                          "trains XOR with your code and prints E as it goes")
    else:
        head = "  ✓ " + _("python {name} runs by itself, importing nothing of the library ({took} s); its last lines:")
    head = head.format(name=name, seconds=f"{ALONE_TIMEOUT:g}", modules=", ".join(alone.library[:3]),
                       status=alone.status, took=f"{alone.seconds:.1f}")
    return [head] + [INDENT + "| " + line for line in alone.printed]


def alone_ran(alone: Optional[Alone]) -> bool:
    """Did ``python FILE`` end well, print what it trained, and load nothing of the library?"""
    return alone is not None and alone.status == 0 and not alone.library and bool(alone.printed)
