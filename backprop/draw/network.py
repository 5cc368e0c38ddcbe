"""The network as circles and lines (the paper's Fig. 1), and an unrolled net folded back (Fig. 5)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple
from xml.sax.saxutils import escape

from .svg import NEGATIVE, POSITIVE, Svg, short, toward

if TYPE_CHECKING:  # pragma: no cover  (the pictures read the core's objects; they never import it)
    from ..layer import Layer
    from ..network import Network


def rows_of(network: "Network") -> Dict[int, List["Layer"]]:
    """The layers of each row of the picture, in the network's order."""
    row = depths(network)
    rows: Dict[int, List["Layer"]] = {}
    for layer in network.layers:
        rows.setdefault(row[id(layer)], []).append(layer)
    return rows


def depths(network: "Network") -> Dict[int, int]:
    """Each layer's row: a layer sits one above the highest layer feeding it, and an input layer
    one below the lowest layer it feeds (so an unrolled net's inputs sit beside their step)."""
    row: Dict[int, int] = {}
    for layer in network.layers:
        row[id(layer)] = 1 + max((row[id(f)] for f in layer.feeders), default=-1)
    for layer in network.input_layers:
        row[id(layer)] = min(row[id(later)] for later in network.layers if layer in later.feeders) - 1
    return row


def unit_positions(network: "Network", radius: float, spacing: float, row_gap: float, margin: float,
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
            for unit in layer.units:
                places[id(unit)] = (x, y)
                x += step
            x += step  # the gap between layers that share a row
    return places, width, height


def network_svg(network: "Network", case: Optional[Sequence[float]] = None, weights: Optional[bool] = None,
                title: Optional[str] = None) -> str:
    """The network as circles and lines; biases in the circles, or each unit's y for ``case``.

    Weight values are written on the lines when ``weights`` is True (default: for nets of at most
    40 connections). A skip connection, spanning more than one row, is drawn as a curve.
    """
    if case is not None:
        network.forward(case)
    radius, spacing = 21.0, 64.0
    connections = [(sender, neuron, w, neuron.weight_name(k))
                   for neuron in network.neurons for k, (sender, w) in enumerate(zip(neuron.inputs, neuron.weights))]
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
    largest = max((abs(w) for _, _, w, _ in connections), default=1.0) or 1.0
    labels = []
    position_in_layer = {id(unit): k for layer in network.layers for k, unit in enumerate(layer.units)}
    layer_size = {id(unit): layer.size for layer in network.layers for unit in layer.units}
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
        name = escape(weight)
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
        y = places[id(row_layers[0].units[0])][1]
        picture.text(width - legend_width + 4, y + 4, " | ".join(str(layer.name) for layer in row_layers), size=11,
                     anchor="start", extra=' fill="#555"')
    for layer in network.layers:
        long_names = any(len(unit.name) > 5 for unit in layer.units)
        for k, unit in enumerate(layer.units):
            x, y = places[id(unit)]
            if case is not None:
                shade = int(255 - 200 * min(max(unit.y, 0.0), 1.0))  # darker = more active
                fill, inside = f"rgb({shade},{shade},{shade})", short(unit.y)
            else:
                fill, inside = "#f4f4f4", short(layer.neurons[k].bias) if layer.neurons else ""
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


def folded_svg(network: "Network", title: Optional[str] = None) -> str:
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
