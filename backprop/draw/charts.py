"""E per sweep as a curve (and as a sparkline), and a 2-input net's output as a map."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple

from .svg import Svg, escape, text_width

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


def scale_range(values: Sequence[float]) -> Tuple[float, float]:
    """The lowest and highest value a scale covers: all of ``values``, unless the first 1% of them (at
    least the first) lie so far outside the range of the rest that they would take more than half of
    the scale, as the large ∂E/∂w of a first sweep does. Then the range of the rest: what comes after
    is what the picture is about, and the first values are drawn at the edge, marked as off the scale.
    Fewer than 20 values are always covered whole.

    >>> scale_range([3.0] + [0.01 * (k % 7) for k in range(99)])
    (0.0, 0.06)
    >>> scale_range([7.3] + [4.0] * 98 + [0.1])
    (0.1, 7.3)
    """
    if len(values) < 20:
        return min(values), max(values)
    rest = values[max(1, len(values) // 100):]
    low, high = min(rest), max(rest)
    if max(values) - min(values) > 2 * (high - low):
        return low, high
    return min(values), max(values)


def symmetric_log(value: float, linear: float) -> float:
    """Where ``value`` sits on a scale that is logarithmic on each side of 0 and linear within
    ±``linear``: ±1 at ±linear, ±2 at ±10·linear, and so on (a "symlog" scale), so that a series
    that changes sign keeps its sign on a log scale.

    >>> [symmetric_log(v, 0.01) for v in (-1.0, -0.005, 0.0, 0.01, 10.0)]
    [-3.0, -0.5, 0.0, 1.0, 4.0]
    """
    if abs(value) <= linear:
        return value / linear
    return math.copysign(1 + math.log10(abs(value) / linear), value)


def power_of_ten(exponent: int, sign: float = 1.0) -> str:
    """A tick's label: ``0.001``, ``10``, ``1e5``, ``−0.1`` (a true minus)."""
    text = f"{10.0 ** exponent:g}" if -4 <= exponent <= 4 else f"1e{exponent}"
    return ("−" if sign < 0 else "") + text


