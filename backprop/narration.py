"""The equation-by-equation narration of one case: every number the paper's equations produce.

``explain(net, inputs, targets)`` runs ``forward`` and ``backward`` on the case, on a copy of the
net, and then *reads* what the equations left on the units (x, y, ∂E/∂y, ∂E/∂x, ∂E/∂w) and writes it out with
the terms that went into it. Nothing is recomputed a second way: each printed result is the
value the library computed; only the terms beside it are shown for the reader to check.

``nudge(net, inputs, targets, "w[o1<-h1]")`` is the one place that measures a second way, on
purpose: it moves one weight (or one unit's y) by 10⁻⁶, runs the case forward again, and sets the
change of E beside the derivative back-propagation gave.

    >>> import backprop as bp
    >>> net = bp.Network([1, 1], weight_range=0.0)
    >>> print(explain(net, [1.0], [1.0], unit="o1"))
    forward pass
      o1  x = 1×0 + 1×0 = 0   (1)
          y = 1/(1+e^−0) = 0.5   (2)
    backward pass
      o1  ∂E/∂y = y − d = 0.5 − 1 = -0.5   (4)
          ∂E/∂x = ∂E/∂y·y·(1−y) = -0.5×0.5×(1 − 0.5) = -0.125   (5)
          ∂E/∂w[o1←i1] = ∂E/∂x·y_i1 = -0.125×1 = -0.125   (6)
          ∂E/∂bias[o1] = ∂E/∂x·1 = -0.125   (6)
"""

from __future__ import annotations

from copy import deepcopy
from typing import List, NamedTuple, Optional, Sequence, Tuple

from .network import Network
from .neuron import Neuron, Unit
from .quantities import canonical
from .trainer import Trainer
from .validate import check_setting


class Step(NamedTuple):
    """One line of the narration: which unit, which equation, the worked expression."""

    unit: str
    equation: str  # the equation number in brackets, 1 to 8, or "" for an input's value
    text: str


def number(value: float) -> str:
    """A value to 9 significant digits, as the narration prints it.

    >>> number(0.59326999210718), number(0.35), number(-1e-12)
    ('0.593269992', '0.35', '-1e-12')
    """
    return f"{value:.9g}"


def factor(value: float) -> str:
    """A value as a second factor of a product: negative ones in brackets, 0.5×(−0.25)."""
    return f"({number(value)})" if value < 0 else number(value)


def total(terms: Sequence[str]) -> str:
    """Terms joined into a sum, written with a proper minus: 'a + b − c'."""
    text = " + ".join(terms)
    return text.replace("+ -", "− ")


def explain(network: Network, inputs: Sequence[float], targets: Sequence[float],
            learning_rate: Optional[float] = None, unit: Optional[str] = None, markdown: bool = False) -> str:
    """Narrate one case through equations (1)–(7), and (8) when a learning rate is given.

    The narration is worked out on a copy of ``network`` (``copy.deepcopy``, ties and all), so
    the network is left exactly as it was found: its weights, the summed ``dE_dw`` and every
    unit's x, y, ∂E/∂y and ∂E/∂x. ``unit="h1"`` keeps only that unit's lines; ``markdown=True``
    gives a table.
    """
    if unit is not None:
        network.unit(unit)  # a KeyError naming the missing unit, before anything runs
    if learning_rate is not None:
        learning_rate = check_setting(learning_rate, "learning_rate", 0.0)
    copy = deepcopy(network)
    copy.zero_gradients()
    copy.forward(inputs)
    E = copy.case_error(targets)
    copy.backward(targets)
    steps = forward_steps(copy) + [Step("", "(3)", error_text(copy, targets, E))] + backward_steps(copy, targets)
    if learning_rate is not None:
        steps += update_steps(copy, inputs, targets, learning_rate)
    if unit is not None:
        steps = [step for step in steps if step.unit == unit or step.unit.startswith(f"w[{unit}←")
                 or step.unit == f"bias[{unit}]" or step.unit in ("forward pass", "backward pass")
                 or (step.unit == "update" and not step.equation)]
    return render_markdown(steps) if markdown else render_text(steps)


