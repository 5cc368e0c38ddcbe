"""The two family trees (the paper's Figs. 2-4): the net, the held-out split, the literal and default recipes,
and a study of how well a recipe generalizes over many random splits."""

from __future__ import annotations

import functools
import math
import random
import statistics
import time
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple

from .. import tasks
from ..draw.labels import HintonPicture, View
from ..history import is_right, largest_miss
from ..layer import Layer
from ..network import Network
from .experiment import Experiment
from .recipes import Phase, Recipe, Result
from .runner import ProgressCallback, Recorded


def family_trees_network(seed: int, weight_range: float) -> Network:
    """The paper's Fig. 2 net: 24 person and 12 relationship inputs, each group to its own 6
    units, both to a central 12, then 6, then 24 outputs (one per person 2)."""
    person, relationship = Layer.input(24, name="person"), Layer.input(12, name="relationship")
    person_code = Layer(6, inputs=person, name="person_code")
    relationship_code = Layer(6, inputs=relationship, name="relationship_code")
    central = Layer(12, inputs=[person_code, relationship_code], name="central")
    answer_code = Layer(6, inputs=central, name="answer_code")
    answer = Layer(24, inputs=answer_code, name="answer")
    layers = [person, relationship, person_code, relationship_code, central, answer_code, answer]
    return Network.from_layers(layers, seed=seed, weight_range=weight_range)


def family_trees_split(seed: int, held_out: int = 4) -> Tuple[List[int], List[int]]:
    """Which of the 104 queries train and which are held out (chosen by ``seed``)."""
    test = sorted(random.Random(seed).sample(range(104), held_out))
    return [k for k in range(104) if k not in test], test


PAPER_FAMILY_TREES = ("1,500 sweeps; ε = 0.005, α = 0.5 for 20 sweeps, then ε = 0.01 (the likelier reading; some "
                      "copies say 0.001), α = 0.9; weight decay 0.2%; margin 0.2; initial range not given. The record "
                      "(the notes with the data set): 7 of the 8 held-out answers right over two runs; they mention "
                      "500 sweeps")


def family_trees_recipe(seed: int = 0, literal: bool = False, **overrides: Any) -> Recipe:
    """The family-trees recipe for ``seed`` (which also picks the 4 held-out queries)."""
    task = tasks.family_trees()
    train, test = family_trees_split(seed)
    recipe = Recipe("family_trees", PAPER_FAMILY_TREES, family_trees_network, [task.cases[k] for k in train],
                    [Phase(20, 0.005, 0.5), Phase(0, 0.01, 0.9)], sweeps=1500, weight_range=0.3,
                    test_cases=[task.cases[k] for k in test], weight_decay=0.002, margin=0.2, stop_within=None)
    if not literal:
        recipe = family_trees_fix(recipe)
    return recipe.with_settings(**overrides)


def family_trees(seed: int = 0, literal: bool = False, progress: Optional[ProgressCallback] = None,
                 recording: Recorded = False, record: Optional[Recorded] = None, **overrides: Any) -> Result:
    """Figs. 2–4: the two family trees, 100 queries to learn and 4 held out.

    ``literal=True`` follows the paper's recipe exactly as written; the default changes what
    docs/REPRODUCTION.md explains, so that the net learns at all.
    """
    return FAMILY_TREES.run(seed, progress, recording, record, literal=literal, **overrides)


