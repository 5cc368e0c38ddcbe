"""Recording: named quantities, and snapshots of every weight, once a sweep while a Trainer trains.

    >>> import backprop as bp
    >>> net = bp.Network([2, 2, 1], seed=1)
    >>> recording = Recording(net, ["E", "w[o1←h1]", "∂E/∂w[o1←h1]", "y[o1] case 1"], weights=True)
    >>> history = bp.Trainer(net, learning_rate=0.5, momentum=0.9).train(bp.tasks.xor().cases, 600,
    ...                                                                  record=recording)
    >>> recording.sweeps[:3], len(recording.series["w[o1←h1]"]), len(recording.snapshots)
    ([1, 2, 3], 600, 600)
    >>> round(recording.series["y[o1] case 1"][-1], 3)   # the output for case 1 (inputs 0, 1) at sweep 600
    0.948

What a name reads, and when. ``Trainer.train`` calls ``take`` once a sweep, when all the sweep's
cases have been forwarded and back-propagated. In batch mode that is before the sweep's change:
the weights are those every case of the sweep saw, and ∂E/∂w is the sum over its cases, the very
gradient (8) is about to use. Online, it is after the sweep's last change: the weights are those
after the sweep, and ∂E/∂w is its last case's.

=========================  ===========================================================
name                       what is recorded
=========================  ===========================================================
``E``                      the sweep's E (3), as the History has it
``cases right``            how many cases had every output on the right side of 0.5
``largest miss``           the sweep's largest |y − d|
``w[o1←h1]``, ``bias[o1]``  a weight, by its line; ``weights=True`` keeps every weight
``∂E/∂w[o1←h1]``           its ∂E/∂w for the sweep (also ``dE_dw[o1←h1]``, ``∂E/∂bias[o1]``)
``y[h1] case 3``           unit h1's output for case 3 of the cases trained on, forwarded
                           at the weights above (also ``x[h1] case 3``)
=========================  ===========================================================

Reading ``y[h1] case 3`` forwards case 3 once more, so a callback that ``train`` calls after the
recording finds the units holding case 3's values, not the last case's. A sweep that is cut short
(Ctrl-C, a refused change) is taken back whole, its frame included (``truncate``).

Memory stays bounded: when a sweep would make more than ``max_frames`` frames, every other frame
is dropped and from then on one sweep in two is recorded (then one in four, …), so a run of any
length keeps at most ``max_frames`` frames (``frames()``), spread evenly over it; the first sweep
and the latest are always among them, the latest last even when it falls between the sweeps
recorded. A recording follows one trainer of its own network (``check``), as a History does.

Reading the numbers. ``values(name)`` gives two lists of the same length: the sweeps kept and the
value of ``name`` at each, the latest sweep included; ``value(name, sweep)`` one of them. (The
attributes ``sweeps`` and ``series[name]`` leave the latest out when it falls between the sweeps
kept.) Past ``max_frames`` sweeps the sweeps kept are thinned by doubling, so a sweep may be
missing: ``sweeps.index(5)`` then raises, and ``value`` says which sweeps are nearest.

    >>> long = Recording(bp.Network([2, 2, 1], seed=1), ["E", "w[o1<-h1]"], max_frames=4)
    >>> history = bp.Trainer(long.network).train(bp.tasks.xor().cases, 10, record=long)
    >>> sweeps, weights = long.values("w[o1<-h1]")   # <- for ←: any keyboard has it
    >>> sweeps, len(weights), long.stride             # one sweep in 4 kept, and the latest
    ([1, 4, 8, 10], 4, 4)
    >>> long.value("E", 8) == long.series["E"][2]
    True
    >>> long.value("E", 5)
    Traceback (most recent call last):
      ...
    KeyError: 'sweep 5 was not kept (one sweep in 4 is, to stay within 4 frames): the nearest are 4 and 8'

A recording records only while a Trainer trains with it: ``trainer.train(cases, sweeps,
record=recording)``. Training without ``record=`` leaves it empty, and what would draw it says so.
Names may be typed with ``<-`` for ``←`` (``w[o1<-h1]``, ``dE_dw[o1<-h1]``); ``series`` keeps each
name as it was typed, and ``values`` and ``value`` take either spelling. In a notebook a recording
shows the replay page of its run, inline, when it keeps every weight (``weights=True``), else the
curves of what it recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

from . import files
from .checkpoint import E_BOUND, MISS_BOUND, MOST_CASES, most_E, sweep_values
from .network import Network
from .quantities import Reader, canonical, reader
from .validate import describe

if TYPE_CHECKING:  # pragma: no cover
    import os

    from .trainer import Trainer

FORMAT = "backprop-recording"
EMPTY = ("a Recording records only while a Trainer trains with it: trainer.train(cases, sweeps, record=recording) "
         "(training without record= leaves it empty)")
Frame = Tuple[int, Dict[str, float], Optional[List[List[float]]]]  # (sweep, values by name, weights)


class Recording:
    """Named quantities and, with ``weights=True``, every weight, at each recorded sweep.

    ``sweeps[k]`` is the sweep of frame k; ``series[name][k]`` the value of ``name`` then, and
    ``snapshots[k][g]`` the weights (the ``w`` list) of weight group g (``network.weight_groups``).
    """

    def __init__(self, network: Network, quantities: Sequence[str] = ("E",), weights: bool = False,
                 max_frames: int = 1000) -> None:
        if not isinstance(network, Network):
            raise TypeError(f"a Recording records a Network, got {describe(network)}")
        names = None if isinstance(quantities, (str, bytes)) or not isinstance(quantities, Iterable) else \
            list(quantities)
        if names is None or not all(isinstance(name, str) for name in names):
            raise TypeError(f"quantities must be a list of names like ['E', 'w[o1←h1]'], got {describe(quantities)}")
        if isinstance(max_frames, bool) or not isinstance(max_frames, int) or max_frames < 2:
            raise ValueError(f"max_frames must be a whole number of at least 2, got {describe(max_frames)}")
        self.network, self.keep_weights, self.max_frames = network, bool(weights), max_frames
        self.readers: Dict[str, Reader] = {name: reader(network, name) for name in names}
        self.sweeps: List[int] = []
        self.series: Dict[str, List[float]] = {name: [] for name in names}
        self.snapshots: List[List[List[float]]] = []
        self.stride = 1  # one sweep in ``stride`` is recorded; it doubles each time the frames are thinned
        self.latest: Optional[Frame] = None  # the last sweep taken, when it is not among the recorded ones
        self.latest_before: Optional[Frame] = None  # ``latest`` before the last take: the latest again if
        # that sweep is taken back
        self.refused: Optional[int] = None  # a sweep ``take`` refused (``check``): nothing of it to take back
        # The trainer followed and the cases it trains on, as the last ``take`` saw them: what a notebook's replay
        # page needs beside the frames (a recording read from a file has neither).
        self.trainer: Optional["Trainer"] = None
        self.cases: Optional[Sequence[Tuple[Sequence[float], Sequence[float]]]] = None

    def check(self, trainer: "Trainer", sweep: Optional[int] = None) -> None:
        """Refuse a trainer this recording cannot follow: one of another network, or one whose ``sweep`` (by
        default its next) is not after the last sweep taken, as a second trainer's is (its count starts
        again). ``Trainer.train`` asks this before its first sweep, and ``take`` at every sweep, before it
        reads anything (a sweep refused there leaves the recording's frames as they were)."""
        if trainer.network is not self.network:
            raise ValueError(f"a Recording of {self.network!r} cannot follow a trainer of another network, "
                             f"{trainer.network!r}: make a Recording of the network trained")
        sweep = trainer.history.sweeps + 1 if sweep is None else sweep
        last = self.latest[0] if self.latest is not None else self.sweeps[-1] if self.sweeps else None
        if last is not None and sweep <= last:
            raise ValueError(f"sweep {sweep} is not after sweep {last}, the last recorded: a recording follows one "
                             f"trainer (make a Recording for each trainer)")

    def take(self, trainer: "Trainer", cases: Sequence[Tuple[Sequence[float], Sequence[float]]]) -> None:
        """Record this sweep (``Trainer.train`` calls this; see the module's text for the moment)."""
        sweep = trainer.history.sweeps
        try:
            self.check(trainer, sweep)
        except ValueError:
            self.refused = sweep  # the trainer takes it back: its truncate must leave the frames of the one followed
            raise
        self.refused = None
        self.trainer, self.cases = trainer, cases
        frame: Frame = (sweep, {name: read(trainer, cases) for name, read in self.readers.items()},
                        [list(group[0].w) for group in trainer.network.weight_groups] if self.keep_weights else None)
        self.latest_before, self.latest = self.latest, None
        if self.sweeps and sweep % self.stride:
            self.latest = frame
        else:
            self.sweeps.append(sweep)
            for name, value in frame[1].items():
                self.series[name].append(value)
            if frame[2] is not None:
                self.snapshots.append(frame[2])
        while len(self.sweeps) + (self.latest is not None) > self.max_frames:
            self.thin()
            if self.latest is None and self.sweeps[-1] != sweep:  # this sweep was thinned out: the latest still
                self.latest = frame

    def truncate(self, sweeps: int) -> None:
        """Forget the frames of sweeps after ``sweeps``: ``Trainer.train`` calls this when it takes back a
        sweep that was cut short (Ctrl-C, a refused change), as it truncates the History. The sweep before
        it is the latest again."""
        if self.refused == sweeps + 1:  # the sweep refused: nothing was taken from it
            self.refused = None
            return
        keep = sum(sweep <= sweeps for sweep in self.sweeps)
        self.sweeps = self.sweeps[:keep]
        self.series = {name: values[:keep] for name, values in self.series.items()}
        self.snapshots = self.snapshots[:keep]
        if self.latest is not None and self.latest[0] > sweeps:
            self.latest = None
        before = self.latest_before
        if self.latest is None and before is not None and before[0] <= sweeps and \
                (not self.sweeps or before[0] > self.sweeps[-1]):
            self.latest = before
        self.latest_before = None

    def thin(self) -> None:
        """Drop every other frame (never the first) and record one sweep in twice as many from now on."""
        self.stride *= 2
        keep = [k for k, sweep in enumerate(self.sweeps) if k == 0 or sweep % self.stride == 0]
        self.sweeps = [self.sweeps[k] for k in keep]
        self.series = {name: [values[k] for k in keep] for name, values in self.series.items()}
        if self.snapshots:
            self.snapshots = [self.snapshots[k] for k in keep]

    def frames(self) -> List[Frame]:
        """Every frame kept, the latest sweep included, as (sweep, values, weights)."""
        found: List[Frame] = [(sweep, {name: values[k] for name, values in self.series.items()},
                               self.snapshots[k] if self.snapshots else None) for k, sweep in enumerate(self.sweeps)]
        return found + ([self.latest] if self.latest is not None else [])

    def values(self, name: str) -> Tuple[List[int], List[float]]:
        """The sweeps kept and the values of ``name`` at them, the latest sweep included: two lists of the same
        length (empty before the first sweep recorded). ``name`` may be written with ``<-`` for ``←``."""
        name = self.key(name)
        frames = self.frames()
        return [sweep for sweep, _, _ in frames], [values[name] for _, values, _ in frames]

    def value(self, name: str, sweep: int) -> float:
        """The value of ``name`` at ``sweep``; a sweep not kept (past ``max_frames`` the sweeps kept are thinned
        by doubling) is refused, naming the nearest that are."""
        sweeps, values = self.values(name)
        if sweep in sweeps:
            return values[sweeps.index(sweep)]
        if not sweeps:
            raise KeyError(f"sweep {sweep} was not recorded: {EMPTY}")
        if not sweeps[0] < sweep < sweeps[-1]:
            raise KeyError(f"sweep {sweep} was not recorded: the sweeps recorded are {sweeps[0]} to {sweeps[-1]}")
        before = max(s for s in sweeps if s < sweep)
        after = min(s for s in sweeps if s > sweep)
        why = f"one sweep in {self.stride} is, to stay within {self.max_frames} frames" if self.stride > 1 else \
            "it was trained without record=recording"
        raise KeyError(f"sweep {sweep} was not kept ({why}): the nearest are {before} and {after}")

    def key(self, name: str) -> str:
        """The name under which ``name`` was recorded, as typed or with ``<-`` for ``←`` (or the other way)."""
        if name in self.series:
            return name
        for recorded in self.series:
            if canonical(recorded) == canonical(name):
                return recorded
        raise KeyError(f"{name!r} was not recorded; the names are {', '.join(self.series) or 'none'}")

    # ---- pictures ----------------------------------------------------------------------------

    def curve_svg(self, names: Optional[Sequence[str]] = None, log: bool = False, title: str = "") -> str:
        """The recorded series as curves on one plot, against the sweep (``log=True``: a log scale, on each
        side of 0 when a value is negative: ``draw.curves_svg``). Names are written with the arrow, ``w[o1←h1]``,
        however they were typed."""
        from .draw import curves_svg

        names = [self.key(name) for name in names or self.series]
        sweeps = self.values(names[0])[0]
        if not sweeps:
            raise ValueError(f"there is nothing to draw: {EMPTY}")
        shown = [canonical(name) for name in names]
        return curves_svg({label: self.values(name)[1] for label, name in zip(shown, names)}, log=log,
                          x_values=sweeps, title=title or f"{', '.join(shown)} per sweep",
                          y_label=shown[0] if len(shown) == 1 else "")

    def sparkline(self, name: str, width: int = 60) -> str:
        """One recorded series as a line of ▁▂▃▄▅▆▇█, with its first and last value beside it."""
        from .draw import sparkline

        values, name = self.values(name)[1], canonical(name)
        if not values:
            return f"{name}: — (nothing recorded yet: train with record=recording)"
        return f"{name}: {values[0]:.4g} {sparkline(values, width)} {values[-1]:.4g}"

    # ---- files -------------------------------------------------------------------------------

    def data(self) -> Dict[str, Any]:
        """The recording as JSON-ready data, with the network (its architecture and last weights)."""
        frames = self.frames()
        return {"format": FORMAT, "version": files.VERSION, "network": files.network_data(self.network),
                "sweeps": [sweep for sweep, _, _ in frames],
                "series": {name: [values[name] for _, values, _ in frames] for name in self.series},
                "snapshots": [weights for _, _, weights in frames] if self.keep_weights else [],
                "weights": self.keep_weights, "max_frames": self.max_frames, "stride": self.stride}

    def save(self, path: "str | os.PathLike[str]") -> None:
        """Write the recording to a JSON file (atomically, as ``Network.save`` does)."""
        files.write(path, self.data())

    @classmethod
    def load(cls, path: "str | os.PathLike[str]") -> "Recording":
        """Read a recording written by ``save``; its ``network`` is rebuilt with the last weights."""
        return files.read(path, cls.from_data)

    @classmethod
    def from_data(cls, data: Any, network: Optional[Network] = None) -> "Recording":
        """Rebuild a recording from ``data()``'s data, checking every part. Given ``network`` (a trainer's net of
        the same architecture, resumed from a checkpoint), the recording follows it, to record on."""
        files.check_kind(data, FORMAT, "recording", "recording version")
        built = files.network_from_data(data.get("network"), Network.from_layers)
        sweeps, series, snapshots = data.get("sweeps"), data.get("series"), data.get("snapshots")
        if not isinstance(sweeps, list) or not all(type(s) is int and s > 0 for s in sweeps) or \
                sweeps != sorted(set(sweeps)):
            raise ValueError(f'"sweeps" must be increasing whole numbers, got {describe(sweeps)}')
        if not isinstance(series, dict):
            raise ValueError(f'"series" must be an object of lists, got {describe(series)}')
        most, stride = data.get("max_frames", max(2, len(sweeps))), data.get("stride", 1)
        if type(most) is not int or not 2 <= most or type(stride) is not int or stride < 1:
            raise ValueError(f'"max_frames" and "stride" must be whole numbers of at least 2 and 1, got '
                             f"{describe(most)} and {describe(stride)}")
        weights = data.get("weights", bool(snapshots))  # files before version 0.2 say it by their snapshots
        if type(weights) is not bool or (snapshots and not weights):
            raise ValueError(f'"weights" must be true or false (true when there are snapshots), '
                             f"got {describe(weights)}")
        recording = cls(built, list(series), weights=weights, max_frames=max(most, len(sweeps)))
        recording.sweeps, recording.stride = sweeps, stride
        recording.series = {name: files.numbers(values, len(sweeps), f'"series" {name}', "a value")
                            for name, values in series.items()}
        for name, low, high, why in (("E", 0.0, most_E(built.output_size), E_BOUND),  # as in a checkpoint
                                     ("largest miss", 0.0, 1.0, MISS_BOUND),
                                     ("cases right", 0.0, MOST_CASES, "a count of cases")):
            if name in series:
                sweep_values(series[name], len(sweeps), f'"series" {name}', low, high, why, whole=name == "cases right",
                             sweeps=sweeps)
        if snapshots:
            if not isinstance(snapshots, list) or len(snapshots) != len(sweeps):
                raise ValueError(f'"snapshots" must hold one list of weights per sweep, got {describe(snapshots)}')
            sizes = [len(group[0].w) for group in built.weight_groups]
            for sweep, frame in zip(sweeps, snapshots):
                if not isinstance(frame, list) or len(frame) != len(sizes):
                    raise ValueError(f'"snapshots" of sweep {sweep}: expected {len(sizes)} lists of weights, one '
                                     f"per weight group, got {describe(frame)}")
                recording.snapshots.append([files.numbers(w, size, f'"snapshots" of sweep {sweep}')
                                            for w, size in zip(frame, sizes)])
        if network is not None:
            if repr(network) != repr(built) or [len(g) for g in network.weight_groups] != \
                    [len(g) for g in built.weight_groups]:
                raise ValueError(f"the recording is of {built!r}, not of {network!r}")
            recording.network = network
            recording.readers = {name: reader(network, name) for name in recording.series}
        return recording

    def _repr_html_(self) -> str:
        """In a notebook: the replay page of the run, inline (see ``draw.recording_html``)."""
        from .draw.notebook import recording_html

        return recording_html(self)

    def __repr__(self) -> str:
        frames = self.frames()
        span = f"sweeps {frames[0][0]}–{frames[-1][0]}" if frames else "no sweeps yet"
        return (f"<recording of {', '.join(self.series) or 'no quantity'}"
                f"{' and every weight' if self.keep_weights else ''}: {len(frames)} frames, {span}>")
