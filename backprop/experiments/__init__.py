"""The paper's runs as recipes: the network, the trainer's settings, the cases, and a report.

    >>> result = xor(seed=1)
    >>> result.solved_at is not None, result.train_correct, result.train_total
    (True, 4, 4)

Every experiment is called as ``NAME(seed=0, progress=None, **overrides)``; ``progress(history)``
is called after every sweep (returning True stops the run); an override replaces one setting
of the recipe (``sweeps=3000``, ``learning_rate=0.2``, ``weight_range=0.5`` ...). A run stops
once every output of every training case is within ``stop_within`` of its target (the paper's
0.2 margin), or after ``sweeps`` sweeps. ``study(NAME, seeds=20)`` runs many seeds.
"""

from __future__ import annotations

import statistics
import time
from typing import Any, Callable, Dict, List

from .classics import describe_symmetry_solution, encoder, parity, skip_network, symmetry, xor, xor_skip
from .recipes import Phase, Progress, Recipe, Result, chain, count_right, run
from .recurrent import describe_recurrent, remember, shift_register
from .trees import apply_family_trees_fix, family_trees, family_trees_network, family_trees_recipe, family_trees_split

EXPERIMENTS: Dict[str, Callable[..., Result]] = {
    "symmetry": symmetry, "xor": xor, "xor_skip": xor_skip, "parity": parity, "encoder": encoder,
    "family_trees": family_trees, "remember": remember, "shift_register": shift_register,
}


class Study:
    """Many seeds of one experiment: how often it solves, and in how many sweeps."""

    def __init__(self, name: str, results: List[Result], seconds: float) -> None:
        self.name, self.results, self.seconds = name, results, seconds
        self.solved = [r.solved_at for r in results if r.solved_at is not None]
        self.within = [r.within_margin_at for r in results if r.within_margin_at is not None]
        self.paper = results[0].paper if results else ""

    @property
    def success_rate(self) -> float:
        """The fraction of seeds whose every training output got to the right side of 0.5."""
        return len(self.solved) / len(self.results)

    def summary(self) -> str:
        """One line: seeds, successes, median / min / max sweeps to solve."""
        if not self.solved:
            spread = "none solved"
        else:
            spread = (f"solved at sweep {statistics.median(self.solved):g} median, "
                      f"{min(self.solved)}–{max(self.solved)}")
        return f"{self.name}: {len(self.solved)}/{len(self.results)} seeds solved; {spread}; {self.seconds:.1f} s"

    def __str__(self) -> str:
        return self.summary() + f"\n  the paper: {self.paper}"


def study(name: str, seeds: int = 20, first_seed: int = 0, **overrides: Any) -> Study:
    """Run experiment ``name`` from seeds first_seed, first_seed + 1, ...; gather the outcomes."""
    if name not in EXPERIMENTS:
        raise ValueError(f"unknown experiment {name!r}; the experiments are {', '.join(EXPERIMENTS)}")
    started = time.perf_counter()
    results = [EXPERIMENTS[name](seed=seed, **overrides) for seed in range(first_seed, first_seed + seeds)]
    return Study(name, results, time.perf_counter() - started)


__all__ = [
    "EXPERIMENTS", "Phase", "Progress", "Recipe", "Result", "Study", "apply_family_trees_fix", "chain",
    "count_right", "describe_recurrent", "describe_symmetry_solution", "encoder", "family_trees",
    "family_trees_network", "family_trees_recipe", "family_trees_split", "parity", "remember", "run",
    "shift_register", "skip_network", "study", "symmetry", "xor", "xor_skip",
]
