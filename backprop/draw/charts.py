"""E per sweep as a curve (and as a sparkline), and a 2-input net's output as a map."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple
from xml.sax.saxutils import escape

from .svg import Svg

if TYPE_CHECKING:  # pragma: no cover  (the pictures read the core's objects; they never import it)
    from ..history import History
    from ..network import Network


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


SERIES_COLOURS = ("#1f5fbf", "#e08a00", "#2a9d4b", "#7b3fb5", "#555555", "#c8102e")


def curves_svg(series: Dict[str, Sequence[float]], log: bool = False, title: str = "", x_label: str = "sweep",
               y_label: str = "", x_values: Optional[Sequence[float]] = None,
               marks: Sequence[Tuple[float, float, str]] = ()) -> str:
    """Several series on one plot, with labelled axes and a legend; ``log=True`` for a log scale
    (of |value|, for series that change sign). ``x_values`` are the sweeps the values belong to
    (default 1, 2, …); each of ``marks`` shades a stretch of sweeps, labelled."""
    if not series or not any(series.values()):
        raise ValueError("there is nothing to draw: no series, or only empty ones")
    length = max(len(values) for values in series.values())
    xs = list(x_values) if x_values is not None else list(range(1, length + 1))
    if len(xs) < length:
        raise ValueError(f"x_values has {len(xs)} values for series of {length}")
    width, height, left, right, top, bottom = 640.0, 360.0, 78.0, 20.0, 40.0, 50.0
    legend_height = 18.0 * len(series) if len(series) > 1 else 0.0
    height += legend_height
    picture = Svg(width, height, title or f"{', '.join(series)} per {x_label}")
    if log:
        positive = [abs(v) for values in series.values() for v in values if v]
        floor = min(positive, default=1e-12)
        shown = {name: [math.log10(max(abs(v), floor)) for v in values] for name, values in series.items()}
        every = [v for values in shown.values() for v in values]
        ticks = [float(t) for t in range(math.floor(min(every)), math.ceil(max(every)) + 1)]
        tick_text = [f"1e{t:.0f}" for t in ticks]
    else:
        shown = {name: list(values) for name, values in series.items()}
        every = [v for values in shown.values() for v in values]
        ticks = nice_ticks(min(0.0, min(every)), max(every))
        tick_text = [f"{t:g}" for t in ticks]
    low, high = ticks[0], ticks[-1] if ticks[-1] > ticks[0] else ticks[0] + 1
    x_ticks = [t for t in nice_ticks(0, max(xs)) if t >= 0]
    plot_bottom = height - bottom - legend_height

    def px(x: float) -> float:
        return left + (x / max(x_ticks[-1], 1)) * (width - left - right)

    def py(value: float) -> float:
        return top + (1 - (value - low) / (high - low)) * (plot_bottom - top)

    for first, last, text in marks:
        picture.add(f'<rect class="mark" x="{px(first):.1f}" y="{top}" width="{max(px(last) - px(first), 1):.1f}" '
                    f'height="{plot_bottom - top:.1f}" fill="#f2e6c9"/>')
        picture.text(px(first) + 4, top + 14, text, size=11, anchor="start", extra=' fill="#6b5520"')
    for tick, text in zip(ticks, tick_text):
        y = py(tick)
        picture.add(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        picture.text(left - 6, py(tick) + 4, text, size=11, anchor="end")
    for tick in x_ticks:
        picture.add(f'<line x1="{px(tick):.1f}" y1="{top}" x2="{px(tick):.1f}" y2="{plot_bottom}" stroke="#e3e3e3"/>')
        picture.text(px(tick), plot_bottom + 16, f"{tick:g}", size=11)
    picture.add(f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{plot_bottom - top}" '
                f'fill="none" stroke="#444"/>')
    for number, (name, values) in enumerate(shown.items()):
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        points = " ".join(f"{px(x):.1f},{py(value):.1f}" for x, value in zip(xs, values))
        picture.add(f'<polyline class="curve" points="{points}" fill="none" stroke="{colour}" stroke-width="1.6">'
                    f"<title>{escape(name)}</title></polyline>")
        if legend_height:
            y = plot_bottom + 38 + 18 * number
            picture.add(f'<line x1="{left}" y1="{y - 4}" x2="{left + 24}" y2="{y - 4}" stroke="{colour}" '
                        f'stroke-width="2.5"/>')
            picture.text(left + 30, y, name, size=11, anchor="start")
    picture.text(left + (width - left - right) / 2, plot_bottom + 34 if legend_height else height - 12, x_label,
                 size=12)
    axis = (y_label or (next(iter(series)) if len(series) == 1 else "value")) + (" (log scale)" if log else "")
    middle = top + (plot_bottom - top) / 2
    picture.text(18, middle, axis, size=12, extra=f' transform="rotate(-90 18 {middle:.1f})"')
    picture.text(width / 2, 24, picture.title, size=13)
    return picture.render()


def error_curve_svg(history: "History", log: bool = False, title: Optional[str] = None,
                    marks: Sequence[Tuple[float, float, str]] = ()) -> str:
    """E of every sweep, with labelled axes; ``log=True`` for a logarithmic E axis; ``marks`` shade
    stretches of sweeps, e.g. ``[(10, 600, "plateau: every output near 0")]``."""
    if not history.errors:
        raise ValueError("the history has no sweeps to draw")
    return curves_svg({"E": history.errors}, log=log, title=title or f"E per sweep ({len(history.errors)} sweeps)",
                      marks=marks)


def decision_svg(network: "Network", cases: Sequence[Tuple[Sequence[float], Sequence[float]]] = (),
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
    first, second = (unit.name for unit in network.layers[0].units[:2]) if len(network.input_layers) == 1 \
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
