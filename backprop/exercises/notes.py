"""The two notes a verdict on the nine may carry: what the nudge measures for a wrong (6) or (7), and why a
logistic that overflows far out still counts as right."""

from __future__ import annotations

from typing import Any, Dict, Sequence, Tuple

from .probes import WORKED, Probe

Event = Dict[str, Any]


def nudge_words(probe: Probe) -> str:
    """What the nudge measures for the derivative a wrong (6) or (7) should have given."""
    if probe.number == 6:
        name = probe.where.split(" of ", 1)[0]
        moved, quantity = name, f"∂E/∂{name}"
    else:
        name = probe.where.split(" ")[1]
        moved, quantity = f"the y of {name} (which the units it feeds see)", f"∂E/∂y of {name}"
    command = (f" (python -m backprop explain worked-example --nudge '{name.replace('←', '<-')}' shows it)"
               if WORKED in probe.where else "")
    return (f"the nudge: moving {moved} by 1e-06 and passing the case forward again changes E by "
            f"{1e-6 * (probe.nudged or 0.0):.6g}, a change of {probe.nudged:.7g} per unit; that is {quantity} for "
            f"this case{command}.")


def far_out_note(found: Sequence[Tuple[Probe, Event]]) -> str:
    """One note for a logistic right everywhere but far out, worded for what happened there."""
    probe, answer = found[0]
    x = probe.args[0]
    what = answer["problem"] or f"returned {answer['value']!r} where the right value is {probe.right!r}"
    overflowed = "OverflowError" in what
    why = (f"e^{abs(x):g} is beyond the largest float (about 1.8e308), so math.exp({-x if x < 0 else x:g}) cannot "
           f"be computed" if overflowed else "the formula loses the value there")
    way = ("1/(1 + e^(−x_j)) is e^(x_j) to the last bit there" if x < 0
           else "1/(1 + e^(−x_j)) needs only e^(−x_j), which is 0 there")
    return (f"note: at x_j = {x:g}, yours {what.splitlines()[0]}: {why}. Training never takes a total input that far, "
            f"so (2) counts as right; to have it hold there too, {way}.")
