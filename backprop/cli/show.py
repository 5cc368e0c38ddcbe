"""What the command line prints and draws: the progress line, the table of cases, the pictures."""

from __future__ import annotations

import os
import time
from typing import List, Optional, Sequence, TextIO, Tuple

from .. import draw, tasks
from ..history import History, is_right, largest_miss
from ..network import Network


class ProgressLine:
    """A live progress line, rewritten in place on a terminal (ten times a second at most);
    elsewhere a plain line every ``every`` sweeps, or none when ``every`` is None."""

    interval = 0.1  # seconds between rewrites of the live line

    def __init__(self, out: TextIO, every: Optional[int], cases: Optional[int] = None,
                 history: Optional[History] = None) -> None:
        self.out, self.every, self.cases, self.history = out, every, cases, history
        self.live = out.isatty()
        self.started = self.shown = time.perf_counter()
        self.first = history.sweeps if history is not None else 0  # the sweeps run before this line began

    def line(self, sweep: int, E: float) -> str:
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
        """End the live line with the last sweep's figures (once)."""
        if self.live and self.history is not None and self.history.errors:
            self.out.write("\r" + self.line(self.history.sweeps, self.history.error) + "\n")
            self.live = False


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