def forward_steps(network: Network) -> List[Step]:
    """(1) and (2) for every unit, layer by layer, read from the units."""
    steps = [Step("forward pass", "", "")]
    for layer in network.layers:
        if layer.is_input:
            steps += [Step(unit.name, "", f"y = {number(unit.y)}   (the input)") for unit in layer.units]
        for unit in layer.neurons:
            ys = [i.y for i in unit.inputs] + [1.0]  # the always-1 line last, as in unit.w
            terms = [f"{number(y)}×{factor(w)}" for y, w in zip(ys, unit.w)]
            steps.append(Step(unit.name, "(1)", f"x = {total(terms)} = {number(unit.x)}"))
            steps.append(Step(unit.name, "(2)", f"y = 1/(1+e^−{number(unit.x)}) = {number(unit.y)}".replace(
                "e^−-", "e^")))
    return steps


def error_text(network: Network, targets: Sequence[float], E: float) -> str:
    squares = [f"({number(u.y)} − {number(d)})²" for u, d in zip(network.output_units, targets)]
    return f"E = ½[{' + '.join(squares)}] = {number(E)}"


def backward_steps(network: Network, targets: Sequence[float]) -> List[Step]:
    """(4) at the outputs, then (7), (5) and (6) down to the inputs, read from the units.

    A unit read at an earlier step of an unrolled net has both: (4) for its own target, and (7)
    for what the step after it sends down.
    """
    steps = [Step("backward pass", "", "")]
    outputs = network.output_units
    for layer in reversed(network.layers):
        for k, unit in enumerate(layer.units):
            terms = sent_down(network, unit)
            if unit in outputs:
                d = number(targets[outputs.index(unit)])
                if terms:
                    worked = total([f"({number(unit.y)} − {d})", *terms])
                    steps.append(Step(unit.name, "(4)+(7)", f"∂E/∂y = (y − d) + Σ_j ∂E/∂x_j·w_j,{unit.name} = "
                                                            f"{worked} = {number(unit.dE_dy)}"))
                else:
                    steps.append(Step(unit.name, "(4)", f"∂E/∂y = y − d = {number(unit.y)} − {d} = "
                                                        f"{number(unit.dE_dy)}"))
            else:
                steps.append(Step(unit.name, "(7)", f"∂E/∂y = Σ_j ∂E/∂x_j·w_j,{unit.name} = {total(terms)} = "
                                                    f"{number(unit.dE_dy)}"))
            if layer.neurons:
                steps += weight_steps(layer.neurons[k])
    return steps


def sent_down(network: Network, unit: Unit) -> List[str]:
    """The terms of (7) for ``unit``: ∂E/∂x_j·w_j,i for every unit j that it feeds."""
    terms = []
    for receiver in network.neurons:
        for sender, w in zip(receiver.inputs, receiver.w):
            if sender is unit:
                terms.append(f"{number(receiver.dE_dx)}×{factor(w)}")
    return terms


def weight_steps(unit: Neuron) -> List[Step]:
    """(5) for ``unit``, then (6) for the weight of each of its lines, the always-1 line's (the bias) last."""
    y = number(unit.y)
    steps = [Step(unit.name, "(5)", f"∂E/∂x = ∂E/∂y·y·(1−y) = {number(unit.dE_dy)}×{y}×(1 − {y}) = "
                                    f"{number(unit.dE_dx)}")]
    for k, gradient in enumerate(unit.dE_dw):
        name = unit.weight_name(k)
        if k < len(unit.inputs):
            sender = unit.inputs[k]
            text = f"∂E/∂{name} = ∂E/∂x·y_{sender.name} = {number(unit.dE_dx)}×{factor(sender.y)} = {number(gradient)}"
        else:
            text = f"∂E/∂{name} = ∂E/∂x·1 = {number(gradient)}"
        steps.append(Step(name, "(6)", text))
    return steps


