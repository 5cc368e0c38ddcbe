"""The command line: ``python -m backprop list | train TASK | resume FILE | paper NAME | explain TASK | exercises``.

    python -m backprop list
    python -m backprop train xor --hidden 2 --lr 0.5 --momentum 0.9 --sweeps 5000
    python -m backprop resume xor.checkpoint.json
    python -m backprop paper symmetry --seed 1
    python -m backprop paper family-trees --seeds 5
    python -m backprop explain xor --case 1 --lr 0.5
    python -m backprop exercises new my_backprop.py

Every argument is checked, with the flag's own name in the message, before anything is printed
or trained; a refusal is one line on standard error and exit status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from typing import NoReturn, Optional, Sequence, TextIO, cast

from ..exercises import cli as exercises
from ..exercises.language import chosen, speaking
from . import commands, paper, train
from .show import Courtesy


class Parser(argparse.ArgumentParser):
    """argparse, with a bad argument reported in one line (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def parser() -> Parser:
    top = Parser(prog="backprop", description="Rumelhart, Hinton & Williams (1986) back-propagation, step by step.")
    subcommands = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    subcommands.required = True
    subcommands.add_parser("list", help="the tasks and the paper's experiments, one line each")
    train.add_train(subcommands.add_parser("train", help="train a net on a task and print every case"))
    train.add_resume(subcommands.add_parser("resume", help="go on with a run that was stopped (its checkpoint)"))
    paper.add_paper(subcommands.add_parser("paper", help="run one of the paper's experiments"))
    commands.add_explain(subcommands.add_parser("explain", help="narrate one case equation by equation"))
    exercises.add_parser(subcommands)
    return top


def main(argv: Optional[Sequence[str]] = None, out: Optional[TextIO] = None) -> int:
    """Run one command; the exit status: 0 done; 1 training stopped by a refusal, or a file that could not
    be written; 2 bad arguments; 128 + the signal's number when a signal stopped it (130 for Ctrl-C)."""
    shown = Courtesy(sys.stdout if out is None else out)  # what is printed is a courtesy: the files are the job
    errors = Courtesy(sys.stderr)
    stream = cast(TextIO, shown)
    try:
        options = parser().parse_args(exercises.words_first(sys.argv[1:] if argv is None else list(argv)))
        if options.command == "exercises":
            return exercises.run(options, stream)
        run = {"list": commands.list_all, "train": train.train, "resume": train.resume,
               "paper": paper.paper, "explain": commands.explain}[options.command]
        with speaking(chosen(getattr(options, "lang", None))):  # the advice of train and resume: English or Korean
            return run(options, stream)
    except (ValueError, TypeError, KeyError, OSError, MemoryError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        errors.write(f"backprop: error: {message}\n")
        return 2
    except KeyboardInterrupt:
        errors.write("backprop: stopped by Ctrl-C\n")
        return 130
    finally:
        if shown.broken_pipe and out is None:  # so that the interpreter's final flush of stdout stays quiet
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
