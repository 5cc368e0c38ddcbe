"""The cases each equation is tried on, and the right answers, read from the library's own units.

A probe is one call of one learner function: where it is (``unit o1 of the worked 2-2-2
example``), the arguments, and the value the library's line for that equation left on the unit.
Nothing here computes an equation a second way: the right ``x`` is ``unit.x`` after
``Network.forward``, the right ∂E/∂w is ``unit.dE_dw[i]`` after ``Network.backward``, the right
Δw is the change the ``Trainer`` made.

The nets: first the worked 2-2-2 example (M. Mazur's weights, every number checkable by hand, see
``tests/test_hand_worked.py``), then two random nets, whose layers of unequal sizes and unequal
numbers catch what the small symmetric example lets through (an ``i`` where a ``j`` belongs).
"""

from __future__ import annotations

import random
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Tuple

from ..experiments.worked_example import worked_example_network
from ..layer import Layer
from ..narration import nudge
from ..network import Network
from ..neuron import Neuron, Unit, logistic
from ..trainer import Trainer
from .language import N_, Phrase, _, said

WORKED = N_("the worked 2-2-2 example")
WORKED_CASE = ([0.05, 0.10], [0.01, 0.99])
# Values of x at which a plain 1 / (1 + math.exp(-x)) overflows (e^800 is beyond any float).
FAR_OUT = (800.0, -800.0)


class Probe(NamedTuple):
    """One call: the equation ``number``, ``where`` it is, the ``args`` and the ``right`` value.

    ``far_out`` marks an input far beyond what training meets (x = −800): a wrong answer there
    is told as a note, not counted against the learner. ``nudged`` (for equations 6 and 7) is what
    the nudge measures for the same derivative: E of the probe's case when the weight, or the
    sending unit's y, is moved by 1e-6, ΔE / 1e-6 (``narration.nudge``). ``where`` is in English;
    ``phrase`` holds its words, to be said in the learner's language (``at``).
    """

    number: int
    where: str
    args: Tuple[Any, ...]
    right: float
    far_out: bool = False
    nudged: Optional[float] = None
    phrase: Optional[Phrase] = None

    @property
    def at(self) -> str:
        """Where the probe is, in the language spoken now."""
        return self.phrase.said() if self.phrase is not None else _(self.where)

    def part(self, name: str) -> str:
        """One of the words of ``where`` (``unit``, ``weight``, ``net``), in the language spoken now ('' if none)."""
        return said(self.phrase.fields.get(name, "")) if self.phrase is not None else ""


def probe(number: int, at: Phrase, args: Tuple[Any, ...], right: float, **more: Any) -> Probe:
    """A Probe ``at`` a place put in words: ``where`` is their English."""
    return Probe(number, str(at), args, right, phrase=at, **more)


def worked_example() -> Network:
    """The 2-2-2 net of M. Mazur's worked example (``experiments.worked_example_network``); its case is ``WORKED_CASE``.

    >>> net = worked_example()
    >>> round(net.forward(WORKED_CASE[0])[0], 9), net.unit("h1").x
    (0.75136507, 0.3775)
    """
    return worked_example_network()


def random_net(sizes: Sequence[int], seed: int) -> Tuple[Network, List[float], List[float]]:
    """A chain with weights in ±1, and one case: inputs in [0, 1), targets 0 or 1; all from ``seed``."""
    net = Network(sizes, seed=seed, weight_range=1.0)
    rng = random.Random(seed)
    return net, [rng.random() for _ in range(sizes[0])], [float(rng.random() < 0.5) for _ in range(sizes[-1])]


