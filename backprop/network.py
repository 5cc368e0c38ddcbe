"""Network: layers in forward order; the forward pass (1)(2), the error (3), backward (4)-(7).

The network computes and knows nothing about learning: the Trainer owns (8) and (9).
"""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING, Any, Iterable, List, NamedTuple, Optional, Sequence

from .checks import Case, check_cases, check_number, check_setting, check_size, check_values, describe
from .layer import Layer, check_order, default_names, tie_groups, unit_names
from .neuron import Neuron, Unit

if TYPE_CHECKING:  # pragma: no cover
    import os


class Network:
    """A feed-forward net of logistic units; ``Network([6, 2, 1])`` is a fully connected chain.

    Weights and biases start uniform in [−weight_range, weight_range], drawn from
    ``random.Random(seed)``: the same seed gives bit-identical weights on every run.

    >>> net = Network([2, 2, 1], seed=0)
    >>> net
    Network(i:2 → h:2 → o:1)
    >>> [unit.name for layer in net.layers for unit in layer.neurons]
    ['i1', 'i2', 'h1', 'h2', 'o1']
    >>> net.layers[2].neurons[0].weight_name(1)
    'w[o1←h2]'
    """

    __slots__ = (
        "layers", "input_layers", "output_layer", "seed", "weight_range",
        "weight_groups", "recurrent", "_computing_layers", "_input_units", "_hidden_units", "_awaiting_backward",
    )

    def __init__(self, sizes: Sequence[int], seed: Any = None, weight_range: float = 0.5) -> None:
        if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
            raise TypeError(f"sizes must be a list of layer sizes like [6, 2, 1], got {describe(sizes)}")
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least an input and an output layer, got {list(sizes)}")
        checked = [check_size(size, f"layer {position} size") for position, size in enumerate(sizes)]
        layers = [Layer.input(checked[0])]
        for size in checked[1:]:
            layers.append(Layer(size, inputs=layers[-1]))
        self._build(layers, seed, weight_range)

    @classmethod
    def from_layers(cls, layers: Sequence[Layer], seed: Any = None, weight_range: float = 0.5) -> "Network":
        """A network from layers in forward order; the last layer is the output layer.

        Each layer may be fed by any earlier layers (skip connections, separate groups).

        >>> i = Layer.input(2)
        >>> h = Layer(1, inputs=i)
        >>> net = Network.from_layers([i, h, Layer(1, inputs=[i, h])], seed=0)
        >>> [unit.name for unit in net.output_layer.neurons[0].inputs]
        ['i1', 'i2', 'h1']
        """
        net = cls.__new__(cls)
        net._build(list(layers), seed, weight_range)
        return net

    @classmethod
    def unrolled(cls, units: int, steps: int, inputs: int = 0, outputs: Optional[int] = None, seed: Any = None,
                 weight_range: float = 0.5) -> "Network":
        """The layered net that a recurrent net of ``units`` units, run for ``steps`` steps, is (Fig. 5).

        Every unit at step t is fed by every unit at step t − 1 (itself included) and by the
        ``inputs`` external input lines of step t; its weights are tied to its copy at step 1. The
        state at step 0 is given as input. Layers: ``s0`` (the initial state), ``x1`` … ``xT``
        (the inputs of each step), ``s1`` … ``sT`` (the state after each step). ``forward`` takes
        the initial state and then each step's inputs; the outputs are units 1 … ``outputs`` at
        the last step, so only they are computed there. Each unit's history of outputs is the
        ``y`` of its copies: ``net.unit("s2.1").y`` is unit 1 after step 2.

        >>> net = Network.unrolled(units=2, steps=3, inputs=1, outputs=1, seed=0)
        >>> net
        Network(s0:2, x1:1, x2:1, x3:1, s1:2←x1+s0, s2:2←x2+s1 (tied to s1), s3:1←x3+s2 (tied to s1))
        >>> net.unit("s3.1").weights is net.unit("s1.1").weights
        True
        """
        units, steps = check_size(units, "units"), check_size(steps, "steps")
        inputs = 0 if inputs == 0 else check_size(inputs, "inputs")
        outputs = units if outputs is None else check_size(outputs, "outputs")
        if outputs > units:
            raise ValueError(f"outputs must be at most the {units} units, got {outputs}")
        state = Layer.input(units, name="s0")
        external = [Layer.input(inputs, name=f"x{t}") for t in range(1, steps + 1)] if inputs else []
        layers = [state] + external
        first: Optional[Layer] = None
        for t in range(1, steps + 1):
            feeders = ([external[t - 1]] if inputs else []) + [state]
            state = Layer(units if t < steps else outputs, inputs=feeders, name=f"s{t}", tied_to=first)
            first = first or state
            layers.append(state)
        net = cls.from_layers(layers, seed=seed, weight_range=weight_range)
        net.recurrent = Recurrence(units, steps, inputs, outputs)
        return net

    def _build(self, layers: List[Layer], seed: Any, weight_range: float) -> None:
        """Check the layers' order, name them, make their units and draw the starting weights."""
        weight_range = check_number(weight_range, "weight_range")
        if weight_range < 0:
            raise ValueError(f"weight_range must be >= 0, got {weight_range!r}")
        check_order(layers)
        layer_names = default_names(layers)
        names = [name for layer, layer_name in zip(layers, layer_names)
                 for name in unit_names(layer_name, layer.size)]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"unit names must be unique; {', '.join(repeated)} appear more than once")
        for layer, layer_name in zip(layers, layer_names):
            layer.build(layer_name)
        self.layers = layers
        self.input_layers = [layer for layer in layers if layer.is_input]
        self.output_layer = layers[-1]
        self.seed = seed
        self.weight_range = weight_range
        self._computing_layers = [layer for layer in layers if not layer.is_input]
        self._input_units = [unit for layer in self.input_layers for unit in layer.neurons]
        self._hidden_units = [unit for layer in self._computing_layers[:-1] for unit in layer.neurons]
        self._awaiting_backward = False
        self.weight_groups = tie_groups(self._computing_layers)
        self.recurrent: Optional[Recurrence] = None
        rng = random.Random(seed)
        for group in self.weight_groups:
            leader = group[0]
            leader.weights[:] = [rng.uniform(-weight_range, weight_range) for _ in leader.inputs]  # in place: shared
            leader.bias = rng.uniform(-weight_range, weight_range)
            for neuron in group[1:]:
                neuron.bias = leader.bias

    # ---- what the network is made of -------------------------------------------------------

    @property
    def neurons(self) -> List[Neuron]:
        """Every neuron (every unit with weights), in forward order."""
        return [unit for layer in self._computing_layers for unit in layer.neurons]

    @property
    def input_size(self) -> int:
        """How many values ``forward`` takes: the input layers' sizes added up."""
        return len(self._input_units)

    @property
    def output_size(self) -> int:
        """How many values ``forward`` returns and ``backward`` takes."""
        return self.output_layer.size

    def unit(self, name: str) -> Unit:
        """The unit called ``name`` (``'h1'``, ``'o1'``, ``'person3'`` ...)."""
        for layer in self.layers:
            for unit in layer.neurons:
                if unit.name == name:
                    return unit
        raise KeyError(f"no unit named {name!r} in {self!r}")

    # ---- the forward pass: equations 1 and 2 ---------------------------------------------

    def forward(self, inputs: Sequence[float]) -> List[float]:
        """Set x and y of every unit for one case; return the output units' y.

        With several input layers the values come in the order of those layers.

        >>> net = Network([2, 1], seed=0, weight_range=0.0)
        >>> net.forward([1, 0])
        [0.5]
        """
        check_values(inputs, self.input_size, "input")
        outputs = self._forward(inputs)
        if not math.isfinite(sum(outputs)):
            self._raise_non_finite()
        return outputs

    def _forward(self, inputs: Sequence[float]) -> List[float]:
        """``forward`` for inputs already checked (the Trainer checks a sweep's cases once)."""
        for unit, value in zip(self._input_units, inputs):
            unit.y = float(value)
        for layer in self._computing_layers:
            layer.forward()
        self._awaiting_backward = True
        return [unit.y for unit in self.output_layer.neurons]

    def _raise_non_finite(self) -> None:
        for neuron in self.neurons:
            if not math.isfinite(neuron.y):  # an x of ±inf gives y = 1 or 0; a NaN x gives NaN
                raise FloatingPointError(
                    f"unit {neuron.name} has a non-finite total input (x = {neuron.x}); "
                    f"check its weights and bias"
                )

    # ---- the error: equation 3 -----------------------------------------------------------

    def case_error(self, targets: Sequence[float], margin: float = 0.0) -> float:
        """½ Σ_j (y_j − d_j)² over the output units, for the case last forwarded.

        An output within ``margin`` of its target counts as no error (the paper's 0.2).
        """
        check_values(targets, self.output_size, "target")
        return self._case_error(targets, check_setting(margin, "margin", 0.0, 0.5))

    def _case_error(self, targets: Sequence[float], margin: float) -> float:
        return 0.5 * sum(
            (unit.y - d) ** 2  # (3)
            for unit, d in zip(self.output_layer.neurons, targets)
            if abs(unit.y - d) > margin
        )

    def error(self, cases: Iterable[Case], margin: float = 0.0) -> float:
        """E: the error of every case forwarded in turn, summed over cases c and outputs j.

        >>> net = Network([2, 1], seed=0, weight_range=0.0)   # every output is 0.5
        >>> net.error([([0, 0], [0]), ([1, 1], [1])])
        0.25
        """
        pairs = check_cases(cases, self.input_size, self.output_size)
        margin = check_setting(margin, "margin", 0.0, 0.5)
        E = 0.0
        for inputs, targets in pairs:  # the sum over cases c
            self._forward(inputs)
            E += self._case_error(targets, margin)
        return E

    # ---- the backward pass: equations 4 to 7 ------------------------------------------------

    def backward(self, targets: Sequence[float], margin: float = 0.0) -> None:
        """Back-propagate the case just forwarded: dE_dy, dE_dx of every unit; add into dE_dw.

        (6) is *added*, so ``dE_dw`` sums over cases until ``zero_gradients()``. Each
        ``forward`` allows one ``backward``: a second would add the same case twice, so it is
        refused, like a ``backward`` with no ``forward`` before it.
        """
        if not self._awaiting_backward:
            raise RuntimeError(
                "backward() needs a forward() first: each forward() allows one backward(), "
                "which adds that case's ∂E/∂w into dE_dw"
            )
        check_values(targets, self.output_size, "target")
        self._backward(targets, check_setting(margin, "margin", 0.0, 0.5), to_inputs=True)

    def _backward(self, targets: Sequence[float], margin: float, to_inputs: bool) -> None:
        for unit in self._hidden_units:
            unit.dE_dy = 0.0  # equation 7 adds into these, from every layer the unit feeds
        if to_inputs:
            for unit in self._input_units:
                unit.dE_dy = 0.0
        for unit, d in zip(self.output_layer.neurons, targets):
            y = unit.y
            unit.dE_dy = y - d if abs(y - d) > margin else 0.0  # (4)
        for layer in reversed(self._computing_layers):
            layer.backward(to_inputs)
        self._awaiting_backward = False

    def zero_gradients(self) -> None:
        """Set every summed ∂E/∂w (and ∂E/∂bias) back to zero."""
        for neuron in self.neurons:
            neuron.zero_gradients()

    # ---- files -----------------------------------------------------------------------------

    def save(self, path: "str | os.PathLike[str]") -> None:
        """Write the architecture and every weight to a JSON file, atomically (see ``io``)."""
        from .io import save  # io imports the core; importing it here keeps the core free of it

        save(self, path)

    @classmethod
    def load(cls, path: "str | os.PathLike[str]") -> "Network":
        """Read a network written by ``save``."""
        from .io import load

        return load(path)

    def _repr_svg_(self) -> str:
        """The network as a picture, for notebooks (draw is imported here, never by the core's modules)."""
        from .draw import network_svg

        return network_svg(self)

    def __repr__(self) -> str:
        if all(layer.inputs == [previous] for previous, layer in zip(self.layers, self.layers[1:])):
            return "Network(" + " → ".join(f"{layer.name}:{layer.size}" for layer in self.layers) + ")"
        parts = []
        for layer in self.layers:
            fed_by = "+".join(str(feeder.name) for feeder in layer.inputs)
            tied = f" (tied to {layer.tied_to.name})" if layer.tied_to is not None else ""
            parts.append(f"{layer.name}:{layer.size}" + (f"←{fed_by}" if fed_by else "") + tied)
        return "Network(" + ", ".join(parts) + ")"


class Recurrence(NamedTuple):
    """The recurrent net a ``Network.unrolled`` stands for: n units, run for T steps."""

    units: int
    steps: int
    inputs: int
    outputs: int
