"""Layer: a group of units fed by earlier layers; where eq. (7) sends ∂E/∂y down.

Every neuron of a layer is connected to every unit of the layers that feed it (its
``feeders``), and to the always-1 line. Skip-layer connections are a layer fed by a layer two
below; the family-trees net's separate groups are separate layers. Both are ordinary. How
layers may be connected, named and tied is the business of ``wiring``, which builds them.
"""

from __future__ import annotations

from itertools import islice
from operator import mul
from typing import List, Optional, Sequence, Tuple, Union

from .neuron import Neuron, Unit
from .validate import check_size, describe, plural


class Layer:
    """A group of units: an input layer (fed by nothing), or neurons fed by earlier layers.

    ``Layer(n, inputs=...)`` describes a layer; a ``Network`` made from it names it and makes its
    units. ``units`` are every unit of the layer; ``neurons`` the ones with weights (all of them,
    or none for an input layer).

    >>> inputs = Layer.input(2)
    >>> hidden = Layer(3, inputs=inputs)
    >>> hidden.size, hidden.feeders == [inputs], hidden.is_input
    (3, True, False)
    """

    __slots__ = ("size", "feeders", "name", "tied_to", "units", "neurons", "feeding_units",
                 "feeding_ys", "blocks", "hidden_blocks")

    def __init__(self, size: int, inputs: Union["Layer", Sequence["Layer"]] = (),
                 name: Optional[str] = None, tied_to: Optional["Layer"] = None) -> None:
        self.size = check_size(size, "layer size")
        feeders = [inputs] if isinstance(inputs, Layer) else list(inputs)
        for feeder in feeders:
            if not isinstance(feeder, Layer):
                raise TypeError(f"a layer is fed by layers, got {describe(feeder)}")
        if name is not None and (not isinstance(name, str) or not name or not name.isprintable()):
            raise TypeError(f"a layer name must be printable and not empty, got {describe(name)}")
        if tied_to is not None and not isinstance(tied_to, Layer):
            raise TypeError(f"tied_to must be a Layer, got {describe(tied_to)}")
        self.feeders: List[Layer] = feeders
        self.name = name
        # Unit k of this layer shares its weights, bias included, with unit k of tied_to (Fig. 5).
        self.tied_to = tied_to
        # Made by wiring.build once the network has named the layer:
        self.units: List[Unit] = []
        self.neurons: List[Neuron] = []
        # The units of every feeding layer, in the order of feeders: the lines into each neuron.
        self.feeding_units: List[Unit] = []
        # Each feeding layer, and where its units start among feeding_units.
        self.blocks: List[Tuple[Layer, int]] = []
        # The same for the feeding layers that are hidden layers (not input layers).
        self.hidden_blocks: List[Tuple[Layer, int]] = []
        # The y on each incoming line, the always-1 line's last, for the case last forwarded.
        self.feeding_ys: List[float] = []

    @classmethod
    def input(cls, size: int, name: Optional[str] = None) -> "Layer":
        """A layer of input units: they hold the case's values and are fed by nothing."""
        return cls(size, (), name)

    @property
    def is_input(self) -> bool:
        """True for a layer of input units (one fed by no layer)."""
        return not self.feeders

    def forward(self) -> None:
        """Eqs. (1) and (2) for every neuron of this layer, for the case being forwarded."""
        # The y of each feeding unit, then the always-1 line's: read once per case, not per weight.
        ys = [unit.y for unit in self.feeding_units]
        ys.append(1.0)
        self.feeding_ys = ys
        for neuron in self.neurons:
            neuron.forward(ys)

    def backward(self, to_inputs: bool = True) -> None:
        """Eqs. (5) and (6) for every neuron, then (7) into the units of the layers that feed
        this one. (7) sums over every layer a unit feeds, so ``Network.backward`` sets their
        ∂E/∂y to 0 first. ``to_inputs=False`` leaves out the input layers: no weight needs
        their ∂E/∂y.
        """
        for neuron in self.neurons:
            neuron.backward(self.feeding_ys)
        # Each layer that hears back, and where its units start among the lines into this one.
        receivers = self.blocks if to_inputs else self.hidden_blocks
        if not receivers:
            return
        dE_dxs = [neuron.dE_dx for neuron in self.neurons]
        # zip(*rows) turns the rows w_j· into columns w_·i, the weights from unit i to every j;
        # the always-1 line's column comes last and has no unit to hear back.
        columns = list(zip(*[neuron.w for neuron in self.neurons]))
        for feeder, start in receivers:
            for unit, w_from_i in zip(feeder.units, islice(columns, start, None)):
                unit.dE_dy += sum(map(mul, dE_dxs, w_from_i))  # (7)

    def _repr_svg_(self) -> Optional[str]:
        """The weights into this layer as a Hinton diagram, for notebooks (None for a layer without
        weights: the text then)."""
        if not self.neurons:
            return None
        from .draw.hinton import hinton_svg  # here: the core does not load the pictures

        return hinton_svg(self)

    def __repr__(self) -> str:
        shown = ", ".join(f"{unit.name} y={unit.y:.4g}" for unit in self.units[:6])
        more = f", … {self.size - 6} more" if self.size > 6 else ""
        units = plural(self.size, "unit")
        if self.is_input:
            return f"<input layer {self.name}: {units}: {shown}{more}>"
        fed_by = ", ".join(str(feeder.name) for feeder in self.feeders)
        tied = f", tied to {self.tied_to.name}" if self.tied_to is not None else ""
        return f"<layer {self.name}: {units} fed by {fed_by}{tied}: {shown}{more}>"
