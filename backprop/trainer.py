"""Trainer: changes the weights by gradient descent (8) with the paper's momentum (9).

The network computes ∂E/∂w; the trainer owns everything about learning: ε, α, the previous
changes Δw(t−1), weight decay, the error margin, batch or online updates and when to stop.
"""

from __future__ import annotations

import math
from operator import sub
from typing import Callable, List, Optional, Sequence

from .checks import Case, check_cases, check_number, check_setting, describe
from .network import Network
from .neuron import Neuron


class History:
    """The E of every sweep a Trainer has run, and whether the last ``train`` reached its target.

    In batch mode a sweep's E is measured at the weights the sweep started from (the weights
    every case saw), before that sweep's update. In online mode the weights change after each
    case, and a sweep's E adds up each case's error at the weights it was presented to.
    """

    __slots__ = ("errors", "largest_misses", "cases_right", "target_error", "reached_target")

    def __init__(self) -> None:
        self.errors: List[float] = []
        self.largest_misses: List[float] = []  # each sweep's largest |y − d| over every output and case
        self.cases_right: List[int] = []  # each sweep's count of cases with every |y − d| < 0.5
        self.target_error: Optional[float] = None
        self.reached_target = False

    def record(self, error: float, largest_miss: float, cases_right: int) -> None:
        """Add one sweep's figures."""
        self.errors.append(error)
        self.largest_misses.append(largest_miss)
        self.cases_right.append(cases_right)

    def first_sweep_within(self, distance: float) -> Optional[int]:
        """The first sweep (counting from 1) at which every output was within ``distance`` of its target."""
        for sweep, miss in enumerate(self.largest_misses, start=1):
            if miss <= distance:
                return sweep
        return None

    @property
    def solved_at(self) -> Optional[int]:
        """The first sweep at which every output of every case was on the right side of 0.5."""
        for sweep, miss in enumerate(self.largest_misses, start=1):
            if miss < 0.5:
                return sweep
        return None

    @property
    def sweeps(self) -> int:
        """How many sweeps have been run, over every call of ``train`` and ``sweep``."""
        return len(self.errors)

    @property
    def error(self) -> float:
        """The E of the last sweep (NaN before the first)."""
        return self.errors[-1] if self.errors else math.nan

    def __repr__(self) -> str:
        if not self.errors:
            return "History(no sweeps yet)"
        target = ""
        if self.target_error is not None:
            verdict = "reached" if self.reached_target else "not reached"
            target = f", target E ≤ {self.target_error:g} {verdict}"
        return f"History({self.sweeps} sweeps, E {self.errors[0]:.6g} → {self.errors[-1]:.6g}{target})"


Callback = Callable[[int, float], Optional[bool]]


