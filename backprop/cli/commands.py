"""The commands: list, train, resume, paper, explain; each checks its arguments before it prints anything."""

from __future__ import annotations

import argparse
import os
import time
from typing import Any, Callable, Dict, List, Optional, TextIO, Tuple

from .. import checkpoint as checkpoints
from .. import io, tasks
from ..checks import check_at_least_0, check_setting, check_size, check_weight_range, describe, plural
from ..draw.replay import check_page_room
from ..experiments.catalog import EXPERIMENTS, GROUPS, TASKS
from ..experiments.recipes import Phase, Study
from ..network import Network
from ..recording import Recording
from ..trace import explain as narrate
from ..trainer import Trainer
from .outputs import FLAGS, Outputs, check_outputs, outputs_from_data, write_files
from .show import ProgressLine, case_table, stuck, study_header, study_note, study_row, write_pictures, write_replay
from .stopping import Stop


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
    for name, experiment in EXPERIMENTS.items():
        out.write(f"  {shown(name):18} {experiment.line}\n")
    for group, members in GROUPS.items():
        names = [shown(member) for member in members]
        out.write(f"  {group:18} {', '.join(names[:-1])} and {names[-1]}\n")
    return 0


# ---- train and resume ---------------------------------------------------------------------------

def add_train(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("task", help=", ".join(shown(n) for n in TASKS))
    parser.add_argument("--hidden", type=int, nargs="+", metavar="N", help="hidden layer sizes (default: the task's)")
    parser.add_argument("--lr", type=float, help="learning rate ε (default: the task's recipe, printed as it starts)")
    parser.add_argument("--momentum", type=float, help="momentum α (default: the task's recipe)")
    parser.add_argument("--decay", type=float, help="weight decay per change (default: the task's recipe)")
    parser.add_argument("--margin", type=float, help="error margin (default: the task's recipe)")
    parser.add_argument("--sweeps", type=int, help="at most this many sweeps (default: the task's recipe)")
    parser.add_argument("--target-error", type=float, default=None, help="stop once E is at most this")
    parser.add_argument("--stop-within", type=float, default=None, metavar="D",
                        help="stop once every output is within D of its target (default: the recipe's, 0.2 for "
                             "most; 0: never)")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the initial weights (default 0)")
    parser.add_argument("--weight-range", type=float, help="initial weights in ±this (default: the task's recipe)")
    parser.add_argument("--online", action="store_true", default=None, help="change the weights after every case")
    add_outputs(parser)


def add_outputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--save", metavar="FILE", help="write the trained net to FILE (JSON)")
    parser.add_argument("--svg", metavar="DIR", help="write pictures of the trained net to DIR")
    parser.add_argument("--html", metavar="FILE", help="record every weight once a sweep and write FILE, a web page "
                                                        "that replays the run sweep by sweep")
    parser.add_argument("--checkpoint", metavar="FILE",
                        help="where Ctrl-C writes the run to resume it (default TASK.checkpoint.json)")


def add_resume(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a checkpoint written when a run was stopped")
    parser.add_argument("--sweeps", type=int, default=None,
                        help="the run's total number of sweeps (default: what the stopped run asked for)")
    add_outputs(parser)


def train(options: argparse.Namespace, out: TextIO) -> int:
    name, task = find_task(options.task)
    recipe = TASKS[name].defaults()

    def given(value: Any, default: Any) -> Any:
        return default if value is None else value

    for size in options.hidden or []:
        check_size(size, "--hidden")
    phases = list(recipe.phases)  # Phase(sweeps, learning_rate, momentum); the last runs to the end
    if options.lr is not None or options.momentum is not None:  # one phase, the recipe's last as the rest
        last = phases[-1]
        phases = [Phase(0, given(options.lr, last.learning_rate), given(options.momentum, last.momentum))]
    phases = [Phase(phase.sweeps, check_setting(phase.learning_rate, "--lr", 0.0),
                    check_setting(phase.momentum, "--momentum", 0.0, 1.0)) for phase in phases]
    decay = check_setting(given(options.decay, recipe.weight_decay), "--decay", 0.0, 1.0)
    margin = check_setting(given(options.margin, recipe.margin), "--margin", 0.0, 0.5)
    sweeps = check_size(given(options.sweeps, recipe.sweeps), "--sweeps")
    target = None if options.target_error is None else check_at_least_0(options.target_error, "--target-error")
    weight_range = weight_range_option(given(options.weight_range, recipe.weight_range))
    online = bool(given(options.online, recipe.online))
    within = options.stop_within if options.stop_within is not None else recipe.stop_within
    within = None if not within else check_setting(within, "--stop-within", 0.0, 0.5)
    outputs = Outputs(options.save, options.svg, options.html,
                      options.checkpoint or f"{shown(name)}.checkpoint.json")
    check_outputs(outputs, checkpoint_flag(options))
    network = TASKS[name].network(options.seed, weight_range, options.hidden)
    if options.html:
        check_page_room(network)  # a net too big for a page of 2 MB is refused now, not after training
    trainer = Trainer(network, learning_rate=phases[0].learning_rate, momentum=phases[0].momentum, weight_decay=decay,
                      margin=margin, online=online)
    run = {"task": name, "sweeps": sweeps, "target_error": target, "phases": phases, "stop_within": within,
           "outputs": outputs.data()}
    steps = ", then ".join(f"ε = {lr:g}, α = {momentum:g}" + (f" for {length} sweeps" if length else "")
                           for length, lr, momentum in phases)
    extra = (f", weight decay {decay:g}" if decay else "") + (f", margin {margin:g}" if margin else "")
    stop = f", or until every output is within {within:g} of its target" if within else ""
    start = "weights set by hand" if TASKS[name].by_hand else f"seed {options.seed}, weights U(±{weight_range:g})"
    with Stop() as signals:  # from here on, Ctrl-C, SIGTERM and SIGHUP stop the run and keep it
        out.write(f"training {network!r} on {task.name} ({plural(len(task.cases), 'case')}{TASKS[name].note}), "
                  f"{start}: {steps}{extra}, {'online' if online else 'batch'}; {plural(sweeps, 'sweep')}{stop}\n")
        out.flush()
        return go_on(trainer, task, run, outputs, signals, out)


def checkpoint_flag(options: argparse.Namespace) -> Dict[str, str]:
    """How a refusal names the checkpoint's place: the flag that gave it, or what it is."""
    return {"checkpoint": "--checkpoint" if options.checkpoint else "the checkpoint that Ctrl-C writes,"}


def resume(options: argparse.Namespace, out: TextIO) -> int:
    if not os.path.isfile(options.file):
        raise ValueError(f"there is no checkpoint {options.file} (Ctrl-C in `train` writes one, and says where)")
    trainer, data = io.read(options.file,
                            lambda data: checkpoints.trainer_from_data(data, Trainer, Network.from_layers))
    run = run_from_data(data, options.file, trainer)
    name, task = find_task(run["task"])
    try:
        checkpoints.check_history(trainer, len(task.cases))
    except ValueError as error:
        raise ValueError(f"{options.file}: {error} of {task.name}") from None
    if options.sweeps is not None:
        run["sweeps"] = check_size(options.sweeps, "--sweeps")
    kept = run["outputs"]  # what the stopped run was asked to write; a flag given now replaces its own
    for flag in FLAGS:
        if getattr(options, flag) is not None:
            kept[flag] = getattr(options, flag)
    run["outputs"] = kept
    outputs = Outputs(kept["save"], kept["svg"], kept["html"], options.checkpoint or options.file,
                      resumed=options.file)
    if outputs.html:
        check_page_room(trainer.network)
    check_outputs(outputs, checkpoint_flag(options) if options.checkpoint else
                  {"checkpoint": "the checkpoint resumed,"})
    history = trainer.history
    writes = [f"{flag} {path}" for flag, path in zip(("--save", "--svg", "--html"), outputs) if path is not None]
    with Stop() as signals:
        so_far = f"after {plural(history.sweeps, 'sweep')} (E = {history.error:.6g})" if history.sweeps else \
            "before its first sweep"
        out.write(f"resuming {trainer.network!r} on {task.name} {so_far}, up to {run['sweeps']} sweeps" +
                  (f"; then it writes {', '.join(writes)}" if writes else "") + "\n")
        out.flush()
        return go_on(trainer, task, run, outputs, signals, out)


def run_from_data(run: Dict[str, Any], path: str, trainer: Trainer) -> Dict[str, Any]:
    """A checkpoint's ``"run"``, as ``train`` wrote it, checked entry by entry; anything else is refused
    naming the file and the entry."""
    where = f'{path}: "run"'
    if not isinstance(run.get("task"), str) or run["task"] not in TASKS:
        raise ValueError(f"{path}: the checkpoint does not say which task it was trained on ({where} task: "
                         f"{describe(run.get('task'))})")
    sweeps = run.get("sweeps")
    if type(sweeps) is not int or sweeps < 1:
        raise ValueError(f"{where} sweeps must be a whole number of at least 1, got {describe(sweeps)}")
    target = run.get("target_error")
    if target is not None and (type(target) not in (int, float) or not 0 <= target < float("inf")):
        raise ValueError(f"{where} target_error must be null or a number of at least 0, got {describe(target)}")
    within = run.get("stop_within")
    if within is not None and (type(within) not in (int, float) or not 0 < within < 0.5):
        raise ValueError(f"{where} stop_within must be null or a number between 0 and 0.5, got {describe(within)}")
    phases = run.get("phases", [[0, trainer.learning_rate, trainer.momentum]])
    if not isinstance(phases, list) or not phases:
        raise ValueError(f"{where} phases must be a list of [sweeps, ε, α], at least one, got {describe(phases)}")
    checked: List[Phase] = []
    for number, phase in enumerate(phases):
        if not (isinstance(phase, list) and len(phase) == 3 and type(phase[0]) is int and phase[0] >= 0
                and all(type(value) in (int, float) for value in phase[1:])):
            raise ValueError(f"{where} phase {number} must be [sweeps, ε, α] (a whole number and two numbers), got "
                             f"{describe(phase)}")
        checked.append(Phase(phase[0], check_setting(phase[1], f"{where} phase {number} ε", 0.0),
                             check_setting(phase[2], f"{where} phase {number} α", 0.0, 1.0)))
    recording = None
    if run.get("recording") is not None:
        try:
            recording = Recording.from_data(run["recording"], trainer.network)
        except (ValueError, TypeError) as error:
            raise ValueError(f'{where} recording: {error}') from None
    return {"task": run["task"], "sweeps": sweeps, "target_error": target, "phases": checked, "stop_within": within,
            "outputs": outputs_from_data(run.get("outputs"), where), "recording": recording}


def go_on(trainer: Trainer, task: tasks.Task, run: Dict[str, Any], outputs: Outputs, signals: Stop,
          out: TextIO) -> int:
    """Train phase by phase up to the run's sweeps; write its files (the checkpoint first, when it was
    stopped); then report. A signal stops the training, never the writing (``Stop``)."""
    history = trainer.history
    progress = ProgressLine(out, len(task.cases), history)
    status, ending = 0, ""
    within = run.get("stop_within")
    recording = run.pop("recording", None)  # what a resumed run had recorded, or None
    if outputs.html and recording is None:
        recording = Recording(trainer.network, ["E"], weights=True)

    def close() -> bool:  # the recipe's stop: every output of every case this close to its target
        return within is not None and bool(history.errors) and history.largest_misses[-1] <= within

    def watch(sweep: int, E: float) -> bool:
        progress(sweep, E)
        return close()

    try:
        signals.training = not signals.stopped  # a signal that came before training began stops it at once
        if signals.stopped:
            raise KeyboardInterrupt
        run_phases(trainer, task, run, watch, close, recording)
        ending = ("target reached" if history.reached_target else
                  f"every output within {within:g} of its target" if close() else "done")
    except KeyboardInterrupt:
        status, ending = (signals.status, signals.said) if signals.stopped else (130, "stopped by Ctrl-C")
    except FloatingPointError as error:  # the sweep that failed was taken back: the net is as it was before it
        progress.finish()
        out.write(f"refused: {error}\n")
        status, ending = 1, "stopped"
    finally:
        signals.training = False
    progress.finish()
    title = f"{shown(run['task'])}, {plural(history.sweeps, 'sweep')}"
    files = []
    if outputs.save:
        files.append(lambda: f"saved to {save(trainer.network, str(outputs.save))}")
    if outputs.svg and history.sweeps:
        files.append(lambda: write_pictures(str(outputs.svg), trainer.network, history, task.cases,
                                            title=f"{shown(run['task'])}, {history.sweeps} sweeps"))
    if recording is not None and recording.sweeps:
        files.append(lambda: write_replay(str(outputs.html), recording, task.cases, history, title,
                                          margin=trainer.margin, online=trainer.online))
    written = write_files(outputs, status > 128,
                          lambda path, new, whole: checkpoint(trainer, run, recording, path, new, whole), files)
    out.write(f"{ending} after {plural(history.sweeps, 'sweep')}: E = {history.error:.6g}\n")
    rows = case_table(trainer.network, task)
    out.write("\n".join(rows) + "\n")
    out.write(f"{sum(row.startswith('✓') for row in rows)}/{len(rows)} cases right\n")
    if status == 0:
        advice = stuck(trainer.network, task, trainer, run["task"])
        if advice:
            out.write("\n".join(advice) + "\n")
    out.write("".join(line + "\n" for line in written.lines))
    out.write("".join(f"not written: {failure}\n" for failure in written.failed))
    return status or (1 if written.failed else 0)


def run_phases(trainer: Trainer, task: tasks.Task, run: Dict[str, Any], watch: Callable[[int, float], bool],
               close: Callable[[], bool], recording: Optional[Recording]) -> None:
    """Train up to the run's sweeps, phase by phase (each its ε and α); stop once the target is reached
    or ``close()`` says every output is close enough."""
    history, end = trainer.history, 0
    for number, (length, learning_rate, momentum) in enumerate(run["phases"]):
        end = run["sweeps"] if number == len(run["phases"]) - 1 else min(end + length, run["sweeps"])
        if history.sweeps < end:
            trainer.learning_rate, trainer.momentum = learning_rate, momentum
            trainer.train(task.cases, end - history.sweeps, target_error=run["target_error"], callback=watch,
                          record=recording)
            if history.reached_target or close():
                break


def save(network: Network, path: str) -> str:
    """Write the net to ``path`` (``--save``); return the path as given."""
    io.write(path, io.network_data(network))
    return path


def checkpoint(trainer: Trainer, run: Dict[str, Any], recording: Optional[Recording], path: str, new: bool,
               whole: bool) -> None:
    """Write the run's checkpoint: the trainer, its net and history, and the run (task, sweeps, outputs;
    ``whole``: and for --html what has been recorded so far, so that the page of a resumed run replays it all)."""
    kept = dict(run, recording=recording.data()) if recording is not None and whole else run
    io.write(path, checkpoints.trainer_data(trainer, kept), new, compact=kept is not run)  # with a recording: no spaces


# ---- paper ------------------------------------------------------------------------------------------

def add_paper(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("experiment", help=", ".join(shown(n) for n in [*EXPERIMENTS, *GROUPS]))
    parser.add_argument("--seed", type=int, default=0, help="the seed (with --seeds: the first one)")
    parser.add_argument("--seeds", type=int, default=None, metavar="N", help="run N seeds and summarise")
    parser.add_argument("--literal", action="store_true", help="family-trees: the paper's recipe exactly as written")
    parser.add_argument("--sweeps", type=int, default=None, help="at most this many sweeps (default: the recipe's)")
    parser.add_argument("--svg", metavar="DIR", help="write pictures of the trained net to DIR (one seed)")
    parser.add_argument("--html", metavar="FILE", help="record every weight once a sweep and write FILE, a web page "
                                                        "that replays the run sweep by sweep (one seed)")


def paper(options: argparse.Namespace, out: TextIO) -> int:
    name = canonical(options.experiment)
    if options.html and (name in GROUPS or options.seeds is not None):
        raise ValueError(f"--html replays one run: give one experiment and no --seeds (not "
                         f"{options.experiment if name in GROUPS else f'--seeds {options.seeds}'})")
    if name in GROUPS:
        for part in GROUPS[name]:
            options.experiment = part
            paper(options, out)
        return 0
    if name not in EXPERIMENTS:
        raise ValueError(f"unknown experiment {describe(options.experiment).rsplit(' (', 1)[0]}; the experiments "
                         f"are {', '.join(shown(n) for n in [*EXPERIMENTS, *GROUPS])}")
    extra: Dict[str, Any] = {"literal": True} if options.literal else {}
    if options.sweeps is not None:
        extra["sweeps"] = check_size(options.sweeps, "--sweeps")
    if options.literal and name != "family_trees":
        raise ValueError("--literal applies to family-trees only (the other recipes are the paper's as written)")
    check_outputs(Outputs(None, options.svg, options.html, None), {})
    with Stop() as signals:
        if options.seeds is not None:
            return paper_study(name, check_size(options.seeds, "--seeds"), options.seed, extra, signals, out)
        progress = ProgressLine(out)
        try:
            signals.training = True
            result = EXPERIMENTS[name].run(seed=options.seed, progress=progress.follow, record=bool(options.html),
                                           **extra)
        except KeyboardInterrupt:
            return stopped_paper(name, progress, signals, out)
        finally:
            signals.training = False
        progress.finish()
        files = []
        if options.svg:
            files.append(lambda: write_pictures(options.svg, result.network, result.history, result.cases,
                                                title=f"{shown(name)}, seed {options.seed}, {result.sweeps} sweeps"))
        recording = result.recording
        if recording is not None:
            files.append(lambda: write_replay(
                options.html, recording, result.cases, result.history,
                f"{shown(name)}, seed {options.seed}, {plural(result.sweeps, 'sweep')}",
                held_out=result.recipe.test_cases, margin=result.recipe.margin, online=result.recipe.online))
        written = write_files(Outputs(None, options.svg, options.html, None), False, lambda *place: None, files)
        out.write(result.report() + "\n")
        out.write("".join(line + "\n" for line in written.lines))
        out.write("".join(f"not written: {failure}\n" for failure in written.failed))
        return 1 if written.failed else 0


def stopped_paper(name: str, progress: ProgressLine, signals: Stop, out: TextIO) -> int:
    """What ``paper`` says when a signal stops it: it keeps no checkpoint, and how to have one."""
    progress.finish()  # the live line ends before the message
    sweeps = progress.history.sweeps if progress.history is not None else 0
    out.write(f"{signals.said if signals.stopped else 'stopped by Ctrl-C'} after {plural(sweeps, 'sweep')}. "
              f"`paper` keeps no checkpoint: the same --seed runs the same numbers again, and "
              f"`python -m backprop train {shown(name)}` trains the same recipe as a run that Ctrl-C keeps\n")
    return signals.status if signals.stopped else 130


def paper_study(name: str, seeds: int, first_seed: int, settings: Dict[str, Any], signals: Stop,
                out: TextIO) -> int:
    """``paper NAME --seeds N``: a row for each seed as soon as it is done, then the summary."""
    started, results = time.perf_counter(), []
    for seed in range(first_seed, first_seed + seeds):
        progress = ProgressLine(out, label=f"seed {seed}: ")
        try:
            signals.training = True
            results.append(EXPERIMENTS[name].run(seed=seed, progress=progress.follow, **settings))
        except KeyboardInterrupt:
            return stopped_paper(name, progress, signals, out)
        finally:
            signals.training = False
        progress.clear()
        held_out = bool(results[0].test_total)
        if len(results) == 1:
            out.write(study_header(held_out) + "\n")
        out.write(study_row(results[-1], held_out) + "\n")
        out.flush()
    out.write(f"{study_note(results[0].recipe)}\n{Study(name, results, time.perf_counter() - started)}\n")
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
                             f"{plural(network.output_size, 'output')}; {task.name} needs {task.input_size} and "
                             f"{task.output_size}")
    else:
        network = TASKS[name].network(options.seed, weight_range_option(options.weight_range), options.hidden)
    inputs, targets = task.cases[options.case]
    text = narrate(network, inputs, targets, learning_rate=learning_rate, unit=options.unit,
                   markdown=options.markdown)
    out.write(f"{network!r}, case {options.case} of {task.name}\n{text}\n")
    return 0
