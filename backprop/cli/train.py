"""``backprop train TASK`` and ``backprop resume FILE``: a run step, then a report step.

The run step trains a Trainer with the one phase runner the experiments use (``experiments.follow``),
under ``Stop`` (Ctrl-C, SIGTERM and SIGHUP stop it and keep it), then writes its files: the
checkpoint first when it was stopped, then ``--save``, ``--svg``, ``--html``. The report step
prints what the run did, every case, and advice when it did not learn. ``resume`` reads a
checkpoint and runs the same two steps.
"""

from __future__ import annotations

import argparse
import os
from typing import Any, Callable, Dict, List, NamedTuple, Optional, TextIO

from .. import checkpoint as checkpoints
from .. import files
from ..draw.replay import check_page_room, frames_for_page, phase_schedule
from ..experiments import TASKS, Experiment, Phase, Plan, follow
from ..network import Network
from ..recording import Recording
from ..tasks import Task
from ..trainer import Trainer
from ..validate import check_at_least_0, check_setting, check_size, describe, plural
from .commands import find_task, shown, weight_range_option
from .outputs import FLAGS, Outputs, Written, check_outputs, outputs_from_data, write_files
from .show import ProgressLine, case_table, stuck, write_pictures, write_replay
from .stopping import Stop


class Run(NamedTuple):
    """A run on the command line: its task (and the experiment that owns it), how it is trained, and
    where it writes. ``plan`` and ``outputs`` are what its checkpoint keeps, to be resumed."""

    entry: Experiment
    task: Task
    trainer: Trainer
    plan: Plan
    outputs: Outputs
    recording: Optional[Recording]

    def data(self, recorded: bool) -> Dict[str, Any]:
        """What a checkpoint keeps of the run (``recorded``: and the sweeps recorded for its page)."""
        plan = self.plan
        data: Dict[str, Any] = {"task": self.entry.name, "sweeps": plan.sweeps, "target_error": plan.target_error,
                                "phases": [list(phase) for phase in plan.phases], "stop_within": plan.stop_within,
                                "outputs": self.outputs.data()}
        if recorded and self.recording is not None:
            data["recording"] = self.recording.data()
        return data


# ---- the arguments --------------------------------------------------------------------------------

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
    parser.add_argument("--lang", metavar="LANG", help="the language of the advice when a run does not learn: en or ko "
                                                       "(default: the locale's, else en)")


