"""Pictures a student can read: every weight's label on its own line, none on another line or label;
the family trees by groups; folded recurrent nets with numbers and arrows that say their way.

The geometry here is the test's own: each text is measured with the fonts' real glyph widths
(tests/font_widths.py), each line is cut from its SVG path data by the test's own Bézier formulas, and
boxes and lines are intersected here; nothing is taken from the drawing code's estimates.
"""

import functools
import math
import re
import unittest
import xml.etree.ElementTree as ET
from typing import Dict, List, Optional, Tuple

import backprop as bp
from backprop import draw, experiments

from .font_widths import WIDTHS

SVG = "{http://www.w3.org/2000/svg}"
Point = Tuple[float, float]
Box = Tuple[float, float, float, float]  # left, top, right, bottom


def polyline(d: str) -> List[Point]:
    """The points of an SVG path of one M followed by one L, Q or C, the curves cut in 60 pieces."""
    numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]
    points = list(zip(numbers[0::2], numbers[1::2]))
    kind = re.findall(r"[LQC]", d)
    assert len(kind) == 1 and len(points) == {"L": 2, "Q": 3, "C": 4}[kind[0]], d
    if kind[0] == "L":
        return points
    out = []
    for k in range(61):
        t = k / 60
        if kind[0] == "Q":
            (ax, ay), (bx, by), (cx, cy) = points
            out.append(((1 - t) ** 2 * ax + 2 * t * (1 - t) * bx + t * t * cx,
                        (1 - t) ** 2 * ay + 2 * t * (1 - t) * by + t * t * cy))
        else:
            (ax, ay), (bx, by), (cx, cy), (ex, ey) = points
            out.append(((1 - t) ** 3 * ax + 3 * t * (1 - t) ** 2 * bx + 3 * t * t * (1 - t) * cx + t ** 3 * ex,
                        (1 - t) ** 3 * ay + 3 * t * (1 - t) ** 2 * by + 3 * t * t * (1 - t) * cy + t ** 3 * ey))
    return out


def segment_distance_to_box(a: Point, b: Point, box: Box) -> float:
    """How far the segment a–b comes to the box: 0 if it meets it, else the least of the distances from
    its ends to the box and from the box's corners to it (exact for a box, which is convex)."""
    def point_to_box(p: Point) -> float:
        return math.hypot(max(box[0] - p[0], 0.0, p[0] - box[2]), max(box[1] - p[1], 0.0, p[1] - box[3]))

    def point_to_segment(p: Point) -> float:
        dx, dy = b[0] - a[0], b[1] - a[1]
        along = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy or 1.0)
        f = max(0.0, min(1.0, along))
        return math.dist(p, (a[0] + f * dx, a[1] + f * dy))

    corners = [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])]
    if point_to_box(a) == 0 or point_to_box(b) == 0 or any(
            crossing(a, b, p, q) for p, q in zip(corners, corners[1:] + corners[:1])):
        return 0.0
    return min(point_to_box(a), point_to_box(b), *(point_to_segment(corner) for corner in corners))


def crossing(a: Point, b: Point, p: Point, q: Point) -> bool:
    """Whether the segments a–b and p–q cross (each one's ends strictly on both sides of the other; a touch
    is found by the distances)."""
    def side(o: Point, s: Point, e: Point) -> float:
        return (s[0] - o[0]) * (e[1] - o[1]) - (s[1] - o[1]) * (e[0] - o[0])

    return side(a, b, p) * side(a, b, q) < 0 and side(p, q, a) * side(p, q, b) < 0


def distance_to_box(points: List[Point], box: Box) -> float:
    return min(segment_distance_to_box(a, b, box) for a, b in zip(points, points[1:]))


def ink(text: ET.Element) -> Box:
    """Where a text's glyphs are: its width from the fonts' advances, from its baseline up to the height
    of a digit (0.72 em in Liberation Sans) and 0.05 em below."""
    size = float(text.get("font-size"))
    width = size * sum(WIDTHS.get(c, 1.0) for c in text.text)
    x, y = float(text.get("x")), float(text.get("y"))
    left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor", "start")]
    return left, y - 0.72 * size, left + width, y + 0.05 * size


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(a: Box, b: Box) -> bool:
    return b[0] <= a[0] and a[2] <= b[2] and b[1] <= a[1] and a[3] <= b[3]


