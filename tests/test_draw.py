"""Pictures: every SVG parses, has a viewBox and a title, and draws one mark per unit and weight."""

import math
import unittest
import xml.etree.ElementTree as ET

import backprop as bp
from backprop import draw, experiments

from .font_widths import WIDTHS

SVG = "{http://www.w3.org/2000/svg}"


def parse(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg", root.tag
    return root


def marks(root: ET.Element, tag: str, kind: str) -> list:
    return [e for e in root.iter(f"{SVG}{tag}") if e.get("class") == kind]


class EverySvg(unittest.TestCase):
    def setUp(self) -> None:
        self.result = experiments.xor_skip(seed=1)
        self.net = self.result.network

    def pictures(self) -> dict:
        return {
            "network": draw.network_svg(self.net),
            "network for a case": draw.network_svg(self.net, case=[1, 0]),
            "hinton": draw.hinton_svg(self.net.layers[2]),
            "error": draw.error_curve_svg(self.result.history),
            "error, log": draw.error_curve_svg(self.result.history, log=True),
            "decision": draw.decision_svg(self.net, bp.tasks.xor().cases),
            "repr": self.net._repr_svg_(),
        }

    def test_each_parses_with_a_viewbox_a_title_and_text(self) -> None:
        for name, text in self.pictures().items():
            with self.subTest(picture=name):
                root = parse(text)
                self.assertRegex(root.get("viewBox", ""), r"^0 0 \d+ \d+$")
                title = root.find(f"{SVG}title")
                self.assertTrue(title is not None and title.text)
                texts = [e.text for e in root.iter(f"{SVG}text") if e.text]
                self.assertGreater(len(texts), 2)


class NetworkPicture(unittest.TestCase):
    def check(self, net: bp.Network) -> None:
        root = parse(draw.network_svg(net))
        self.assertEqual(len(marks(root, "circle", "unit")), sum(layer.size for layer in net.layers))
        self.assertEqual(len(marks(root, "path", "connection")), sum(len(n.weights) for n in net.neurons))

    def test_one_circle_per_unit_and_one_line_per_connection(self) -> None:
        self.check(bp.Network([6, 2, 1], seed=0))
        self.check(experiments.skip_network(0, 0.5))
        self.check(bp.Network([8, 10, 8], seed=0))  # 160 lines and 18 biases: up to 200, drawn one by one
        root = parse(draw.network_svg(experiments.family_trees_network(0, 0.3)))  # 630: by groups
        self.assertEqual(len(marks(root, "circle", "unit")), 90)  # (tests/test_picture_labels.py has the rest)

    def test_weights_are_written_on_small_nets_and_lines_are_coloured_by_sign(self) -> None:
        net = bp.Network([2, 1], weight_range=0.0)
        net.unit("o1").weights[:] = [1.5, -0.25]
        text = draw.network_svg(net)
        self.assertIn(">1.50<", text)
        self.assertIn(">−0.25<", text)
        strokes = [e.get("stroke") for e in marks(parse(text), "path", "connection")]
        self.assertEqual(strokes, [draw.POSITIVE, draw.NEGATIVE])

    def test_lines_end_on_the_circles(self) -> None:
        root = parse(draw.network_svg(bp.Network([3, 2, 1], seed=0)))
        centres = [(float(c.get("cx")), float(c.get("cy"))) for c in marks(root, "circle", "unit")]
        radius = float(marks(root, "circle", "unit")[0].get("r"))
        for path in marks(root, "path", "connection"):
            numbers = [float(v) for v in path.get("d").replace("M", " ").replace("L", " ").split()]
            for x, y in (numbers[:2], numbers[-2:]):
                nearest = min(((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 for cx, cy in centres)
                self.assertAlmostEqual(nearest, radius, delta=0.2)

    def test_a_case_shows_the_units_outputs(self) -> None:
        net = bp.Network([2, 1], weight_range=0.0)
        self.assertIn(">0.50<", draw.network_svg(net, case=[1, 0]))


class RecurrentPictures(unittest.TestCase):
    def test_unrolled_nets_mark_the_tied_lines(self) -> None:
        net = bp.Network.unrolled(2, 3, inputs=1, outputs=1, seed=0)
        paths = marks(parse(draw.network_svg(net)), "path", "connection")
        self.assertEqual(len(paths), sum(len(n.weights) for n in net.neurons))
        dashed = [p for p in paths if p.get("stroke-dasharray")]
        self.assertEqual(len(dashed), len(paths))  # every unit here has copies at other steps
        plain = marks(parse(draw.network_svg(bp.Network([2, 2, 1]))), "path", "connection")
        self.assertFalse(any(p.get("stroke-dasharray") for p in plain))

    def test_folded_net_has_one_circle_per_unit_and_one_arrow_per_weight(self) -> None:
        net = bp.Network.unrolled(3, 2, inputs=2, seed=0)
        root = parse(draw.folded_svg(net))
        self.assertEqual(len(marks(root, "circle", "unit")), 3)
        self.assertEqual(len(marks(root, "path", "connection")), 3 * 3 + 3 * 2)  # unit→unit, input→unit
        self.assertEqual(len(marks(root, "rect", "input")), 2)
        with self.assertRaisesRegex(ValueError, "folded_svg draws nets made by Network.unrolled"):
            draw.folded_svg(bp.Network([2, 1]))


class HintonPicture(unittest.TestCase):
    def test_one_square_per_weight_and_bias(self) -> None:
        net = experiments.family_trees_network(0, 0.3)
        layer = net.layers[2]
        root = parse(draw.hinton_svg(layer, rows=2, column_labels=bp.tasks.ENGLISH, row_labels=["E", "I"]))
        self.assertEqual(len(marks(root, "rect", "weight")), 6 * (24 + 1))
        root = parse(draw.hinton_svg(net.layers[4]))
        self.assertEqual(len(marks(root, "rect", "weight")), 12 * (12 + 1))

    def test_blue_filled_positive_red_hollow_negative_area_by_size(self) -> None:
        net = bp.Network([2, 1], weight_range=0.0)
        net.unit("o1").weights[:] = [2.0, -0.5]
        net.unit("o1").bias = 0.0
        squares = marks(parse(draw.hinton_svg(net.layers[1])), "rect", "weight")
        self.assertEqual([(s.get("fill"), s.get("stroke")) for s in squares[:2]],
                         [(draw.POSITIVE, None), ("white", draw.NEGATIVE)])
        sides = [float(s.get("width")) for s in squares]
        self.assertAlmostEqual((sides[1] / sides[0]) ** 2, 0.25, places=3)  # area ∝ |w|
        self.assertEqual(sides[2], 0.0)
        self.assertLessEqual(max(sides), 0.8 * 18.0 + 1e-9)  # the largest leaves a gap: neighbours never touch

    def test_the_bias_sits_on_no_row_of_fig_4(self) -> None:
        net = experiments.family_trees_network(0, 0.3)
        root = parse(draw.hinton_svg(net.layers[2], rows=2, column_labels=bp.tasks.ENGLISH,
                                     row_labels=["English", "Italian"]))
        rows = [float(e.get("y")) for e in root.iter(f"{SVG}text") if e.text in ("English", "Italian")]
        squares = marks(root, "rect", "weight")
        for k, neuron in enumerate(net.layers[2].neurons):
            english, italian = rows[2 * k], rows[2 * k + 1]
            bias = next(s for s in squares if s.find(f"{SVG}title").text.startswith(f"bias[{neuron.name}]"))
            centre = float(bias.get("y")) + float(bias.get("height")) / 2
            people = [s for s in squares if s.find(f"{SVG}title").text.startswith(f"w[{neuron.name}←")]
            ys = sorted({round(float(s.get("y")) + float(s.get("height")) / 2) for s in people})  # to the pixel
            with self.subTest(unit=neuron.name):
                self.assertEqual(len(ys), 2)  # the English row and the Italian row
                self.assertAlmostEqual(centre, (ys[0] + ys[1]) / 2, delta=1)  # half-way between them
                self.assertGreater(italian - english, 10)
        squares = marks(parse(draw.hinton_svg(net.layers[4])), "rect", "weight")  # one row per unit: on its row
        first = [float(s.get("y")) + float(s.get("height")) / 2 for s in squares[:13]]
        self.assertAlmostEqual(first[-1], first[0], delta=0.1)

    def test_refusals(self) -> None:
        net = bp.Network([3, 2, 1])
        with self.assertRaisesRegex(ValueError, "rows must divide the 3 inputs of layer h, got 2"):
            draw.hinton_svg(net.layers[1], rows=2)
        with self.assertRaisesRegex(ValueError, "layer i has no weights to draw"):
            draw.hinton_svg(net.layers[0])


class CurvesAndMaps(unittest.TestCase):
    def test_error_curve_has_a_point_per_sweep(self) -> None:
        history = bp.Trainer(bp.Network([2, 2, 1], seed=1), learning_rate=0.5).train(bp.tasks.xor().cases, 37)
        for log in (False, True):
            curve = parse(draw.error_curve_svg(history, log=log)).find(f"{SVG}polyline")
            self.assertEqual(len(curve.get("points").split()), 37)
        with self.assertRaisesRegex(ValueError, "no sweeps"):
            draw.error_curve_svg(bp.History())

    def test_decision_map_marks_every_case(self) -> None:
        root = parse(draw.decision_svg(bp.Network([2, 2, 1], seed=0), bp.tasks.xor().cases, resolution=10))
        self.assertEqual(len(marks(root, "circle", "case")), 4)
        with self.assertRaisesRegex(ValueError, "decision_svg draws nets with 2 inputs; this one has 3"):
            draw.decision_svg(bp.Network([3, 1]))


class CurvesEndAtTheData(unittest.TestCase):
    """Axes end at the data; a log plot of a signed series shows the sign; an opening spike does not
    flatten a linear plot. Positions are read back from the SVG and compared with the test's own arithmetic."""

    @staticmethod
    def frame(root: ET.Element) -> tuple:
        rect = next(e for e in root.iter(f"{SVG}rect") if e.get("fill") == "none" and e.get("stroke") == "#444")
        x, y = float(rect.get("x")), float(rect.get("y"))
        return x, y, x + float(rect.get("width")), y + float(rect.get("height"))

    @staticmethod
    def points(root: ET.Element) -> list:
        return [[tuple(float(v) for v in pair.split(",")) for pair in line.get("points").split()]
                for line in root.iter(f"{SVG}polyline")]

    def test_the_x_axis_ends_at_the_last_sweep(self) -> None:
        for sweeps in (1012, 5000, 37):
            history = bp.History()
            history.errors.extend(4.0 / (1 + k) for k in range(sweeps))
            root = parse(draw.error_curve_svg(history))
            left, _, right, _ = self.frame(root)
            curve = self.points(root)[0]
            ticks = [float(e.text) for e in root.iter(f"{SVG}text") if e.get("y") == f"{float(e.get('y')):.1f}"
                     and e.get("text-anchor", "middle") == "middle" and (e.text or "").isdigit()]
            with self.subTest(sweeps=sweeps):
                self.assertAlmostEqual(curve[-1][0], right, delta=0.1)  # the last sweep at the right edge
                self.assertAlmostEqual(curve[0][0], left + (right - left) / sweeps, delta=0.1)  # sweep 1
                self.assertLessEqual(max(ticks), sweeps)

    def test_a_marks_label_stays_inside_the_plot(self) -> None:
        history = bp.History()
        history.errors.extend(4.0 / (1 + k) for k in range(1012))
        for sweep in (10, 943, 1012):  # "every case right" at sweep 943 of 1012, as the symmetry run's
            root = parse(draw.error_curve_svg(history, marks=[(sweep, sweep, "every case right")]))
            left, _, right, _ = self.frame(root)
            label = next(e for e in root.iter(f"{SVG}text") if e.text == "every case right")
            extent = 11 * sum(WIDTHS[c] for c in label.text)
            start = float(label.get("x")) - (extent if label.get("text-anchor") == "end" else 0)
            with self.subTest(sweep=sweep):
                self.assertGreaterEqual(start, left)
                self.assertLessEqual(start + extent, right)

    def test_a_log_plot_of_a_signed_series_keeps_the_sign(self) -> None:
        values = [3.0, 0.5, -0.002, -0.0005, -0.0004, 0.01, 0.06, 0.03]  # changes sign twice
        root = parse(draw.curves_svg({"∂E/∂w[o1←h1]": values, "w[o1←h1]": [-0.03, -1, -3, -3, -3, -4, -8, -10]},
                                     log=True))
        y_ticks = {e.text: float(e.get("y")) - 4 for e in root.iter(f"{SVG}text") if e.get("text-anchor") == "end"}
        self.assertIn("0", y_ticks)  # the scale has a 0, with positive values above it and negative below
        zero = y_ticks["0"]
        for series, curve in zip((values, [-0.03, -1, -3, -3, -3, -4, -8, -10]), self.points(root)):
            for value, (_, y) in zip(series, curve):
                self.assertEqual(y < zero, value > 0, f"{value} drawn at y = {y}, 0 at {zero}")  # above 0: positive
        gradient = self.points(root)[0]
        self.assertLess(gradient[3][1], gradient[2][1])  # −0.0005 above −0.002: nearer 0 on the log scale
        legend = [e.text for e in root.iter(f"{SVG}text")]
        self.assertIn("∂E/∂w[o1←h1]", legend)
        self.assertIn("(log scale)", " ".join(t for t in legend if t))
        self.assertTrue(any("negative values lie below 0" in (t or "") for t in legend))
        only_positive = parse(draw.curves_svg({"E": [4.0, 1.0, 0.1]}, log=True))
        ticks = [e.text for e in only_positive.iter(f"{SVG}text") if e.get("class") == "y-tick"]
        self.assertEqual(ticks, ["0.1", "1", "10"])  # E: a plain log scale

    def test_a_first_sweeps_spike_does_not_flatten_a_linear_plot(self) -> None:
        rest = [0.05 * math.sin(k / 40) for k in range(1, 500)]  # changes sign, within ±0.05
        root = parse(draw.curves_svg({"∂E/∂w[o1←h1]": [2.84] + rest}))
        _, top, _, bottom = self.frame(root)
        ys = [y for _, y in self.points(root)[0]]
        self.assertGreater(max(ys[1:]) - min(ys[1:]), 0.5 * (bottom - top))  # the rest fills the plot
        self.assertAlmostEqual(ys[0], top, delta=0.1)  # the spike at the top edge ...
        notes = [e.text for e in root.iter(f"{SVG}text") if e.get("class") == "off-scale"]
        self.assertEqual(notes, ["↑ sweep 1 off the scale (up to 2.84)"])  # ... and said
        e_curve = parse(draw.curves_svg({"E": [7.3] + [4.0] * 700 + [3.0 - k / 100 for k in range(290)]}))
        self.assertEqual([e for e in e_curve.iter(f"{SVG}text") if e.get("class") == "off-scale"], [])


class TextForms(unittest.TestCase):
    def test_hinton_text_and_sparkline(self) -> None:
        net = bp.Network([2, 2, 1], seed=0)
        lines = draw.hinton_text(net.layers[1]).splitlines()
        self.assertEqual(lines[0].split(), ["i1", "i2", "bias"])  # the columns, named
        self.assertEqual([line.split()[0] for line in lines[1:3]], ["h1", "h2"])
        self.assertTrue(lines[3].startswith("■ ▪ positive, □ ▫ negative"))  # the legend, as in every picture
        self.assertEqual(draw.sparkline([0, 1]), "▁█")
        self.assertEqual(len(draw.sparkline(list(range(500)), width=40)), 40)
        self.assertEqual(draw.sparkline([]), "")

    def test_the_sparkline_is_scaled_to_what_it_shows_not_to_a_first_spike(self) -> None:
        gradient = [2.84] + [-0.0003] * 400 + [0.06] * 200 + [0.03] * 100  # the symmetry run's ∂E/∂w[o1←h1], roughly
        line = draw.sparkline(gradient)
        self.assertEqual(line[0], "↑")  # the spike, above the scale
        # 60 of the 701 values shown, value round(k·700/59) at place k: places 1-33 on the plateau, 34-50 at 0.06
        self.assertEqual(set(line[1:34]), {"▁"})  # the plateau just below 0 ...
        self.assertEqual(set(line[34:51]), {"█"})  # ... then positive: the sign change shows
        self.assertEqual(set(line[51:]), {"▅"})  # 0.03: (0.03 + 0.0003) / 0.0603 of the way, the 5th of 8 blocks
        self.assertEqual(draw.sparkline([4, 3, 2, 1, 0.5, 0.25, 0]), "█▆▅▃▂▁▁")  # nothing cut from a smooth fall


class Reprs(unittest.TestCase):
    def test_reprs_show_names_and_values(self) -> None:
        net = bp.Network([2, 2, 1], seed=0)
        net.forward([1, 0])
        net.backward([1])
        h1 = net.unit("h1")
        text = repr(h1)
        for part in ("h1", f"y={h1.y:.6g}", f"∂E/∂y={h1.dE_dy:.6g}", f"∂E/∂x={h1.dE_dx:.6g}",
                     f"w[h1←i1]={h1.weights[0]:.4g}"):
            self.assertIn(part, text)
        self.assertIn(f"h2 y={net.unit('h2').y:.4g}", repr(net.layers[1]))
        self.assertIn("… 4 more", repr(bp.Network([10, 1]).layers[0]))
        self.assertIn("12 weights in [", repr(bp.Network([12, 1]).unit("o1")))
        self.assertEqual(repr(net), "Network(i:2 → h:2 → o:1)")


if __name__ == "__main__":
    unittest.main()
