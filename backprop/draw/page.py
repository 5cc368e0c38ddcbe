"""The replay page's HTML: its body (the controls, the panels, the pictures the library draws), the data
as JSON, the style and the script, written into one self-contained file. ``replay`` decides what goes in;
this module writes it.
"""

from __future__ import annotations

import json
import math
import os
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from .charts import nice_ticks
from .hinton import hinton_svg
from .labels import HintonPicture
from .network import draw_connections, draw_units, role, rows_of, unit_positions
from .svg import Svg, attribute, escape, text_width

if TYPE_CHECKING:  # pragma: no cover
    from ..network import Network

HERE = os.path.dirname(os.path.abspath(__file__))


def page(body: str, data: Dict[str, Any]) -> str:
    """The whole HTML file: the body, the data as JSON, the style and the script, all inline."""
    # Every "<" written as \u003c: no name can end the block ("</script>") or put it into HTML's escaped
    # state ("<!--" with "<script"), where the page's script would silently never run.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).replace("<", "\\u003c")
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(data['title'])}</title>\n<style>\n{asset('replay.css')}</style>\n</head>\n"
            f'<body>\n<pre id="errors" role="alert" hidden></pre>\n'
            f"<script>\n{ERROR_CATCHER}</script>\n{body}\n"
            f'<script type="application/json" id="replay-data">{text}</script>\n'
            f"<script>\n{asset('replay.js')}</script>\n</body>\n</html>\n")


ERROR_CATCHER = """\
// First of all: any error the page's script raises is written where a reader (and the tests) see it.
window.onerror = function (message, source, line, column) {
  var box = document.getElementById("errors");
  box.hidden = false;
  box.textContent += "script error: " + message + " (line " + line + ", column " + column + ")\\n";
};
"""


def asset(name: str) -> str:
    with open(os.path.join(HERE, name), encoding="utf-8") as file:
        return file.read()


