"""Hints for the sweep part: the typical mistakes of the algorithm, each recognised from its evidence.

The evidence is what the learner's functions did: the values they left (sums, weights, Δw), and
the calls their sweep made to their nine equations (``Recorder``): which unit ``dE_dx`` was called
for first, what ∂E/∂y it was given, whether ``total_input`` was given the always-1 line. A hint
names the mistake and why it matters; when none fits, it says what the evidence shows.
"""

from __future__ import annotations

from typing import Any, List, Optional, Sequence, Tuple

from ..narration import nudge
from ..network import Network
from .hints import close
from .language import N_, _
from .sweep_probes import LEFT_OVER, CaseValues, Plain, ProbeNet, SweepValues, add

Call = Tuple[str, Tuple[Any, ...], Any]  # one call of the learner's nine: its name, its arguments, what it returned


def all_same(got: Any, right: Any) -> bool:
    """Nested lists of numbers equal up to rounding, shape included."""
    if isinstance(right, (list, tuple)):
        return (isinstance(got, (list, tuple)) and len(got) == len(right)
                and all(all_same(a, b) for a, b in zip(got, right)))
    try:
        return close(float(got), right)
    except (TypeError, ValueError):
        return False


def calls_of(calls: Sequence[Call], name: str) -> List[Call]:
    return [call for call in calls if call[0] == name]


# ---- forward -------------------------------------------------------------------------------------------------

BIAS_IN_PASS = N_("the always-1 line is left out of the pass: total_input was given a y without the 1.0 at its "
                  "end, so no unit's x has its bias. ys holds the outputs only; where layer l reads its lines, the "
                  "1.0 comes last (ys[l] + [1.0]), matching the bias at the end of each row of w.")


def forward_hint(probe: ProbeNet, calls: Sequence[Call], xs: Any, ys: Any, right: CaseValues, which: int,
                 place: Sequence[int]) -> str:
    for __, args, ___ in calls_of(calls, "total_input"):
        j, y, w = args
        if isinstance(w, list) and isinstance(y, list) and 0 <= j < len(w) and len(y) == len(w[j]) - 1:
            return _(BIAS_IN_PASS)
    if which == 1 and place[0] == 0:
        return _("ys[0] is the case's inputs, as given; the outputs of layer l follow as ys[l + 1].")
    if which == 1:
        k, j = place[0] - 1, place[1]
        if close(ys[k + 1][j], xs[k][j]):
            return _("ys holds the total input x where the output y belongs: each unit's y is its x through "
                     "logistic (equation 2).")
    k = place[0] if which == 0 else place[0] - 1
    if k > 0:
        for __, args, ___ in calls_of(calls, "total_input"):
            y = args[1]
            if isinstance(y, list) and all_same(y[:-1], right.xs[k - 1]):
                return _("layer {layer} was given the total inputs x of layer {below}; a layer reads the outputs y "
                         "of the layer below it.").format(layer=k, below=k - 1)
    return _("each of your nine equations is right on its own, so look at what forward hands them: for each layer "
             "in order, which y list (the layer below's outputs, then 1.0), which w (that layer's) and which j. The "
             "docstring's example is the worked 2-2-2 net.")


# ---- backward ------------------------------------------------------------------------------------------------

def unit_of(y_j: Any, right: CaseValues) -> Optional[Tuple[int, int]]:
    """Which unit (layer, position) has this y, in this case; None if none."""
    for k, outputs in enumerate(right.ys[1:]):
        for j, y in enumerate(outputs):
            if isinstance(y_j, float) and y_j == y:
                return k, j
    return None


