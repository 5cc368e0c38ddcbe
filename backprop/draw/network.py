"""The network as circles and lines (the paper's Fig. 1), and an unrolled net folded back (Fig. 5)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Set, Tuple
from xml.sax.saxutils import escape

from ..validate import plural
from .svg import NEGATIVE, POSITIVE, Svg, short, text_width, toward

if TYPE_CHECKING:  # pragma: no cover  (the pictures read the core's objects; they never import it)
    from ..layer import Layer
    from ..network import Network
    from ..neuron import Neuron, Unit


def depths(network: "Network") -> Dict[int, float]:
    """Each layer's row: a layer sits one above the highest layer feeding it, and an input layer
    one below the lowest layer it feeds. In an unrolled net, the input of step t sits half a row
    below the state after step t, between it and the state it meets (s_t−1), at the left."""
    row: Dict[int, float] = {}
    for layer in network.layers:
        row[id(layer)] = 1 + max((row[id(f)] for f in layer.feeders), default=-1)
    for layer in network.input_layers:
        fed = min(row[id(later)] for later in network.layers if layer in later.feeders)
        row[id(layer)] = fed - (0.5 if network.recurrent is not None and layer is not network.layers[0] else 1)
    return row


def rows_of(network: "Network") -> Dict[float, List["Layer"]]:
    """The layers of each row of the picture, bottom to top; in a row, input layers first."""
    row = depths(network)
    rows: Dict[float, List["Layer"]] = {}
    for layer in sorted(network.layers, key=lambda layer: not layer.is_input):
        rows.setdefault(row[id(layer)], []).append(layer)
    return dict(sorted(rows.items()))


def role(network: "Network", layer: "Layer") -> str:
    """What a layer is, for the legend beside its row: ``h: hidden``, ``x2: the input of step 2``."""
    if network.recurrent is not None:
        if layer is network.layers[0]:
            return f"{layer.name}: the state at the start"
        computing = [each for each in network.layers if not each.is_input]  # step 1, 2, … in forward order
        fed = next(each for each in computing if layer in each.feeders) if layer.is_input else layer
        step = computing.index(fed) + 1  # an input layer's step is that of the state layer it feeds
        if layer.is_input:
            return f"{layer.name}: the input of step {step}"
        if layer is network.output_layer and layer.size < network.recurrent.units:
            units = "unit 1" if layer.size == 1 else f"units 1–{layer.size}"
            return f"{layer.name}: after step {step}, only {units}: the output"
        read = [unit.name for unit in layer.units if unit in network.output_units]
        return f"{layer.name}: the state after step {step}" + (f"; read: {', '.join(read)}" if read else "")
    kind = "inputs" if layer.is_input else "outputs" if layer is network.output_layer else "hidden"
    return f"{layer.name}: {kind}"


def unit_positions(network: "Network", radius: float, spacing: float, row_gap: float,
                   margin: float) -> Tuple[Dict[int, Tuple[float, float]], float, float]:
    """Where each unit's centre goes: rows bottom (inputs) to top, each row spread over the width
    of the widest, layers of a row side by side with a one-unit gap between them. The half rows of
    an unrolled net (each step's input) get a column of their own at the left."""
    rows = rows_of(network)
    top = max(rows)
    slots = {r: sum(layer.size for layer in layers) + len(layers) - 1 for r, layers in rows.items()}
    half_rows = any(r != int(r) for r in rows)
    widest = max(slots.values()) + half_rows
    width = widest * spacing + 2 * margin
    height = top * row_gap + 2 * margin + 2 * radius
    places: Dict[int, Tuple[float, float]] = {}
    for r, layers in rows.items():
        if r != int(r):  # an unrolled net's input, in the left column
            step, first = spacing, 0.0
        else:
            step, first = (width - 2 * margin - half_rows * spacing) / slots[r], half_rows * spacing
        x = margin + first + step / 2
        y = margin + radius + (top - r) * row_gap
        for layer in layers:
            for unit in layer.units:
                places[id(unit)] = (x, y)
                x += step
            x += step  # the gap between layers that share a row
    return places, width, height


def network_svg(network: "Network", case: Optional[Sequence[float]] = None, weights: Optional[bool] = None,
                title: Optional[str] = None) -> str:
    """The network as circles and lines; biases in the circles, or each unit's y for ``case``.

    Weight values are written on the lines when ``weights`` is True (default: for nets of at most
    40 connections). A skip connection, spanning more than one row, is drawn as a curve. Beside
    each row, its layers and what they are; below, the legend.
    """
    if case is not None:
        network.forward(case)
    radius = 21.0
    connections = [(sender, neuron, w, neuron.weight_name(k))
                   for neuron in network.neurons for k, (sender, w) in enumerate(zip(neuron.inputs, neuron.weights))]
    show_weights = len(connections) <= 40 if weights is None else weights
    row_gap, spacing = (150.0, 120.0) if show_weights else (110.0, 64.0)  # room for the labels on the lines
    tied = {id(neuron) for group in network.weight_groups if len(group) > 1 for neuron in group}
    if title is None and network.recurrent is not None:
        units, steps = network.recurrent.units, network.recurrent.steps
        title = f"the recurrent net unrolled: {plural(units, 'unit')}, {plural(steps, 'step')}, one layer per step"
    title = title or f"{network!r}" + (" for one case" if case is not None else "")
    what = "in each unit its y for the case (dark: near 1)" if case is not None else "in each unit its bias"
    legend = f"{what}; lines: blue positive, red negative, width ∝ |w|" + \
        ("; dashed: tied (one weight at every step)" if tied else "") + "; double ring: compared with a target"
    places, units_width, height = unit_positions(network, radius, spacing, row_gap, margin=40.0)
    rows = rows_of(network)
    notes = {r: "; ".join(role(network, layer) for layer in layers) for r, layers in rows.items()}
    width = max(units_width + 12 + max(text_width(note, 11) for note in notes.values()),
                text_width(legend, 11) + 24, text_width(title, 13) + 24)
    height += 30  # the legend
    picture = Svg(width, height, title)
    draw_connections(picture, network, connections, places, tied, radius, row_gap, show_weights)
    for r, note in notes.items():
        y = places[id(rows[r][0].units[0])][1]
        picture.text(units_width + 4, y + 4, note, size=11, anchor="start", extra=' fill="#555" class="row"')
    for layer in network.layers:
        draw_units(picture, layer, places, radius, case is not None)
    for unit in network.output_units:  # a second ring: this unit's y is compared with a target
        x, y = places[id(unit)]
        picture.add(f'<circle class="read" cx="{x:.1f}" cy="{y:.1f}" r="{radius + 4:g}" fill="none" stroke="#333"/>')
    picture.text(12, 20, picture.title, size=13, anchor="start")
    picture.text(12, height - 14, legend, size=11, anchor="start")
    return picture.render()


def draw_connections(picture: Svg, network: "Network", connections: List[Tuple["Unit", "Neuron", float, str]],
                     places: Dict[int, Tuple[float, float]], tied: Set[int], radius: float, row_gap: float,
                     show_weights: bool, text_size: float = 10.0) -> None:
    """Every weight as a line from its sending to its receiving unit; its value on it, in a white box."""
    largest = max((abs(w) for _, _, w, _ in connections), default=1.0) or 1.0
    taken: List[Tuple[float, float, float, float]] = []  # the boxes of the labels placed so far
    labels = []
    for sender, receiver, w, weight in connections:
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
        dashes = ' stroke-dasharray="6 3"' if id(receiver) in tied else ""
        picture.add(f'<path class="connection" d="{shape}" fill="none" stroke="{stroke}" '
                    f'stroke-width="{thickness:.2f}" stroke-opacity="0.75"{dashes} data-weight="{attribute(weight)}">'
                    f"<title>{escape(weight)} = {w:.6g}</title></path>")
        if show_weights:
            points = [along((sx, sy), (cx, cy) if bend else None, (ex, ey), t) for t in LABEL_PLACES]
            text = short(w)
            lx, ly = place_label(points, text_width(text, text_size) + 4, 1.2 * text_size, taken)
            labels.append((lx, ly, text, stroke, weight))
    for lx, ly, text, colour, weight in labels:  # labels on top of every line
        picture.text(lx, ly + 0.35 * text_size, text, size=text_size, backed=True,
                     extra=f' fill="{colour}" class="weight-label" data-weight="{attribute(weight)}"')


def attribute(text: str) -> str:
    """Text made safe inside an attribute's double quotes."""
    return escape(text, {'"': "&quot;"})


LABEL_PLACES = (0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8)  # where a label may go along its line, the middle first


def along(start: Tuple[float, float], control: Optional[Tuple[float, float]], end: Tuple[float, float],
          t: float) -> Tuple[float, float]:
    """The point a fraction t of the way along a straight line, or along a quadratic curve with ``control``."""
    if control is None:
        return start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1])
    return ((1 - t) ** 2 * start[0] + 2 * (1 - t) * t * control[0] + t * t * end[0],
            (1 - t) ** 2 * start[1] + 2 * (1 - t) * t * control[1] + t * t * end[1])


