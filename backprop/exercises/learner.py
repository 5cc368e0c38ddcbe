"""The learner's code, loaded and called with care; this runs in the checking process only.

- The file is read and compiled, never imported: no ``.pyc`` is written and nothing beside the
  file changes (``sys.dont_write_bytecode`` covers whatever the file itself imports). It is
  decoded as ``python3 FILE`` would (PEP 263), so a file Python refuses to run is refused here too.
- A function is called with copies of its arguments, and a function that changes them is told so.
- An exception (any, ``KeyboardInterrupt`` included) becomes a short traceback of the learner's own
  frames; what comes back must be one finite real number, and anything else (None, a list, NaN, a
  string) gets a sentence saying so.
- While the learner's code runs, a ``watch.Watch`` notes whether any code of the library's own
  runs: an answer handed over by the library, however wrapped, is not the learner's.
"""

from __future__ import annotations

import contextlib
import copy
import difflib
import inspect
import io
import math
import numbers
import os
import sys
import tokenize
import traceback
import types
from typing import TYPE_CHECKING, Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple, Union

from ..validate import describe
from .language import _, n_
from .sheet import Exercise
from .sweep_sheet import Step

if TYPE_CHECKING:  # pragma: no cover
    from .watch import Watch

LIBRARY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the backprop package's folder
MODULE = "__learner__"  # the name the learner's file runs under
MOST_CHARACTERS = 300  # of one line of text that comes from the learner's code (a message, a line of source)


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
        code = compile(source_text(source), path, "exec", dont_inherit=True)
    except SyntaxError as error:
        text = cut((error.text or "").strip())
        raise FileProblem(_("{path}, line {line}: {error}: {message} (the file is not valid Python, so nothing was "
                            "run)").format(path=path, line=error.lineno, error=type(error).__name__,
                                           message=cut(str(error.msg))), [text] if text else []) from None
    except ValueError as error:  # e.g. a NUL byte
        raise FileProblem(_("{path} cannot be read as Python: {message}").format(path=path, message=cut(str(error)))
                          ) from None
    module = types.ModuleType(MODULE)
    module.__file__ = path
    sys.modules[MODULE] = module
    # So that it may import its own helpers: after the standard library, which a helper named json.py must not hide.
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.append(folder)
    try:
        exec(code, module.__dict__)
    except BaseException as error:  # KeyboardInterrupt and SystemExit too: whatever the file did, it is told
        text = said(error)
        message = (_("{path} raised {error} while loading, before any function could be checked: {text}") if text
                   else _("{path} raised {error} while loading, before any function could be checked"))
        raise FileProblem(message.format(path=path, error=cut(type(error).__name__), text=text),
                          learner_traceback(error)) from None
    return module.__dict__


def source_text(source: bytes) -> str:
    r"""The text of a Python file, decoded as ``python3 FILE`` decodes it; raises SyntaxError as Python does.

    UTF-8 unless the first two lines declare another encoding (PEP 263). ``compile`` of the bytes
    alone lets invalid UTF-8 in a comment through, where Python refuses to run the file.

    >>> source_text("# café\nx = 1\n".encode("latin-1"))
    Traceback (most recent call last):
    ...
    SyntaxError: Non-UTF-8 code starting with '\xe9', but no encoding declared (see PEP 263)
    >>> source_text(b"# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n").splitlines()[1]
    "x = 'café'"
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    except SyntaxError as error:  # an encoding declared that Python does not know, or a first line not UTF-8
        if "declaration" not in str(error.msg):
            raise SyntaxError(f"encoding problem: {cut(str(error.msg))}", ("", 1, 0, "")) from None
        encoding = "utf-8"
    try:
        return source.decode(encoding)
    except UnicodeDecodeError as error:
        line = source.count(b"\n", 0, error.start) + 1
        text = source.splitlines()[line - 1].decode(encoding, "replace")
        byte = f"'\\x{source[error.start]:02x}'"
        if encoding.startswith("utf-8"):
            message = f"Non-UTF-8 code starting with {byte}, but no encoding declared (see PEP 263)"
        else:
            message = _("the file declares the encoding {encoding}, and byte {byte} is not {encoding}").format(
                encoding=encoding, byte=byte)
        raise SyntaxError(message, ("", line, 0, text)) from None


def find(names: Dict[str, Any], exercise: Union[Exercise, Step], path: str) -> Tuple[Optional[Callable[..., Any]], str]:
    """The learner's function for an exercise, or a one-line reason why it cannot be called as the checker calls it."""
    found = names.get(exercise.name)
    if found is None:
        functions = [name for name, value in names.items() if inspect.isfunction(value)]
        near = difflib.get_close_matches(exercise.name, functions, n=1)
        guess = _(" (is yours called {near}?)").format(near=near[0]) if near else ""
        return None, _("{path} has no function {name}{guess}; the checker calls def {signature}").format(
            path=path, name=exercise.name, guess=guess, signature=exercise.signature)
    if not callable(found):
        return None, _("{name} in {path} is {what}, not a function: def {signature}").format(
            name=exercise.name, path=path, what=describe(found), signature=exercise.signature)
    module = getattr(found, "__module__", None) or ""
    if module.split(".")[0] == "backprop":
        return None, _("{name} comes from {module}, the library: the exercise is to write it yourself").format(
            name=exercise.name, module=module)
    return found, signature_problem(found, exercise)


