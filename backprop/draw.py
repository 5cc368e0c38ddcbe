"""Pictures of a network, written as SVG by this module (no plotting package), and text forms.

- ``network_svg(net, case=None)``: the units layer by layer, inputs at the bottom as in the
  paper's Fig. 1; lines blue for positive and red for negative weights, wider for larger |w|.
- ``hinton_svg(layer, rows=1)``: the weights into a layer as squares, white positive, black
  negative, area ∝ |w|, on grey: the paper's Fig. 4.
- ``error_curve_svg(history, log=False)``: E per sweep.
- ``decision_svg(net)``: a 2-input net's output over [0, 1]², with the cases marked.
- ``hinton_text(layer)`` and ``sparkline(errors)``: the same for a terminal.

Every picture reads the state the equations left on the units; nothing is computed a second way.

>>> import backprop as bp
>>> print(sparkline([4, 3, 2, 1, 0.5, 0.25, 0]))
█▆▅▃▂▁▁
"""

from __future__ import annotations

import math
from typing import Dict, List, Optional, Sequence, Tuple
from xml.sax.saxutils import escape

from .layer import Layer
from .network import Network
from .neuron import Neuron
from .trainer import History

POSITIVE, NEGATIVE = "#1f5fbf", "#c8102e"  # blue and red lines
FONT = "Helvetica, Arial, sans-serif"


class Svg:
    """A picture being drawn: elements added in order, written out with a viewBox and a title."""

    def __init__(self, width: float, height: float, title: str) -> None:
        self.width, self.height, self.title = width, height, title
        self.elements: List[str] = []

    def add(self, element: str) -> None:
        self.elements.append(element)

    def text(self, x: float, y: float, content: str, size: float = 12, anchor: str = "middle",
             extra: str = "") -> None:
        self.add(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}"{extra}>'
                 f"{escape(content)}</text>")

    def render(self) -> str:
        body = "\n".join(self.elements)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width:.0f} {self.height:.0f}" '
                f'width="{self.width:.0f}" height="{self.height:.0f}" font-family="{FONT}">\n'
                f"<title>{escape(self.title)}</title>\n"
                f'<rect width="100%" height="100%" fill="white"/>\n{body}\n</svg>\n')


def short(value: float) -> str:
    """A weight or activation short enough for a label: 2 decimals, a true minus sign."""
    text = f"{value:.2f}"
    return text.replace("-", "−") if value < 0 else text


# ---- the network -------------------------------------------------------------------------------

def rows_of(network: Network) -> Dict[int, List[Layer]]:
    """The layers of each row of the picture, in the network's order."""
    row = depths(network)
    rows: Dict[int, List[Layer]] = {}
    for layer in network.layers:
        rows.setdefault(row[id(layer)], []).append(layer)
    return rows


def depths(network: Network) -> Dict[int, int]:
    """Each layer's row: a layer sits one above the highest layer feeding it, and an input layer
    one below the lowest layer it feeds (so an unrolled net's inputs sit beside their step)."""
    row: Dict[int, int] = {}
    for layer in network.layers:
        row[id(layer)] = 1 + max((row[id(f)] for f in layer.inputs), default=-1)
    for layer in network.input_layers:
        row[id(layer)] = min(row[id(later)] for later in network.layers if layer in later.inputs) - 1
    return row


def unit_positions(network: Network, radius: float, spacing: float, row_gap: float, margin: float,
                   least_width: float) -> Tuple[Dict[int, Tuple[float, float]], float, float]:
    """Where each unit's centre goes: rows bottom (inputs) to top, each row spread over the
    width of the widest, layers of a row side by side with a one-unit gap between them."""
    rows = rows_of(network)
    top = max(rows)
    slots = {r: sum(layer.size for layer in layers) + len(layers) - 1 for r, layers in rows.items()}
    width = max(max(slots.values()) * spacing + 2 * margin, least_width)
    height = top * row_gap + 2 * margin + 2 * radius
    places: Dict[int, Tuple[float, float]] = {}
    for r, layers in rows.items():
        step = (width - 2 * margin) / slots[r]
        x = margin + step / 2
        y = margin + radius + (top - r) * row_gap
        for layer in layers:
            for unit in layer.neurons:
                places[id(unit)] = (x, y)
                x += step
            x += step  # the gap between layers that share a row
    return places, width, height


