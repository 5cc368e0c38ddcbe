"""Check a learner's file: run it in the checking process, judge each equation, and say so kindly.

``check(path)`` returns a :class:`Report`; ``report.text`` is what ``python -m backprop exercises
check FILE`` prints. Each equation gets a :class:`Verdict`: right, wrong (where, what was given,
what came back, the right value, a hint), not written yet, or a problem (an exception with the
learner's own traceback, a value that is no number, a call that never returned, a function that
is missing or takes other arguments).
"""

from __future__ import annotations

import math
import os
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Tuple

from .hints import close, hint
from .language import _, lang_option, language, padded, speaking
from .learner import cut
from .notes import far_out_note, nudge_words
from .probes import Probe, all_probes
from .runner import TIMEOUT, Event, Session, run_worker
from .sheet import EXERCISES, Exercise
from .sweep_report import (
    INDENT,
    MARKS,
    Alone,
    agreed,
    alone_lines,
    alone_ran,
    run_alone,
    step_lines,
    train_lines,
    wrapped,
)
from .sweep_sheet import STEPS

RIGHT, WRONG, TODO, PROBLEM, UNCHECKED = "right", "wrong", "todo", "problem", "unchecked"
MOST_WIDTH = 500  # characters of one line of the report: whatever the learner's code said, the report stays small


class Verdict(NamedTuple):
    """One equation's result: its ``status`` and the lines that explain it."""

    exercise: Exercise
    status: str
    lines: List[str]
    notes: List[str]  # said even when right (a value far out that overflowed)


