"""Trainer: changes the weights by gradient descent (8) with the paper's momentum (9).

The network computes ∂E/∂w; the trainer owns everything about learning: ε, α, the previous
changes Δw(t−1), weight decay, the error margin, batch or online updates and when to stop.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Sequence, Tuple, overload

from . import checkpoint, files
from .history import Callback, History, Recorder, is_right, largest_miss
from .network import Network
from .neuron import Neuron
from .validate import (
    Case,
    Cases,
    check_at_least_0,
    check_cases,
    check_count,
    check_setting,
    describe,
    finite,
)

if TYPE_CHECKING:  # pragma: no cover
    import os


class Setting:
    """A trainer setting, checked whenever it is set, so that a schedule may change it between
    calls of ``train`` and a bad value never gets in: a finite number ``above`` a bound, or
    ``at_least`` one and ``below`` another."""

    def __init__(self, above: Optional[float] = None, at_least: Optional[float] = None,
                 below: float = math.inf, doc: str = "") -> None:
        low = above if above is not None else at_least
        self.low = low if low is not None else -math.inf
        self.high, self.__doc__ = below, doc
        self.name = self.slot = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name, self.slot = name, "_" + name  # the value lives in the owner's slot "_" + name

    @overload
    def __get__(self, instance: None, owner: type) -> "Setting": ...
    @overload
    def __get__(self, instance: object, owner: type) -> float: ...

    def __get__(self, instance: Optional[object], owner: type) -> Any:
        return self if instance is None else getattr(instance, self.slot)

    def __set__(self, instance: object, value: float) -> None:
        setattr(instance, self.slot, check_setting(value, self.name, self.low, self.high))


class Trainer:
    """Gradient descent on a Network: Δw(t) = −ε·∂E/∂w(t) + α·Δw(t−1) for every weight, biases
    included.

    ``learning_rate`` is ε and ``momentum`` α. After each change every weight (and bias) loses
    the fraction ``weight_decay`` of itself. An output within ``margin`` of its target adds no
    error and no ∂E/∂y. ``online=False`` sums ∂E/∂w over all cases and changes the weights once
    per sweep, as the paper did; ``online=True`` changes them after every case.

    >>> from backprop import Network, tasks
    >>> net = Network([2, 2, 1], seed=1, weight_range=0.5)
    >>> trainer = Trainer(net, learning_rate=0.5, momentum=0.9)
    >>> history = trainer.train(tasks.xor().cases, sweeps=2000, target_error=0.01)
    >>> history.reached_target, history.sweeps < 2000
    (True, True)
    """

    # Settings are checked whenever they are set, so a schedule may change them between calls.
    learning_rate = Setting(above=0.0, doc="ε: how far each change goes against ∂E/∂w; above 0.")
    momentum = Setting(at_least=0.0, below=1.0,
                       doc="α: the fraction of the previous change added to this one.")
    weight_decay = Setting(at_least=0.0, below=1.0,
                           doc="The fraction every weight loses after each change.")
    margin = Setting(at_least=0.0, below=0.5,
                     doc="An output within this distance of its target counts no error.")

    __slots__ = ("network", "_learning_rate", "_momentum", "_weight_decay", "_margin", "online",
                 "train_biases", "tied", "history", "last_changes")

    def __init__(self, network: Network, learning_rate: float = 0.1, momentum: float = 0.0,
                 weight_decay: float = 0.0, margin: float = 0.0, online: bool = False,
                 train_biases: bool = True, tied: str = "average") -> None:
        if not isinstance(network, Network):
            raise TypeError(f"a Trainer trains a Network, got {describe(network)}")
        if tied not in ("average", "sum"):
            raise ValueError(f"tied must be 'average' (the paper's) or 'sum', got {tied!r}")
        self.network = network
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.margin = margin
        self.online = bool(online)
        self.train_biases = bool(train_biases)
        self.tied = tied
        self.history = History()
        # Δw(t−1) of every weight of every weight group, in the order of its w (the bias last):
        # the change that equations 8 and 9 made, before weight decay took its share.
        groups = network.weight_groups
        self.last_changes = [[0.0] * len(group[0].w) for group in groups]

    def train(self, cases: Sequence[Case], sweeps: int, target_error: Optional[float] = None,
              callback: Optional[Callback] = None, record: Optional[Recorder] = None) -> History:
        """Run up to ``sweeps`` sweeps; stop early once E ≤ ``target_error``; return the History.

        ``record.take(trainer, cases)`` (a ``Recording``), then ``callback(sweep, E)``, are
        called once a sweep, when all its cases have been forwarded and back-propagated: in
        batch mode before the sweep's change (the weights every case saw; ``dE_dw`` summed over
        the cases); online, after its last change (``dE_dw`` of its last case). ``sweep`` counts
        from 1 over the trainer's life; a callback returning True stops training, as
        E ≤ ``target_error`` does, before the batch change. A second call continues where the
        first stopped, momentum included.
        """
        net = self.network
        sweeps = check_count(sweeps, "sweeps")
        checked = check_cases(cases, net.input_size, net.output_size)
        if target_error is not None:
            target_error = check_at_least_0(target_error, "target_error")
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be callable, got {describe(callback)}")
        if record is not None:
            record.check(self)  # a recording of this trainer's net, and of no other trainer
        history = self.history
        history.target_error, history.reached_target = target_error, False

        def stop(E: float) -> bool:  # asked after each sweep's E, before its batch update
            if record is not None:
                record.take(self, checked)
            history.reached_target = target_error is not None and E <= target_error
            asked = callback is not None and bool(callback(history.sweeps, E))
            return history.reached_target or asked

        for _ in range(sweeps):
            if self._sweep(checked, stop, record):
                break  # before the batch update: the net keeps the weights this E was measured at
        return history

    def sweep(self, cases: Sequence[Case]) -> float:
        """One sweep through every case, with its weight change(s); return its E."""
        net = self.network
        self._sweep(check_cases(cases, net.input_size, net.output_size), lambda E: False)
        return self.history.error

    # ---- one sweep: every case forward and backward, then equations 8 and 9 ------------------

    def _sweep(self, cases: Cases, stop: Callable[[float], bool],
               record: Optional[Recorder] = None) -> bool:
        """One sweep, whole or not at all; return whether ``stop`` said to stop before the batch
        update. If anything cuts it short (Ctrl-C, a refused change, a callback that raises), the
        weights, Δw(t−1), the History and ``record`` are put back as they were before it, so it
        can be run again."""
        sweeps = self.history.sweeps
        weights = [list(group[0].w) for group in self.network.weight_groups]
        changes = [list(last) for last in self.last_changes]
        try:
            return self._every_case(cases, stop)
        except BaseException:
            for group, w, last, saved in zip(self.network.weight_groups, weights,
                                             self.last_changes, changes):
                group[0].w[:] = w
                last[:] = saved
            self.history.truncate(sweeps)
            if record is not None:
                record.truncate(sweeps)
            raise

    def _every_case(self, cases: Cases, stop: Callable[[float], bool]) -> bool:
        """The sweep itself: each case forward, its error and backward, summing ∂E/∂w; the
        weights changed after every case (online) or once after them all (batch)."""
        net = self.network
        number = self.history.sweeps + 1
        last_case = len(cases) - 1
        E, most, right = 0.0, 0.0, 0  # the sweep's error, its largest |y − d|, its cases right
        net.zero_gradients()
        # to_inputs=False: equation 7 into the input units gives a ∂E/∂y that no weight needs.
        each_case = net.backpropagate(cases, self.margin, to_inputs=False)
        try:
            for k, (outputs, targets, E_c) in enumerate(each_case):
                E += E_c
                miss = largest_miss(outputs, targets)
                right += is_right(miss)
                most = max(most, miss)
                if self.online:
                    self._update(number)  # online: every weight changes after each case
                    if k < last_case:  # the last case's ∂E/∂w stays, for a Recording to read
                        net.zero_gradients()
        except FloatingPointError as error:
            if str(error).startswith("sweep "):  # a refused change: it names the sweep already
                raise
            raise refused_forward(number, error, net) from None
        self.history.add_sweep(E, most, right)
        stopped = stop(E)
        if not (stopped or self.online):
            self._update(number)  # batch: every weight changes once, by ∂E/∂w summed over cases
        return stopped

    def _update(self, sweep: int) -> None:
        """Change every weight by (8) and (9), then decay it; a weight group (one neuron, or tied
        copies sharing one ``w``) changes once. The bias, the always-1 line's weight, changes like
        the others. A change that would make a weight non-finite is refused (``_sweep`` puts back
        the rest)."""
        learning_rate, momentum = self.learning_rate, self.momentum
        keep = 1.0 - self.weight_decay
        for group, last_changes in zip(self.network.weight_groups, self.last_changes):
            w = group[0].w
            dE_dw = self._gradients(group)
            steps = [-learning_rate * g for g in dE_dw]  # (8)
            if momentum:
                steps = [step + momentum * last for step, last in zip(steps, last_changes)]  # (9)
            new = [(w_ji + step) * keep for w_ji, step in zip(w, steps)]
            if not self.train_biases:
                new[-1], steps[-1] = w[-1], 0.0  # the bias neither learns nor decays
            check_finite_change(sweep, group[0], new)
            w[:] = new  # in place: the tied copies of a group share its w
            last_changes[:] = steps

    def _gradients(self, group: List[Neuron]) -> List[float]:
        """∂E/∂w of each weight of a group, the bias last: one neuron's own; for tied copies the
        average of theirs, as the paper says (Fig. 5), or with ``tied="sum"`` their sum, ∂E/∂w of
        the shared value."""
        if len(group) == 1:
            return group[0].dE_dw
        sums = [sum(column) for column in zip(*[neuron.dE_dw for neuron in group])]
        if self.tied == "sum":
            return sums
        return [g / len(group) for g in sums]

    # ---- checkpoints ----------------------------------------------------------------------------

    def checkpoint(self, path: "str | os.PathLike[str]") -> None:
        """Write the net, the settings, Δw(t−1) and the History to a JSON file (atomically), to
        ``resume``."""
        files.write(path, checkpoint.trainer_data(self))

    @classmethod
    def resume(cls, path: "str | os.PathLike[str]") -> "Trainer":
        """The Trainer of a checkpoint, its net included: training it again continues, bit for
        bit, the run that wrote the checkpoint, as if it had never stopped."""
        def build(data: Any) -> "Tuple[Trainer, Dict[str, Any]]":
            return checkpoint.trainer_from_data(data, cls, Network.from_layers)

        return files.read(path, build)[0]

    def _repr_html_(self) -> str:
        """Its settings and its History's curve, for notebooks."""
        from .draw.notebook import trainer_html  # here: the core does not load the pictures

        return trainer_html(self)

    def __repr__(self) -> str:
        way = "online" if self.online else "batch"
        return (f"Trainer(ε={self.learning_rate:g}, α={self.momentum:g}, "
                f"decay={self.weight_decay:g}, margin={self.margin:g}, {way}, "
                f"{self.history.sweeps} sweeps run)")


