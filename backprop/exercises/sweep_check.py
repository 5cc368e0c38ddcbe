"""The sweep part, checked function by function in the checking process: each called on its own
with the library's right values around it, and compared with the library's units.

Each check returns a :class:`Found`: right, wrong (where: the net, the case, the layer, the unit,
the quantity, both values, and a hint from ``sweep_hints``), not written yet, or a problem (an
exception, a value of the wrong shape). While the learner's function runs, its own nine functions
are replaced in its file's names by ``Recorder``'s wrappers, which note every call (the evidence
the hints read) and call the learner's function; the wrappers and the Watch's ``own`` list are
the only code of the library's that runs then.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

from .hints import close
from .language import _, n_, padded
from .learner import cut, learner_traceback, raised_words, short
from .probes import WORKED
from .sheet import EXERCISES
from .sweep_hints import PER_WEIGHT, Call, backward_hint, change_hint, forward_hint, nudge_line, sweep_hint
from .sweep_probes import (
    LEFT_OVER,
    ProbeNet,
    add,
    case_values,
    copied,
    first_difference,
    probe_nets,
    shape_problem,
    trainer_sweeps,
    xor_net,
    zeros,
)
from .sweep_report import wrapped
from .watch import Watch

RIGHT, WRONG, TODO, PROBLEM = "right", "wrong", "todo", "problem"
NINE = tuple(exercise.name for exercise in EXERCISES)


class Found(NamedTuple):
    """What one check of a sweep function found: ``status`` and the lines that tell it."""

    status: str
    lines: List[str]


def tidy(lines: Sequence[str]) -> List[str]:
    """The lines of a verdict as the report shows them: a hint or a nudge wrapped, anything else cut short."""
    shown: List[str] = []
    for line in lines:
        if line.startswith((_("hint: "), _("the nudge: "))):
            shown += wrapped(line)
        else:
            shown.append(cut(line))
    return shown


class Recorder:
    """Wraps the learner's nine functions in their file's names, noting each call; ``restore`` puts them back."""

    def __init__(self, names: Dict[str, Any]) -> None:
        self.names = names
        self.calls: List[Call] = []
        self.originals = {name: names[name] for name in NINE if callable(names.get(name))}
        calls = self.calls

        def wrapped(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
            def recorded(*args: Any) -> Any:
                kept = tuple([list(row) if isinstance(row, list) else row for row in arg]
                             if isinstance(arg, list) else arg for arg in args)
                calls.append((name, kept, None))  # noted before the call, in case it raises
                result = function(*args)
                calls[-1] = (name, kept, result)
                return result
            return recorded

        for name, function in self.originals.items():
            names[name] = wrapped(name, function)

    def restore(self) -> None:
        self.names.update(self.originals)


def run(function: Callable[..., Any], args: Tuple[Any, ...], watch: Watch) -> Tuple[Any, Optional[Found]]:
    """Call the learner's function under the watch: (what it returned, None), or (None, what went wrong)."""
    try:
        with watch:
            result = function(*args)
    except BaseException as error:  # KeyboardInterrupt and SystemExit too: the learner's code raised it
        if isinstance(error, NotImplementedError):
            return None, Found(TODO, [_("not written yet: it still raises NotImplementedError")])
        refused = refusal(watch, function)
        return None, refused or Found(PROBLEM, [raised_words(error), *learner_traceback(error)])
    return result, refusal(watch, function)


def refusal(watch: Watch, function: Callable[..., Any]) -> Optional[Found]:
    if not watch.found:
        return None
    refused = watch.refusal(getattr(function, "__name__", None) or _("your function"))
    watch.clear()
    return Found(PROBLEM, [refused.message, *refused.lines])


def case_label(probe: ProbeNet, c: int) -> str:
    """Where a case is: its net, and its number counted from 0, as the library and explain --case count."""
    inputs, targets = probe.cases[c]
    if probe.label == WORKED and c > 0:  # the example has one case; the checker adds another
        return _("at {net}, case {case}, one the checker adds (inputs {inputs}, targets {targets})").format(
            net=_(probe.label), case=c, inputs=short(inputs), targets=short(targets))
    return _("at {net}, case {case} (inputs {inputs}, targets {targets})").format(
        net=_(probe.label), case=c, inputs=short(inputs), targets=short(targets))


def compared(got: Any, right: Any) -> List[str]:
    """The two lines that set the learner's value beside the right one."""
    return [padded(_("yours")) + repr(got), padded(_("right")) + repr(right)]


# ---- forward -------------------------------------------------------------------------------------------------