def signature_problem(function: Callable[..., Any], exercise: Union[Exercise, Step]) -> str:
    """'' if ``function`` takes the exercise's arguments in their order; otherwise one line saying what differs.

    >>> from backprop.exercises.sheet import BY_NUMBER
    >>> signature_problem(lambda dE_dxs, y: 0.0, BY_NUMBER[6])
    'dE_dw must take 4 arguments, (j, i, dE_dxs, y); yours takes 2, (dE_dxs, y)'
    >>> print(signature_problem(lambda i, j, dE_dxs, y: 0.0, BY_NUMBER[6]))  # doctest: +NORMALIZE_WHITESPACE
    dE_dw must take its arguments in the order (j, i, dE_dxs, y); yours are (i, j, dE_dxs, y),
    so each would get another's value
    """
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):  # a builtin without a signature: let the calls tell
        return ""
    expected = [param[0] for param in exercise.params]
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in positional if p.default is p.empty]
    keyword_only = [p for p in parameters if p.kind == p.KEYWORD_ONLY and p.default is p.empty]
    varargs = any(p.kind == p.VAR_POSITIONAL for p in parameters)
    names = [p.name for p in positional]
    if keyword_only or len(required) > len(expected) or (len(positional) < len(expected) and not varargs):
        taken = [p.name for p in parameters]
        return n_("{name} must take {count} argument, ({expected}); yours takes {taken}, ({names})",
                  "{name} must take {count} arguments, ({expected}); yours takes {taken}, ({names})",
                  len(expected)).format(name=exercise.name, count=len(expected), expected=", ".join(expected),
                                        taken=len(taken), names=", ".join(taken))
    if names[: len(expected)] != expected and sorted(names[: len(expected)]) == sorted(expected):
        return _("{name} must take its arguments in the order ({expected}); yours are ({names}), so each would get "
                 "another's value").format(name=exercise.name, expected=", ".join(expected), names=", ".join(names))
    return ""


def call(function: Callable[..., Any], args: Tuple[Any, ...], names: Sequence[str],
         watch: Optional["Watch"] = None) -> Answer:
    """Call the learner's function with copies of ``args`` and say what came back.

    With a ``watch``, the call is watched for code of the library's own (see :class:`Watch`); the
    caller asks ``watch.found`` afterwards.
    """
    given = copy.deepcopy(args)
    result: Any = None
    raised: Optional[BaseException] = None
    watching = watch if watch is not None else contextlib.nullcontext()
    try:
        with watching:  # stopped before anything of the checker's own runs
            result = function(*given)
            if not isinstance(result, float) and isinstance(result, numbers.Real):
                float(result)  # the value's own __float__ is the learner's code too: watched, and may raise
    except BaseException as error:  # KeyboardInterrupt and SystemExit too: the learner's code raised it
        raised = error
    if isinstance(raised, NotImplementedError):
        return Answer(None, _("not written yet: it still raises NotImplementedError"), todo=True)
    if raised is not None:
        return Answer(None, raised_words(raised), lines=tuple(learner_traceback(raised)))
    try:
        for name, before, after in zip(names, args, given):
            if before != after:
                return Answer(None, _("changed its argument {name}, from {before} to {after}: it must only read what "
                                      "it is given (the same list goes on to other units)").format(
                    name=name, before=short(before, MOST_CHARACTERS), after=short(after, MOST_CHARACTERS)))
        return number(result)
    except BaseException as error:  # a value of the learner's own type, whose methods (__eq__, __repr__) raised
        return Answer(None, _("returned {kind}, whose own methods raised {error}").format(
            kind=cut(type(result).__name__), error=what_was_raised(error)), lines=tuple(learner_traceback(error)))


