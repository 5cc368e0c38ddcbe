"""A recipe (the net, the trainer's settings, the cases) and a run of it: what every experiment shares."""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ..checks import Case
from ..network import Network
from ..trainer import History, Trainer

Phase = Tuple[int, float, float]  # (sweeps, learning rate ε, momentum α); the last phase runs to the end


class Recipe:
    """Everything a run needs; experiments build one and ``run`` follows it."""

    def __init__(self, name: str, paper: str, build: Callable[[int, float], Network], cases: Sequence[Case],
                 phases: List[Phase], sweeps: int, weight_range: float, test_cases: Sequence[Case] = (),
                 weight_decay: float = 0.0, margin: float = 0.0, online: bool = False,
                 stop_within: Optional[float] = 0.2, tied: str = "average") -> None:
        self.name, self.paper, self.build = name, paper, build
        self.cases, self.test_cases = list(cases), list(test_cases)
        self.phases, self.sweeps, self.weight_range = phases, sweeps, weight_range
        self.weight_decay, self.margin, self.online, self.stop_within = weight_decay, margin, online, stop_within
        self.tied = tied

    def override(self, settings: Dict[str, Any]) -> None:
        """Apply ``NAME(seed, **overrides)``: ``learning_rate``/``momentum`` set the last phase."""
        for key, value in settings.items():
            if key in ("learning_rate", "momentum"):
                length, learning_rate, momentum = self.phases[-1]
                if key == "learning_rate":
                    self.phases[-1] = (length, value, momentum)
                else:
                    self.phases[-1] = (length, learning_rate, value)
            elif key in ("sweeps", "weight_range", "weight_decay", "margin", "online", "stop_within", "tied"):
                setattr(self, key, value)
            else:
                raise TypeError(f"{self.name}: unknown setting {key!r}; settings are learning_rate, momentum, "
                                f"sweeps, weight_range, weight_decay, margin, online, stop_within, tied")


class Result:
    """What a run did: sweeps, when it solved the task, final E, right answers, the net itself."""

    def __init__(self, recipe: Recipe, seed: int, network: Network, history: History, seconds: float) -> None:
        self.name, self.seed, self.paper = recipe.name, seed, recipe.paper
        self.network, self.history, self.seconds = network, history, seconds
        self.cases = recipe.cases  # the training cases
        self.sweeps = history.sweeps
        self.solved_at = history.solved_at
        self.within_margin_at = history.first_sweep_within(0.2)
        self.error = history.error
        self.train_correct, self.train_total = count_right(network, recipe.cases), len(recipe.cases)
        self.test_correct, self.test_total = count_right(network, recipe.test_cases), len(recipe.test_cases)
        self.details: List[str] = []  # what this experiment reports beyond the numbers

    def report(self) -> str:
        """A short report: the run's numbers beside the paper's."""
        solved = f"sweep {self.solved_at}" if self.solved_at else "never"
        within = f"sweep {self.within_margin_at}" if self.within_margin_at else "never"
        lines = [
            f"{self.name} (seed {self.seed}): {self.sweeps} sweeps in {self.seconds:.1f} s, final E = {self.error:.4g}",
            f"  every output on the right side of 0.5: {solved}; every output within 0.2: {within}",
            f"  training cases right: {self.train_correct}/{self.train_total}"
            + (f"; held-out cases right: {self.test_correct}/{self.test_total}" if self.test_total else ""),
        ]
        lines += ["  " + line for line in self.details]
        lines.append(f"  the paper: {self.paper}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()

    def __repr__(self) -> str:
        return f"<{self.name} seed {self.seed}: {self.sweeps} sweeps, solved at {self.solved_at}, E {self.error:.4g}>"


def count_right(network: Network, cases: Sequence[Case]) -> int:
    """How many cases have every output on the right side of 0.5."""
    return sum(
        all(abs(y - d) < 0.5 for y, d in zip(network.forward(inputs), targets)) for inputs, targets in cases
    )


Progress = Optional[Callable[[History], Optional[bool]]]  # called after every sweep; True stops the run


def run(recipe: Recipe, seed: int, progress: Progress = None) -> Result:
    """Build the recipe's net from ``seed`` and train it phase by phase."""
    started = time.perf_counter()
    network = recipe.build(seed, recipe.weight_range)
    trainer = Trainer(network, learning_rate=recipe.phases[0][1], momentum=recipe.phases[0][2],
                      weight_decay=recipe.weight_decay, margin=recipe.margin, online=recipe.online, tied=recipe.tied)
    history = trainer.history
    stopped = False

    def watch(sweep: int, E: float) -> bool:
        nonlocal stopped
        within = recipe.stop_within is not None and history.largest_misses[-1] <= recipe.stop_within
        stopped = bool(progress is not None and progress(history)) or within
        return stopped

    for number, (length, learning_rate, momentum) in enumerate(recipe.phases):
        if stopped or history.sweeps >= recipe.sweeps:
            break
        trainer.learning_rate, trainer.momentum = learning_rate, momentum
        remaining = recipe.sweeps - history.sweeps
        trainer.train(recipe.cases, remaining if number == len(recipe.phases) - 1 else min(length, remaining),
                      callback=watch)
    return Result(recipe, seed, network, history, time.perf_counter() - started)


def chain(sizes: Sequence[int]) -> Callable[[int, float], Network]:
    return lambda seed, weight_range: Network(sizes, seed=seed, weight_range=weight_range)
