"""The network as circles and lines (the paper's Fig. 1), and an unrolled net folded back (Fig. 5)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Set, Tuple
from xml.sax.saxutils import escape

from ..validate import plural
from .svg import (
    NEGATIVE,
    POSITIVE,
    Box,
    Label,
    Line,
    Point,
    Svg,
    bezier,
    box_at,
    nearest_on,
    place_labels,
    point_along,
    short,
    text_width,
    toward,
)

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
                title: Optional[str] = None, groups: Optional[bool] = None) -> str:
    """The network as circles and lines; biases in the circles, or each unit's y for ``case``.

    Weight values are written on the lines when ``weights`` is True (default: for nets of at most
    40 connections), each on its own line where no other line crosses it, or beside it with a leader.
    A skip connection, spanning more than one row, is drawn as a curve. Beside each row, its layers and
    what they are; below, the legend. A net of more than 200 lines (``groups``: the family trees) is
    drawn by groups instead, as the paper's Fig. 2 draws it: see ``groups_svg``.
    """
    connections = [(sender, neuron, w, neuron.weight_name(k))
                   for neuron in network.neurons for k, (sender, w) in enumerate(zip(neuron.inputs, neuron.weights))]
    if groups or (groups is None and len(connections) + len(network.neurons) > 200):
        return groups_svg(network, case, title)
    if case is not None:
        network.forward(case)
    radius = 24.0  # the bias well inside: lines that meet the circle keep clear of its text
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
    rows = rows_of(network)
    notes = {r: "; ".join(role(network, layer) for layer in layers) for r, layers in rows.items()}
    for room in (1.0, 1.25, 1.5, 2.0):  # more room until every label has a free place
        places, units_width, height = unit_positions(network, radius, spacing * room, row_gap * room, margin=40.0)
        places = {key: (x - 24, y) for key, (x, y) in places.items()}  # 16 px left of the units, not 40
        right = max(x for x, _ in places.values()) + radius + 4 + 14  # where the rows' legends begin
        width = max(right + max(text_width(note, 11) for note in notes.values()) + 12,
                    text_width(legend, 11) + 24, text_width(title, 13) + 24)
        height += 30  # the legend
        picture = Svg(width, height, title)
        misplaced = draw_connections(picture, network, connections, places, tied, radius, row_gap * room,
                                     show_weights, leaders=True, bounds=(4.0, 28.0, right - 4, height - 30))
        if not misplaced:
            break
    for r, note in notes.items():
        y = places[id(rows[r][0].units[0])][1]
        picture.text(right, y + 4, note, size=11, anchor="start", extra=' fill="#555" class="row"')
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
                     show_weights: bool, text_size: float = 10.0, leaders: bool = False,
                     bounds: Optional[Box] = None) -> int:
    """Every weight as a line from its sending to its receiving unit; with ``show_weights``, its value
    in a white box on it, where no other line crosses the box, no unit and no other label is under it
    (``place_labels``). A line with no such place has its label beside it with a thin leader line to it
    (``leaders``), else where it overlaps least; ``bounds`` (left, top, right, bottom) keep the labels
    inside the picture. Returns how many labels found no free place."""
    largest = max((abs(w) for _, _, w, _ in connections), default=1.0) or 1.0
    lines: List[Line] = []
    labels: List[Label] = []
    texts = []
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
        points = bezier([(sx, sy), (cx, cy), (ex, ey)] if bend else [(sx, sy), (ex, ey)])
        lines.append(Line(points, thickness / 2))
        if show_weights:
            text = short(w)
            labels.append(Label(len(lines) - 1, text_width(text, text_size) + 4, 1.15 * text_size,
                                [point_along(points, t)[0] for t in LABEL_PLACES]))
            texts.append((text, stroke, weight))
    if not labels:
        return 0
    ring = {id(unit) for unit in network.output_units}
    circles = [(x, y, radius + 4 * (key in ring)) for key, (x, y) in places.items()]
    found, misplaced = place_labels(lines, labels, circles, bounds or (0.0, 0.0, picture.width, picture.height),
                                    leaders)
    draw_labels(picture, found, labels, texts, text_size)
    return misplaced


def draw_labels(picture: Svg, found: List[Tuple[Point, Optional[Point]]], labels: List[Label],
                texts: List[Tuple[str, str, str]], text_size: float = 10.0) -> None:
    """The labels where ``place_labels`` put them, each in its white box, in its line's colour, named by
    its weight (``data-weight``); under them, the leaders of those beside their lines."""
    for ((x, y), anchor), label, (_, _, weight) in zip(found, labels, texts):
        if anchor is not None:
            end = nearest_on(box_at((x, y), label.width, label.height), anchor)
            picture.add(f'<line class="leader" x1="{anchor[0]:.1f}" y1="{anchor[1]:.1f}" x2="{end[0]:.1f}" '
                        f'y2="{end[1]:.1f}" stroke="#777" stroke-width="0.8" data-weight="{attribute(weight)}"/>')
    for ((x, y), _), (text, colour, weight) in zip(found, texts):  # the baseline that centres the box on y
        picture.text(x, y + 0.275 * text_size, text, size=text_size, backed=True,
                     extra=f' fill="{colour}" class="weight-label" data-weight="{attribute(weight)}"')


def attribute(text: str) -> str:
    """Text made safe inside an attribute's double quotes."""
    return escape(text, {'"': "&quot;"})


