"""The replay page: a recorded training run as one self-contained web page, to watch a net learn.

``replay_html(recording, cases, history)`` takes a ``Recording`` made with ``weights=True`` and
returns one HTML file: inline SVG, CSS and plain JavaScript (``replay.js`` and ``replay.css``
beside this module, written into the page), nothing fetched from any network. On it, a slider
runs over the recorded sweeps; at each, the network is drawn as ``network_svg`` draws it (lines
by the sign and size of w, units shaded by their y for the chosen case), E per sweep has a
cursor, every case shows its outputs and ✓ or ✗, and a clicked unit shows its equations (1)–(7)
for the chosen case, written as ``explain`` writes them. The cases held out are listed first, under
a heading of their own. The URL's fragment holds the view (``#sweep=700&case=12&unit=h1``), so a
link opens the page at that moment; a sweep the page does not hold is shown as the nearest one,
and the page says which.

The sweep's own numbers. Beside the chosen case's ∂E/∂w, the page shows for each weight of the
chosen unit the sweep's Σ∂E/∂w, summed over the cases trained on with the trainer's margin, in the
trainer's order (what a Recording reads as ``unit.dE_dw``, and, averaged over tied copies, what
equation 8 uses), and the change equations 8 and 9 made: Δw = −ε·Σ∂E/∂w + α·Δw(t−1), then the new
w, (w + Δw)·(1 − weight decay). The frame of a sweep holds its weights before its change, so the
page knows the new w where the next sweep is on the page (after the last sweep, the net's weights
now: ``weights_after``); ε, α and the weight decay it must be given (``schedule``, one setting per
phase: ``phase_schedule``). Δw(t−1) it works out sweep by sweep from sweep 1 (where it is 0), as the
trainer did, keeping each only where it gives the next sweep's recorded weights exactly; where it
cannot (a sweep before is not on the page, settings that do not give the recorded weights), Δw is
read from the next sweep's weights, and where that is not on the page either, (8)'s part alone is
shown. Online, the weights change after every case, at weights the page does not hold: it shows
the sweep's changes together.

Where the numbers come from. The page carries every recorded weight (exactly: the float's 8
bytes, in base64) and works out the forward and backward pass of the chosen case in the browser,
in the library's order: x = Σ w_ji·y_i over the lines in the order of ``w``, the bias last, summed
as this Python's ``sum`` does (3.12 and later compensate the rounding: the page does too), and
y = 1/(1 + e^−x). The one thing a browser may do differently is e^x: neither standard asks for a
correctly rounded exp. Chromium 156's ``Math.exp`` gives the C library's result on every value
tried, so the page's numbers are Python's to the last bit; an older engine (Node 20's) differs in
the last bit of about one e^x in ten, 10⁷ times below the 9 digits the equations show.
tests/test_replay.py opens pages in Chromium, measures which it is, and checks every number shown
against ``explain``, ``net.forward`` and the History.

A page holds at most ``max_bytes`` (2 MB); a Recording made with ``max_frames=frames_for_page(...)``
keeps every sweep while the page can hold them all. The network picture takes at most a
quarter of it: a net with more lines than that is drawn without its lines, and one with still
more units not drawn at all (its units' equations are still shown). When the weights of every
recorded sweep would not fit in the rest, the page keeps every n-th sweep for the smallest n that
fits (a multiple of the recording's own spacing), the first and the last; for a net so large that
three sweeps do not fit, the first and the last, or the last alone. What was left out is written
at the top of the page, and ``replay_page`` returns it in words for the command line. A run of
which not even one sweep fits is refused (``check_page_room`` says so before training).

Names can be anything: every ``<`` in the page's data is written ``\\u003c`` (no name ends or
hides the script), lookups by name in the script have no prototype to stumble on (a unit named
``constructor``), and long names are cut with "…" where the page shows them, whole in a tooltip.

    >>> import backprop as bp
    >>> net = bp.Network([2, 2, 1], seed=1)
    >>> recording = bp.Recording(net, ["E"], weights=True)
    >>> history = bp.Trainer(net, learning_rate=0.5, momentum=0.9).train(bp.tasks.xor().cases, 300,
    ...                                                                  record=recording)
    >>> page = replay_html(recording, bp.tasks.xor().cases, history)
    >>> page.startswith("<!DOCTYPE html>"), "https://" in page
    (True, False)
"""

