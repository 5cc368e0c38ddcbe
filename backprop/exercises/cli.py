"""``python -m backprop exercises``: write a new exercise file, check it, or see how far it is.

    python -m backprop exercises                      the nine exercises, one line each
    python -m backprop exercises new my_backprop.py   write the file to fill in (never overwrites)
    python -m backprop exercises check my_backprop.py [--all]
    python -m backprop exercises my_backprop.py       which are right so far

``add_parser`` registers the command with the library's command line and ``run`` carries it out;
that is all ``backprop.cli`` needs to know about the exercises.
"""

from __future__ import annotations

import argparse
from typing import Any, List, TextIO

from .checker import MARKS, check, next_step, progress
from .runner import TIMEOUT
from .sheet import EXERCISES, listing, write_new

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
    parser.add_argument("--all", action="store_true", help="check every equation, not only up to the first wrong")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, metavar="SECONDS",
                        help=f"stop a function that has not returned after this long (default {TIMEOUT:g})")


def words_first(argv: List[str]) -> List[str]:
    """``exercises check --all FILE`` as ``exercises check FILE --all``, any other command as it is.

    argparse fills the two optional words (``check``, ``FILE``) only from the words before the first
    flag, so a file named after ``--all`` would be refused as an unknown argument.

    >>> words_first(["exercises", "check", "--all", "--timeout", "3", "my.py"])
    ['exercises', 'check', 'my.py', '--all', '--timeout', '3']
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
        value = next(rest, None) if arg == "--timeout" else None  # --timeout's value is the next word
        if value is not None:
            flags.append(value)
    return [argv[0], *words, *flags]


def run(options: argparse.Namespace, out: TextIO) -> int:
    """Carry out ``exercises ...``: 0 when it went well, 1 when the check found something not right."""
    action, path = options.action, options.file
    if options.timeout <= 0:
        raise ValueError(f"--timeout must be a number of seconds above 0, got {options.timeout:g}")
    if action in ACTIONS and path is None:
        raise ValueError(f"exercises {action} needs the file: python -m backprop exercises {action} FILE")
    if action not in ACTIONS and path is not None:
        raise ValueError(f"exercises takes new FILE, check FILE or a FILE alone, got {action} {path}")
    if options.all and action != "check":
        raise ValueError("--all goes with check: python -m backprop exercises check FILE --all")
    if action == "new":
        write_new(path)
        out.write(f"wrote {path}: nine functions to write, one per equation of the paper.\n"
                  f"Write (1) total_input first, then check: python -m backprop exercises check {path}\n")
        return 0
    if action == "check":
        report = check(path, every=options.all, timeout=options.timeout)
        out.write(report.text + "\n")
        return 0 if report.passed else 1
    if action is None:
        out.write("Write back-propagation yourself: nine functions, one per equation of the paper, in this order.\n")
        out.write("\n".join(listing([" "] * len(EXERCISES), teaching=True)) + "\n")
        out.write("start:  python -m backprop exercises new my_backprop.py\n"
                  "check:  python -m backprop exercises check my_backprop.py\n")
        return 0
    report = progress(action, timeout=options.timeout)
    if report.file_problem is not None:
        out.write(report.text + "\n")
        return 1
    out.write(f"{action}: {report.right} of 9 equations right\n")
    out.write("\n".join(listing([MARKS[verdict.status] for verdict in report.verdicts])) + "\n")
    out.write(next_step(report) + "\n")
    return 0