def backward_hint(probe: ProbeNet, calls: Sequence[Call], sums: Plain, before: Plain, expected: Plain,
                  right: CaseValues, earlier: Sequence[CaseValues], place: Tuple[int, int, int], weights: Any) -> str:
    last = len(probe.weights) - 1
    names = probe.names.units
    if weights != probe.weights:
        return _("backward changed the weights before the backward pass ended, so equation 7 sent ∂E/∂y down along "
                 "weights the case never went forward with. The weights change once the sweep is over "
                 "(change_weights, called by train).")
    fives = [(unit_of(call[1][2], right), call[1]) for call in calls_of(calls, "dE_dx")]
    if fives and fives[0][0] is not None and fives[0][0][0] != last:
        k, j = fives[0][0]
        return _("the layers were walked forward: dE_dx was first called for {unit}, of layer {layer}, before any "
                 "unit of the output layer had its ∂E/∂x. ∂E/∂y starts at the outputs (dE_dy_at_output) and goes "
                 "down: layer {last} first, layer 0 last, each layer's ∂E/∂y from the layer above it.").format(
            unit=names[k][j], layer=k, last=last)
    for where, args in fives:
        if where is None or where[0] == last:
            continue
        k, j = where
        if not close(args[0], right.dE_dy[k][j]):
            carried = right.dE_dy[k][j] + sum(values.dE_dy[k][j] for values in earlier)
            if earlier and (close(args[0], carried) or close(args[0], right.dE_dy[k][j] + earlier[-1].dE_dy[k][j])):
                return _("∂E/∂y of the hidden unit {unit} carried the case before's into this one: dE_dx was given "
                         "{given}, this case's ∂E/∂y plus the earlier case's. Equation 7 adds up what each unit "
                         "above sends, for this case alone: a hidden unit's ∂E/∂y starts from 0 at every case, "
                         "before anything is added into it.").format(unit=names[k][j], given=repr(args[0]))
            return _("dE_dx for the hidden unit {unit} was given ∂E/∂y = {given}; this case's is {right}. A hidden "
                     "unit's ∂E/∂y is what the layer above sends down to it, dE_dy_sent_down along that layer's "
                     "weights, for this case.").format(unit=names[k][j], given=repr(args[0]),
                                                       right=repr(right.dE_dy[k][j]))
    if earlier and all_same(sums, right.dE_dw):
        return _("backward replaced what sums held by this case's ∂E/∂w: it must add into sums, which gathers "
                 "every case of a sweep (set to 0 once, by sweep, before the first case).")
    k, j, i = place
    bias_only = all(close(sums[m][k][n], expected[m][k][n]) for m, w in enumerate(sums) for k, row in enumerate(w)
                    for n in range(len(row) - 1))
    if i == len(sums[k][j]) - 1 and bias_only:
        return _("the always-1 line is left out of the backward pass: every ∂E/∂w is right but the biases'. The bias "
                 "is the weight of the line whose y is 1.0, the last of each row: dE_dw for i from 0 to the last line "
                 "(len(ys[l]) + 1 lines into layer l).")
    counts = {name: len(calls_of(calls, name)) for name in ("dE_dy_at_output", "dE_dx", "dE_dw", "dE_dy_sent_down")}
    units = sum(len(w) for w in probe.weights)
    lines = sum(len(row) for w in probe.weights for row in w)
    return _("for this case your backward called dE_dy_at_output {outputs} times, dE_dx {fives}, dE_dw {sixes} and "
             "dE_dy_sent_down {sevens}; this net has {output_units} output units, {units} units with weights and "
             "{weights} weights. Look at what each call was given for {weight}: ∂E/∂x of {unit}, and the y on its "
             "line.").format(outputs=counts["dE_dy_at_output"], fives=counts["dE_dx"], sixes=counts["dE_dw"],
                             sevens=counts["dE_dy_sent_down"], output_units=len(names[-1]), units=units, weights=lines,
                             weight=probe.names.weights[k][j][i], unit=names[k][j])


def nudge_line(net: Network, inputs: Sequence[float], targets: Sequence[float], name: str, yours: float) -> List[str]:
    """What the nudge of weight ``name`` gives for this case, beside what the learner's code added for it."""
    found = nudge(net, inputs, targets, name)
    return [_("the nudge: moving {name} by {step} and passing this case forward again changes its E by {change}, so "
              "∂E/∂{name} for this case is about {slope}; yours added {yours} for it").format(
        name=name, step=f"{found.step:g}", change=f"{found.E_after - found.E_before:.6g}", slope=f"{found.slope:.7g}",
        yours=repr(yours))]


# ---- sweep ---------------------------------------------------------------------------------------------------

def sweep_hint(kind: str, probe: ProbeNet, sums: Plain, per_case: Sequence[CaseValues], net_sums: Plain,
               E: float = 0.0) -> str:
    if kind == "weights":
        return _("the weights change once per sweep, after every case has gone forward and backward (the paper's "
                 "batch): sweep leaves them as they are, and train calls change_weights after it.")
    left = [[[LEFT_OVER] * len(row) for row in w] for w in probe.weights]
    if kind == "sums":
        if all_same(sums, add(left, net_sums)):
            return _("the sums were not set to 0 when the sweep began: each holds what the sweep before left ({left} "
                     "here) plus this sweep's. Every sweep sums its own cases: set every entry of sums to 0.0 before "
                     "the first case.").format(left=LEFT_OVER)
        if all_same(sums, left):
            return _("sums holds what it held before the call: sweep gathered its sums in a list of its own (sums = "
                     "...) that the caller never sees. Set the entries of the list sweep is given (sums[l][j][i] = "
                     "0.0, or sums[:] = zeros_like(weights)).")
        if all_same(sums, per_case[-1].dE_dw):
            return _("sums holds the last case's ∂E/∂w only: they were set to 0 before every case. In a batch sweep "
                     "they are set to 0 once, before the first case, and every case adds into them.")
        return _("sums must end as the sum, over this sweep's cases, of each case's ∂E/∂w, each case forward and "
                 "backward once by your forward and backward (if one of them is not right yet, it comes first).")
    if close(E, per_case[-1].E_c):
        return _("E is the last case's E_c: E adds up every case's (E = Σ_c E_c).")
    if close(E, sum(values.E_c for values in per_case) / len(per_case)):
        return _("E is the mean of the cases' E_c: the paper's E adds them up, it does not average them.")
    return _("E is every case's E_c (case_error of its outputs and targets), added up over the cases of the sweep "
             "(if forward is not right yet, it comes first).")


