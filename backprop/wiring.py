"""How layers connect: forward order, names, ties, the starting weights and the unrolled recurrent net.

Building a network is one job and computing with it another: this module does the first, once,
when a ``Network`` is made, and leaves ``Layer`` and ``Neuron`` holding only what the equations
need. Every rule is checked before anything is built, so a refused list of layers can be used
again once mended.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

from .layer import Layer
from .neuron import Neuron, Unit
from .validate import check_seed, check_size, check_weight_range, describe, plural


class Recurrence(NamedTuple):
    """The recurrent net a ``Network.unrolled`` stands for: ``units`` units run for ``steps`` steps,
    with ``inputs`` external input lines per step, units 1 … ``outputs`` read at the steps ``read_at``."""

    units: int
    steps: int
    inputs: int
    outputs: int
    read_at: Tuple[int, ...] = ()  # () in files of earlier versions: the last step only


def unit_names(layer_name: str, size: int) -> List[str]:
    """The names of a layer's units: h → h1, h2 ...; a name ending in a digit gets a dot.

    >>> unit_names("h", 2), unit_names("h2", 2), unit_names("person", 1)
    (['h1', 'h2'], ['h2.1', 'h2.2'], ['person1'])
    """
    separator = "." if layer_name[-1].isdigit() else ""
    return [f"{layer_name}{separator}{k}" for k in range(1, size + 1)]


def chain_layers(sizes: Sequence[int]) -> List[Layer]:
    """The layers of a fully connected chain: ``[6, 2, 1]`` is 6 inputs, 2 hidden units, 1 output."""
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise TypeError(f"sizes must be a list of layer sizes like [6, 2, 1], got {describe(sizes)}")
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output layer, got {list(sizes)}")
    checked = [check_size(size, f"layer {position} size") for position, size in enumerate(sizes)]
    layers = [Layer.input(checked[0])]
    for size in checked[1:]:
        layers.append(Layer(size, inputs=layers[-1]))
    return layers


def connect(layers: List[Layer], seed: Any, weight_range: float) -> List[List[Neuron]]:
    """Check the layers, name them, make their units, tie them, draw the starting weights.

    Returns the weight groups: the neurons that share one ``w`` list, each group led by its
    first (an untied neuron is a group of one). Nothing is built unless every check passes.
    """
    weight_range = check_weight_range(weight_range)
    seed = check_seed(seed)
    check_order(layers)
    check_memory(layers)
    names = layer_names(layers)
    check_unit_names(layers, names)
    for layer, name in zip(layers, names):
        build(layer, name)
    groups = tie_groups(layers)
    rng = random.Random(seed)
    for group in groups:  # weights from the first line to the last, the always-1 line's (the bias) last
        group[0].w[:] = [rng.uniform(-weight_range, weight_range) for _ in group[0].w]  # in place: shared
    return groups


BYTES_PER_WEIGHT = 100  # w, dE_dw and the Trainer's Δw(t−1): a list slot and a float object each, in CPython


def check_memory(layers: List[Layer], memory: Optional[int] = None) -> None:
    """Refuse, before anything is built, a net whose weights could not fit in ``memory`` bytes (default:
    this machine's memory, where the system says it).

    >>> check_memory(chain_layers([2, 10**9, 1]), memory=16 * 10**9)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    MemoryError: a net of 4,000,000,001 weights needs about 400 GB of memory to train ... (16 GB)
    """
    weights = sum(layer.size * (sum(feeder.size for feeder in layer.feeders) + 1) for layer in layers
                  if not layer.is_input)
    needed = weights * BYTES_PER_WEIGHT
    if memory is None:
        try:
            memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (AttributeError, ValueError, OSError):  # not a POSIX system: no limit known, none checked
            return
    if needed > memory:
        raise MemoryError(f"a net of {weights:,} weights needs about {gigabytes(needed)} of memory to train (some "
                          f"{BYTES_PER_WEIGHT} bytes a weight), more than this machine has ({gigabytes(memory)})")


def gigabytes(count: int) -> str:
    """A number of bytes as a person reads it: ``2.1 GB``, ``400 GB``."""
    return f"{count / 1e9:.2g} GB" if count < 1e10 else f"{count / 1e9:,.0f} GB"


def build(layer: Layer, name: str) -> None:
    """Name the layer and make its units, connected to the units of the feeding layers."""
    layer.name = name
    names = unit_names(name, layer.size)
    if layer.is_input:
        layer.units = [Unit(unit_name) for unit_name in names]
        return
    layer.feeding_units = [unit for feeder in layer.feeders for unit in feeder.units]
    start = 0
    for feeder in layer.feeders:
        layer.blocks.append((feeder, start))
        start += feeder.size
    layer.hidden_blocks = [(feeder, start) for feeder, start in layer.blocks if not feeder.is_input]
    layer.neurons = [Neuron(unit_name, layer.feeding_units) for unit_name in names]
    if layer.tied_to is not None:
        for neuron, twin in zip(layer.neurons, layer.tied_to.neurons):
            neuron.w = twin.w  # one list for both: a tied weight (bias included) is one value
    layer.units = list(layer.neurons)


def tie_groups(layers: List[Layer]) -> List[List[Neuron]]:
    """The neurons that share weights, each group led by its first; an untied neuron is alone."""
    groups: List[List[Neuron]] = []
    group_of: Dict[int, List[Neuron]] = {}
    for layer in layers:
        for k, neuron in enumerate(layer.neurons):
            if layer.tied_to is None:
                group_of[id(neuron)] = [neuron]
                groups.append(group_of[id(neuron)])
            else:
                group = group_of[id(layer.tied_to.neurons[k])]
                group.append(neuron)
                group_of[id(neuron)] = group
    return groups


def architecture(layers: List[Layer], outputs: Optional[List[Unit]] = None) -> str:
    """The layers in a line: ``i:2 → h:2 → o:1`` for a chain, else each layer with what feeds it;
    then the units read, when they are not the last layer's (an unrolled net read at several steps)."""
    read = "" if outputs is None or outputs == layers[-1].units else f"; read: {', '.join(u.name for u in outputs)}"
    if all(layer.feeders == [previous] and layer.tied_to is None for previous, layer in zip(layers, layers[1:])):
        return " → ".join(f"{layer.name}:{layer.size}" for layer in layers) + read
    parts = []
    for layer in layers:
        fed_by = "+".join(str(feeder.name) for feeder in layer.feeders)
        tied = f" (tied to {layer.tied_to.name})" if layer.tied_to is not None else ""
        parts.append(f"{layer.name}:{layer.size}" + (f"←{fed_by}" if fed_by else "") + tied)
    return ", ".join(parts) + read


# ---- the rules, checked before anything is built ------------------------------------------------

def label(position: int, layer: Layer) -> str:
    """How a refusal names a layer: ``layer 2 (central)``."""
    return f"layer {position}" + (f" ({layer.name})" if layer.name else "")


def check_order(layers: Sequence[Any]) -> None:
    """Refuse layers that are not in forward order or leave a layer's output unused."""
    if len(layers) < 2:
        raise ValueError(f"a network needs at least an input and an output layer, got {len(layers)} layers")
    seen: Dict[int, int] = {}  # id of each layer checked so far → its position
    for position, layer in enumerate(layers):
        if not isinstance(layer, Layer):
            raise TypeError(f"layer {position}: expected a Layer, got {describe(layer)}")
        where = label(position, layer)
        if id(layer) in seen:
            raise ValueError(f"{where} appears twice in the list")
        if layer.units:
            raise ValueError(f"{where} already belongs to a network; make new layers for a new network")
        for feeder in layer.feeders:
            if feeder is layer:
                raise ValueError(f"{where} is fed by itself; connections within a layer are not allowed")
            if id(feeder) not in seen:
                raise ValueError(f"{where} is fed by a layer that does not come before it in the list; "
                                 f"list layers in forward order, each after every layer that feeds it")
        if len({id(feeder) for feeder in layer.feeders}) != len(layer.feeders):
            raise ValueError(f"{where} lists the same feeding layer twice")
        if layer.tied_to is not None:
            check_tie(layer, where, seen)
        seen[id(layer)] = position
    if layers[-1].is_input:
        raise ValueError("the last layer is the output layer and cannot be an input layer")
    used = {id(feeder) for layer in layers for feeder in layer.feeders}
    for position, layer in enumerate(layers[:-1]):
        if id(layer) not in used:
            raise ValueError(f"{label(position, layer)} feeds no later layer; only the last layer may be the output")


def check_tie(layer: Layer, where: str, earlier: Dict[int, int]) -> None:
    """A tied layer needs an earlier, weighted twin with as many units and as many inputs per unit."""
    twin = layer.tied_to
    assert twin is not None
    if layer.is_input or twin.is_input:
        raise ValueError(f"{where}: only layers with weights can be tied; input layers have none")
    if id(twin) not in earlier:
        raise ValueError(f"{where} is tied to a layer that does not come before it in the list")
    if twin.tied_to is not None:
        raise ValueError(f"{where} is tied to a layer that is itself tied; tie every copy to the first one")
    if layer.size > twin.size:
        raise ValueError(f"{where} has {plural(layer.size, 'unit')} but the layer it is tied to has only {twin.size}")
    lines, twin_lines = (sum(feeder.size for feeder in x.feeders) for x in (layer, twin))
    if lines != twin_lines:
        raise ValueError(f"{where} is fed by {plural(lines, 'unit')} but the layer it is tied to by {twin_lines}; "
                         f"tied units need the same number of weights")


def layer_names(layers: List[Layer]) -> List[str]:
    """Names for the layers: the given ones, else i / h / o (numbered i1, h2 ... when several)."""
    inputs = [layer for layer in layers if layer.is_input]
    hidden = [layer for layer in layers[:-1] if not layer.is_input]
    number = {id(layer): k for group in (inputs, hidden) for k, layer in enumerate(group, start=1)}
    names = []
    for layer in layers:
        if layer.name is not None:
            names.append(layer.name)
        elif layer.is_input:
            names.append("i" if len(inputs) == 1 else f"i{number[id(layer)]}")
        elif layer is layers[-1]:
            names.append("o")
        else:
            names.append("h" if len(hidden) == 1 else f"h{number[id(layer)]}")
    refuse_repeats("layer names", names)
    return names


def check_unit_names(layers: List[Layer], names: List[str]) -> None:
    """Refuse two units with one name (``h1`` of layer ``h`` and unit 1 of a layer named ``h1``...)."""
    refuse_repeats("unit names", [unit for layer, name in zip(layers, names) for unit in unit_names(name, layer.size)])


def refuse_repeats(what: str, names: List[str]) -> None:
    repeated = sorted(name for name, count in Counter(names).items() if count > 1)
    if repeated:
        shown = ", ".join(repeated[:5]) + (f" and {len(repeated) - 5} more" if len(repeated) > 5 else "")
        raise ValueError(f"{what} must be unique; {shown} appear more than once")


# ---- Fig. 5: a recurrent net run for T steps is a layered net with one layer per step ------------

def unrolled(units: int, steps: int, inputs: int = 0, outputs: Optional[int] = None,
             read_at: Optional[Sequence[int]] = None) -> Tuple[List[Layer], Recurrence]:
    """The layers of ``Network.unrolled``, and what they stand for: the recurrent net of Fig. 5, run for
    ``steps`` steps, as a layered net.

    ``s0`` is the state given at the start (an input layer), ``x1`` … ``xT`` the ``inputs`` external
    lines of each step, ``s1`` … ``sT`` the state after each step. Every unit at step t is fed by
    every unit at step t − 1 (itself included) and by that step's inputs, and its weights are tied
    to its copy at step 1. ``forward`` takes the initial state, then each step's inputs. Units
    1 … ``outputs`` are read at each step of ``read_at`` (default: the last step alone, which then
    computes only them): ``forward`` returns their y, step by step, and the targets are for them.

    >>> layers, recurrence = unrolled(units=2, steps=2, inputs=1)
    >>> [layer.name for layer in layers], recurrence
    (['s0', 'x1', 'x2', 's1', 's2'], Recurrence(units=2, steps=2, inputs=1, outputs=2, read_at=(2,)))
    """
    units, steps = check_size(units, "units"), check_size(steps, "steps")
    inputs = 0 if inputs == 0 else check_size(inputs, "inputs")
    outputs = units if outputs is None else check_size(outputs, "outputs")
    if outputs > units:
        raise ValueError(f"outputs must be at most the {plural(units, 'unit')}, got {outputs}")
    read = (steps,) if read_at is None else check_steps(read_at, steps)
    state = Layer.input(units, name="s0")
    external = [Layer.input(inputs, name=f"x{t}") for t in range(1, steps + 1)] if inputs else []
    layers = [state] + external
    first: Optional[Layer] = None
    for t in range(1, steps + 1):
        feeders = ([external[t - 1]] if inputs else []) + [state]
        state = Layer(units if t < steps else outputs, inputs=feeders, name=f"s{t}", tied_to=first)
        first = first or state
        layers.append(state)
    return layers, Recurrence(units, steps, inputs, outputs, read)


def check_steps(read_at: Any, steps: int) -> Tuple[int, ...]:
    """The steps at which an unrolled net is read: increasing, from 1 to ``steps``, the last one included."""
    if isinstance(read_at, (str, bytes)) or not isinstance(read_at, Sequence) or not read_at:
        raise TypeError(f"read_at must be a list of steps, like [2, 3, 4], got {describe(read_at)}")
    read = tuple(check_size(step, "a step of read_at") for step in read_at)
    if list(read) != sorted(set(read)) or read[-1] != steps:
        raise ValueError(f"read_at must list steps in increasing order, each once, ending with the last step "
                         f"({steps}), got {list(read)}")
    return read


def read_units(layers: List[Layer], recurrence: Recurrence) -> List[Unit]:
    """The units an unrolled net is read at, step by step: units 1 … outputs of each step of ``read_at``."""
    by_name = {layer.name: layer for layer in layers}
    return [unit for step in recurrence.read_at or (recurrence.steps,)
            for unit in by_name[f"s{step}"].units[:recurrence.outputs]]