def page_body(network: "Network", title: str, online: bool, margin: float, picture: str, curve: str,
              left_out: List[str], max_bytes: int, hinton_picture: Optional[HintonPicture] = None,
              on_page: str = "") -> str:
    """The page's static part: controls, the pictures (drawn by the library, then brought up to date
    by the script at each sweep), the cases and the unit's equations; at the top, what the page left out."""
    when = ("the weights after its last change (online training)" if online else
            "the weights every case of the sweep saw, before its change, and its E")
    hinton = ""
    if hinton_picture is not None:  # the layer and the words the task's view chose (Fig. 4's, for the family trees)
        spec = hinton_picture
        hinton = ('<section id="hinton-panel" aria-label="Hinton diagram">\n' + hinton_svg(
            spec.layer, rows=spec.rows, column_labels=spec.column_labels, row_labels=spec.row_labels,
            title=spec.title) + "</section>")
    wide, _ = shape(network)
    note = ("" if not margin else
            f" (4) is written as explain writes it, y − d; training counted no error within {margin:g} of the target.")
    tall = ' class="tall"' if len(rows_of(network)) > 6 else ""
    network_panel = f"""<section id="network-panel"{tall} aria-label="the network">
<h2>the network at this sweep, for the chosen case</h2>
{picture}</section>"""
    curve_panel = f"""<section id="curve-panel" aria-label="E per sweep">
{curve}</section>"""
    change_heading = ("the chosen unit's weights: the sweep's changes, online" if online else
                      "the chosen unit's weights: the sweep's ∂E/∂w and its change, (8) and (9)")
    unit_panel = f"""<section id="unit-panel" aria-label="the chosen unit's equations">
<h2><label for="unit-choice">unit</label> <select id="unit-choice"></select></h2>
<p class="note" id="unit-heading"></p>
<div id="equations" tabindex="0" aria-label="its equations (1) to (7)"></div>
<p class="note">Click a unit (or Tab to it, then Enter) for its equations (1)–(7) for the chosen case at this
sweep, as <code>python -m backprop explain</code> writes them.{escape(note)}</p>
</section>"""
    change_panel = f"""<section id="change-panel" aria-label="the chosen unit's weights: their change at this sweep">
<h2 id="change-heading">{change_heading}</h2>
<div id="change" tabindex="0" aria-label="for each weight: the sweep's ∂E/∂w, this case's, and the change"></div>
<p class="note" id="change-note"></p>
</section>"""
    cases_panel = """<section id="cases-panel" aria-label="the cases">
<h2 id="cases-heading">cases</h2>
<div id="cases-box"><table id="cases"><tbody></tbody></table></div>
<p class="note">✓: every output on the right side of 0.5. Click a case, or Enter on it; ↑ ↓ move.</p>
</section>"""
    if wide:  # the network across the page: its pattern rather than its numbers
        columns = (f'{network_panel}\n<div class="column">{hinton}\n{curve_panel}\n{change_panel}</div>\n'
                   f'<div class="column">{cases_panel}\n{unit_panel}</div>')
    else:
        columns = (f'<div class="column">{network_panel}\n{curve_panel}\n{change_panel}</div>\n'
                   f'<div class="column">{cases_panel}\n{unit_panel}\n{hinton}</div>')
    shown_title = " ".join(cut(word, 48) for word in title.split(" "))  # a name in it may be of any length
    heading = (f"<h1>{escape(shown_title)}</h1>" if shown_title == title else
               f'<h1 title="{attribute(title)}">{escape(shown_title)}</h1>')
    left_out_note = "" if not left_out else (
        f'\n<p class="note" id="left-out">To stay within {megabytes(max_bytes)}: {escape("; ".join(left_out))}.</p>')
    on_page_note = "" if not on_page else f'\n<p class="note" id="sweeps-note">On this page: {escape(on_page)}.</p>'
    return f"""<header>
{heading}
<p class="note">At each sweep, {escape(when)}. Keys: ← → step (Shift: ten), space plays, Home, End.</p>\
{on_page_note}{left_out_note}
<p class="note" id="view-note" role="status" hidden></p>
</header>
<div id="controls" role="toolbar" aria-label="sweeps">
<button id="first" type="button" title="the first sweep (Home)" aria-label="first sweep">|◀</button>
<button id="back" type="button" title="one sweep back (←)" aria-label="one sweep back">◀</button>
<button id="play" type="button" title="play or pause (space)" aria-label="play">▶ play</button>
<button id="forward" type="button" title="one sweep on (→)" aria-label="one sweep on">▶</button>
<button id="last" type="button" title="the last sweep (End)" aria-label="last sweep">▶|</button>
<input id="slider" type="range" min="0" max="0" step="1" value="0" aria-label="sweep">
<output id="sweep-shown" aria-live="polite">sweep 1</output>
<output id="frame-shown"></output>
<output id="error-shown">E</output>
<output id="right-shown">right</output>
</div>
<main>
{columns}
</main>"""


def network_drawing(network: "Network", max_bytes: int) -> Tuple[str, List[str]]:
    """The network panel's picture and legend, in at most a quarter of ``max_bytes`` (the rest is for the
    sweeps): every line if they fit, else the units alone, else a note in place of the picture; and what
    was left out, in words for the command line."""
    most, page_size = max_bytes // 4, megabytes(max_bytes)
    lines = sum(len(neuron.inputs) for neuron in network.neurons)
    units = len(network.units)
    # Each line takes more than 150 bytes and each unit more than 300: no need to draw what cannot fit.
    if 150 * lines + 300 * units <= most:
        drawn = network_picture(network, lines=True)
        if len(drawn.encode("utf-8")) <= most:
            return drawn + legend(network, ""), []
    left_out = f"the {lines:,} lines of the network are not drawn (too many for {page_size})"
    if 300 * units <= most:
        drawn = network_picture(network, lines=False)
        if len(drawn.encode("utf-8")) <= most:
            return drawn + legend(network, f" The {lines:,} lines are not drawn: too many for {page_size}."), \
                [left_out]
    left_out = f"the network is not drawn (its {units:,} units and {lines:,} lines are too many for {page_size})"
    return (f'<p class="note" id="not-drawn">The network is not drawn here: its {units:,} units and {lines:,} lines '
            f"are too many for {page_size}. Choose a unit for its equations.</p>\n"), [left_out]