class Report:
    """Everything one check found, and the text that tells it (``text``)."""

    def __init__(self, path: str, sessions: Sequence[Session], timeout: float, every: bool, net: bool) -> None:
        self.path, self.timeout, self.every = path, timeout, every
        self.language = language()  # the report is told in the language the check was made in
        events = [event for session in sessions for event in session.events]
        self.file_problem = next((event for event in events if event["kind"] == "file"), None)
        # The calls that never answered: each stopped by the timeout, or ended with its process.
        stalls = [Stall(session.unfinished, session.timed_out, session.status) for session in sessions
                  if session.unfinished is not None]
        self.stalled = stalls[-1] if stalls else None
        self.crashed = next((session.status for session in sessions
                             if session.status not in (0, None) and session.unfinished is None), None)
        self.printed = [line for session in sessions for line in session.printed]
        self.more_printed = sum(session.more_printed for session in sessions)
        probes = all_probes()
        self.verdicts = [judge(exercise, probes[exercise.number], events, stalls, timeout) for exercise in EXERCISES]
        self.nets = [event for event in events if event["kind"] == "net"]
        self.steps = {event["name"]: event for event in events if event["kind"] == "step"}
        self.trains = [event for event in events if event["kind"] == "trained"]
        self.net_wanted = net
        self.alone: Optional[Alone] = None  # python FILE, run by itself once everything else is right

    @property
    def right(self) -> int:
        """How many of the nine equations are right."""
        return sum(verdict.status == RIGHT for verdict in self.verdicts)

    @property
    def nets_agree(self) -> bool:
        """Did the nine equations, in the checker's own sweep, train XOR as the library does?"""
        return len(self.nets) == 1 and all(not net.get("problem") and not net.get("refused") and not net["parted"]
                                           for net in self.nets)

    @property
    def steps_right(self) -> bool:
        """Are forward, backward, sweep and change_weights right, each on its own?"""
        return all(self.steps.get(step.name, {}).get("status") == RIGHT for step in STEPS[:-1])

    @property
    def trains_agree(self) -> bool:
        """Did the learner's train run both nets beside the library's, without parting from them?"""
        return len(self.trains) == 2 and all(not event.get("refused") and not event["parted"] for event in self.trains)

    @property
    def alone_ran(self) -> bool:
        return alone_ran(self.alone)

    @property
    def passed(self) -> bool:
        """All nine right, the sweep's functions right, and (when the whole nets were run) the learner's train in
        step with the library and the file running by itself."""
        if not (self.right == len(EXERCISES) and self.steps_right):
            return False
        return not self.net_wanted or (self.nets_agree and self.trains_agree and self.alone_ran)

    @property
    def text(self) -> str:
        """The report, as the command line prints it, in the language of the check."""
        with speaking(self.language):
            return self.told()

    def told(self) -> str:
        """The report's text, in the language spoken now."""
        lines = [_("checking {path} against the paper's equations (1)-(9), in order").format(path=self.path)]
        if self.file_problem is not None:
            lines.append(f"  ✗ {self.file_problem['message']}")
            lines += [INDENT + line for line in self.file_problem["lines"]]
        elif self.stalled is not None and self.stalled.event["kind"] in ("start", "load"):
            if self.stalled.timed_out:
                lines.append("  ✗ " + _("{path} did not finish loading within {seconds} s, so it was stopped: is there "
                                        "a loop that never ends outside the functions?").format(
                    path=self.path, seconds=f"{self.timeout:g}"))
            elif self.stalled.event["kind"] == "load":
                lines.append("  ✗ " + _("loading {path} ended the checking process ({why})").format(
                    path=self.path, why=ended(self.stalled.status)))
            else:
                lines.append("  ✗ " + _("the checking process could not start (exit status {status}); what it printed "
                                        "is below").format(status=self.stalled.status))
        else:
            lines += self.equation_lines()
            lines += self.net_lines()
            lines += self.sweep_lines()
        if self.crashed is not None and self.file_problem is None:
            lines.append("  ✗ " + _("the checking process ended early ({why})").format(why=ended(self.crashed)))
        if self.printed:
            if self.more_printed:
                said = _("your code printed ({shown} lines shown and {more} more lines):")
            else:
                said = _("your code printed ({shown} lines shown):")
            lines.append(said.format(shown=len(self.printed), more=self.more_printed))
            lines += ["  | " + line for line in self.printed]
        return "\n".join(cut(line, MOST_WIDTH) for line in lines)

    def newest_right(self) -> Optional[Verdict]:
        """The last right equation before the first one that is not right: the one the learner has just done."""
        done = None
        for verdict in self.verdicts:
            if verdict.status != RIGHT:
                break
            done = verdict
        return done if done is not self.verdicts[-1] else None

    def equation_lines(self) -> List[str]:
        lines: List[str] = []
        width = max(len(exercise.name) for exercise in EXERCISES)
        shown = [verdict for verdict in self.verdicts if verdict.status != UNCHECKED]
        for verdict in shown:
            exercise = verdict.exercise
            lines.append(f"  {MARKS[verdict.status]} ({exercise.number}) {exercise.name:<{width}}  {exercise.equation}")
            lines += [INDENT + line for line in verdict.lines]
            if self.every or self.newest_right() is verdict:
                lines += [line for note in verdict.notes for line in wrapped(note, INDENT)]
        unchecked = [verdict.exercise.number for verdict in self.verdicts if verdict.status == UNCHECKED]
        if unchecked and not self.every:
            if len(unchecked) == 1:
                span = _("({first})").format(first=unchecked[0])
            elif len(unchecked) == 2:
                span = _("({first}) and ({last})").format(first=unchecked[0], last=unchecked[-1])
            else:
                span = _("({first}) to ({last})").format(first=unchecked[0], last=unchecked[-1])
            lines.append(_("stopped at the first equation that is not right; {span} not checked yet (add --all to "
                           "check every one)").format(span=span))
        elif self.right == len(EXERCISES) and self.steps_right and (self.trains_agree or not self.net_wanted):
            lines.append(_("all nine equations are right."))
        elif self.right == len(EXERCISES):
            lines.append(_("all nine equations are right; now write the sweep that uses them."))
        else:
            lines.append(_("{right} of 9 equations right.").format(right=self.right))
        return lines

    def net_lines(self) -> List[str]:
        training = self.stalled is not None and self.stalled.event["kind"] in ("training", "sweep")
        if not self.nets and not training:
            return []
        lines = [_("your nine equations in the checker's own sweep, beside the library's:")]
        for net in self.nets:
            lines += describe_net(net)
        if self.stalled is not None and training:
            event = self.stalled.event
            sweep = _(", sweep {sweep}").format(sweep=event["sweep"]) if "sweep" in event else ""
            if self.stalled.timed_out:
                what = _("{task}{sweep}: your code did not answer within {seconds} s, so it was stopped")
            else:
                what = _("{task}{sweep}: your code ended the checking process ({why})")
            lines.append("  ✗ " + what.format(task=_(event["task"]), sweep=sweep, seconds=f"{self.timeout:g}",
                                              why=ended(self.stalled.status)))
        return lines

    def sweep_lines(self) -> List[str]:
        """The functions of the sweep, the learner's train beside the library's, the file run by itself."""
        stalled, timed_out = (self.stalled.event, self.stalled.timed_out) if self.stalled else (None, False)
        if not self.steps and not (stalled and stalled["kind"] == "step-call"):
            return []
        lines = step_lines(self.steps, stalled, timed_out, self.timeout, self.every)
        if self.trains or (stalled and stalled["kind"] in ("training", "sweep") and self.nets_agree):
            lines += train_lines(self.trains, stalled, timed_out, self.timeout)
        if self.alone is not None:
            lines += alone_lines(self.path, self.alone)
        if self.passed and self.net_wanted:
            lines.append(_("You have written back-propagation: your forward and backward passes, your sums over each "
                           "sweep and your weight changes train a net exactly as the library does, in a file that "
                           "runs without it."))
        return lines


