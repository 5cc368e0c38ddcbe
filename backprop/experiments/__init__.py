"""The paper's runs, one module each, and the one registry of what the command line, the studies
and the docs offer.

    >>> result = xor(seed=1)
    >>> result.solved_at is not None, result.train_correct, result.train_total
    (True, 4, 4)

Every experiment is called as ``NAME(seed=0, progress=None, recording=False, **settings)``;
``progress(history)`` is called after every sweep (returning True stops the run); a setting
replaces one setting of the recipe (``sweeps=3000``, ``learning_rate=0.2``, ``weight_range=0.5``
...). A run stops once every output of every training case is within ``stop_within`` of its
target (the paper's 0.2 margin), or after ``sweeps`` sweeps. ``study(NAME, seeds=20)`` runs many
seeds; ``family_trees_study(seeds=20)`` measures the family trees' generalization over 20 random
splits.

A new task from the paper is its data in ``tasks.py``, a module here that makes its
``Experiment`` (its recipe, its report, its words in tables and pictures), and one line in
``REGISTRY`` below. The rooms: ``experiment`` (what an experiment is), ``recipes`` (a recipe and
a run's result), ``runner`` (the one way a run is trained, phase by phase, for the command line
too), then one module per experiment.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, List, Tuple

from .classics import ENCODER, PARITY, XOR, XOR_SKIP, encoder, parity, skip_network, xor, xor_skip
from .experiment import Experiment
from .mirror_symmetry import SYMMETRY, describe_symmetry_solution, symmetry
from .recipes import Phase, Plan, Recipe, Result, Study, chain, count_right
from .recurrent import (
    COMPLETE_SEQUENCE,
    COMPLETE_SEQUENCE_RUN,
    PREDICT_NEXT,
    PREDICT_NEXT_RUN,
    REMEMBER,
    REMEMBER_RUN,
    SHIFT_REGISTER,
    SHIFT_REGISTER_RUN,
    complete_sequence,
    describe_recurrent,
    predict_next,
    remember,
    shift_register,
)
from .runner import ProgressCallback, follow, run
from .trees import (
    FAMILY_TREES,
    SplitOutcome,
    SplitStudy,
    changes_from_the_letter,
    family_trees,
    family_trees_fix,
    family_trees_network,
    family_trees_outcome,
    family_trees_recipe,
    family_trees_split,
    family_trees_study,
)
from .worked_example import WORKED_EXAMPLE, worked_example_network

# Every task and experiment, one line each, in the order `backprop list` and docs/REPRODUCTION.md show them.
REGISTRY: Tuple[Experiment, ...] = (
    WORKED_EXAMPLE,
    SYMMETRY,
    XOR,
    XOR_SKIP,
    PARITY,
    ENCODER,
    REMEMBER_RUN,
    SHIFT_REGISTER_RUN,
    PREDICT_NEXT_RUN,
    COMPLETE_SEQUENCE_RUN,
    FAMILY_TREES,
)

# What the registry offers, read from it: the tasks `backprop train` takes, the runs `backprop paper`
# takes (CATALOG), each run's function (EXPERIMENTS), and the names that stand for several runs.
TASKS: Dict[str, Experiment] = {entry.name: entry for entry in REGISTRY if entry.trains}
CATALOG: Dict[str, Experiment] = {entry.name: entry for entry in REGISTRY if entry.runs}
EXPERIMENTS: Dict[str, Callable[..., Result]] = {name: entry.run for name, entry in CATALOG.items()}
GROUPS: Dict[str, List[str]] = {group: [entry.name for entry in CATALOG.values() if entry.group == group]
                                 for group in dict.fromkeys(entry.group for entry in REGISTRY if entry.group)}
TaskEntry = Experiment  # the old name of a task's entry, from when tasks and runs had separate lists


def study(name: str, seeds: int = 20, first_seed: int = 0, **settings: Any) -> Study:
    """Run experiment ``name`` from seeds first_seed, first_seed + 1, ...; gather the outcomes."""
    if name not in EXPERIMENTS:
        raise ValueError(f"unknown experiment {name!r}; the experiments are {', '.join(EXPERIMENTS)}")
    started = time.perf_counter()
    results = [EXPERIMENTS[name](seed=seed, **settings) for seed in range(first_seed, first_seed + seeds)]
    return Study(name, results, time.perf_counter() - started)


__all__ = [
    "CATALOG", "COMPLETE_SEQUENCE", "EXPERIMENTS", "Experiment", "GROUPS", "PREDICT_NEXT", "Phase", "Plan",
    "ProgressCallback", "REGISTRY", "REMEMBER", "Recipe", "Result", "SHIFT_REGISTER", "SplitOutcome", "SplitStudy",
    "Study", "TASKS", "TaskEntry", "chain", "changes_from_the_letter", "complete_sequence", "count_right",
    "describe_recurrent", "describe_symmetry_solution", "encoder", "family_trees", "family_trees_fix",
    "family_trees_network", "family_trees_outcome", "family_trees_recipe", "family_trees_split", "family_trees_study",
    "follow", "parity", "predict_next", "remember", "run", "shift_register", "skip_network", "study", "symmetry",
    "worked_example_network", "xor", "xor_skip",
]
