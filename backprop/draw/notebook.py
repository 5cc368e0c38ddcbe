"""What each object shows in a notebook (Jupyter, Colab, VS Code): a picture or a table, never only text.

A notebook shows the last expression of a cell through the object's ``_repr_svg_`` or ``_repr_html_``;
the core's classes define those in a line or two and call the functions here, on call, so that
``import backprop.neuron`` loads no picture code. Nothing here imports a package: the HTML and SVG are
written as strings, as every picture of the library is.

- ``Network``: its picture (``network_svg``); ``Layer``: its Hinton diagram (``hinton_svg``).
- ``History``: E per sweep (``history_svg``), the sweep where the target E was reached marked.
- ``Neuron``: its numbers and its equations for the last case, as ``explain`` writes them (``neuron_html``).
- ``Trainer``: its settings and its History's curve (``trainer_html``).
- ``Recording``: the replay page of the run, inline, in an ``<iframe srcdoc=...>`` (``recording_html``).

    >>> import backprop as bp
    >>> net = bp.Network([2, 2, 1], seed=1)
    >>> trainer = bp.Trainer(net, learning_rate=0.5, momentum=0.9)
    >>> history = trainer.train(bp.tasks.xor().cases, 2000, target_error=0.01)
    >>> "target E ≤ 0.01 reached at sweep" in history_svg(history)
    True
    >>> neuron_html(net.unit("h1")).startswith('<div class="backprop-neuron">')
    True
"""

from __future__ import annotations

import html
import math
import re
from types import SimpleNamespace
from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple, cast

from .charts import error_curve_svg

if TYPE_CHECKING:  # pragma: no cover  (the displays read the core's objects; they never import it)
    from ..history import History
    from ..narration import Step
    from ..network import Network
    from ..neuron import Neuron
    from ..recording import Recording
    from ..trainer import Trainer

REACHED = "#2a9d4b"  # the mark of the sweep where the target was reached
PAGE_HEIGHT = 780  # pixels: the page's controls, network and first panels; the rest scrolls inside the frame
# Notebooks align table cells to the right, for numbers; equations read better from the left.
STYLE = ("<style>.backprop-table td, .backprop-table th {text-align: left; vertical-align: top; "
         "padding: 0.1em 0.9em 0.1em 0.2em} .backprop-table caption {text-align: left}</style>")
TABLE = 'class="backprop-table"'


def first_sweep_at_or_below(errors: Sequence[float], target: float) -> Optional[int]:
    """The first sweep (counting from 1) whose E is at most ``target``, or None.

    >>> first_sweep_at_or_below([4.0, 2.0, 0.5, 0.05], 0.1), first_sweep_at_or_below([4.0], 0.1)
    (4, None)
    """
    return next((sweep for sweep, E in enumerate(errors, start=1) if E <= target), None)


def history_svg(history: "History") -> Optional[str]:
    """E per sweep (``error_curve_svg``); where the History has a target E, the first sweep at which E reached
    it is marked with a line and named, and the title says it; None before the first sweep (a notebook then
    shows the History's text)."""
    if not history.errors:
        return None
    target, sweeps = history.target_error, len(history.errors)
    if target is None:
        return error_curve_svg(history)
    reached = first_sweep_at_or_below(history.errors, target)
    if reached is None:
        return error_curve_svg(history, title=f"E per sweep ({sweeps} sweeps): target E ≤ {target:g} not reached")
    said = f"target E ≤ {target:g} reached at sweep {reached}"
    picture = error_curve_svg(history, title=f"E per sweep ({sweeps} sweeps): {said}", marks=[(reached, reached, "")])
    return mark_sweep(picture, reached, f"E = {history.errors[reached - 1]:.4g} ≤ {target:g} at sweep {reached}")


