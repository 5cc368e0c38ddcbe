"""The few SVG pieces every picture is made of: a document with a viewBox and a title, text, colours."""

from __future__ import annotations

import math
from typing import List, Tuple
from xml.sax.saxutils import escape

POSITIVE, NEGATIVE = "#1f5fbf", "#c8102e"  # blue and red lines
FONT = "Helvetica, Arial, sans-serif"


class Svg:
    """A picture being drawn: elements added in order, written out with a viewBox and a title."""

    def __init__(self, width: float, height: float, title: str) -> None:
        self.width, self.height, self.title = width, height, title
        self.elements: List[str] = []

    def add(self, element: str) -> None:
        self.elements.append(element)

    def text(self, x: float, y: float, content: str, size: float = 12, anchor: str = "middle",
             extra: str = "") -> None:
        self.add(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" text-anchor="{anchor}"{extra}>'
                 f"{escape(content)}</text>")

    def render(self) -> str:
        body = "\n".join(self.elements)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width:.0f} {self.height:.0f}" '
                f'width="{self.width:.0f}" height="{self.height:.0f}" font-family="{FONT}">\n'
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