class Trainer:
    """Gradient descent on a Network: Δw(t) = −ε·∂E/∂w(t) + α·Δw(t−1) for every weight and bias.

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

    __slots__ = (
        "network", "_learning_rate", "_momentum", "_weight_decay", "_margin",
        "online", "train_biases", "tied", "history", "_last_steps",
    )

    def __init__(
        self,
        network: Network,
        learning_rate: float = 0.1,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
        margin: float = 0.0,
        online: bool = False,
        train_biases: bool = True,
        tied: str = "average",
    ) -> None:
        if not isinstance(network, Network):
            raise TypeError(f"a Trainer trains a Network, got {describe(network)}")
        self.network = network
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.margin = margin
        self.online = bool(online)
        self.train_biases = bool(train_biases)
        if tied not in ("average", "sum"):
            raise ValueError(f"tied must be 'average' (the paper's) or 'sum', got {tied!r}")
        self.tied = tied
        self.history = History()
        # Δw(t−1) of every weight group: its weights' changes, then its bias's (the always-1 line's).
        self._last_steps = [[0.0] * (len(group[0].weights) + 1) for group in network.weight_groups]

    # Settings are checked whenever they are set, so a schedule may change them between calls.
    @property
    def learning_rate(self) -> float:
        """ε: how far each change goes against ∂E/∂w; a finite number > 0."""
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self._learning_rate = check_setting(value, "learning_rate", 0.0)

    @property
    def momentum(self) -> float:
        """α: the fraction of the previous change added to this one; in [0, 1)."""
        return self._momentum

    @momentum.setter
    def momentum(self, value: float) -> None:
        self._momentum = check_setting(value, "momentum", 0.0, 1.0)

    @property
    def weight_decay(self) -> float:
        """The fraction every weight loses after each change; in [0, 1) (the paper: 0.002)."""
        return self._weight_decay

    @weight_decay.setter
    def weight_decay(self, value: float) -> None:
        self._weight_decay = check_setting(value, "weight_decay", 0.0, 1.0)

    @property
    def margin(self) -> float:
        """An output within this distance of its target counts as right; in [0, 0.5)."""
        return self._margin

    @margin.setter
    def margin(self, value: float) -> None:
        self._margin = check_setting(value, "margin", 0.0, 0.5)

    # ---- training ----------------------------------------------------------------------------

    def train(
        self,
        cases: Sequence[Case],
        sweeps: int,
        target_error: Optional[float] = None,
        callback: Optional[Callback] = None,
    ) -> History:
        """Run up to ``sweeps`` sweeps; stop early once E ≤ ``target_error``; return the History.

        ``callback(sweep, E)`` is called after every sweep (sweep counts from 1 over the
        trainer's life); returning True stops training. In batch mode a stop, by the target or
        by the callback, comes before that sweep's update, so the net keeps the weights whose E
        was just measured. A second call continues where the first stopped, momentum included.
        """
        pairs = check_cases(cases, self.network.input_size, self.network.output_size)
        if isinstance(sweeps, bool) or not isinstance(sweeps, int):
            raise TypeError(f"sweeps must be a whole number, got {describe(sweeps)}")
        if sweeps < 0:
            raise ValueError(f"sweeps must be >= 0, got {sweeps}")
        if target_error is not None:
            target_error = check_number(target_error, "target_error")
            if target_error < 0:
                raise ValueError(f"target_error must be >= 0, got {target_error!r}")
        if callback is not None and not callable(callback):
            raise TypeError(f"callback must be callable, got {describe(callback)}")
        history = self.history
        history.target_error = target_error
        history.reached_target = False
        for _ in range(sweeps):
            E = self._measure(pairs)
            history.reached_target = target_error is not None and E <= target_error
            stop = callback is not None and bool(callback(history.sweeps, E))
            if history.reached_target or stop:
                break  # before the batch update: the net keeps the weights this E was measured at
            self._finish_sweep()
        return history

    def sweep(self, cases: Sequence[Case]) -> float:
        """One sweep through every case, with its weight change(s); return its E."""
        pairs = check_cases(cases, self.network.input_size, self.network.output_size)
        E = self._measure(pairs)
        self._finish_sweep()
        return E

    def _measure(self, cases: List[Case]) -> float:
        """Forward and backward over every checked case, summing ∂E/∂w; record E in the History.

        Online, the weights change after every case here; in batch mode ``_finish_sweep``
        changes them once, afterwards.
        """
        net, margin, online = self.network, self._margin, self.online
        number = self.history.sweeps + 1
        E, largest_miss, right = 0.0, 0.0, 0
        if not online:
            net.zero_gradients()
        for inputs, targets in cases:
            if online:
                net.zero_gradients()
            outputs = net._forward(inputs)
            E += net._case_error(targets, margin)
            miss = max(map(abs, map(sub, outputs, targets)))  # this case's largest |y − d|, in C
            if miss < 0.5:
                right += 1
            if miss > largest_miss:
                largest_miss = miss
            net._backward(targets, margin, to_inputs=False)
            if online:
                self._update(number)
        if not math.isfinite(E):
            raise FloatingPointError(f"sweep {number}: the error E is not finite ({E}); are the targets huge?")
        self.history.record(E, largest_miss, right)
        return E

    def _finish_sweep(self) -> None:
        """In batch mode, the sweep's one change of every weight."""
        if not self.online:
            self._update(self.history.sweeps)

    def _update(self, sweep: int) -> None:
        """Change every weight and bias by (8) and (9), then decay; all or nothing.

        Tied neurons (a group sharing weights) change once, by their copies' ∂E/∂w combined.
        """
        learning_rate, momentum = self._learning_rate, self._momentum
        keep = 1.0 - self._weight_decay
        changes = []
        for group, last_steps in zip(self.network.weight_groups, self._last_steps):
            neuron = group[0]
            dE_dw = self._gradients(group)
            steps = [-learning_rate * g for g in dE_dw]  # (8)
            if momentum:
                steps = [step + momentum * last for step, last in zip(steps, last_steps)]  # (9)
            new = [(w + step) * keep for w, step in zip(neuron.weights + [neuron.bias], steps)]
            if not self.train_biases:
                new[-1] = neuron.bias
            if not math.isfinite(sum(new)):
                self._refuse_non_finite(sweep, neuron.name, new, [neuron.weight_name(k) for k in range(len(new) - 1)])
            changes.append((group, new, steps))
        # Only now, with every new value finite, is anything changed.
        for (group, new, steps), last_steps in zip(changes, self._last_steps):
            group[0].weights[:] = new[:-1]  # in place: the list object the group's neurons share
            for neuron in group:
                neuron.bias = new[-1]
            last_steps[:] = steps

    def _gradients(self, group: List[Neuron]) -> List[float]:
        """∂E/∂w of a group's weights, then its bias's (the always-1 line's, riding at the end).

        One neuron: its own. Tied copies: the average of theirs, as the paper says (Fig. 5), or
        their sum with ``tied="sum"``, which is ∂E/∂w of the one shared value.
        """
        rows = [neuron.dE_dw + [neuron.dE_dbias if self.train_biases else 0.0] for neuron in group]
        if len(rows) == 1:
            return rows[0]
        sums = [sum(column) for column in zip(*rows)]
        return sums if self.tied == "sum" else [g / len(rows) for g in sums]

    @staticmethod
    def _refuse_non_finite(sweep: int, unit: str, new: List[float], names: List[str]) -> None:
        for name, value in zip(names + [f"the bias of {unit}"], new):
            if not math.isfinite(value):
                raise FloatingPointError(
                    f"sweep {sweep}: unit {unit}: the change would make {name} non-finite "
                    f"({value}); lower the learning rate (weights left as they were)"
                )

    def __repr__(self) -> str:
        mode = "online" if self.online else "batch"
        return (
            f"Trainer(ε={self._learning_rate:g}, α={self._momentum:g}, decay={self._weight_decay:g}, "
            f"margin={self._margin:g}, {mode}, {self.history.sweeps} sweeps run)"
        )
