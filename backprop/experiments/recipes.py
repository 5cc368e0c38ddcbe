"""A recipe (the net, the trainer's settings, the cases) and a run of it: what every experiment shares."""

from __future__ import annotations

import dataclasses
import statistics
import time
from dataclasses import dataclass, field
from typing import Any, Callable, List, NamedTuple, Optional, Sequence, Union

from ..checks import Case, check_cases, check_size
from ..history import History, is_right, largest_miss
from ..network import Network
from ..recording import Recording
from ..trainer import Trainer

ProgressCallback = Callable[[History], Optional[bool]]  # called after every sweep; True stops the run
Record = Union[bool, Sequence[str]]  # False; True: E and every weight, once a sweep; or the names to record as well


class Phase(NamedTuple):
    """A stretch of training with one ε and α; the last phase of a recipe runs to its end."""

    sweeps: int
    learning_rate: float
    momentum: float


SETTINGS = ("learning_rate", "momentum", "sweeps", "weight_range", "weight_decay", "decay_from", "margin", "online",
            "stop_within", "tied")
# When weight decay starts: with the first change, or only once the net has learned its training cases,
# every case answered right ("learned") or every output within the margin ("margin").
DECAY_FROM = ("start", "learned", "margin")


@dataclass
class Recipe:
    """Everything a run needs; experiments build one and ``run`` follows it."""

    name: str
    paper: str  # what the paper reports, in a line
    build: Callable[[int, float], Network]  # (seed, weight_range) → the net
    cases: Sequence[Case]
    phases: List[Phase]
    sweeps: int
    weight_range: float
    test_cases: Sequence[Case] = ()
    weight_decay: float = 0.0
    decay_from: str = "start"  # one of DECAY_FROM
    margin: float = 0.0
    online: bool = False
    stop_within: Optional[float] = 0.2  # stop once every output is this close to its target
    tied: str = "average"

    def __post_init__(self) -> None:
        if self.decay_from not in DECAY_FROM:
            raise ValueError(f"{self.name}: decay_from must be one of {', '.join(DECAY_FROM)}, got {self.decay_from!r}")
        # Checked once here, so that training takes them without checking them again every sweep.
        sizes = (len(self.cases[0][0]), len(self.cases[0][1]))
        self.cases = check_cases(self.cases, *sizes)
        self.test_cases = check_cases(self.test_cases, *sizes) if self.test_cases else ()

    def with_settings(self, **settings: Any) -> "Recipe":
        """The recipe with some settings changed; ``learning_rate`` and ``momentum`` set the last phase."""
        unknown = sorted(set(settings) - set(SETTINGS))
        if unknown:
            raise TypeError(f"{self.name}: unknown setting {unknown[0]!r}; settings are {', '.join(SETTINGS)}")
        if "sweeps" in settings:
            settings["sweeps"] = check_size(settings["sweeps"], "sweeps")
        last = self.phases[-1]._replace(**{k: settings.pop(k) for k in ("learning_rate", "momentum") if k in settings})
        return dataclasses.replace(self, phases=self.phases[:-1] + [last], **settings)


@dataclass(repr=False)
class Result:
    """What a run did: sweeps, when it solved the task, final E, right answers, the net itself."""

    recipe: Recipe
    seed: int
    network: Network
    history: History
    seconds: float
    details: List[str] = field(default_factory=list)  # what this experiment reports beyond the numbers
    recording: Optional[Recording] = None  # what the run recorded, when it was asked to (``record=``)
    decay_started_at: Optional[int] = None  # the sweep whose change was the first to decay the weights, if any

    def __post_init__(self) -> None:
        recipe = self.recipe
        self.name, self.paper, self.cases = recipe.name, recipe.paper, recipe.cases
        self.sweeps, self.solved_at, self.error = self.history.sweeps, self.history.solved_at, self.history.error
        self.within_margin_at = self.history.first_sweep_within(0.2)
        self.train_correct, self.train_total = count_right(self.network, recipe.cases), len(recipe.cases)
        self.test_correct, self.test_total = count_right(self.network, recipe.test_cases), len(recipe.test_cases)

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