from __future__ import annotations

import base64
import copy
import functools
import json
import math
import struct
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

from .labels import HintonPicture, View
from .network import role
from .page import asset, error_curve, megabytes, network_drawing, page, page_body

if TYPE_CHECKING:  # pragma: no cover
    from ..history import History
    from ..network import Network
    from ..recording import Recording

Case = Tuple[Sequence[float], Sequence[float]]
Setting = Tuple[int, float, float, float]  # (the first sweep it holds for, ε, α, weight decay)
MAX_BYTES = 2_000_000
# Python 3.12 made sum() of floats compensated (Neumaier); the page sums as the Python that made it does.
COMPENSATED_SUM = sum([1.0, 1e100, 1.0, -1e100]) == 2.0


def replay_html(recording: "Recording", cases: Sequence[Case], history: Optional["History"] = None,
                title: Optional[str] = None, held_out: Sequence[Case] = (), margin: float = 0.0,
                online: bool = False, max_bytes: int = MAX_BYTES, view: Optional[View] = None,
                schedule: Sequence[Setting] = (), tied: str = "average") -> str:
    """One self-contained HTML page that replays the recorded run (see the module's text).

    ``recording`` must keep every weight (``Recording(net, ["E"], weights=True)``); ``cases`` are
    the cases it was trained on, ``held_out`` any kept aside (shown, marked, below them). E per
    sweep comes from ``history`` (every sweep) or else from the recording's ``"E"``. ``margin``
    and ``online`` are the trainer's, for what the page says about (4) and about when the weights
    were read. ``view`` gives the task's words (its experiment's ``view``: the family trees' people
    and Fig. 4's Hinton diagram); without one, cases are their numbers. ``schedule`` gives the trainer's ε, α
    and weight decay from sweep to sweep (``phase_schedule`` makes it from a recipe's phases), and ``tied`` its
    way with tied copies: with them the page writes each sweep's change, equations (8) and (9); without, only
    ∂E/∂w summed over the sweep and the change read from the weights. ``replay_page`` takes the same and also
    says what the page left out to stay small.
    """
    return replay_page(recording, cases, history, title, held_out, margin, online, max_bytes, view, schedule,
                       tied)[0]