def raised_words(error: BaseException) -> str:
    """``raised ZeroDivisionError: float division by zero``, in the language spoken."""
    return _("raised {error}").format(error=what_was_raised(error))


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
        return Answer(None, _("returned None: is a return statement missing?"))
    if isinstance(result, bool):
        return Answer(None, _("returned {value} (a bool) where a number is expected").format(value=result))
    if isinstance(result, numbers.Real):
        try:
            value = float(result)
        except (OverflowError, ValueError, TypeError):
            return Answer(None, _("returned {what}, which is no float").format(what=describe(result)))
        if math.isnan(value):
            return Answer(None, _('returned nan, "not a number": an undefined step along the way (such as inf − inf '
                                  'or 0 × inf, or a NaN given in)'))
        if math.isinf(value):
            return Answer(None, _("returned {value}: beyond the largest float").format(value=value))
        return Answer(value)
    if isinstance(result, (list, tuple, set, dict, range)) or hasattr(result, "__len__"):
        return Answer(None, _("returned a {kind}, {value}, where one number is expected").format(
            kind=cut(type(result).__name__), value=short(result)))
    if isinstance(result, complex):
        return Answer(None, _("returned the complex number {value}: was a negative number raised to a fraction?")
                      .format(value=repr(result)))
    return Answer(None, _("returned {what} where a number is expected").format(what=describe(result)))


def short(value: Any, most: int = 60) -> str:
    """``repr(value)``, cut to ``most`` characters.

    >>> short(list(range(30)), 20)
    '[0, 1, 2, 3, 4, ...]'
    """
    text = repr(value)
    return text if len(text) <= most else text[: most - 4] + "..." + text[-1]


def cut(text: str, most: int = MOST_CHARACTERS) -> str:
    """``text``, cut to about ``most`` characters, saying how many more there were.

    >>> cut("x" * 30, 10)
    'xxxxxxxxxx… (20 more characters)'
    """
    if len(text) <= most:
        return text
    return text[:most] + _("… ({count} more characters)").format(count=len(text) - most)


def said(error: BaseException) -> str:
    """``str(error)``, cut short; or, when the exception's own ``__str__`` fails, a note saying so."""
    try:
        return cut(str(error))
    except BaseException as failed:  # the learner's __str__ raised: the exception is still named by its type
        return _("(its message could not be shown: str() raised {error})").format(error=type(failed).__name__)


def what_was_raised(error: BaseException) -> str:
    """``ZeroDivisionError: float division by zero``, or ``KeyboardInterrupt`` when there is no message.

    >>> what_was_raised(KeyboardInterrupt()), what_was_raised(ValueError("bad"))
    ('KeyboardInterrupt', 'ValueError: bad')
    """
    name = cut(type(error).__name__)
    try:
        text = cut(str(error))
    except BaseException:  # the learner's __str__ raised: said() says so
        return f"{name} {said(error)}"
    return f"{name}: {text}" if text else name


def learner_traceback(error: BaseException, most: int = 6) -> List[str]:
    """The traceback of ``error`` through the learner's frames only, most recent call last."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if not os.path.abspath(frame.filename).startswith(LIBRARY + os.sep)]
    return [_("Traceback (your code, most recent call last):")] + frame_lines(frames, most) + [what_was_raised(error)]


def frame_lines(frames: Sequence[traceback.FrameSummary], most: int = 6) -> List[str]:
    """The lines that show ``frames`` (most recent last) as a traceback does, each cut short."""
    lines = []
    if len(frames) > most:
        lines.append("  " + _("... {count} calls before these").format(count=len(frames) - most))
        frames = frames[-most:]
    for frame in frames:
        lines.append(cut(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}'))
        if frame.line:
            lines.append("    " + cut(frame.line.strip()))
    return lines