def network_svg(network: Network, case: Optional[Sequence[float]] = None, weights: Optional[bool] = None,
                title: Optional[str] = None) -> str:
    """The network as circles and lines; biases in the circles, or each unit's y for ``case``.

    Weight values are written on the lines when ``weights`` is True (default: for nets of at most
    40 connections). A skip connection, spanning more than one row, is drawn as a curve.
    """
    if case is not None:
        network.forward(case)
    radius, spacing = 21.0, 64.0
    connections = [(sender, neuron, w)
                   for neuron in network.neurons for sender, w in zip(neuron.inputs, neuron.weights)]
    show_weights = len(connections) <= 40 if weights is None else weights
    row_gap = 150.0 if show_weights else 110.0
    tied = {id(neuron) for group in network.weight_groups if len(group) > 1 for neuron in group}
    places, width, height = unit_positions(network, radius, spacing, row_gap, margin=40.0,
                                           least_width=640.0 if tied else 460.0)  # room for the legend
    legend_width = 8 + 7 * max(len(" | ".join(str(layer.name) for layer in row_layers))
                               for row_layers in rows_of(network).values())
    width += legend_width  # each row's layer names, at the right
    height += 30  # the legend
    if title is None and network.recurrent is not None:
        units, steps = network.recurrent.units, network.recurrent.steps
        title = f"the recurrent net unrolled: {units} units, {steps} steps, one layer per step"
    title = title or f"{network!r}" + (" for one case" if case is not None else "")
    picture = Svg(width, height, title)
    largest = max((abs(w) for _, _, w in connections), default=1.0) or 1.0
    labels = []
    position_in_layer = {id(unit): k for layer in network.layers for k, unit in enumerate(layer.neurons)}
    layer_size = {id(unit): layer.size for layer in network.layers for unit in layer.neurons}
    for sender, receiver, w in connections:
        (x1, y1), (x2, y2) = places[id(sender)], places[id(receiver)]
        span = round((y1 - y2) / row_gap)
        bend = 0.0 if span <= 1 else 0.35 * (y1 - y2) * (1 if x1 <= x2 else -1)
        cx, cy = (x1 + x2) / 2 - bend, (y1 + y2) / 2  # the curve's control point (the middle, if straight)
        sx, sy = toward(x1, y1, cx if bend else x2, cy if bend else y2, radius)
        ex, ey = toward(x2, y2, cx if bend else x1, cy if bend else y1, radius)
        stroke = POSITIVE if w >= 0 else NEGATIVE
        thickness = 0.6 + 5.0 * abs(w) / largest
        shape = f"M {sx:.1f} {sy:.1f} Q {cx:.1f} {cy:.1f} {ex:.1f} {ey:.1f}" if bend else \
            f"M {sx:.1f} {sy:.1f} L {ex:.1f} {ey:.1f}"
        name = escape(weight_name(receiver, sender))
        dashes = ' stroke-dasharray="6 3"' if id(receiver) in tied else ""
        picture.add(f'<path class="connection" d="{shape}" fill="none" stroke="{stroke}" '
                    f'stroke-width="{thickness:.2f}" stroke-opacity="0.75"{dashes}>'
                    f"<title>{name} = {w:.6g}</title></path>")
        if show_weights:
            # Each receiving unit's labels sit at their own height, so that crossing lines' labels do not collide.
            t = 0.14 + 0.5 * position_in_layer[id(receiver)] / layer_size[id(receiver)]
            lx = (1 - t) ** 2 * sx + 2 * (1 - t) * t * cx + t * t * ex if bend else sx + t * (ex - sx)
            ly = (1 - t) ** 2 * sy + 2 * (1 - t) * t * cy + t * t * ey if bend else sy + t * (ey - sy)
            labels.append((lx, ly, short(w)))
    for lx, ly, text in labels:  # labels on top of every line
        picture.text(lx, ly + 3.5, text, size=10, extra=' stroke="white" stroke-width="3" paint-order="stroke"')
    for row_layers in rows_of(network).values():
        y = places[id(row_layers[0].neurons[0])][1]
        picture.text(width - legend_width + 4, y + 4, " | ".join(str(layer.name) for layer in row_layers), size=11,
                     anchor="start", extra=' fill="#555"')
    for layer in network.layers:
        long_names = any(len(unit.name) > 5 for unit in layer.neurons)
        for k, unit in enumerate(layer.neurons):
            x, y = places[id(unit)]
            if case is not None:
                shade = int(255 - 200 * min(max(unit.y, 0.0), 1.0))  # darker = more active
                fill, inside = f"rgb({shade},{shade},{shade})", short(unit.y)
            else:
                fill, inside = "#f4f4f4", short(unit.bias) if isinstance(unit, Neuron) else ""
            picture.add(f'<circle class="unit" cx="{x:.1f}" cy="{y:.1f}" r="{radius:g}" fill="{fill}" '
                        f'stroke="#333" stroke-width="1.2"><title>{escape(repr(unit))}</title></circle>')
            ink = "white" if case is not None and unit.y > 0.6 else "black"
            label = str(k + 1) if long_names else unit.name  # long names: the number; the row's legend names the layer
            picture.text(x, y - 3 if inside else y + 4, label, size=10, extra=f' fill="{ink}" font-weight="bold"')
            if inside:
                picture.text(x, y + 10, inside, size=9, extra=f' fill="{ink}"')
    picture.text(12, 20, picture.title, size=13, anchor="start")
    what = "each unit's y for the case" if case is not None else "bias in each unit"
    dashed = "; dashed: tied (the same weight at every step)" if tied else ""
    picture.text(12, height - 14, f"{what}; lines: blue positive, red negative, width ∝ |w|{dashed}", size=11,
                 anchor="start")
    return picture.render()


