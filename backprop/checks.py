"""Validation shared by the core: every refusal names where (case, position) and what came.

A check either returns quietly or raises ``TypeError``/``ValueError`` before anything is changed,
so a refused call leaves the network exactly as it was.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, List, Sequence, Tuple

Case = Tuple[Sequence[float], Sequence[float]]


def describe(value: Any) -> str:
    """Say what a refused value was, e.g. ``'a' (str)``, short enough for one line."""
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} ({type(value).__name__})"


def check_number(value: Any, where: str) -> float:
    """Return ``value`` as a float if it is a finite real number; otherwise say where it was.

    >>> check_number(2, "input 0")
    2.0
    >>> check_number("a", "case 0, input 2")
    Traceback (most recent call last):
    ...
    TypeError: case 0, input 2: expected a number, got 'a' (str)
    """
    if not isinstance(value, numbers.Real):
        raise TypeError(f"{where}: expected a number, got {describe(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"{where}: expected a finite number, got {describe(value)}")
    return number


def check_values(values: Any, expected: int, what: str, where: str = "") -> None:
    """Check that ``values`` is a sequence of ``expected`` finite numbers (``what``: input/target).

    >>> check_values([1, 0], 3, "input", "case 3")
    Traceback (most recent call last):
    ...
    ValueError: case 3: expected 3 input values, got 2
    """
    prefix = f"{where}: " if where else ""
    try:
        count = len(values)
    except TypeError:
        raise TypeError(
            f"{prefix}expected a sequence of {expected} {what} values, got {describe(values)}"
        ) from None
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{prefix}expected a sequence of {what} values, got {describe(values)}")
    if count != expected:
        raise ValueError(f"{prefix}expected {expected} {what} values, got {count}")
    # Fast path: the sum of ints and floats is finite exactly when every term is a finite number
    # (an overflowing sum is sent to the slow path, which then finds nothing and passes).
    try:
        total = sum(values)
        if type(total) in (int, float) and math.isfinite(total):
            return
    except (TypeError, OverflowError):
        pass
    for position, value in enumerate(values):
        check_number(value, f"{where}, {what} {position}" if where else f"{what} {position}")


def check_cases(cases: Any, inputs: int, outputs: int) -> List[Case]:
    """Check a sequence of (inputs, targets) pairs against the net's sizes; return it as a list.

    >>> check_cases([([0, 1], [1])], 2, 1)
    [([0, 1], [1])]
    >>> check_cases([], 2, 1)
    Traceback (most recent call last):
    ...
    ValueError: cases is empty: expected at least one (inputs, targets) pair
    """
    try:
        pairs = list(cases)
    except TypeError:
        raise TypeError(
            f"cases must be a sequence of (inputs, targets) pairs, got {describe(cases)}"
        ) from None
    if not pairs:
        raise ValueError("cases is empty: expected at least one (inputs, targets) pair")
    for index, pair in enumerate(pairs):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"case {index}: expected an (inputs, targets) pair, got {describe(pair)}")
        check_values(pair[0], inputs, "input", f"case {index}")
        check_values(pair[1], outputs, "target", f"case {index}")
    return pairs


def check_size(value: Any, what: str) -> int:
    """Check that a layer size is a whole number of at least 1.

    >>> check_size(0, "layer 1 size")
    Traceback (most recent call last):
    ...
    ValueError: layer 1 size must be at least 1, got 0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{what} must be a whole number, got {describe(value)}")
    if value < 1:
        raise ValueError(f"{what} must be at least 1, got {value}")
    return int(value)


def check_setting(value: Any, name: str, low: float, high: float = math.inf) -> float:
    """Check a trainer setting: a finite number in [low, high), or above 0 when low is 0 and high inf.

    >>> check_setting(1.0, "momentum", 0.0, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: momentum must be in [0, 1), got 1.0
    >>> check_setting(0, "learning_rate", 0.0)
    Traceback (most recent call last):
    ...
    ValueError: learning_rate must be > 0, got 0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {describe(value)}")
    number = check_number(value, name)
    if high == math.inf:
        if not number > low:
            raise ValueError(f"{name} must be > {low:g}, got {value!r}")
    elif not low <= number < high:
        raise ValueError(f"{name} must be in [{low:g}, {high:g}), got {value!r}")
    return number