def label_problems(svg: str) -> List[str]:
    """Everything wrong with where a picture's weight labels sit, in words; [] when each is readable."""
    root = ET.fromstring(svg)
    paths = {p.get("data-weight"): (polyline(p.get("d")), float(p.get("stroke-width")))
             for p in root.iter(f"{SVG}path") if p.get("class") == "connection"}
    circles = [(float(c.get("cx")), float(c.get("cy")), float(c.get("r")))
               for c in root.iter(f"{SVG}circle") if c.get("class") in ("unit", "read")]
    leaders = {line.get("data-weight"): ((float(line.get("x1")), float(line.get("y1"))),
                                         (float(line.get("x2")), float(line.get("y2"))))
               for line in root.iter(f"{SVG}line") if line.get("class") == "leader"}
    elements = list(root)
    labels: List[Tuple[str, Box, Box]] = []  # the weight, its white box, its glyphs
    for k, element in enumerate(elements):
        if element.tag == f"{SVG}text" and element.get("class") == "weight-label":
            rect = elements[k - 1]
            assert rect.get("class") == "label-box", "a label's white box is drawn just before it"
            x, y = float(rect.get("x")), float(rect.get("y"))
            box = (x, y, x + float(rect.get("width")), y + float(rect.get("height")))
            labels.append((element.get("data-weight"), box, ink(element)))
    problems = []
    for weight, box, glyphs in labels:
        if not inside(glyphs, box):
            problems.append(f"{weight}: its white box {box} does not hold its text {glyphs}")
        for other, (points, width) in paths.items():
            if other != weight and distance_to_box(points, box) < width / 2:
                problems.append(f"{weight}: its label sits on the line of {other}")
        for x, y, r in circles:
            if segment_distance_to_box((x, y), (x, y), box) < r:
                problems.append(f"{weight}: its label sits on a unit at ({x:.0f}, {y:.0f})")
        own, _ = paths[weight]
        if weight in leaders:
            start, end = leaders[weight]
            if distance_to_box(own, (start[0], start[1], start[0], start[1])) > 1.0 or \
                    segment_distance_to_box(end, end, box) > 1.0:
                problems.append(f"{weight}: its leader does not run from its line to its label")
        elif distance_to_box(own, glyphs) > 0:
            problems.append(f"{weight}: its label is not on its line, and has no leader to it")
    for k, (weight, box, _) in enumerate(labels):
        for other, other_box, _ in labels[k + 1:]:
            if overlap(box, other_box):
                problems.append(f"the labels of {weight} and {other} overlap")
    return problems


@functools.lru_cache(maxsize=None)
def symmetry_net() -> bp.Network:
    return experiments.symmetry(seed=1).network  # the README's Fig. 1 (trained once for all the tests)


@functools.lru_cache(maxsize=None)
def trained_332() -> bp.Network:
    net = bp.Network([3, 3, 2], seed=2, weight_range=0.3)
    cases = [([a, b, c], [float(a != b), float(b != c)]) for a in (0, 1) for b in (0, 1) for c in (0, 1)]
    bp.Trainer(net, learning_rate=0.5, momentum=0.9).train(cases, 3000)
    return net


class WeightLabels(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        symmetry, small = symmetry_net(), trained_332()
        cls.pictures = {
            "symmetry": draw.network_svg(symmetry),
            "symmetry, a case": draw.network_svg(symmetry, case=[0, 0, 1, 1, 0, 0]),
            "3-3-2": draw.network_svg(small),
            "xor with a skip (curves)": draw.network_svg(experiments.xor_skip(seed=1).network),
            "unrolled": draw.network_svg(bp.Network.unrolled(2, 4, inputs=1, outputs=1, seed=0, weight_range=4)),
            "random 4-4-3": draw.network_svg(bp.Network([4, 4, 3], seed=5, weight_range=30)),
            "folded, 2 units": draw.folded_svg(bp.Network.unrolled(2, 3, inputs=1, seed=0, weight_range=6)),
            "folded, 3 units": draw.folded_svg(bp.Network.unrolled(3, 3, inputs=1, seed=1, weight_range=6)),
            "folded, 4 units, 2 inputs": draw.folded_svg(bp.Network.unrolled(4, 2, inputs=2, seed=0, weight_range=2)),
        }

    def test_each_label_on_its_own_line_where_no_other_line_runs_and_no_two_overlap(self) -> None:
        for name, svg in self.pictures.items():
            with self.subTest(picture=name):
                self.assertEqual(label_problems(svg), [])

    def test_every_line_has_its_label_with_its_value(self) -> None:
        for name, svg in self.pictures.items():
            root = ET.fromstring(svg)
            lines = [p.get("data-weight") for p in root.iter(f"{SVG}path") if p.get("class") == "connection"]
            labels = [t.get("data-weight") for t in root.iter(f"{SVG}text") if t.get("class") == "weight-label"]
            with self.subTest(picture=name):
                self.assertEqual(sorted(labels), sorted(lines))
        net = bp.Network.unrolled(2, 3, inputs=1, seed=0)
        net.unit("s1.1").w[:] = [0.5, 1.25, -2.0, 0.0]  # from x1.1, s0.1, s0.2; the bias
        values = {t.get("data-weight"): t.text for t in ET.fromstring(draw.folded_svg(net)).iter(f"{SVG}text")
                  if t.get("class") == "weight-label"}
        self.assertEqual([values["w[s1.1←x1.1]"], values["w[s1.1←s0.1]"], values["w[s1.1←s0.2]"]],
                         ["0.50", "1.25", "−2.00"])

    def test_the_label_checker_finds_a_label_on_a_crossing(self) -> None:
        # two lines crossing at (50, 50), the label of the first written where they cross
        svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
               '<path class="connection" d="M 0 0 L 100 100" stroke-width="1" data-weight="a"/>'
               '<path class="connection" d="M 100 0 L 0 100" stroke-width="1" data-weight="b"/>'
               '<rect class="label-box" x="38" y="42" width="24" height="12"/>'
               '<text class="weight-label" x="50" y="52" font-size="10" text-anchor="middle" '
               'data-weight="a">1.00</text></svg>')
        self.assertEqual(label_problems(svg), ["a: its label sits on the line of b"])
        alone = svg.replace('<path class="connection" d="M 100 0 L 0 100" stroke-width="1" data-weight="b"/>', "")
        self.assertEqual(label_problems(alone), [])