def update_steps(network: Network, inputs: Sequence[float], targets: Sequence[float],
                 learning_rate: float) -> List[Step]:
    """(8) for every weight: old − ε·∂E/∂w = new, the new values made by a Trainer on a copy.

    A tied weight (Fig. 5) changes once, by the average of its copies' ∂E/∂w, written out.
    """
    copy = deepcopy(network)  # the same net, ties and all; the Trainer's change is made to it
    Trainer(copy, learning_rate=learning_rate).sweep([(inputs, targets)])
    steps = [Step("update", "", f"ε = {number(learning_rate)}")]
    for group, changed in zip(network.weight_groups, copy.weight_groups):
        leader = group[0]
        for k, old in enumerate(leader.w):
            gradient = mean_of_copies([neuron.dE_dw[k] for neuron in group])
            name = leader.weight_name(k)
            steps.append(Step(name, "(8)", f"{name} = {number(old)} − {number(learning_rate)}×{gradient} = "
                                           f"{number(changed[0].w[k])}"))
    return steps


def mean_of_copies(gradients: List[float]) -> str:
    """One weight's ∂E/∂w as (8) uses it: a single copy's, or tied copies' average written out."""
    if len(gradients) == 1:
        return factor(gradients[0])
    return f"({total([number(g) for g in gradients])})/{len(gradients)}"


def render_text(steps: List[Step]) -> str:
    lines, last_unit = [], None
    width = max((len(s.unit) for s in steps if s.equation in ("(1)", "(2)", "(4)", "(7)", "(4)+(7)")), default=2)
    for step in steps:
        if step.unit in ("forward pass", "backward pass") or (step.unit == "update" and not step.equation):
            lines.append(step.unit if step.unit != "update" else f"update   {step.text}")
            last_unit = None
            continue
        if step.equation == "(3)":
            lines.append(f"error\n  {step.text}   (3)")
            continue
        is_weight = step.unit.startswith(("w[", "bias["))
        label = "" if is_weight or step.unit == last_unit else step.unit
        if not is_weight:
            last_unit = step.unit
        suffix = f"   {step.equation}" if step.equation else ""
        lines.append(f"  {label:<{width}}  {step.text}{suffix}")
    return "\n".join(lines)


def render_markdown(steps: List[Step]) -> str:
    rows = ["| unit | eq. | worked out |", "|---|---|---|"]
    for step in steps:
        if step.unit in ("forward pass", "backward pass"):
            rows.append(f"| **{step.unit}** | | |")
        elif step.unit == "update" and not step.equation:
            rows.append(f"| **update** | | {step.text} |")
        else:
            rows.append(f"| {step.unit} | {step.equation} | {step.text} |")
    return "\n".join(rows)


# ---- the nudge: a derivative is the change of E per small change of w -----------------------------

NUDGE = 1e-6  # how far the nudge moves a weight (or a unit's y)


class Nudge(NamedTuple):
    """One quantity of one case moved by ``step``: E before and after, and what back-propagation says.

    ``what`` is a weight's name (``w[o1←h1]``, ``bias[o1]``) or a unit's ``y of h1``; ``derivative``
    is this case's ∂E/∂w of that weight (equation 6), or ∂E/∂y of that unit (equation 7, or 4 for
    an output unit), as the library's backward pass left it on the unit.
    """

    what: str
    value: float
    step: float
    E_before: float
    E_after: float
    derivative: float
    equation: int = 6  # the equation that gives the derivative: 6 (a weight), 7 (a unit), 4 (an output)

    @property
    def slope(self) -> float:
        """ΔE / step: the change of E per unit change of the quantity, measured."""
        return (self.E_after - self.E_before) / self.step

    @property
    def quantity(self) -> str:
        """``∂E/∂w[o1←h1]`` or ``∂E/∂y of h1``."""
        return f"∂E/∂{self.what}"