class Stall(NamedTuple):
    """A call that never answered: stopped after the timeout, or ended with the process (its exit ``status``)."""

    event: Event
    timed_out: bool
    status: Optional[int]


def ended(status: Optional[int]) -> str:
    """Why a process ended, for a learner: does their code exit the interpreter?"""
    return _("exit status {status}: does your code call os._exit, or end the interpreter some other way?").format(
        status=status)


def describe_net(net: Event) -> List[str]:
    """The lines that tell one whole-net run beside the library's."""
    task = _(net["task"])
    if net.get("refused"):
        return [f"  ✗ {task}: {net['refused']}"] + [INDENT + line for line in net["lines"]]
    if net.get("problem"):
        return ["  ✗ " + _("{task}: your code {problem}").format(task=task, problem=net["problem"])] + \
            [INDENT + line for line in net["lines"]]
    if net["parted"]:
        return ["  ✗ " + _("{task}: the two runs part at {where}").format(task=task, where=net["parted"]),
                INDENT + _("Each equation was right on its own: look for what changes when they run together "
                           "(a value kept from one call to the next?).")]
    return agreed(net, _("your code learned {task} in {sweeps} sweeps, as the library does"),
                  _("E and every weight agree to 1e-12 at every sweep (largest difference {largest})"),
                  _("E and every weight agree to {largest}, not to 1e-12 (sums rounded in another order than the "
                    "library's can do this)"))


def given(exercise: Exercise, probe: Probe) -> str:
    """``y_j = 0.75, d_j = 0.01``: the arguments by name."""
    return ", ".join(f"{param[0]} = {value!r}" for param, value in zip(exercise.params, probe.args))


