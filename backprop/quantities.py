"""What a Recording reads once a sweep: a quantity by its name (the table of ``backprop.recording``).

``reader(network, name)`` turns a name such as ``w[o1←h1]``, ``∂E/∂w[o1<-h1]`` or ``y[h1] case 3``
into a function of a trainer and its cases; a name that means nothing is refused at once.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Sequence, Tuple

from .neuron import Neuron

if TYPE_CHECKING:  # pragma: no cover
    from .network import Network
    from .trainer import Trainer

Reader = Callable[["Trainer", Sequence[Tuple[Sequence[float], Sequence[float]]]], float]


def canonical(name: str) -> str:
    """A name as the library writes it, ``<-`` read as ``←`` (most keyboards have no arrow).

    >>> canonical("dE_dw[o1<-h1]")
    'dE_dw[o1←h1]'
    """
    return name.replace("<-", "←")


NAME = re.compile(r"(?P<kind>w|bias|∂E/∂w|dE_dw|∂E/∂bias|dE_dbias)\[(?P<unit>[^←\]]+)(←(?P<sender>[^\]]+))?\]")
CASE = re.compile(r"(?P<what>y|x)\[(?P<unit>[^\]]+)\] case (?P<case>[0-9]+)")  # [0-9]: \d takes other digits
HISTORY = {"E": "errors", "cases right": "cases_right", "largest miss": "largest_misses"}


def reader(network: "Network", name: str) -> Reader:
    """How to read ``name`` from a trainer and its cases; a name that means nothing is refused here."""
    if name in HISTORY:
        field = HISTORY[name]
        return lambda trainer, cases: float(getattr(trainer.history, field)[-1])
    match = NAME.fullmatch(canonical(name))  # fullmatch: "$" would let a line break end the name
    if match:
        unit, sender, kind = match["unit"], match["sender"], match["kind"]
        neuron = network.unit(unit)
        if not isinstance(neuron, Neuron):
            raise ValueError(f"{name!r}: {unit} is an input unit; it has no weights")
        bias = kind in ("bias", "∂E/∂bias", "dE_dbias")
        if bias == (sender is not None):
            raise ValueError(f"{name!r}: write a weight as w[{unit}←sender] (or w[{unit}<-sender]) and a bias as "
                             f"bias[{unit}]")
        names = [neuron.weight_name(k) for k in range(len(neuron.w))]
        line = names[-1] if bias else f"w[{unit}←{sender}]"
        if line not in names:
            raise ValueError(f"{name!r}: {unit} has no such line; its weights are {', '.join(names)}")
        k = names.index(line)
        if kind in ("w", "bias"):
            return lambda trainer, cases: neuron.w[k]
        return lambda trainer, cases: neuron.dE_dw[k]
    match = CASE.fullmatch(name)
    if match:
        unit, case, what = network.unit(match["unit"]), int(match["case"]), match["what"]
        if what == "x" and not isinstance(unit, Neuron):
            raise ValueError(f"{name!r}: {unit.name} is an input unit; it has a y, not an x")

        def read(trainer: "Trainer", cases: Sequence[Tuple[Sequence[float], Sequence[float]]]) -> float:
            if case >= len(cases):
                raise ValueError(f"{name!r}: there are only {len(cases)} cases (0 to {len(cases) - 1})")
            trainer.network.forward(cases[case][0])
            return float(getattr(unit, what))

        return read
    raise ValueError(f"cannot record {name!r}: names are E, cases right, largest miss, w[j←i], bias[j], "
                     f"∂E/∂w[j←i], ∂E/∂bias[j], y[j] case N and x[j] case N (w[j<-i] and dE_dw[j<-i] for short)")