def replay_page(recording: "Recording", cases: Sequence[Case], history: Optional["History"] = None,
                title: Optional[str] = None, held_out: Sequence[Case] = (), margin: float = 0.0,
                online: bool = False, max_bytes: int = MAX_BYTES, view: Optional[View] = None,
                schedule: Sequence[Setting] = (), tied: str = "average") -> Tuple[str, List[str]]:
    """The page ``replay_html`` makes, and what it left out to stay within ``max_bytes``, in short notes
    for the command line (``["every 16th sweep of 4000 kept (251 of the 501 recorded)"]``; none when the
    page holds the whole recording). The same notes are written at the top of the page.

    >>> import backprop as bp
    >>> net = bp.Network([2, 2, 1], seed=1)
    >>> recording = bp.Recording(net, ["E"], weights=True)
    >>> history = bp.Trainer(net).train(bp.tasks.xor().cases, 400, record=recording)
    >>> page, notes = replay_page(recording, bp.tasks.xor().cases, history, max_bytes=100_000)
    >>> len(page.encode("utf-8")) <= 100_000, notes
    (True, ['every 2nd sweep of 400 kept (201 of the 400 recorded)'])
    """
    if not recording.keep_weights:
        raise ValueError("the replay page needs every weight: record with Recording(net, ['E'], weights=True)")
    frames = recording.frames()
    if history is not None:
        frames = [frame for frame in frames if frame[0] <= history.sweeps]  # a sweep cut short is taken back
    if not frames:
        raise ValueError("the recording has no sweeps yet: train with record=recording first")
    if history is None and "E" not in recording.series:
        raise ValueError("the page draws E per sweep: pass the History, or record 'E'")
    if tied not in ("average", "sum"):
        raise ValueError(f"tied must be 'average' (the paper's) or 'sum', as the trainer's, got {tied!r}")
    settings = checked_schedule(schedule)
    network = recording.network
    every = [([float(x) for x in inputs], [float(d) for d in targets]) for inputs, targets in [*cases, *held_out]]
    if not every:
        raise ValueError("the page needs the cases the net was trained on")
    for k, (inputs, targets) in enumerate(every):
        if len(inputs) != network.input_size or len(targets) != network.output_size:
            raise ValueError(f"case {k}: expected {network.input_size} inputs and {network.output_size} targets, "
                             f"got {len(inputs)} and {len(targets)}")
    errors_by_sweep = (dict(enumerate(history.errors, start=1)) if history is not None
                       else dict(zip(*recording.values("E"))))
    curve_sweeps = sorted(errors_by_sweep)
    title = title or f"{network!r}: {len(curve_sweeps)} sweeps"
    last = network_at(recording, frames[-1][2] or [])
    view = view or View()
    hinton = view.hinton(last, "") if view.hinton_on_page else None
    after, stopped = weights_after(network, frames[-1], history, online)
    data: Dict[str, Any] = {"title": title, "compensated": COMPENSATED_SUM, "margin": float(margin),
                            "online": bool(online), "schedule": [list(setting) for setting in settings],
                            "tied": tied, "stopped": stopped, **structure(last, hinton),
                            **case_data(last, every, len(held_out), view)}
    last.forward(every[0][0])  # the picture shows the first case's y until the script draws the chosen one
    picture, left_out = network_drawing(last, max_bytes)
    curve = error_curve(curve_sweeps, [errors_by_sweep[s] for s in curve_sweeps])

    def whole(kept: List[Any], notes: List[str], next_weights: Optional[List[List[float]]]) -> str:
        sweeps = [sweep for sweep, _, _ in kept]
        on_page = sweeps_note(recording, sweeps, curve_sweeps[-1],
                              megabytes(max_bytes) if len(kept) < len(frames) else "") if kept else ""
        # Said at the top where the recording left sweeps out; what the page left out, its notes say already.
        said = sweeps != list(range(1, curve_sweeps[-1] + 1)) and len(kept) == len(frames)
        body = page_body(last, title, online, margin, picture, curve, notes, max_bytes, hinton,
                         on_page if said else "")
        groups = [groups for _, _, groups in kept] + ([next_weights] if next_weights is not None else [])
        weights = [w for frame in groups for group in frame or [] for w in group]
        return page(body, {**data, "sweeps": [sweep for sweep, _, _ in kept], "after": next_weights is not None,
                           "onPage": on_page,
                           "errors": [errors_by_sweep[sweep] for sweep, _, _ in kept],
                           "weights": base64.b64encode(struct.pack(f"<{len(weights)}d", *weights)).decode("ascii")})

    frame_bytes = bytes_per_frame(network)
    empty = len(whole([], left_out, None).encode("utf-8"))
    most = (max_bytes - empty - 1000) // frame_bytes  # 1000: room for the notes on the sweeps kept
    if after is not None and (len(frames) < most or most >= 50):  # the weights after the last sweep's change: where
        most -= 1  # every sweep fits beside them, or where they take a fiftieth of the room or less
    else:
        after = None
    while True:
        if most < 1:
            raise ValueError(f"a replay page of at most {megabytes(max_bytes)} cannot hold this run: one sweep of "
                             f"its {weights_per_frame(network):,} weights takes {megabytes(frame_bytes)}, the rest "
                             f"of the page (the cases, the names, the pictures, the script) {megabytes(empty)}; give "
                             f"max_bytes="
                             f"{empty + frame_bytes + 1000:_} or more")
        kept = thinned(frames, most)
        notes = left_out + ([thinning_note(frames, kept)] if len(kept) < len(frames) else [])
        text = whole(kept, notes, after)
        if len(text.encode("utf-8")) <= max_bytes:
            return text, notes
        most = min(most, len(kept)) - 1  # the notes took more than the room kept for them: one frame fewer


