"""Trainer: changes the weights by gradient descent (8) with the paper's momentum (9).

The network computes ∂E/∂w; the trainer owns everything about learning: ε, α, the previous
changes Δw(t−1), weight decay, the error margin, batch or online updates and when to stop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, List, Optional, Sequence

from . import checkpoint, checks, io
from .checks import Case, Cases, Setting, check_at_least_0, check_cases, check_count, check_finite_change, describe
from .history import Callback, History, Recorder, is_right, largest_miss
from .network import Network
from .neuron import Neuron

if TYPE_CHECKING:  # pragma: no cover
    import os


class Trainer:
    """Gradient descent on a Network: Δw(t) = −ε·∂E/∂w(t) + α·Δw(t−1) for every weight, biases included.

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
    learning_rate = Setting(above=0.0, doc="ε: how far each change goes against ∂E/∂w; a finite number > 0.")
    momentum = Setting(at_least=0.0, below=1.0, doc="α: the fraction of the previous change added to this one.")
    weight_decay = Setting(at_least=0.0, below=1.0, doc="The fraction every weight loses after each change.")
    margin = Setting(at_least=0.0, below=0.5, doc="An output within this distance of its target counts no error.")

    __slots__ = ("network", "_learning_rate", "_momentum", "_weight_decay", "_margin",
                 "online", "train_biases", "tied", "history", "last_changes")

    def __init__(self, network: Network, learning_rate: float = 0.1, momentum: float = 0.0, weight_decay: float = 0.0,
                 margin: float = 0.0, online: bool = False, train_biases: bool = True, tied: str = "average") -> None:
        if not isinstance(network, Network):
            raise TypeError(f"a Trainer trains a Network, got {describe(network)}")
        if tied not in ("average", "sum"):
            raise ValueError(f"tied must be 'average' (the paper's) or 'sum', got {tied!r}")
        self.network = network
        self.learning_rate, self.momentum = learning_rate, momentum
        self.weight_decay, self.margin = weight_decay, margin
        self.online, self.train_biases, self.tied = bool(online), bool(train_biases), tied
        self.history = History()
        # Δw(t−1) of every weight of every weight group, in the order of its w (the bias's last): the change
        # that equations 8 and 9 made, before weight decay took its share.
        self.last_changes = [[0.0] * len(group[0].w) for group in network.weight_groups]

    def train(self, cases: Sequence[Case], sweeps: int, target_error: Optional[float] = None,
              callback: Optional[Callback] = None, record: Optional[Recorder] = None) -> History:
        """Run up to ``sweeps`` sweeps; stop early once E ≤ ``target_error``; return the History.

        ``record.take(trainer, cases)`` (a ``Recording``), then ``callback(sweep, E)``, are called
        once a sweep, when all its cases have been forwarded and back-propagated: in batch mode
        before the sweep's change (the weights every case saw; ``dE_dw`` summed over the cases);
        online, after its last change (``dE_dw`` of its last case). ``sweep`` counts from 1 over the
        trainer's life; a callback returning True stops training, as E ≤ ``target_error`` does, before
        the batch change. A second call continues where the first stopped, momentum included.
        """
        net, sweeps = self.network, check_count(sweeps, "sweeps")
        checked = check_cases(cases, net.input_size, net.output_size)
        target_error = None if target_error is None else check_at_least_0(target_error, "target_error")
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
        self._sweep(check_cases(cases, self.network.input_size, self.network.output_size), lambda E: False)
        return self.history.error

    def _sweep(self, cases: Cases, stop: Callable[[float], bool], record: Optional[Recorder] = None) -> bool:
        """One sweep, whole or not at all; return whether ``stop`` said to stop before the batch update.
        If anything cuts it short (Ctrl-C, a refused change, a callback that raises), the weights,
        Δw(t−1), the History and ``record`` are put back as they were before it, so it can be run again."""
        groups, sweeps = self.network.weight_groups, self.history.sweeps
        saved = [list(group[0].w) for group in groups], [list(last) for last in self.last_changes]
        finished = False
        try:
            stopped = stop(self._measure(cases))
            if not (stopped or self.online):
                self._update(self.history.sweeps)
            finished = True
            return stopped
        finally:
            if not finished:
                for group, w, last, last_saved in zip(groups, saved[0], self.last_changes, saved[1]):
                    group[0].w[:], last[:] = w, last_saved
                self.history.truncate(sweeps)
                if record is not None:
                    record.truncate(sweeps)

    def _measure(self, cases: Cases) -> float:
        """Forward and backward over every case, summing ∂E/∂w; record E in the History.
        Online, the weights change after every case here; in batch mode ``_sweep`` changes them once, after."""
        net, online, number = self.network, self.online, self.history.sweeps + 1
        E, most, right = 0.0, 0.0, 0
        net.zero_gradients()
        try:
            # to_inputs=False: equation 7 into the input units would give a ∂E/∂y that no weight needs.
            for k, (outputs, targets, error) in enumerate(net.backpropagate(cases, self.margin, to_inputs=False)):
                E += error
                miss = largest_miss(outputs, targets)
                right += is_right(miss)
                if miss > most:
                    most = miss
                if online:
                    self._update(number)
                    if k < len(cases) - 1:  # the last case's ∂E/∂w stays, for a Recording to read
                        net.zero_gradients()
        except FloatingPointError as error:
            if str(error).startswith("sweep "):  # a refused change (online): it names the sweep already
                raise
            raise checks.refused_forward(number, error, net) from None
        self.history.record(E, most, right)
        return E

    def _update(self, sweep: int) -> None:
        """Change every weight by (8) and (9), then decay it; a weight group (one neuron, or tied copies
        sharing one ``w``) changes once. The bias, the always-1 line's weight, changes like the others.
        A change that would make a weight non-finite is refused (``_sweep`` puts back the rest)."""
        learning_rate, momentum, keep = self.learning_rate, self.momentum, 1.0 - self.weight_decay
        for group, last_changes in zip(self.network.weight_groups, self.last_changes):
            w, dE_dw = group[0].w, self._gradients(group)
            steps = [-learning_rate * g for g in dE_dw]  # (8)
            if momentum:
                steps = [step + momentum * last for step, last in zip(steps, last_changes)]  # (9)
            new = [(w_ji + step) * keep for w_ji, step in zip(w, steps)]
            if not self.train_biases:
                new[-1], steps[-1] = w[-1], 0.0  # the bias neither learns nor decays
            check_finite_change(sweep, group[0], new)
            w[:], last_changes[:] = new, steps  # in place: the tied copies of a group share its w

    def _gradients(self, group: List[Neuron]) -> List[float]:
        """∂E/∂w of each weight of a group, the bias's last: one neuron's own; for tied copies the average
        of theirs, as the paper says (Fig. 5), or with ``tied="sum"`` their sum, ∂E/∂w of the shared value."""
        if len(group) == 1:
            return group[0].dE_dw
        sums = [sum(column) for column in zip(*[neuron.dE_dw for neuron in group])]
        return sums if self.tied == "sum" else [g / len(group) for g in sums]

    def checkpoint(self, path: "str | os.PathLike[str]") -> None:
        """Write the net, the settings, Δw(t−1) and the History to a JSON file (atomically), to ``resume``."""
        io.write(path, checkpoint.trainer_data(self))

    @classmethod
    def resume(cls, path: "str | os.PathLike[str]") -> "Trainer":
        """The Trainer of a checkpoint, its net included: training it again continues, bit for bit, the run
        that wrote the checkpoint, as if it had never stopped."""
        return io.read(path, lambda data: checkpoint.trainer_from_data(data, cls, Network.from_layers))[0]

    def __repr__(self) -> str:
        return (f"Trainer(ε={self.learning_rate:g}, α={self.momentum:g}, decay={self.weight_decay:g}, "
                f"margin={self.margin:g}, {'online' if self.online else 'batch'}, {self.history.sweeps} sweeps run)")