def mark_sweep(picture: str, sweep: int, label: str) -> str:
    """The picture with its (first) marked sweep drawn as a dashed line across the plot, a dot where the (first)
    curve is at ``sweep`` (its points are sweeps 1, 2, …), and ``label`` beside the line, on the side with room
    (a mark's own label starts at the mark: off the plot for the last sweep)."""
    found = re.search(r'<rect class="mark" x="([-0-9.]+)" y="([-0-9.]+)" width="[-0-9.]+" height="([-0-9.]+)"',
                      picture)
    curve = re.search(r'<polyline class="curve" points="([^"]*)"', picture)
    points = curve[1].split() if curve is not None else []
    width = re.search(r'viewBox="0 0 ([0-9.]+) ', picture)
    if found is None or width is None:
        return picture  # drawn some other way: the title still says it
    x, top, height = (float(found[k]) for k in (1, 2, 3))
    left_side = x > float(width[1]) / 2
    text_x, anchor = (x - 6, "end") if left_side else (x + 6, "start")
    overlay = (f'<line class="reached" x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{top + height:.1f}" '
               f'stroke="{REACHED}" stroke-width="1.5" stroke-dasharray="5 3"/>\n'
               f'<text class="reached" x="{text_x:.1f}" y="{top + 16:.1f}" font-size="12" text-anchor="{anchor}" '
               f'fill="{REACHED}">{html.escape(label, quote=False)}</text>\n')
    if len(points) >= sweep:
        dot_x, dot_y = points[sweep - 1].split(",")
        overlay += (f'<circle class="reached" cx="{dot_x}" cy="{dot_y}" r="4.5" fill="{REACHED}" stroke="white" '
                    f'stroke-width="1.5"/>\n')
    end = picture.rindex("</svg>")
    return picture[:end] + overlay + picture[end:]


# ---- a neuron ------------------------------------------------------------------------------------------------


def neuron_html(neuron: "Neuron", network: Optional["Network"] = None,
                targets: Optional[Sequence[float]] = None) -> str:
    """A neuron's numbers for the last case forwarded (x, y, ∂E/∂y, ∂E/∂x, and each line's y, w and summed
    ∂E/∂w), then its equations for that case as ``explain`` writes them, as HTML tables.

    A neuron alone does not know the units it feeds, so its ∂E/∂y is shown with (4) or (7) named but not
    worked out; given its ``network`` (and, for an output unit, the case's ``targets``) the line is written
    in full, as ``explain(network, inputs, targets, unit=...)`` writes it. Each line's ∂E/∂w is the sum
    over the cases since ``zero_gradients`` (equation 6); when that is this case's alone, (6) is worked out.
    """
    from ..narration import Step, forward_steps, number, weight_steps

    name = html.escape(neuron.name)
    ys = [unit.y for unit in neuron.inputs] + [1.0]  # the always-1 line last, as in w
    names = [neuron.weight_name(k) for k in range(len(neuron.w))]
    senders = [unit.name for unit in neuron.inputs] + ["1 (always)"]
    done = neuron.dE_dy == neuron.dE_dy  # NaN until the backward pass of this case
    alone = SimpleNamespace(layers=[SimpleNamespace(is_input=False, units=[neuron], neurons=[neuron])])
    steps = [step for step in forward_steps(cast("Network", alone)) if step.equation]
    sent_down = f"Σ_j ∂E/∂x_j·w_j,{neuron.name} over the units it feeds (7)"
    meanings = {"(4)": "y − d (4)", "(7)": sent_down, "(4)+(7)": f"y − d (4) + {sent_down}"}
    meaning = f"y − d at an output unit (4); {sent_down}"
    if done:
        found = dE_dy_steps(neuron, network, targets)
        meaning = meanings.get(found[0].equation, meaning)
        steps += found
        (dE_dx_step, *gradient_steps) = weight_steps(neuron)
        steps.append(dE_dx_step)
        # The sums hold this case's ∂E/∂w alone (zeroed, then one backward pass): equation 6 worked out as it is.
        if all(g == neuron.dE_dx * y for g, y in zip(neuron.dE_dw, ys)):
            steps += gradient_steps
        else:
            shares = [f"∂E/∂x·y_{unit.name}" for unit in neuron.inputs] + ["∂E/∂x·1"]
            steps += [Step(step.unit, step.equation,
                           f"∂E/∂{step.unit} = {number(g)}, summed over the cases since zero_gradients "
                           f"(this case adds {share})")
                      for step, g, share in zip(gradient_steps, neuron.dE_dw, shares)]
    numbers = "".join(
        row(f"<b>{symbol}</b>", value, html.escape(meaning)) for symbol, value, meaning in (
            ("x", number(neuron.x), "total input Σ_i y_i·w_ji (1)"),
            ("y", number(neuron.y), "output 1/(1+e^−x) (2)"),
            ("∂E/∂y", number(neuron.dE_dy) if done else "?", meaning),
            ("∂E/∂x", number(neuron.dE_dx) if done else "?", "∂E/∂y·y·(1−y) (5)")))
    lines = "".join(row(html.escape(line), html.escape(sender), number(y), number(w), number(g))
                    for line, sender, y, w, g in zip(names, senders, ys, neuron.w, neuron.dE_dw))
    equations = "".join(row(html.escape(step.unit), html.escape(step.text), step.equation) for step in steps)
    waiting = "" if done else ("<p>∂E/∂y and ∂E/∂x show ? until this case is back-propagated: "
                               "<code>net.backward(targets)</code> computes them (and adds this case's ∂E/∂w "
                               "into the sums).</p>")
    return (f'<div class="backprop-neuron">{STYLE}'
            f"<table {TABLE}><caption>neuron <b>{name}</b>: the last case forwarded</caption>{numbers}</table>"
            f"<table {TABLE}><tr>{head('line', 'from', 'y_i', 'w', '∂E/∂w summed since zero_gradients (6)')}</tr>"
            f"{lines}</table>"
            f"<table {TABLE}><caption>its equations for that case, as <code>bp.explain</code> writes them"
            f"</caption>{equations}</table>{waiting}</div>")


