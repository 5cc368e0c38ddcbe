"""What an experiment of the paper is: its task, its net and recipe, its report, and its words.

The command line, the studies and the pictures know no experiment by name: they ask an
``Experiment`` for what is special about it. A task from the paper is therefore its data in
``tasks.py``, one module here that makes its ``Experiment``, and one line in the registry
(``experiments/__init__.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ..draw.labels import View
from ..network import Network
from ..tasks import Task
from .recipes import Phase, Recipe, Result
from .runner import ProgressCallback, Recorded, old_record, run

# The studies docs/reproduce.py makes of an experiment: (seeds, settings) per row of its table.
Studies = Tuple[Tuple[int, Dict[str, Any]], ...]


def nothing_more(result: Result) -> List[str]:
    """An experiment that reports only the numbers every run has."""
    return []


@dataclass(frozen=True)
class Experiment:
    """One task of the paper or its companion chapter, and everything the tools ask of it.

    ``recipe(seed, **settings)`` is how the paper trains it (``seed`` matters only where it picks
    the cases, as in the family trees); ``describe(result)`` the report's lines beyond the numbers;
    ``view`` its words in tables and pictures. ``runs``: it is one of ``backprop paper``'s
    experiments; ``trains``: ``backprop train`` takes it by name.
    """

    name: str  # as Python spells it (family_trees); the command line writes family-trees
    make_task: Callable[[], Task]
    recipe: Optional[Callable[..., Recipe]] = None  # None: a task to train and explain, not a run
    line: str = ""  # one line for `backprop list`
    paper: str = ""  # the paper's figure in a few words, for the reproduction table
    describe: Callable[[Result], List[str]] = nothing_more
    studies: Studies = ((20, {}),)
    view: View = field(default_factory=View)
    trains: bool = True
    hidden: Tuple[int, ...] = ()  # the hidden layers of the chain `train` builds, unless it has its own net
    own_network: Optional[Callable[[int, float], Network]] = None  # (seed, weight_range) → its own net
    recurrent: bool = False  # its own net is an unrolled recurrent net: no hidden layers to choose
    shape: str = ""  # how `backprop list` describes its own net
    by_hand: bool = False  # its own net's weights are set by hand: no seed, no range
    note: str = ""  # what `backprop train` says about the task as it starts
    group: str = ""  # a name on the command line for it and its kind (recurrent)
    flags: Dict[str, str] = field(default_factory=dict)  # settings of its own on the command line

    @property
    def runs(self) -> bool:
        """Is it one of the paper's runs (``backprop paper NAME``)?"""
        return self.recipe is not None

    def run(self, seed: int = 0, progress: Optional[ProgressCallback] = None, recording: Recorded = False,
            record: Optional[Recorded] = None, **settings: Any) -> Result:
        """Train it from ``seed`` as the paper does (any setting of the recipe changed) and report."""
        if self.recipe is None:
            raise ValueError(f"{self.name} is a task to train and explain, not one of the paper's runs")
        recipe = self.recipe(seed, **settings)
        result = run(recipe, seed, progress, old_record(record, recording))
        result.view = self.view
        result.details = self.describe(result)
        return result

    def defaults(self) -> Recipe:
        """The settings ``backprop train`` uses unless told otherwise: the paper's recipe where there
        is one (its phases included), else plain gradient descent with momentum (ε = 0.5, α = 0.9)."""
        if self.recipe is not None:
            return self.recipe(0)
        return Recipe(self.name, "", lambda seed, weight_range: self.network(seed, weight_range),
                      self.make_task().cases, [Phase(0, 0.5, 0.9)], sweeps=1000, weight_range=0.5,
                      stop_within=None)

    def network(self, seed: Any, weight_range: float, hidden: Optional[Sequence[int]] = None) -> Network:
        """The net ``backprop train`` trains: its own, or a chain with ``hidden`` layers (default: its own)."""
        if self.recurrent and hidden:
            raise ValueError(f"--hidden does not apply to {self.name}: its net is a recurrent net, unrolled")
        if self.own_network is not None and not hidden:
            return self.own_network(seed, weight_range)
        task = self.make_task()
        sizes = [task.input_size, *(self.hidden if hidden is None else hidden), task.output_size]
        return Network(sizes, seed=seed, weight_range=weight_range)
