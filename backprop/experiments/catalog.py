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
from .classics import encoder, parity, symmetry, xor, xor_skip
from .recipes import Result
from .recurrent import REMEMBER, SHIFT_REGISTER, remember, remember_task, shift_register, shift_register_task, unrolled
from .trees import family_trees, family_trees_network


@dataclass(frozen=True)
class TaskEntry:
    """A task, and the net it is trained on: a chain with ``hidden`` layers, or a net of its own."""

    name: str
    make_task: Callable[[], tasks.Task]
    hidden: Tuple[int, ...] = ()  # hidden layer sizes of the default chain
    own_network: Optional[Callable[[int, float], Network]] = None  # (seed, weight_range) → the task's own net
    recurrent: bool = False  # its own net is an unrolled recurrent net, which has no hidden layers to choose
    shape: str = ""  # how `backprop list` describes its own net

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
    TaskEntry("xor", tasks.xor, hidden=(2,)),
    TaskEntry("parity", lambda: tasks.parity(4), hidden=(4,)),
    TaskEntry("encoder", lambda: tasks.encoder(8), hidden=(3,)),
    TaskEntry("symmetry", lambda: tasks.symmetry(6), hidden=(2,)),
    TaskEntry("family_trees", tasks.family_trees, own_network=family_trees_network, shape="the paper's net"),
    TaskEntry("remember", remember_task, own_network=unrolled(REMEMBER), recurrent=True,
              shape=f"{REMEMBER.units} units × {REMEMBER.steps} steps"),
    TaskEntry("shift_register", shift_register_task, own_network=unrolled(SHIFT_REGISTER), recurrent=True,
              shape=f"{SHIFT_REGISTER.units} units × {SHIFT_REGISTER.steps} steps"),
]}

EXPERIMENTS: Dict[str, Experiment] = {entry.name: entry for entry in [
    Experiment("symmetry", symmetry, "Fig. 1: 6-2-1 learns mirror symmetry; the paper took 1,425 sweeps",
               "1,425 sweeps"),
    Experiment("family_trees", family_trees, "Figs. 2-4: two family trees, 100 queries learned, 4 held out",
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
]}

# Names that stand for several experiments on the command line.
GROUPS: Dict[str, List[str]] = {"recurrent": ["remember", "shift_register"]}

# The order of the rows in docs/REPRODUCTION.md.
TABLE_ORDER = ["symmetry", "xor", "xor_skip", "parity", "encoder", "remember", "shift_register", "family_trees"]
