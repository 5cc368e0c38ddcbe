"""The checking process: runs the learner's functions and reports each step as a line of JSON.

``runner`` starts this module in a process of its own (``python -c``), so that a function that
never returns can be stopped from outside, and a crash ends this process and not the learner's
shell. Before each call it sends ``{"kind": "call", ...}``, after it ``{"kind": "answer", ...}``;
so if a call never ends, the last line says which one. The events go out on the process's
original standard output; the learner's own ``print`` calls are sent to standard error, which
the runner shows apart.

Events, in order: ``load``; then per exercise ``function`` (it cannot be called: a line why) or
``call``/``answer`` pairs; then, when all nine are right, ``training`` (its task) and ``net`` (the
nine in the checker's own sweep, on XOR), with a ``sweep`` after each sweep and ``beat``
heartbeats between (a call of the learner's functions has returned since the last); then per
function of the sweep part ``step-call`` and ``step`` (its verdict); then, when those are right,
for each net the learner's ``train`` runs beside the library, ``training``, a ``sweep`` after each
sweep and ``trained``; ``file`` when the file cannot run at all; ``done`` last.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import threading
from typing import Any, Callable, Dict, List, Optional, TextIO

from .hints import close
from .language import _, use
from .learner import FileProblem, call, cut, find, learner_traceback, load, raised_words, what_was_raised
from .probes import all_probes
from .runner import TIMEOUT
from .sheet import EXERCISES
from .sweep_check import CHECKS, OWN, Found, tidy
from .sweep_sheet import STEPS
from .train_check import OWN as TRAIN_OWN
from .train_check import train_beside
from .watch import LibraryCode, Watch
from .whole_net import RUNS, LearnerNet, side_by_side


class Channel:
    """Events to the runner: one JSON object a line, on the process's original standard output.

    Only the checking process itself speaks. A child that the learner's code forks lets go of the
    events at once (so the runner does not wait for it to end), and should it come back into the
    checker's code, it ends there, quietly, before it could send a word.
    """

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.lock = threading.Lock()  # the main thread and the whole-net run's Beat both send
        self.out: TextIO = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # the learner's prints, even from C, go to stderr
        if hasattr(sys.stderr, "reconfigure"):
            sys.stderr.reconfigure(encoding="utf-8", errors="backslashreplace")  # the runner reads UTF-8
        sys.stdout = sys.stderr
        if hasattr(os, "register_at_fork"):
            # A plain function and a number, not a bound method: CPython 3.9 can crash at exit holding the latter.
            os.register_at_fork(after_in_child=functools.partial(let_go_of_events, self.out.fileno()))

    def send(self, kind: str, **data: Any) -> None:
        if os.getpid() != self.pid:  # a child forked by the learner's code came back here: it ends, unheard
            os._exit(0)
        line = json.dumps({"kind": kind, **data}) + "\n"
        with self.lock:
            self.out.write(line)
            self.out.flush()


def let_go_of_events(events: int) -> None:
    """In a child forked by the learner's code: the events pipe (file descriptor ``events``) becomes os.devnull."""
    nothing = os.open(os.devnull, os.O_WRONLY)
    os.dup2(nothing, events)
    os.close(nothing)


class Beat:
    """Tells the runner, every ``interval`` seconds, that the learner's functions keep returning.

    A whole-net sweep calls them thousands of times, and the runner's timeout is meant for one call,
    as in the equation checks: so a ``beat`` goes out whenever a call has returned since the last
    look (``LearnerNet.answers``), and a call that never returns leaves the runner to stop it.
    """

    def __init__(self, channel: Channel, interval: float) -> None:
        self.channel, self.interval = channel, interval
        self.net: Optional[LearnerNet] = None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def follow(self, net: LearnerNet) -> None:
        self.net = net

    def run(self) -> None:
        seen = -1
        while not self.stopped.wait(self.interval):
            net = self.net
            if net is not None and net.answers != seen:
                seen = net.answers
                self.channel.send("beat")

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()


def check_exercises(channel: Channel, names: Dict[str, Any], path: str, options: Dict[str, Any]) -> bool:
    """Call every exercise's function on its probes; True when all nine are right."""
    probes = all_probes()
    watch = Watch(path)
    right: List[int] = []
    for exercise in EXERCISES:
        if exercise.number < options.get("first", 1):
            continue
        try:
            function, problem = find(names, exercise, path)
        except BaseException as error:  # the learner's object raised when looked at (its __signature__, ...)
            function, problem = None, looked_at(exercise.name, path, error)
        if function is None or problem:
            channel.send("function", number=exercise.number, message=problem)
            if options.get("all"):
                continue
            break
        params = [name for name, _, _ in exercise.params]
        wrong = False
        for index, probe in enumerate(probes[exercise.number]):
            channel.send("call", number=exercise.number, index=index)
            answer = call(function, probe.args, params, watch)
            channel.send("answer", number=exercise.number, index=index, value=answer.value, problem=answer.problem,
                         todo=answer.todo, lines=list(answer.lines))
            if watch.found:  # the answer came from the library's own code: the function is not the learner's
                refusal = watch.refusal(exercise.name)
                channel.send("function", number=exercise.number, message=refusal.message, lines=refusal.lines)
                watch.clear()
                wrong = True
                break
            failed = bool(answer.problem) or answer.value is None or not close(answer.value, probe.right)
            wrong = wrong or (failed and not probe.far_out)
            if answer.problem and not probe.far_out:
                break  # an exception or a value that is no number: the first says enough
        if not wrong:
            right.append(exercise.number)
        elif not options.get("all"):
            break
    return len(right) == len(EXERCISES)


