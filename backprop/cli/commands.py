"""The small commands (list, explain) and what every command shares: the names of tasks as typed."""

from __future__ import annotations

import argparse
from typing import TextIO, Tuple

from .. import tasks
from ..experiments import CATALOG, GROUPS, TASKS
from ..narration import explain as narrate
from ..narration import nudge, nudge_text
from ..network import Network
from ..validate import check_setting, check_size, check_weight_range, describe, plural


def canonical(name: str) -> str:
    return name.replace("-", "_")


def shown(name: str) -> str:
    """A name as typed on the command line: family_trees → family-trees."""
    return name.replace("_", "-")


def find_task(name: str) -> Tuple[str, tasks.Task]:
    key = canonical(name)
    if key not in TASKS:
        raise ValueError(f"unknown task {describe(name).rsplit(' (', 1)[0]}; the tasks are "
                         f"{', '.join(shown(n) for n in TASKS)}")
    return key, TASKS[key].make_task()


# ---- list -------------------------------------------------------------------------------------

def list_all(options: argparse.Namespace, out: TextIO) -> int:
    out.write("tasks (backprop train TASK):\n")
    for name, entry in TASKS.items():
        task = entry.make_task()
        shape = entry.shape or "-".join(str(n) for n in [task.input_size, *entry.hidden, task.output_size])
        out.write(f"  {shown(name):18} {plural(len(task.cases), 'case'):>9}, {shape:18} {task.description}\n")
    out.write("experiments (backprop paper EXPERIMENT):\n")
    for name, experiment in CATALOG.items():
        out.write(f"  {shown(name):18} {experiment.line}\n")
    for group, members in GROUPS.items():
        names = [shown(member) for member in members]
        out.write(f"  {group:18} {', '.join(names[:-1])} and {names[-1]}\n")
    return 0


# ---- explain ---------------------------------------------------------------------------------------

def add_explain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("task", help=", ".join(shown(n) for n in TASKS))
    parser.add_argument("--case", type=int, default=0, help="which case (default 0)")
    parser.add_argument("--lr", type=float, default=None, help="also show the update (8) with this ε")
    parser.add_argument("--unit", default=None, help="only this unit's lines, e.g. h1")
    parser.add_argument("--markdown", action="store_true", help="a Markdown table instead of text")
    parser.add_argument("--hidden", type=int, nargs="+", metavar="N", help="hidden layer sizes (default: the task's)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the weights (default 0)")
    parser.add_argument("--weight-range", type=float, default=0.5, help="initial weights in ±this (default 0.5)")
    parser.add_argument("--load", metavar="FILE", help="explain a net saved by train --save instead")
    parser.add_argument("--nudge", metavar="WEIGHT", help="instead, move one weight (w[o1<-h1], bias[o1]) or the y "
                                                          "of a unit (h1, o1) by 1e-6 and show how E changes: "
                                                          "its derivative, measured")


def weight_range_option(value: float) -> float:
    """``--weight-range``, checked, the flag named in the message as the command line spells it."""
    try:
        return check_weight_range(value)
    except ValueError as error:
        raise ValueError(str(error).replace("weight_range", "--weight-range")) from None


def explain(options: argparse.Namespace, out: TextIO) -> int:
    name, task = find_task(options.task)
    if not 0 <= options.case < len(task.cases):
        raise ValueError(f"--case must be from 0 to {len(task.cases) - 1} for {task.name}, got {options.case}")
    learning_rate = None if options.lr is None else check_setting(options.lr, "--lr", 0.0)
    for size in options.hidden or []:
        check_size(size, "--hidden")
    if options.load:
        network = Network.load(options.load)
        if (network.input_size, network.output_size) != (task.input_size, task.output_size):
            raise ValueError(f"--load {options.load}: that net takes {plural(network.input_size, 'input')} and gives "
                             f"{plural(network.output_size, 'output')}; {shown(name)} needs "
                             f"{plural(task.input_size, 'input')} and {plural(task.output_size, 'output')}")
    else:
        network = TASKS[name].network(options.seed, weight_range_option(options.weight_range), options.hidden)
    inputs, targets = task.cases[options.case]
    if options.nudge is not None:
        if options.lr is not None or options.unit is not None or options.markdown:
            raise ValueError("--nudge shows one quantity's nudge: it goes without --lr, --unit and --markdown")
        try:
            text = nudge_text(nudge(network, inputs, targets, options.nudge))
        except KeyError as error:
            raise ValueError(str(error.args[0])) from None
        out.write(f"{network!r}, case {options.case} of {task.name}\n{text}\n")
        return 0
    text = narrate(network, inputs, targets, learning_rate=learning_rate, unit=options.unit,
                   markdown=options.markdown)
    out.write(f"{network!r}, case {options.case} of {task.name}\n{text}\n")
    return 0
