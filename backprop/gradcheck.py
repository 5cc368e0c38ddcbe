"""Check back-propagation against finite differences, weight by weight.

For each weight w the central difference (E(w + ε) − E(w − ε)) / 2ε estimates ∂E/∂w from the
error alone; back-propagation's summed ``dE_dw`` must agree with it. Every weight is restored
bit-exactly and the gradients summed before the check are put back as they were.
"""

from __future__ import annotations

from typing import List, NamedTuple, Sequence

from .network import Network
from .validate import Case, Cases, check_cases, check_number


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
    saved = [neuron.dE_dw for neuron in neurons]
    try:
        network.zero_gradients()
        for _ in network.backpropagate(pairs):
            pass  # each case adds its ∂E/∂w into dE_dw, by equation 6
        report = []
        for group in network.weight_groups:
            # Tied copies share one value: its derivative is the sum of the copies' ∂E/∂w.
            leader = group[0]
            for k in range(len(leader.w)):  # every line's weight, the always-1 line's (the bias) last
                numeric = _central_difference(network, pairs, leader.w, k, epsilon)
                report.append(GradientCheck(leader.weight_name(k), sum(n.dE_dw[k] for n in group), numeric))
    finally:
        for neuron, summed in zip(neurons, saved):
            neuron.dE_dw = summed
    return report


def check_gradients(network: Network, cases: Sequence[Case], epsilon: float = 1e-6) -> float:
    """The largest |back-propagation − central difference| over every weight and bias.

    >>> from backprop import Network, tasks
    >>> check_gradients(Network([6, 2, 1], seed=0), tasks.symmetry().cases) < 1e-7
    True
    """
    return max(check.difference for check in gradient_report(network, cases, epsilon))


def _central_difference(network: Network, cases: Cases, w: List[float], k: int, epsilon: float) -> float:
    """(E(w + ε) − E(w − ε)) / 2ε for weight ``w[k]`` (the list is shared by tied copies: one value)."""
    original = w[k]
    try:
        w[k] = original + epsilon
        above = network.error(cases)
        w[k] = original - epsilon
        below = network.error(cases)
    finally:
        w[k] = original  # the very same float: restored bit-exactly
    return (above - below) / (2 * epsilon)