def curves_svg(series: Dict[str, Sequence[float]], log: bool = False, title: str = "", x_label: str = "sweep",
               y_label: str = "", x_values: Optional[Sequence[float]] = None,
               marks: Sequence[Tuple[float, float, str]] = ()) -> str:
    """Several series on one plot, with labelled axes and a legend; the x axis ends at the last value.

    ``log=True`` draws a log scale; when a value is negative, the scale is logarithmic on each side of
    0 (``symmetric_log``), negative values below 0, so that a series that changes sign shows it. On a
    linear scale an opening spike (``scale_range``) is drawn at the edge and its sweeps and values
    written beside it. ``x_values`` are the sweeps the values belong to (default 1, 2, …); each of
    ``marks`` shades a stretch of sweeps, labelled."""
    if not series or not any(series.values()):
        raise ValueError("there is nothing to draw: no series, or only empty ones")
    length = max(len(values) for values in series.values())
    xs = list(x_values) if x_values is not None else list(range(1, length + 1))
    if len(xs) < length:
        raise ValueError(f"x_values has {len(xs)} values for series of {length}")
    every = [v for values in series.values() for v in values]
    signed = log and min(every) < 0
    width, height, left, right, top, bottom = 640.0, 360.0, 78.0, 20.0, 40.0 + 14 * signed, 50.0
    legend_height = 18.0 * len(series) if len(series) > 1 else 0.0
    height += legend_height
    picture = Svg(width, height, title or f"{', '.join(series)} per {x_label}")
    low_value, high_value = -math.inf, math.inf  # beyond these a value is off the scale (a linear scale only)
    if log:
        sizes = [abs(v) for v in every if v]
        floor = min(sizes, default=1e-12)
        if signed:  # log on each side of 0, linear within ±linear: at most 6 decades of detail on each side
            linear = 10.0 ** max(math.floor(math.log10(floor)), math.ceil(math.log10(max(sizes))) - 6)
            shown = {name: [symmetric_log(v, linear) for v in values] for name, values in series.items()}
        else:
            shown = {name: [math.log10(max(abs(v), floor)) for v in values] for name, values in series.items()}
        places = [v for values in shown.values() for v in values]
        ticks = [float(t) for t in range(math.floor(min(min(places), 0 if signed else math.inf)),
                                         math.ceil(max(max(places), 0 if signed else -math.inf)) + 1)]
        if signed:
            tick_text = ["0" if t == 0 else power_of_ten(round(abs(t)) - 1 + round(math.log10(linear)), t)
                         for t in ticks]
        else:
            tick_text = [power_of_ten(round(t)) for t in ticks]
    else:
        ranges = [scale_range(values) for values in series.values() if values]
        low_value, high_value = min(low for low, _ in ranges), max(high for _, high in ranges)
        shown = {name: list(values) for name, values in series.items()}
        ticks = nice_ticks(min(0.0, low_value), high_value)
        tick_text = [f"{t:g}".replace("-", "−") for t in ticks]
    low, high = ticks[0], ticks[-1] if ticks[-1] > ticks[0] else ticks[0] + 1
    span = max(max(xs[:length]), 1)  # the axis ends at the last sweep drawn, not at the round tick after it
    x_ticks = [t for t in nice_ticks(0, span) if 0 <= t <= span]
    plot_bottom = height - bottom - legend_height

    def px(x: float) -> float:
        return left + (x / span) * (width - left - right)

    def py(value: float) -> float:
        value = min(max(value, low), high)  # an opening spike, off the scale: at its edge
        return top + (1 - (value - low) / (high - low)) * (plot_bottom - top)

    for first, last, text in marks:
        picture.add(f'<rect class="mark" x="{px(first):.1f}" y="{top}" width="{max(px(last) - px(first), 1):.1f}" '
                    f'height="{plot_bottom - top:.1f}" fill="#f2e6c9"/>')
        room = width - right - px(first) - 4 >= text_width(text, 11) + 4  # else the text ends at the mark
        picture.text(px(first) + 4 if room else px(first) - 4, top + 14, text, size=11,
                     anchor="start" if room else "end", extra=' fill="#6b5520"')
    crowded = len(ticks) > 9  # then every other tick is labelled
    for k, (tick, text) in enumerate(zip(ticks, tick_text)):
        y = py(tick)
        grey = "#999" if signed and tick == 0 else "#e3e3e3"
        picture.add(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{grey}"/>')
        if not crowded or (len(ticks) - 1 - k) % 2 == 0 or tick == 0:
            picture.text(left - 6, y + 4, text, size=11, anchor="end", extra=' class="y-tick"')
    for tick in x_ticks:
        picture.add(f'<line x1="{px(tick):.1f}" y1="{top}" x2="{px(tick):.1f}" y2="{plot_bottom}" stroke="#e3e3e3"/>')
        picture.text(px(tick), plot_bottom + 16, f"{tick:g}", size=11, extra=' class="x-tick"')
    picture.add(f'<rect class="plot" x="{left}" y="{top}" width="{width - left - right}" height="{plot_bottom - top}" '
                f'fill="none" stroke="#444"/>')
    notes = []
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
        for arrow, off in (("↑", [(x, v) for x, v in zip(xs, values) if v > max(high, high_value)]),
                           ("↓", [(x, v) for x, v in zip(xs, values) if v < min(low, low_value)])):
            if off:
                sweeps = f"{x_label} {off[0][0]:g}" if len(off) == 1 else f"{x_label}s {off[0][0]:g}–{off[-1][0]:g}"
                extreme = max(off, key=lambda point: abs(point[1]))[1]
                notes.append((arrow, f"{arrow} {name + ': ' if legend_height else ''}{sweeps} off the scale "
                                     f"({'up' if arrow == '↑' else 'down'} to {extreme:.3g})".replace("-", "−")))
    for k, (arrow, note) in enumerate(notes):
        y = top + 14 + 14 * k if arrow == "↑" else plot_bottom - 6 - 14 * k
        picture.text(width - right - 6, y, note, size=11, anchor="end", extra=' class="off-scale" fill="#444"')
    picture.text(left + (width - left - right) / 2, plot_bottom + 34 if legend_height else height - 12, x_label,
                 size=12)
    axis = (y_label or (next(iter(series)) if len(series) == 1 else "value")) + (" (log scale)" if log else "")
    middle = top + (plot_bottom - top) / 2
    picture.text(18, middle, axis, size=12, extra=f' transform="rotate(-90 18 {middle:.1f})"')
    picture.text(width / 2, 24, picture.title, size=13)
    if signed:
        band = power_of_ten(round(math.log10(linear)))
        picture.text(width / 2, 40, f"log scale on each side of 0, linear within ±{band}: negative values lie below 0",
                     size=11, extra=' fill="#444" class="scale-note"')
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
    """Values as a line of ▁▂▃▄▅▆▇█ (at most ``width`` characters, by sampling evenly), from the lowest
    to the highest of the values shown. An opening spike that would flatten the rest (``scale_range``)
    is left off the scale: ↑ above it, ↓ below.

    >>> sparkline([9] + [1, 2, 3, 4] * 6)
    '↑▁▃▆█▁▃▆█▁▃▆█▁▃▆█▁▃▆█▁▃▆█'
    """
    if not values:
        return ""
    if len(values) > width:
        values = [values[round(k * (len(values) - 1) / (width - 1))] for k in range(width)]
    low, high = scale_range(values)
    blocks = "▁▂▃▄▅▆▇█"
    span = (high - low) or 1.0
    return "".join("↑" if v > high else "↓" if v < low else blocks[min(int((v - low) / span * 7 + 0.5), 7)]
                   for v in values)
