"""The few SVG pieces every picture is made of: a document with a viewBox and a title, text, colours."""

from __future__ import annotations

import functools
import html
import math
from typing import Callable, List, NamedTuple, Optional, Sequence, Tuple


def escape(text: str) -> str:
    """Text made safe between tags: ``&``, ``<`` and ``>`` as entities.

    What ``xml.sax.saxutils.escape`` does, without the ``urllib`` and ``email`` it imports, which were
    a third of the time ``python -m backprop`` took to start.
    """
    return html.escape(text, quote=False)


def attribute(text: str) -> str:
    """Text made safe inside an attribute's double quotes."""
    return escape(text).replace('"', "&quot;")


# One sign convention for every picture, text forms included: positive blue and filled,
# negative red and hollow (so that the sign still shows in grey print or to a colour-blind eye).
POSITIVE, NEGATIVE = "#1f5fbf", "#c8102e"
FONT = "Helvetica, Arial, sans-serif"
# Each printable ASCII character's advance width in thousandths of an em, space to tilde, in Helvetica
# (Adobe's published metrics, which Arial and Liberation Sans share): the pictures are as wide as their texts.
HELVETICA = [int(w) for w in (
    "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 556 "
    "278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 722 667 "
    "611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 556 278 556 556 222 222 500 222 833 "
    "556 556 556 556 333 500 278 556 500 722 500 500 500 334 260 334 584").split()]
OTHERS = {"−": 584, "×": 584, "±": 549, "·": 278, "∝": 714, "≈": 549, "≤": 549, "≥": 549, "∂": 494, "½": 834,
          "↑": 500, "↓": 500, "Σ": 618, "ε": 446, "α": 578, "Δ": 668, "°": 400, "²": 333}


def text_width(text: str, size: float) -> float:
    """How wide ``text`` is drawn at ``size``: each character's width in Helvetica, 1 em for a character
    not in the tables (wider than most), and 2% to spare.

    >>> round(text_width("h1 −1.78", 10), 1)
    40.0
    """
    thousandths = sum(HELVETICA[ord(c) - 32] if " " <= c <= "~" else OTHERS.get(c, 1000) for c in text)
    return 1.02 * size * thousandths / 1000


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
        if backed:  # 2 px to spare on each side of the text
            width = text_width(content, size)
            left = x - {"start": 0, "middle": width / 2, "end": width}[anchor]
            self.add(f'<rect class="label-box" x="{left - 2:.1f}" y="{y - size * 0.85:.1f}" width="{width + 4:.1f}" '
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


# ---- labels on lines ---------------------------------------------------------------------------
# A weight's value is written on its own line, where no other line crosses the label, no unit is under
# it and no other label; where its line has no such place, beside it, with a thin leader line to it.

Point = Tuple[float, float]
Box = Tuple[float, float, float, float]  # left, top, right, bottom


class Line(NamedTuple):
    """A line as drawn: the points of its polyline (a curve finely cut) and half its stroke's width."""

    points: List[Point]
    half: float


class Label(NamedTuple):
    """A label to place on line ``line`` (an index): its box's size, and the points of that line where
    it may go, the better first."""

    line: int
    width: float
    height: float
    places: List[Point]


def bezier(points: Sequence[Point], pieces: int = 24) -> List[Point]:
    """A straight line (2 points) as it is, a quadratic (3 points) or cubic (4) Bézier curve as a polyline.

    >>> bezier([(0, 0), (10, 0)])
    [(0, 0), (10, 0)]
    >>> bezier([(0, 0), (5, 10), (10, 0)], pieces=2)
    [(0.0, 0.0), (5.0, 5.0), (10.0, 0.0)]
    """
    if len(points) == 2:
        return list(points)
    found = []
    for k in range(pieces + 1):
        t = k / pieces
        if len(points) == 3:
            weights = [(1 - t) ** 2, 2 * (1 - t) * t, t * t]
        else:
            weights = [(1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3]
        found.append((sum(w * p[0] for w, p in zip(weights, points)), sum(w * p[1] for w, p in zip(weights, points))))
    return found


def point_along(points: Sequence[Point], t: float) -> Tuple[Point, Point]:
    """The point a fraction ``t`` of the way along a polyline, by length, and the unit vector of its direction."""
    lengths = [math.dist(a, b) for a, b in zip(points, points[1:])]
    goal = t * sum(lengths)
    for (a, b), length in zip(zip(points, points[1:]), lengths):
        if goal <= length or b is points[-1]:
            f = goal / length if length else 0.0
            return (a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])), \
                ((b[0] - a[0]) / (length or 1), (b[1] - a[1]) / (length or 1))
        goal -= length
    return points[-1], (1.0, 0.0)


def meets(box: Box, a: Point, b: Point) -> bool:
    """Whether the segment from a to b meets the box (Liang–Barsky clipping)."""
    low, high = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - box[0]), (dx, box[2] - a[0]), (-dy, a[1] - box[1]), (dy, box[3] - a[1])):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            low = max(low, q / p)
        else:
            high = min(high, q / p)
        if low > high:
            return False
    return True


def grown(box: Box, by: float) -> Box:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def box_at(centre: Point, width: float, height: float) -> Box:
    return centre[0] - width / 2, centre[1] - height / 2, centre[0] + width / 2, centre[1] + height / 2