def dE_dy_steps(neuron: "Neuron", network: Optional["Network"], targets: Optional[Sequence[float]]) -> List["Step"]:
    """The line of ∂E/∂y: ``explain``'s own, given the network (and the targets for an output unit), else the
    value with the equations that would make it named."""
    from ..narration import Step, backward_steps, number

    if network is not None:
        is_output = any(unit is neuron for unit in network.output_units)
        if targets is not None or not is_output:
            # for a hidden unit the targets are not read: the output units' lines are dropped below
            given = list(targets) if targets is not None else [math.nan] * network.output_size
            found = backward_steps(network, given)
            return [step for step in found if step.unit == neuron.name and step.equation in ("(4)", "(7)", "(4)+(7)")]
    return [Step(neuron.name, "(4) or (7)",
                 f"∂E/∂y = {number(neuron.dE_dy)}: by (4) if {neuron.name} is an output unit, by (7) from the units "
                 f"it feeds if not; bp.draw.neuron_html(unit, net, targets) writes the terms")]


def row(*cells: str) -> str:
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def head(*cells: str) -> str:
    return "".join(f"<th>{html.escape(cell)}</th>" for cell in cells)


# ---- a trainer ------------------------------------------------------------------------------------------------


def trainer_html(trainer: "Trainer") -> str:
    """A trainer's settings, what each does, and its History's curve (the same picture as the History's)."""
    tied = any(len(group) > 1 for group in trainer.network.weight_groups)
    settings: List[Tuple[str, str, str]] = [
        ("network", html.escape(repr(trainer.network)), ""),
        ("learning rate ε", f"{trainer.learning_rate:g}", "Δw = −ε·∂E/∂w (8)"),
        ("momentum α", f"{trainer.momentum:g}", "Δw(t) = −ε·∂E/∂w(t) + α·Δw(t−1) (9)"),
        ("weight decay", f"{trainer.weight_decay:g}", "the fraction every weight loses after each change"),
        ("margin", f"{trainer.margin:g}", "an output within this distance of its target counts no error"),
        ("updates", "online" if trainer.online else "batch",
         "a change after every case" if trainer.online else "∂E/∂w summed over every case, one change a sweep"),
        ("biases", "trained" if trainer.train_biases else "kept as they are", ""),
    ]
    if tied:
        settings.append(("tied copies", trainer.tied, "a tied weight changes by the " +
                         ("average" if trainer.tied == "average" else "sum") + " of its copies' ∂E/∂w"))
    history = trainer.history
    runs = f"{history.sweeps}" + (f", E = {history.error:.6g}" if history.errors else "")
    settings.append(("sweeps run", runs, ""))
    table = "".join(row(f"<b>{html.escape(what)}</b>", value, html.escape(meaning))
                    for what, value, meaning in settings)
    curve = history_svg(history)
    shown = curve if curve is not None else "<p>No sweep run yet: <code>trainer.train(cases, sweeps)</code>.</p>"
    return f'<div class="backprop-trainer">{STYLE}<table {TABLE}><caption>Trainer</caption>{table}</table>{shown}</div>'


