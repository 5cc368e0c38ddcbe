"""Units: an input unit holds a value; a neuron j computes equations (1), (2), (5) and (6).

Each unit keeps the paper's quantities for the last case as named fields, so a debugger's
variables pane shows exactly what the equations left behind:

========  ================================================  ==========
field     meaning                                           equation
========  ================================================  ==========
x         total input  Σ_i y_i·w_ji  (+ bias)               (1)
y         output  1 / (1 + e^−x)                            (2)
dE_dy     ∂E/∂y_j for this case                             (4) or (7)
dE_dx     ∂E/∂x_j = ∂E/∂y_j · y_j(1 − y_j)                   (5)
dE_dw     ∂E/∂w_ji = ∂E/∂x_j · y_i, summed over cases        (6)
========  ================================================  ==========
"""

from __future__ import annotations

from math import exp
from operator import mul
from typing import List


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
    return 1.0 / (1.0 + exp(-x)) if x > -700.0 else exp(x)


class Unit:
    """A unit with an output y and the derivative ∂E/∂y sent down to it: an input unit.

    An input unit's y is the value given for the case; its ``dE_dy`` is eq. (7), set by
    ``Network.backward`` (the Trainer skips it, since no weight needs it).
    """

    __slots__ = ("name", "y", "dE_dy")

    def __init__(self, name: str) -> None:
        self.name = name
        self.y = 0.0
        self.dE_dy = 0.0

    def __repr__(self) -> str:
        return f"<input {self.name}: y={self.y:.6g} ∂E/∂y={self.dE_dy:.6g}>"


class Neuron(Unit):
    """A unit j that sums weighted inputs (1), squashes them (2) and learns its weights w_ji.

    ``inputs[k]`` is the unit i on the line whose weight is ``weights[k]`` (w_ji), and
    ``dE_dw[k]`` is that weight's ∂E/∂w summed over every case since the last zeroing.
    ``bias`` is the weight on the line from a unit that is always 1.
    """

    __slots__ = ("inputs", "weights", "bias", "x", "dE_dx", "dE_dw", "dE_dbias")

    def __init__(self, name: str, inputs: List[Unit]) -> None:
        super().__init__(name)
        self.inputs = inputs
        self.weights = [0.0] * len(inputs)
        self.bias = 0.0
        self.x = 0.0
        self.dE_dx = 0.0
        self.dE_dw = [0.0] * len(inputs)
        self.dE_dbias = 0.0

    def forward(self, ys: List[float]) -> None:
        """Set x and y from the outputs ``ys`` of this unit's inputs (same order as weights)."""
        # sum(map(mul, ...)) is the loop Σ_i w_ji·y_i, run in C: the fastest pure-Python form.
        self.x = x = self.bias + sum(map(mul, self.weights, ys))  # (1)
        self.y = logistic(x)  # (2)

    def backward(self, ys: List[float]) -> None:
        """From dE_dy, set dE_dx and add this case's ∂E/∂w_ji into dE_dw (``ys``: inputs' y)."""
        y = self.y
        self.dE_dx = dE_dx = self.dE_dy * y * (1.0 - y)  # (5)
        if dE_dx:  # a zero ∂E/∂x adds nothing: skip the loop (common once outputs are within margin)
            self.dE_dw = [dE_dw + dE_dx * y_i for dE_dw, y_i in zip(self.dE_dw, ys)]  # (6)
            self.dE_dbias += dE_dx  # the always-1 line: y_i = 1

    def zero_gradients(self) -> None:
        """Forget the summed ∂E/∂w, ready for a new sum over cases."""
        self.dE_dw = [0.0] * len(self.weights)
        self.dE_dbias = 0.0

    def weight_name(self, k: int) -> str:
        """The name of weight k, by its line: ``w[o1←h2]``."""
        return f"w[{self.name}←{self.inputs[k].name}]"

    def __repr__(self) -> str:
        state = f"x={self.x:.6g} y={self.y:.6g} ∂E/∂y={self.dE_dy:.6g} ∂E/∂x={self.dE_dx:.6g}"
        if len(self.weights) <= 6:  # few weights: each by name; many: how many and their range
            weights = " ".join(f"{self.weight_name(k)}={w:.4g}" for k, w in enumerate(self.weights))
        else:
            weights = f"{len(self.weights)} weights in [{min(self.weights):.3g}, {max(self.weights):.3g}]"
        return f"<neuron {self.name}: {state} | bias={self.bias:.4g} {weights}>"