@dataclass(repr=False)
class Study:
    """Many seeds of one experiment: how often it solves, and in how many sweeps."""

    name: str
    results: List[Result]
    seconds: float

    @property
    def solved(self) -> List[int]:
        """The sweep at which each seed that solved it did (every case answered right)."""
        return [r.solved_at for r in self.results if r.solved_at is not None]

    @property
    def paper(self) -> str:
        return self.results[0].paper if self.results else ""

    @property
    def success_rate(self) -> float:
        """The fraction of seeds whose every training case was answered right."""
        return len(self.solved) / len(self.results)

    def summary(self) -> str:
        """One line: seeds, successes, median / min / max sweeps to solve."""
        solved = self.solved
        if len(solved) == 1:
            spread = f"solved at sweep {solved[0]}"
        else:
            spread = (f"solved at sweep {statistics.median(solved):g} median, {min(solved)}–{max(solved)}" if solved
                      else "none solved")
        held_out = ""
        if self.results and self.results[0].test_total:
            right = [r.test_correct for r in self.results]
            held_out = (f"; held-out cases right: {statistics.mean(right):.2f} / {self.results[0].test_total} mean, "
                        f"{min(right)}–{max(right)}")
        return f"{self.name}: {len(solved)}/{len(self.results)} seeds solved; {spread}{held_out}; {self.seconds:.1f} s"

    def __str__(self) -> str:
        return self.summary() + f"\n  the paper: {self.paper}"

    def __repr__(self) -> str:
        return f"<study {self.summary()}>"


def count_right(network: Network, cases: Sequence[Case]) -> int:
    """How many cases are answered right: every output on the right side of 0.5."""
    return sum(is_right(largest_miss(network.forward(inputs), targets)) for inputs, targets in cases)


def run(recipe: Recipe, seed: int, progress: Optional[ProgressCallback] = None, record: Record = False) -> Result:
    """Build the recipe's net from ``seed`` and train it phase by phase.

    ``record=True`` records E and every weight once a sweep into ``result.recording`` (what
    ``bp.draw.replay_html`` draws); a list of names, such as ``["∂E/∂w[o1←h1]"]``, records those
    as well. Recording only reads: the run's numbers are the same with it or without it.
    """
    started = time.perf_counter()
    network = recipe.build(seed, recipe.weight_range)
    recording = None
    if isinstance(record, str):
        raise TypeError(f"record takes True or a list of names like ['∂E/∂w[o1←h1]'], got {record!r}")
    if record is not False:
        names = ["E"] + [name for name in ([] if record is True else record) if name != "E"]
        recording = Recording(network, names, weights=True)
    first = recipe.phases[0]
    late_decay = recipe.decay_from != "start"
    decay_started_at = 1 if recipe.weight_decay and not late_decay else None
    trainer = Trainer(network, learning_rate=first.learning_rate, momentum=first.momentum,
                      weight_decay=0.0 if late_decay else recipe.weight_decay, margin=recipe.margin,
                      online=recipe.online, tied=recipe.tied)
    history = trainer.history
    stopped = False

    def watch(sweep: int, E: float) -> bool:
        nonlocal stopped, late_decay, decay_started_at
        if late_decay and recipe.weight_decay and decay_starts(recipe, history):
            # Called after the sweep is measured, before its batch change: that change decays already.
            trainer.weight_decay, late_decay, decay_started_at = recipe.weight_decay, False, sweep
        within = recipe.stop_within is not None and history.largest_misses[-1] <= recipe.stop_within
        stopped = bool(progress is not None and progress(history)) or within
        return stopped

    for number, phase in enumerate(recipe.phases):
        if stopped or history.sweeps >= recipe.sweeps:
            break
        trainer.learning_rate, trainer.momentum = phase.learning_rate, phase.momentum
        remaining = recipe.sweeps - history.sweeps
        trainer.train(recipe.cases, remaining if number == len(recipe.phases) - 1 else min(phase.sweeps, remaining),
                      callback=watch, record=recording)
    return Result(recipe, seed, network, history, time.perf_counter() - started, recording=recording,
                  decay_started_at=decay_started_at)


def decay_starts(recipe: Recipe, history: History) -> bool:
    """Whether the sweep just measured has met ``recipe.decay_from``: every training case answered right
    ("learned"), or every output within the margin ("margin"); "start" is met from the first sweep."""
    if recipe.decay_from == "learned":
        return is_right(history.largest_misses[-1])
    return recipe.decay_from == "start" or history.largest_misses[-1] <= recipe.margin


def chain(sizes: Sequence[int]) -> Callable[[int, float], Network]:
    """A recipe's ``build`` for a fully connected chain of these sizes."""
    return lambda seed, weight_range: Network(sizes, seed=seed, weight_range=weight_range)
