"""The small classic tasks as plain data: XOR, parity, the encoder and mirror symmetry.

Each is a :class:`Task`: a name, a one-line description and its cases, a tuple of
(inputs, targets) pairs of floats, ready for ``Network.error`` and ``Trainer.train``.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any, Dict, List, Sequence, Set, Tuple

from .validate import check_cases, check_size

Vector = Tuple[float, ...]


@dataclass(repr=False)
class Task:
    """A named set of cases: ``name``, ``description``, ``cases``, and their sizes ``input_size``/``output_size``.

    >>> task = xor()
    >>> task.name, task.input_size, task.output_size, len(task.cases)
    ('xor', 2, 1, 4)
    >>> task.cases[1]
    ((0.0, 1.0), (1.0,))
    """

    name: str
    description: str
    cases: Sequence[Tuple[Sequence[float], Sequence[float]]]  # checked once made: a validate.Cases

    def __post_init__(self) -> None:
        if not self.cases:
            raise ValueError(f"task {self.name!r} has no cases")
        # Checked once here, so that every Network and Trainer takes them without checking again.
        self.cases = check_cases(self.cases, len(self.cases[0][0]), len(self.cases[0][1]))

    @property
    def input_size(self) -> int:
        """How many input values each case has."""
        return len(self.cases[0][0])

    @property
    def output_size(self) -> int:
        """How many target values each case has."""
        return len(self.cases[0][1])

    # The names the first versions used, kept so that code written for them still runs.
    inputs = input_size
    outputs = output_size

    def __repr__(self) -> str:
        return (f"<task {self.name}: {len(self.cases)} cases, {self.input_size} → {self.output_size}; "
                f"{self.description}>")


def _bit_vectors(n: int) -> Tuple[Vector, ...]:
    """All 2^n vectors of n bits, in counting order (0…00, 0…01, …)."""
    return tuple(tuple(float(bit) for bit in bits) for bits in product((0, 1), repeat=n))


def parity(n: int = 4) -> Task:
    """All 2^n bit vectors; the target is 1 when the vector has an odd number of ones.

    >>> task = parity(3)
    >>> len(task.cases), task.cases[7]
    (8, ((1.0, 1.0, 1.0), (1.0,)))
    """
    n = check_size(n, "parity size n")
    cases = tuple((bits, (float(sum(bits) % 2),)) for bits in _bit_vectors(n))
    return Task(f"parity{n}", f"{n} bits in, 1 out: on when an odd number of inputs are on", cases)


def xor() -> Task:
    """Exclusive or: two bits in, 1 when exactly one is on (parity of 2 bits).

    >>> [targets[0] for _, targets in xor().cases]
    [0.0, 1.0, 1.0, 0.0]
    """
    return Task("xor", "2 bits in, 1 out: on when exactly one input is on", parity(2).cases)


def encoder(n: int = 8) -> Task:
    """n one-hot inputs to be reproduced at n outputs (the 8-3-8 encoder's task).

    >>> encoder(3).cases[0]
    ((1.0, 0.0, 0.0), (1.0, 0.0, 0.0))
    """
    n = check_size(n, "encoder size n")
    one_hots = tuple(tuple(1.0 if k == j else 0.0 for k in range(n)) for j in range(n))
    return Task(f"encoder{n}", f"{n} one-hot inputs reproduced at {n} outputs", tuple((v, v) for v in one_hots))


def symmetry(n: int = 6) -> Task:
    """All 2^n bit vectors; the target is 1 when the vector is a palindrome (the paper's Fig. 1).

    >>> task = symmetry()
    >>> len(task.cases), sum(targets[0] for _, targets in task.cases)
    (64, 8.0)
    """
    n = check_size(n, "symmetry size n")
    cases = tuple((bits, (1.0 if bits == bits[::-1] else 0.0,)) for bits in _bit_vectors(n))
    return Task(f"symmetry{n}", f"{n} bits in, 1 out: on when the input is mirror-symmetric about its centre", cases)


# ---- the 2-2-2 net worked by hand, of docs/STEPPING_THROUGH.md ----------------------------------

def worked_example() -> Task:
    """The one case of the 2-2-2 net worked by hand (M. Mazur's walk-through): 0.05, 0.10 → 0.01, 0.99.

    >>> worked_example().cases
    (((0.05, 0.1), (0.01, 0.99)),)
    """
    return Task("worked_example", "the 2-2-2 net worked by hand in docs/STEPPING_THROUGH.md, its one case",
                (((0.05, 0.10), (0.01, 0.99)),))


# ---- the paper's second experiment: two isomorphic family trees --------------------------------

# Each tree as (couples, children): a couple is (husband, wife); children are listed per couple.
# The Italian tree has the same shape, person for person, so English person k and Italian
# person k hold the same position.
ENGLISH = ("Christopher", "Penelope", "Andrew", "Christine", "Arthur", "Victoria", "James", "Jennifer",
           "Margaret", "Charles", "Colin", "Charlotte")
ITALIAN = ("Roberto", "Maria", "Pierro", "Francesca", "Emilio", "Lucia", "Marco", "Angela",
           "Gina", "Tomaso", "Alfonso", "Sophia")
PEOPLE = ENGLISH + ITALIAN
RELATIONSHIPS = ("father", "mother", "husband", "wife", "son", "daughter",
                 "uncle", "aunt", "brother", "sister", "nephew", "niece")
# Positions in either tree (indices into ENGLISH or ITALIAN): who married whom, whose children.
_COUPLES = ((0, 1), (2, 3), (4, 8), (9, 7), (6, 5))  # (husband, wife)
_CHILDREN = {(0, 1): (4, 5), (2, 3): (6, 7), (6, 5): (10, 11)}  # (father, mother): (son, daughter)
_MALE = frozenset({0, 2, 4, 6, 9, 10})


def _relatives(person: int) -> Dict[str, Set[int]]:
    """Every relationship of one position in a tree, as sets of positions, from the tree's shape."""
    spouse = {**{h: w for h, w in _COUPLES}, **{w: h for h, w in _COUPLES}}
    parents = {child: couple for couple, kids in _CHILDREN.items() for child in kids}
    children = {p: set(kids) for couple, kids in _CHILDREN.items() for p in couple}

    def siblings(p: int) -> Set[int]:
        return set(children.get(parents[p][0], ())) - {p} if p in parents else set()

    males, females = set(_MALE), set(range(12)) - _MALE
    mine_parents = set(parents.get(person, ()))
    parents_siblings = {s for parent in mine_parents for s in siblings(parent)}
    aunts_uncles = parents_siblings | {spouse[s] for s in parents_siblings if s in spouse}  # by marriage too
    in_laws = siblings(person) | (siblings(spouse[person]) if person in spouse else set())
    nephews_nieces = {child for sibling in in_laws for child in children.get(sibling, ())}
    kids = children.get(person, set())
    wedded = {spouse[person]} if person in spouse else set()
    return {
        "father": mine_parents & males, "mother": mine_parents & females,
        "husband": wedded & males, "wife": wedded & females,
        "son": kids & males, "daughter": kids & females,
        "uncle": aunts_uncles & males, "aunt": aunts_uncles & females,
        "brother": siblings(person) & males, "sister": siblings(person) & females,
        "nephew": nephews_nieces & males, "niece": nephews_nieces & females,
    }


class FamilyTrees(Task):
    """The 104 family-tree queries: (person 1, relationship) → every person 2 that completes it.

    ``queries[k]`` is ``(person, relationship, answers)`` for ``cases[k]``; inputs are 24 person
    units then 12 relationship units, one on in each group; the target turns on every answer.

    >>> task = family_trees()
    >>> len(task.cases), sum(len(answers) for _, _, answers in task.queries)
    (104, 112)
    >>> task.answers("Colin", "aunt")
    ('Jennifer', 'Margaret')
    """

    def __init__(self) -> None:
        queries = []
        for tree in (ENGLISH, ITALIAN):
            for position, person in enumerate(tree):
                for relationship, found in _relatives(position).items():
                    if found:
                        queries.append((person, relationship, tuple(sorted(tree[k] for k in found))))
        # The people of both trees in ENGLISH + ITALIAN order, relationships in RELATIONSHIPS order.
        queries.sort(key=lambda q: (PEOPLE.index(q[0]), RELATIONSHIPS.index(q[1])))
        self.people = PEOPLE
        self.relationships = RELATIONSHIPS
        self.queries: List[Tuple[str, str, Tuple[str, ...]]] = queries
        cases = tuple((self.encode(person, relationship), self._one_hots(answers))
                      for person, relationship, answers in queries)
        super().__init__("family_trees", "person 1 and a relationship in (24 + 12), every person 2 out (24)", cases)

    def _one_hots(self, names: Sequence[str]) -> Vector:
        return tuple(1.0 if person in names else 0.0 for person in PEOPLE)

    def encode(self, person: str, relationship: str) -> Vector:
        """The 36 input values of a query: person 1 one-hot, then the relationship one-hot."""
        if person not in PEOPLE:
            raise ValueError(f"unknown person {person!r}; the people are {', '.join(PEOPLE)}")
        if relationship not in RELATIONSHIPS:
            raise ValueError(f"unknown relationship {relationship!r}; the relationships are {', '.join(RELATIONSHIPS)}")
        return self._one_hots([person]) + tuple(1.0 if r == relationship else 0.0 for r in RELATIONSHIPS)

    def answers(self, person: str, relationship: str) -> Tuple[str, ...]:
        """The right answers to a query (empty where the tree has none), in alphabetical order."""
        self.encode(person, relationship)  # checks the names
        for p, r, answers in self.queries:
            if (p, r) == (person, relationship):
                return answers
        return ()

    def decode(self, outputs: Sequence[float], threshold: float = 0.5) -> Tuple[str, ...]:
        """The people whose output unit is above ``threshold``.

        >>> family_trees().decode([0.9] + [0.1] * 22 + [0.7])
        ('Christopher', 'Sophia')
        """
        if len(outputs) != len(PEOPLE):
            raise ValueError(f"expected {len(PEOPLE)} output values, got {len(outputs)}")
        return tuple(person for person, y in zip(PEOPLE, outputs) if y > threshold)


def family_trees() -> FamilyTrees:
    """The paper's second experiment as data: 104 queries (112 facts) about two family trees."""
    return FamilyTrees()


# ---- sequences, for the unrolled recurrent nets of Fig. 5 (Network.unrolled) ---------------------

def remember(steps: int = 4, units: int = 2) -> Task:
    """Output at the last step the bit shown at the first; the bits of later steps are distractions.

    For ``Network.unrolled(units, steps, inputs=1, outputs=1)``: a case's inputs are the initial
    state (``units`` zeros), then one bit per step; its target is the first bit.

    >>> task = remember(steps=3, units=2)
    >>> len(task.cases), task.cases[5]
    (8, ((0.0, 0.0, 1.0, 0.0, 1.0), (1.0,)))
    """
    steps, units = check_size(steps, "steps"), check_size(units, "units")
    start = (0.0,) * units
    cases = tuple((start + bits, (bits[0],)) for bits in _bit_vectors(steps))
    return Task(f"remember{steps}", f"{steps} bits in, one per step: output the first at step {steps}", cases)


def shift_register(units: int = 4, steps: int = 2) -> Task:
    """A pattern in a ring of units, shifted one unit along per step: after ``steps`` steps the
    state is the starting pattern rotated by ``steps`` (unit j holds what unit j − steps held).

    For ``Network.unrolled(units, steps)``: a case's inputs are the starting pattern, its
    targets the pattern at the last step; all 2^units patterns.

    >>> shift_register(units=4, steps=1).cases[1]
    ((0.0, 0.0, 0.0, 1.0), (1.0, 0.0, 0.0, 0.0))
    """
    units, steps = check_size(units, "units"), check_size(steps, "steps")
    shift = steps % units
    cases = tuple((bits, bits[units - shift:] + bits[:units - shift]) for bits in _bit_vectors(units))
    return Task(f"shift_register{units}", f"a {units}-unit ring shifted one place per step; read after {steps} steps",
                cases)


def predict_next(period: int = 3, steps: int = 7, units: int = 3) -> Task:
    """Bit sequences that repeat every ``period`` bits, shown one bit a step; at every step from the
    ``period``-th on, the net must give the next bit (it needs the bits of the last steps to know it).

    For ``Network.unrolled(units, steps, inputs=1, outputs=1, read_at=range(period, steps + 1))``: a
    case's inputs are the initial state (``units`` zeros), then one bit per step; its targets are the
    next bit at each of those steps. One case per first period: 2^period of them.

    >>> task = predict_next(period=2, steps=4, units=1)
    >>> task.cases[1]
    ((0.0, 0.0, 1.0, 0.0, 1.0), (0.0, 1.0, 0.0))
    """
    period, steps, units = check_size(period, "period"), check_size(steps, "steps"), check_size(units, "units")
    if steps < period:
        raise ValueError(f"steps must be at least the period ({period}), got {steps}")
    cases = []
    for first in _bit_vectors(period):
        sequence = tuple(first[t % period] for t in range(steps + 1))
        cases.append(((0.0,) * units + sequence[:steps], sequence[period:]))
    return Task(f"predict_next{period}", f"bits repeating every {period}, one per step: give the next bit at "
                f"steps {period}–{steps}", tuple(cases))


def complete_sequence(shown: int = 3, steps: int = 7, units: int = 4) -> Task:
    """The first ``shown`` bits of a sequence that repeats every ``shown`` bits are shown, one a step;
    then nothing is shown, and at every step after them the net must give the sequence's next bit.

    For ``Network.unrolled(units, steps, inputs=2, outputs=1, read_at=range(shown + 1, steps + 1))``:
    each step has two input lines, the bit and a 1 that says "this is shown" (both 0 afterwards);
    a case's targets are the bits of steps ``shown`` + 1 … ``steps``.

    >>> task = complete_sequence(shown=2, steps=4, units=1)
    >>> task.cases[1]
    ((0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0), (0.0, 1.0))
    """
    shown, steps, units = check_size(shown, "shown"), check_size(steps, "steps"), check_size(units, "units")
    if steps <= shown:
        raise ValueError(f"steps must be more than the bits shown ({shown}), got {steps}")
    cases = []
    for first in _bit_vectors(shown):
        sequence = tuple(first[t % shown] for t in range(steps))
        lines = tuple(value for t in range(steps) for value in ((sequence[t], 1.0) if t < shown else (0.0, 0.0)))
        cases.append(((0.0,) * units + lines, sequence[shown:]))
    return Task(f"complete_sequence{shown}", f"shown {shown} bits of a sequence repeating every {shown}: give "
                f"the rest, steps {shown + 1}–{steps}", tuple(cases))


def __getattr__(name: str) -> Any:
    """The old place of ``worked_example_network``, kept for one release: tasks are data, not nets."""
    if name != "worked_example_network":
        raise AttributeError(f"module 'backprop.tasks' has no attribute {name!r}")
    import warnings

    from .experiments.worked_example import worked_example_network

    warnings.warn("backprop.tasks.worked_example_network is now "
                  "backprop.experiments.worked_example_network; the old name goes in the next release",
                  DeprecationWarning, stacklevel=2)
    return worked_example_network