# where a label may go along its line, as fractions of its length: the middle first, then outwards
LABEL_PLACES = sorted((k / 50 for k in range(4, 47)), key=lambda t: (abs(t - 0.5), t))


GROUP_PITCH, GROUP_RADIUS = 24.0, 9.0  # a unit's room in its group's box, and its circle


def group_places(network: "Network") -> Dict[int, Tuple[float, float]]:
    """Each layer's box as (left, row), the paper's Fig. 2 layout: rows as ``rows_of`` gives them (inputs at
    the bottom), each layer centred over the layers that feed it, neighbours in a row pushed apart, input
    layers side by side at the left. The half rows of an unrolled net (each step's input) get a column of
    their own at the left, as ``unit_positions`` gives them."""
    boxes: Dict[int, Tuple[float, float]] = {}
    centre: Dict[int, float] = {}
    rows = rows_of(network)
    side = max((group_width(network, layer) for r, layers in rows.items() if r != int(r) for layer in layers),
               default=-40.0) + 40
    for r, layers in rows.items():
        if r != int(r):  # an unrolled net's input, in the left column
            for layer in layers:
                boxes[id(layer)], centre[id(layer)] = (0.0, r), group_width(network, layer) / 2
            continue
        wanted = [(sum(centre[id(f)] for f in layer.feeders) / len(layer.feeders) if layer.feeders else None, layer)
                  for layer in layers]
        x = side
        for want, layer in sorted(wanted, key=lambda pair: (pair[0] is not None, pair[0] or 0.0)):
            size = group_width(network, layer)
            left = x if want is None else max(x, want - size / 2)
            boxes[id(layer)], centre[id(layer)] = (left, r), left + size / 2
            x = left + size + 40
    shift = 16 - min(left for left, _ in boxes.values())
    return {key: (left + shift, r) for key, (left, r) in boxes.items()}


def group_width(network: "Network", layer: "Layer") -> float:
    """How wide a layer's box is: room for its units, and for its caption (``group_caption``)."""
    return max(layer.size * GROUP_PITCH + 16, text_width(group_caption(network, layer), 11) + 12)


def group_caption(network: "Network", layer: "Layer") -> str:
    return f"{role(network, layer)}, {plural(layer.size, 'unit')}"


