"""Validation shared by the core: every refusal names where (case, position) and what came.

A check either returns quietly or raises ``TypeError``/``ValueError`` before anything is changed,
so a refused call leaves the network exactly as it was.
"""

from __future__ import annotations

import math
import numbers
import operator
import sys
from collections.abc import Mapping, Sequence, Set
from typing import Any, Optional, Tuple

Case = Tuple[Sequence[float], Sequence[float]]
Values = Sequence[float]  # a case's inputs or targets, checked: a tuple or a list of finite floats


def plural(count: int, noun: str) -> str:
    """A count and its noun: ``1 unit``, ``2 units``.

    >>> plural(1, "unit"), plural(3, "weight")
    ('1 unit', '3 weights')
    """
    return f"{count} {noun}" + ("" if count == 1 else "s")


def describe(value: Any) -> str:
    """Say what a refused value was, e.g. ``'a' (str)``, short enough for one line."""
    try:
        text = repr(value)
    except Exception:  # a value whose repr fails is still named by its type
        text = "?"
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


PLAIN = frozenset((float, int))  # the types a case's values pass through unchanged


def check_values(values: Any, expected: int, what: str, case: Optional[int] = None) -> Values:
    """Check that ``values`` is an ordered collection of ``expected`` finite numbers; return them: a
    list or tuple of plain numbers as it is, anything else as a tuple of floats.

    Any sized, ordered collection will do: a list, a tuple, a range, an ``array.array``, a NumPy
    1-D array (the library imports no NumPy: it reads the array as a sequence). What has no order
    (a dict, a set), text, and arrays of more than one dimension are refused, naming the input.
    Targets must lie in [0, 1]: a logistic output unit can come near 0 and 1 but never beyond.

    >>> check_values([1, 0.5], 2, "input")
    [1, 0.5]
    >>> check_values(range(2), 2, "input")
    (0.0, 1.0)
    >>> check_values([1, 0], 3, "input", case=3)
    Traceback (most recent call last):
    ...
    ValueError: case 3: expected 3 input values, got 2
    >>> check_values([255], 1, "target")
    Traceback (most recent call last):
    ...
    ValueError: target 0: expected a value from 0 to 1 (a logistic unit's output never leaves them), got 255
    """
    kind = type(values)
    if kind not in (list, tuple):
        refuse_unordered(values, expected, what, case)
    if len(values) != expected:
        nested = any(isinstance(value, (list, tuple)) for value in values)
        hint = f" (a list of lists: give the {what} values of one case)" if nested else ""
        raise ValueError(f"{_where(case)}expected {plural(expected, what + ' value')}, got {len(values)}{hint}")
    # Fast path (it runs for every case of every sweep() call, so it copies nothing): a list or tuple
    # of ints and floats whose fsum, which turns each into a float on the way (an int too large for
    # one raises OverflowError), is finite holds only finite numbers. Anything else takes the slow
    # path, which makes each value a float and says which one is wrong.
    floats: Optional[Values] = None
    if kind is list or kind is tuple:
        try:
            if math.isfinite(math.fsum(values)) and PLAIN.issuperset(map(type, values)):
                floats = values
        except (TypeError, OverflowError):
            pass
    if floats is None:
        floats = tuple(check_number(value, _place(case, what, k)) for k, value in enumerate(values))
    if what == "target" and floats and not (min(floats) >= 0.0 and max(floats) <= 1.0):
        k = next(k for k, d in enumerate(floats) if not 0.0 <= d <= 1.0)
        raise ValueError(f"{_place(case, what, k)}: expected a value from 0 to 1 (a logistic unit's output never "
                         f"leaves them), got {values[k]!r}")
    return floats


def refuse_unordered(values: Any, expected: int, what: str, case: Optional[int]) -> None:
    """Refuse what is not a sized, ordered collection of numbers (text, a dict, a set, an iterator), and
    an array of more than one dimension; say what it was."""
    ordered = hasattr(type(values), "__len__") and hasattr(type(values), "__getitem__")
    if not ordered or isinstance(values, (str, bytes, bytearray, Mapping, Set)):
        raise TypeError(f"{_where(case)}expected a sequence of {plural(expected, what + ' value')}, got "
                        f"{describe(values)}")
    dimensions = getattr(values, "ndim", 1)
    if dimensions != 1:
        shape = getattr(values, "shape", "?")
        raise TypeError(f"{_where(case)}expected a sequence of {plural(expected, what + ' value')} (one dimension), "
                        f"got an array of {dimensions} dimensions, shape {shape}")


