"""The right values for the sweep part, read from the library's own units and Trainer.

As for the nine equations (``probes``), nothing here computes back-propagation a second way: a
unit's x and y are what ``Network.forward`` left on it, the sums of ∂E/∂w what ``Network.backward``
added into ``dE_dw``, the new weights and Δw what a ``Trainer`` made. The learner's functions work
on plain lists (``weights[l][j][i]``), so this module moves numbers between the two layouts.
"""

from __future__ import annotations

import math
import numbers
import random
from typing import Any, List, NamedTuple, Optional, Sequence, Tuple

from .. import tasks
from ..network import Network
from ..trainer import Trainer
from .hints import close
from .language import N_, _, n_
from .learner import short
from .probes import WORKED, WORKED_CASE, worked_example

Plain = List[List[List[float]]]  # weights[l][j][i], sums, last changes: one entry per weight
Case = Tuple[List[float], List[float]]
LEFT_OVER = 0.5  # what every sum holds when the learner's sweep is called: as if left from the sweep before


def plain_weights(net: Network) -> Plain:
    """The net's weights as the learner's file holds them: one row (w_j, bias last) per unit, one list per layer."""
    return [[list(neuron.w) for neuron in layer.neurons] for layer in net.layers if not layer.is_input]


def plain_sums(net: Network) -> Plain:
    """Each unit's summed ∂E/∂w (``dE_dw``), in the learner's layout."""
    return [[list(neuron.dE_dw) for neuron in layer.neurons] for layer in net.layers if not layer.is_input]


def set_weights(net: Network, weights: Plain) -> None:
    for layer, rows in zip([layer for layer in net.layers if not layer.is_input], weights):
        for neuron, row in zip(layer.neurons, rows):
            neuron.w[:] = row


def zeros(shape: Plain) -> Plain:
    return [[[0.0] * len(row) for row in w] for w in shape]


def add(first: Plain, second: Plain) -> Plain:
    return [[[a + b for a, b in zip(r, s)] for r, s in zip(w, v)] for w, v in zip(first, second)]


def copied(weights: Any) -> Any:
    """A deep copy of nested lists (and tuples, as lists)."""
    if isinstance(weights, (list, tuple)):
        return [copied(item) for item in weights]
    return weights


class Names(NamedTuple):
    """Names of a net's units and weights in the learner's layout: ``units[l][j]`` and ``weights[l][j][i]``."""

    units: List[List[str]]
    weights: List[List[List[str]]]


def names(net: Network) -> Names:
    layers = [layer for layer in net.layers if not layer.is_input]
    return Names([[neuron.name for neuron in layer.neurons] for layer in layers],
                 [[[neuron.weight_name(k) for k in range(len(neuron.w))] for neuron in layer.neurons]
                  for layer in layers])


class CaseValues(NamedTuple):
    """What the library's units hold after one case forward and backward (∂E/∂w of this case alone)."""

    xs: List[List[float]]
    ys: List[List[float]]  # ys[0] the inputs, ys[l + 1] the outputs of layer l
    dE_dy: List[List[float]]
    dE_dx: List[List[float]]
    dE_dw: Plain
    E_c: float


def case_values(net: Network, inputs: Sequence[float], targets: Sequence[float]) -> CaseValues:
    """One case through the library's net: forward, E_c, backward; ∂E/∂w of this case alone (the sums zeroed first)."""
    layers = [layer for layer in net.layers if not layer.is_input]
    net.zero_gradients()
    net.forward(inputs)
    E_c = net.case_error(targets)
    net.backward(targets)
    return CaseValues([[n.x for n in layer.neurons] for layer in layers],
                      [list(inputs)] + [[n.y for n in layer.neurons] for layer in layers],
                      [[n.dE_dy for n in layer.neurons] for layer in layers],
                      [[n.dE_dx for n in layer.neurons] for layer in layers], plain_sums(net), E_c)


class ProbeNet(NamedTuple):
    """A net the sweep functions are tried on: a label, the library's net, its weights and a few cases."""

    label: str
    net: Network
    weights: Plain
    cases: List[Case]
    names: Names


def probe_net(label: str, net: Network, cases: List[Case]) -> ProbeNet:
    return ProbeNet(label, net, plain_weights(net), cases, names(net))


def random_cases(sizes: Sequence[int], seed: int, count: int) -> List[Case]:
    rng = random.Random(seed)
    return [([rng.random() for _ in range(sizes[0])], [float(rng.random() < 0.5) for _ in range(sizes[-1])])
            for _ in range(count)]