def phase_schedule(phases: Sequence[Tuple[int, float, float]], weight_decay: float = 0.0,
                   decay_from: Optional[int] = 1) -> List[Setting]:
    """The ``schedule`` of a run trained phase by phase: ``phases`` as a recipe has them, (sweeps, ε, α) each, the
    last to the end; ``weight_decay`` from sweep ``decay_from`` on (the first sweep whose change decayed the
    weights; None: from none). Each setting is (the first sweep it holds for, ε, α, weight decay).

    >>> phase_schedule([(20, 0.005, 0.5), (0, 0.05, 0.9)], 0.0005)
    [(1, 0.005, 0.5, 0.0005), (21, 0.05, 0.9, 0.0005)]
    >>> phase_schedule([(0, 0.1, 0.9)], 0.002, decay_from=37)
    [(1, 0.1, 0.9, 0.0), (37, 0.1, 0.9, 0.002)]
    """
    starts, first = [], 1
    for sweeps, learning_rate, momentum in phases:
        starts.append((first, float(learning_rate), float(momentum)))
        first += sweeps
    decay_from = None if not weight_decay else decay_from
    settings: List[Setting] = []
    for k, (first, learning_rate, momentum) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else None
        decays = decay_from is not None and decay_from <= first
        settings.append((first, learning_rate, momentum, float(weight_decay) if decays else 0.0))
        if decay_from is not None and first < decay_from and (end is None or decay_from < end):
            settings.append((decay_from, learning_rate, momentum, float(weight_decay)))
    return settings


def checked_schedule(schedule: Sequence[Setting]) -> List[Setting]:
    """The ``schedule`` as floats, refused where a setting is not one a Trainer takes, or the first sweeps do not
    rise (a later setting replaces an earlier one from its first sweep on)."""
    settings: List[Setting] = []
    for k, setting in enumerate(schedule):
        try:
            first, learning_rate, momentum, decay = setting
        except (TypeError, ValueError):
            raise ValueError(f"schedule[{k}]: expected (first sweep, ε, α, weight decay), got {setting!r}") from None
        if isinstance(first, bool) or not isinstance(first, int) or first < 1 or \
                (settings and first < settings[-1][0]):
            raise ValueError(f"schedule[{k}]: the first sweep must be a whole number from 1, not below the one "
                             f"before, got {first!r}")
        numbers = [learning_rate, momentum, decay]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in numbers) \
                or not (learning_rate > 0 and 0 <= momentum < 1 and 0 <= decay < 1):
            raise ValueError(f"schedule[{k}]: expected ε > 0, α in [0, 1) and weight decay in [0, 1), "
                             f"got {learning_rate!r}, {momentum!r} and {decay!r}")
        settings.append((first, float(learning_rate), float(momentum), float(decay)))
    return settings


def weights_after(network: "Network", last: Any, history: Optional["History"],
                  online: bool) -> Tuple[Optional[List[List[float]]], bool]:
    """The weights after the last recorded sweep's change, and whether that sweep made none. In batch training
    the last frame holds the weights before its sweep's change; the net, if its History ends at that sweep,
    holds them after it (or the same weights: training stopped there, before its change)."""
    if online or history is None or history.sweeps != last[0] or last[2] is None:
        return None, False
    now = [list(group[0].w) for group in network.weight_groups]
    if now == last[2]:
        return None, True
    return now, False


