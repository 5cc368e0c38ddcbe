"""The learner's ``train`` beside the library's Trainer, sweep by sweep; this runs in the checking process.

The library's run is made first (``sweep_probes.trainer_sweeps``): E, the summed ∂E/∂w, the
weights and each weight's Δw after every sweep. Then the learner's ``train`` runs from the same
weights, with its own ``sweep`` and ``change_weights`` wrapped in its file's names: after each
call the wrapper compares what came out with the library's sweep of the same number, and at the
first place they part (more than ``PART``) it stops the run by raising ``Parted``, which names the
sweep, the quantity, both values and a hint. The wrappers are the only code of the library's that
runs while the learner's train is watched (``OWN``).
"""

from __future__ import annotations

import math
import time
from typing import Any, Callable, Dict, List, Optional

from ..network import Network
from .language import _, catalog
from .learner import learner_traceback, short, what_was_raised
from .sweep_hints import FRESH_CHANGES, GO_ON, NO_CHANGE, ONLINE, PER_WEIGHT, STOP_EARLY, STOP_LATE
from .sweep_probes import SweepValues, copied, probe_net, trainer_sweeps
from .watch import LibraryCode, Watch
from .whole_net import PART, Outcome, Run


class Parted(BaseException):
    """Raised inside the learner's train by a wrapper: the runs part here (``args``: where, what, hint)."""


def wrappers(names_: Dict[str, Any], library: List[SweepValues], start: List[Any], cases: int, target: float,
             state: Dict[str, Any], heartbeat: Optional[Callable[[int], None]]) -> Dict[str, Callable[..., Any]]:
    """The learner's ``sweep`` and ``change_weights``, wrapped to compare each call with the library's sweep."""
    sweep, change_weights = names_["sweep"], names_["change_weights"]
    weight_names = state["names"]

    def differ(got: Any, right: Any, path: str = "", shape_only: bool = False) -> Optional[tuple]:  # type: ignore[type-arg]
        """Where ``got`` first parts from ``right`` by more than PART: (the path, got, right, the difference)."""
        if isinstance(right, list):
            if not isinstance(got, list) or len(got) != len(right):
                return (path, got, right, math.inf)
            for k, (a, b) in enumerate(zip(got, right)):
                found = differ(a, b, f"{path}[{k}]", shape_only)
                if found is not None:
                    return found
            return None
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            return (path, got, right, math.inf)
        if shape_only:
            return None
        size = abs(got - right)
        if size > state["largest"] or size != size:
            state["largest"] = size if size == size else math.inf
        return (path, got, right, size) if not size <= PART else None

    def part(where: str, hint: str) -> None:
        state["parted"], state["hint"] = where, hint
        raise Parted()

    def name_of(path: str) -> str:
        k, j, i = (int(k) for k in path.strip("[]").split("]["))
        return str(weight_names[k][j][i])

    def wrapped_sweep(weights: Any, given: Any, sums: Any) -> Any:
        k = state["sweeps"] = state["sweeps"] + 1
        state["changed"] = False
        if not hasattr(given, "__len__") or len(given) != cases:
            part(_("sweep {sweep}: sweep was given {given}").format(sweep=k, given=short(given)), _(ONLINE).format(
                given=len(given) if hasattr(given, "__len__") else "?", all=cases))
        if k > len(library):
            done = library[-1]
            part(_("sweep {sweep}").format(sweep=k), _(GO_ON).format(sweep=k, done=k - 1, E=done.E, target=target))
        before = start if k == 1 else library[k - 2].weights
        found = differ(weights, before)
        if found is not None:
            earlier = start if k == 2 else library[k - 3].weights
            unchanged = k > 1 and differ(weights, earlier, shape_only=True) is None and all(
                abs(a - b) <= PART for w, v in zip(weights, earlier) for r, s in zip(w, v) for a, b in zip(r, s))
            hint = _(NO_CHANGE).format(sweep=k) if unchanged else ""
            part(_("sweep {sweep}, before it: {entry}, {name}, is {yours} in your run and {ours} in the library's")
                 .format(sweep=k, entry=f"weights{found[0]}", name=name_of(found[0]), yours=repr(found[1]),
                         ours=repr(found[2])), hint)
        E = sweep(weights, given, sums)
        right = library[k - 1]
        found = differ([E], [right.E])
        if found is not None:
            part(_("sweep {sweep}: E is {yours} by your sweep and {ours} by the library's").format(
                sweep=k, yours=repr(E), ours=repr(right.E)), "")
        found = differ(sums, right.sums)
        if found is not None:
            part(_("sweep {sweep}: {entry}, ∂E/∂{name} summed over the sweep, is {yours} by your sweep and {ours} by "
                   "the library's").format(sweep=k, entry=f"sums{found[0]}", name=name_of(found[0]),
                                           yours=repr(found[1]), ours=repr(found[2])), "")
        state["errors"].append(E)
        if heartbeat is not None:
            heartbeat(k)
        return E

    def wrapped_change(weights: Any, sums: Any, last_changes: Any, learning_rate: Any, momentum: Any) -> Any:
        k = state["sweeps"]
        if k == 0 or state["changed"]:
            part((_("sweep {sweep}: change_weights called before the first sweep") if k == 0 else
                  _("sweep {sweep}: change_weights called twice")).format(sweep=k),
                 _("train runs sweep, then change_weights, each once per sweep."))
        state["changed"] = True
        right = library[k - 1]
        if right.reached:
            part(_("sweep {sweep}: the weights changed after it").format(sweep=k),
                 _(STOP_LATE).format(sweep=k, E=right.E, target=target))
        shaped = differ(last_changes, right.changes, shape_only=True)
        if shaped is not None and shaped[3] == math.inf:
            part(_("sweep {sweep}: change_weights was given last_changes = {given}").format(
                sweep=k, given=short(last_changes)), _(PER_WEIGHT))
        if k > 1 and all(change == 0.0 for w in last_changes for row in w for change in row):
            part(_("sweep {sweep}: change_weights was given every Δw(t−1) as 0.0").format(sweep=k),
                 _(FRESH_CHANGES).format(sweep=k))
        result = change_weights(weights, sums, last_changes, learning_rate, momentum)
        found = differ(weights, right.weights)
        if found is not None:
            part(_("sweep {sweep}: after change_weights, {entry}, {name}, is {yours} in your run and {ours} in the "
                   "library's").format(sweep=k, entry=f"weights{found[0]}", name=name_of(found[0]),
                                       yours=repr(found[1]), ours=repr(found[2])), "")
        found = differ(last_changes, right.changes)
        if found is not None:
            part(_("sweep {sweep}: after change_weights, {entry}, the Δw of {name}, is {yours} in your run and {ours} "
                   "in the library's").format(sweep=k, entry=f"last_changes{found[0]}", name=name_of(found[0]),
                                             yours=repr(found[1]), ours=repr(found[2])), "")
        return result

    return {"sweep": wrapped_sweep, "change_weights": wrapped_change}