def probe_nets() -> List[ProbeNet]:
    """The worked 2-2-2 example with its case and a second, then two random nets with layers of unequal sizes."""
    worked = probe_net(WORKED, worked_example(), [(list(WORKED_CASE[0]), list(WORKED_CASE[1])),
                                                  ([0.9, 0.2], [0.99, 0.01])])
    first = probe_net(N_("random net 1 (3-4-2, seed 11)"), Network([3, 4, 2], seed=11, weight_range=1.0),
                      random_cases([3, 4, 2], 11, 3))
    second = probe_net(N_("random net 2 (4-3-3-3, seed 12)"), Network([4, 3, 3, 3], seed=12, weight_range=1.0),
                       random_cases([4, 3, 3, 3], 12, 3))
    return [worked, first, second]


def xor_net() -> ProbeNet:
    """The XOR net of the file's end (2-2-1, seed 1, weights in ±0.5) and XOR's four cases."""
    return probe_net(N_("the XOR net (2-2-1, seed 1)"), Network([2, 2, 1], seed=1, weight_range=0.5),
                     [(list(i), list(t)) for i, t in tasks.xor().cases])


class SweepValues(NamedTuple):
    """One sweep of the library's Trainer: E, ∂E/∂w summed over the cases, and after the change (if any) the
    weights and each weight's Δw."""

    E: float
    sums: Plain
    weights: Plain
    changes: Plain
    reached: bool  # E ≤ the target: the Trainer stopped before changing the weights


def trainer_sweeps(probe: ProbeNet, learning_rate: float, momentum: float, target_error: float,
                   sweeps: int) -> List[SweepValues]:
    """The library's run, sweep by sweep, until E ≤ ``target_error`` or ``sweeps`` sweeps.

    Read in the Trainer's callback, which comes after a sweep's cases and before its change: the
    weights and Δw a change made are read at the next sweep's callback (or after the run).
    """
    net = Network([len(probe.weights[0][0]) - 1] + [len(w) for w in probe.weights])
    set_weights(net, probe.weights)
    trainer = Trainer(net, learning_rate=learning_rate, momentum=momentum)
    layers = starts(probe.weights)
    seen: List[Tuple[float, Plain, Plain, Plain]] = []

    def changes() -> Plain:
        return [[list(change) for change in trainer.last_changes[start:start + len(w)]]
                for start, w in zip(layers, probe.weights)]

    def take(sweep: int, E: float) -> bool:
        seen.append((E, plain_sums(net), plain_weights(net), changes()))
        return False

    history = trainer.train(probe.cases, sweeps, target_error=target_error, callback=take)
    after = seen[1:] + [(0.0, [], plain_weights(net), changes())]
    found = [SweepValues(E, sums, later[2], later[3], False) for (E, sums, _, _), later in zip(seen, after)]
    if history.reached_target:
        found[-1] = found[-1]._replace(reached=True)
    return found


def starts(weights: Plain) -> List[int]:
    """Where each layer's units start in the net's list of neurons (the Trainer's weight groups)."""
    found, at = [], 0
    for w in weights:
        found.append(at)
        at += len(w)
    return found


def shape_problem(value: Any, like: Sequence[Any], what: str) -> str:
    """'' if ``value`` is a list of lists of finite numbers with the lengths of ``like``; else what differs.

    >>> shape_problem([[0.5], [1.0, 2.0]], [[0.0], [0.0, 0.0]], "ys")
    ''
    >>> shape_problem([[0.5], [1.0]], [[0.0], [0.0, 0.0]], "ys")
    'ys[1] has 1 entry where 2 are expected'
    """
    if not isinstance(value, (list, tuple)):
        return _("{what} is {value}, where a list is expected").format(what=what, value=short(value))
    if len(value) != len(like):
        return n_("{what} has {count} entry where {expected} are expected",
                  "{what} has {count} entries where {expected} are expected", len(value)).format(
            what=what, count=len(value), expected=len(like))
    for k, (item, model) in enumerate(zip(value, like)):
        if isinstance(model, (list, tuple)):
            problem = shape_problem(item, model, f"{what}[{k}]")
            if problem:
                return problem
        elif isinstance(item, bool) or not isinstance(item, numbers.Real) or not math.isfinite(float(item)):
            return _("{what} is {value}, where a finite number is expected").format(what=f"{what}[{k}]",
                                                                                    value=short(item))
    return ""


Difference = Tuple[Tuple[int, ...], float, float]  # where, what came, what is right


def first_difference(got: Any, right: Any, path: Tuple[int, ...] = ()) -> Optional[Difference]:
    """Where two nested lists of numbers of the same shape first differ: (the position, got, right)."""
    if isinstance(right, (list, tuple)):
        for k, (a, b) in enumerate(zip(got, right)):
            found = first_difference(a, b, path + (k,))
            if found is not None:
                return found
        return None
    return None if close(float(got), right) else (path, float(got), right)
