"""The learner's code, loaded and called with care; this runs in the checking process only.

- The file is read and compiled, never imported: no ``.pyc`` is written and nothing beside the
  file changes (``sys.dont_write_bytecode`` covers whatever the file itself imports).
- A function is called with copies of its arguments, and a function that changes them is told so.
- An exception becomes a short traceback of the learner's own frames; what comes back must be one
  finite real number, and anything else (None, a list, NaN, a string) gets a sentence saying so.
"""

from __future__ import annotations

import copy
import difflib
import inspect
import math
import numbers
import os
import sys
import traceback
import types
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

from ..checks import describe
from .sheet import Exercise

LIBRARY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the backprop package's folder
MODULE = "__learner__"  # the name the learner's file runs under


class FileProblem(Exception):
    """The learner's file cannot be checked at all: a one-line ``message``, and maybe a traceback."""

    def __init__(self, message: str, lines: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message, self.lines = message, list(lines)


class Answer(NamedTuple):
    """What one call gave: a number, or a ``problem`` sentence (with ``lines`` of traceback)."""

    value: Optional[float]
    problem: str = ""
    todo: bool = False  # the function still raises NotImplementedError
    lines: Tuple[str, ...] = ()


def load(path: str) -> Dict[str, Any]:
    """Run the learner's file and return its names; a file that cannot run raises FileProblem."""
    sys.dont_write_bytecode = True
    with open(path, "rb") as file:
        source = file.read()
    try:
        code = compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as error:
        text = (error.text or "").rstrip()
        raise FileProblem(f"{path}, line {error.lineno}: {type(error).__name__}: {error.msg} (the file is not "
                          f"valid Python, so nothing was run)", [text.strip()] if text.strip() else []) from None
    except ValueError as error:  # e.g. a NUL byte
        raise FileProblem(f"{path} cannot be read as Python: {error}") from None
    module = types.ModuleType(MODULE)
    module.__file__ = path
    sys.modules[MODULE] = module
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))  # so that it may import its own helpers
    try:
        exec(code, module.__dict__)
    except (Exception, SystemExit) as error:
        raise FileProblem(f"{path} raised {type(error).__name__} while loading, before any function could be "
                          f"checked: {error}", learner_traceback(error)) from None
    return module.__dict__


def find(names: Dict[str, Any], exercise: Exercise, path: str) -> Tuple[Optional[Callable[..., Any]], str]:
    """The learner's function for an exercise, or a one-line reason why it cannot be called as the checker calls it."""
    found = names.get(exercise.name)
    if found is None:
        functions = [name for name, value in names.items() if inspect.isfunction(value)]
        near = difflib.get_close_matches(exercise.name, functions, n=1)
        guess = f" (is yours called {near[0]}?)" if near else ""
        return None, f"{path} has no function {exercise.name}{guess}; the checker calls def {exercise.signature}"
    if not callable(found):
        return None, f"{exercise.name} in {path} is {describe(found)}, not a function: def {exercise.signature}"
    module = getattr(found, "__module__", None) or ""
    if module.split(".")[0] == "backprop":
        return None, f"{exercise.name} comes from {module}, the library: the exercise is to write it yourself"
    return found, signature_problem(found, exercise)


def signature_problem(function: Callable[..., Any], exercise: Exercise) -> str:
    """'' if ``function`` takes the exercise's arguments in their order; otherwise one line saying what differs.

    >>> from backprop.exercises.sheet import BY_NUMBER
    >>> signature_problem(lambda dE_dx, y: 0.0, BY_NUMBER[6])
    'dE_dw must take 4 arguments, (j, i, dE_dx, y); yours takes 2, (dE_dx, y)'
    >>> print(signature_problem(lambda i, j, dE_dx, y: 0.0, BY_NUMBER[6]))  # doctest: +NORMALIZE_WHITESPACE
    dE_dw must take its arguments in the order (j, i, dE_dx, y); yours are (i, j, dE_dx, y),
    so each would get another's value
    """
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):  # a builtin without a signature: let the calls tell
        return ""
    expected = [name for name, _, _ in exercise.params]
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in positional if p.default is p.empty]
    keyword_only = [p for p in parameters if p.kind == p.KEYWORD_ONLY and p.default is p.empty]
    varargs = any(p.kind == p.VAR_POSITIONAL for p in parameters)
    names = [p.name for p in positional]
    if keyword_only or len(required) > len(expected) or (len(positional) < len(expected) and not varargs):
        taken = [p.name for p in parameters]
        return (f"{exercise.name} must take {len(expected)} argument{'s' if len(expected) != 1 else ''}, "
                f"({', '.join(expected)}); yours takes {len(taken)}, ({', '.join(taken)})")
    if names[: len(expected)] != expected and sorted(names[: len(expected)]) == sorted(expected):
        return (f"{exercise.name} must take its arguments in the order ({', '.join(expected)}); yours are "
                f"({', '.join(names)}), so each would get another's value")
    return ""


