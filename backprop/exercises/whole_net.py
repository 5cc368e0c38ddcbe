"""The learner's nine equations in a whole net, trained sweep by sweep beside the library's.

Two nets start from the same weights: one is trained by the library's ``Trainer``, the other by
:class:`LearnerNet`, where every number comes from the learner's functions, (1) and (2) forward,
(3) the error, (4)-(7) backward, (8) at the first sweep and (9) after it. The second net is a
``Network`` used as storage only: its units hold what the learner's equations computed, so the
two can be compared quantity by quantity. After every sweep both E and every weight are compared;
the runs agree when no difference passes 1e-12.
"""

from __future__ import annotations

import contextlib
import time
from operator import attrgetter
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

from .. import tasks
from ..network import Network
from ..neuron import Neuron
from ..trainer import Trainer
from .language import N_, _
from .sheet import EXERCISES
from .watch import Watch

AGREE = 1e-12  # the runs agree: no difference in E or in any weight beyond this, at any sweep
PART = 1e-6  # beyond this the runs have parted ways: the check stops and says where


class Run(NamedTuple):
    """A task, its net and the trainer's settings: run once by the library and once by the learner's code."""

    name: str
    make_task: Callable[[], tasks.Task]
    sizes: Tuple[int, ...]
    seed: int
    weight_range: float
    learning_rate: float
    momentum: float
    target_error: float
    sweeps: int

    @property
    def settings(self) -> str:
        return _("{shape}, seed {seed}, weights in ±{range}, ε = {rate}, α = {momentum}, until E ≤ {target}").format(
            shape="-".join(map(str, self.sizes)), seed=self.seed, range=f"{self.weight_range:g}",
            rate=f"{self.learning_rate:g}", momentum=f"{self.momentum:g}", target=f"{self.target_error:g}")


RUNS = (
    Run(N_("XOR"), tasks.xor, (2, 2, 1), 1, 0.5, 0.5, 0.9, 0.01, 5000),
    Run(N_("symmetry"), tasks.symmetry, (6, 2, 1), 1, 0.3, 0.1, 0.9, 0.1, 5000),
)


class Outcome(NamedTuple):
    """How the learner's run went beside the library's (their nine in this sweep, or their own train)."""

    run: Run
    library_sweeps: int
    library_reached: bool
    learner_sweeps: int
    learner_reached: bool
    largest_difference: float
    parted: str  # '' while the runs agree to PART; else where they parted
    seconds: float
    hint: str = ""  # where the learner's own train parted: what it did, and what to do


class LearnerNet:
    """A net whose every number is computed by the learner's functions ``f`` (by exercise name).

    The library's ``Network`` lends its units as storage: ``x``, ``y``, ``dE_dy``, ``dE_dx``,
    ``dE_dw`` and ``w`` hold what the learner's equations computed, so they can be compared with
    the library's net, unit by unit. ``answers`` counts the calls of the learner's functions that
    have returned, so that a watchdog can tell a slow sweep from a call that never returns.

    ``sweep`` and ``update`` run while a ``Watch`` listens for the library's own code: they call
    no function of the library, and what they need of it is read once, here.
    """

    def __init__(self, net: Network, f: Dict[str, Callable[..., Any]], learning_rate: float, momentum: float) -> None:
        self.net, self.f = net, f
        self.learning_rate, self.momentum = learning_rate, momentum
        self.layers = [layer for layer in net.layers if not layer.is_input]
        self.input_units = [unit for layer in net.input_layers for unit in layer.units]
        self.output_units: List[Neuron] = list(net.output_layer.neurons)
        self.hidden = [neuron for layer in self.layers[:-1] for neuron in layer.neurons]
        self.neurons = list(net.neurons)
        # The lines into each layer (the always-1 line last), and the units feeding it that have weights, by
        # position: input units need no ∂E/∂y of equation 7.
        self.lines = [range(len(layer.feeding_units) + 1) for layer in self.layers]
        self.senders = [[(i, unit) for i, unit in enumerate(layer.feeding_units) if isinstance(unit, Neuron)]
                        for layer in self.layers]
        self.last_changes = [[0.0] * len(neuron.w) for neuron in self.neurons]
        self.sweeps = 0
        self.answers = 0

    def sweep(self, cases: Any) -> float:
        """Every case forward and backward with the learner's (1)-(7), ∂E/∂w summed; return E by (3)."""
        f = self.f
        total_input, logistic, case_error = f["total_input"], f["logistic"], f["case_error"]
        dE_dy_at_output, dE_dx, dE_dw, dE_dy_sent_down = (f["dE_dy_at_output"], f["dE_dx"], f["dE_dw"],
                                                          f["dE_dy_sent_down"])
        rows = [[neuron.w for neuron in layer.neurons] for layer in self.layers]  # w[j][i] = w_ji, layer by layer
        for neuron in self.neurons:
            neuron.dE_dw = [0.0] * len(neuron.w)
        backward = list(zip(reversed(self.layers), reversed(rows), reversed(self.lines), reversed(self.senders)))
        E = 0.0
        for inputs, targets in cases:
            for unit, value in zip(self.input_units, inputs):
                unit.y = value
            for layer, w in zip(self.layers, rows):
                # The y on every line into the layer, the always-1 line's last; map and * start no Python frame,
                # so the Watch hears of nothing here.
                layer.feeding_ys = y = [*map(_y, layer.feeding_units), 1.0]
                for j, neuron in enumerate(layer.neurons):
                    neuron.x = total_input(j, y, w)
                    self.answers += 1
                    neuron.y = logistic(neuron.x)
                    self.answers += 1
            E += case_error([*map(_y, self.output_units)], [*targets])
            self.answers += 1
            for neuron in self.hidden:
                neuron.dE_dy = 0.0
            for neuron, d in zip(self.output_units, targets):
                neuron.dE_dy = dE_dy_at_output(neuron.y, d)
                self.answers += 1
            for layer, w, lines, senders in backward:
                for neuron in layer.neurons:
                    neuron.dE_dx = dE_dx(neuron.dE_dy, neuron.x, neuron.y)
                    self.answers += 1
                dE_dxs, y = [*map(_dE_dx, layer.neurons)], layer.feeding_ys
                for j, neuron in enumerate(layer.neurons):
                    summed = neuron.dE_dw
                    for i in lines:
                        summed[i] += dE_dw(j, i, dE_dxs, y)
                        self.answers += 1
                for i, unit in senders:
                    unit.dE_dy += dE_dy_sent_down(i, dE_dxs, w)
                    self.answers += 1
        self.sweeps += 1
        return E

    def update(self) -> None:
        """Change every weight by the learner's (8) at the first sweep, by (9) after it."""
        weight_change, weight_change_with_momentum = self.f["weight_change"], self.f["weight_change_with_momentum"]
        first = self.sweeps == 1
        for neuron, last_changes in zip(self.neurons, self.last_changes):
            w, summed = neuron.w, neuron.dE_dw
            for k in range(len(w)):
                if first:
                    change = weight_change(summed[k], self.learning_rate)
                else:
                    change = weight_change_with_momentum(summed[k], self.learning_rate, self.momentum, last_changes[k])
                self.answers += 1
                w[k] += change
                last_changes[k] = change