class UnitTextsClear(unittest.TestCase):
    def test_no_line_comes_near_the_name_or_bias_inside_a_unit(self) -> None:
        root = ET.fromstring(draw.network_svg(symmetry_net()))  # the README's picture: h2's bias, −1.78
        lines = [(polyline(p.get("d")), float(p.get("stroke-width")))
                 for p in root.iter(f"{SVG}path") if p.get("class") == "connection"]
        texts = [t for t in root.iter(f"{SVG}text") if t.get("class") in ("unit-name", "unit-value")]
        self.assertEqual(len(texts), 9 + 3)  # every unit's name, and the bias of h1, h2, o1
        for text in texts:
            with self.subTest(text=text.text, x=text.get("x")):  # white between the line's edge and the text
                gap = min(distance_to_box(points, ink(text)) - width / 2 for points, width in lines)
                self.assertGreaterEqual(gap, 6.0)


class NoEmptyMargin(unittest.TestCase):
    def test_the_picture_ends_near_its_last_text(self) -> None:
        for net in (trained_332(), bp.Network([6, 2, 1], seed=1)):
            root = ET.fromstring(draw.network_svg(net))
            width = float(root.get("width"))
            right = max(ink(t)[2] for t in root.iter(f"{SVG}text"))
            with self.subTest(net=repr(net)):
                self.assertLessEqual(width - right, 30.0)


