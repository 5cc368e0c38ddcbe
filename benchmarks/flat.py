"""The flat reference: one training sweep written as plainly fast as pure Python allows.

No objects per unit: each computing layer is a list of weight rows, a list of biases and the
indices of the layers that feed it; activations are lists of floats. It computes exactly what
``Trainer.sweep`` computes (batch mode, momentum, weight decay, margin), so the two can be
checked against each other before they are timed against each other.
"""

from __future__ import annotations

from math import exp
from operator import mul
from typing import Any, List, Sequence, Tuple

import backprop as bp

Rows = List[List[float]]


class FlatNet:
    """A copy of a library network's weights as plain lists, and its momentum state."""

    def __init__(self, net: bp.Network) -> None:
        position = {id(layer): k for k, layer in enumerate(net.layers)}
        self.n_layers = len(net.layers)
        self.input_layers = [position[id(layer)] for layer in net.input_layers]
        self.input_sizes = [layer.size for layer in net.input_layers]
        # (layer index, feeding layer indices, weight rows, biases) in forward order
        self.layers: List[Tuple[int, List[int], Rows, List[float]]] = [
            (position[id(layer)], [position[id(feeder)] for feeder in layer.feeders],
             [list(n.weights) for n in layer.neurons], [n.bias for n in layer.neurons])
            for layer in net.layers if not layer.is_input
        ]
        inputs = set(self.input_layers)
        # per computing layer: does (7) reach any hidden layer, and where each feeder's part lies
        self.sends_down = [any(f not in inputs for f in feeders) for _, feeders, _, _ in self.layers]
        self.parts = [
            [(f, start, start + net.layers[f].size)
             for f, start in zip(feeders, _starts(net, feeders)) if f not in inputs]
            for _, feeders, _, _ in self.layers
        ]
        self.last_steps = [[[0.0] * (len(row) + 1) for row in rows] for _, _, rows, _ in self.layers]
        self.gradients: List[Rows] = []  # per layer, per unit: ∂E/∂w of each weight
        self.bias_gradients: List[List[float]] = []  # per layer, per unit: ∂E/∂bias

    def sweep(self, cases: Sequence[Tuple[Sequence[float], Sequence[float]]], learning_rate: float,
              momentum: float, weight_decay: float = 0.0, margin: float = 0.0) -> float:
        """Sum ∂E/∂w over every case, then change every weight once; return E."""
        layers, n_layers, input_layers, input_sizes = self.layers, self.n_layers, self.input_layers, self.input_sizes
        gradients = [[[0.0] * len(row) for row in rows] for _, _, rows, _ in layers]
        bias_gradients = [[0.0] * len(rows) for _, _, rows, _ in layers]
        top = layers[-1][0]
        E = 0.0
        for inputs, targets in cases:
            ys: List[Any] = [None] * n_layers
            start = 0
            for index, size in zip(input_layers, input_sizes):
                ys[index] = inputs[start:start + size]
                start += size
            sources = []
            for index, feeders, rows, biases in layers:
                x_in = ys[feeders[0]] if len(feeders) == 1 else [y for f in feeders for y in ys[f]]
                sources.append(x_in)
                out = []
                for row, bias in zip(rows, biases):
                    x = bias + sum(map(mul, row, x_in))
                    out.append(1.0 / (1.0 + exp(-x)) if x > -700.0 else exp(x))
                ys[index] = out
            dys: List[Any] = [None] * n_layers
            dy_top = [y - d if abs(y - d) > margin else 0.0 for y, d in zip(ys[top], targets)]
            E += 0.5 * sum(g * g for g in dy_top)
            dys[top] = dy_top
            for (index, _, rows, _), x_in, grads, bias_grads, sends_down, parts in zip(
                    reversed(layers), reversed(sources), reversed(gradients), reversed(bias_gradients),
                    reversed(self.sends_down), reversed(self.parts)):
                dxs = [g * y * (1.0 - y) for g, y in zip(dys[index], ys[index])]
                for k, dx in enumerate(dxs):
                    if dx:
                        grads[k] = [g + dx * y for g, y in zip(grads[k], x_in)]
                        bias_grads[k] += dx
                if not sends_down:
                    continue
                down = [sum(map(mul, dxs, column)) for column in zip(*rows)]
                for f, start, stop in parts:
                    part = down[start:stop]
                    dys[f] = part if dys[f] is None else [a + b for a, b in zip(dys[f], part)]
        keep = 1.0 - weight_decay
        for (_, _, rows, biases), grads, bias_grads, last in zip(layers, gradients, bias_gradients, self.last_steps):
            for k, (row, g_row) in enumerate(zip(rows, grads)):
                steps = [-learning_rate * g + momentum * s for g, s in zip(g_row + [bias_grads[k]], last[k])]
                last[k] = steps
                rows[k] = [(w + s) * keep for w, s in zip(row, steps)]
                biases[k] = (biases[k] + steps[-1]) * keep
        self.gradients, self.bias_gradients = gradients, bias_gradients
        return E


def _starts(net: bp.Network, feeders: List[int]) -> List[int]:
    """Where each feeding layer's values start in the concatenated inputs of a layer."""
    starts, start = [], 0
    for f in feeders:
        starts.append(start)
        start += net.layers[f].size
    return starts