def heartbeat(channel: Channel, task: str, sweep: int) -> None:
    """Which sweep a whole-net run is at (the nine's in the checker's sweep, or the learner's train), for a call that
    never returns (and so that the runner waits on)."""
    channel.send("sweep", task=task, sweep=sweep)


def run_whole_nets(channel: Channel, names: Dict[str, Any], path: str, timeout: float) -> bool:
    """XOR trained by the learner's nine equations in the checker's sweep beside the library's, watched for the
    library's code; True when the two runs agree."""
    functions: Dict[str, Callable[..., Any]] = {exercise.name: names[exercise.name] for exercise in EXERCISES}
    # The checker's code that runs while the learner's sweeps are watched: the sweep itself, and the Beat's thread
    # (sys.monitoring hears of every thread).
    watch = Watch(path, own=[LearnerNet.sweep, LearnerNet.update, Beat.run, Channel.send])
    beat = Beat(channel, min(timeout / 10, 1.0))
    run = RUNS[0]
    channel.send("training", task=run.name)
    try:
        outcome = side_by_side(run, functions, functools.partial(heartbeat, channel, run.name), watch, beat.follow)
    except LibraryCode as refusal:
        channel.send("net", task=run.name, refused=refusal.message, lines=refusal.lines)
        return False
    except BaseException as error:  # KeyboardInterrupt and SystemExit too: the learner's code raised it
        channel.send("net", task=run.name, problem=raised_words(error), lines=learner_traceback(error))
        return False
    finally:
        beat.stop()
    channel.send("net", task=run.name, settings=run.settings, library_sweeps=outcome.library_sweeps,
                 library_reached=outcome.library_reached, learner_sweeps=outcome.learner_sweeps,
                 learner_reached=outcome.learner_reached, largest_difference=outcome.largest_difference,
                 parted=cut(outcome.parted), seconds=outcome.seconds)
    return not outcome.parted


def check_sweep_part(channel: Channel, names: Dict[str, Any], path: str, options: Dict[str, Any]) -> bool:
    """Each function of the sweep part on its own (forward, backward, sweep, change_weights); True when all are
    right and ``train`` can be called as the checker calls it."""
    watch = Watch(path, own=OWN)
    right = True
    for step in STEPS:
        try:
            function, problem = find(names, step, path)
        except BaseException as error:  # the learner's object raised when looked at
            function, problem = None, looked_at(step.name, path, error)
        if function is None or problem:
            channel.send("step", name=step.name, status="problem", lines=[problem])
            right = False
        elif step.name in CHECKS:
            channel.send("step-call", name=step.name)
            try:
                found = CHECKS[step.name](function, names, watch)
            except BaseException as error:  # the learner's values, whose own methods raised when compared
                found = Found("problem", [_("what it returned raised {error} when read").format(
                                              error=what_was_raised(error)),
                                          *learner_traceback(error)])
            channel.send("step", name=step.name, status=found.status, lines=tidy(found.lines))
            right = right and found.status == "right"
        if not right and not options.get("all"):
            return False
    return right


def looked_at(name: str, path: str, error: BaseException) -> str:
    """The learner's object named ``name`` raised when the checker looked at it (its ``__signature__``, ...)."""
    return _("{name} in {path} raised {error} when looked at").format(name=name, path=path,
                                                                    error=what_was_raised(error))


def run_trains(channel: Channel, names: Dict[str, Any], path: str) -> None:
    """XOR and symmetry trained by the learner's train beside the library's Trainer, sweep by sweep."""
    watch = Watch(path, own=[*TRAIN_OWN, heartbeat, Channel.send])
    for run in RUNS:
        channel.send("training", task=run.name)
        try:
            outcome = train_beside(run, names, watch, functools.partial(heartbeat, channel, run.name))
        except LibraryCode as refusal:
            channel.send("trained", task=run.name, refused=refusal.message, lines=refusal.lines)
            return
        channel.send("trained", task=run.name, settings=run.settings, library_sweeps=outcome.library_sweeps,
                     library_reached=outcome.library_reached, learner_sweeps=outcome.learner_sweeps,
                     learner_reached=outcome.learner_reached, largest_difference=outcome.largest_difference,
                     parted=cut(outcome.parted), hint=[cut(line) for line in outcome.hint.splitlines()],
                     seconds=outcome.seconds)
        if outcome.parted:
            return


def main(argv: List[str]) -> int:
    """``argv``: the learner's file, then the options as JSON (``all``, ``first``, ``net``, ``timeout``, ``lang``)."""
    path, options = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    use(options.get("lang", "en"))  # the language of every line this process words
    channel = Channel()
    channel.send("load")
    try:
        names = load(path)
    except FileProblem as problem:
        channel.send("file", message=problem.message, lines=problem.lines)
        channel.send("done")
        return 0
    except OSError as error:
        channel.send("file", message=_("cannot read {path}: {why}").format(path=path, why=error.strerror or error),
                     lines=[])
        channel.send("done")
        return 0
    nine = check_exercises(channel, names, path, options)
    if nine and options.get("net", True):
        nine = run_whole_nets(channel, names, path, float(options.get("timeout", TIMEOUT)))
    if (nine or options.get("all")) and check_sweep_part(channel, names, path, options) and options.get("net", True):
        run_trains(channel, names, path)
    channel.send("done")
    return 0
