"""Layer: an ordered group of units, fed by one or more earlier layers; home of eq. (7),
and of the rules a network's layers must follow (forward order, names, ties).

Every neuron of a layer is connected to every unit of the layers that feed it (its
``sources``, in the order of ``inputs``). Skip-layer connections are a layer fed by a layer
two below; the family-trees net's separate groups are separate layers. Both are ordinary.
"""

from __future__ import annotations

from itertools import compress
from operator import mul
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Union

from .checks import check_size, describe
from .neuron import Neuron, Unit


class Layer:
    """A group of units; built empty of weights and given them by ``Network.from_layers``.

    >>> inputs = Layer.input(2)
    >>> hidden = Layer(3, inputs=inputs)
    >>> hidden.size, hidden.inputs == [inputs]
    (3, True)
    """

    __slots__ = ("size", "inputs", "name", "tied_to", "neurons", "sources", "from_neuron", "ys")

    def __init__(
        self,
        size: int,
        inputs: Union["Layer", Sequence["Layer"]] = (),
        name: Optional[str] = None,
        tied_to: Optional["Layer"] = None,
    ) -> None:
        self.size = check_size(size, "layer size")
        feeders = [inputs] if isinstance(inputs, Layer) else list(inputs)
        for feeder in feeders:
            if not isinstance(feeder, Layer):
                raise TypeError(f"a layer is fed by layers, got {describe(feeder)}")
        if name is not None and (not isinstance(name, str) or not name):
            raise TypeError(f"a layer name must be a non-empty string, got {describe(name)}")
        if tied_to is not None and not isinstance(tied_to, Layer):
            raise TypeError(f"tied_to must be a Layer, got {describe(tied_to)}")
        self.inputs: List[Layer] = feeders
        self.name = name
        # Unit k of this layer shares its weights and bias with unit k of tied_to: the same
        # `weights` list object, a bias kept equal by the Trainer (the paper's Fig. 5).
        self.tied_to = tied_to
        # The units, made by build() once the network has named the layer. An input layer's are
        # plain Units (no weights); only layers fed by others are ever asked for weights.
        self.neurons: List[Neuron] = []
        self.sources: List[Unit] = []  # the units of every feeding layer, in the order of inputs
        self.from_neuron: List[bool] = []  # for each source: is it a neuron (not an input unit)?
        self.ys: List[float] = []  # the sources' y for the case last forwarded

    @classmethod
    def input(cls, size: int, name: Optional[str] = None) -> "Layer":
        """A layer of input units: they hold the case's values and are fed by nothing."""
        return cls(size, (), name)

    @property
    def is_input(self) -> bool:
        """True for a layer of input units (one fed by no layer)."""
        return not self.inputs

    def build(self, name: str) -> None:
        """Name the layer and make its units, connected to the units of the feeding layers."""
        self.name = name
        names = unit_names(name, self.size)
        if self.is_input:
            self.neurons = [Unit(unit_name) for unit_name in names]  # type: ignore[misc]
            return
        self.sources = [unit for feeder in self.inputs for unit in feeder.neurons]
        self.from_neuron = [isinstance(unit, Neuron) for unit in self.sources]  # False: input unit
        self.neurons = [Neuron(unit_name, self.sources) for unit_name in names]
        if self.tied_to is not None:
            for neuron, twin in zip(self.neurons, self.tied_to.neurons):
                neuron.weights = twin.weights  # one list for both: a tied weight is one value

    def forward(self) -> None:
        """Eqs. (1) and (2) for every neuron of this layer, for the case being forwarded."""
        ys = self.ys = [unit.y for unit in self.sources]  # read each input's y once per case, not once per weight
        for neuron in self.neurons:
            neuron.forward(ys)

    def backward(self, to_inputs: bool = True) -> None:
        """Eqs. (5) and (6) for every neuron, then (7) into every unit that feeds this layer.

        With ``to_inputs=False`` (the Trainer's choice) (7) skips input units: no weight needs it.
        """
        neurons = self.neurons
        ys = self.ys
        for neuron in neurons:
            neuron.backward(ys)
        if not to_inputs and not any(self.from_neuron):
            return  # fed by input units only: nobody below needs ∂E/∂y
        # zip(*rows) turns the rows w_j· into columns w_·i: the weights from unit i to every j here.
        columns: Iterable[Tuple[float, ...]] = zip(*[neuron.weights for neuron in neurons])
        senders: Iterable[Unit] = self.sources
        if not to_inputs:
            senders = compress(senders, self.from_neuron)
            columns = compress(columns, self.from_neuron)
        dE_dxs = [neuron.dE_dx for neuron in neurons]
        for unit, w_from_i in zip(senders, columns):
            unit.dE_dy += sum(map(mul, dE_dxs, w_from_i))  # (7)

    def __repr__(self) -> str:
        shown = ", ".join(f"{unit.name} y={unit.y:.4g}" for unit in self.neurons[:6])
        more = f", … {self.size - 6} more" if self.size > 6 else ""
        if self.is_input:
            return f"<input layer {self.name}: {self.size} units: {shown}{more}>"
        fed_by = ", ".join(str(feeder.name) for feeder in self.inputs)
        tied = f", tied to {self.tied_to.name}" if self.tied_to is not None else ""
        return f"<layer {self.name}: {self.size} units fed by {fed_by}{tied}: {shown}{more}>"

