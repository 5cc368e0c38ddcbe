"""Fig. 5: recurrent nets, trained as their unrolled layered nets with tied weights."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from .. import tasks
from ..network import Network
from ..wiring import Recurrence
from .experiment import Experiment
from .recipes import Phase, Recipe, Result
from .runner import ProgressCallback, Recorded

PAPER_FIG_5 = ("Fig. 5 shows that a recurrent net run for T steps is a layered net with tied weights, trained "
               "by changing each tied set by the average of its ∂E/∂w; the paper gives no runs to compare with")

# The recurrent nets: 2 units run for 4 steps with one input line, read at unit 1 after the last;
# a ring of 4 units, 2 steps; and two read at every step from the one where the answer is knowable.
REMEMBER = Recurrence(units=2, steps=4, inputs=1, outputs=1, read_at=(4,))
SHIFT_REGISTER = Recurrence(units=4, steps=2, inputs=0, outputs=4, read_at=(2,))
PREDICT_NEXT = Recurrence(units=3, steps=7, inputs=1, outputs=1, read_at=(3, 4, 5, 6, 7))
COMPLETE_SEQUENCE = Recurrence(units=4, steps=7, inputs=2, outputs=1, read_at=(4, 5, 6, 7))
TARGETS_ALONG = ("the companion chapter's recurrent runs ask for outputs at several steps (sequence completion, "
                 "a shift register read at every step); these are runs of that kind, not figures to compare with")


def unrolled(shape: Recurrence) -> Callable[[int, float], Network]:
    """A recipe's ``build`` for the unrolled net of a recurrent net of this shape."""
    return lambda seed, weight_range: Network.unrolled(shape.units, shape.steps, shape.inputs, shape.outputs,
                                                       seed, weight_range, shape.read_at or None)


def recurrent_recipe(name: str, paper: str, shape: Recurrence, task: tasks.Task, settings: Dict[str, Any]) -> Recipe:
    """The recipe every recurrent run here shares (batch, ε = 0.3, α = 0.9, U(±0.5), at most 5,000
    sweeps) for the unrolled net of ``shape`` on ``task``, with any of its settings changed."""
    return Recipe(name, paper, unrolled(shape), task.cases, [Phase(0, 0.3, 0.9)], sweeps=5000,
                  weight_range=0.5).with_settings(**settings)


def remember_task() -> tasks.Task:
    """The ``remember`` task for the ``REMEMBER`` net."""
    return tasks.remember(steps=REMEMBER.steps, units=REMEMBER.units)


def shift_register_task() -> tasks.Task:
    """The ``shift_register`` task for the ``SHIFT_REGISTER`` net."""
    return tasks.shift_register(units=SHIFT_REGISTER.units, steps=SHIFT_REGISTER.steps)


def remember_recipe(seed: int = 0, **settings: Any) -> Recipe:
    """The recipe of ``remember``, with any of its settings changed."""
    return recurrent_recipe("remember", PAPER_FIG_5, REMEMBER, remember_task(), settings)


def predict_next_task() -> tasks.Task:
    """The ``predict_next`` task for the ``PREDICT_NEXT`` net: period 3, 7 steps."""
    return tasks.predict_next(period=3, steps=PREDICT_NEXT.steps, units=PREDICT_NEXT.units)


def complete_sequence_task() -> tasks.Task:
    """The ``complete_sequence`` task for the ``COMPLETE_SEQUENCE`` net: 3 bits shown, 7 steps."""
    return tasks.complete_sequence(shown=3, steps=COMPLETE_SEQUENCE.steps, units=COMPLETE_SEQUENCE.units)


def remember(seed: int = 0, progress: Optional[ProgressCallback] = None, recording: Recorded = False,
             **settings: Any) -> Result:
    """A recurrent net of 2 units, run for 4 steps, outputs at the last step the bit shown at the first."""
    return REMEMBER_RUN.run(seed, progress, recording, **settings)


def shift_register_recipe(seed: int = 0, **settings: Any) -> Recipe:
    """The recipe of ``shift_register``, with any of its settings changed."""
    return recurrent_recipe("shift_register", PAPER_FIG_5, SHIFT_REGISTER, shift_register_task(), settings)