def add_resume(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a checkpoint written when a run was stopped")
    parser.add_argument("--sweeps", type=int, default=None,
                        help="the run's total number of sweeps (default: what the stopped run asked for)")
    add_outputs(parser)


def checkpoint_flag(options: argparse.Namespace, resumed: bool = False) -> Dict[str, str]:
    """How a refusal names the checkpoint's place: the flag that gave it, or what it is."""
    if options.checkpoint:
        return {"checkpoint": "--checkpoint"}
    return {"checkpoint": "the checkpoint resumed," if resumed else "the checkpoint that Ctrl-C writes,"}


# ---- train ------------------------------------------------------------------------------------------

def train(options: argparse.Namespace, out: TextIO) -> int:
    """``backprop train TASK``: every argument checked, then the run step and the report step."""
    name, task = find_task(options.task)
    entry = TASKS[name]
    recipe = entry.defaults()

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
    network = entry.network(options.seed, weight_range, options.hidden)
    if options.html:
        check_page_room(network)  # a net too big for a page of 2 MB is refused now, not after training
    trainer = Trainer(network, learning_rate=phases[0].learning_rate, momentum=phases[0].momentum, weight_decay=decay,
                      margin=margin, online=online)
    plan = Plan(phases, sweeps, within, target)
    recording = page_recording(network, task) if options.html else None
    run = Run(entry, task, trainer, plan, outputs, recording)
    steps = ", then ".join(f"ε = {lr:g}, α = {momentum:g}" + (f" for {length} sweeps" if length else "")
                           for length, lr, momentum in phases)
    extra = (f", weight decay {decay:g}" if decay else "") + (f", margin {margin:g}" if margin else "")
    stop = f", or until every output is within {within:g} of its target" if within else ""
    start = "weights set by hand" if entry.by_hand else f"seed {options.seed}, weights U(±{weight_range:g})"
    with Stop() as signals:  # from here on, Ctrl-C, SIGTERM and SIGHUP stop the run and keep it
        out.write(f"training {network!r} on {task.name} ({plural(len(task.cases), 'case')}{entry.note}), "
                  f"{start}: {steps}{extra}, {'online' if online else 'batch'}; {plural(sweeps, 'sweep')}{stop}\n")
        out.flush()
        status, ending, written = keep_going(run, signals, out)
        return report(run, status, ending, written, out)


# ---- resume -----------------------------------------------------------------------------------------

def resume(options: argparse.Namespace, out: TextIO) -> int:
    """``backprop resume FILE``: the checkpoint read and checked, then the same two steps as ``train``."""
    if not os.path.isfile(options.file):
        raise ValueError(f"there is no checkpoint {options.file} (Ctrl-C in `train` writes one, and says where)")
    trainer, data = files.read(options.file,
                               lambda data: checkpoints.trainer_from_data(data, Trainer, Network.from_layers))
    name, plan, kept, recording = run_from_data(data, options.file, trainer)
    name, task = find_task(name)
    try:
        checkpoints.check_history(trainer, len(task.cases))
    except ValueError as error:
        raise ValueError(f"{options.file}: {error} of {task.name}") from None
    if options.sweeps is not None:
        plan = plan._replace(sweeps=check_size(options.sweeps, "--sweeps"))
    for flag in FLAGS:  # what the stopped run was asked to write; a flag given now replaces its own
        if getattr(options, flag) is not None:
            kept[flag] = getattr(options, flag)
    outputs = Outputs(kept["save"], kept["svg"], kept["html"], options.checkpoint or options.file,
                      resumed=options.file)
    check_outputs(outputs, checkpoint_flag(options, resumed=True))
    if outputs.html:
        check_page_room(trainer.network)
        if recording is None:
            recording = page_recording(trainer.network, task)
    run = Run(TASKS[name], task, trainer, plan, outputs, recording if outputs.html else None)
    history = trainer.history
    writes = [f"--{flag} {path}" for flag, path in zip(FLAGS, outputs) if path is not None]
    with Stop() as signals:
        so_far = f"after {plural(history.sweeps, 'sweep')} (E = {history.error:.6g})" if history.sweeps else \
            "before its first sweep"
        out.write(f"resuming {trainer.network!r} on {task.name} {so_far}, up to {plan.sweeps} sweeps" +
                  (f"; then it writes {', '.join(writes)}" if writes else "") + "\n")
        out.flush()
        status, ending, written = keep_going(run, signals, out)
        return report(run, status, ending, written, out)


def run_from_data(run: Dict[str, Any], path: str,
                  trainer: Trainer) -> "tuple[str, Plan, Dict[str, Optional[str]], Optional[Recording]]":
    """A checkpoint's ``"run"``, as ``train`` wrote it, checked entry by entry: the task's name, the
    plan, the outputs and the recording so far. Anything else is refused naming the file and the entry."""
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
            raise ValueError(f"{where} recording: {error}") from None
    plan = Plan(checked, sweeps, within, target)
    return run["task"], plan, outputs_from_data(run.get("outputs"), where), recording


# ---- the run step and the report step ------------------------------------------------------------------

def keep_going(run: Run, signals: Stop, out: TextIO) -> "tuple[int, str, Written]":
    """The run step: train up to the plan's sweeps, then write the run's files (the checkpoint first
    when a signal stopped it). A signal stops the training, never the writing. Returns the exit
    status so far, how the training ended, and what was written."""
    trainer, history = run.trainer, run.trainer.history
    progress = ProgressLine(out, len(run.task.cases), history)
    status, ending = 0, ""
    try:
        signals.training = not signals.stopped  # a signal that came before training began stops it at once
        if signals.stopped:
            raise KeyboardInterrupt
        ending = follow(run.plan, trainer, run.task.cases, progress.follow, run.recording).why
    except KeyboardInterrupt:
        status, ending = (signals.status, signals.said) if signals.stopped else (130, "stopped by Ctrl-C")
    except FloatingPointError as error:  # the sweep that failed was taken back: the net is as it was before it
        progress.finish()
        out.write(f"refused: {error}\n")
        status, ending = 1, "stopped"
    finally:
        signals.training = False
    progress.finish()
    return status, ending, write_files(run.outputs, status > 128, lambda path, new, whole:
                                       keep(run, path, new, whole), writers(run))


def writers(run: Run) -> List[Callable[[], str]]:
    """The writers of a run's outputs, each returning the line that says what it wrote."""
    trainer, history, outputs = run.trainer, run.trainer.history, run.outputs
    found: List[Callable[[], str]] = []
    if outputs.save:
        found.append(lambda: f"saved to {saved(trainer.network, str(outputs.save))}")
    if outputs.svg and history.sweeps:
        found.append(lambda: write_pictures(str(outputs.svg), trainer.network, history, run.task.cases,
                                            title=f"{shown(run.entry.name)}, {history.sweeps} sweeps",
                                            view=run.entry.view))
    recording = run.recording
    if recording is not None and recording.sweeps:
        found.append(lambda: write_replay(str(outputs.html), recording, run.task.cases, history,
                                          f"{shown(run.entry.name)}, {plural(history.sweeps, 'sweep')}",
                                          margin=trainer.margin, online=trainer.online, view=run.entry.view,
                                          schedule=phase_schedule(run.plan.phases, trainer.weight_decay),
                                          tied=trainer.tied))
    return found


def report(run: Run, status: int, ending: str, written: Written, out: TextIO) -> int:
    """The report step: how the training ended, every case, advice when it did not learn, and what
    was written where. Returns the exit status (1 when a file could not be written)."""
    trainer, history = run.trainer, run.trainer.history
    out.write(f"{ending} after {plural(history.sweeps, 'sweep')}: E = {history.error:.6g}\n")
    rows = case_table(trainer.network, run.task, run.entry.view)
    out.write("\n".join(rows) + "\n")
    out.write(f"{sum(row.startswith('✓') for row in rows)}/{len(rows)} cases right\n")
    if status == 0:
        advice = stuck(trainer.network, run.task, trainer, run.entry.name)
        if advice:
            out.write("\n".join(advice) + "\n")
    out.write("".join(line + "\n" for line in written.lines))
    out.write("".join(f"not written: {failure}\n" for failure in written.failed))
    return status or (1 if written.failed else 0)


def page_recording(network: Network, task: Task) -> Recording:
    """What --html records: E and every weight once a sweep, every sweep while a page can hold them all."""
    return Recording(network, ["E"], weights=True, max_frames=frames_for_page(network, task.cases))


def saved(network: Network, path: str) -> str:
    """Write the net to ``path`` (``--save``); return the path as given."""
    network.save(path)
    return path


def keep(run: Run, path: str, new: bool, whole: bool) -> None:
    """Write the run's checkpoint: the trainer, its net and history, and the run (task, plan, outputs;
    ``whole``: and for --html what has been recorded so far, so that the page of a resumed run replays
    it all). With a recording, it is written without spaces: it can be large."""
    data = run.data(recorded=whole)
    files.write(path, checkpoints.trainer_data(run.trainer, data), new, compact="recording" in data)
