"""The few SVG pieces every picture is made of: a document with a viewBox and a title, text, colours."""

from __future__ import annotations

import math
from typing import List, Tuple
from xml.sax.saxutils import escape

# One sign convention for every picture, text forms included: positive blue and filled,
# negative red and hollow (so that the sign still shows in grey print or to a colour-blind eye).
POSITIVE, NEGATIVE = "#1f5fbf", "#c8102e"
FONT = "Helvetica, Arial, sans-serif"
CHARACTER = 0.6  # a character's width as a fraction of the font size, generous for Helvetica and DejaVu Sans


def text_width(text: str, size: float) -> float:
    """How wide ``text`` is drawn at ``size``, estimated generously: pictures are made wide enough for it."""
    return CHARACTER * size * len(text)


class Svg:
    """A picture being drawn: elements added in order, written out with a viewBox and a title."""

    def __init__(self, width: float, height: float, title: str) -> None:
        self.width, self.height, self.title = width, height, title
        self.elements: List[str] = []
        self.reach = 0.0  # how far right the texts go: the picture is widened to hold them all

    def add(self, element: str) -> None:
        self.elements.append(element)

    def text(self, x: float, y: float, content: str, size: float = 12, anchor: str = "middle",
             extra: str = "", backed: bool = False) -> None:
        """Text at (x, y), its baseline; ``backed`` puts a white box behind it, to be read over lines."""
        if backed:
            width = text_width(content, size) + 4
            left = x - {"start": 0, "middle": width / 2, "end": width}[anchor] + (2 if anchor == "start" else 0)
            self.add(f'<rect class="label-box" x="{left - 2:.1f}" y="{y - size * 0.85:.1f}" width="{width:.1f}" '
                     f'height="{size * 1.15:.1f}" rx="2" fill="white" fill-opacity="0.9"/>')
        if "rotate" not in extra:
            width = text_width(content, size)
            self.reach = max(self.reach, x + {"start": width, "middle": width / 2, "end": 0.0}[anchor])
        self.add(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}"{extra}>'
                 f"{escape(content)}</text>")

    def sign_square(self, x: float, y: float, side: float, w: float, name: str) -> None:
        """A weight as a square centred on (x, y): blue and filled if positive, red and hollow if negative."""
        paint = f'fill="{POSITIVE}"' if w >= 0 else f'fill="white" stroke="{NEGATIVE}" stroke-width="1.6"'
        self.add(f'<rect class="weight" x="{x - side / 2:.2f}" y="{y - side / 2:.2f}" width="{side:.2f}" '
                 f'height="{side:.2f}" {paint}><title>{escape(name)} = {w:.6g}</title></rect>')

    def sign_legend(self, x: float, y: float, what: str) -> float:
        """The sign convention's legend at (x, y): a blue filled and a red hollow square; returns its width."""
        self.add(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="{POSITIVE}"/>')
        self.text(x + 14, y, "positive", size=11, anchor="start")
        self.add(f'<rect x="{x + 76:.1f}" y="{y - 9:.1f}" width="10" height="10" fill="white" '
                 f'stroke="{NEGATIVE}" stroke-width="1.6"/>')
        self.text(x + 90, y, f"negative; {what}", size=11, anchor="start")
        return 90 + text_width(f"negative; {what}", 11)

    def render(self) -> str:
        body = "\n".join(self.elements)
        width = max(self.width, self.reach + 8)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {self.height:.0f}" '
                f'width="{width:.0f}" height="{self.height:.0f}" font-family="{FONT}">\n'
                f"<title>{escape(self.title)}</title>\n"
                f'<rect width="100%" height="100%" fill="white"/>\n{body}\n</svg>\n')


def short(value: float) -> str:
    """A weight or activation short enough for a label: 2 decimals, a true minus sign."""
    text = f"{value:.2f}"
    return text.replace("-", "−") if value < 0 else text


# ---- the network -------------------------------------------------------------------------------


def toward(x: float, y: float, to_x: float, to_y: float, distance: float) -> Tuple[float, float]:
    """The point ``distance`` from (x, y) in the direction of (to_x, to_y): where a line meets a circle."""
    dx, dy = to_x - x, to_y - y
    length = math.hypot(dx, dy) or 1.0
    return x + dx / length * distance, y + dy / length * distance