def frames_for_page(network: "Network", cases: Sequence[Case] = (), max_bytes: int = MAX_BYTES) -> int:
    """The ``max_frames`` to give a ``Recording`` made for a page of at most ``max_bytes``: four times the sweeps
    whose weights the page holds beside its picture, script and ``cases`` (all of them, held-out ones too). The
    recording then keeps every sweep while the page can hold them all; past that, every 2nd, 4th … sweep, never
    fewer than the page holds, and the page keeps the smallest multiple of that which fits (at least two thirds
    of what it could hold).

    >>> import backprop as bp
    >>> frames_for_page(bp.Network([6, 2, 1]), bp.tasks.symmetry().cases) > 20_000
    True
    """
    frame_bytes = bytes_per_frame(network)
    every = [([float(x) for x in inputs], [float(d) for d in targets]) for inputs, targets in cases]
    besides = (bytes_of_the_net_and_script(network)
               + len(json.dumps(every, separators=(",", ":")).encode("utf-8")) + 60 * len(every)  # and labels
               + len(network_drawing(network, max_bytes)[0].encode("utf-8")) + 60_000)  # the curve, the text
    return max(2, 4 * ((max_bytes - besides) // frame_bytes - 1))  # - 1: the weights after the last change


def check_page_room(network: "Network", max_bytes: int = MAX_BYTES) -> None:
    """Refuse, before any training, a net of which one sweep cannot fit in a page of ``max_bytes`` beside the
    script, the style and the net's own description (which unit feeds which): ``replay_page`` would refuse it
    after training. A net that passes may still be drawn without its lines, with fewer sweeps; a page whose
    cases alone are too many can still be refused by ``replay_page``.

    >>> import backprop as bp
    >>> check_page_room(bp.Network([2, 2, 1]))
    >>> check_page_room(bp.Network([1000, 200, 1]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: a replay page of at most 2 MB cannot hold this net: one sweep of its 200,401 weights takes 2.14 MB, ...
    """
    frame_bytes, besides = bytes_per_frame(network), bytes_of_the_net_and_script(network)
    if frame_bytes + besides > max_bytes:
        raise ValueError(f"a replay page of at most {megabytes(max_bytes)} cannot hold this net: one sweep of its "
                         f"{weights_per_frame(network):,} weights takes {megabytes(frame_bytes)}, and the page needs "
                         f"{megabytes(besides)} besides")


def weights_per_frame(network: "Network") -> int:
    """The numbers one sweep's frame keeps: every weight, once for each set of tied copies."""
    return sum(len(group[0].w) for group in network.weight_groups)


def bytes_per_frame(network: "Network") -> int:
    """What one sweep takes on the page: its weights in base64, the sweep and its E."""
    return 4 * math.ceil(8 * weights_per_frame(network) / 3) + 40


def bytes_of_the_net_and_script(network: "Network") -> int:
    """What every page of this net holds whatever it replays: the net's description, the script and style."""
    return (len(json.dumps(structure(network), separators=(",", ":")).encode("utf-8"))
            + len(asset("replay.js").encode("utf-8")) + len(asset("replay.css").encode("utf-8")))


def network_at(recording: "Recording", weights: Sequence[Sequence[float]]) -> "Network":
    """A copy of the recording's network with the given weights (one list per weight group, as in
    ``recording.snapshots[k]``): the net as it was at that frame."""
    network = copy.deepcopy(recording.network)
    if weights:
        for group, w in zip(network.weight_groups, weights):
            group[0].w[:] = w  # in place: tied copies share one list
    return network


def thinned(frames: List[Any], most: int) -> List[Any]:
    """At most ``most`` frames, the first and the last always kept: every n-th sweep for the smallest n that
    fits, n a multiple of the recording's own spacing (when it kept every 8th sweep: every 8th, 16th, 24th …);
    evenly spaced instead if that keeps less than a third of ``most`` (an irregular recording). Where fewer
    than 3 fit (a large net), the first and the last, or the last alone."""
    if len(frames) <= most:
        return frames
    if most <= 2:
        return [frames[0], frames[-1]][2 - max(most, 1):]
    spacing = functools.reduce(math.gcd, [sweep for sweep, _, _ in frames[1:-1]])  # what the Recording kept
    for step in range(spacing, frames[-1][0] + 1, spacing):
        kept = [frame for k, frame in enumerate(frames) if k in (0, len(frames) - 1) or frame[0] % step == 0]
        if len(kept) <= most:
            if 3 * len(kept) >= most:
                return kept
            break
    places = sorted({round(k * (len(frames) - 1) / (most - 1)) for k in range(most)})
    return [frames[k] for k in places]


def thinning_note(frames: List[Any], kept: List[Any]) -> str:
    """What ``thinned`` kept, in words: ``every 16th sweep of 4000 kept (251 of the 501 recorded)``."""
    sweeps = [sweep for sweep, _, _ in kept]
    what = f"{len(kept)} of the {len(frames)} recorded"
    step = regular_step(sweeps)
    if step is not None:
        return f"every {ordinal(step)} sweep of {frames[-1][0]} kept ({what})"
    if len(kept) <= 5:
        return f"only sweep{'s' if len(kept) > 1 else ''} {', '.join(map(str, sweeps))} kept ({what})"
    return f"{what} sweeps kept, evenly spaced"


def sweeps_note(recording: "Recording", kept: List[int], last: int, page_room: str = "") -> str:
    """Which sweeps the page holds, in words, and why not all: ``every sweep, 1 to 1012``, ``every 2nd sweep of
    1012 (507 sweeps; the recording kept at most 1,000 frames)``; ``page_room``: the page left some of the
    recorded sweeps out to stay within that size."""
    why = (f"; to stay within {page_room}" if page_room else
           f"; the recording kept at most {recording.max_frames:,} frames" if recording.stride > 1 else "")
    if kept == list(range(kept[0], kept[-1] + 1)):
        return (f"every sweep, {kept[0]} to {kept[-1]}" + (f" of {last}" if kept[-1] != last else "")
                if len(kept) > 1 else f"sweep {kept[0]} alone")
    step = regular_step(kept)
    if step is not None:
        return f"every {ordinal(step)} sweep of {kept[-1]} ({len(kept):,} sweeps{why})"
    return f"{len(kept):,} of the {kept[-1]} sweeps{why}"


def regular_step(sweeps: List[int]) -> Optional[int]:
    """n where the sweeps between the first and the last are every n-th (multiples of n); else None.

    >>> regular_step([1, 4, 8, 12, 13]), regular_step([1, 4, 9, 13])
    (4, None)
    """
    inner = sweeps[1:-1]
    steps = {b - a for a, b in zip(inner, inner[1:])}
    if len(inner) >= 2 and len(steps) == 1 and inner[0] % min(steps) == 0:
        return min(steps)
    return None


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``22nd``."""
    ending = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{ending}"


# ---- what the page's script is given ----------------------------------------------------------------


def structure(network: "Network", hinton: Optional[HintonPicture] = None) -> Dict[str, Any]:
    """The net as index lists: its units, its neurons and their weight groups, its layers and their blocks."""
    units = network.units
    index = {id(unit): k for k, unit in enumerate(units)}
    neurons = network.neurons
    neuron_index = {id(neuron): k for k, neuron in enumerate(neurons)}
    group_of = {id(neuron): g for g, group in enumerate(network.weight_groups) for neuron in group}
    sizes = [len(group[0].w) for group in network.weight_groups]
    starts = [sum(sizes[:g]) for g in range(len(sizes))]
    kinds = {id(unit): role(network, layer) for layer in network.layers for unit in layer.units}
    layers = [{"feeding": [index[id(unit)] for unit in layer.feeding_units],
               "neurons": [neuron_index[id(neuron)] for neuron in layer.neurons],
               "blocks": [[start, [index[id(unit)] for unit in feeder.units]] for feeder, start in layer.blocks]}
              for layer in network.layers if not layer.is_input]
    return {
        "units": [{"name": unit.name, "kind": kinds[id(unit)]} for unit in units],
        "inputUnits": [index[id(unit)] for layer in network.input_layers for unit in layer.units],
        "hiddenUnits": [index[id(unit)] for layer in network.layers[:-1] if not layer.is_input for unit in layer.units],
        "outputUnits": [index[id(unit)] for unit in network.output_units],
        "neurons": [{"unit": index[id(neuron)], "at": starts[group_of[id(neuron)]],
                     "inputs": [index[id(unit)] for unit in neuron.inputs]} for neuron in neurons],
        "layers": layers,
        "perFrame": sum(sizes),
        "groups": [[neuron_index[id(neuron)] for neuron in group] for group in network.weight_groups],
        "hinton": None if hinton is None else [neuron_index[id(neuron)] for neuron in hinton.layer.neurons],
    }


def case_data(network: "Network", cases: List[Tuple[List[float], List[float]]], held_out: int,
              view: View) -> Dict[str, Any]:
    """The cases, a label for each, and names for the outputs where they have them (the family trees'
    people), in the task's own words (``view``)."""
    labels = [view.case_label(network, inputs, targets) for inputs, targets in cases]
    return {"cases": cases, "labels": labels, "heldOut": held_out, "outputNames": view.output_names(network)}


# ---- the page ---------------------------------------------------------------------------------------
