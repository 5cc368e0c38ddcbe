"""Units: an input unit holds a value; a neuron j computes equations (1), (2), (5) and (6).

Each unit keeps the paper's quantities for the last case as named fields, so a debugger's
variables pane shows exactly what the equations left behind (the equation that sets each last):

    x      total input  Σ_i y_i·w_ji, the always-1 line included       (1)
    y      output  1 / (1 + e^−x)                                     (2)
    dE_dy  ∂E/∂y_j for this case (NaN from forward until backward)    (4) or (7)
    dE_dx  ∂E/∂x_j = ∂E/∂y_j · y_j(1 − y_j)                            (5)
    w      w_ji of every incoming line, the always-1 line's last
    dE_dw  ∂E/∂w_ji = ∂E/∂x_j · y_i summed over cases, lined up with w (6)
"""

from __future__ import annotations

import math
from math import exp
from operator import mul
from typing import Iterable, List, Sequence

from .views import Weights, derivative_text

# ∂E/∂y and ∂E/∂x after a forward pass, until the backward pass computes them for that case.
NOT_YET = math.nan


def logistic(x: float) -> float:
    """Eq. (2): a unit's output 1 / (1 + e^(−x)), without overflow for any float x.

    >>> logistic(0.0)
    0.5
    >>> logistic(-1e6), logistic(1e6)
    (0.0, 1.0)
    >>> round(logistic(0.3775), 9)
    0.593269992
    """
    # Below x = -700, e^(-x) would overflow; there 1 + e^x rounds to exactly 1.0, so
    # 1 / (1 + e^(-x)) = e^x / (1 + e^x) is e^x to the last bit.
    if x > -700.0:
        return 1.0 / (1.0 + exp(-x))
    return exp(x)


class Unit:
    """A unit with an output y and the derivative ∂E/∂y sent down to it: an input unit.

    An input unit's y is the value given for the case; its ``dE_dy`` is eq. (7), set by
    ``Network.backward`` (the Trainer leaves it alone, since no weight needs it).
    """

    __slots__ = ("name", "y", "dE_dy")

    def __init__(self, name: str) -> None:
        self.name = name
        self.y = 0.0
        self.dE_dy = NOT_YET

    def __repr__(self) -> str:
        return f"<input {self.name}: y={self.y:.6g} ∂E/∂y={derivative_text(self.dE_dy)}>"


class Neuron(Unit):
    """A unit j that sums its weighted inputs (1), squashes the sum (2) and learns its weights.

    ``w[k]`` is w_ji, the weight on the line from ``inputs[k]``; ``w[-1]`` is the weight on the
    line from a unit that is always 1: the bias, "treated just like the other weights" (the
    paper). ``dE_dw[k]`` is ∂E/∂w of ``w[k]``, summed over every case since the last
    ``zero_gradients``. Tied neurons (Fig. 5) share one ``w``. ``weights``, ``bias`` and
    ``dE_dbias`` are the same numbers under their everyday names.

    >>> j = Neuron("h1", [Unit("i1"), Unit("i2")])
    >>> j.weights, j.bias = [0.15, 0.2], 0.35
    >>> j.w
    [0.15, 0.2, 0.35]
    >>> j.forward([0.05, 0.1, 1.0])   # the inputs' y, then the always-1 line's
    >>> j.x, round(j.y, 9)
    (0.3775, 0.593269992)
    """

    __slots__ = ("inputs", "w", "x", "dE_dx", "dE_dw")

    def __init__(self, name: str, inputs: List[Unit]) -> None:
        super().__init__(name)
        self.inputs = inputs
        self.w = [0.0] * (len(inputs) + 1)
        self.x = 0.0
        self.dE_dx = NOT_YET
        self.dE_dw = [0.0] * (len(inputs) + 1)

    def forward(self, ys: Sequence[float]) -> None:
        """Set x and y from ``ys``: the y on every line, in the order of ``w``, the always-1
        line's last (``Layer.forward`` gathers them once for the whole layer)."""
        # sum(map(mul, ...)) is the loop Σ_i w_ji·y_i, run in C: the fastest pure-Python form.
        x = sum(map(mul, self.w, ys))  # (1)
        self.x = x
        self.y = logistic(x)  # (2)
        # What an earlier case left: not this case's until the backward pass computes them.
        self.dE_dy = NOT_YET
        self.dE_dx = NOT_YET

    def backward(self, ys: Sequence[float]) -> None:
        """From dE_dy, set dE_dx, and add this case's ∂E/∂w_ji into dE_dw (ys: as forward's)."""
        y = self.y
        dE_dx = self.dE_dy * y * (1.0 - y)  # (5)
        self.dE_dx = dE_dx
        if not dE_dx:
            return  # nothing to add (common once the outputs are within the margin)
        dE_dw = self.dE_dw
        self.dE_dw = [dE_dw_ji + dE_dx * y_i for dE_dw_ji, y_i in zip(dE_dw, ys)]  # (6)

    def zero_gradients(self) -> None:
        """Forget the summed ∂E/∂w, ready for a new sum over cases."""
        self.dE_dw = [0.0] * len(self.w)

    # ---- the everyday names: weights (aligned with inputs), bias, dE_dbias ------------------

    @property
    def weights(self) -> Weights:
        """w_ji of the lines from ``inputs``, in their order: ``w`` less the bias, a live view."""
        return Weights(self.w)

    @weights.setter
    def weights(self, values: Iterable[float]) -> None:
        self.weights[:] = values

    @property
    def bias(self) -> float:
        """The weight on the line from the always-1 unit: ``w[-1]``."""
        return self.w[-1]

    @bias.setter
    def bias(self, value: float) -> None:
        self.w[-1] = value

    @property
    def dE_dbias(self) -> float:
        """∂E/∂bias summed over cases: ``dE_dw[-1]`` (the always-1 line's y_i is 1)."""
        return self.dE_dw[-1]

    @dE_dbias.setter
    def dE_dbias(self, value: float) -> None:
        self.dE_dw[-1] = value

    def weight_name(self, k: int) -> str:
        """The name of ``w[k]``, by its line: ``w[o1←h2]``; the always-1 line's is ``bias[o1]``."""
        if k < len(self.inputs):
            return f"w[{self.name}←{self.inputs[k].name}]"
        return f"bias[{self.name}]"

    def _repr_html_(self) -> str:
        """Its numbers and its equations for the last case, as tables, for notebooks."""
        from .draw.notebook import neuron_html  # here: the core does not load the pictures

        return neuron_html(self)

    def __repr__(self) -> str:
        dE_dy, dE_dx = derivative_text(self.dE_dy), derivative_text(self.dE_dx)
        state = f"x={self.x:.6g} y={self.y:.6g} ∂E/∂y={dE_dy} ∂E/∂x={dE_dx}"
        weights = self.w[:-1]
        if len(weights) <= 6:  # few weights: each by name; many: how many and their range
            named = enumerate(weights)
            shown = " ".join(f"{self.weight_name(k)}={w:.4g}" for k, w in named)
        else:
            low, high = min(weights), max(weights)
            shown = f"{len(weights)} weights in [{low:.3g}, {high:.3g}]"
        return f"<neuron {self.name}: {state} | bias={self.bias:.4g} {shown}>"
