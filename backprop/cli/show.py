"""What the command line prints and draws: the progress line, the table of cases, the pictures."""

from __future__ import annotations

import os
import time
from typing import List, Optional, Sequence, TextIO, Tuple

from .. import draw, files, tasks
from ..draw.labels import View
from ..draw.replay import replay_page
from ..exercises.language import _, n_
from ..experiments import CATALOG, Recipe, Result
from ..history import History, is_right, largest_miss
from ..layer import Layer
from ..network import Network
from ..recording import Recording
from ..trainer import Trainer


class ProgressLine:
    """Progress while training: on a terminal one line rewritten in place (ten times a second at
    most); elsewhere (piped, logged) a plain line every few seconds, so that a long run shows it is
    alive and a short one prints nothing but its result."""

    interval = 0.1  # seconds between rewrites of the live line
    every = 2.0  # seconds between plain lines when the output is not a terminal

    def __init__(self, out: TextIO, cases: Optional[int] = None, history: Optional[History] = None,
                 label: str = "") -> None:
        self.out, self.cases, self.history, self.label = out, cases, history, label  # label: "seed 3: " ...
        self.live = out.isatty()
        self.started = self.shown = time.perf_counter()
        self.first = history.sweeps if history is not None else 0  # the sweeps run before this line began

    def line(self, sweep: int, E: float) -> str:
        rate = (sweep - self.first) / max(time.perf_counter() - self.started, 1e-9)
        right = ""
        if self.history is not None and self.history.cases_right:
            right = f"  cases right {self.history.cases_right[-1]:3d}" + (f"/{self.cases}" if self.cases else "")
        return f"{self.label}sweep {sweep:6d}  E = {E:10.5f}{right}  {rate:7.0f} sweeps/s"

    def __call__(self, sweep: int, E: float) -> bool:
        now = time.perf_counter()
        if now - self.shown >= (self.interval if self.live else self.every):
            self.shown = now
            self.out.write("\r" + self.line(sweep, E) if self.live else self.line(sweep, E) + "\n")
            self.out.flush()
        return False

    def follow(self, history: History) -> bool:
        """The experiments' form of the callback: it is handed the trainer's History."""
        self.history = history
        return self(history.sweeps, history.error)

    def clear(self) -> None:
        """Take the live line away (a study's row for the seed takes its place)."""
        if self.live and self.history is not None and self.history.errors:
            self.out.write("\r" + " " * len(self.line(self.history.sweeps, self.history.error)) + "\r")
            self.live = False

    def finish(self) -> None:
        """End the live line with the last sweep's figures (once)."""
        if self.live and self.history is not None and self.history.errors:
            self.out.write("\r" + self.line(self.history.sweeps, self.history.error) + "\n")
            self.live = False