def describe_family_trees(result: Result) -> List[str]:
    """The report's lines beyond the numbers: how the recipe differs from the letter, when weight decay
    started, and each held-out query with the net's answer."""
    recipe, task = result.recipe, tasks.family_trees()
    changes = changes_from_the_letter(recipe)
    default = changes == changes_from_the_letter(family_trees_recipe(result.seed))
    which = "the default recipe" if default else "this run's recipe"
    details = [(f"{which}, changed from the letter (docs/REPRODUCTION.md says why): " + "; ".join(changes)
                if changes else "the paper's recipe as written") + f"; {'online' if recipe.online else 'batch'} "
               "updates"]
    if recipe.weight_decay and recipe.decay_from != "start":
        never = ("no sweep had every training case right" if recipe.decay_from == "learned" else
                 "no sweep had every training output within the margin")
        details.append(f"weight decay on from sweep {result.decay_started_at}" if result.decay_started_at else
                       f"weight decay never switched on: {never}")
    details += margin_edge(result)
    _, test = family_trees_split(result.seed)
    for k in test:
        person, relationship, answers = task.queries[k]
        outputs = result.network.forward(task.cases[k][0])
        named = task.decode(outputs)
        verdict = "right" if is_right(largest_miss(outputs, task.cases[k][1])) else "wrong"
        details.append(f"held out: {person}'s {relationship}: the net turns on "
                       f"{', '.join(named) or 'nobody'}; right: {', '.join(answers)} ({verdict})")
    return details


def margin_edge(result: Result, last: int = 500) -> List[str]:
    """Why E jumps late in a run with a margin, while every query stays right: a line, when it does.

    With a margin, an output counts (y − d)² only once it is more than the margin from its target, so
    E is not smooth: each output that weight decay pushes back over that edge adds at least ½·margin²
    at once, and many sit at the edge together (every change pulls them in, decay pushes them out).
    """
    history, margin = result.history, result.recipe.margin
    if not margin or history.first_sweep_within(margin) is None or history.sweeps < 2 * last:
        return []
    errors, misses = history.errors[-last:], history.largest_misses[-last:]
    if max(errors) < 4 * max(min(errors), 0.01):
        return []
    outputs = len(result.recipe.cases) * result.network.output_size
    right = ", so every answer stays on its side of 0.5" if max(misses) < 0.5 else ""
    return [f"E jumps between {min(errors):.2g} and {max(errors):.2g} over the last {last} sweeps while the "
            f"largest miss stays at most {max(misses):.2f}{right}: with the {margin:g} margin an output counts "
            f"only once it is more than {margin:g} from its target, adding at least {0.5 * margin ** 2:.2g} to E "
            f"at once, and weight decay keeps pushing many of the {outputs:,} outputs back over that edge while "
            f"each change pulls them in"]


class PeopleView(View):
    """The family trees' words: a query is a person and a relationship, an answer the people whose
    output units are on, and the Hinton diagram is Fig. 4's, of the weights from the 24 people into
    the six person-code units, the English row above the Italian."""

    hinton_on_page = True

    def case_label(self, network: Network, inputs: Sequence[float], targets: Sequence[float]) -> str:
        person, relationship = self.query(inputs)
        return f"{person}'s {relationship} → {', '.join(self.named(targets)) or 'nobody'}"

    def case_row(self, network: Network, inputs: Sequence[float], targets: Sequence[float],
                 outputs: Sequence[float]) -> str:
        person, relationship = self.query(inputs)
        return (f"{person}'s {relationship}: {', '.join(self.named(outputs)) or 'nobody'}   "
                f"(right: {', '.join(self.named(targets))})")

    def output_names(self, network: Network) -> Optional[List[str]]:
        return list(tasks.PEOPLE)

    def hinton(self, network: Network, title: str) -> HintonPicture:
        labels = [f"{e} / {i}" for e, i in zip(tasks.ENGLISH, tasks.ITALIAN)]
        what = "weights from the first person of the query into the person-code units (Fig. 4)"
        return HintonPicture(network.layers[2], f"{title}: {what}" if title else what, rows=2,
                             column_labels=labels, row_labels=["English", "Italian"])

    @staticmethod
    def query(inputs: Sequence[float]) -> Tuple[str, str]:
        """The person and the relationship a case's 24 + 12 inputs stand for."""
        person = list(inputs[:24]).index(1.0)
        relationship = list(inputs[24:]).index(1.0)
        return tasks.PEOPLE[person], tasks.RELATIONSHIPS[relationship]

    @staticmethod
    def named(values: Sequence[float]) -> List[str]:
        """The people whose output (or target) is above 0.5."""
        return [person for person, value in zip(tasks.PEOPLE, values) if value > 0.5]


