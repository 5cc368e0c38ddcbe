"""Checkpoints: a Trainer with its net, its settings, Δw(t−1) and its History, as JSON.

``Trainer.checkpoint(path)`` writes one and ``Trainer.resume(path)`` reads it; training the
resumed Trainer continues, bit for bit, the run that wrote it. The file says what it is
(``"format": "backprop-checkpoint"``); its ``"network"`` is a network file's data, and
``"run"`` holds whatever the writer adds (the command line keeps its task and sweeps there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple

from .checks import describe
from .io import VERSION, network_data, network_from_data, numbers
from .layer import Layer

if TYPE_CHECKING:  # pragma: no cover
    from .network import Network
    from .trainer import Trainer

CHECKPOINT = "backprop-checkpoint"
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
    if not isinstance(data, dict) or data.get("format") != CHECKPOINT:
        raise ValueError(f'not a backprop checkpoint (no "format": "{CHECKPOINT}")')
    if data.get("version") != VERSION:
        raise ValueError(f"checkpoint version {data.get('version')!r} is not supported (this library reads {VERSION})")
    network = network_from_data(data.get("network"), from_layers)
    settings = data.get("settings")
    if not isinstance(settings, dict) or sorted(settings) != sorted(SETTINGS):
        raise ValueError(f'"settings" must give {", ".join(SETTINGS)}, got {describe(settings)}')
    trainer = trainer_class(network, **settings)  # the Trainer checks each setting
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
    """Put a checkpoint's History into ``trainer.history``, checking its lists."""
    if not isinstance(entry, dict):
        raise ValueError(f'"history" must be an object, got {describe(entry)}')
    history = trainer.history
    errors = entry.get("errors")
    count = len(errors) if isinstance(errors, list) else -1
    history.errors = numbers(errors, count, '"history" errors', "a value")
    history.largest_misses = numbers(entry.get("largest_misses"), count, '"history" largest_misses', "a value")
    right = entry.get("cases_right")
    if not isinstance(right, list) or len(right) != count or not all(type(r) is int and r >= 0 for r in right):
        raise ValueError(f'"history" cases_right must be {count} whole numbers, got {describe(right)}')
    history.cases_right = right
    target = entry.get("target_error")
    history.target_error = None if target is None else numbers([target], 1, '"history" target_error', "a value")[0]
    history.reached_target = entry.get("reached_target") is True