def call(function: Callable[..., Any], args: Tuple[Any, ...], names: Sequence[str]) -> Answer:
    """Call the learner's function with copies of ``args`` and say what came back."""
    given = copy.deepcopy(args)
    try:
        result = function(*given)
    except NotImplementedError:
        return Answer(None, "not written yet: it still raises NotImplementedError", todo=True)
    except (Exception, SystemExit) as error:
        return Answer(None, f"raised {type(error).__name__}: {error}", lines=tuple(learner_traceback(error)))
    for name, before, after in zip(names, args, given):
        if before != after:
            return Answer(None, f"changed its argument {name}, from {before} to {after}: it must only read "
                                f"what it is given (the same list goes on to other units)")
    return number(result)


def number(result: Any) -> Answer:
    """One finite real number, or a sentence about what came instead.

    >>> number(0.5), number(None).problem
    (Answer(value=0.5, problem='', todo=False, lines=()), 'returned None: is a return statement missing?')
    >>> number([0.1, 0.2]).problem
    'returned a list, [0.1, 0.2], where one number is expected'
    >>> number(float("nan")).problem
    'returned nan, "not a number": an undefined step along the way (such as inf − inf or 0 × inf, or a NaN given in)'
    """
    if result is None:
        return Answer(None, "returned None: is a return statement missing?")
    if isinstance(result, bool):
        return Answer(None, f"returned {result} (a bool) where a number is expected")
    if isinstance(result, numbers.Real):
        try:
            value = float(result)
        except (OverflowError, ValueError, TypeError):
            return Answer(None, f"returned {describe(result)}, which is no float")
        if math.isnan(value):
            return Answer(None, 'returned nan, "not a number": an undefined step along the way (such as inf − inf '
                                'or 0 × inf, or a NaN given in)')
        if math.isinf(value):
            return Answer(None, f"returned {value}: beyond the largest float")
        return Answer(value)
    if isinstance(result, (list, tuple, set, dict, range)) or hasattr(result, "__len__"):
        return Answer(None, f"returned a {type(result).__name__}, {short(result)}, where one number is expected")
    if isinstance(result, complex):
        return Answer(None, f"returned the complex number {result!r}: was a negative number raised to a fraction?")
    return Answer(None, f"returned {describe(result)} where a number is expected")


def short(value: Any, most: int = 60) -> str:
    """``repr(value)``, cut to ``most`` characters.

    >>> short(list(range(30)), 20)
    '[0, 1, 2, 3, 4, ...]'
    """
    text = repr(value)
    return text if len(text) <= most else text[: most - 4] + "..." + text[-1]


def learner_traceback(error: BaseException, most: int = 6) -> List[str]:
    """The traceback of ``error`` through the learner's frames only, most recent call last."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if not os.path.abspath(frame.filename).startswith(LIBRARY + os.sep)]
    lines = ["Traceback (your code, most recent call last):"]
    if len(frames) > most:
        lines.append(f"  ... {len(frames) - most} calls before these")
        frames = frames[-most:]
    lines += [line for chunk in traceback.format_list(frames) for line in chunk.rstrip("\n").split("\n")]
    lines += [line for chunk in traceback.format_exception_only(type(error), error)
              for line in chunk.rstrip("\n").split("\n")]
    return lines
