"""``backprop paper NAME``: one of the paper's runs beside the paper's numbers, or a study of many seeds.

The experiment says what is special about it: its report, its words in the tables and pictures,
and any setting of its own on the command line (``--literal`` of the family trees).
"""

from __future__ import annotations

import argparse
import time
from typing import Any, Callable, Dict, List, TextIO

from ..experiments import CATALOG, GROUPS, TASKS, Study
from ..validate import check_size, describe, plural
from .commands import canonical, shown
from .outputs import Outputs, check_outputs, write_files
from .show import ProgressLine, study_header, study_note, study_row, write_page, write_pictures
from .stopping import Stop

# Every setting of its own an experiment takes on the command line: --literal, ... (a yes-or-no each).
OWN_FLAGS: Dict[str, str] = {flag: f"{shown(entry.name)}: {what}"
                             for entry in CATALOG.values() for flag, what in entry.flags.items()}


def add_paper(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("experiment", help=", ".join(shown(n) for n in [*CATALOG, *GROUPS]))
    parser.add_argument("--seed", type=int, default=0, help="the seed (with --seeds: the first one)")
    parser.add_argument("--seeds", type=int, default=None, metavar="N", help="run N seeds and summarise")
    for flag, what in OWN_FLAGS.items():
        parser.add_argument(f"--{flag.replace('_', '-')}", dest=flag, action="store_true", help=what)
    parser.add_argument("--sweeps", type=int, default=None, help="at most this many sweeps (default: the recipe's)")
    parser.add_argument("--svg", metavar="DIR", help="write pictures of the trained net to DIR (one seed)")
    parser.add_argument("--html", metavar="FILE", help="record every weight once a sweep and write FILE, a web page "
                                                        "that replays the run sweep by sweep (one seed)")


def paper(options: argparse.Namespace, out: TextIO) -> int:
    """``backprop paper NAME``: the run (or ``--seeds N`` of them), its report, its pictures and page."""
    name = canonical(options.experiment)
    if options.html and (name in GROUPS or options.seeds is not None):
        raise ValueError(f"--html replays one run: give one experiment and no --seeds (not "
                         f"{options.experiment if name in GROUPS else f'--seeds {options.seeds}'})")
    if name in GROUPS:
        for part in GROUPS[name]:
            options.experiment = part
            status = paper(options, out)
            if status != 0:  # stopped by a signal, or a file not written: the rest waits
                return status
        return 0
    if name not in CATALOG:
        raise ValueError(f"unknown experiment {describe(options.experiment).rsplit(' (', 1)[0]}; the experiments "
                         f"are {', '.join(shown(n) for n in [*CATALOG, *GROUPS])}")
    entry = CATALOG[name]
    extra: Dict[str, Any] = {}
    for flag in OWN_FLAGS:
        if getattr(options, flag):
            if flag not in entry.flags:
                others = ", ".join(shown(e.name) for e in CATALOG.values() if flag in e.flags)
                raise ValueError(f"--{flag.replace('_', '-')} applies to {others} only (the other recipes are the "
                                 f"paper's as written)")
            extra[flag] = True
    if options.sweeps is not None:
        extra["sweeps"] = check_size(options.sweeps, "--sweeps")
    outputs = Outputs(None, options.svg, options.html, None)
    check_outputs(outputs, {})
    with Stop() as signals:
        if options.seeds is not None:
            return paper_study(name, check_size(options.seeds, "--seeds"), options.seed, extra, signals, out)
        progress = ProgressLine(out)
        try:
            signals.training = True
            result = entry.run(seed=options.seed, progress=progress.follow, recording=bool(options.html), **extra)
        except KeyboardInterrupt:
            return stopped(name, progress, signals, out)
        finally:
            signals.training = False
        progress.finish()
        writers: List[Callable[[], str]] = []
        if options.svg:
            writers.append(lambda: write_pictures(options.svg, result.network, result.history, result.cases,
                                                  title=f"{shown(name)}, seed {options.seed}, {result.sweeps} sweeps",
                                                  view=entry.view))
        if result.recording is not None:
            writers.append(lambda: write_page(options.html, *result.replay_page(
                f"{shown(name)}, seed {options.seed}, {plural(result.sweeps, 'sweep')}")))
        written = write_files(outputs, False, lambda *place: None, writers)
        out.write(result.report() + "\n")
        out.write("".join(line + "\n" for line in written.lines))
        out.write("".join(f"not written: {failure}\n" for failure in written.failed))
        return 1 if written.failed else 0


def stopped(name: str, progress: ProgressLine, signals: Stop, out: TextIO) -> int:
    """What ``paper`` says when a signal stops it: it keeps no checkpoint, and how to have one."""
    progress.finish()  # the live line ends before the message
    sweeps = progress.history.sweeps if progress.history is not None else 0
    resumable = (f", and `python -m backprop train {shown(name)}` trains its task as a run that Ctrl-C keeps"
                 if name in TASKS else "")
    out.write(f"{signals.said if signals.stopped else 'stopped by Ctrl-C'} after {plural(sweeps, 'sweep')}. "
              f"`paper` keeps no checkpoint: the same --seed runs the same numbers again{resumable}\n")
    return signals.status if signals.stopped else 130


def paper_study(name: str, seeds: int, first_seed: int, settings: Dict[str, Any], signals: Stop,
                out: TextIO) -> int:
    """``paper NAME --seeds N``: a row for each seed as soon as it is done, then the summary."""
    started, results = time.perf_counter(), []
    for seed in range(first_seed, first_seed + seeds):
        progress = ProgressLine(out, label=f"seed {seed}: ")
        try:
            signals.training = True
            results.append(CATALOG[name].run(seed=seed, progress=progress.follow, **settings))
        except KeyboardInterrupt:
            return stopped(name, progress, signals, out)
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
