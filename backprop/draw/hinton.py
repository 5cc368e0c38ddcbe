"""Hinton diagrams: the weights into a layer as squares (the paper's Fig. 4), as SVG and as text."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Optional, Sequence
from xml.sax.saxutils import escape

from .svg import Svg

if TYPE_CHECKING:  # pragma: no cover  (the pictures read the core's objects; they never import it)
    from ..layer import Layer


def hinton_svg(layer: Layer, rows: int = 1, column_labels: Optional[Sequence[str]] = None,
               row_labels: Optional[Sequence[str]] = None, title: Optional[str] = None) -> str:
    """The weights into ``layer`` as squares: white positive, black negative, area ∝ |w|, on grey.

    With ``rows=1`` a row per unit of the layer and a column per input (then the bias). With
    ``rows=k`` each unit gets a block of its inputs laid out in k rows (the paper's Fig. 4: the
    24 people in 2 rows, English above Italian), its bias in a square of its own.
    """
    neurons = layer.neurons
    if not neurons:
        raise ValueError(f"layer {layer.name} has no weights to draw: it is an input layer")
    inputs = len(neurons[0].weights)
    if rows < 1 or inputs % rows:
        raise ValueError(f"rows must divide the {inputs} inputs of layer {layer.name}, got {rows}")
    columns = inputs // rows
    cell = 18.0
    heading = 16.0 if rows > 1 else 0.0  # a block's unit name sits above it
    gap = 12.0 if rows > 1 else 0.0
    largest = max(abs(w) for n in neurons for w in n.w) or 1.0
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


def hinton_text(layer: Layer) -> str:
    """The weights into ``layer`` in Unicode blocks: ■ positive, □ negative, bigger for larger |w|.

    >>> import backprop as bp
    >>> net = bp.Network([3, 1], weight_range=0.0)
    >>> net.unit("o1").weights[:] = [2.0, -2.0, 0.1]
    >>> print(hinton_text(net.layers[1]))
    o1  ■ □ ·  | ·
    """
    neurons = layer.neurons
    if not neurons:
        raise ValueError(f"layer {layer.name} has no weights to draw: it is an input layer")
    largest = max(abs(w) for n in neurons for w in n.w) or 1.0
    width = max(len(n.name) for n in neurons)

    def mark(w: float) -> str:
        size = abs(w) / largest
        if size < 0.2:
            return "·"
        if size < 0.6:
            return "▪" if w > 0 else "▫"
        return "■" if w > 0 else "□"

    return "\n".join(f"{n.name:<{width}}  {' '.join(mark(w) for w in n.weights)}  | {mark(n.bias)}" for n in neurons)
