"""Save and load a network as JSON: the architecture, the names and every weight, bit-exact.

The file says what it is (``"format": "backprop-network"``) and its ``version``. Floats are
written with ``repr``, which Python reads back to the same bits. A file is written to a
temporary file beside it and then moved into place, so a crash never leaves half a file.
No pickle and no eval: loading only reads numbers, strings and lists.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from typing import Any, Dict, List, Union

from .checks import describe
from .layer import Layer, unit_names
from .network import Network, Recurrence

FORMAT = "backprop-network"
VERSION = 1
PathLike = Union[str, "os.PathLike[str]"]


def to_dict(network: Network) -> Dict[str, Any]:
    """The network as plain JSON-ready data."""
    layers = []
    for layer in network.layers:
        entry: Dict[str, Any] = {
            "name": layer.name,
            "size": layer.size,
            "inputs": [feeder.name for feeder in layer.inputs],
            "units": [unit.name for unit in layer.neurons],
        }
        if layer.tied_to is not None:
            entry["tied_to"] = layer.tied_to.name
        if not layer.is_input:
            entry["biases"] = [neuron.bias for neuron in layer.neurons]
            entry["weights"] = [list(neuron.weights) for neuron in layer.neurons]
        layers.append(entry)
    data: Dict[str, Any] = {"format": FORMAT, "version": VERSION, "layers": layers}
    if network.recurrent is not None:
        data["recurrent"] = network.recurrent._asdict()
    return data


def save(network: Network, path: PathLike) -> None:
    """Write ``network`` to ``path`` atomically: a temporary file in the same folder, then a rename."""
    text = json.dumps(to_dict(network), indent=1, allow_nan=False)
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


def load(path: PathLike) -> Network:
    """Read a network written by ``save``; a malformed file raises ``ValueError`` saying what is wrong."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{os.fspath(path)}: not a backprop network file: invalid JSON ({error})") from None
    try:
        return from_dict(data)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{os.fspath(path)}: {error}") from None


def from_dict(data: Any) -> Network:
    """Rebuild a network from ``to_dict``'s data, checking every part of it."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f'not a backprop network file (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise ValueError(f"format version {data.get('version')!r} is not supported (this library reads {VERSION})")
    entries = data.get("layers")
    if not isinstance(entries, list) or len(entries) < 2:
        raise ValueError('"layers" must be a list of at least two layers')
    layers: Dict[str, Layer] = {}
    ordered: List[Layer] = []
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
        ordered.append(layer)
    network = Network.from_layers(ordered)
    for position, (entry, layer) in enumerate(zip(entries, ordered)):
        if not layer.is_input:
            _set_weights(layer, entry, f"layer {position} ({layer.name})")
    recurrent = data.get("recurrent")
    if recurrent is not None:
        try:
            network.recurrent = Recurrence(**recurrent)
        except TypeError:
            raise ValueError(f'"recurrent" must give units, steps, inputs and outputs, '
                             f"got {describe(recurrent)}") from None
    return network


def _set_weights(layer: Layer, entry: Dict[str, Any], where: str) -> None:
    """Put the file's biases and weights into the layer's neurons, checking every count and number."""
    biases, rows = entry.get("biases"), entry.get("weights")
    if not isinstance(biases, list) or len(biases) != layer.size:
        raise ValueError(f"{where}: expected {layer.size} biases, got {describe(biases)}")
    if not isinstance(rows, list) or len(rows) != layer.size:
        raise ValueError(f"{where}: expected {layer.size} rows of weights, got {describe(rows)}")
    for neuron, bias, row in zip(layer.neurons, biases, rows):
        if not isinstance(row, list) or len(row) != len(layer.sources):
            raise ValueError(f"{where}: unit {neuron.name} needs {len(layer.sources)} weights, got {describe(row)}")
        for value in [bias] + row:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(
                    f"{where}: unit {neuron.name} has a weight that is not a finite number: {describe(value)}"
                )
        values = [float(w) for w in row]
        if layer.tied_to is not None:
            twin = layer.tied_to.neurons[layer.neurons.index(neuron)]
            if values != twin.weights or float(bias) != twin.bias:
                raise ValueError(f"{where}: unit {neuron.name} is tied to {twin.name} but its weights differ")
        neuron.bias = float(bias)
        neuron.weights[:] = values