# ---- change_weights ------------------------------------------------------------------------------------------

PER_WEIGHT = N_("one Δw(t−1) is kept for several weights (a layer's, or a unit's): each weight keeps its own, "
                "last_changes[l][j][i] for weights[l][j][i], since each changed by its own amount.")


def change_hint(what: str, probe: ProbeNet, calls: Sequence[Call], given_last: Plain, library: Sequence[SweepValues],
                t: int, value: Any, place: Optional[Tuple[int, int, int]] = None) -> str:
    if what == "last_changes" and place is None:
        return _(PER_WEIGHT)
    momentum_calls = calls_of(calls, "weight_change_with_momentum")
    if t > 1 and not momentum_calls:
        return _("at the second sweep your change_weights called only weight_change: momentum is left out. "
                 "weight_change_with_momentum carries on α of each weight's last change.")
    if t > 1:
        lasts = [call[1][3] for call in momentum_calls]
        if all(last == 0.0 for last in lasts):
            return _("at the second sweep every Δw(t−1) given to weight_change_with_momentum was 0.0: the changes of "
                     "the sweep before were not kept. Set last_changes[l][j][i] to the change just made.")
        flat = [change for w in library[0].changes for row in w for change in row]
        rights = [change for w in given_last for row in w for change in row]
        if len(lasts) == len(rights) and any(not close(a, b) for a, b in zip(lasts, rights)) and all(
                any(close(a, b) for b in flat) for a in lasts):
            return _(PER_WEIGHT)
    if what == "last_changes" and all_same(value, given_last):
        return _("last_changes holds what it held before the call: the changes just made were not kept. "
                 "last_changes[l][j][i] keeps the Δw that weights[l][j][i] got, for the next sweep's momentum.")
    if what == "last_changes" and place is not None:
        k, j, i = place
        return _("{kept} keeps the change just made to {weight} (its Δw, from weight_change_with_momentum), for the "
                 "next sweep.").format(kept=f"last_changes[{k}][{j}][{i}]", weight=f"weights[{k}][{j}][{i}]")
    return _("each weight changes by weight_change_with_momentum of its own summed ∂E/∂w, ε, α and its own "
             "Δw(t−1), once a sweep: weights[l][j][i] += Δw.")


# ---- train ---------------------------------------------------------------------------------------------------

ONLINE = N_("train called sweep with {given} of the {all} cases: the weights then change after every case (online), "
            "where the paper's batch sweep goes through every case before any weight changes. Call sweep with all "
            "the cases, then change_weights, once a sweep.")
FRESH_CHANGES = N_("at sweep {sweep} every Δw(t−1) given to change_weights was 0.0: last_changes was made anew for "
                   "the sweep, so no change was carried on. Make it once, before the first sweep, as you make sums.")
STOP_LATE = N_("train changed the weights after sweep {sweep}, whose E = {E!r} is already ≤ the target {target:g}: "
               "stop as soon as a sweep's E ≤ target_error, before its weight change (the weights E was measured at "
               "are the ones that reached it).")
GO_ON = N_("train went on to sweep {sweep} after sweep {done} reached E = {E!r} ≤ {target:g}: stop at the first sweep "
           "whose E ≤ target_error.")
STOP_EARLY = N_("train stopped after sweep {sweep}, with E = {E!r} above the target {target:g} and sweeps left: go on "
                "until E ≤ target_error or most_sweeps sweeps have run.")
NO_CHANGE = N_("the weights at sweep {sweep} are those of the sweep before: change_weights was not called between "
               "the two sweeps.")


__all__ = ["BIAS_IN_PASS", "Call", "FRESH_CHANGES", "GO_ON", "NO_CHANGE", "ONLINE", "PER_WEIGHT", "STOP_EARLY",
           "STOP_LATE", "backward_hint", "change_hint", "forward_hint", "nudge_line", "sweep_hint"]
