"""The network as circles and lines (the paper's Fig. 1); a large net by groups (Fig. 2, ``groups``) and
an unrolled net folded back (Fig. 5, ``folded``) are drawn with this module's rows and units."""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Set, Tuple

from ..validate import plural
from .svg import (
    NEGATIVE,
    POSITIVE,
    Box,
    Label,
    Line,
    Point,
    Svg,
    attribute,
    bezier,
    box_at,
    escape,
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
    what they are; below, the legend. A net of more than 200 lines and biases (``groups``: the family trees) is
    drawn by groups instead, as the paper's Fig. 2 draws it: see ``groups_svg``.
    """
    connections = [(sender, neuron, w, neuron.weight_name(k))
                   for neuron in network.neurons for k, (sender, w) in enumerate(zip(neuron.inputs, neuron.weights))]
    if groups or (groups is None and len(connections) + len(network.neurons) > 200):
        from .groups import groups_svg  # here: groups.py draws with this module's rows, so imports it

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


# where a label may go along its line, as fractions of its length: the middle first, then outwards
LABEL_PLACES = sorted((k / 50 for k in range(4, 47)), key=lambda t: (abs(t - 0.5), t))


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
