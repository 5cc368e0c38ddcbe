"""The one list of what the command line, the studies and the docs offer: tasks and experiments.

A ``TaskEntry`` is a task and the net ``backprop train TASK`` builds for it; an ``Experiment``
is one of the paper's runs, with the studies ``docs/reproduce.py`` makes of it. Everything that
lists tasks or experiments reads them from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from .. import tasks
from ..network import Network
from .classics import (
    encoder,
    encoder_recipe,
    parity,
    parity_recipe,
    symmetry,
    symmetry_recipe,
    xor,
    xor_recipe,
    xor_skip,
)
from .recipes import Phase, Recipe, Result
from .recurrent import (
    COMPLETE_SEQUENCE,
    PREDICT_NEXT,
    REMEMBER,
    SHIFT_REGISTER,
    complete_sequence,
    complete_sequence_recipe,
    complete_sequence_task,
    predict_next,
    predict_next_recipe,
    predict_next_task,
    remember,
    remember_recipe,
    remember_task,
    shift_register,
    shift_register_recipe,
    shift_register_task,
    unrolled,
)
from .trees import family_trees, family_trees_network, family_trees_recipe


@dataclass(frozen=True)
class TaskEntry:
    """A task, and the net it is trained on: a chain with ``hidden`` layers, or a net of its own."""

    name: str
    make_task: Callable[[], tasks.Task]
    hidden: Tuple[int, ...] = ()  # hidden layer sizes of the default chain
    own_network: Optional[Callable[[int, float], Network]] = None  # (seed, weight_range) → the task's own net
    recurrent: bool = False  # its own net is an unrolled recurrent net, which has no hidden layers to choose
    shape: str = ""  # how `backprop list` describes its own net
    recipe: Optional[Callable[[], Recipe]] = None  # the experiment whose settings `train` uses by default
    by_hand: bool = False  # its own net's weights are set by hand: no seed, no range
    note: str = ""  # what `backprop train` should say about this task as it starts

    def defaults(self) -> Recipe:
        """The settings ``backprop train`` uses unless told otherwise: the paper's recipe where there is
        one (its phases included), else plain gradient descent with momentum (ε = 0.5, α = 0.9)."""
        if self.recipe is not None:
            return self.recipe()
        task = self.make_task()
        return Recipe(self.name, "", lambda seed, weight_range: self.network(seed, weight_range), task.cases,
                      [Phase(0, 0.5, 0.9)], sweeps=1000, weight_range=0.5, stop_within=None)

    def network(self, seed: Any, weight_range: float, hidden: Optional[Sequence[int]] = None) -> Network:
        """The net for this task: its own, or a chain with ``hidden`` layers (default: the task's)."""
        if self.recurrent and hidden:
            raise ValueError(f"--hidden does not apply to {self.name}: its net is a recurrent net, unrolled")
        if self.own_network is not None and not hidden:
            return self.own_network(seed, weight_range)
        task = self.make_task()
        sizes = [task.input_size, *(self.hidden if hidden is None else hidden), task.output_size]
        return Network(sizes, seed=seed, weight_range=weight_range)


@dataclass(frozen=True)
class Experiment:
    """One of the paper's runs: the function that runs it, one line for `backprop list`, its studies."""

    name: str
    run: Callable[..., Result]
    line: str
    paper: str  # the paper's figure in a few words, for the reproduction table
    studies: Tuple[Tuple[int, Dict[str, Any]], ...] = field(default=((20, {}),))  # (seeds, settings) per row


TASKS: Dict[str, TaskEntry] = {entry.name: entry for entry in [
    TaskEntry("worked_example", tasks.worked_example, own_network=lambda seed, weight_range:
              tasks.worked_example_network(), shape="2-2-2, by hand", by_hand=True),
    TaskEntry("xor", tasks.xor, hidden=(2,), recipe=xor_recipe),
    TaskEntry("parity", lambda: tasks.parity(4), hidden=(4,), recipe=parity_recipe),
    TaskEntry("encoder", lambda: tasks.encoder(8), hidden=(3,), recipe=encoder_recipe),
    TaskEntry("symmetry", lambda: tasks.symmetry(6), hidden=(2,), recipe=symmetry_recipe),
    TaskEntry("family_trees", tasks.family_trees, own_network=family_trees_network, shape="the paper's net",
              recipe=family_trees_recipe, note=": all 104 queries, none held out as `paper family-trees` does"),
    TaskEntry("remember", remember_task, own_network=unrolled(REMEMBER), recurrent=True,
              shape=f"{REMEMBER.units} units × {REMEMBER.steps} steps", recipe=remember_recipe),
    TaskEntry("shift_register", shift_register_task, own_network=unrolled(SHIFT_REGISTER), recurrent=True,
              shape=f"{SHIFT_REGISTER.units} units × {SHIFT_REGISTER.steps} steps", recipe=shift_register_recipe),
    TaskEntry("predict_next", predict_next_task, own_network=unrolled(PREDICT_NEXT), recurrent=True,
              shape=f"{PREDICT_NEXT.units} units × {PREDICT_NEXT.steps} steps", recipe=predict_next_recipe),
    TaskEntry("complete_sequence", complete_sequence_task, own_network=unrolled(COMPLETE_SEQUENCE), recurrent=True,
              shape=f"{COMPLETE_SEQUENCE.units} units × {COMPLETE_SEQUENCE.steps} steps",
              recipe=complete_sequence_recipe),
]}

EXPERIMENTS: Dict[str, Experiment] = {entry.name: entry for entry in [
    Experiment("symmetry", symmetry, "Fig. 1: 6-2-1 learns mirror symmetry; the paper took 1,425 sweeps",
               "1,425 sweeps"),
    Experiment("family_trees", family_trees, "Figs. 2-4: two family trees, trained on 100 queries, 4 held out",
               "1,500 sweeps; record: 7 of 8 held out right over 2 runs",
               studies=((20, {}), (20, {"literal": True}))),
    Experiment("xor", xor, "XOR with 2 hidden units (2-2-1)", "no count given; local minima 'rare'"),
    Experiment("xor_skip", xor_skip,
               "XOR with 1 hidden unit and direct input-output lines (2-1-1); the chapter: 558 sweeps", "558 sweeps"),
    Experiment("parity", parity, "4-bit parity with 4 hidden units; the chapter: about 2,825 presentations",
               "about 2,825 presentations", studies=((20, {}), (20, {"online": True}))),
    Experiment("encoder", encoder, "the 8-3-8 encoder: 8 one-hot patterns through 3 hidden units", "no count given"),
    Experiment("remember", remember, "Fig. 5: a 2-unit recurrent net, unrolled 4 steps, outputs the bit shown first",
               "no runs given (Fig. 5)"),
    Experiment("shift_register", shift_register,
               "Fig. 5: a 4-unit recurrent ring learns to shift its pattern (2 steps)", "no runs given (Fig. 5)"),
    Experiment("predict_next", predict_next,
               "Fig. 5, targets along the way: 3 units predict the next bit of a repeating sequence (steps 3-7)",
               "no runs given (targets along the way)"),
    Experiment("complete_sequence", complete_sequence,
               "Fig. 5, targets along the way: 4 units, shown 3 bits, give the next 4 (steps 4-7)",
               "no runs given (targets along the way)"),
]}

# Names that stand for several experiments on the command line.
GROUPS: Dict[str, List[str]] = {"recurrent": ["remember", "shift_register", "predict_next", "complete_sequence"]}

# The order of the rows in docs/REPRODUCTION.md.
TABLE_ORDER = ["symmetry", "xor", "xor_skip", "parity", "encoder", "remember", "shift_register", "predict_next",
               "complete_sequence", "family_trees"]
