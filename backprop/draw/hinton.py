"""Hinton diagrams: the weights into a layer as squares (the paper's Fig. 4), as SVG and as text.

The paper's Fig. 4 draws positive weights white and negative black; here, as in every picture of
this library, positive is blue and filled, negative red and hollow, and a square's area is
proportional to |w|.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, List, Optional, Sequence

from .svg import Svg, text_width

if TYPE_CHECKING:  # pragma: no cover  (the pictures read the core's objects; they never import it)
    from ..layer import Layer
    from ..neuron import Neuron

CELL = 18.0  # a weight's cell; the largest square fills 80% of its side, so neighbours never touch
MARGIN = 12.0


def hinton_svg(layer: "Layer", rows: int = 1, column_labels: Optional[Sequence[str]] = None,
               row_labels: Optional[Sequence[str]] = None, title: Optional[str] = None) -> str:
    """The weights into ``layer`` as squares: positive blue and filled, negative red and hollow, area ∝ |w|.

    With ``rows=1``, a row per unit of the layer and a column per line into it, labelled with the
    sending unit's name, then the bias. With ``rows=k`` each unit gets a block of its inputs in k
    rows (the paper's Fig. 4: the 24 people in 2 rows, English above Italian) and its bias in a
    cell of its own beside the block, half-way between its rows, on none of them; ``column_labels``
    then name the columns (default: the first row's units).
    """
    neurons = layer.neurons
    if not neurons:
        raise ValueError(f"layer {layer.name} has no weights to draw: it is an input layer")
    lines = len(neurons[0].weights)
    if rows < 1 or lines % rows:
        raise ValueError(f"rows must divide the {lines} inputs of layer {layer.name}, got {rows}")
    columns = lines // rows
    labels = list(column_labels or [unit.name for unit in neurons[0].inputs])[:columns] + ["bias"]
    left_labels = [n.name for n in neurons] if rows == 1 else list(row_labels or [])[:rows]
    label_width = MARGIN + max((text_width(label, 11) for label in left_labels), default=0.0) + 8
    slant = max(text_width(label, 10) for label in labels) * math.sin(math.radians(60))
    title = title or f"weights into layer {layer.name}"
    heading = 16.0 if rows > 1 else 0.0  # a block's unit name sits above it
    gap = 10.0 if rows > 1 else 0.0
    top = 30.0 + slant + 6
    grid = label_width + (columns + 2) * CELL  # the weights, a blank column, the bias
    largest = max(abs(w) for n in neurons for w in n.w) or 1.0
    legend = f"area ∝ |w|, largest {largest:.2f}"
    width = max(grid + slant * 0.5 + MARGIN, text_width(title, 13) + 2 * MARGIN,
                MARGIN + 90 + text_width(f"negative; {legend}", 11) + MARGIN)
    height = top + len(neurons) * (heading + rows * CELL + gap) + 40
    picture = Svg(width, height, title)
    picture.text(MARGIN, 20, title, size=13, anchor="start")
    for k, label in enumerate(labels):
        x = label_width + (k + (k == columns) + 0.5) * CELL
        turn = f' class="column-label" transform="rotate(-60 {x:.1f} {top - 6:.1f})"'
        picture.text(x, top - 6, label, size=10, anchor="start", extra=turn)
    y = top
    for neuron in neurons:
        y += draw_unit(picture, neuron, y, rows, columns, heading, label_width, largest, left_labels)
        y += gap
    picture.sign_legend(MARGIN, height - 14, legend)
    return picture.render()


def draw_unit(picture: Svg, neuron: "Neuron", y: float, rows: int, columns: int, heading: float,
              label_width: float, largest: float, left_labels: List[str]) -> float:
    """One unit's weights (a row, or a block of ``rows`` rows) and its bias; returns the height used."""
    if rows > 1:
        picture.text(label_width, y + heading - 4, neuron.name, size=11, anchor="start", extra=' font-weight="bold"')
        y += heading
        for r, label in enumerate(left_labels):
            picture.text(label_width - 6, y + (r + 0.7) * CELL, label, size=11, anchor="end", extra=' fill="#444"')
    else:
        picture.text(label_width - 6, y + CELL * 0.7, neuron.name, size=11, anchor="end")
    picture.add(f'<rect x="{label_width:.1f}" y="{y:.1f}" width="{columns * CELL:.1f}" height="{rows * CELL:.1f}" '
                f'fill="none" stroke="#ddd"/>')
    bias_x, bias_y = label_width + (columns + 1.5) * CELL, y + rows * CELL / 2  # beside the block, across its rows
    if rows > 1:  # a cell of its own, on no row: the bias belongs to no person of the rows
        picture.add(f'<rect class="bias-cell" x="{bias_x - CELL / 2:.1f}" y="{bias_y - CELL / 2:.1f}" '
                    f'width="{CELL:.1f}" height="{CELL:.1f}" fill="none" stroke="#ddd"/>')
    for k, w in enumerate(neuron.w[:-1]):
        side = CELL * 0.8 * math.sqrt(abs(w) / largest)
        picture.sign_square(label_width + (k % columns + 0.5) * CELL, y + (k // columns + 0.5) * CELL, side, w,
                            neuron.weight_name(k))
    picture.sign_square(bias_x, bias_y, CELL * 0.8 * math.sqrt(abs(neuron.bias) / largest), neuron.bias,
                        neuron.weight_name(len(neuron.w) - 1))
    return heading + rows * CELL


def hinton_text(layer: "Layer") -> str:
    """The weights into ``layer`` in Unicode blocks: ■ positive, □ negative, bigger for larger |w|.

    >>> import backprop as bp
    >>> net = bp.Network([3, 1], weight_range=0.0)
    >>> net.unit("o1").weights[:] = [2.0, -2.0, 0.1]
    >>> print(hinton_text(net.layers[1]))
        i1 i2 i3   bias
    o1  ■  □  ·  | ·
    ■ ▪ positive, □ ▫ negative (big: |w| over 0.6 of the largest, 2), · near 0
    """
    neurons = layer.neurons
    if not neurons:
        raise ValueError(f"layer {layer.name} has no weights to draw: it is an input layer")
    largest = max(abs(w) for n in neurons for w in n.w) or 1.0
    width = max(len(n.name) for n in neurons)
    column = max(2, max(len(unit.name) for unit in neurons[0].inputs))

    def mark(w: float) -> str:
        size = abs(w) / largest
        if size < 0.2:
            return "·"
        if size < 0.6:
            return "▪" if w > 0 else "▫"
        return "■" if w > 0 else "□"

    header = " " * (width + 2) + " ".join(f"{unit.name:<{column}}" for unit in neurons[0].inputs) + "   bias"
    rows = [f"{n.name:<{width}}  " + " ".join(f"{mark(w):<{column}}" for w in n.weights) + f" | {mark(n.bias)}"
            for n in neurons]
    legend = f"■ ▪ positive, □ ▫ negative (big: |w| over 0.6 of the largest, {largest:.3g}), · near 0"
    return "\n".join([header.rstrip(), *rows, legend])
