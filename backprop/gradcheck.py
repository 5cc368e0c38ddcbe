"""Check back-propagation against finite differences, weight by weight.

For each weight w the central difference (E(w + ε) − E(w − ε)) / 2ε estimates ∂E/∂w from the
error alone; back-propagation's summed ``dE_dw`` must agree with it. Every weight is restored
bit-exactly and the gradients summed before the check are put back as they were.
"""

from __future__ import annotations

from typing import List, NamedTuple, Optional, Sequence

from .checks import Case, check_cases, check_number
from .network import Network
from .neuron import Neuron


class GradientCheck(NamedTuple):
    """One weight's check: its name, ∂E/∂w by back-propagation and by finite difference."""

    name: str
    backprop: float
    numeric: float

    @property
    def difference(self) -> float:
        """|backprop − numeric|."""
        return abs(self.backprop - self.numeric)


def gradient_report(network: Network, cases: Sequence[Case], epsilon: float = 1e-6) -> List[GradientCheck]:
    """Every weight and bias, by name, with ∂E/∂w from back-propagation and from finite differences.

    >>> from backprop import Network, tasks
    >>> report = gradient_report(Network([2, 2, 1], seed=0), tasks.xor().cases)
    >>> [check.name for check in report[:3]]
    ['w[h1←i1]', 'w[h1←i2]', 'bias[h1]']
    >>> max(check.difference for check in report) < 1e-8
    True
    """
    pairs = check_cases(cases, network.input_size, network.output_size)
    epsilon = check_number(epsilon, "epsilon")
    if epsilon <= 0:
        raise ValueError(f"epsilon must be > 0, got {epsilon!r}")
    neurons = network.neurons
    saved = [(neuron.dE_dw, neuron.dE_dbias) for neuron in neurons]
    try:
        network.zero_gradients()
        for inputs, targets in pairs:
            network.forward(inputs)
            network.backward(targets)
        report = []
        for neuron in neurons:
            for k, dE_dw in enumerate(neuron.dE_dw):
                numeric = _central_difference(network, pairs, neuron, k, epsilon)
                report.append(GradientCheck(neuron.weight_name(k), dE_dw, numeric))
            numeric = _central_difference(network, pairs, neuron, None, epsilon)
            report.append(GradientCheck(f"bias[{neuron.name}]", neuron.dE_dbias, numeric))
    finally:
        for neuron, (summed, summed_bias) in zip(neurons, saved):
            neuron.dE_dw, neuron.dE_dbias = summed, summed_bias
    return report


def check_gradients(network: Network, cases: Sequence[Case], epsilon: float = 1e-6) -> float:
    """The largest |back-propagation − central difference| over every weight and bias.

    >>> from backprop import Network, tasks
    >>> check_gradients(Network([6, 2, 1], seed=0), tasks.symmetry().cases) < 1e-7
    True
    """
    return max(check.difference for check in gradient_report(network, cases, epsilon))


def _central_difference(network: Network, cases: List[Case], neuron: Neuron, k: Optional[int],
                        epsilon: float) -> float:
    """(E(w + ε) − E(w − ε)) / 2ε for weight k of ``neuron`` (its bias when k is None)."""
    original = neuron.bias if k is None else neuron.weights[k]
    try:
        _set_weight(neuron, k, original + epsilon)
        above = network.error(cases)
        _set_weight(neuron, k, original - epsilon)
        below = network.error(cases)
    finally:
        _set_weight(neuron, k, original)  # the very same float: restored bit-exactly
    return (above - below) / (2 * epsilon)


def _set_weight(neuron: Neuron, k: Optional[int], value: float) -> None:
    if k is None:
        neuron.bias = value
    else:
        neuron.weights[k] = value