def judge(exercise: Exercise, probes: List[Probe], events: List[Event], stalls: Sequence[Stall],
          timeout: float) -> Verdict:
    """The verdict on one equation, from the answers its probes got."""
    number = exercise.number
    for event in events:
        if event["kind"] == "function" and event["number"] == number:
            return Verdict(exercise, PROBLEM, [event["message"], *event.get("lines", [])], [])
    answers: Dict[int, Event] = {event["index"]: event for event in events
                                 if event["kind"] == "answer" and event["number"] == number}
    stall = next((stall for stall in stalls if stall.event["kind"] == "call" and stall.event["number"] == number),
                 None)
    stalled_at = None if stall is None else stall.event["index"]
    if not answers and stalled_at is None:
        return Verdict(exercise, UNCHECKED, [], [])
    notes: List[str] = []
    first: Optional[Tuple[int, Optional[Event]]] = None
    numeric: List[Tuple[Probe, float]] = []
    far_out: List[Tuple[Probe, Event]] = []
    for index, probe in enumerate(probes):
        if index == stalled_at:
            first = first or (index, None)
            break
        answer = answers.get(index)
        if answer is None:
            break
        if answer["value"] is not None:
            numeric.append((probe, answer["value"]))
        if answer["problem"] or not close(answer["value"], probe.right):
            if probe.far_out:
                far_out.append((probe, answer))
            elif first is None:
                first = (index, answer)
    if first is None:
        # Said once, and only of a function right everywhere else: far out is where training never goes.
        notes = [far_out_note(far_out)] if far_out else []
        return Verdict(exercise, RIGHT, [], notes)
    index, answer = first
    probe = probes[index]
    if answer is not None and answer["todo"]:
        return Verdict(exercise, TODO, [_("not written yet: it still raises NotImplementedError")], [])
    lines = [_("at {where}").format(where=probe.at), padded(_("given")) + given(exercise, probe)]
    if answer is None:
        assert stall is not None
        lines.append(_("it did not return within {seconds} s, so it was stopped: is there a loop that never ends?")
                     .format(seconds=f"{timeout:g}") if stall.timed_out else
                     _("it ended the checking process ({why})").format(why=ended(stall.status)))
        return Verdict(exercise, PROBLEM, lines, notes)
    if answer["problem"]:
        lines += answer["lines"] or [answer["problem"]]
        return Verdict(exercise, PROBLEM, lines, notes)
    lines += [padded(_("returned")) + repr(answer["value"]), padded(_("right")) + repr(probe.right)]
    lines += wrapped(_("hint: ") + hint(number, [(p, v) for p, v in numeric if not p.far_out]))
    if probe.nudged is not None:
        lines += wrapped(nudge_words(probe))
    return Verdict(exercise, WRONG, lines, notes)


def check(path: str, every: bool = False, timeout: float = TIMEOUT, net: bool = True) -> Report:
    """Check the learner's file at ``path``, its nine equations and then the functions of its sweep: stop at the
    first that is not right (``every``: check all).

    With ``net`` true, three runs follow as each earlier part is right: once the nine are, the
    checker's own sweep trains XOR with them beside the library; once the sweep's functions are
    too, the learner's ``train`` trains XOR and the symmetry task beside the library's Trainer;
    once those agree, the file is run by itself, as ``python FILE``. A call that has not returned
    after ``timeout`` seconds is stopped.
    """
    if not (isinstance(timeout, (int, float)) and math.isfinite(timeout) and timeout > 0):
        raise ValueError(_("the timeout must be a finite number of seconds above 0, got {timeout}").format(
            timeout=repr(timeout)))
    if not os.path.exists(path):
        raise FileNotFoundError(_("no such file: {path} (python -m backprop exercises new {path}{lang} writes "
                                  "one)").format(path=path, lang=lang_option()))
    if os.path.isdir(path):
        raise IsADirectoryError(_("{path} is a folder; give the file with your functions").format(path=path))
    options: Dict[str, Any] = {"all": every, "first": 1, "net": net, "lang": language()}
    sessions = [run_worker(path, options, timeout)]
    stalled = sessions[-1].unfinished
    while every and stalled is not None and stalled["kind"] == "call" and stalled["number"] < len(EXERCISES):
        options["first"] = stalled["number"] + 1  # the rest, in a new process
        sessions.append(run_worker(path, options, timeout))
        stalled = sessions[-1].unfinished
    report = Report(path, sessions, timeout, every, net)
    if net and report.right == len(EXERCISES) and report.steps_right and report.trains_agree:
        report.alone = run_alone(path)
    return report


def progress(path: str, timeout: float = TIMEOUT) -> Report:
    """Every equation checked (no whole-net run): how far the learner is."""
    return check(path, every=True, timeout=timeout, net=False)


def next_step(report: Report) -> str:
    """What to do next, in a line."""
    todo = next((verdict.exercise.title for verdict in report.verdicts if verdict.status != RIGHT), None)
    todo = todo or next((step.name for step in STEPS[:-1] if report.steps.get(step.name, {}).get("status") != RIGHT),
                        None)
    if todo is None:
        return _("all that this view checks is right; train and the whole nets are checked by: "
                 "python -m backprop exercises check {path}{lang}").format(path=report.path, lang=lang_option())
    return _("next: {todo} — python -m backprop exercises check {path}{lang}").format(todo=todo, path=report.path,
                                                                                      lang=lang_option())


__all__ = ["Report", "Verdict", "check", "next_step", "progress"]