def groups_svg(network: "Network", case: Optional[Sequence[float]] = None, title: Optional[str] = None) -> str:
    """A large net drawn by groups, as the paper's Fig. 2 draws the family trees: each layer a box of
    small numbered units (under each neuron its bias as a square, blue filled positive, red hollow
    negative, area ∝ |bias|; or, for ``case``, each unit shaded by its y), and all the lines from one
    layer to another as one band, its blue part as wide as the sum of its positive weights and its red
    part as the sum of |negative weights|, labelled with how many lines it stands for."""
    if case is not None:
        network.forward(case)
    boxes = group_places(network)
    rows = sorted({r for _, r in boxes.values()})
    box_height, row_gap, top = 62.0, 150.0, 44.0
    y_of = {r: top + (rows[-1] - r) * row_gap for r in rows}  # the top of each row's boxes
    units_right = max(left + group_width(network, layer) for layer in network.layers
                      for left, _ in [boxes[id(layer)]])
    lines = sum(len(neuron.w) for neuron in network.neurons)
    title = title or (f"{plural(len(network.units), 'unit')} in {len(network.layers)} layers, {lines:,} weights "
                      f"and biases" + (", for one case" if case is not None else ""))
    legends = [("in each unit its y for the case (dark: near 1)" if case is not None else
                "units numbered in each layer; under each its bias: blue filled positive, red hollow negative, "
                "area ∝ |bias|") + "; double ring: compared with a target",
               "each band: every line from one layer to the next, blue positive, red negative, each part as wide "
               "as the sum of its weights' |w|"]
    width = max(units_right + 16, max(text_width(text, 11) for text in legends) + 24, text_width(title, 13) + 24)
    height = y_of[rows[0]] + box_height + 56
    picture = Svg(width, height, title)
    feeds = [(feeder, layer) for layer in network.layers for feeder in layer.feeders]
    totals = {}
    for feeder, layer in feeds:
        weights = [w for neuron in layer.neurons for sender, w in zip(neuron.inputs, neuron.weights)
                   if sender in feeder.units]
        totals[(id(feeder), id(layer))] = (sum(w for w in weights if w >= 0), -sum(w for w in weights if w < 0),
                                           sum(w >= 0 for w in weights), len(weights))
    scale = 28.0 / max((plus + minus for plus, minus, _, _ in totals.values()), default=1.0)
    labels: List[Tuple[float, float, str]] = []
    for feeder, layer in feeds:
        plus, minus, positive, count = totals[(id(feeder), id(layer))]
        outgoing = [later for f, later in feeds if f is feeder]
        incoming = [f for f, later in feeds if later is layer]
        (f_left, f_row), (l_left, l_row) = boxes[id(feeder)], boxes[id(layer)]
        sx = f_left + group_width(network, feeder) * (outgoing.index(layer) + 1) / (len(outgoing) + 1)
        ex = l_left + group_width(network, layer) * (incoming.index(feeder) + 1) / (len(incoming) + 1)
        sy, ey = y_of[f_row], y_of[l_row] + box_height
        blue, red = plus * scale, minus * scale
        between = [left + group_width(network, other) for other in network.layers
                   for left, r in [boxes[id(other)]] if f_row < r < l_row and r == int(r)]
        if between:  # a skip: around the boxes of the rows it passes, on their right
            bx = max(between) + 30 + (blue + red) / 2
            route = (f"C {{x:.1f}} {sy - 40:.1f} {{b:.1f}} {sy - 40:.1f} {{b:.1f}} {sy - 80:.1f} "
                     f"L {{b:.1f}} {ey + 80:.1f} C {{b:.1f}} {ey + 40:.1f} {{e:.1f}} {ey + 40:.1f} {{e:.1f}} {ey:.1f}")
            middle = (bx + (blue + red) / 2 + 8, (sy + ey) / 2)
        else:
            bx, bend = 0.0, (sy - ey) / 2
            route = f"C {{x:.1f}} {sy - bend:.1f} {{e:.1f}} {ey + bend:.1f} {{e:.1f}} {ey:.1f}"
            lower = bezier([(sx, sy), (sx, sy - bend), (ex, ey + bend), (ex, ey)], pieces=4)[1]  # still steep
            middle = (lower[0] + (blue + red) / 2 + 8, lower[1]) if sy - ey > 40 else \
                ((sx + ex) / 2, (sy + ey) / 2 + (blue + red) / 2 + 14)  # a band nearly level: under it
        text = f"{count} weights: {positive} positive, {count - positive} negative"
        names = f"{feeder.name} → {layer.name}"
        picture.add(f'<g class="bundle" data-from="{attribute(feeder.name or "")}" '
                    f'data-to="{attribute(layer.name or "")}" data-lines="{count}"><title>{escape(names)}: '
                    f"{escape(text)}; the sum of the positive weights {plus:.2f}, of the negative {-minus:.2f}</title>")
        for shift, stroke, colour in ((-red / 2, blue, POSITIVE), (blue / 2, red, NEGATIVE)):  # side by side
            if stroke > 0:
                shape = f"M {sx + shift:.1f} {sy:.1f} " + route.format(x=sx + shift, e=ex + shift, b=bx + shift)
                picture.add(f'<path class="bundle-part" d="{shape}" fill="none" stroke="{colour}" '
                            f'stroke-width="{stroke:.2f}" stroke-opacity="0.6"/>')
        picture.add("</g>")
        labels.append((middle[0], middle[1], text))
    read = {id(unit) for unit in network.output_units}
    largest_bias = max((abs(neuron.bias) for neuron in network.neurons), default=1.0) or 1.0
    for layer in network.layers:
        left, r = boxes[id(layer)]
        y = y_of[r]
        picture.add(f'<rect class="group" x="{left:.1f}" y="{y:.1f}" width="{group_width(network, layer):.1f}" '
                    f'height="{box_height}" rx="6" fill="#fafafa" stroke="#888" '
                    f'data-layer="{attribute(layer.name or "")}"/>')
        picture.text(left + 6, y + 14, group_caption(network, layer), size=11, anchor="start",
                     extra=' class="row" fill="#333"')
        for k, unit in enumerate(layer.units):
            x, cy = left + 8 + (k + 0.5) * GROUP_PITCH, y + 31
            shade = int(255 - 200 * min(max(unit.y, 0.0), 1.0)) if case is not None else 244
            ink = "white" if case is not None and unit.y > 0.6 else "black"
            picture.add(f'<circle class="unit" cx="{x:.1f}" cy="{cy:.1f}" r="{GROUP_RADIUS:g}" '
                        f'fill="rgb({shade},{shade},{shade})" stroke="#333" data-unit="{attribute(unit.name)}">'
                        f"<title>{escape(repr(unit))}</title></circle>")
            if id(unit) in read:
                picture.add(f'<circle class="read" cx="{x:.1f}" cy="{cy:.1f}" r="{GROUP_RADIUS + 2.5:g}" '
                            f'fill="none" stroke="#333"/>')
            picture.text(x, cy + 3, str(k + 1), size=8, extra=f' fill="{ink}" class="unit-name"')
            if layer.neurons and case is None:
                neuron = layer.neurons[k]
                side = 11 * math.sqrt(abs(neuron.bias) / largest_bias)
                picture.sign_square(x, y + 52, side, neuron.bias, neuron.weight_name(len(neuron.w) - 1))
    for x, y, text in labels:  # beside each band, over everything
        picture.text(x, y + 4, text, size=11, anchor="start", backed=True, extra=' class="bundle-label"')
    picture.text(12, 20, picture.title, size=13, anchor="start")
    for k, text in enumerate(legends):
        picture.text(12, height - 26 + 16 * k, text, size=11, anchor="start")
    return picture.render()


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
    lines below. Each arrow's weight is the one value its copies share at every step, written on it.

    Arrows from left to right run above the row of units and those from right to left below it; each
    leaves and meets a circle at a point of its own, has its head where it ends and a second head
    half-way, so that its way can be read anywhere along it."""
    if network.recurrent is None:
        raise ValueError("folded_svg draws nets made by Network.unrolled; this one is not recurrent")
    for spacing in (170.0, 220.0, 280.0):  # more room until every number has a free place
        picture, misplaced = folded_picture(network, title, spacing)
        if not misplaced:
            break
    return picture.render()


def folded_picture(network: "Network", title: Optional[str], spacing: float) -> Tuple[Svg, int]:
    """``folded_svg``'s picture with its units ``spacing`` apart, and how many labels found no free place."""
    assert network.recurrent is not None
    units, steps, inputs = network.recurrent.units, network.recurrent.steps, network.recurrent.inputs
    first = next(layer for layer in network.layers if not layer.is_input)
    radius = 22.0
    step = 18.0 if units <= 3 else min(18.0, 38.0 / (units - 2))  # between the points where arcs meet a circle

    def lift(d: int) -> float:  # how high the arc between units d apart rises: over the loops between them
        return 60.0 if d == 1 else 60.0 + 55.0 * (d - 1)

    reach = max(69.0, 0.75 * lift(units - 1)) if units > 1 else 69.0
    middle = 40 + reach + 20
    below = middle + (0.75 * lift(units - 1) if units > 1 else radius)
    boxes_y = below + 70
    width = max(140 + spacing * (units - 1), 90.0 * inputs + 60, 640.0)
    height = boxes_y + 20 + 40
    title = title or f"the recurrent net: {plural(units, 'unit')}, run for {plural(steps, 'step')}"
    picture = Svg(width, height, title)
    picture.add('<defs>' + "".join(
        f'<marker id="head-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="11" markerHeight="11" '
        f'markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for name, colour in (("positive", POSITIVE), ("negative", NEGATIVE))) + "</defs>")
    left = (width - spacing * (units - 1)) / 2
    x_of = {j: left + j * spacing for j in range(units)}
    box_x = {k: width / 2 + (k - (inputs - 1) / 2) * 90.0 for k in range(inputs)}
    largest = max((abs(w) for n in first.neurons for w in n.weights), default=1.0) or 1.0
    state = network.layers[0]  # s0, the state before step 1; the other layers feeding step 1 are its inputs

    def on_circle(j: int, degrees: float) -> Point:
        return (x_of[j] + radius * math.cos(math.radians(degrees)), middle + radius * math.sin(math.radians(degrees)))

    lines: List[Line] = []
    labels: List[Label] = []
    heads: List[Tuple[Point, Point, str]] = []  # the half-way heads: where, which way, the colour
    texts = []
    for j, neuron in enumerate(first.neurons):
        for feeder, start in first.blocks:
            for i in range(feeder.size):
                k, w = start + i, neuron.w[start + i]
                colour, thickness = POSITIVE if w >= 0 else NEGATIVE, 0.8 + 4 * abs(w) / largest
                if feeder is not state:  # input line i, from its box below to the unit's bottom
                    turn = 90 + (i - (inputs - 1) / 2) * 16
                    shape = [(box_x[i] + (j - (units - 1) / 2) * 6, boxes_y), on_circle(j, turn)]
                elif i == j:  # a loop above the unit, back into itself, clockwise
                    (sx, sy), (ex, ey) = on_circle(j, -110), on_circle(j, -70)
                    shape = [(sx, sy), (x_of[j] - 40, middle - 85), (x_of[j] + 40, middle - 85), (ex, ey)]
                else:  # left to right above the row, right to left below it
                    d, up = abs(i - j), -1 if i < j else 1
                    angle = 12 + step * (d - 1)  # a point of its own on each circle: steeper for a longer arc
                    (sx, sy) = on_circle(i, -angle if i < j else 180 - angle)
                    (ex, ey) = on_circle(j, 180 + angle if i < j else angle)
                    lean = 0.2 * (ex - sx)
                    shape = [(sx, sy), (sx + lean, sy + up * lift(d)), (ex - lean, ey + up * lift(d)), (ex, ey)]
                name = neuron.weight_name(k)
                kind = "positive" if w >= 0 else "negative"
                d_text = f"M {shape[0][0]:.1f} {shape[0][1]:.1f} " + (
                    f"L {shape[1][0]:.1f} {shape[1][1]:.1f}" if len(shape) == 2 else
                    "C " + " ".join(f"{x:.1f} {y:.1f}" for x, y in shape[1:]))
                picture.add(f'<path class="connection" d="{d_text}" fill="none" stroke="{colour}" '
                            f'stroke-width="{thickness:.2f}" stroke-opacity="0.8" marker-end="url(#head-{kind})" '
                            f'data-weight="{attribute(name)}"><title>{escape(name)} = {w:.6g}</title></path>')
                points = bezier(shape, pieces=40)
                lines.append(Line(points, thickness / 2))
                if feeder is state:
                    heads.append((*point_along(points, 0.5), colour))
                text = short(w)
                labels.append(Label(len(lines) - 1, text_width(text, 10) + 4, 11.5,
                                    [point_along(points, t)[0] for t in LABEL_PLACES]))
                texts.append((text, colour, name))
    for (x, y), (dx, dy), colour in heads:  # a head half-way along each arrow between units
        tip, back = (x + 5 * dx, y + 5 * dy), (x - 5 * dx, y - 5 * dy)
        picture.add(f'<path class="arrow" d="M {tip[0]:.1f} {tip[1]:.1f} L {back[0] - 4.5 * dy:.1f} '
                    f'{back[1] + 4.5 * dx:.1f} L {back[0] + 4.5 * dy:.1f} {back[1] - 4.5 * dx:.1f} z" '
                    f'fill="{colour}"/>')
    circles = [(x_of[j], middle, radius) for j in range(units)] + [(x, y, 8.0) for (x, y), _, _ in heads]
    found, misplaced = place_labels(lines, labels, circles, (4.0, 30.0, width - 4, boxes_y - 2))
    draw_labels(picture, found, labels, texts)
    for j, neuron in enumerate(first.neurons):
        picture.add(f'<circle class="unit" cx="{x_of[j]:.1f}" cy="{middle:.1f}" r="{radius}" fill="#f4f4f4" '
                    f'stroke="#333" stroke-width="1.2"><title>unit {j + 1}</title></circle>')
        picture.text(x_of[j], middle - 2, f"unit {j + 1}", size=10, extra=' font-weight="bold"')
        picture.text(x_of[j], middle + 11, short(neuron.bias), size=9)
    for k in range(inputs):
        picture.add(f'<rect class="input" x="{box_x[k] - 30:.1f}" y="{boxes_y:.1f}" width="60" height="20" '
                    f'fill="#e8e8e8" stroke="#333"/>')
        picture.text(box_x[k], boxes_y + 14, f"input {k + 1}", size=10)
    picture.text(12, 20, picture.title, size=13, anchor="start")
    picture.text(12, height - 8, "bias in each unit; each arrow one weight, the same at every step, its value on it "
                                 "(blue positive, red negative, width ∝ |w|)", size=11, anchor="start")
    return picture, misplaced