def legend(network: "Network", more: str) -> str:
    """What the network picture shows, written under it."""
    tied = any(len(group) > 1 for group in network.weight_groups)
    wide, labels = shape(network)
    text = ('In each unit its y for the chosen case (dark: near 1); lines: <b class="positive">blue positive</b>, '
            '<b class="negative">red negative</b>, width ∝ |w|' + ("; dashed: tied (one weight at every step)"
                                                                  if tied else "")
            + "; double ring: compared with a target" + ("; the chosen unit's weights are written on its lines."
                                                         if labels else "."))
    if wide:
        text += " Rows, from the bottom: " + escape("; ".join(row_notes(network).values())) + "."
    return f'<p class="note">{text}{escape(more)}</p>\n'


def network_picture(network: "Network", lines: bool = True) -> str:
    """The network as ``network_svg`` draws it for a case (the same lines, units, rings and row
    legends), with larger type for a projector and no title or legend inside (the page writes them).
    On a small net every weight gets its label, and the page shows those of the chosen unit's lines.
    ``lines=False`` leaves the lines out (a net too large for them)."""
    connections = [(sender, neuron, w, neuron.weight_name(k))
                   for neuron in network.neurons for k, (sender, w) in enumerate(zip(neuron.inputs, neuron.weights))]
    wide, labels = shape(network)
    many_rows = len(rows_of(network)) > 6  # an unrolled net; its inputs' half rows still clear the units
    radius, text, spacing = ((27.0, 17.0, 96.0) if labels else (25.0, 19.0, 58.0) if wide else
                             (20.0, 13.0, 54.0) if many_rows else (22.0, 13.0, 58.0))
    row_gap = 140.0 if labels else 96.0 if many_rows else 110.0
    tied = {id(neuron) for group in network.weight_groups if len(group) > 1 for neuron in group}
    places, units_width, height = unit_positions(network, radius, spacing, row_gap, margin=30.0)
    rows = rows_of(network)
    notes = {} if wide else row_notes(network)  # a wide net's are written under it, where they can be read
    width = units_width + (12 + max(text_width(note, text) for note in notes.values()) if notes else 0)
    picture = Svg(width, height - 10, "the network at the chosen sweep, for the chosen case")
    if lines:
        draw_connections(picture, network, connections, places, tied, radius, row_gap, labels, text_size=text)
    for r, note in notes.items():
        y = places[id(rows[r][0].units[0])][1]
        picture.text(units_width + 4, y + 5, note, size=text, anchor="start", extra=' fill="#555" class="row"')
        full = "; ".join(role(network, layer) for layer in rows[r])
        if note != full:  # a name cut short: the whole of it where a pointer rests on the row's legend
            picture.elements[-1] = picture.elements[-1].replace("</text>", f"<title>{escape(full)}</title></text>")
    for layer in network.layers:
        draw_units(picture, layer, places, radius, True, text_size=text)
    for unit in network.output_units:
        x, y = places[id(unit)]
        picture.add(f'<circle class="read" cx="{x:.1f}" cy="{y:.1f}" r="{radius + 4:g}" fill="none" stroke="#333"/>')
    return picture.render()


NAME_SHOWN = 32  # characters of a layer's name written beside its row; a longer one is cut with "…"


def row_notes(network: "Network") -> Dict[float, str]:
    """What each row of the picture is, as ``network_svg`` writes it beside the row (``h: hidden``), a long
    name cut short: the page must fit the window whatever the names."""
    return {r: cut("; ".join(cut(layer.name or "", NAME_SHOWN) + role(network, layer)[len(layer.name or ""):]
                             for layer in layers), 3 * NAME_SHOWN)
            for r, layers in rows_of(network).items()}


def cut(text: str, most: int) -> str:
    """``text`` if it has at most ``most`` characters, else its first ``most - 1`` and "…".

    >>> cut("person_code", 40), cut("x" * 50, 8)
    ('person_code', 'xxxxxxx…')
    """
    return text if len(text) <= most else text[:most - 1] + "…"


