"""The two notes a verdict on the nine may carry: what the nudge measures for a wrong (6) or (7), and why a
logistic that overflows far out still counts as right."""

from __future__ import annotations

from typing import Sequence, Tuple

from .language import _
from .probes import WORKED, Probe
from .runner import Event


def nudge_words(probe: Probe) -> str:
    """What the nudge measures for the derivative a wrong (6) or (7) should have given."""
    if probe.number == 6:
        name = probe.part("weight")
        moved, quantity = name, f"∂E/∂{name}"
    else:
        name = probe.part("unit")
        moved = _("the y of {unit} (which the units it feeds see)").format(unit=name)
        quantity = _("∂E/∂y of {unit}").format(unit=name)
    command = (_(" (python -m backprop explain worked-example --nudge '{name}' shows it)").format(
        name=name.replace("←", "<-")) if WORKED in probe.where else "")
    return _("the nudge: moving {moved} by 1e-06 and passing the case forward again changes E by {change}, a change "
             "of {slope} per unit; that is {quantity} for this case{command}.").format(
        moved=moved, change=f"{1e-6 * (probe.nudged or 0.0):.6g}", slope=f"{probe.nudged:.7g}", quantity=quantity,
        command=command)


def far_out_note(found: Sequence[Tuple[Probe, Event]]) -> str:
    """One note for a logistic right everywhere but far out, worded for what happened there."""
    probe, answer = found[0]
    x = probe.args[0]
    what = answer["problem"] or _("returned {value} where the right value is {right}").format(
        value=repr(answer["value"]), right=repr(probe.right))
    overflowed = "OverflowError" in what
    why = (_("e^{size} is beyond the largest float (about 1.8e308), so math.exp({size}) cannot be computed").format(
        size=f"{abs(x):g}") if overflowed else _("the formula loses the value there"))
    way = (_("return math.exp(x_j) where x_j is that far below 0: there 1/(1 + e^(−x_j)) and e^(x_j) are "
             "equal to the last bit, and e^(x_j) does not overflow") if x < 0
           else _("compute it as 1/(1 + e^(−x_j)), which needs only e^(−x_j), and that is 0 there"))
    return _("note: at x_j = {x}, yours {what}: {why}. Training never takes a total input that far, so (2) counts "
             "as right; to have it hold there too, {way}.").format(x=f"{x:g}", what=what.splitlines()[0], why=why,
                                                                   way=way)
