"""Save and load as JSON: a network's architecture, names and every weight, bit-exact.

The file says what it is (``"format": "backprop-network"``) and its ``version``. Floats are
written with ``repr``, which Python reads back to the same bits. A file is written to a
temporary file beside it and then moved into place, so a crash never leaves half a file.
No pickle and no eval: loading only reads numbers, strings and lists, and checks each one.

This module reads and writes the data; ``Network.save``/``Network.load`` call it, and it
imports nothing above the layers, so the dependency points one way.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Tuple, TypeVar, Union

from .checks import describe
from .layer import Layer
from .wiring import Recurrence, unit_names

if TYPE_CHECKING:  # pragma: no cover
    from .network import Network
    from .trainer import Trainer

FORMAT = "backprop-network"
CHECKPOINT = "backprop-checkpoint"
VERSION = 1
SETTINGS = ("learning_rate", "momentum", "weight_decay", "margin", "online", "train_biases", "tied")
PathLike = Union[str, "os.PathLike[str]"]
Built = TypeVar("Built")
Weights = Dict[str, Tuple[List[Any], List[Any]]]  # layer name → (biases, rows of weights), as read


def network_data(network: "Network") -> Dict[str, Any]:
    """The network as plain JSON-ready data: each layer, and for a layer of neurons its biases and weights."""
    layers = []
    for layer in network.layers:
        entry: Dict[str, Any] = {"name": layer.name, "size": layer.size,
                                 "inputs": [feeder.name for feeder in layer.feeders],
                                 "units": [unit.name for unit in layer.units]}
        if layer.tied_to is not None:
            entry["tied_to"] = layer.tied_to.name
        if not layer.is_input:
            entry["biases"] = [neuron.w[-1] for neuron in layer.neurons]  # the always-1 line's weight
            entry["weights"] = [neuron.w[:-1] for neuron in layer.neurons]
        layers.append(entry)
    data: Dict[str, Any] = {"format": FORMAT, "version": VERSION, "layers": layers}
    if network.recurrent is not None:
        data["recurrent"] = network.recurrent._asdict()
    return data


def write(path: PathLike, data: Any) -> None:
    """Write ``data`` as JSON to ``path`` atomically: a temporary file in the same folder, then a rename."""
    text = json.dumps(data, indent=1, allow_nan=False)
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".backprop-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def read(path: PathLike, build: Callable[[Any], Built]) -> Built:
    """Read the JSON file at ``path`` and ``build`` from it; any refusal is one ValueError naming the file."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{os.fspath(path)}: not a backprop network file: invalid JSON ({error})") from None
    try:
        return build(data)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{os.fspath(path)}: {error}") from None


def network_from_data(data: Any, from_layers: Callable[[List[Layer]], "Network"]) -> "Network":
    """Rebuild a network from ``network_data``'s data, checking every part of it (``from_layers``: the
    network's constructor, which this module does not import)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f'not a backprop network file (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise ValueError(f"format version {data.get('version')!r} is not supported (this library reads {VERSION})")
    entries = data.get("layers")
    if not isinstance(entries, list) or len(entries) < 2:
        raise ValueError('"layers" must be a list of at least two layers')
    layers: Dict[str, Layer] = {}
    weights: Weights = {}
    for position, entry in enumerate(entries):
        where = f"layer {position}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: expected an object, got {describe(entry)}")
        name, feeders = entry.get("name"), entry.get("inputs")
        size: Any = entry.get("size")  # Layer checks it
        if not isinstance(name, str) or not name or name in layers:
            raise ValueError(f"{where}: the name must be a new non-empty string, got {describe(name)}")
        if not isinstance(feeders, list) or not all(isinstance(f, str) and f in layers for f in feeders):
            raise ValueError(f"{where} ({name}): inputs must name earlier layers, got {describe(feeders)}")
        tied_to = entry.get("tied_to")
        if tied_to is not None and tied_to not in layers:
            raise ValueError(f"{where} ({name}): tied_to must name an earlier layer, got {describe(tied_to)}")
        twin = layers[tied_to] if tied_to is not None else None
        layer = Layer(size, [layers[f] for f in feeders], name, tied_to=twin)  # no feeders: an input layer
        if entry.get("units") != unit_names(name, layer.size):
            raise ValueError(f"{where} ({name}): the unit names do not match the layer's name and size")
        layers[name] = layer
        if not layer.is_input:
            weights[name] = (entry.get("biases"), entry.get("weights"))  # type: ignore[assignment]
    recurrent = data.get("recurrent")
    if recurrent is not None:
        try:
            recurrent = Recurrence(**recurrent)
        except TypeError:
            raise ValueError(f'"recurrent" must give units, steps, inputs and outputs, '
                             f"got {describe(recurrent)}") from None
    network = from_layers(list(layers.values()))
    put_weights(network.layers, weights)
    network.recurrent = recurrent
    return network


def put_weights(layers: List[Layer], weights: Weights) -> None:
    """Put the file's biases and weights into the built layers' neurons, checking every count and number."""
    for position, layer in enumerate(layers):
        if layer.is_input:
            continue
        where = f"layer {position} ({layer.name})"
        biases, rows = weights[str(layer.name)]
        if not isinstance(biases, list) or len(biases) != layer.size:
            raise ValueError(f"{where}: expected {layer.size} biases, got {describe(biases)}")
        if not isinstance(rows, list) or len(rows) != layer.size:
            raise ValueError(f"{where}: expected {layer.size} rows of weights, got {describe(rows)}")
        for k, (neuron, bias, row) in enumerate(zip(layer.neurons, biases, rows)):
            if not isinstance(row, list) or len(row) != len(layer.feeding_units):
                raise ValueError(f"{where}: unit {neuron.name} needs {len(layer.feeding_units)} weights, "
                                 f"got {describe(row)}")
            for value in row + [bias]:
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                    raise ValueError(f"{where}: unit {neuron.name} has a weight that is not a finite number: "
                                     f"{describe(value)}")
            w = [float(value) for value in row + [bias]]  # the always-1 line's weight last, as in neuron.w
            if layer.tied_to is not None and w != layer.tied_to.neurons[k].w:
                twin = layer.tied_to.neurons[k]
                raise ValueError(f"{where}: unit {neuron.name} is tied to {twin.name} but its weights differ")
            neuron.w[:] = w


# ---- checkpoints: a Trainer with its net, settings, Δw(t−1) and History, to resume bit for bit ------

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
        last[:] = numbers(saved, len(last), f'"last_changes" of unit {group[0].name}')
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
    history.errors = numbers(errors, count, '"history" errors')
    history.largest_misses = numbers(entry.get("largest_misses"), count, '"history" largest_misses')
    right = entry.get("cases_right")
    if not isinstance(right, list) or len(right) != count or not all(type(r) is int and r >= 0 for r in right):
        raise ValueError(f'"history" cases_right must be {count} whole numbers, got {describe(right)}')
    history.cases_right = right
    target = entry.get("target_error")
    history.target_error = None if target is None else numbers([target], 1, '"history" target_error')[0]
    history.reached_target = entry.get("reached_target") is True


def numbers(values: Any, count: int, where: str) -> List[float]:
    """``count`` finite numbers from a file, as floats; anything else is refused, saying where."""
    if not isinstance(values, list) or len(values) != count:
        raise ValueError(f"{where}: expected a list of {count} numbers, got {describe(values)}")
    floats = []
    for value in values:
        try:
            number = float(value) if type(value) in (int, float) else math.nan
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise ValueError(f"{where}: expected finite numbers, got {describe(value)}")
        floats.append(number)
    return floats
