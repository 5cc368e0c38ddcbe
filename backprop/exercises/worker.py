"""The checking process: runs the learner's functions and reports each step as a line of JSON.

``runner`` starts this module in a process of its own (``python -c``), so that a function that
never returns can be stopped from outside, and a crash ends this process and not the learner's
shell. Before each call it sends ``{"kind": "call", ...}``, after it ``{"kind": "answer", ...}``;
so if a call never ends, the last line says which one. The events go out on the process's
original standard output; the learner's own ``print`` calls are sent to standard error, which
the runner shows apart.

Events, in order: ``load``; then per exercise ``function`` (it cannot be called: a line why) or
``call``/``answer`` pairs; then, when all nine are right, ``net`` with ``sweep`` heartbeats
between; ``file`` when the file cannot run at all; ``done`` last.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, Callable, Dict, List, TextIO

from .hints import close
from .learner import FileProblem, call, find, learner_traceback, load
from .probes import all_probes
from .sheet import EXERCISES
from .whole_net import RUNS, side_by_side


class Channel:
    """Events to the runner: one JSON object a line, on the process's original standard output."""

    def __init__(self) -> None:
        self.out: TextIO = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # the learner's prints, even from C, go to stderr
        sys.stdout = sys.stderr

    def send(self, kind: str, **data: Any) -> None:
        self.out.write(json.dumps({"kind": kind, **data}) + "\n")
        self.out.flush()


def check_exercises(channel: Channel, names: Dict[str, Any], path: str, options: Dict[str, Any]) -> bool:
    """Call every exercise's function on its probes; True when all nine are right."""
    probes = all_probes()
    right: List[int] = []
    for exercise in EXERCISES:
        if exercise.number < options.get("first", 1):
            continue
        function, problem = find(names, exercise, path)
        if function is None or problem:
            channel.send("function", number=exercise.number, message=problem)
            if options.get("all"):
                continue
            break
        params = [name for name, _, _ in exercise.params]
        wrong = False
        for index, probe in enumerate(probes[exercise.number]):
            channel.send("call", number=exercise.number, index=index)
            answer = call(function, probe.args, params)
            channel.send("answer", number=exercise.number, index=index, value=answer.value, problem=answer.problem,
                         todo=answer.todo, lines=list(answer.lines))
            failed = bool(answer.problem) or answer.value is None or not close(answer.value, probe.right)
            wrong = wrong or (failed and not probe.far_out)
            if answer.problem and not probe.far_out:
                break  # an exception or a value that is no number: the first says enough
        if not wrong:
            right.append(exercise.number)
        elif not options.get("all"):
            break
    return len(right) == len(EXERCISES)


def run_whole_nets(channel: Channel, names: Dict[str, Any]) -> None:
    """XOR and symmetry trained by the learner's equations beside the library's."""
    functions: Dict[str, Callable[..., Any]] = {exercise.name: names[exercise.name] for exercise in EXERCISES}
    for run in RUNS:
        channel.send("training", task=run.name)

        def heartbeat(sweep: int, task: str = run.name) -> None:  # the runner's watchdog hears from every sweep
            channel.send("sweep", task=task, sweep=sweep)

        try:
            outcome = side_by_side(run, functions, heartbeat)
        except (Exception, SystemExit) as error:
            channel.send("net", task=run.name, problem=f"raised {type(error).__name__}: {error}",
                         lines=learner_traceback(error))
            return
        channel.send("net", task=run.name, settings=run.settings, library_sweeps=outcome.library_sweeps,
                     library_reached=outcome.library_reached, learner_sweeps=outcome.learner_sweeps,
                     learner_reached=outcome.learner_reached, largest_difference=outcome.largest_difference,
                     parted=outcome.parted, seconds=outcome.seconds)
        if outcome.parted:
            return


def main(argv: List[str]) -> int:
    """``argv``: the learner's file, then the options as JSON (``all``, ``first``, ``net``)."""
    path, options = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    channel = Channel()
    channel.send("load")
    try:
        names = load(path)
    except FileProblem as problem:
        channel.send("file", message=problem.message, lines=problem.lines)
        channel.send("done")
        return 0
    except OSError as error:
        channel.send("file", message=f"cannot read {path}: {error.strerror or error}", lines=[])
        channel.send("done")
        return 0
    if check_exercises(channel, names, path, options) and options.get("net", True):
        run_whole_nets(channel, names)
    channel.send("done")
    return 0