def unit_names(layer_name: str, size: int) -> List[str]:
    """The names of a layer's units: h → h1, h2 ...; a name ending in a digit gets a dot.

    >>> unit_names("h", 2), unit_names("h2", 2), unit_names("person", 1)
    (['h1', 'h2'], ['h2.1', 'h2.2'], ['person1'])
    """
    separator = "." if layer_name[-1].isdigit() else ""
    return [f"{layer_name}{separator}{k}" for k in range(1, size + 1)]


# ---- the rules for connecting layers, checked when a Network is built ----------------------------

def check_order(layers: List[Layer]) -> None:
    """Refuse layers that are not in forward order or leave a layer's output unused."""
    if len(layers) < 2:
        raise ValueError(f"a network needs at least an input and an output layer, got {len(layers)} layers")
    seen: List[Layer] = []
    for position, layer in enumerate(layers):
        if not isinstance(layer, Layer):
            raise TypeError(f"layer {position}: expected a Layer, got {describe(layer)}")
        label = f"layer {position}" + (f" ({layer.name})" if layer.name else "")
        if any(layer is other for other in seen):
            raise ValueError(f"{label} appears twice in the list")
        if layer.neurons:
            raise ValueError(f"{label} already belongs to a network; make new layers for a new network")
        for feeder in layer.inputs:
            if feeder is layer:
                raise ValueError(f"{label} is fed by itself; connections within a layer are not allowed")
            if not any(feeder is other for other in seen):
                raise ValueError(
                    f"{label} is fed by a layer that does not come before it in the list; "
                    f"list layers in forward order, each after every layer that feeds it"
                )
        if len({id(feeder) for feeder in layer.inputs}) != len(layer.inputs):
            raise ValueError(f"{label} lists the same feeding layer twice")
        if layer.tied_to is not None:
            check_tie(layer, label, seen)
        seen.append(layer)
    if layers[-1].is_input:
        raise ValueError("the last layer is the output layer and cannot be an input layer")
    for position, layer in enumerate(layers[:-1]):
        if not any(layer is feeder for later in layers[position + 1:] for feeder in later.inputs):
            label = f"layer {position}" + (f" ({layer.name})" if layer.name else "")
            raise ValueError(f"{label} feeds no later layer; only the last layer may be the output")


def check_tie(layer: Layer, label: str, earlier: List[Layer]) -> None:
    """A tied layer needs an earlier, weighted twin with as many units and as many inputs per unit."""
    twin = layer.tied_to
    assert twin is not None
    if layer.is_input or twin.is_input:
        raise ValueError(f"{label}: only layers with weights can be tied; input layers have none")
    if not any(twin is other for other in earlier):
        raise ValueError(f"{label} is tied to a layer that does not come before it in the list")
    if twin.tied_to is not None:
        raise ValueError(f"{label} is tied to a layer that is itself tied; tie every copy to the first one")
    if layer.size > twin.size:
        raise ValueError(f"{label} has {layer.size} units but the layer it is tied to has only {twin.size}")
    inputs, twin_inputs = (sum(feeder.size for feeder in x.inputs) for x in (layer, twin))
    if inputs != twin_inputs:
        raise ValueError(f"{label} is fed by {inputs} units but the layer it is tied to by {twin_inputs}; "
                         f"tied units need the same number of weights")


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


def default_names(layers: List[Layer]) -> List[str]:
    """Names for the layers: the given ones, else i / h / o (numbered i1, h2 ... when several)."""
    inputs = [layer for layer in layers if layer.is_input]
    hidden = [layer for layer in layers[:-1] if not layer.is_input]
    names = []
    for layer in layers:
        if layer.name is not None:
            names.append(layer.name)
        elif layer.is_input:
            names.append("i" if len(inputs) == 1 else f"i{inputs.index(layer) + 1}")
        elif layer is layers[-1]:
            names.append("o")
        else:
            names.append("h" if len(hidden) == 1 else f"h{hidden.index(layer) + 1}")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"layer names must be unique; {', '.join(repeated)} appear more than once")
    return names