def family_trees_fix(recipe: Recipe) -> Recipe:
    """The default's change to the literal recipe (docs/REPRODUCTION.md says why)."""
    return recipe.with_settings(
        weight_range=1.0,  # initial weights U(−1, 1): the letter gives none for this net (Fig. 1's is U(−0.3, 0.3))
        weight_decay=0.0005,  # 0.05% per change, not 0.2%
        learning_rate=0.05,  # ε = 0.05 after sweep 20, not 0.01
        sweeps=4000,  # a fixed length, like the paper's 1,500; the seeds that learn late need it
    )


def changes_from_the_letter(recipe: Recipe) -> List[str]:
    """Each way ``recipe`` differs from the family-trees recipe as the paper writes it, in words.

    >>> changes_from_the_letter(family_trees_recipe(literal=True))
    []
    >>> changes_from_the_letter(family_trees_recipe(literal=True, sweeps=500, decay_from="learned"))
    ['weight decay only once every training case is right', '500 sweeps (the letter: 1,500)']
    """
    letter = family_trees_recipe(literal=True)
    changes = []
    if recipe.weight_range != letter.weight_range:
        changes.append(f"initial weights U(±{recipe.weight_range:g}) (the letter gives none; Fig. 1's: "
                       f"U(±{letter.weight_range:g}))")
    for number, (phase, written) in enumerate(zip(recipe.phases, letter.phases)):
        when = "for the first 20 sweeps" if number == 0 else "after sweep 20"
        if phase.learning_rate != written.learning_rate:
            changes.append(f"ε = {phase.learning_rate:g} {when} (the letter: {written.learning_rate:g})")
        if phase.momentum != written.momentum:
            changes.append(f"α = {phase.momentum:g} {when} (the letter: {written.momentum:g})")
    if recipe.weight_decay != letter.weight_decay:
        changes.append(f"weight decay {100 * recipe.weight_decay:g}% per change (the letter: "
                       f"{100 * letter.weight_decay:g}%)")
    if recipe.decay_from != letter.decay_from:
        changes.append("weight decay only once " + ("every training case is right" if recipe.decay_from == "learned"
                                                    else "every training output is within the margin"))
    if recipe.margin != letter.margin:
        changes.append(f"margin {recipe.margin:g} (the letter: {letter.margin:g})")
    if recipe.sweeps != letter.sweeps:
        changes.append(f"{recipe.sweeps:,} sweeps (the letter: {letter.sweeps:,})")
    if recipe.online != letter.online:
        changes.append("online updates (the letter: batch)")
    if recipe.stop_within != letter.stop_within:
        changes.append(f"stops once every output is within {recipe.stop_within:g} (the letter: a fixed length)")
    return changes


# ---- generalization over many random splits -----------------------------------------------------------


class SplitOutcome(NamedTuple):
    """One seed of a study: its own 4 held-out queries (drawn from the seed), and how many queries came out right."""

    seed: int
    train_correct: int
    test_correct: int


def family_trees_outcome(seed: int, literal: bool = False, **settings: Any) -> SplitOutcome:
    """Train one seed of the family trees (``family_trees(seed, literal, **settings)``) and keep its counts."""
    result = family_trees(seed, literal, **settings)
    return SplitOutcome(seed, result.train_correct, result.test_correct)


