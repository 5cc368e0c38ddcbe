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
        for group in network.weight_groups:
            # Tied copies share one value: its derivative is the sum of the copies' ∂E/∂w.
            leader = group[0]
            for k in range(len(leader.weights)):
                numeric = _central_difference(network, pairs, group, k, epsilon)
                report.append(GradientCheck(leader.weight_name(k), sum(n.dE_dw[k] for n in group), numeric))
            numeric = _central_difference(network, pairs, group, None, epsilon)
            report.append(GradientCheck(f"bias[{leader.name}]", sum(n.dE_dbias for n in group), numeric))
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


def _central_difference(network: Network, cases: List[Case], group: List[Neuron], k: Optional[int],
                        epsilon: float) -> float:
    """(E(w + ε) − E(w − ε)) / 2ε for weight k of a group of tied neurons (their bias when k is None)."""
    original = group[0].bias if k is None else group[0].weights[k]
    try:
        _set_weight(group, k, original + epsilon)
        above = network.error(cases)
        _set_weight(group, k, original - epsilon)
        below = network.error(cases)
    finally:
        _set_weight(group, k, original)  # the very same float: restored bit-exactly
    return (above - below) / (2 * epsilon)


def _set_weight(group: List[Neuron], k: Optional[int], value: float) -> None:
    """Set weight k (the weights list is shared by the group) or every copy's bias."""
    if k is None:
        for neuron in group:
            neuron.bias = value
    else:
        group[0].weights[k] = value
