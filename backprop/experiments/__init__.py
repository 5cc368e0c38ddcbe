"""The paper's runs as recipes: the network, the trainer's settings, the cases, and a report.

    >>> result = xor(seed=1)
    >>> result.solved_at is not None, result.train_correct, result.train_total
    (True, 4, 4)

Every experiment is called as ``NAME(seed=0, progress=None, **settings)``; ``progress(history)``
is called after every sweep (returning True stops the run); a setting replaces one setting
of the recipe (``sweeps=3000``, ``learning_rate=0.2``, ``weight_range=0.5`` ...). A run stops
once every output of every training case is within ``stop_within`` of its target (the paper's
0.2 margin), or after ``sweeps`` sweeps. ``study(NAME, seeds=20)`` runs many seeds;
``family_trees_study(seeds=20)`` measures the family trees' generalization over 20 random splits.
``catalog`` lists them all, with the tasks the command line trains.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Dict

from .catalog import EXPERIMENTS as CATALOG
from .catalog import GROUPS, TASKS, Experiment, TaskEntry
from .classics import describe_symmetry_solution, encoder, parity, skip_network, symmetry, xor, xor_skip
from .recipes import Phase, ProgressCallback, Recipe, Result, Study, chain, count_right, run
from .recurrent import (
    COMPLETE_SEQUENCE,
    PREDICT_NEXT,
    REMEMBER,
    SHIFT_REGISTER,
    complete_sequence,
    describe_recurrent,
    predict_next,
    remember,
    shift_register,
)
from .trees import (
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

EXPERIMENTS: Dict[str, Callable[..., Result]] = {name: entry.run for name, entry in CATALOG.items()}


def study(name: str, seeds: int = 20, first_seed: int = 0, **settings: Any) -> Study:
    """Run experiment ``name`` from seeds first_seed, first_seed + 1, ...; gather the outcomes."""
    if name not in EXPERIMENTS:
        raise ValueError(f"unknown experiment {name!r}; the experiments are {', '.join(EXPERIMENTS)}")
    started = time.perf_counter()
    results = [EXPERIMENTS[name](seed=seed, **settings) for seed in range(first_seed, first_seed + seeds)]
    return Study(name, results, time.perf_counter() - started)


__all__ = [
    "CATALOG", "COMPLETE_SEQUENCE", "EXPERIMENTS", "Experiment", "GROUPS", "PREDICT_NEXT", "Phase",
    "ProgressCallback", "REMEMBER", "Recipe", "Result", "SHIFT_REGISTER", "SplitOutcome", "SplitStudy", "Study",
    "TASKS", "TaskEntry", "chain", "changes_from_the_letter", "complete_sequence", "count_right",
    "describe_recurrent", "describe_symmetry_solution", "encoder", "family_trees", "family_trees_fix",
    "family_trees_network", "family_trees_outcome", "family_trees_recipe", "family_trees_split", "family_trees_study",
    "parity", "predict_next", "remember", "run", "shift_register", "skip_network", "study", "symmetry", "xor",
    "xor_skip",
]