def _place(case: Optional[int], what: str, k: int) -> str:
    return f"{what} {k}" if case is None else f"case {case}, {what} {k}"


def _where(case: Optional[int]) -> str:
    return "" if case is None else f"case {case}: "


class Cases(Tuple[Tuple[Values, Values], ...]):
    """Cases that have passed ``check_cases``: (inputs, targets) pairs of floats, and their sizes."""

    sizes: Tuple[int, int]


def check_cases(cases: Any, inputs: int, outputs: int) -> Cases:
    """Check a sequence of (inputs, targets) pairs against the net's sizes; return them as ``Cases``.

    Cases already checked for these sizes are returned as they are, so a trainer checks its cases
    once, not once per sweep.

    >>> check_cases([([0, 1], [1])], 2, 1)
    (([0, 1], [1]),)
    >>> check_cases([], 2, 1)
    Traceback (most recent call last):
    ...
    ValueError: cases is empty: expected at least one (inputs, targets) pair
    """
    if type(cases) is Cases and cases.sizes == (inputs, outputs):
        return cases
    refused = isinstance(cases, (str, bytes, bytearray, Mapping, Set))
    try:
        given = [] if refused else list(cases)
    except TypeError:
        refused = True
    if refused:
        hint = "; use task.cases" if hasattr(cases, "cases") else ""  # a Task given where its cases belong
        raise TypeError(f"cases must be a sequence of (inputs, targets) pairs, got {describe(cases)}{hint}")
    if not given:
        raise ValueError("cases is empty: expected at least one (inputs, targets) pair")
    pairs = []
    for index, pair in enumerate(given):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"case {index}: expected an (inputs, targets) pair, got {describe(pair)}")
        if not isinstance(pair[0], (Sequence, str)) and isinstance(pair[1], numbers.Real):
            raise TypeError(f"cases must be a list of (inputs, targets) pairs; the first looks like one case's "
                            f"values ({describe(pair)}): for one case, give [(inputs, targets)]")
        pairs.append((check_values(pair[0], inputs, "input", index), check_values(pair[1], outputs, "target", index)))
    checked = Cases(pairs)
    checked.sizes = (inputs, outputs)
    return checked


def check_whole(value: Any, what: str) -> int:
    """A whole number (an int, or anything ``operator.index`` accepts, but not a bool)."""
    if isinstance(value, bool):
        raise TypeError(f"{what} must be a whole number, got {describe(value)}")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{what} must be a whole number, got {describe(value)}") from None


def check_count(value: Any, what: str) -> int:
    """A whole number of at least 0, such as a number of sweeps."""
    number = check_whole(value, what)
    if number < 0:
        raise ValueError(f"{what} must be >= 0, got {number}")
    return number


def check_at_least_0(value: Any, what: str) -> float:
    """A finite number of at least 0, such as a target error."""
    number = check_number(value, what)
    if number < 0:
        raise ValueError(f"{what} must be >= 0, got {number!r}")
    return number


def check_size(value: Any, what: str) -> int:
    """Check that a layer size is a whole number of at least 1.

    >>> check_size(0, "layer 1 size")
    Traceback (most recent call last):
    ...
    ValueError: layer 1 size must be at least 1, got 0
    """
    number = check_whole(value, what)
    if number < 1:
        raise ValueError(f"{what} must be at least 1, got {number}")
    return number


def check_seed(seed: Any) -> Any:
    """A seed must give the same weights every time: None (a fresh draw), a whole number, or a string.

    >>> check_seed(float("nan"))
    Traceback (most recent call last):
    ...
    TypeError: seed must be a whole number or a string (the same seed, the same weights), got nan (float)
    """
    if seed is None or isinstance(seed, (str, bytes)):
        return seed
    try:
        return check_whole(seed, "seed")
    except TypeError:
        raise TypeError(f"seed must be a whole number or a string (the same seed, the same weights), "
                        f"got {describe(seed)}") from None


def check_weight_range(value: Any) -> float:
    """The starting weights' range r: weights are drawn from U(−r, r), so 2r must be a finite float."""
    number = check_number(value, "weight_range")
    if number < 0:
        raise ValueError(f"weight_range must be >= 0, got {value!r}")
    if number > sys.float_info.max / 2:
        raise ValueError(f"weight_range is too large to draw weights from (2 × {value!r} overflows), got {value!r}")
    return number


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


def finite(values: Sequence[float]) -> bool:
    """Whether every value is finite: their sum says so at once, unless it overflows (then each is asked).

    >>> finite([1e308, 1e308]), finite([1.0, math.nan])
    (True, False)
    """
    return math.isfinite(sum(values)) or all(map(math.isfinite, values))
