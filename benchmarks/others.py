"""The same sweep in micrograd and in NumPy, for comparison only (neither is ever a dependency).

Both start from the library network's weights and do what ``Trainer.sweep`` does for a
fully connected chain in batch mode with momentum: sum ∂E/∂w over every case, then change
every weight once.
"""

from __future__ import annotations

import math
from typing import Any, List, Sequence, Tuple

import backprop as bp

Cases = Sequence[Tuple[Sequence[float], Sequence[float]]]


def chain_weights(net: bp.Network) -> List[Tuple[List[List[float]], List[float]]]:
    """(rows of weights, biases) of each computing layer of a fully connected chain."""
    return [([list(n.weights) for n in layer.neurons], [n.bias for n in layer.neurons]) for layer in net.layers[1:]]


class MicrogradNet:
    """A chain of logistic units made of micrograd ``Value`` nodes (micrograd has no logistic
    op, so one is added here in micrograd's own style: forward and backward side by side)."""

    def __init__(self, net: bp.Network) -> None:
        from micrograd.engine import Value

        self.Value = Value
        self.layers = [([[Value(w) for w in row] for row in rows], [Value(b) for b in biases])
                       for rows, biases in chain_weights(net)]
        self.parameters = [w for rows, _ in self.layers for row in rows for w in row] + [
            b for _, biases in self.layers for b in biases]
        self.last_steps = [0.0] * len(self.parameters)

    def logistic(self, x: Any) -> Any:
        out = self.Value(1.0 / (1.0 + math.exp(-x.data)), (x,), "logistic")

        def _backward() -> None:
            x.grad += out.data * (1.0 - out.data) * out.grad

        out._backward = _backward
        return out

    def sweep(self, cases: Cases, learning_rate: float, momentum: float) -> float:
        for p in self.parameters:
            p.grad = 0.0
        E = 0.0
        for inputs, targets in cases:
            ys: List[Any] = list(inputs)
            for rows, biases in self.layers:
                ys = [self.logistic(sum((w * y for w, y in zip(row, ys)), b)) for row, b in zip(rows, biases)]
            loss = sum(((y - d) ** 2 for y, d in zip(ys, targets)), self.Value(0.0)) * 0.5
            loss.backward()  # grads add up over cases, as (6) does
            E += loss.data
        for k, p in enumerate(self.parameters):
            step = -learning_rate * p.grad + momentum * self.last_steps[k]
            self.last_steps[k] = step
            p.data += step
        return E


class NumpyNet:
    """A chain of logistic layers as NumPy matrices: every case of a sweep at once."""

    def __init__(self, net: bp.Network) -> None:
        import numpy

        self.np = numpy
        self.layers = [(numpy.array(rows), numpy.array(biases)) for rows, biases in chain_weights(net)]
        self.last_steps = [(numpy.zeros_like(W), numpy.zeros_like(b)) for W, b in self.layers]
        self.inputs: Any = None

    def sweep(self, cases: Cases, learning_rate: float, momentum: float) -> float:
        np = self.np
        if self.inputs is None or len(self.inputs) != len(cases):  # convert the cases once
            self.inputs = np.array([c[0] for c in cases], dtype=float)
            self.targets = np.array([c[1] for c in cases], dtype=float)
        ys = [self.inputs]
        for W, b in self.layers:
            ys.append(1.0 / (1.0 + np.exp(-(ys[-1] @ W.T + b))))
        dy = ys[-1] - self.targets
        E = 0.5 * float((dy * dy).sum())
        gradients = []
        for k in range(len(self.layers) - 1, -1, -1):
            dx = dy * ys[k + 1] * (1.0 - ys[k + 1])
            gradients.append((dx.T @ ys[k], dx.sum(axis=0)))
            dy = dx @ self.layers[k][0]
        gradients.reverse()
        for k, ((W, b), (gW, gb), (sW, sb)) in enumerate(zip(self.layers, gradients, self.last_steps)):
            sW = -learning_rate * gW + momentum * sW
            sb = -learning_rate * gb + momentum * sb
            self.layers[k] = (W + sW, b + sb)
            self.last_steps[k] = (sW, sb)
        return E
