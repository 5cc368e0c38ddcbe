"""A net made by ``Network.unrolled`` drawn as the recurrent net it stands for (the paper's Fig. 5, left)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, List, Optional, Tuple

from ..validate import plural
from .network import LABEL_PLACES, draw_labels
from .svg import (
    NEGATIVE,
    POSITIVE,
    Label,
    Line,
    Point,
    Svg,
    attribute,
    bezier,
    escape,
    place_labels,
    point_along,
    short,
    text_width,
)

if TYPE_CHECKING:  # pragma: no cover  (the pictures read the core's objects; they never import it)
    from ..network import Network


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
