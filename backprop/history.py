"""History: what each sweep of a Trainer measured, and the one rule for "a case answered right"."""

from __future__ import annotations

import math
import warnings
from operator import sub
from typing import TYPE_CHECKING, Any, Callable, List, Optional, Protocol, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from .trainer import Trainer

Callback = Callable[[int, float], Optional[bool]]  # what Trainer.train calls after every sweep: (sweep, E)


class Recorder(Protocol):
    """What ``Trainer.train`` calls once a sweep to record it (``recording.Recording`` is one)."""

    def check(self, trainer: "Trainer") -> None: ...  # refuse a trainer it cannot follow, before any sweep

    def take(self, trainer: "Trainer", cases: Any) -> None: ...

    def truncate(self, sweeps: int) -> None: ...  # forget what was taken after sweep ``sweeps`` (taken back)


def largest_miss(outputs: Sequence[float], targets: Sequence[float]) -> float:
    """A case's largest |y − d| over its output units.

    >>> largest_miss([0.9, 0.3], [1.0, 0.0])
    0.3
    """
    return float(max(map(abs, map(sub, outputs, targets))))  # in C: this runs once per case of every sweep


def is_right(miss: float) -> bool:
    """A case is answered right when every output is on the right side of 0.5: its largest miss is below 0.5.

    >>> is_right(largest_miss([0.6], [1.0])), is_right(largest_miss([0.5], [1.0]))
    (True, False)
    """
    return miss < 0.5


class History:
    """The E of every sweep a Trainer has run, and whether the last ``train`` reached its target.

    In batch mode a sweep's E is measured at the weights the sweep started from (the weights
    every case saw), before that sweep's update. In online mode the weights change after each
    case, and a sweep's E adds up each case's error at the weights it was presented to.
    """

    __slots__ = ("errors", "largest_misses", "cases_right", "target_error", "reached_target")

    def __init__(self) -> None:
        self.errors: List[float] = []
        self.largest_misses: List[float] = []  # each sweep's largest |y − d| over every output and case
        self.cases_right: List[int] = []  # each sweep's count of cases answered right (is_right)
        self.target_error: Optional[float] = None
        self.reached_target = False

    def add_sweep(self, error: float, largest_miss: float, cases_right: int) -> None:
        """Add one sweep's figures: its E, its largest |y − d|, its cases right."""
        self.errors.append(error)
        self.largest_misses.append(largest_miss)
        self.cases_right.append(cases_right)

    def record(self, error: float, largest_miss: float, cases_right: int) -> None:
        """The old name of ``add_sweep``, kept for one release ("record" now means a Recording)."""
        warnings.warn("History.record is now History.add_sweep; the old name goes in the next release",
                      DeprecationWarning, stacklevel=2)
        self.add_sweep(error, largest_miss, cases_right)

    def truncate(self, sweeps: int) -> None:
        """Forget every sweep after the first ``sweeps`` (a sweep cut short is taken back)."""
        del self.errors[sweeps:], self.largest_misses[sweeps:], self.cases_right[sweeps:]

    def first_sweep_within(self, distance: float) -> Optional[int]:
        """The first sweep (counting from 1) at which every output was within ``distance`` of its target."""
        for sweep, miss in enumerate(self.largest_misses, start=1):
            if miss <= distance:
                return sweep
        return None

    @property
    def solved_at(self) -> Optional[int]:
        """The first sweep at which every case was answered right (every output on the right side of 0.5)."""
        for sweep, miss in enumerate(self.largest_misses, start=1):
            if is_right(miss):
                return sweep
        return None

    @property
    def sweeps(self) -> int:
        """How many sweeps have been run, over every call of ``train`` and ``sweep``."""
        return len(self.errors)

    @property
    def error(self) -> float:
        """The E of the last sweep (NaN before the first)."""
        return self.errors[-1] if self.errors else math.nan

    def _repr_svg_(self) -> Optional[str]:
        """E per sweep as a picture, for notebooks, the sweep where the target was reached marked
        (None before the first sweep: the text then)."""
        from .draw.notebook import history_svg  # here: the core does not load the pictures

        return history_svg(self)

    def __repr__(self) -> str:
        if not self.errors:
            return "History(no sweeps yet)"
        target = ""
        if self.target_error is not None:
            verdict = "reached" if self.reached_target else "not reached"
            target = f", target E ≤ {self.target_error:g} {verdict}"
        return f"History({self.sweeps} sweeps, E {self.errors[0]:.6g} → {self.errors[-1]:.6g}{target})"