def place_labels(lines: Sequence[Line], labels: Sequence[Label], circles: Sequence[Tuple[float, float, float]],
                 bounds: Box, leaders: bool = True) -> Tuple[List[Tuple[Point, Optional[Point]]], int]:
    """Where each label goes, with the point of its line a leader runs to when it is beside its line (else
    None), and how many labels found no free place.

    A place is free when the label's box there meets no other line, no circle (x, y, r), no label placed
    before, and lies within ``bounds``. The labels with the fewest free places are placed first, each at
    its first free place. A label with none goes beside its line (``leaders``) at the nearest free place
    whose leader crosses no line, or, failing that too, where it overlaps the labels placed least."""
    taken: List[Box] = []
    drawn_leaders: List[Tuple[Point, Point]] = []

    def crosses(a: Point, b: Point, own: int) -> bool:
        """Whether a segment comes within a little white of a line other than ``own``."""
        return any(near(a, b, p, q, line.half + 2.5) for k, line in enumerate(lines) if k != own
                   for p, q in zip(line.points, line.points[1:]))

    extents = [grown((min(x for x, _ in line.points), min(y for _, y in line.points), max(x for x, _ in line.points),
                      max(y for _, y in line.points)), line.half + 2.5) for line in lines]

    def clear(box: Box, own: int) -> bool:
        if box[0] < bounds[0] or box[1] < bounds[1] or box[2] > bounds[2] or box[3] > bounds[3]:
            return False
        for k, (line, extent) in enumerate(zip(lines, extents)):
            if k != own and box[0] <= extent[2] and extent[0] <= box[2] and box[1] <= extent[3] and extent[1] <= box[3]:
                wider = grown(box, line.half + 2.5)  # a little white between
                if any(meets(wider, a, b) for a, b in zip(line.points, line.points[1:])):
                    return False
        for x, y, r in circles:
            nearest = (min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3]))
            if math.dist(nearest, (x, y)) < r + 1.5:
                return False
        return True

    def apart(box: Box) -> bool:
        return not any(box[0] < o[2] + 1 and o[0] < box[2] + 1 and box[1] < o[3] + 1 and o[1] < box[3] + 1
                       for o in taken) and not any(meets(grown(box, 1), a, b) for a, b in drawn_leaders)

    def leader_free(box: Box, anchor: Point, own: int) -> bool:
        end = nearest_on(box, anchor)
        return clear(box, -1) and apart(box) and not crosses(anchor, end, own) and \
            not any(meets(grown(o, 1), anchor, end) for o in taken)

    free = [[p for p in label.places if clear(box_at(p, label.width, label.height), label.line)] for label in labels]
    placed: List[Tuple[Point, Optional[Point]]] = [((0.0, 0.0), None)] * len(labels)
    misplaced = 0
    for k in sorted(range(len(labels)), key=lambda k: len(free[k])):
        label = labels[k]
        spot = next((p for p in free[k] if apart(box_at(p, label.width, label.height))), None)
        anchor: Optional[Point] = None
        if spot is None and leaders:
            spot, anchor = beside(lines[label.line], label, functools.partial(leader_free, own=label.line))
        if spot is None:  # nowhere free: the place that overlaps the labels placed least
            spot = min(label.places, key=lambda p: overlap(box_at(p, labels[k].width, labels[k].height), taken))
            misplaced += 1
        box = box_at(spot, label.width, label.height)
        taken.append(box)
        if anchor is not None:
            drawn_leaders.append((anchor, nearest_on(box, anchor)))
        placed[k] = (spot, anchor)
    return placed, misplaced


def near(a: Point, b: Point, p: Point, q: Point, distance: float) -> bool:
    """Whether the segments a–b and p–q come within ``distance`` of each other (they cross, or an end of one
    is that close to the other)."""
    def side(o: Point, s: Point, e: Point) -> float:
        return (s[0] - o[0]) * (e[1] - o[1]) - (s[1] - o[1]) * (e[0] - o[0])

    if side(a, b, p) * side(a, b, q) < 0 and side(p, q, a) * side(p, q, b) < 0:
        return True
    return min(to_segment(a, p, q), to_segment(b, p, q), to_segment(p, a, b), to_segment(q, a, b)) < distance


def to_segment(point: Point, a: Point, b: Point) -> float:
    """The distance from a point to the segment a–b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    f = max(0.0, min(1.0, ((point[0] - a[0]) * dx + (point[1] - a[1]) * dy) / (dx * dx + dy * dy or 1.0)))
    return math.dist(point, (a[0] + f * dx, a[1] + f * dy))


def beside(line: Line, label: Label, free: Callable[[Box, Point], bool]) -> Tuple[Optional[Point], Optional[Point]]:
    """The nearest free place beside ``line`` for ``label`` (off it, on either side, at its own places), and the
    point of the line its leader runs to; (None, None) if there is none within 30 px."""
    for distance in range(6, 31, 4):
        for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            (x, y), (dx, dy) = point_along(line.points, t)
            for side in (1, -1):  # across the line: the box's edge ``distance`` from it
                reach = distance + abs(dy) * label.width / 2 + abs(dx) * label.height / 2
                centre = (x - side * dy * reach, y + side * dx * reach)
                if free(box_at(centre, label.width, label.height), (x, y)):
                    return centre, (x, y)
    return None, None


def overlap(box: Box, others: Sequence[Box]) -> float:
    """The area a box shares with the others."""
    return sum(max(0.0, min(box[2], o[2]) - max(box[0], o[0])) * max(0.0, min(box[3], o[3]) - max(box[1], o[1]))
               for o in others)


def nearest_on(box: Box, point: Point) -> Point:
    """The point of a box nearest to ``point``: where a leader from it meets the label's box."""
    return min(max(point[0], box[0]), box[2]), min(max(point[1], box[1]), box[3])
