"""A large net drawn by groups, as the paper's Fig. 2 draws the family trees: a box per layer and a band
for all the lines from one layer to the next."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple

from ..validate import plural
from .network import role, rows_of
from .svg import (
    NEGATIVE,
    POSITIVE,
    Svg,
    attribute,
    bezier,
    escape,
    text_width,
)

if TYPE_CHECKING:  # pragma: no cover  (the pictures read the core's objects; they never import it)
    from ..layer import Layer
    from ..network import Network


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


