"""``python -m backprop exercises``: write a new exercise file, check it, or see how far it is.

    python -m backprop exercises                      the nine exercises and the sweep's five functions,
                                                      one line each
    python -m backprop exercises new my_backprop.py   write the file to fill in (never overwrites)
    python -m backprop exercises check my_backprop.py [--all]
    python -m backprop exercises my_backprop.py       which are right so far

Each speaks English, or Korean with ``--lang ko`` or in a Korean locale (LANGUAGE, LC_ALL,
LC_MESSAGES or LANG naming ko, as gettext reads them); ``--lang en`` is English whatever the locale.

``add_parser`` registers the command with the library's command line and ``run`` carries it out;
that is all ``backprop.cli`` needs to know about the exercises.

A file named like a module that the library or Python's own code imports (``backprop.py``,
``json.py``, ``copy.py``...) would be run by Python in place of that module by any command started
in its folder (``python -m`` puts the current folder first on the path): ``new`` refuses such a
name. ``check`` reports truthfully on such a file from any other folder; from its own folder,
``python -m backprop`` runs a ``backprop.py`` there and none of the library, which no code of the
library can change, and a ``json.py`` there is refused with a line saying why.
"""

from __future__ import annotations

import argparse
import math
import os
import pkgutil
import sys
import sysconfig
from typing import Any, Dict, FrozenSet, List, TextIO

from .checker import check, next_step, progress
from .language import LANGUAGES, _, chosen, lang_option, speaking
from .runner import TIMEOUT
from .sheet import EXERCISES, listing, write_new
from .sweep_report import MARKS
from .sweep_sheet import STEPS


def step_listing(steps: Dict[str, Any]) -> List[str]:
    """One line per function of the sweep: its mark (from a check's ``step`` events), name and what it does."""
    width = max(len(exercise.name) for exercise in EXERCISES) + 4
    return [f"  {MARKS.get(steps.get(step.name, {}).get('status', 'unchecked'), ' ')} {step.name:<{width}}  "
            f"{_(step.does)}" for step in STEPS]

ACTIONS = ("new", "check")


def add_parser(commands: Any) -> None:
    """Add ``exercises`` to the sub-commands of ``python -m backprop``."""
    parser = commands.add_parser(
        "exercises", help="write the equations yourself: new FILE, check FILE [--all], or FILE for progress",
        description="Write back-propagation yourself, one function per equation of the paper, and have each "
                    "checked against the library: where it differs, with what it was given, and a hint.")
    parser.add_argument("action", nargs="?", metavar="new|check|FILE",
                        help="new FILE: write a file to fill in; check FILE: check it; FILE alone: progress")
    parser.add_argument("file", nargs="?", metavar="FILE", help="your exercise file")
    parser.add_argument("--all", action="store_true",
                        help="check every equation and every function of the sweep, not only up to the first wrong")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, metavar="SECONDS",
                        help=f"stop a function that has not returned after this long (default {TIMEOUT:g})")
    parser.add_argument("--lang", metavar="LANG", help=f"the language of the file and the checker: "
                                                       f"{', '.join(LANGUAGES)} (default: the locale's, else en)")


def words_first(argv: List[str]) -> List[str]:
    """``exercises check --all FILE`` as ``exercises check FILE --all``, any other command as it is.

    argparse fills the two optional words (``check``, ``FILE``) only from the words before the first
    flag, so a file named after ``--all`` would be refused as an unknown argument.

    >>> words_first(["exercises", "check", "--all", "--timeout", "3", "my.py", "--lang", "ko"])
    ['exercises', 'check', 'my.py', '--all', '--timeout', '3', '--lang', 'ko']
    """
    if not argv or argv[0] != "exercises":
        return argv
    words, flags = [], []
    rest = iter(argv[1:])
    for arg in rest:
        if not arg.startswith("-") or arg == "-":
            words.append(arg)
            continue
        flags.append(arg)
        value = next(rest, None) if arg in ("--timeout", "--lang") else None  # the flag's value is the next word
        if value is not None:
            flags.append(value)
    return [argv[0], *words, *flags]


def run(options: argparse.Namespace, out: TextIO) -> int:
    """Carry out ``exercises ...`` in the language asked for: 0 when it went well, 1 when the check found something
    not right."""
    with speaking(chosen(getattr(options, "lang", None))):
        return carry_out(options, out)