def place_label(points: List[Tuple[float, float]], width: float, height: float,
                taken: List[Tuple[float, float, float, float]]) -> Tuple[float, float]:
    """Where a line's label goes: the first of ``points`` whose box meets no label placed before
    (else the one that overlaps least); its box is then taken."""

    def overlap(box: Tuple[float, float, float, float]) -> float:
        return sum(max(0.0, min(box[2], o[2]) - max(box[0], o[0])) * max(0.0, min(box[3], o[3]) - max(box[1], o[1]))
                   for o in taken)

    boxes = [(x - width / 2, y - height / 2, x + width / 2, y + height / 2) for x, y in points]
    scores = [overlap(box) for box in boxes]
    best = next((k for k, score in enumerate(scores) if score == 0), scores.index(min(scores)))
    taken.append(boxes[best])
    return points[best]


def draw_units(picture: Svg, layer: "Layer", places: Dict[int, Tuple[float, float]], radius: float,
               for_case: bool, text_size: float = 10.0) -> None:
    """A layer's units as circles, named, with the bias (or, for a case, the unit's y) inside."""
    long_names = any(len(unit.name) > 5 for unit in layer.units)
    for k, unit in enumerate(layer.units):
        x, y = places[id(unit)]
        if for_case:
            shade = int(255 - 200 * min(max(unit.y, 0.0), 1.0))  # darker = more active
            fill, inside = f"rgb({shade},{shade},{shade})", short(unit.y)
        else:
            fill, inside = "#f4f4f4", short(layer.neurons[k].bias) if layer.neurons else ""
        name = attribute(unit.name)  # data-unit: how the replay page finds a unit's circle and texts
        picture.add(f'<circle class="unit" cx="{x:.1f}" cy="{y:.1f}" r="{radius:g}" fill="{fill}" '
                    f'stroke="#333" stroke-width="1.2" data-unit="{name}"><title>{escape(repr(unit))}</title></circle>')
        ink = "white" if for_case and unit.y > 0.6 else "black"
        label = str(k + 1) if long_names else unit.name  # long names: the number; the row's legend names the layer
        picture.text(x, y - 0.3 * text_size if inside else y + 0.4 * text_size, label, size=text_size,
                     extra=f' fill="{ink}" font-weight="bold" class="unit-name" data-unit="{name}"')
        if inside:
            picture.text(x, y + text_size, inside, size=text_size - 1,
                         extra=f' fill="{ink}" class="unit-value" data-unit="{name}"')