def check_finite_change(sweep: int, neuron: Neuron, new: Sequence[float]) -> None:
    """Refuse a weight change that would make a weight of ``neuron`` non-finite, naming it."""
    if finite(new):
        return
    k, value = next((k, value) for k, value in enumerate(new) if not math.isfinite(value))
    name = neuron.weight_name(k) if k < len(new) - 1 else f"the bias of {neuron.name}"
    raise FloatingPointError(f"sweep {sweep}: unit {neuron.name}: the change would make {name} "
                             f"non-finite ({value}); lower the learning rate (weights left as "
                             f"they were)")


def refused_forward(sweep: int, error: Exception, network: Network) -> FloatingPointError:
    """The error of a sweep whose forward pass ``network`` refused, with what to try: a weight
    that is not finite was set from outside (training never makes one); else the weights grew
    too large."""
    bad = next(((neuron, k) for neuron in network.neurons for k, w in enumerate(neuron.w)
                if not math.isfinite(w)), None)
    if bad is None:
        advice = "lower the learning rate"
    else:
        neuron, k = bad
        advice = (f"{neuron.weight_name(k)} is {neuron.w[k]}, set from outside: training never "
                  f"makes a weight that is not a finite number")
    return FloatingPointError(f"sweep {sweep}: {error}; {advice} (the weights are left as they "
                              f"were before this sweep)")
