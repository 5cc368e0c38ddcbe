"""Pictures: every SVG parses, has a viewBox and a title, and draws one mark per unit and weight."""

import unittest
import xml.etree.ElementTree as ET

import backprop as bp
from backprop import draw, experiments

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
        self.check(experiments.family_trees_network(0, 0.3))

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
