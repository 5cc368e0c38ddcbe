"""Fig. 5: recurrent nets, trained as their unrolled layered nets with tied weights."""

from __future__ import annotations

from typing import Any, List

from .. import tasks
from ..network import Network
from .recipes import Progress, Recipe, Result, run

PAPER_FIG_5 = ("Fig. 5 shows that a recurrent net run for T steps is a layered net with tied weights, trained "
               "by changing each tied set by the average of its ∂E/∂w; the paper gives no runs to compare with")


def remember(seed: int = 0, progress: Progress = None, **overrides: Any) -> Result:
    """A recurrent net of 2 units, run for 4 steps, outputs at the last step the bit shown at the first."""
    recipe = Recipe("remember", PAPER_FIG_5,
                    lambda seed, weight_range: Network.unrolled(2, 4, inputs=1, outputs=1, seed=seed,
                                                                weight_range=weight_range),
                    tasks.remember(steps=4, units=2).cases, [(0, 0.3, 0.9)], sweeps=5000, weight_range=0.5)
    recipe.override(overrides)
    result = run(recipe, seed, progress)
    result.details = describe_recurrent(result.network)
    return result


def shift_register(seed: int = 0, progress: Progress = None, **overrides: Any) -> Result:
    """A ring of 4 units learns to shift its pattern along, read after 2 steps (2 places shifted)."""
    recipe = Recipe("shift_register", PAPER_FIG_5,
                    lambda seed, weight_range: Network.unrolled(4, 2, seed=seed, weight_range=weight_range),
                    tasks.shift_register(units=4, steps=2).cases, [(0, 0.3, 0.9)], sweeps=5000, weight_range=0.5)
    recipe.override(overrides)
    result = run(recipe, seed, progress)
    result.details = describe_recurrent(result.network)
    return result


def describe_recurrent(network: Network) -> List[str]:
    """The recurrent weights the unrolled net learned (one value per tied set), unit by unit,
    and for each unit the unit it listens to most (its largest |w|)."""
    first_step = next(layer for layer in network.layers if not layer.is_input)
    lines = []
    for j, neuron in enumerate(first_step.neurons, start=1):
        terms, strongest, largest = [], "", 0.0
        for sender, w in zip(neuron.inputs, neuron.weights):
            layer_name, _, number = sender.name.partition(".")
            source = f"unit {number}" if layer_name == "s0" else f"input {number}"
            terms.append(f"from {source} {w:+.2f}")
            if layer_name == "s0" and abs(w) > abs(largest):
                strongest, largest = source, w
        lines.append(f"unit {j}: " + ", ".join(terms) + f", bias {neuron.bias:+.2f}"
                     + (f"; most strongly from {strongest} ({largest:+.2f})" if strongest else ""))
    return lines