# ---- a recording ---------------------------------------------------------------------------------------------


def recording_html(recording: "Recording", cases: Optional[Sequence[Tuple[Sequence[float], Sequence[float]]]] = None,
                   history: Optional["History"] = None, height: int = PAGE_HEIGHT) -> str:
    """The replay page of a recorded run (``replay_html``, the same self-contained page), inline in an
    ``<iframe srcdoc=...>``, so a notebook replays a run where it was trained.

    ``cases`` and ``history`` default to those of the trainer the recording followed (a recording read from
    a file has none: give them). A recording without every weight shows the curves of what it recorded, and
    an empty one says how to record.
    """
    from ..recording import EMPTY
    from .replay import replay_html

    trainer = recording.trainer
    cases = cases if cases is not None else recording.cases
    history = history if history is not None else trainer.history if trainer is not None else None
    said = f"<p><code>{html.escape(repr(recording))}</code></p>"
    if not recording.frames():
        return f'<div class="backprop-recording">{said}<p>Nothing recorded yet. {html.escape(EMPTY)}.</p></div>'
    if not recording.keep_weights or cases is None:
        why = ("the replay page needs every weight: record with <code>bp.Recording(net, ['E'], weights=True)</code>"
               if not recording.keep_weights else
               "the replay page needs the cases: <code>bp.draw.recording_html(recording, cases)</code>")
        return f'<div class="backprop-recording">{said}{recording.curve_svg()}<p>{why}.</p></div>'
    margin, online = (trainer.margin, trainer.online) if trainer is not None else (0.0, False)
    # The trainer's settings as they are now, for every sweep; if they changed during the run, the page
    # notices (the changes it works out would not give the next sweep's weights) and reads them instead.
    schedule = [(1, trainer.learning_rate, trainer.momentum, trainer.weight_decay)] if trainer is not None else []
    tied = trainer.tied if trainer is not None else "average"
    page = replay_html(recording, cases, history, margin=margin, online=online, schedule=schedule, tied=tied)
    return f'<div class="backprop-recording">{said}{iframe(page, height)}</div>'


def iframe(page: str, height: int = PAGE_HEIGHT) -> str:
    """A whole HTML page inline: an iframe whose ``srcdoc`` is the page, escaped (``&``, ``<``, ``>`` and both
    quotes), and sandboxed: its script runs, but cannot reach the notebook around it.

    >>> iframe('<p title="a">x & y</p>', 100)
    '<iframe srcdoc="&lt;p title=&quot;a&quot;&gt;x &amp; y&lt;/p&gt;" sandbox="allow-scripts" \
style="width: 100%; height: 100px; border: 1px solid #ccc"></iframe>'
    """
    return (f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
            f'style="width: 100%; height: {height}px; border: 1px solid #ccc"></iframe>')
