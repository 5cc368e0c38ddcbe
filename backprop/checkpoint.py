"""Checkpoints: a Trainer with its net, its settings, Δw(t−1) and its History, as JSON.

``Trainer.checkpoint(path)`` writes one and ``Trainer.resume(path)`` reads it; training the
resumed Trainer continues, bit for bit, the run that wrote it. The file says what it is
(``"format": "backprop-checkpoint"``); its ``"network"`` is a network file's data, and
``"run"`` holds whatever the writer adds (the command line keeps its task and sweeps there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple

from .files import VERSION, check_kind, file_number, network_data, network_from_data, numbers
from .layer import Layer
from .validate import describe, plural

if TYPE_CHECKING:  # pragma: no cover
    from .network import Network
    from .trainer import Trainer

CHECKPOINT = "backprop-checkpoint"
MOST_CASES = 2 ** 53  # more cases than any run has: the bound of a sweep's cases right, and of its E, in a file
SETTINGS = ("learning_rate", "momentum", "weight_decay", "margin", "online", "train_biases", "tied")


def trainer_data(trainer: "Trainer", run: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """A checkpoint as plain data; ``run`` is free-form data of the caller's (the command line's run)."""
    history = trainer.history
    return {"format": CHECKPOINT, "version": VERSION, "network": network_data(trainer.network),
            "settings": {name: getattr(trainer, name) for name in SETTINGS},
            "last_changes": trainer.last_changes,
            "history": {"errors": history.errors, "largest_misses": history.largest_misses,
                        "cases_right": history.cases_right, "target_error": history.target_error,
                        "reached_target": history.reached_target},
            "run": run or {}}


def trainer_from_data(data: Any, trainer_class: Callable[..., "Trainer"],
                      from_layers: Callable[[List[Layer]], "Network"]) -> Tuple["Trainer", Dict[str, Any]]:
    """Rebuild a Trainer (and its net) from ``trainer_data``'s data, checking every part; and the run data."""
    check_kind(data, CHECKPOINT, "checkpoint", "checkpoint version")
    network = network_from_data(data.get("network"), from_layers)
    settings = data.get("settings")
    if not isinstance(settings, dict) or sorted(settings) != sorted(SETTINGS):
        raise ValueError(f'"settings" must give {", ".join(SETTINGS)}, got {describe(settings)}')
    for name in ("online", "train_biases"):  # the Trainer would take bool("false"), which is True
        if type(settings[name]) is not bool:
            raise ValueError(f'"settings" {name} must be true or false, got {describe(settings[name])}')
    if not (isinstance(settings["tied"], str) and settings["tied"] in ("average", "sum")):
        raise ValueError(f'"settings" tied must be "average" or "sum", got {describe(settings["tied"])}')
    try:
        trainer = trainer_class(network, **settings)  # the Trainer checks each number: its type and its range
    except (TypeError, ValueError) as error:
        raise ValueError(f'"settings" {error}') from None
    groups = network.weight_groups
    changes = data.get("last_changes")
    if not isinstance(changes, list) or len(changes) != len(groups):
        raise ValueError(f'"last_changes" must hold one list per weight group ({len(groups)}), got {describe(changes)}')
    for group, saved, last in zip(groups, changes, trainer.last_changes):
        last[:] = numbers(saved, len(last), f'"last_changes" of unit {group[0].name}', "a change")
    put_history(trainer, data.get("history"))
    run = data.get("run", {})
    if not isinstance(run, dict):
        raise ValueError(f'"run" must be an object, got {describe(run)}')
    return trainer, run