def carry_out(options: argparse.Namespace, out: TextIO) -> int:
    """``exercises ...``, in the language spoken now."""
    action, path = options.action, options.file
    if not (math.isfinite(options.timeout) and options.timeout > 0):
        raise ValueError(_("--timeout must be a finite number of seconds above 0, got {timeout}").format(
            timeout=f"{options.timeout:g}"))
    if action in ACTIONS and path is None:
        raise ValueError(_("exercises {action} needs the file: python -m backprop exercises {action} "
                           "FILE{lang}").format(action=action, lang=lang_option()))
    if action not in ACTIONS and path is not None:
        raise ValueError(_("exercises takes new FILE, check FILE or a FILE alone, got {action} {path}").format(
            action=action, path=path))
    if options.all and action != "check":
        raise ValueError(_("--all goes with check: python -m backprop exercises check FILE --all{lang}").format(
            lang=lang_option()))
    if action == "new":
        refuse_a_name_that_hides_a_module(path)
        write_new(path)
        out.write(_("wrote {path}: nine functions to write, one per equation of the paper, then the five of the sweep "
                    "that uses them.\nWrite (1) total_input first, then check: python -m backprop exercises check "
                    "{path}{lang}").format(path=path, lang=lang_option()) + "\n")
        return 0
    if action is not None:  # check FILE, or FILE alone for progress
        refuse_a_file_run_in_place_of_a_module(path if action == "check" else action)
    if action == "check":
        report = check(path, every=options.all, timeout=options.timeout)
        out.write(report.text + "\n")
        return 0 if report.passed else 1
    if action is None:
        out.write(_("Write back-propagation yourself: nine functions, one per equation of the paper, in this order,\n"
                    "then the sweep that uses them, in five.") + "\n")
        out.write("\n".join(listing([" "] * len(EXERCISES), teaching=True)) + "\n")
        out.write("\n".join(step_listing({})) + "\n")
        out.write(_("start:  python -m backprop exercises new my_backprop.py{lang}\n"
                    "check:  python -m backprop exercises check my_backprop.py{lang}").format(lang=lang_option())
                  + "\n")
        return 0
    report = progress(action, timeout=options.timeout)
    if report.file_problem is not None:
        out.write(report.text + "\n")
        return 1
    steps = sum(event.get("status") == "right" for event in report.steps.values())
    out.write(_("{path}: {right} of 9 equations right, {steps} of {functions} functions of the sweep (train is "
                "checked by check)").format(path=action, right=report.right, steps=steps, functions=len(STEPS) - 1)
              + "\n")
    out.write("\n".join(listing([MARKS[verdict.status] for verdict in report.verdicts])) + "\n")
    out.write("\n".join(step_listing(report.steps)) + "\n")
    out.write(next_step(report) + "\n")
    return 0


def standard_modules() -> FrozenSet[str]:
    """The names of the standard library's top-level modules (``sys.stdlib_module_names`` from Python 3.10).

    On 3.9 (and PyPy 3.9): the modules built into the interpreter and those in the standard library's
    folders (``lib-dynload`` too), which is what ``import NAME`` finds there.

    >>> {"json", "copy", "numbers", "math"} <= standard_modules()
    True
    """
    names = getattr(sys, "stdlib_module_names", None)
    if names is not None:
        return frozenset(names)
    found = set(sys.builtin_module_names)
    folders = {sysconfig.get_path(key) for key in ("stdlib", "platstdlib")}
    folders |= {os.path.join(folder, "lib-dynload") for folder in folders}
    found.update(module.name for module in pkgutil.iter_modules(sorted(folder for folder in folders
                                                                          if os.path.isdir(folder))))
    return frozenset(found)


def hidden_module(path: str) -> str:
    """The module that a file at ``path`` would hide from a Python started in its folder ('' if none).

    >>> hidden_module("backprop.py"), hidden_module("json.py"), hidden_module("my_backprop.py")
    ('backprop', 'json', '')
    """
    name, extension = os.path.splitext(os.path.basename(path))
    if extension != ".py" or not name.isidentifier():
        return ""
    if name == "backprop" or name in standard_modules():
        return name
    return ""


def refuse_a_name_that_hides_a_module(path: str) -> None:
    """Refuse a name for a new exercise file that would hide a module the library or the checker imports."""
    module = hidden_module(path)
    if not module:
        return
    what = (_("the library itself (backprop)") if module == "backprop" else
            _("Python's own {module} module").format(module=module))
    better = os.path.join(os.path.dirname(path), f"my_{module}.py")
    raise ValueError(_("cannot name an exercise file {name}: in its folder it would hide {what}, which the checker "
                       "imports (Python looks in the current folder first); choose another name, such as {better}")
                     .format(name=os.path.basename(path), what=what, better=better))


def refuse_a_file_run_in_place_of_a_module(path: str) -> None:
    """Refuse to check a file that Python has already run in this process in place of a module it names.

    ``python -m backprop exercises check json.py`` started in the folder of that json.py imports it
    as ``json``: the library would then work with the learner's functions in place of Python's own.
    """
    if not os.path.isfile(path):
        return
    for name, module in list(sys.modules.items()):
        where = getattr(module, "__file__", None)
        try:
            same = "." not in name and isinstance(where, str) and os.path.samefile(where, path)
        except OSError:  # a module whose file is gone: not the learner's
            same = False
        if same:
            raise ValueError(_("{path} was run by Python in place of its own {name} module (python -m puts the "
                               "current folder first), so no check here could be trusted: rename it, e.g. to "
                               "my_{name}.py, or check it from another folder").format(path=path, name=name))
