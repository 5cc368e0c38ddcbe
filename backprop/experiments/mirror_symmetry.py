"""Mirror symmetry, the paper's Fig. 1: a 6-2-1 net learns to tell whether its input is a palindrome."""

from __future__ import annotations

from typing import Any, List, Optional

from .. import tasks
from ..history import is_right
from ..network import Network
from .experiment import Experiment
from .recipes import Phase, Recipe, Result, chain
from .runner import ProgressCallback, Recorded


def symmetry_recipe(seed: int = 0, **settings: Any) -> Recipe:
    """The recipe of ``symmetry``, with any of its settings changed (every seed the same cases)."""
    return Recipe("symmetry", "1,425 sweeps (6-2-1, all 64 vectors, batch, ε = 0.1, α = 0.9, U(−0.3, 0.3))",
                  chain([6, 2, 1]), tasks.symmetry().cases,
                  [Phase(0, 0.1, 0.9)], sweeps=5000, weight_range=0.3).with_settings(**settings)


def symmetry(seed: int = 0, progress: Optional[ProgressCallback] = None, recording: Recorded = False,
             **settings: Any) -> Result:
    """Fig. 1: 6-2-1 learns to tell mirror-symmetric inputs; reports the paper's weight pattern."""
    return SYMMETRY.run(seed, progress, recording, **settings)


def describe_symmetry_solution(network: Network) -> List[str]:
    """The property the paper found, measured (mirror pairs, their 1 : 2 : 4 sizes, bias signs); for a
    run that did not find it, plainly so, and what the net does instead."""
    hidden, output = network.layers[1].neurons, network.layers[-1].neurons[0]
    lines, opposite_all, ratios = [], True, []
    for unit in hidden:
        w = unit.weights
        pairs = [(w[k], w[5 - k]) for k in range(3)]  # outer, middle, inner mirror pairs
        opposite = all(a * b < 0 for a, b in pairs)
        opposite_all = opposite_all and opposite
        sizes = sorted(abs(a) for a in w[:3])
        ratio = [size / sizes[0] for size in sizes] if sizes[0] else [0.0, 0.0, 0.0]
        ratios.append(ratio)
        balance = max(abs(a + b) / max(abs(a), abs(b)) for a, b in pairs)
        lines.append(
            f"{unit.name}: weights {' '.join(f'{x:+.2f}' for x in w)}, bias {unit.bias:+.2f}; mirror pairs "
            f"{'all of opposite sign' if opposite else 'NOT all of opposite sign'} (sizes differ by at most "
            f"{balance:.0%}); one side's sizes 1 : {ratio[1]:.2f} : {ratio[2]:.2f}"
        )
    lines.append(f"output bias {output.bias:+.2f}; output weights {' '.join(f'{x:+.2f}' for x in output.weights)}")
    near = all(abs(r[1] - 2) < 0.5 and abs(r[2] - 4) < 1.0 for r in ratios)
    cases = tasks.symmetry().cases
    outputs = [network.forward(inputs)[0] for inputs, _ in cases]
    if all(is_right(abs(y - d[0])) for y, (_, d) in zip(outputs, cases)):
        found = ["mirror pairs equal and opposite" if opposite_all else "NOT mirror pairs of opposite sign",
                 "sizes near 1 : 2 : 4" if near else "sizes not 1 : 2 : 4",
                 "hidden biases negative" if all(u.bias < 0 for u in hidden) else "NOT all hidden biases negative",
                 "output bias positive" if output.bias > 0 else "output bias NOT positive",
                 "the two hidden units of opposite pattern" if len(hidden) == 2 and
                 hidden[0].weights[0] * hidden[1].weights[0] < 0 else "hidden units NOT of opposite pattern"]
        verdict = "this run found the paper's solution: " if opposite_all and near else \
            "this run answers every input right, but not with the paper's solution: "
        return lines + [verdict + "; ".join(found)]
    return lines + ["this run did NOT find the paper's solution: " + why_not(network, outputs)]


def why_not(network: Network, outputs: List[float]) -> str:
    """What a symmetry net that did not learn does instead, read from its weights and outputs."""
    output = network.layers[-1].neurons[0]
    cases = tasks.symmetry().cases
    symmetric = [y for y, (_, d) in zip(outputs, cases) if d[0] == 1.0]
    if max(outputs) < 0.01:
        slope = max(y * (1 - y) for y in symmetric)
        ys: List[float] = []  # every hidden unit's output, for every input
        for inputs, _ in cases:
            network.forward(inputs)
            ys += [unit.y for unit in network.layers[1].units]
        return (f"it answers 0 to every input (output bias {output.bias:+.2f}, weights "
                f"{' '.join(f'{w:+.2f}' for w in output.weights)} from hidden units whose outputs stay between "
                f"{min(ys):.2f} and {max(ys):.2f}): right for the 56 asymmetric inputs, wrong for the 8 symmetric "
                f"ones, E = 8 × ½ = 4. It is on a plateau, not in a pit: the output unit is saturated, so (5) "
                f"multiplies the error of the symmetric inputs by y(1 − y) ≤ {max(slope, 1e-300):.1g} and every "
                f"∂E/∂w is tiny; gradient descent crawls. Given sweeps it gets out: from seed 1 after some 700, "
                f"from seeds 0, 2, 4, 11 and 15 after 10,000 to 32,000 (try --sweeps 40000)")
    if all(abs(y - 0.5) < 0.01 for y in symmetric):
        return ("every symmetric input gets 0.5: the hidden units learned mirror-image weights, but not in a "
                "ratio like 1 : 2 : 4, so some asymmetric inputs (one pair differing one way, two others the other) "
                "give them nearly the total input a symmetric input gives; the output cannot be turned on for the "
                "symmetric inputs without turning on for those. Another plateau: from seed 3 gradient descent "
                "reaches 1 : 2 : 4, and every case right, at sweep 5,002 (try --sweeps 40000)")
    return "some inputs are still answered wrong; see the weights above"




SYMMETRY = Experiment(
    "symmetry", lambda: tasks.symmetry(6), symmetry_recipe, hidden=(2,),
    line="Fig. 1: 6-2-1 learns mirror symmetry; the paper took 1,425 sweeps", paper="1,425 sweeps",
    describe=lambda result: describe_symmetry_solution(result.network))