def net_probes(label: str, net: Network, inputs: Sequence[float], targets: Sequence[float],
               learning_rate: float, momentum: float) -> Dict[int, List[Probe]]:
    """Every probe of (1)-(9) on one chain net and one case; (8) and (9) from a Trainer's sweeps."""
    probes: Dict[int, List[Probe]] = {number: [] for number in range(1, 10)}
    named = Phrase(label)
    net.zero_gradients()
    outputs = net.forward(inputs)
    net.backward(targets)  # equations 4-7 down to the input units; dE_dw now holds this case's equation 6
    layers = [layer for layer in net.layers if not layer.is_input]
    for layer in layers:
        y, w = list(layer.feeding_ys), [list(neuron.w) for neuron in layer.neurons]
        for j, unit in enumerate(layer.neurons):
            at = Phrase("unit {unit} of {net}", unit=unit.name, net=named)
            probes[1].append(probe(1, at, (j, y, w), unit.x))
            probes[2].append(probe(2, at, (unit.x,), unit.y))
    probes[3].append(probe(3, Phrase("the case of {net}", net=named), (list(outputs), list(targets)),
                           net.case_error(targets)))
    for output, d in zip(net.output_layer.units, targets):
        probes[4].append(probe(4, Phrase("unit {unit} of {net}", unit=output.name, net=named), (output.y, d),
                               output.dE_dy))
    for layer in reversed(layers):  # the backward pass's order: the output layer first
        dE_dx, y = [neuron.dE_dx for neuron in layer.neurons], list(layer.feeding_ys)
        w = [list(neuron.w) for neuron in layer.neurons]
        for j, unit in enumerate(layer.neurons):
            probes[5].append(probe(5, Phrase("unit {unit} of {net}", unit=unit.name, net=named),
                                   (unit.dE_dy, unit.x, unit.y), unit.dE_dx))
            for i in range(len(y)):
                probes[6].append(probe(6, Phrase("{weight} of {net}", weight=unit.weight_name(i), net=named),
                                       (j, i, dE_dx, y), unit.dE_dw[i],
                                       nudged=nudge(net, inputs, targets, unit.weight_name(i)).slope))
        receivers = [neuron.name for neuron in layer.neurons]
        feeding: List[Unit] = layer.feeding_units
        for i, sender in enumerate(feeding):
            at = Phrase("unit {unit} of {net}, which feeds {receivers}", unit=sender.name, net=named,
                        receivers=receivers)
            probes[7].append(probe(7, at, (i, dE_dx, w), sender.dE_dy,
                                   nudged=nudge(net, inputs, targets, sender.name).slope))
    probes[8] = changes(8, named, net, inputs, targets, learning_rate, 0.0)
    probes[9] = changes(9, named, net, inputs, targets, learning_rate, momentum)
    return probes


def changes(number: int, named: Phrase, net: Network, inputs: Sequence[float], targets: Sequence[float],
            learning_rate: float, momentum: float) -> List[Probe]:
    """The Δw a Trainer gives every weight: at its first sweep for (8), at its second for (9)."""
    trainer = Trainer(net, learning_rate=learning_rate, momentum=momentum)
    case = [(inputs, targets)]
    trainer.sweep(case)
    when = Phrase("sweep 1, ε = {rate}", rate=f"{learning_rate:g}")
    # Δw(t−1) of every weight, group by group (here one neuron per group: nothing is tied).
    before = [list(group_changes) for group_changes in trainer.last_changes]
    if number == 9:
        trainer.sweep(case)
        when = Phrase("sweep 2, ε = {rate}, α = {momentum}", rate=f"{learning_rate:g}", momentum=f"{momentum:g}")
    found = []
    groups = list(zip(net.weight_groups, before, trainer.last_changes))
    groups.sort(key=lambda entry: -net.layers.index(layer_of(net, entry[0][0])))  # output layer first, as eqs 4-7
    for group, last_changes, done in groups:
        neuron = group[0]
        for k, (dE_dw, change) in enumerate(zip(neuron.dE_dw, done)):  # dE_dw: this sweep's, summed
            args = (dE_dw, learning_rate) if number == 8 else (dE_dw, learning_rate, momentum, last_changes[k])
            at = Phrase("{weight} of {net}, {when}", weight=neuron.weight_name(k), net=named, when=when)
            found.append(probe(number, at, args, change))
    return found


def layer_of(net: Network, neuron: Neuron) -> Layer:
    """The layer a neuron belongs to."""
    return next(layer for layer in net.layers if neuron in layer.neurons)


def all_probes() -> Dict[int, List[Probe]]:
    """The probes of every equation: the worked example first, then the random nets, then far-out values."""
    probes: Dict[int, List[Probe]] = {number: [] for number in range(1, 10)}
    worked = net_probes(WORKED, worked_example(), *WORKED_CASE, learning_rate=0.5, momentum=0.9)
    first, inputs1, targets1 = random_net([3, 4, 2], seed=11)
    second, inputs2, targets2 = random_net([4, 3, 3, 3], seed=12)
    for found in (worked, net_probes(N_("random net 1 (3-4-2, seed 11)"), first, inputs1, targets1, 0.3, 0.7),
                  net_probes(N_("random net 2 (4-3-3-3, seed 12)"), second, inputs2, targets2, 0.2, 0.8)):
        for number, more in found.items():
            probes[number] += more
    for x in (0.0, 30.0, -30.0):
        probes[2].append(probe(2, Phrase("a total input x_j = {x}", x=f"{x:g}"), (x,), logistic(x)))
    for x in FAR_OUT:
        probes[2].append(probe(2, Phrase("a total input far out, x_j = {x}", x=f"{x:g}"), (x,), logistic(x),
                               far_out=True))
    return probes