def shape(network: "Network") -> Tuple[bool, bool]:
    """Whether the net is drawn across the page (a row wider than 12 units: the family trees), and whether
    its weights are written on its lines (at most 40 lines, as ``network_svg`` decides)."""
    rows = rows_of(network).values()
    widest = max(sum(layer.size for layer in layers) + len(layers) - 1 for layers in rows)
    return widest > 12, sum(len(neuron.inputs) for neuron in network.neurons) <= 40


def error_curve(sweeps: List[int], errors: List[float]) -> str:
    """E per sweep with a cursor the script moves; a log scale when E spans more than a hundredfold."""
    if len(sweeps) > 1500:  # enough points for the curve's width
        keep = sorted({round(k * (len(sweeps) - 1) / 1499) for k in range(1500)})
        sweeps, errors = [sweeps[k] for k in keep], [errors[k] for k in keep]
    positive = [E for E in errors if E > 0]
    log = bool(positive) and max(positive) > 100 * min(positive)
    floor = min(positive, default=1.0)
    shown = [math.log10(max(E, floor)) for E in errors] if log else list(errors)
    if log:
        ticks = [float(t) for t in range(math.floor(min(shown)), math.ceil(max(shown)) + 1)]
        tick_text = [f"{10 ** t:g}" for t in ticks]
    else:
        ticks = nice_ticks(0.0, max(shown) or 1.0)
        tick_text = [f"{t:g}" for t in ticks]
    low, high = ticks[0], ticks[-1] if ticks[-1] > ticks[0] else ticks[0] + 1
    width, height, left, right, top, bottom = 480.0, 250.0, 58.0, 14.0, 30.0, 40.0
    span = float(max(max(sweeps), 1))  # the axis ends at the last sweep, not at the round tick after it
    x_ticks = [tick for tick in nice_ticks(0, span) if tick <= span]
    picture = Svg(width, height, "E per sweep")

    def px(sweep: float) -> float:
        return left + sweep / span * (width - left - right)

    def py(value: float) -> float:
        return top + (1 - (value - low) / (high - low)) * (height - bottom - top)

    for tick, text in zip(ticks, tick_text):
        y = py(tick)
        picture.add(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        picture.text(left - 6, py(tick) + 4, text, size=12, anchor="end")
    for tick in x_ticks:
        picture.add(f'<line x1="{px(tick):.1f}" y1="{top}" x2="{px(tick):.1f}" y2="{height - bottom}" '
                    f'stroke="#e3e3e3"/>')
        picture.text(px(tick), height - bottom + 16, f"{tick:g}", size=12)
    picture.add(f'<rect class="plot" x="{left}" y="{top}" width="{width - left - right}" '
                f'height="{height - bottom - top}" fill="none" stroke="#444"/>')
    points = " ".join(f"{px(s):.1f},{py(v):.1f}" for s, v in zip(sweeps, shown))
    picture.add(f'<polyline class="curve" points="{points}" fill="none" stroke="#333" stroke-width="1.6"/>')
    picture.add(f'<line id="cursor" x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#e08a00" '
                f'stroke-width="2.5" data-left="{left}" data-width="{width - left - right}" data-span="{span:g}" '
                f'data-top="{top}" data-height="{height - bottom - top}" data-low="{low:g}" data-high="{high:g}" '
                f'data-log="{int(log)}"/>')
    picture.add('<circle id="cursor-dot" cx="0" cy="0" r="5" fill="#e08a00" stroke="#333"/>')
    picture.text(left + (width - left - right) / 2, height - 8, "sweep (click to go there)", size=12)
    picture.text(12, 20, "E per sweep" + (" (log scale)" if log else ""), size=13, anchor="start")
    return picture.render()


def megabytes(count: int) -> str:
    """A size as the command line writes it: ``2 MB``, ``0.35 MB``; below 0.01 MB, in bytes.

    >>> megabytes(2_000_000), megabytes(352_176), megabytes(136)
    ('2 MB', '0.35 MB', '136 bytes')
    """
    if count < 10_000:
        return f"{count:,} bytes"
    return f"{count / 1e6:.2f}".rstrip("0").rstrip(".") + " MB"