@dataclass
class SplitStudy:
    """Many seeds of one family-trees recipe, each holding out its own 4 queries: training and held-out
    accuracy with their spread. "Right" is ``count_right``'s: every output on the right side of 0.5.

    >>> study = SplitStudy({"sweeps": 500}, [SplitOutcome(0, 100, 4), SplitOutcome(1, 98, 2), SplitOutcome(2, 100, 3)])
    >>> study.learned_all, round(study.train_mean, 2), study.test_mean, study.test_sd
    (2, 99.33, 3.0, 1.0)
    >>> study.row("500 sweeps")
    '| 500 sweeps | `sweeps=500` | 3 | 99.3 (98–100) | 2/3 | 3.00 (2–4) | 1.00 | 75% ± 14% |'
    """

    settings: Dict[str, Any]
    outcomes: List[SplitOutcome]
    seconds: float = 0.0
    train_total: int = 100
    test_total: int = 4

    @property
    def seeds(self) -> int:
        return len(self.outcomes)

    @property
    def learned_all(self) -> int:
        """How many seeds end with every training query right."""
        return sum(outcome.train_correct == self.train_total for outcome in self.outcomes)

    @property
    def train_mean(self) -> float:
        return math.fsum(outcome.train_correct for outcome in self.outcomes) / self.seeds

    @property
    def test_mean(self) -> float:
        """Held-out queries right per seed, on average: the honest figure."""
        return math.fsum(outcome.test_correct for outcome in self.outcomes) / self.seeds

    @property
    def test_sd(self) -> float:
        """The standard deviation of the held-out count over seeds (n − 1 in the denominator)."""
        return statistics.stdev([float(outcome.test_correct) for outcome in self.outcomes]) if self.seeds > 1 else 0.0

    @property
    def test_fraction(self) -> float:
        """The fraction of all held-out queries answered right."""
        return self.test_mean / self.test_total

    @property
    def test_fraction_error(self) -> float:
        """The standard error of ``test_fraction``: how far another set of seeds might move it."""
        return self.test_sd / math.sqrt(self.seeds) / self.test_total

    def subset(self, seeds: int) -> "SplitStudy":
        """The same study cut down to its first ``seeds`` seeds."""
        return SplitStudy(self.settings, self.outcomes[:seeds], 0.0, self.train_total, self.test_total)

    def row(self, label: str) -> str:
        """One Markdown row of the table that ``ROW_HEADER`` heads."""
        train = [outcome.train_correct for outcome in self.outcomes]
        test = [outcome.test_correct for outcome in self.outcomes]
        shown = ", ".join(f"{key}={value!r}" for key, value in self.settings.items()) or "default"
        return (f"| {label} | `{shown}` | {self.seeds} | {self.train_mean:.1f} ({min(train)}–{max(train)}) | "
                f"{self.learned_all}/{self.seeds} | {self.test_mean:.2f} ({min(test)}–{max(test)}) | "
                f"{self.test_sd:.2f} | {100 * self.test_fraction:.0f}% ± {100 * self.test_fraction_error:.0f}% |")


ROW_HEADER = ("| recipe | settings | seeds | training queries right of 100: mean (min–max) | seeds that learn all 100 "
              "| held-out right of 4: mean (min–max) | held-out: standard deviation | held-out right: % ± s.e. |\n"
              "|---|---|---|---|---|---|---|---|")

Mapper = Callable[[Callable[[int], SplitOutcome], Iterable[int]], Iterable[SplitOutcome]]


def family_trees_study(seeds: int = 20, first_seed: int = 0, literal: bool = False, mapper: Mapper = map,
                       **settings: Any) -> SplitStudy:
    """Train seeds ``first_seed``, ``first_seed + 1``, ... of one recipe, each on its own split, and gather them.

    ``mapper`` runs the seeds: ``map`` (one after another), or a process pool's ``map`` to use more cores
    (docs/family_trees_study.py does). ``settings`` are ``family_trees``'s.
    """
    started = time.perf_counter()
    one_seed = functools.partial(family_trees_outcome, literal=literal, **settings)  # a partial: a pool can send it
    outcomes = list(mapper(one_seed, range(first_seed, first_seed + seeds)))
    shown = {"literal": True, **settings} if literal else dict(settings)
    return SplitStudy(shown, outcomes, time.perf_counter() - started)


FAMILY_TREES = Experiment(
    "family_trees", tasks.family_trees, family_trees_recipe, own_network=family_trees_network,
    shape="the paper's net", note=": all 104 queries, none held out as `paper family-trees` does",
    line="Figs. 2-4: two family trees, trained on 100 queries, 4 held out",
    paper="1,500 sweeps; record: 7 of 8 held out right over 2 runs", describe=describe_family_trees,
    studies=((20, {}), (20, {"literal": True})), view=PeopleView(),
    flags={"literal": "the paper's recipe exactly as written"})
