"""Check back-propagation against finite differences, weight by weight.

For each weight w the central difference (E(w + ε) − E(w − ε)) / 2ε estimates ∂E/∂w from the
error alone; back-propagation's summed ``dE_dw`` must agree with it. Every weight is restored
bit-exactly and the gradients summed before the check are put back as they were.

How close is "agree"? The central difference is only as good as the subtraction in it: E itself
is rounded to about 10⁻¹⁶·E, so the estimate carries a rounding error of about 10⁻¹⁰·E (ε = 10⁻⁶),
whatever the net. So the check measures each weight's *relative* difference,
|backprop − numeric| / max(|backprop|, |numeric|, 10⁻⁵·max(1, E)): gradients smaller than
10⁻⁵·max(1, E) are compared on that scale, where the estimate's own error is below 10⁻⁵ of it.
A right back-propagation stays below 10⁻⁵ or so on any net; a wrong equation gives 10⁻² or more.
``AGREE`` = 10⁻³ is the one threshold, for a net of any size.

A tied weight (Fig. 5) is one value shared by its copies: its derivative is the *sum* of the
copies' ∂E/∂w, and that sum is what is checked, under the shared weight's name. (The Trainer
changes a tied weight by the *average* of the copies' ∂E/∂w, as the paper does, unless
``tied="sum"``.)
"""

from __future__ import annotations

from typing import List, NamedTuple, Sequence

from .network import Network
from .neuron import Neuron
from .validate import Case, Cases, check_cases, check_number

AGREE = 1e-3  # back-propagation agrees with the finite difference when every relative difference is below this
FLOOR = 1e-5  # gradients below FLOOR·max(1, E) are compared on that scale (the estimate's noise is ~1e-10·E)


class GradientCheck(NamedTuple):
    """One weight's check: its name, ∂E/∂w by back-propagation and by finite difference, and the
    scale below which gradients are compared absolutely (``FLOOR``·max(1, E))."""

    name: str
    backprop: float
    numeric: float
    floor: float = 0.0

    @property
    def difference(self) -> float:
        """|backprop − numeric|."""
        return abs(self.backprop - self.numeric)

    @property
    def relative(self) -> float:
        """|backprop − numeric| / max(|backprop|, |numeric|, floor): what ``AGREE`` is a threshold for."""
        scale = max(abs(self.backprop), abs(self.numeric), self.floor)
        return self.difference / scale if scale else 0.0


def gradient_report(network: Network, cases: Sequence[Case], epsilon: float = 1e-6) -> List[GradientCheck]:
    """Every weight and bias, by name, with ∂E/∂w from back-propagation and from finite differences.

    >>> from backprop import Network, tasks
    >>> report = gradient_report(Network([2, 2, 1], seed=0), tasks.xor().cases)
    >>> [check.name for check in report[:3]]
    ['w[h1←i1]', 'w[h1←i2]', 'bias[h1]']
    >>> max(check.relative for check in report) < AGREE
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
        E = 0.0
        for _, _, error in network.backpropagate(pairs):
            E += error  # each case adds its ∂E/∂w into dE_dw, by equation 6
        floor = FLOOR * max(1.0, E)
        report = []
        for group in network.weight_groups:
            leader = group[0]
            for k in range(len(leader.w)):  # every line's weight, the always-1 line's (the bias) last
                numeric = _central_difference(network, pairs, leader.w, k, epsilon)
                # Tied copies share one value: its derivative is the sum of the copies' ∂E/∂w.
                backprop = sum(neuron.dE_dw[k] for neuron in group)
                report.append(GradientCheck(shared_name(group, k), backprop, numeric, floor))
    finally:
        for neuron, summed in zip(neurons, saved):
            neuron.dE_dw = summed
    return report


def shared_name(group: List[Neuron], k: int) -> str:
    """A weight's name; a tied weight's names it as the one value its copies share:
    ``w[s1.1←s0.1] = … = w[s4.1←s3.1] (one weight, shared by 4 copies)``."""
    names = [neuron.weight_name(k) for neuron in group]
    if len(names) == 1:
        return names[0]
    shown = " = ".join(names) if len(names) == 2 else f"{names[0]} = … = {names[-1]}"
    return f"{shown} (one weight, shared by {len(names)} copies)"


def check_gradients(network: Network, cases: Sequence[Case], epsilon: float = 1e-6) -> float:
    """The largest relative difference between back-propagation and the central difference, over
    every weight and bias (see the module's text): below ``AGREE`` (10⁻³) they agree, on a net of any size.

    >>> from backprop import Network, tasks
    >>> check_gradients(Network([6, 2, 1], seed=0), tasks.symmetry().cases) < AGREE
    True
    """
    return max(check.relative for check in gradient_report(network, cases, epsilon))


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
