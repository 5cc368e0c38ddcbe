"""Fig. 5: recurrent nets, trained as their unrolled layered nets with tied weights."""

from __future__ import annotations

from typing import Any, Callable, List, Optional

from .. import tasks
from ..network import Network
from ..wiring import Recurrence
from .recipes import Phase, ProgressCallback, Recipe, Result, run

PAPER_FIG_5 = ("Fig. 5 shows that a recurrent net run for T steps is a layered net with tied weights, trained "
               "by changing each tied set by the average of its ∂E/∂w; the paper gives no runs to compare with")

# The two recurrent nets: 2 units run for 4 steps with one input line, read at unit 1; a ring of 4 units, 2 steps.
REMEMBER = Recurrence(units=2, steps=4, inputs=1, outputs=1)
SHIFT_REGISTER = Recurrence(units=4, steps=2, inputs=0, outputs=4)


def unrolled(shape: Recurrence) -> Callable[[int, float], Network]:
    """A recipe's ``build`` for the unrolled net of a recurrent net of this shape."""
    return lambda seed, weight_range: Network.unrolled(*shape, seed=seed, weight_range=weight_range)


def remember_task() -> tasks.Task:
    """The ``remember`` task for the ``REMEMBER`` net."""
    return tasks.remember(steps=REMEMBER.steps, units=REMEMBER.units)


def shift_register_task() -> tasks.Task:
    """The ``shift_register`` task for the ``SHIFT_REGISTER`` net."""
    return tasks.shift_register(units=SHIFT_REGISTER.units, steps=SHIFT_REGISTER.steps)


def remember_recipe(**settings: Any) -> Recipe:
    """The recipe of ``remember``, with any of its settings changed."""
    return Recipe("remember", PAPER_FIG_5, unrolled(REMEMBER), remember_task().cases, [Phase(0, 0.3, 0.9)],
                  sweeps=5000, weight_range=0.5).with_settings(**settings)


def remember(seed: int = 0, progress: Optional[ProgressCallback] = None, **settings: Any) -> Result:
    """A recurrent net of 2 units, run for 4 steps, outputs at the last step the bit shown at the first."""
    recipe = remember_recipe(**settings)
    result = run(recipe, seed, progress)
    result.details = describe_recurrent(result.network)
    return result


def shift_register_recipe(**settings: Any) -> Recipe:
    """The recipe of ``shift_register``, with any of its settings changed."""
    return Recipe("shift_register", PAPER_FIG_5, unrolled(SHIFT_REGISTER), shift_register_task().cases,
                  [Phase(0, 0.3, 0.9)], sweeps=5000, weight_range=0.5).with_settings(**settings)


def shift_register(seed: int = 0, progress: Optional[ProgressCallback] = None, **settings: Any) -> Result:
    """A ring of 4 units learns to shift its pattern along, read after 2 steps (2 places shifted)."""
    recipe = shift_register_recipe(**settings)
    result = run(recipe, seed, progress)
    result.details = describe_recurrent(result.network)
    return result


def describe_recurrent(network: Network) -> List[str]:
    """The recurrent weights the unrolled net learned (one value per tied set), unit by unit,
    and for each unit the unit it listens to most (its largest |w|)."""
    first_step = next(layer for layer in network.layers if not layer.is_input)
    state = network.layers[0]  # s0, the state before step 1; any other layer feeding step 1 is its inputs
    lines = []
    for j, neuron in enumerate(first_step.neurons, start=1):
        terms, strongest, largest = [], "", 0.0
        for feeder, start in first_step.blocks:
            for i in range(feeder.size):
                w = neuron.w[start + i]
                source = f"unit {i + 1}" if feeder is state else f"input {i + 1}"
                terms.append(f"from {source} {w:+.2f}")
                if feeder is state and abs(w) > abs(largest):
                    strongest, largest = source, w
        lines.append(f"unit {j}: " + ", ".join(terms) + f", bias {neuron.bias:+.2f}"
                     + (f"; most strongly from {strongest} ({largest:+.2f})" if strongest else ""))
    return lines