def check_forward(forward: Callable[..., Any], names: Dict[str, Any], watch: Watch) -> Found:
    for probe in probe_nets():
        for c, (inputs, targets) in enumerate(probe.cases):
            right = case_values(probe.net, inputs, targets)
            recorder = Recorder(names)
            try:
                result, problem = run(forward, (copied(probe.weights), list(inputs)), watch)
            finally:
                recorder.restore()
            if problem is not None:
                return Found(problem.status, [case_label(probe, c)] * (problem.status != TODO) + problem.lines)
            if not (isinstance(result, (tuple, list)) and len(result) == 2):
                return Found(PROBLEM, [case_label(probe, c), _("returned {value}: forward returns (xs, ys)").format(
                    value=short(result))])
            xs, ys = result
            problem_text = shape_problem(xs, right.xs, "xs") or shape_problem(ys, right.ys, "ys")
            if problem_text:
                return Found(PROBLEM, [case_label(probe, c), problem_text,
                                       _("xs[l] holds the x of each unit of layer l; ys[0] the inputs, ys[l + 1] the "
                                         "y of each unit of layer l (no 1.0 of the always-1 line in ys)")])
            found = first_difference([xs, ys], [right.xs, right.ys])
            if found is not None:
                (which, *place), got, value = found
                k = place[0] if which == 0 else place[0] - 1
                where = (_("ys[0], the inputs") if which == 1 and place[0] == 0 else
                         _("layer {layer} ({units}), unit {unit}: {quantity}, {entry}").format(
                             layer=k, units=" ".join(probe.names.units[k]), unit=probe.names.units[k][place[1]],
                             quantity="x" if which == 0 else "y",
                             entry=f"{'xs' if which == 0 else 'ys'}[{place[0]}][{place[1]}]"))
                hint = forward_hint(probe, recorder.calls, xs, ys, right, which, place)
                return Found(WRONG, [case_label(probe, c), where, *compared(got, value), _("hint: ") + hint])
    return Found(RIGHT, [])


# ---- backward ------------------------------------------------------------------------------------------------

def check_backward(backward: Callable[..., Any], names: Dict[str, Any], watch: Watch) -> Found:
    for probe in probe_nets():
        sums = zeros(probe.weights)
        expected = zeros(probe.weights)
        earlier: List[Any] = []  # the library's values of the cases before, in this net
        for c, (inputs, targets) in enumerate(probe.cases):
            right = case_values(probe.net, inputs, targets)
            before = copied(sums)
            expected = add(expected, right.dE_dw)
            weights = copied(probe.weights)
            recorder = Recorder(names)
            try:
                result, problem = run(backward, (weights, copied(right.xs), copied(right.ys), list(targets), sums),
                                      watch)
            finally:
                recorder.restore()
            if problem is not None:
                return Found(problem.status, [case_label(probe, c)] * (problem.status != TODO) + problem.lines)
            problem_text = shape_problem(sums, expected, "sums")
            if problem_text:
                return Found(PROBLEM, [case_label(probe, c), problem_text,
                                       _("backward adds into sums and keeps its shape: sums[l][j][i], one entry per "
                                         "weight")])
            found = first_difference(sums, expected)
            if found is None and weights != probe.weights:
                return Found(WRONG, [case_label(probe, c), _("backward changed the weights"),
                                     _("hint: ") + _("the weights change once the sweep is over (change_weights, "
                                                     "called by train): while ∂E/∂y goes down, equation 7 needs the "
                                                     "weights the case went forward with.")])
            if found is not None:
                (k, j, i), got, value = found
                name = probe.names.weights[k][j][i]
                before_this = ", ".join(str(n) for n in range(c))
                after = n_(", after case {cases} added its ∂E/∂w to the sums",
                           ", after cases {cases} added theirs to the sums", c).format(cases=before_this) if c else ""
                lines = [case_label(probe, c) + after,
                         _("layer {layer} ({units}), {entry}, ∂E/∂{name} summed over the cases so far").format(
                             layer=k, units=" ".join(probe.names.units[k]), entry=f"sums[{k}][{j}][{i}]", name=name),
                         *compared(got, value)]
                hint = backward_hint(probe, recorder.calls, sums, before, expected, right, earlier, (k, j, i),
                                     weights)
                lines.append(_("hint: ") + hint)
                lines += nudge_line(probe.net, inputs, targets, name, got - before[k][j][i])
                return Found(WRONG, lines)
            earlier.append(right)
    return Found(RIGHT, [])


# ---- sweep ---------------------------------------------------------------------------------------------------

