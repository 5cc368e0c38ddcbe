"""The small classic tasks as plain data: XOR, parity, the encoder and mirror symmetry.

Each is a :class:`Task`: a name, a one-line description and its cases, a tuple of
(inputs, targets) pairs of floats, ready for ``Network.error`` and ``Trainer.train``.
"""

from __future__ import annotations

from itertools import product
from typing import Tuple

from .checks import check_size

Vector = Tuple[float, ...]


class Task:
    """A named set of cases: ``name``, ``description``, ``cases``, and the sizes ``inputs``/``outputs``.

    >>> task = xor()
    >>> task.name, task.inputs, task.outputs, len(task.cases)
    ('xor', 2, 1, 4)
    >>> task.cases[1]
    ((0.0, 1.0), (1.0,))
    """

    __slots__ = ("name", "description", "cases")

    def __init__(self, name: str, description: str, cases: Tuple[Tuple[Vector, Vector], ...]) -> None:
        if not cases:
            raise ValueError(f"task {name!r} has no cases")
        self.name = name
        self.description = description
        self.cases = cases

    @property
    def inputs(self) -> int:
        """How many input values each case has."""
        return len(self.cases[0][0])

    @property
    def outputs(self) -> int:
        """How many target values each case has."""
        return len(self.cases[0][1])

    def __repr__(self) -> str:
        return f"<task {self.name}: {len(self.cases)} cases, {self.inputs} → {self.outputs}; {self.description}>"


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
