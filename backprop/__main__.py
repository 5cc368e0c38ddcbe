"""The command line: ``python -m backprop list | train TASK | paper EXPERIMENT``.

    python -m backprop list
    python -m backprop train xor --hidden 2 --lr 0.5 --momentum 0.9 --sweeps 5000
    python -m backprop paper symmetry --seed 1
    python -m backprop paper family-trees --seeds 5
    python -m backprop explain xor --case 1 --lr 0.5
    python -m backprop exercises new my_backprop.py
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import List, NoReturn, Optional, Sequence, TextIO, Tuple

from . import draw, experiments, tasks
from .exercises import cli as exercises
from .experiments.catalog import EXPERIMENTS, GROUPS, TASKS
from .history import History, is_right, largest_miss
from .network import Network
from .trace import explain
from .trainer import Trainer


class Parser(argparse.ArgumentParser):
    """argparse, with a bad argument reported in one line (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def canonical(name: str) -> str:
    return name.replace("-", "_")


def command_list(out: TextIO) -> int:
    out.write("tasks (backprop train TASK):\n")
    for name, entry in TASKS.items():
        task = entry.make_task()
        shape = entry.shape or "-".join(str(n) for n in [task.input_size, *entry.hidden, task.output_size])
        out.write(f"  {name.replace('_', '-'):14} {len(task.cases):3} cases, {shape:17} {task.description}\n")
    out.write("experiments (backprop paper EXPERIMENT):\n")
    for name, experiment in EXPERIMENTS.items():
        out.write(f"  {name.replace('_', '-'):14} {experiment.line}\n")
    for group, members in GROUPS.items():
        out.write(f"  {group:14} {' and '.join(m.replace('_', '-') for m in members)}\n")
    return 0


class ProgressLine:
    """A live progress line, rewritten in place on a terminal (ten times a second at most);
    elsewhere a plain line every ``every`` sweeps, or none when ``every`` is None."""

    interval = 0.1  # seconds between rewrites of the live line

    def __init__(self, out: TextIO, every: Optional[int], cases: Optional[int] = None,
                 history: Optional[History] = None) -> None:
        self.out, self.every, self.cases, self.history = out, every, cases, history
        self.live = out.isatty()
        self.started = self.shown = time.perf_counter()
        self.first: Optional[int] = None

    def line(self, sweep: int, E: float) -> str:
        if self.first is None:
            self.first = sweep - 1
        rate = (sweep - self.first) / max(time.perf_counter() - self.started, 1e-9)
        right = ""
        if self.history is not None and self.history.cases_right:
            right = f"  cases right {self.history.cases_right[-1]:3d}" + (f"/{self.cases}" if self.cases else "")
        return f"sweep {sweep:6d}  E = {E:10.5f}{right}  {rate:7.0f} sweeps/s"

    def __call__(self, sweep: int, E: float) -> bool:
        if self.live:
            now = time.perf_counter()
            if now - self.shown >= self.interval:
                self.shown = now
                self.out.write("\r" + self.line(sweep, E))
                self.out.flush()
        elif self.every and sweep % self.every == 0:
            self.out.write(self.line(sweep, E) + "\n")
        return False

    def follow(self, history: History) -> bool:
        """The experiments' form of the callback: it is handed the trainer's History."""
        self.history = history
        return self(history.sweeps, history.error)

    def finish(self) -> None:
        """End the live line with the last sweep's figures."""
        if self.live and self.history is not None and self.history.errors:
            self.out.write("\r" + self.line(self.history.sweeps, self.history.error) + "\n")


def case_table(network: Network, task: tasks.Task) -> List[str]:
    """Every case: inputs, targets, outputs and ✓ (every output on the right side of 0.5) or ✗."""
    rows = []
    for inputs, targets in task.cases:
        outputs = network.forward(inputs)
        mark = "✓" if is_right(largest_miss(outputs, targets)) else "✗"
        if isinstance(task, tasks.FamilyTrees):
            person = task.people[list(inputs[:24]).index(1.0)]
            relationship = task.relationships[list(inputs[24:]).index(1.0)]
            rows.append(f"{mark} {person}'s {relationship}: {', '.join(task.decode(outputs)) or 'nobody'}"
                        f"   (right: {', '.join(task.decode(targets))})")
        else:
            rows.append(f"{mark} {' '.join(f'{x:g}' for x in inputs)} → {' '.join(f'{d:g}' for d in targets)}"
                        f"   outputs {' '.join(f'{y:.3f}' for y in outputs)}")
    return rows


def write_pictures(folder: str, network: Network, history: History,
                   cases: Sequence[Tuple[Sequence[float], Sequence[float]]], out: TextIO) -> None:
    """--svg DIR: the network, E per sweep, the Hinton diagram of the first hidden layer (the
    person encoding, in Fig. 4's layout, for the family trees) and, for 2 inputs, the decision map."""
    os.makedirs(folder, exist_ok=True)
    pictures = {"network.svg": draw.network_svg(network), "error.svg": draw.error_curve_svg(history)}
    hidden = next(layer for layer in network.layers if not layer.is_input)
    if hidden.name == "person_code":
        labels = [f"{e} / {i}" for e, i in zip(tasks.ENGLISH, tasks.ITALIAN)]
        pictures["hinton.svg"] = draw.hinton_svg(
            hidden, rows=2, column_labels=labels, row_labels=["English", "Italian"],
            title="weights from person 1 into the person-code units (Fig. 4)")
    else:
        pictures["hinton.svg"] = draw.hinton_svg(hidden)
    if network.input_size == 2:
        pictures["decision.svg"] = draw.decision_svg(network, cases)
    if network.recurrent is not None:
        pictures["folded.svg"] = draw.folded_svg(network)
    for name, text in pictures.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as file:
            file.write(text)
    out.write(f"pictures written to {folder}: {', '.join(pictures)}\n")


def task_and_network(options: argparse.Namespace) -> Tuple[tasks.Task, Network]:
    """The task named on the command line, and the net to use: --load FILE, or a new one."""
    name = canonical(options.task)
    if name not in TASKS:
        raise ValueError(f"unknown task {options.task!r}; the tasks are "
                         f"{', '.join(n.replace('_', '-') for n in TASKS)}")
    entry = TASKS[name]
    task = entry.make_task()
    if getattr(options, "load", None):
        return task, Network.load(options.load)
    return task, entry.network(options.seed, options.weight_range, options.hidden)


def command_train(options: argparse.Namespace, out: TextIO) -> int:
    task, network = task_and_network(options)
    trainer = Trainer(network, learning_rate=options.lr, momentum=options.momentum, weight_decay=options.decay,
                      margin=options.margin, online=options.online)
    out.write(f"training {network!r} on {task.name} ({len(task.cases)} cases): ε = {options.lr:g}, "
              f"α = {options.momentum:g}, {'online' if options.online else 'batch'}\n")
    progress = ProgressLine(out, max(1, options.sweeps // 10), len(task.cases), trainer.history)
    interrupted = False
    try:
        trainer.train(task.cases, options.sweeps, target_error=options.target_error, callback=progress)
    except KeyboardInterrupt:
        interrupted = True
    progress.finish()
    history = trainer.history
    state = "stopped by Ctrl-C" if interrupted else ("target reached" if history.reached_target else "done")
    out.write(f"{state} after {history.sweeps} sweeps: E = {history.error:.6g}\n")
    rows = case_table(network, task)
    out.write("\n".join(rows) + "\n")
    out.write(f"{sum(row.startswith('✓') for row in rows)}/{len(rows)} cases right\n")
    if options.save:
        network.save(options.save)
        out.write(f"saved to {options.save}\n")
    if options.svg and history.sweeps:
        write_pictures(options.svg, network, history, task.cases, out)
    return 130 if interrupted else 0


def command_paper(options: argparse.Namespace, out: TextIO) -> int:
    name = canonical(options.experiment)
    if name in GROUPS:
        for part in GROUPS[name]:
            options.experiment = part
            command_paper(options, out)
        return 0
    if name not in EXPERIMENTS:
        raise ValueError(f"unknown experiment {options.experiment!r}; the experiments are "
                         f"{', '.join(n.replace('_', '-') for n in [*EXPERIMENTS, *GROUPS])}")
    extra = {"literal": True} if options.literal else {}
    if options.literal and name != "family_trees":
        raise ValueError("--literal applies to family-trees only (the other recipes are the paper's as written)")
    if options.seeds is not None:
        if options.seeds < 1:
            raise ValueError(f"--seeds must be at least 1, got {options.seeds}")
        study = experiments.study(name, seeds=options.seeds, first_seed=options.seed, **extra)
        for result in study.results:
            out.write(repr(result) + "\n")
        out.write(str(study) + "\n")
        return 0
    progress = ProgressLine(out, every=None)
    result = EXPERIMENTS[name].run(seed=options.seed, progress=progress.follow, **extra)
    progress.finish()
    out.write(result.report() + "\n")
    if options.svg:
        write_pictures(options.svg, result.network, result.history, result.cases, out)
    return 0


def command_explain(options: argparse.Namespace, out: TextIO) -> int:
    task, network = task_and_network(options)
    if not 0 <= options.case < len(task.cases):
        raise ValueError(f"--case must be from 0 to {len(task.cases) - 1} for {task.name}, got {options.case}")
    inputs, targets = task.cases[options.case]
    text = explain(network, inputs, targets, learning_rate=options.lr, unit=options.unit, markdown=options.markdown)
    out.write(f"{network!r}, case {options.case} of {task.name}\n{text}\n")
    return 0


def parser() -> Parser:
    top = Parser(prog="backprop", description="Rumelhart, Hinton & Williams (1986) back-propagation, step by step.")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    commands.required = True
    commands.add_parser("list", help="the tasks and the paper's experiments, one line each")
    train = commands.add_parser("train", help="train a net on a task and print every case")
    train.add_argument("task", help="xor, parity, encoder, symmetry, family-trees, remember or shift-register")
    train.add_argument("--hidden", type=int, nargs="*", metavar="N", help="hidden layer sizes (default: the task's)")
    train.add_argument("--lr", type=float, default=0.5, help="learning rate ε (default 0.5)")
    train.add_argument("--momentum", type=float, default=0.9, help="momentum α (default 0.9)")
    train.add_argument("--decay", type=float, default=0.0, help="weight decay per change (default 0)")
    train.add_argument("--margin", type=float, default=0.0, help="error margin (default 0)")
    train.add_argument("--sweeps", type=int, default=5000, help="at most this many sweeps (default 5000)")
    train.add_argument("--target-error", type=float, default=None, help="stop once E is at most this")
    train.add_argument("--seed", type=int, default=0, help="random seed of the initial weights (default 0)")
    train.add_argument("--weight-range", type=float, default=0.5, help="initial weights in ±this (default 0.5)")
    train.add_argument("--online", action="store_true", help="change the weights after every case")
    train.add_argument("--save", metavar="FILE", help="write the trained net to FILE (JSON)")
    train.add_argument("--svg", metavar="DIR", help="write pictures of the trained net to DIR")
    paper = commands.add_parser("paper", help="run one of the paper's experiments")
    paper.add_argument("experiment", help="symmetry, family-trees, xor, xor-skip, parity, encoder, remember, "
                                          "shift-register, or recurrent (both of the last two)")
    paper.add_argument("--seed", type=int, default=0, help="the seed (with --seeds: the first one)")
    paper.add_argument("--seeds", type=int, default=None, metavar="N", help="run N seeds and summarise")
    paper.add_argument("--literal", action="store_true", help="family-trees: the paper's recipe exactly as written")
    paper.add_argument("--svg", metavar="DIR", help="write pictures of the trained net to DIR (one seed)")
    narrate = commands.add_parser("explain", help="narrate one case equation by equation")
    narrate.add_argument("task", help="xor, parity, encoder, symmetry, family-trees, remember or shift-register")
    narrate.add_argument("--case", type=int, default=0, help="which case (default 0)")
    narrate.add_argument("--lr", type=float, default=None, help="also show the update (8) with this ε")
    narrate.add_argument("--unit", default=None, help="only this unit's lines, e.g. h1")
    narrate.add_argument("--markdown", action="store_true", help="a Markdown table instead of text")
    narrate.add_argument("--hidden", type=int, nargs="*", metavar="N", help="hidden layer sizes (default: the task's)")
    narrate.add_argument("--seed", type=int, default=0, help="random seed of the weights (default 0)")
    narrate.add_argument("--weight-range", type=float, default=0.5, help="initial weights in ±this (default 0.5)")
    narrate.add_argument("--load", metavar="FILE", help="explain a net saved by train --save instead")
    exercises.add_parser(commands)
    return top


def main(argv: Optional[Sequence[str]] = None, out: TextIO = sys.stdout) -> int:
    options = parser().parse_args(argv)
    try:
        if options.command == "list":
            return command_list(out)
        if options.command == "train":
            return command_train(options, out)
        if options.command == "explain":
            return command_explain(options, out)
        if options.command == "exercises":
            return exercises.run(options, out)
        return command_paper(options, out)
    except BrokenPipeError:  # the reader stopped reading (`| head`): nothing more to say
        sys.stdout = open(os.devnull, "w")  # so that the interpreter's final flush stays quiet
        return 0
    except (ValueError, TypeError, KeyError, OSError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        sys.stderr.write(f"backprop: error: {message}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("backprop: stopped by Ctrl-C\n")
        return 130


if __name__ == "__main__":
    sys.exit(main())