# The checker's code that runs while the learner's train is watched: the wrappers, and the words they say when the runs
# part.
OWN: List[Callable[..., Any]] = [wrappers, short, _, catalog]


def train_beside(run: Run, names_: Dict[str, Any], watch: Watch,
                 heartbeat: Optional[Callable[[int], None]] = None) -> Outcome:
    """Train ``run`` by the library and then by the learner's ``train``, compared sweep by sweep.

    Raises ``LibraryCode`` if the learner's code ran the library's; an exception of the learner's
    code comes back as the outcome's ``parted``, with its traceback in ``hint``.
    """
    started_at = time.perf_counter()
    net = Network(list(run.sizes), seed=run.seed, weight_range=run.weight_range)
    probe = probe_net(run.name, net, [(list(i), list(t)) for i, t in run.make_task().cases])
    library = trainer_sweeps(probe, run.learning_rate, run.momentum, run.target_error, run.sweeps)
    start = probe.weights
    state: Dict[str, Any] = {"sweeps": 0, "changed": False, "largest": 0.0, "parted": "", "hint": "", "errors": [],
                             "names": probe.names.weights}
    originals = {name: names_[name] for name in ("sweep", "change_weights")}
    names_.update(wrappers(names_, library, start, len(probe.cases), run.target_error, state, heartbeat))
    weights = copied(start)
    cases = [(list(inputs), list(targets)) for inputs, targets in probe.cases]
    train = names_["train"]
    returned: Any = None
    try:
        with watch:
            returned = train(weights, cases, run.learning_rate, run.momentum, run.target_error, run.sweeps)
    except Parted:
        pass
    except NotImplementedError:
        state["parted"], state["hint"] = "todo", ""
    except BaseException as error:  # KeyboardInterrupt and SystemExit too: the learner's code raised it
        state["parted"] = _("your code raised {error}").format(error=what_was_raised(error))
        state["hint"] = "\n".join(learner_traceback(error))
    finally:
        names_.update(originals)
    if watch.found:
        name = watch.called(["train", "sweep", "change_weights"]) or "train"
        refusal = watch.refusal(_("your code's {name}").format(name=name),
                                _(" at sweep {sweep}").format(sweep=state["sweeps"]))
        watch.clear()
        raise LibraryCode(refusal.message, refusal.lines)
    done = state["sweeps"]
    library_reached = library[-1].reached
    parted, hint = state["parted"], state["hint"]
    if not parted:
        if done == 0:
            parted = _("train never called your sweep")
            hint = _("train runs your sweep, then your change_weights, once a sweep (the checker follows your train "
                     "through them)")
        elif done < len(library):
            parted = _("sweep {sweep}: train returned").format(sweep=done)
            hint = _(STOP_EARLY).format(sweep=done, E=state["errors"][-1], target=run.target_error)
        elif not (isinstance(returned, (list, tuple)) and len(returned) == done
                  and all(isinstance(E, (int, float)) and E == mine for E, mine in zip(returned, state["errors"]))):
            parted = _("the end of the run: train returned {value}").format(value=short(returned))
            hint = _("train returns the E of every sweep it ran, in order: a list of {count} numbers here").format(
                count=done)
    reached = bool(state["errors"]) and state["errors"][-1] <= run.target_error
    return Outcome(run, len(library), library_reached, done, reached, state["largest"], parted,
                   time.perf_counter() - started_at, hint)


__all__ = ["OWN", "Parted", "train_beside"]