_y, _dE_dx = attrgetter("y"), attrgetter("dE_dx")


def difference(library: Network, learner: Network) -> Tuple[float, str, float, float]:
    """The largest |difference| of any weight of the two nets: its size, its name and both values."""
    most, name, ours, theirs = 0.0, "", 0.0, 0.0
    for mine, yours in zip(library.neurons, learner.neurons):
        for k, (a, b) in enumerate(zip(mine.w, yours.w)):
            if not abs(a - b) <= most:  # also catches a NaN
                most, name, ours, theirs = abs(a - b), mine.weight_name(k), a, b
    return most, name, ours, theirs


def side_by_side(run: Run, f: Dict[str, Callable[..., Any]], heartbeat: Optional[Callable[[int], None]] = None,
                 watch: Optional[Watch] = None, started: Optional[Callable[[LearnerNet], None]] = None) -> Outcome:
    """Train ``run`` twice from the same weights, by the library and by the learner's equations.

    ``heartbeat(sweep)`` is called after every sweep and ``started(learner_net)`` once, before the first.
    With a ``watch``, the learner's sweeps are watched for the library's own code: if any ran, the
    refusal (``LibraryCode``) is raised after that sweep.
    """
    started_at = time.perf_counter()
    cases = run.make_task().cases
    library = Network(list(run.sizes), seed=run.seed, weight_range=run.weight_range)
    trainer = Trainer(library, learning_rate=run.learning_rate, momentum=run.momentum)
    learner = LearnerNet(Network(list(run.sizes), seed=run.seed, weight_range=run.weight_range), f,
                         run.learning_rate, run.momentum)
    if started is not None:
        started(learner)
    largest, parted = 0.0, ""
    library_reached = learner_reached = False
    watching = watch if watch is not None else contextlib.nullcontext()
    for sweep in range(1, run.sweeps + 1):
        trainer.train(cases, 1, target_error=run.target_error)  # one sweep; no update once E ≤ target
        library_E, library_reached = trainer.history.error, trainer.history.reached_target
        with watching:
            learner_E = learner.sweep(cases)
            learner_reached = learner_E <= run.target_error
            if not learner_reached:
                learner.update()
        if watch is not None and watch.found:
            name = watch.called([exercise.name for exercise in EXERCISES])
            raise watch.refusal(_("your code's {name}").format(name=name) if name else _("your code"),
                                _(" at sweep {sweep}").format(sweep=sweep))
        if heartbeat is not None:
            heartbeat(sweep)
        size, name, ours, theirs = difference(library, learner.net)
        if not abs(library_E - learner_E) <= size:
            size, name, ours, theirs = abs(library_E - learner_E), "E", library_E, learner_E
        largest = max(largest, size)
        if not size <= PART:
            parted = _("sweep {sweep}: {name} is {yours} by your equations and {ours} by the library's").format(
                sweep=sweep, name=name, yours=repr(theirs), ours=repr(ours))
            break
        if library_reached != learner_reached:
            parted = _("sweep {sweep}: E = {yours} by your equations and {ours} by the library's, on either side of "
                       "the target {target}").format(sweep=sweep, yours=repr(learner_E), ours=repr(library_E),
                                                     target=f"{run.target_error:g}")
            break
        if library_reached:
            break
    return Outcome(run, trainer.history.sweeps, library_reached, learner.sweeps, learner_reached, largest, parted,
                   time.perf_counter() - started_at)