class FamilyTreesByGroups(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.net = experiments.family_trees_network(0, 1.0)
        cls.root = ET.fromstring(draw.network_svg(cls.net))

    def boxes(self) -> Dict[str, Box]:
        found = {}
        for rect in self.root.iter(f"{SVG}rect"):
            if rect.get("class") == "group":
                x, y = float(rect.get("x")), float(rect.get("y"))
                found[rect.get("data-layer")] = (x, y, x + float(rect.get("width")), y + float(rect.get("height")))
        return found

    def test_one_box_per_layer_holding_its_units(self) -> None:
        boxes = self.boxes()
        self.assertEqual(sorted(boxes), sorted(layer.name for layer in self.net.layers))
        circles = {c.get("data-unit"): (float(c.get("cx")), float(c.get("cy")))
                   for c in self.root.iter(f"{SVG}circle") if c.get("class") == "unit"}
        self.assertEqual(len(circles), 90)
        for layer in self.net.layers:
            for unit in layer.units:
                x, y = circles[unit.name]
                self.assertTrue(inside((x, y, x, y), boxes[layer.name]), unit.name)

    def test_bundles_not_630_lines(self) -> None:
        paths = list(self.root.iter(f"{SVG}path"))
        self.assertEqual([p for p in paths if p.get("class") == "connection"], [])
        bundles: Dict[Tuple[str, str], int] = {}
        for g in self.root.iter(f"{SVG}g"):
            if g.get("class") == "bundle":
                bundles[(g.get("data-from"), g.get("data-to"))] = int(g.get("data-lines"))
                colours = {p.get("stroke") for p in g.iter(f"{SVG}path")}
                self.assertEqual(colours, {draw.POSITIVE, draw.NEGATIVE})  # its positive and its negative part
        wanted = {("person", "person_code"): 144, ("relationship", "relationship_code"): 72,
                  ("person_code", "central"): 72, ("relationship_code", "central"): 72,
                  ("central", "answer_code"): 72, ("answer_code", "answer"): 144}
        self.assertEqual(bundles, wanted)
        self.assertLess(len(paths), 20)
        self.assertLessEqual(float(self.root.get("width")), 1100)

    def test_the_papers_fig_2_layout(self) -> None:
        boxes = self.boxes()

        def middle(name: str) -> float:
            return (boxes[name][0] + boxes[name][2]) / 2

        tops = {name: box[1] for name, box in boxes.items()}
        self.assertEqual(tops["person"], tops["relationship"])  # the two inputs side by side at the bottom
        self.assertEqual(tops["person_code"], tops["relationship_code"])
        self.assertGreater(tops["person"], tops["person_code"])
        self.assertGreater(tops["person_code"], tops["central"])
        self.assertGreater(tops["central"], tops["answer_code"])
        self.assertGreater(tops["answer_code"], tops["answer"])  # the output codes at the top
        self.assertLess(boxes["person"][2], boxes["relationship"][0])  # person at the left, as in Fig. 2
        for code, group in (("person_code", "person"), ("relationship_code", "relationship")):
            self.assertAlmostEqual(middle(code), middle(group), delta=1)  # each code over its own group
        self.assertLess(middle("person_code"), middle("central"))
        self.assertLess(middle("central"), middle("relationship_code"))

    def test_small_nets_keep_their_lines(self) -> None:
        net = bp.Network([8, 3, 8], seed=0)
        root = ET.fromstring(draw.network_svg(net))
        self.assertEqual(len([p for p in root.iter(f"{SVG}path") if p.get("class") == "connection"]), 48)
        root = ET.fromstring(draw.network_svg(self.net, groups=False))
        self.assertEqual(len([p for p in root.iter(f"{SVG}path") if p.get("class") == "connection"]), 576)


def circle_of(root: ET.Element) -> Dict[int, Tuple[float, float, float]]:
    return {int(c.find(f"{SVG}title").text.split()[-1]): (float(c.get("cx")), float(c.get("cy")), float(c.get("r")))
            for c in root.iter(f"{SVG}circle") if c.get("class") == "unit"}


class FoldedArrows(unittest.TestCase):
    def setUp(self) -> None:
        self.net = bp.Network.unrolled(3, 2, inputs=1, seed=0)
        self.root = ET.fromstring(draw.folded_svg(self.net))

    def arcs(self) -> Dict[Tuple[int, int], List[Point]]:
        """Each unit-to-unit arrow by (from, to), units numbered from 1, read from its weight's name."""
        found = {}
        for p in self.root.iter(f"{SVG}path"):
            name = p.get("data-weight") or ""
            match = re.fullmatch(r"w\[s1\.(\d+)←s0\.(\d+)\]", name)
            if p.get("class") == "connection" and match:
                found[(int(match[2]), int(match[1]))] = polyline(p.get("d"))
        return found

    def test_each_arrow_runs_from_its_sender_to_its_receiver(self) -> None:
        circles, arcs = circle_of(self.root), self.arcs()
        self.assertEqual(len(arcs), 9)
        for (sender, receiver), points in arcs.items():
            for point, unit in ((points[0], sender), (points[-1], receiver)):
                x, y, r = circles[unit]
                self.assertAlmostEqual(math.dist(point, (x, y)), r, delta=1.0)

    def test_no_two_arrows_meet_a_circle_at_one_point(self) -> None:
        ends: Dict[int, List[Point]] = {}
        arcs = self.arcs()
        self.assertEqual(len(arcs), 9)  # 3 × 3: every unit to every unit, itself included
        for (sender, receiver), points in arcs.items():
            ends.setdefault(sender, []).append(points[0])
            ends.setdefault(receiver, []).append(points[-1])
        for unit, points in ends.items():
            for k, a in enumerate(points):
                for b in points[k + 1:]:
                    self.assertGreater(math.dist(a, b), 6.0, f"unit {unit}")

    def test_a_head_half_way_points_the_arrows_way(self) -> None:
        heads = [[(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+) (-?[\d.]+)", p.get("d"))]
                 for p in self.root.iter(f"{SVG}path") if p.get("class") == "arrow"]
        self.assertEqual(len(heads), 9)
        for (sender, receiver), points in self.arcs().items():
            tip, back = heads_on(points, heads)
            with self.subTest(arrow=f"{sender}→{receiver}"):
                self.assertIsNotNone(tip)
                self.assertGreater(tip, back)  # the tip further along the arrow than the base: its way


def heads_on(points: List[Point], heads: List[List[Point]]) -> Tuple[Optional[int], Optional[float]]:
    """For the head lying on this polyline, the index of the point nearest its tip, and the mean index of
    the points nearest its base's two corners; (None, None) if no head lies on it."""
    def nearest(p: Point) -> Tuple[int, float]:
        k = min(range(len(points)), key=lambda k: math.dist(points[k], p))
        return k, math.dist(points[k], p)

    for head in heads:
        (tip, distance), corners = nearest(head[0]), [nearest(p) for p in head[1:3]]
        if distance < 6.5 and all(d < 7 for _, d in corners):
            return tip, sum(k for k, _ in corners) / 2
    return None, None


if __name__ == "__main__":
    unittest.main()