def folded_svg(network: "Network", title: Optional[str] = None) -> str:
    """A net made by ``Network.unrolled`` drawn as the recurrent net it stands for (Fig. 5, left):
    one circle per unit, an arrow from every unit to every unit (a loop for itself), the input
    lines below. Each arrow's weight is the one value its copies share at every step."""
    if network.recurrent is None:
        raise ValueError("folded_svg draws nets made by Network.unrolled; this one is not recurrent")
    units, steps, inputs = network.recurrent.units, network.recurrent.steps, network.recurrent.inputs
    first = next(layer for layer in network.layers if not layer.is_input)
    spacing, radius, middle = 120.0, 22.0, 210.0
    width = max(max(units, inputs, 3) * spacing + 120, 640.0)
    picture = Svg(width, 420, title or f"the recurrent net: {plural(units, 'unit')}, run for {plural(steps, 'step')}")
    picture.add('<defs>' + "".join(
        f'<marker id="head-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="11" markerHeight="11" '
        f'markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for name, colour in (("positive", POSITIVE), ("negative", NEGATIVE))) + "</defs>")
    x_of = {j: 60 + (j + 0.5) * (width - 120) / units for j in range(units)}
    largest = max((abs(w) for n in first.neurons for w in n.weights), default=1.0) or 1.0
    state = network.layers[0]  # s0, the state before step 1; the other layers feeding step 1 are its inputs
    for j, neuron in enumerate(first.neurons):
        for feeder, start in first.blocks:
            for i in range(feeder.size):
                k, w = start + i, neuron.w[start + i]
                kind = "positive" if w >= 0 else "negative"
                colour, thickness = POSITIVE if w >= 0 else NEGATIVE, 0.8 + 4 * abs(w) / largest
                style = (f'fill="none" stroke="{colour}" stroke-width="{thickness:.2f}" '
                         f'stroke-opacity="0.8" marker-end="url(#head-{kind})"')
                tip = f"<title>{escape(neuron.weight_name(k))} = {w:.6g}</title>"
                x2 = x_of[j]
                if feeder is not state:  # input line i, from below
                    x1 = 60 + (i + 0.5) * (width - 120) / max(inputs, 1)
                    line = f"M {x1:.1f} 372 L {x2:.1f} {middle + radius + 2:.1f}"
                    picture.add(f'<path class="connection" d="{line}" {style}>{tip}</path>')
                elif i == j:  # a loop above the unit, back into itself
                    path = (f"M {x2 - 10:.1f} {middle - radius + 2:.1f} C {x2 - 40:.1f} {middle - 90:.1f} "
                            f"{x2 + 40:.1f} {middle - 90:.1f} {x2 + 10:.1f} {middle - radius + 2:.1f}")
                    picture.add(f'<path class="connection" d="{path}" {style}>{tip}</path>')
                else:  # left to right above the row, right to left below it
                    x1, up = x_of[i], -1 if i < j else 1
                    y1 = middle + up * radius
                    top = middle + up * (40 + 25 * abs(i - j))
                    path = f"M {x1:.1f} {y1:.1f} C {x1:.1f} {top:.1f} {x2:.1f} {top:.1f} {x2:.1f} {y1:.1f}"
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