def shift_register(seed: int = 0, progress: Optional[ProgressCallback] = None, recording: Recorded = False,
                   **settings: Any) -> Result:
    """A ring of 4 units learns to shift its pattern along, read after 2 steps (2 places shifted)."""
    return SHIFT_REGISTER_RUN.run(seed, progress, recording, **settings)


def predict_next_recipe(seed: int = 0, **settings: Any) -> Recipe:
    """The recipe of ``predict_next``, with any of its settings changed."""
    return recurrent_recipe("predict_next", TARGETS_ALONG, PREDICT_NEXT, predict_next_task(), settings)


def predict_next(seed: int = 0, progress: Optional[ProgressCallback] = None, recording: Recorded = False,
                 **settings: Any) -> Result:
    """A recurrent net of 3 units sees a bit sequence that repeats every 3 bits and, from step 3 on,
    gives at every step the bit that comes next: targets at 5 of its 7 steps."""
    return PREDICT_NEXT_RUN.run(seed, progress, recording, **settings)


def complete_sequence_recipe(seed: int = 0, **settings: Any) -> Recipe:
    """The recipe of ``complete_sequence``, with any of its settings changed."""
    return recurrent_recipe("complete_sequence", TARGETS_ALONG, COMPLETE_SEQUENCE, complete_sequence_task(), settings)


def complete_sequence(seed: int = 0, progress: Optional[ProgressCallback] = None, recording: Recorded = False,
                      **settings: Any) -> Result:
    """A recurrent net of 4 units is shown the first 3 bits of a sequence that repeats every 3 and
    must give the rest, steps 4 to 7, with nothing shown: targets at 4 of its 7 steps."""
    return COMPLETE_SEQUENCE_RUN.run(seed, progress, recording, **settings)


def describe_recurrent(network: Network) -> List[str]:
    """The recurrent weights the unrolled net learned (one value per tied set), unit by unit, and for
    each unit the line it listens to most: the largest |w| of every line into it, the units' and the
    inputs' alike (the bias aside)."""
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
                if abs(w) > abs(largest):
                    strongest, largest = source, w
        lines.append(f"unit {j}: " + ", ".join(terms) + f", bias {neuron.bias:+.2f}"
                     + (f"; most strongly from {strongest} ({largest:+.2f})" if strongest else ""))
    return lines


def recurrent_experiment(name: str, shape: Recurrence, make_task: Callable[[], tasks.Task],
                         recipe: Callable[..., Recipe], line: str, paper: str) -> Experiment:
    """One of Fig. 5's runs: its unrolled net, its recipe, and what each unit learned to listen to."""
    return Experiment(name, make_task, recipe, line=line, paper=paper, own_network=unrolled(shape), recurrent=True,
                      shape=f"{shape.units} units × {shape.steps} steps", group="recurrent",
                      describe=lambda result: describe_recurrent(result.network))


REMEMBER_RUN = recurrent_experiment(
    "remember", REMEMBER, remember_task, remember_recipe, paper="no runs given (Fig. 5)",
    line="Fig. 5: a 2-unit recurrent net, unrolled 4 steps, outputs the bit shown first")
SHIFT_REGISTER_RUN = recurrent_experiment(
    "shift_register", SHIFT_REGISTER, shift_register_task, shift_register_recipe, paper="no runs given (Fig. 5)",
    line="Fig. 5: a 4-unit recurrent ring learns to shift its pattern (2 steps)")
PREDICT_NEXT_RUN = recurrent_experiment(
    "predict_next", PREDICT_NEXT, predict_next_task, predict_next_recipe,
    paper="no runs given (targets along the way)",
    line="Fig. 5, targets along the way: 3 units predict the next bit of a repeating sequence (steps 3-7)")
COMPLETE_SEQUENCE_RUN = recurrent_experiment(
    "complete_sequence", COMPLETE_SEQUENCE, complete_sequence_task, complete_sequence_recipe,
    paper="no runs given (targets along the way)",
    line="Fig. 5, targets along the way: 4 units, shown 3 bits, give the next 4 (steps 4-7)")
