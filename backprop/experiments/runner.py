"""The one way a run is trained, phase by phase: for the paper's experiments and for the command line.

``follow(plan, trainer, cases)`` trains a Trainer as a ``Plan`` says, counting the sweeps it has run
already, so that a trainer resumed from a checkpoint goes on where it stopped. ``run(recipe, seed)``
builds a recipe's net and trainer, follows the recipe's plan and says what the run did (a ``Result``).
"""

from __future__ import annotations

import time
import warnings
from typing import Callable, NamedTuple, Optional, Sequence, Union

from ..history import History, is_right
from ..recording import Recording
from ..trainer import Trainer
from ..validate import Case
from .recipes import Plan, Recipe, Result

ProgressCallback = Callable[[History], Optional[bool]]  # called after every sweep; True stops the run
# What ``run`` records: nothing (False); E and every weight once a sweep (True); or those and these names.
Recorded = Union[bool, Sequence[str]]


class Ending(NamedTuple):
    """How a followed plan ended: in words (``target reached``, ``every output within 0.2 of its
    target``, ``stopped`` when the progress callback said so, or ``done``), and the sweep whose change
    was the first to decay the weights (None when none did)."""

    why: str
    decay_started_at: Optional[int]


def follow(plan: Plan, trainer: Trainer, cases: Sequence[Case], progress: Optional[ProgressCallback] = None,
           recording: Optional[Recording] = None) -> Ending:
    """Train ``trainer`` on ``cases`` as ``plan`` says, from the sweep it has reached.

    Phase k runs until the sweeps of phases 0 … k add up (the last phase until ``plan.sweeps``),
    with its ε and α. After every sweep (before its batch change) ``progress(history)`` is called;
    the run stops there when it returns True, when E ≤ ``plan.target_error``, or when every output
    is within ``plan.stop_within`` of its target. Weight decay starts with the change of the first
    sweep that meets ``plan.decay_from`` ("start": the first sweep; a trainer whose decay is on
    already keeps it).
    """
    history = trainer.history
    decay_started_at = None
    if plan.weight_decay and plan.decay_from == "start" and not history.sweeps:
        trainer.weight_decay, decay_started_at = plan.weight_decay, 1
    asked = False

    def close() -> bool:  # every output of every case this close to its target
        return plan.stop_within is not None and bool(history.errors) and \
            history.largest_misses[-1] <= plan.stop_within

    def watch(sweep: int, E: float) -> bool:
        nonlocal asked, decay_started_at
        if plan.weight_decay and not trainer.weight_decay and \
                decay_starts(plan.decay_from, history, trainer.margin):
            # Asked after the sweep is measured, before its batch change: that change decays already.
            trainer.weight_decay, decay_started_at = plan.weight_decay, sweep
        asked = progress is not None and bool(progress(history))
        return asked or close()

    end = 0
    for number, phase in enumerate(plan.phases):
        last = number == len(plan.phases) - 1
        end = plan.sweeps if last else min(end + phase.sweeps, plan.sweeps)
        if history.sweeps >= end:
            continue
        trainer.learning_rate, trainer.momentum = phase.learning_rate, phase.momentum
        trainer.train(cases, end - history.sweeps, plan.target_error, callback=watch, record=recording)
        if history.reached_target or asked or close():
            break
    if history.reached_target:
        why = "target reached"
    elif close():
        why = f"every output within {plan.stop_within:g} of its target"
    else:
        why = "stopped" if asked else "done"
    return Ending(why, decay_started_at)


def decay_starts(decay_from: str, history: History, margin: float) -> bool:
    """Whether the sweep just measured meets ``decay_from``: every training case answered right
    ("learned"), or every output within the ``margin`` ("margin"); "start" is met from the first sweep."""
    if decay_from == "learned":
        return is_right(history.largest_misses[-1])
    return decay_from == "start" or history.largest_misses[-1] <= margin


def run(recipe: Recipe, seed: int, progress: Optional[ProgressCallback] = None,
        recording: Recorded = False) -> Result:
    """Build the recipe's net from ``seed``, train it as the recipe says, and say what it did.

    ``recording=True`` records E and every weight once a sweep into ``result.recording`` (what
    ``bp.draw.replay_html`` draws); a list of names, such as ``["∂E/∂w[o1←h1]"]``, records those as
    well. Recording only reads: the run's numbers are the same with it or without it.
    """
    started = time.perf_counter()
    network = recipe.build(seed, recipe.weight_range)
    if isinstance(recording, str):
        raise TypeError(f"recording takes True or a list of names like ['∂E/∂w[o1←h1]'], got {recording!r}")
    recorded = None
    if recording is not False:
        names = ["E"] + [name for name in ([] if recording is True else recording) if name != "E"]
        from ..draw.replay import frames_for_page  # here: the pictures load when a run is recorded for a page

        most = frames_for_page(network, [*recipe.cases, *recipe.test_cases])  # every sweep, while a page holds them
        recorded = Recording(network, names, weights=True, max_frames=most)
    first = recipe.phases[0]
    trainer = Trainer(network, learning_rate=first.learning_rate, momentum=first.momentum,
                      margin=recipe.margin, online=recipe.online, tied=recipe.tied)
    ending = follow(recipe.plan, trainer, recipe.cases, progress, recorded)
    return Result(recipe, seed, network, trainer.history, time.perf_counter() - started, recording=recorded,
                  decay_started_at=ending.decay_started_at)


def old_record(record: Optional[Recorded], recording: Recorded) -> Recorded:
    """``record=``, the old name of ``recording=`` of the experiments, kept for one release."""
    if record is None:
        return recording
    warnings.warn("the experiments' record= is now recording= (record= goes in the next release)",
                  DeprecationWarning, stacklevel=3)
    return record
