"""Network: layers in forward order; the forward pass (1)(2), the error (3), backward (4)-(7).

The network computes and knows nothing about learning: the Trainer owns (8) and (9). How its
layers are connected, named and tied is settled once, when it is built (``wiring``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from . import files, wiring
from .layer import Layer
from .neuron import NOT_YET, Neuron, Unit
from .validate import Case, Values, check_cases, check_setting, check_values
from .wiring import Recurrence

if TYPE_CHECKING:  # pragma: no cover
    import os

# Why ``backward`` cannot run now, by what the units hold (``Network.not_ready``).
NO_FORWARD = ("backward() needs a forward() first: it back-propagates the case that forward() "
              "computed")
FORWARD_REFUSED = ("backward() has no case to back-propagate: the last forward() was refused")
BACKWARD_DONE = ("backward() was already called for this forward(): a second would add the "
                 "case's ∂E/∂w into dE_dw twice; call forward() again first")


class Network:
    """A feed-forward net of logistic units; ``Network([6, 2, 1])`` is a fully connected chain.

    Weights and biases start uniform in [−weight_range, weight_range], drawn from
    ``random.Random(seed)``: the same seed gives bit-identical weights on every run.

    >>> net = Network([2, 2, 1], seed=0)
    >>> net
    Network(i:2 → h:2 → o:1)
    >>> [unit.name for unit in net.units]
    ['i1', 'i2', 'h1', 'h2', 'o1']
    >>> net.unit("o1").weight_name(1)
    'w[o1←h2]'
    """

    __slots__ = ("layers", "input_layers", "output_layer", "output_units", "seed", "weight_range",
                 "weight_groups", "recurrent", "not_ready", "_computing_layers", "_input_units",
                 "_hidden_units", "_by_name")

    def __init__(self, sizes: Sequence[int], seed: Any = None, weight_range: float = 0.5) -> None:
        self._build(wiring.chain_layers(sizes), seed, weight_range)

    @classmethod
    def from_layers(cls, layers: Sequence[Layer], seed: Any = None,
                    weight_range: float = 0.5) -> "Network":
        """A network from layers in forward order, each fed by any earlier layers; the last is
        the output layer."""
        net = cls.__new__(cls)
        net._build(list(layers), seed, weight_range)
        return net

    @classmethod
    def unrolled(cls, units: int, steps: int, inputs: int = 0, outputs: Optional[int] = None,
                 seed: Any = None, weight_range: float = 0.5,
                 read_at: Optional[Sequence[int]] = None) -> "Network":
        """The layered net that a recurrent net of ``units`` units, run for ``steps`` steps, is
        (Fig. 5).

        One layer per step, tied to step 1's; units 1 … ``outputs`` are read (take targets) at
        each step of ``read_at`` (default: the last). See ``wiring.unrolled``.

        >>> Network.unrolled(units=2, steps=2, inputs=1, outputs=1, seed=0)
        Network(s0:2, x1:1, x2:1, s1:2←x1+s0, s2:1←x2+s1 (tied to s1))
        """
        layers, recurrence = wiring.unrolled(units, steps, inputs, outputs, read_at)
        net = cls.from_layers(layers, seed, weight_range)
        net.recurrent = recurrence
        net.output_units = wiring.read_units(layers, recurrence)
        return net

    def _build(self, layers: List[Layer], seed: Any, weight_range: float) -> None:
        self.weight_groups = wiring.connect(layers, seed, weight_range)
        self.layers = layers
        self.input_layers = [layer for layer in layers if layer.is_input]
        self.output_layer = layers[-1]
        # The units with targets; an unrolled net may read earlier steps too.
        self.output_units = list(self.output_layer.units)
        self.seed, self.weight_range = seed, float(weight_range)
        self.recurrent: Optional[Recurrence] = None
        # Why backward() cannot run now (None: a forward pass waits for its backward pass).
        self.not_ready: Optional[str] = NO_FORWARD
        computing = [layer for layer in layers if not layer.is_input]
        self._computing_layers = computing
        self._input_units = [unit for layer in self.input_layers for unit in layer.units]
        self._hidden_units = [unit for layer in computing[:-1] for unit in layer.units]
        self._by_name: Dict[str, Unit] = {unit.name: unit for unit in self.units}

    @property
    def units(self) -> List[Unit]:
        """Every unit, input units included, in forward order."""
        return [unit for layer in self.layers for unit in layer.units]

    @property
    def neurons(self) -> List[Neuron]:
        """Every neuron (every unit with weights), in forward order."""
        return [neuron for layer in self._computing_layers for neuron in layer.neurons]

    @property
    def input_size(self) -> int:
        """How many values ``forward`` takes: the input layers' sizes added up (in their order)."""
        return len(self._input_units)

    @property
    def output_size(self) -> int:
        """How many values ``forward`` returns and ``backward`` takes: one per output unit."""
        return len(self.output_units)

    def unit(self, name: str) -> Unit:
        """The unit called ``name`` (``'h1'``, ``'o1'``, ``'person3'`` ...)."""
        try:
            return self._by_name[name]
        except (KeyError, TypeError):
            raise KeyError(f"no unit named {name!r} in {self!r}") from None

    # ---- the forward pass: equations 1 and 2, layer by layer --------------------------------

    def forward(self, inputs: Sequence[float]) -> List[float]:
        """Set x and y of every unit for one case; return the output units' y.

        >>> Network([2, 1], seed=0, weight_range=0.0).forward([1, 0])
        [0.5]
        """
        return self._forward(check_values(inputs, self.input_size, "input"))

    def _forward(self, inputs: Sequence[float]) -> List[float]:
        for unit, value in zip(self._input_units, inputs):
            unit.y = value
            unit.dE_dy = NOT_YET
        for layer in self._computing_layers:
            layer.forward()
        outputs = [unit.y for unit in self.output_units]
        if not math.isfinite(sum(outputs)):  # an x of ±inf gives y = 1 or 0; a NaN x, NaN
            self.not_ready = FORWARD_REFUSED
            unit = next(unit for unit in self.neurons if not math.isfinite(unit.y))
            raise FloatingPointError(f"unit {unit.name} has a non-finite total input "
                                     f"(x = {unit.x}); check its weights and bias")
        self.not_ready = None
        return outputs

    # ---- the error: equation 3 --------------------------------------------------------------

    def case_error(self, targets: Sequence[float], margin: float = 0.0) -> float:
        """½ Σ_j (y_j − d_j)² over the output units, for the case last forwarded.

        An output within ``margin`` of its target counts as no error (the paper's 0.2).
        """
        targets = check_values(targets, self.output_size, "target")
        return self._case_error(targets, check_setting(margin, "margin", 0.0, 0.5))

    def _case_error(self, targets: Sequence[float], margin: float) -> float:
        return 0.5 * sum(
            (unit.y - d) ** 2  # (3)
            for unit, d in zip(self.output_units, targets)
            if abs(unit.y - d) > margin
        )

    def error(self, cases: Iterable[Case], margin: float = 0.0) -> float:
        """E: the error of every case forwarded in turn, summed over cases c and outputs j.

        >>> net = Network([2, 1], seed=0, weight_range=0.0)   # every output is 0.5
        >>> net.error([([0, 0], [0]), ([1, 1], [1])])
        0.25
        """
        checked = check_cases(cases, self.input_size, self.output_size)
        margin = check_setting(margin, "margin", 0.0, 0.5)
        E = 0.0
        for inputs, targets in checked:  # the sum over cases c
            self._forward(inputs)
            E += self._case_error(targets, margin)
        return E

    # ---- the backward pass: equation 4 at the outputs, then 7, 5 and 6 layer by layer down ---

    def backward(self, targets: Sequence[float], margin: float = 0.0) -> None:
        """Back-propagate the case just forwarded: dE_dy, dE_dx of every unit; add into dE_dw.

        (6) is *added*, so ``dE_dw`` sums over cases until ``zero_gradients()``. Each
        ``forward`` allows one ``backward``: a second would add the same case twice.
        """
        if self.not_ready is not None:
            raise RuntimeError(self.not_ready)
        targets = check_values(targets, self.output_size, "target")
        margin = check_setting(margin, "margin", 0.0, 0.5)
        self._backward(targets, margin, to_inputs=True)

    def _backward(self, targets: Sequence[float], margin: float, to_inputs: bool) -> None:
        for unit in self._hidden_units:
            unit.dE_dy = 0.0  # equation 7 adds into these, from every layer the unit feeds
        if to_inputs:
            for unit in self._input_units:
                unit.dE_dy = 0.0
        # Set before equation 7 adds what later steps send (an unrolled net read along the way).
        for unit, d in zip(self.output_units, targets):
            y = unit.y
            dE_dy = y - d  # (4)
            if abs(y - d) <= margin:
                dE_dy = 0.0  # within the margin: no error, so nothing to send down
            unit.dE_dy = dE_dy
        for layer in reversed(self._computing_layers):
            layer.backward(to_inputs)
        self.not_ready = BACKWARD_DONE

    def backpropagate(self, cases: Iterable[Case], margin: float = 0.0, to_inputs: bool = True
                      ) -> Iterator[Tuple[List[float], Values, float]]:
        """For each case in turn: forward (1)(2), its error (3), backward (4)-(7); yield
        (outputs, targets, error).

        What a sweep of training does before it changes any weight: (6) adds each case into
        ``dE_dw``, and the caller may change the weights between cases (online learning).
        ``to_inputs=False`` skips (7) into input units, whose ∂E/∂y no weight needs.

        >>> net = Network([2, 1], seed=0, weight_range=0.0)
        >>> [error for _, _, error in net.backpropagate([([0, 1], [1]), ([1, 1], [0])])]
        [0.125, 0.125]
        >>> net.unit("o1").dE_dw   # summed over both cases by equation 6: w[o1←i1], w[o1←i2], bias
        [0.125, 0.0, 0.0]
        """
        checked = check_cases(cases, self.input_size, self.output_size)
        margin = check_setting(margin, "margin", 0.0, 0.5)
        for inputs, targets in checked:
            outputs = self._forward(inputs)
            error = self._case_error(targets, margin)
            self._backward(targets, margin, to_inputs)
            yield outputs, targets, error

    def zero_gradients(self) -> None:
        """Set every summed ∂E/∂w (biases' included) back to zero."""
        for neuron in self.neurons:
            neuron.zero_gradients()

    # ---- files and pictures -----------------------------------------------------------------

    def save(self, path: "str | os.PathLike[str]") -> None:
        """Write the architecture and every weight to a JSON file, atomically (see ``files``)."""
        files.write(path, files.network_data(self))

    @classmethod
    def load(cls, path: "str | os.PathLike[str]") -> "Network":
        """Read a network written by ``save``; a file that is not one raises ValueError naming
        the place."""
        return files.read(path, lambda data: files.network_from_data(data, cls.from_layers))

    def _repr_svg_(self) -> str:
        """The network as a picture, for notebooks (the drawing module imports nothing of the
        core)."""
        from .draw.network import network_svg  # here: the core does not load the pictures

        return network_svg(self)

    def __repr__(self) -> str:
        return f"Network({wiring.architecture(self.layers, self.output_units)})"