def put_history(trainer: "Trainer", entry: Any) -> None:
    """Put a checkpoint's History into ``trainer.history``, checking every value against what a sweep can measure.

    A sweep's E is half a sum of squares of differences in [0, 1], so 0 ≤ E ≤ ½ × cases × outputs; its
    largest miss |y − d| is in [0, 1]; its cases right a whole number from 0 to the cases. The file does
    not say how many cases there were: here no run is taken to have more than 2^53 (``MOST_CASES``);
    ``check_history`` holds a History to the cases of its task, where the caller knows them.
    """
    if not isinstance(entry, dict):
        raise ValueError(f'"history" must be an object, got {describe(entry)}')
    history = trainer.history
    errors = entry.get("errors")
    if not isinstance(errors, list):
        raise ValueError(f'"history" errors must be a list of numbers, one E a sweep, got {describe(errors)}')
    history.errors = sweep_values(errors, len(errors), '"history" errors', 0.0,
                                  most_E(trainer.network.output_size), E_BOUND)
    history.largest_misses = sweep_values(entry.get("largest_misses"), len(errors), '"history" largest_misses',
                                          0.0, 1.0, MISS_BOUND)
    right = entry.get("cases_right")
    if not isinstance(right, list) or len(right) != len(errors):
        raise ValueError(f'"history" cases_right: expected a list of {len(errors)} whole numbers, '
                         f"got {describe(right)}")
    for k, count in enumerate(right):
        if type(count) is not int or not 0 <= count <= MOST_CASES:
            raise ValueError(f'"history" cases_right[{k}] (sweep {k + 1}) must be a whole number from 0 to '
                             f"{MOST_CASES}, got {describe(count)}")
    history.cases_right = right
    target = entry.get("target_error")
    if target is not None and not 0.0 <= file_number(target):
        raise ValueError(f'"history" target_error must be None or a number >= 0, got {describe(target)}')
    history.target_error = None if target is None else float(target)
    reached = entry.get("reached_target")
    if type(reached) is not bool:
        raise ValueError(f'"history" reached_target must be true or false, got {describe(reached)}')
    history.reached_target = reached


# Why a sweep's numbers lie where they do, for the messages that refuse a number from a file.
E_BOUND = "E is half a sum of squares of differences in [0, 1]"
MISS_BOUND = "|y − d| of a y and a d in [0, 1]"


def most_E(outputs: int, cases: int = MOST_CASES) -> float:
    """The largest E a sweep can measure: ½ × cases × outputs (every |y − d| is at most 1)."""
    return cases * outputs / 2


def check_history(trainer: "Trainer", cases: int) -> None:
    """Refuse a History no run on ``cases`` cases could have measured: a sweep with more cases right than
    there are, or an E above ½ × cases × outputs (every difference |y − d| is at most 1). A checkpoint
    does not know its cases; the command line, which knows the run's task, asks this after reading one.

    >>> import backprop as bp
    >>> trainer = bp.Trainer(bp.Network([2, 2, 1], seed=1))
    >>> trainer.history.add_sweep(0.5, 0.6, 5)
    >>> check_history(trainer, 4)
    Traceback (most recent call last):
    ...
    ValueError: "history" cases_right[0] (sweep 1) is 5, more than the 4 cases
    """
    most = most_E(trainer.network.output_size, cases)
    for k, (E, right) in enumerate(zip(trainer.history.errors, trainer.history.cases_right)):
        if right > cases:
            raise ValueError(f'"history" cases_right[{k}] (sweep {k + 1}) is {right}, more than the '
                             f"{plural(cases, 'case')}")
        if E > most:
            raise ValueError(f'"history" errors[{k}] (sweep {k + 1}) is {E!r}, more than E can be for '
                             f"{plural(cases, 'case')} of {plural(trainer.network.output_size, 'output')} "
                             f"({most:g})")


def sweep_values(values: Any, count: int, where: str, low: float, high: float, why: str, whole: bool = False,
                 sweeps: Optional[List[int]] = None) -> List[float]:
    """``count`` numbers from ``low`` to ``high`` (``whole``: whole numbers), one a sweep, as floats; anything
    else is refused, saying which entry (``errors[2] (sweep 3)``; ``sweeps``: the sweep of each entry, when
    not the k-th), the bounds and ``why`` they are the bounds."""
    if not isinstance(values, list) or len(values) != count:
        raise ValueError(f"{where}: expected a list of {count} numbers, got {describe(values)}")
    floats = [file_number(value) for value in values]
    for k, number in enumerate(floats):
        # NaN is never within the bounds: a value that is not a finite number is refused too
        if not low <= number <= high or (whole and not number.is_integer()):
            sweep = sweeps[k] if sweeps is not None else k + 1
            raise ValueError(f"{where}[{k}] (sweep {sweep}) must be {'a whole number ' if whole else ''}from "
                             f"{low:g} to {high:g} ({why}), got {describe(values[k])}")
    return floats