def nudge(network: Network, inputs: Sequence[float], targets: Sequence[float], name: str,
          step: float = NUDGE) -> Nudge:
    """Move one weight (``"w[o1←h1]"``, ``"w[o1<-h1]"``, ``"bias[o1]"``) or the output y of one unit
    (``"h1"``, ``"o1"``) by ``step``, forward the case again, and measure E; on copies.

    A unit's y is moved by moving the x of every unit it feeds by w_ji·step, which is what a
    change of y_i does to them by equation 1; an output unit's y is moved where E reads it.

    >>> from backprop.experiments.worked_example import worked_example_network
    >>> found = nudge(worked_example_network(), [0.05, 0.10], [0.01, 0.99], "w[o1<-h1]")
    >>> round(found.slope, 7), round(found.derivative, 7)
    (0.082167, 0.082167)
    """
    wanted = canonical(name).replace(" ", "")
    same = deepcopy(network)
    same.zero_gradients()
    same.forward(inputs)
    E_before = same.case_error(targets)
    same.backward(targets)
    moved = deepcopy(network)
    weight = next(((neuron, k) for neuron in moved.neurons for k in range(len(neuron.w))
                   if neuron.weight_name(k) == wanted), None)
    if weight is not None:
        neuron, k = weight
        value, what = neuron.w[k], neuron.weight_name(k)
        neuron.w = list(neuron.w)  # a tied copy gets a list of its own: only the weight named moves
        neuron.w[k] = value + step
    else:
        try:
            unit = moved.unit(wanted)
        except KeyError:
            raise KeyError(f"no weight or unit named {name!r} in {network!r}: a weight is named by its line, "
                           f"w[o1←h1] (or w[o1<-h1], bias[o1]); a unit by its name, h1") from None
        value, what = same.unit(unit.name).y, f"y of {unit.name}"
        if unit in moved.output_units:
            moved.forward(inputs)
            unit.y += step  # where equation 3 reads it
            E_after = moved.case_error(targets)
            return Nudge(what, value, step, E_before, E_after, same.unit(unit.name).dE_dy, 4)
        for neuron, k in receivers_of(moved, unit):
            neuron.w = list(neuron.w)  # a tied copy's bias moves alone, as this unit's y reaches only it
            neuron.bias += neuron.w[k] * step
    E_after = moved.error([(inputs, targets)])
    if weight is not None:
        derivative = same.neurons[moved.neurons.index(weight[0])].dE_dw[weight[1]]
        return Nudge(what, value, step, E_before, E_after, derivative, 6)
    return Nudge(what, value, step, E_before, E_after, same.unit(wanted).dE_dy, 7)


def receivers_of(network: Network, unit: Unit) -> List[Tuple[Neuron, int]]:
    """Every (neuron, k) whose k-th line comes from ``unit``: where a change of its y arrives."""
    return [(neuron, k) for neuron in network.neurons for k, sender in enumerate(neuron.inputs)
            if sender is unit]


def nudge_text(found: Nudge) -> str:
    """The nudge, line by line: E before and after, ΔE / step, and the derivative back-propagation gives.

    >>> print(nudge_text(Nudge("w[o1←h1]", 0.4, 1e-6, 0.25, 0.2500001, 0.1)))
    the nudge: w[o1←h1] = 0.4 moved by 1e-06 to 0.400001, the case forward again
      E before      0.25
      E after       0.2500001
      ΔE            1.00000000e-07
      ΔE / 1e-06    0.1     (the change of E per change of w[o1←h1])
      ∂E/∂w[o1←h1]  0.1     by back-propagation, equation 6
    """
    equation = found.equation
    label = found.quantity
    width = max(len(label), len(f"ΔE / {found.step:g}"))
    return "\n".join([
        f"the nudge: {found.what} = {number(found.value)} moved by {found.step:g} to "
        f"{number(found.value + found.step)}, the case forward again",
        f"  {'E before':<{width}}  {found.E_before:.12g}",
        f"  {'E after':<{width}}  {found.E_after:.12g}",
        f"  {'ΔE':<{width}}  {found.E_after - found.E_before:.8e}",
        f"  {f'ΔE / {found.step:g}':<{width}}  {number(found.slope)}     (the change of E per change of "
        f"{found.what.replace('y of ', 'the y of ')})",
        f"  {label:<{width}}  {number(found.derivative)}     by back-propagation, equation {equation}",
    ])