def stuck(network: Network, task: tasks.Task, trainer: Trainer, name: str) -> List[str]:
    """When a run ends without learning, what the net is doing and what to try; nothing when it learned.

    "Without learning": some case still wrong and E flat (within 1%) over the last fifth of the run. Said in
    the language chosen (``exercises.language``: English, or Korean with --lang ko or a Korean locale).
    """
    history, cases = trainer.history, task.cases
    outputs = [network.forward(inputs) for inputs, _ in cases]
    wrong = sum(not is_right(largest_miss(y, d)) for y, (_, d) in zip(outputs, cases))
    if not wrong or history.sweeps < 100:
        return []
    stretch = max(100, history.sweeps // 5)
    before, now = history.errors[-stretch], history.error
    if abs(before - now) > 0.01 * max(before, 1e-12):
        return [_("not learned yet: {wrong} of {cases} cases wrong, but E is still falling ({before} → {now} over "
                  "the last {stretch} sweeps); more sweeps may do it (--sweeps {more})").format(
            wrong=wrong, cases=len(cases), before=f"{before:.4g}", now=f"{now:.4g}", stretch=stretch,
            more=2 * history.sweeps)]
    ys = [y for row in outputs for y in row]
    lines = [n_("the net is on a plateau: E has stayed at {now} for the last {stretch} sweeps and {wrong} of {cases} "
                "is still wrong.", "the net is on a plateau: E has stayed at {now} for the last {stretch} sweeps "
                "and {wrong} of {cases} are still wrong.", wrong).format(
        now=f"{now:.4g}", stretch=stretch, wrong=wrong,
        cases=n_("{count} case", "{count} cases", len(cases)).format(count=len(cases)))]
    targets = [d for case in cases for d in case[1]]
    if max(ys) < 0.2:
        on = sum(d > 0.5 for d in targets)
        lines.append(_("Every output is near 0: the net answers no to every case, right where the target is 0 and "
                       "wrong for the {on} outputs that should be on (each costs ½ in E).").format(on=on))
    elif min(ys) > 0.8:
        lines.append(_("Every output is near 1: the net answers yes to every case."))
    elif max(abs(y - 0.5) for y in ys) < 0.1:
        lines.append(_("Every output is near 0.5: the net cannot tell the cases apart."))
    elif trainer.margin and sum(abs(abs(y - d) - trainer.margin) < 0.02 for y, d in zip(ys, targets)) > len(ys) / 2:
        lines.append(_("Most outputs sit at the margin's edge, {margin} from their targets, where they stop counting "
                       "as error: nothing pulls them further.").format(margin=f"{trainer.margin:g}"))
    hidden = [layer for layer in network.layers[:-1] if layer.neurons]
    saturated = [y * (1 - y) for y, d in zip(ys, targets) if abs(y - d) >= 0.5]
    dead = bool(saturated) and max(saturated) == 0.0
    twins = [layer for layer in hidden if layer.size > 1 and not layer.tied_to
             and all(neuron.w == layer.neurons[0].w for neuron in layer.neurons)]
    if twins:
        lines.append(_("The hidden units of layer {layer} have the very same weights: they started equal "
                       "(--weight-range 0 starts every weight at 0), so each case gives them the same y and the same "
                       "∂E/∂w, and every change keeps them equal. They stay one unit copied, however long the run: "
                       "that is why the paper starts from small random weights.").format(layer=twins[0].name))
        lines.append(_("Try small random starting weights (--weight-range {range} or the recipe's own).").format(
            range=f"{max(trainer.network.weight_range, 0.5):g}"))
        return lines
    if dead:
        lines.append(_("Where they are wrong the output units are saturated beyond a float's precision: y is 0 or 1, "
                       "so (5) multiplies their error by y(1 − y) = 0 and they send no ∂E/∂w at all."))
    elif saturated and max(saturated) < 1e-3:
        lines.append(_("Where they are wrong the output units are saturated: (5) multiplies their error by "
                       "y(1 − y) ≤ {most}, so every ∂E/∂w is tiny and gradient descent crawls.").format(
            most=f"{max(saturated):.1g}"))
    elif hidden and all(spread(network, layer, cases) < 0.05 for layer in hidden):
        lines.append(_("The hidden units give nearly the same output for every case: what tells the cases apart "
                       "does not reach the outputs."))
    tries = [] if dead else [_("many more sweeps (--sweeps {sweeps}: a plateau is slow, not a wall)").format(
        sweeps=10 * history.sweeps)]
    tries += [_("another seed (--seed 1)"), _("another learning rate (--lr)")]
    if hidden and not any(layer.tied_to for layer in network.layers):
        tries.append(_("more hidden units (--hidden N)"))
    if name in CATALOG:
        tries.append(_("the paper's own run (python -m backprop paper {name} --seed 1)").format(
            name=name.replace("_", "-")))
    lines.append(_("Try {some} or {last}.").format(some=", ".join(tries[:-1]), last=tries[-1]))
    return lines


def study_note(recipe: Recipe) -> str:
    """What a study's columns mean, under its rows: when a run stopped, and what "solved at" is."""
    stop = ("the recipe's fixed length" if recipe.stop_within is None else
            f"run until every output was within {recipe.stop_within:g} of its target, or the recipe's limit")
    return f"(sweeps: {stop}; solved at: the first sweep with every case right)"


def study_header(held_out: bool) -> str:
    """The head of a study's table, one row per seed (``study_row``)."""
    return "seed  sweeps  solved at        E  training right" + ("  held out right" if held_out else "")


def study_row(r: Result, held_out: bool) -> str:
    """One seed of a study: sweeps run, when every case was right, E, cases right (and held out right)."""
    row = (f"{r.seed:4}  {r.sweeps:6}  {r.solved_at if r.solved_at else '—':>9}  {r.error:7.4g}  "
           f"{f'{r.train_correct}/{r.train_total}':>14}")
    return row + (f"  {f'{r.test_correct}/{r.test_total}':>14}" if held_out else "")


def spread(network: Network, layer: Layer, cases: Sequence[Tuple[Sequence[float], Sequence[float]]]) -> float:
    """How much the outputs of a layer's units vary over the cases: the largest max − min."""
    seen = []
    for inputs, __ in cases:
        network.forward(inputs)
        seen.append([unit.y for unit in layer.units])
    return float(max(max(column) - min(column) for column in zip(*seen)))


def case_table(network: Network, task: tasks.Task, view: View) -> List[str]:
    """Every case: what it is and what the net answers, in the task's own words (``view``), marked ✓
    (every output on the right side of 0.5) or ✗.

    For an unrolled net the inputs are split as its steps take them: ``s0 0 0 | x 1 0 1 1`` (the
    state at the start, then each step's input lines).
    """
    rows = []
    for inputs, targets in task.cases:
        outputs = network.forward(inputs)
        mark = "✓" if is_right(largest_miss(outputs, targets)) else "✗"
        rows.append(f"{mark} {view.case_row(network, inputs, targets, outputs)}")
    return rows


def write_pictures(folder: str, network: Network, history: History,
                   cases: Sequence[Tuple[Sequence[float], Sequence[float]]], title: str, view: View) -> str:
    """--svg DIR: the network, E per sweep, the Hinton diagram the task's ``view`` chooses (Fig. 4's
    for the family trees) and, for 2 inputs, the decision map; each written as every file is
    (``files.write_text``). ``title`` (the task and the sweeps run) heads every picture. Returns the
    line that says what was written where."""
    hinton = view.hinton(network, title)
    pictures = {"network.svg": draw.network_svg(network, title=f"{title}: the network, biases in the units"),
                "error.svg": draw.error_curve_svg(history, title=f"{title}: E per sweep"),
                "hinton.svg": draw.hinton_svg(hinton.layer, rows=hinton.rows, column_labels=hinton.column_labels,
                                              row_labels=hinton.row_labels, title=hinton.title)}
    if network.input_size == 2:
        pictures["decision.svg"] = draw.decision_svg(network, cases, title=f"{title}: the output over the inputs")
    if network.recurrent is not None:
        pictures["folded.svg"] = draw.folded_svg(network, title=f"{title}: the recurrent net, folded")
    made = "" if os.path.isdir(folder) else " (a new folder)"
    if made:
        os.mkdir(folder)  # its parent was checked before training: one level, never a whole path
    for name, text in pictures.items():
        files.write_text(os.path.join(folder, name), text)
    return f"pictures written to {folder}{made}: {', '.join(pictures)}"


def write_replay(path: str, recording: Recording, cases: Sequence[Tuple[Sequence[float], Sequence[float]]],
                 history: History, title: str, held_out: Sequence[Tuple[Sequence[float], Sequence[float]]] = (),
                 margin: float = 0.0, online: bool = False, view: Optional[View] = None,
                 schedule: Sequence[Tuple[int, float, float, float]] = (), tied: str = "average") -> str:
    """--html FILE: the recorded run as one web page that replays it (``draw.replay_page``), written as
    every file is (``files.write_text``); returns the line that says where, and what the page left out to
    stay within 2 MB."""
    return write_page(path, *replay_page(recording, cases, history, title=title, held_out=held_out, margin=margin,
                                         online=online, view=view, schedule=schedule, tied=tied))


def write_page(path: str, page: str, notes: Sequence[str]) -> str:
    """Write a replay page made with its notes (``replay_page``); the line that says where, and what it left out."""
    files.write_text(path, page)
    left_out = f"; to stay within 2 MB: {'; '.join(notes)}" if notes else ""
    return f"replay written to {path} ({len(page.encode('utf-8')) / 1e6:.2f} MB{left_out}): open it in a web browser"


class Courtesy:
    """A stream written as a courtesy: once its reader is gone (``| head`` closed the pipe, the terminal
    was closed, ``>&-`` closed it before the start), writing to it stops, quietly, and the run goes on
    to write its files, which are the job."""

    def __init__(self, stream: Optional[TextIO]) -> None:
        self.stream = stream
        self.gone = stream is None
        self.broken_pipe = False  # the reader closed the pipe: the interpreter's last flush must not fail

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self.stream.write(text)  # type: ignore[union-attr]
            except (OSError, ValueError) as error:  # a broken pipe, EIO from a closed terminal, a closed file
                self.lost(error)
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self.stream.flush()  # type: ignore[union-attr]
            except (OSError, ValueError) as error:
                self.lost(error)

    def isatty(self) -> bool:
        try:
            return not self.gone and self.stream.isatty()  # type: ignore[union-attr]
        except (OSError, ValueError):
            return False

    def lost(self, error: Exception) -> None:
        self.gone = True
        self.broken_pipe = self.broken_pipe or isinstance(error, BrokenPipeError)