def check_sweep(sweep: Callable[..., Any], names: Dict[str, Any], watch: Watch) -> Found:
    for probe in (xor_net(), probe_nets()[1]):
        E = 0.0
        per_case = []
        for inputs, targets in probe.cases:
            values = case_values(probe.net, inputs, targets)
            per_case.append(values)
            E += values.E_c
        net_sums = zeros(probe.weights)
        for values in per_case:
            net_sums = add(net_sums, values.dE_dw)
        sums = [[[LEFT_OVER] * len(row) for row in w] for w in probe.weights]
        weights = copied(probe.weights)
        cases = [(list(inputs), list(targets)) for inputs, targets in probe.cases]
        label = _("at {net}, its {count} cases in one sweep, every sum at {left} before it").format(
            net=_(probe.label), count=len(cases), left=LEFT_OVER)
        result, problem = run(sweep, (weights, cases, sums), watch)
        if problem is not None:
            return Found(problem.status, [label] * (problem.status != TODO) + problem.lines)
        if isinstance(result, bool) or not isinstance(result, numbers.Real) or not math.isfinite(float(result)):
            return Found(PROBLEM, [label, _("returned {value}: sweep returns E, one number").format(
                value=short(result))])
        problem_text = shape_problem(sums, net_sums, "sums")
        if problem_text:
            return Found(PROBLEM, [label, problem_text])
        found = first_difference(sums, net_sums)
        if found is None and close(float(result), E) and weights == probe.weights:
            continue
        if found is not None:
            (k, j, i), got, value = found
            where = _("{entry}, ∂E/∂{name} summed over the sweep").format(entry=f"sums[{k}][{j}][{i}]",
                                                                          name=probe.names.weights[k][j][i])
        elif not close(float(result), E):
            got, value, where = float(result), E, _("E, what sweep returned")
        else:
            return Found(WRONG, [label, _("sweep changed the weights"),
                                 _("hint: ") + sweep_hint("weights", probe, sums, per_case, net_sums)])
        kind = "sums" if found is not None else "E"
        hint = sweep_hint(kind, probe, sums, per_case, net_sums, float(result))
        return Found(WRONG, [label, where, *compared(got, value), _("hint: ") + hint])
    return Found(RIGHT, [])


# ---- change_weights ------------------------------------------------------------------------------------------

RATE, MOMENTUM = 0.5, 0.9


def check_change_weights(change: Callable[..., Any], names: Dict[str, Any], watch: Watch) -> Found:
    probe = xor_net()
    library = trainer_sweeps(probe, RATE, MOMENTUM, 0.0, 2)
    weights = copied(probe.weights)
    last_changes = zeros(probe.weights)
    for t, values in enumerate(library, 1):
        given_last = copied(last_changes)
        recorder = Recorder(names)
        label = (_("at {net}, sweep {sweep}: ε = {rate}, α = {momentum}, the sums of that sweep, and last_changes as "
                   "your change_weights left them at sweep 1") if t > 1 else
                 _("at {net}, sweep {sweep}: ε = {rate}, α = {momentum}, the sums of that sweep, every entry of "
                   "last_changes 0.0")).format(net=_(probe.label), sweep=t, rate=f"{RATE:g}",
                                               momentum=f"{MOMENTUM:g}")
        try:
            __, problem = run(change, (weights, copied(values.sums), last_changes, RATE, MOMENTUM), watch)
        finally:
            recorder.restore()
        if problem is not None:
            lists = any(isinstance(args[-1], list) for name, args, _ in recorder.calls
                        if name == "weight_change_with_momentum")
            return Found(problem.status, [label] * (problem.status != TODO) + problem.lines +
                         ([_("hint: ") + _(PER_WEIGHT)] if lists and problem.status == PROBLEM else []))
        for value, right, what in ((weights, values.weights, "weights"), (last_changes, values.changes,
                                                                         "last_changes")):
            problem_text = shape_problem(value, right, what)
            if problem_text:
                hint = change_hint(what, probe, recorder.calls, given_last, library, t, value)
                return Found(WRONG if hint else PROBLEM, [label, problem_text] +
                             ([_("hint: ") + hint] if hint else []))
            found = first_difference(value, right)
            if found is not None:
                (k, j, i), got, expected = found
                name = probe.names.weights[k][j][i]
                quantity = name if what == "weights" else _("Δw of {name}, kept for the next sweep").format(name=name)
                hint = change_hint(what, probe, recorder.calls, given_last, library, t, value, (k, j, i))
                return Found(WRONG, [label, f"{what}[{k}][{j}][{i}], {quantity}", *compared(got, expected),
                                     _("hint: ") + hint])
    return Found(RIGHT, [])


CHECKS: Dict[str, Callable[[Callable[..., Any], Dict[str, Any], Watch], Found]] = {
    "forward": check_forward, "backward": check_backward, "sweep": check_sweep, "change_weights": check_change_weights,
}

OWN: List[Callable[..., Any]] = [Recorder.__init__, run, refusal]  # the checker's code that runs while watched

__all__ = ["CHECKS", "Found", "OWN", "Recorder", "tidy"]