def folded_svg(network: Network, title: Optional[str] = None) -> str:
    """A net made by ``Network.unrolled`` drawn as the recurrent net it stands for (Fig. 5, left):
    one circle per unit, an arrow from every unit to every unit (a loop for itself), the input
    lines below. Each arrow's weight is the one value its copies share at every step."""
    if network.recurrent is None:
        raise ValueError("folded_svg draws nets made by Network.unrolled; this one is not recurrent")
    units, steps, inputs, _ = network.recurrent
    first = next(layer for layer in network.layers if not layer.is_input)
    spacing, radius, middle = 120.0, 22.0, 210.0
    width = max(max(units, inputs, 3) * spacing + 120, 640.0)
    picture = Svg(width, 420, title or f"the recurrent net: {units} units, run for {steps} steps")
    picture.add('<defs>' + "".join(
        f'<marker id="head-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="11" markerHeight="11" '
        f'markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for name, colour in (("positive", POSITIVE), ("negative", NEGATIVE))) + "</defs>")
    x_of = {j: 60 + (j + 0.5) * (width - 120) / units for j in range(units)}
    largest = max((abs(w) for n in first.neurons for w in n.weights), default=1.0) or 1.0
    for j, neuron in enumerate(first.neurons):
        for sender, w in zip(neuron.inputs, neuron.weights):
            layer_name, _, number = sender.name.partition(".")
            kind = "positive" if w >= 0 else "negative"
            colour, thickness = POSITIVE if w >= 0 else NEGATIVE, 0.8 + 4 * abs(w) / largest
            style = (f'fill="none" stroke="{colour}" stroke-width="{thickness:.2f}" '
                     f'stroke-opacity="0.8" marker-end="url(#head-{kind})"')
            tip = f"<title>{escape(neuron.weight_name(neuron.inputs.index(sender)))} = {w:.6g}</title>"
            x2 = x_of[j]
            if layer_name != "s0":  # an input line, from below
                x1 = 60 + (int(number) - 0.5) * (width - 120) / max(inputs, 1)
                line = f"M {x1:.1f} 372 L {x2:.1f} {middle + radius + 2:.1f}"
                picture.add(f'<path class="connection" d="{line}" {style}>{tip}</path>')
                continue
            i = int(number) - 1
            if i == j:  # a loop above the unit, back into itself
                path = (f"M {x2 - 10:.1f} {middle - radius + 2:.1f} C {x2 - 40:.1f} {middle - 90:.1f} "
                        f"{x2 + 40:.1f} {middle - 90:.1f} {x2 + 10:.1f} {middle - radius + 2:.1f}")
            else:  # left to right above the row, right to left below it
                x1, up = x_of[i], -1 if i < j else 1
                bow = 40 + 25 * abs(i - j)
                y1, y2 = middle + up * radius, middle + up * radius
                top = middle + up * bow
                path = f"M {x1:.1f} {y1:.1f} C {x1:.1f} {top:.1f} {x2:.1f} {top:.1f} {x2:.1f} {y2:.1f}"
            picture.add(f'<path class="connection" d="{path}" {style}>{tip}</path>')
    for j, neuron in enumerate(first.neurons):
        picture.add(f'<circle class="unit" cx="{x_of[j]:.1f}" cy="{middle}" r="{radius}" fill="#f4f4f4" stroke="#333" '
                    f'stroke-width="1.2"><title>unit {j + 1}</title></circle>')
        picture.text(x_of[j], middle - 2, f"unit {j + 1}", size=10, extra=' font-weight="bold"')
        picture.text(x_of[j], middle + 11, short(neuron.bias), size=9)
    for k in range(inputs):
        x = 60 + (k + 0.5) * (width - 120) / inputs
        picture.add(f'<rect class="input" x="{x - 30:.1f}" y="372" width="60" height="20" fill="#e8e8e8" '
                    f'stroke="#333"/>')
        picture.text(x, 386, f"input {k + 1}", size=10)
    picture.text(12, 20, picture.title, size=13, anchor="start")
    picture.text(12, 412, "bias in each unit; arrows: one weight each, the same at every step (blue positive, "
                          "red negative)", size=11, anchor="start")
    return picture.render()


def toward(x: float, y: float, to_x: float, to_y: float, distance: float) -> Tuple[float, float]:
    """The point ``distance`` from (x, y) in the direction of (to_x, to_y): where a line meets a circle."""
    dx, dy = to_x - x, to_y - y
    length = math.hypot(dx, dy) or 1.0
    return x + dx / length * distance, y + dy / length * distance


def weight_name(receiver: Neuron, sender: object) -> str:
    return f"w[{receiver.name}←{getattr(sender, 'name', '?')}]"


# ---- Hinton diagrams ---------------------------------------------------------------------------

def hinton_svg(layer: Layer, rows: int = 1, column_labels: Optional[Sequence[str]] = None,
               row_labels: Optional[Sequence[str]] = None, title: Optional[str] = None) -> str:
    """The weights into ``layer`` as squares: white positive, black negative, area ∝ |w|, on grey.

    With ``rows=1`` a row per unit of the layer and a column per input (then the bias). With
    ``rows=k`` each unit gets a block of its inputs laid out in k rows (the paper's Fig. 4: the
    24 people in 2 rows, English above Italian), its bias in a square of its own.
    """
    neurons = [unit for unit in layer.neurons if isinstance(unit, Neuron)]
    if not neurons:
        raise ValueError(f"layer {layer.name} has no weights to draw: it is an input layer")
    inputs = len(neurons[0].weights)
    if rows < 1 or inputs % rows:
        raise ValueError(f"rows must divide the {inputs} inputs of layer {layer.name}, got {rows}")
    columns = inputs // rows
    cell = 18.0
    heading = 16.0 if rows > 1 else 0.0  # a block's unit name sits above it
    gap = 12.0 if rows > 1 else 0.0
    largest = max(abs(w) for n in neurons for w in n.weights + [n.bias]) or 1.0
    longest_name = max(len(n.name) for n in neurons)
    label_width = 12.0 + 6.5 * (longest_name if rows == 1 else max((len(r) for r in row_labels or []), default=1))
    longest = max((len(label) for label in column_labels or []), default=0)
    top = 30.0 + 5.2 * longest  # room for the slanted column labels
    block_height = rows * cell
    width = label_width + (columns + 2) * cell + 4.4 * longest + 20
    height = top + len(neurons) * (heading + block_height + gap) + 40
    picture = Svg(width, height, title or f"weights into layer {layer.name}")
    picture.text(8, 18, picture.title, size=13, anchor="start")
    if column_labels:
        for k, label in enumerate(list(column_labels[:columns]) + ["bias"]):
            x = label_width + (k + 0.6 + (k == columns)) * cell
            picture.text(x, top - 6, label, size=10, anchor="start",
                         extra=f' transform="rotate(-60 {x:.1f} {top - 6:.1f})"')
    y = top
    for neuron in neurons:
        if rows > 1:
            picture.text(label_width, y + heading - 4, neuron.name, size=11, anchor="start",
                         extra=' font-weight="bold"')
            y += heading
        else:
            picture.text(label_width - 8, y + cell * 0.7, neuron.name, size=11, anchor="end")
        picture.add(f'<rect x="{label_width:.1f}" y="{y:.1f}" width="{columns * cell:.1f}" height="{block_height:.1f}" '
                    f'fill="#8c8c8c"/>')
        picture.add(f'<rect x="{label_width + (columns + 1) * cell:.1f}" y="{y:.1f}" width="{cell:.1f}" '
                    f'height="{cell:.1f}" fill="#8c8c8c"/>')
        for k, w in enumerate(neuron.weights):
            square(picture, label_width + (k % columns) * cell, y + (k // columns) * cell, cell, w, largest,
                   neuron.weight_name(k))
        square(picture, label_width + (columns + 1) * cell, y, cell, neuron.bias, largest, f"bias[{neuron.name}]")
        for r, label in enumerate((row_labels or [])[:rows] if rows > 1 else []):
            picture.text(label_width - 6, y + (r + 0.7) * cell, label, size=10, anchor="end", extra=' fill="#444"')
        y += block_height + gap
    picture.text(8, height - 14, f"white positive, black negative, area ∝ |w| (largest {largest:.2f})",
                 size=11, anchor="start")
    return picture.render()


def square(picture: Svg, x: float, y: float, cell: float, w: float, largest: float, name: str) -> None:
    """One weight: a square centred in its cell, area proportional to |w|."""
    side = cell * 0.92 * math.sqrt(abs(w) / largest)
    offset = (cell - side) / 2
    colour = "white" if w >= 0 else "black"
    picture.add(f'<rect class="weight" x="{x + offset:.2f}" y="{y + offset:.2f}" width="{side:.2f}" '
                f'height="{side:.2f}" fill="{colour}"><title>{escape(name)} = {w:.6g}</title></rect>')


# ---- curves and maps ---------------------------------------------------------------------------

def nice_ticks(low: float, high: float, count: int = 5) -> List[float]:
    """Round tick values covering [low, high].

    >>> nice_ticks(0, 7.3)
    [0.0, 2.0, 4.0, 6.0, 8.0]
    """
    raw = (high - low) / max(count - 1, 1) or 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(float(round(value, 10)))
        value += step
    return ticks


def error_curve_svg(history: History, log: bool = False, title: Optional[str] = None) -> str:
    """E of every sweep, with labelled axes; ``log=True`` for a logarithmic E axis."""
    errors = history.errors
    if not errors:
        raise ValueError("the history has no sweeps to draw")
    width, height, left, right, top, bottom = 640.0, 360.0, 70.0, 20.0, 40.0, 50.0
    picture = Svg(width, height, title or f"E per sweep ({len(errors)} sweeps)")
    if log:
        floor = min((e for e in errors if e > 0), default=1e-12)
        values = [math.log10(max(e, floor)) for e in errors]
        ticks = [float(t) for t in range(math.floor(min(values)), math.ceil(max(values)) + 1)]
        tick_text = [f"1e{t:.0f}" for t in ticks]
    else:
        values = list(errors)
        ticks = nice_ticks(0.0, max(values))
        tick_text = [f"{t:g}" for t in ticks]
    low, high = ticks[0], ticks[-1] if ticks[-1] > ticks[0] else ticks[0] + 1
    x_ticks = [t for t in nice_ticks(0, len(errors)) if t >= 0]

    def px(sweep: float) -> float:
        return left + (sweep / max(x_ticks[-1], 1)) * (width - left - right)

    def py(value: float) -> float:
        return top + (1 - (value - low) / (high - low)) * (height - top - bottom)

    for tick, text in zip(ticks, tick_text):
        picture.add(f'<line x1="{left}" y1="{py(tick):.1f}" x2="{width - right}" y2="{py(tick):.1f}" '
                    f'stroke="#e3e3e3"/>')
        picture.text(left - 6, py(tick) + 4, text, size=11, anchor="end")
    for tick in x_ticks:
        picture.add(f'<line x1="{px(tick):.1f}" y1="{top}" x2="{px(tick):.1f}" y2="{height - bottom}" '
                    f'stroke="#e3e3e3"/>')
        picture.text(px(tick), height - bottom + 16, f"{tick:g}", size=11)
    picture.add(f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{height - top - bottom}" '
                f'fill="none" stroke="#444"/>')
    points = " ".join(f"{px(sweep):.1f},{py(value):.1f}" for sweep, value in enumerate(values, start=1))
    picture.add(f'<polyline class="curve" points="{points}" fill="none" stroke="{POSITIVE}" stroke-width="1.6"/>')
    picture.text(left + (width - left - right) / 2, height - 12, "sweep", size=12)
    picture.text(18, top + (height - top - bottom) / 2, "E (log scale)" if log else "E", size=12,
                 extra=f' transform="rotate(-90 18 {top + (height - top - bottom) / 2:.1f})"')
    picture.text(width / 2, 24, picture.title, size=13)
    return picture.render()


def decision_svg(network: Network, cases: Sequence[Tuple[Sequence[float], Sequence[float]]] = (),
                 resolution: int = 40, title: Optional[str] = None) -> str:
    """A 2-input net's first output over [0, 1]², darker where it is on; cases as dots."""
    if network.input_size != 2:
        raise ValueError(f"decision_svg draws nets with 2 inputs; this one has {network.input_size}")
    size, left, top = 360.0, 60.0, 40.0
    picture = Svg(left + size + 90, top + size + 50, title or f"output of {network.output_layer.neurons[0].name} "
                                                             f"over the input square")
    cell = size / resolution
    for row in range(resolution):
        for column in range(resolution):
            x1, x2 = (column + 0.5) / resolution, 1 - (row + 0.5) / resolution
            y = network.forward([x1, x2])[0]
            shade = int(255 - 215 * y)
            picture.add(f'<rect x="{left + column * cell:.2f}" y="{top + row * cell:.2f}" width="{cell + 0.05:.2f}" '
                        f'height="{cell + 0.05:.2f}" fill="rgb({shade},{shade},255)"/>')
    for inputs, targets in cases:
        cx, cy = left + inputs[0] * size, top + (1 - inputs[1]) * size
        fill = "black" if targets[0] >= 0.5 else "white"
        picture.add(f'<circle class="case" cx="{cx:.1f}" cy="{cy:.1f}" r="7" fill="{fill}" stroke="black" '
                    f'stroke-width="2"/>')
    picture.add(f'<rect x="{left}" y="{top}" width="{size}" height="{size}" fill="none" stroke="#444"/>')
    first, second = (unit.name for unit in network.layers[0].neurons[:2]) if len(network.input_layers) == 1 \
        else ("input 1", "input 2")
    for tick in (0.0, 0.5, 1.0):
        picture.text(left + tick * size, top + size + 16, f"{tick:g}", size=11)
        picture.text(left - 14, top + (1 - tick) * size + 4, f"{tick:g}", size=11, anchor="end")
    picture.text(left + size / 2, top + size + 36, first, size=12)
    picture.text(left - 40, top + size / 2, second, size=12)
    picture.text(left + size + 12, top + 16, "● target 1", size=11, anchor="start")
    picture.text(left + size + 12, top + 34, "○ target 0", size=11, anchor="start")
    picture.text(left + size + 12, top + 58, "dark: y near 1", size=11, anchor="start")
    picture.text(left + size / 2, 24, picture.title, size=13)
    return picture.render()


# ---- text forms --------------------------------------------------------------------------------

def hinton_text(layer: Layer) -> str:
    """The weights into ``layer`` in Unicode blocks: ■ positive, □ negative, bigger for larger |w|.

    >>> import backprop as bp
    >>> net = bp.Network([3, 1], weight_range=0.0)
    >>> net.unit("o1").weights[:] = [2.0, -2.0, 0.1]
    >>> print(hinton_text(net.layers[1]))
    o1  ■ □ ·  | ·
    """
    neurons = [unit for unit in layer.neurons if isinstance(unit, Neuron)]
    if not neurons:
        raise ValueError(f"layer {layer.name} has no weights to draw: it is an input layer")
    largest = max(abs(w) for n in neurons for w in n.weights + [n.bias]) or 1.0
    width = max(len(n.name) for n in neurons)

    def mark(w: float) -> str:
        size = abs(w) / largest
        if size < 0.2:
            return "·"
        if size < 0.6:
            return "▪" if w > 0 else "▫"
        return "■" if w > 0 else "□"

    return "\n".join(f"{n.name:<{width}}  {' '.join(mark(w) for w in n.weights)}  | {mark(n.bias)}" for n in neurons)


def sparkline(values: Sequence[float], width: int = 60) -> str:
    """Values as a line of ▁▂▃▄▅▆▇█ (at most ``width`` characters, by sampling evenly)."""
    if not values:
        return ""
    if len(values) > width:
        values = [values[round(k * (len(values) - 1) / (width - 1))] for k in range(width)]
    low, high = min(values), max(values)
    blocks = "▁▂▃▄▅▆▇█"
    span = (high - low) or 1.0
    return "".join(blocks[min(int((v - low) / span * 7 + 0.5), 7)] for v in values)
