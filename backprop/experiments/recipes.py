"""A recipe (the net, the trainer's settings, the cases) and what a run of it did: what every experiment
shares. ``runner`` runs one."""

from __future__ import annotations

import dataclasses
import statistics
from dataclasses import dataclass, field
from typing import Any, Callable, List, NamedTuple, Optional, Sequence, Tuple

from ..draw.labels import View
from ..history import History, is_right, largest_miss
from ..network import Network
from ..recording import Recording
from ..validate import Case, check_cases, check_size


class Phase(NamedTuple):
    """A stretch of training with one ε and α; the last phase of a recipe runs to its end."""

    sweeps: int
    learning_rate: float
    momentum: float


class Plan(NamedTuple):
    """How a trainer is trained: phase by phase (each an ε and α for so many sweeps, the last to the
    end), ``sweeps`` sweeps in all, stopping early once E ≤ ``target_error`` or every output is within
    ``stop_within`` of its target; ``weight_decay`` from the first sweep that meets ``decay_from``."""

    phases: Sequence[Phase]
    sweeps: int
    stop_within: Optional[float] = None
    target_error: Optional[float] = None
    weight_decay: float = 0.0
    decay_from: str = "start"


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

    @property
    def plan(self) -> Plan:
        """How the recipe trains: its phases, sweeps, stop and weight decay."""
        return Plan(self.phases, self.sweeps, self.stop_within, None, self.weight_decay, self.decay_from)

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
    recording: Optional[Recording] = None  # what the run recorded, when it was asked to (``recording=``)
    decay_started_at: Optional[int] = None  # the sweep whose change was the first to decay the weights, if any
    view: View = field(default_factory=View)  # its experiment's words in tables and pictures

    def __post_init__(self) -> None:
        recipe = self.recipe
        self.name, self.paper, self.cases = recipe.name, recipe.paper, recipe.cases
        self.sweeps, self.solved_at, self.error = self.history.sweeps, self.history.solved_at, self.history.error
        self.within_margin_at = self.history.first_sweep_within(0.2)
        self.train_correct, self.train_total = count_right(self.network, recipe.cases), len(recipe.cases)
        self.test_correct, self.test_total = count_right(self.network, recipe.test_cases), len(recipe.test_cases)

    def replay_html(self, title: Optional[str] = None) -> str:
        """The recorded run (``recording=True``) as the page ``bp.draw.replay_html`` makes: its cases, those
        held out, the trainer's margin and way, in its experiment's words."""
        return self.replay_page(title)[0]

    def replay_page(self, title: Optional[str] = None) -> Tuple[str, List[str]]:
        """``replay_html``'s page, and what it left out to stay within 2 MB (``bp.draw.replay_page``)."""
        from ..draw.replay import phase_schedule, replay_page  # here: the pictures load when a page is asked for

        if self.recording is None:
            raise ValueError(f"{self.name} was run without recording=True: there is nothing to replay")
        recipe = self.recipe
        schedule = phase_schedule(recipe.phases, recipe.weight_decay, self.decay_started_at)  # ε, α, decay by sweep
        return replay_page(self.recording, recipe.cases, self.history, title=title, held_out=recipe.test_cases,
                           margin=recipe.margin, online=recipe.online, view=self.view, schedule=schedule,
                           tied=recipe.tied)

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


def chain(sizes: Sequence[int]) -> Callable[[int, float], Network]:
    """A recipe's ``build`` for a fully connected chain of these sizes."""
    return lambda seed, weight_range: Network(sizes, seed=seed, weight_range=weight_range)
