"""Every picture is wide enough for what it says, names what it draws, and has its legend.

Each text is measured with its characters' real widths in the fonts the pictures are drawn with
(tests/font_widths.py, read from the font files), not with the drawing code's own estimate of 0.6 em
a character; a text that would spill over the picture's edge fails the test.
"""

import math
import unittest
import xml.etree.ElementTree as ET
from typing import List, Tuple

import backprop as bp
from backprop import draw, experiments

from .font_widths import WIDTHS

SVG = "{http://www.w3.org/2000/svg}"


def texts(root: ET.Element) -> List[Tuple[float, float, str, str, float, str]]:
    """(x, y, anchor, content, size, transform) of every text element."""
    found = []
    for element in root.iter(f"{SVG}text"):
        found.append((float(element.get("x")), float(element.get("y")), element.get("text-anchor", "start"),
                      element.text or "", float(element.get("font-size", "12")), element.get("transform", "")))
    return found


def spills(svg: str) -> List[str]:
    """The texts that reach beyond the picture's left or right edge."""
    root = ET.fromstring(svg)
    width = float(root.get("width"))
    out = []
    for x, _, anchor, content, size, transform in texts(root):
        extent = text_extent(content, size)
        if transform:  # a column label, turned 60° up from its start
            left, right = x, x + extent * math.cos(math.radians(60))
        else:
            left = {"start": x, "middle": x - extent / 2, "end": x - extent}[anchor]
            right = left + extent
        if left < -0.5 or right > width + 0.5:
            out.append(f"{content!r} spans {left:.0f}–{right:.0f} in a picture {width:.0f} wide")
    return out


def text_extent(content: str, size: float) -> float:
    """How wide a text is drawn: each character's advance in the font (1 em for one the table lacks)."""
    return size * sum(WIDTHS.get(character, 1.0) for character in content)


def all_text(svg: str) -> str:
    return "\n".join(content for _, _, _, content, _, _ in texts(ET.fromstring(svg)))


class EveryPictureFits(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        small = bp.Network([2, 2, 1], seed=0)
        large = experiments.family_trees_network(0, 0.5)
        one_weight = bp.Network([1, 1], seed=0)
        history = bp.Trainer(bp.Network([2, 2, 1], seed=1), learning_rate=0.5).train(bp.tasks.xor().cases, 30)
        rnn = bp.Network.unrolled(2, 4, inputs=1, outputs=1, seed=0)
        labels = [f"{e} / {i}" for e, i in zip(bp.tasks.ENGLISH, bp.tasks.ITALIAN)]
        cls.pictures = {
            "network, small": draw.network_svg(small),
            "network, small, a case": draw.network_svg(small, case=[1, 0]),
            "network, large": draw.network_svg(large),
            "network, unrolled": draw.network_svg(rnn),
            "network, one weight": draw.network_svg(one_weight),
            "hinton, one weight": draw.hinton_svg(one_weight.layers[1]),
            "hinton, small": draw.hinton_svg(small.layers[1]),
            "hinton, large": draw.hinton_svg(large.layers[4]),
            "hinton, Fig. 4": draw.hinton_svg(large.layers[2], rows=2, column_labels=labels,
                                              row_labels=["English", "Italian"],
                                              title="Fig. 4: weights from the first person of the query into the "
                                                    "6 person-code units"),
            "error": draw.error_curve_svg(history),
            "error, log": draw.error_curve_svg(history, log=True, title="a long title " * 6),
            "decision": draw.decision_svg(small, bp.tasks.xor().cases),
            "folded": draw.folded_svg(rnn),
        }

    def test_no_text_spills_over_an_edge(self) -> None:
        for name, svg in self.pictures.items():
            with self.subTest(picture=name):
                self.assertEqual(spills(svg), [])

    def test_sign_pictures_carry_the_one_legend(self) -> None:
        for name, svg in self.pictures.items():
            if name.startswith(("network", "hinton", "folded")):
                with self.subTest(picture=name):
                    text = all_text(svg)
                    self.assertIn("positive", text)
                    self.assertIn("negative", text)
                    if name.startswith("network"):
                        self.assertIn("blue positive, red negative", text)

    def test_hinton_columns_are_named(self) -> None:
        for name in ("hinton, one weight", "hinton, small", "hinton, large"):
            root = ET.fromstring(self.pictures[name])
            columns = [e.text for e in root.iter(f"{SVG}text") if e.get("class") == "column-label"]
            with self.subTest(picture=name):
                self.assertEqual(columns[-1], "bias")
                self.assertEqual(len(columns), len(root.findall(f".//{SVG}rect[@class='weight']")) //
                                 max(1, len([e for e in root.iter(f"{SVG}text") if e.get("text-anchor") == "end"])))
        small = [e.text for e in ET.fromstring(self.pictures["hinton, small"]).iter(f"{SVG}text")
                 if e.get("class") == "column-label"]
        self.assertEqual(small, ["i1", "i2", "bias"])

    def test_network_rows_say_what_their_layers_are(self) -> None:
        rows = [e.text for e in ET.fromstring(self.pictures["network, small"]).iter(f"{SVG}text")
                if e.get("class") == "row"]
        self.assertEqual(rows, ["i: inputs", "h: hidden", "o: outputs"])
        rows = [e.text for e in ET.fromstring(self.pictures["network, unrolled"]).iter(f"{SVG}text")
                if e.get("class") == "row"]
        self.assertEqual(rows[0], "s0: the state at the start")
        self.assertIn("x1: the input of step 1", rows)
        self.assertEqual(rows[-1], "s4: after step 4, only unit 1: the output")

    def test_an_unrolled_nets_inputs_sit_in_a_column_of_their_own(self) -> None:
        root = ET.fromstring(self.pictures["network, unrolled"])
        circles = {c.find(f"{SVG}title").text.split(":")[0].split()[-1]: (float(c.get("cx")), float(c.get("cy")))
                   for c in root.iter(f"{SVG}circle") if c.get("class") == "unit"}
        inputs = [circles[f"x{t}.1"] for t in range(1, 5)]
        self.assertEqual(len({x for x, _ in inputs}), 1)  # x1 … x4 in one column
        states = [circles[f"s{t}.1"] for t in range(4)]
        self.assertTrue(all(x > inputs[0][0] for x, _ in states))  # left of every state unit
        for t in range(1, 5):  # each step's input between the state it meets and the state it makes
            self.assertGreater(circles[f"x{t}.1"][1], circles[f"s{t}.1" if t < 4 else "s4.1"][1])
            self.assertLess(circles[f"x{t}.1"][1], circles[f"s{t - 1}.1"][1])

    def test_weight_labels_have_a_box_behind_them(self) -> None:
        root = ET.fromstring(self.pictures["network, small"])
        boxes = [e for e in root.iter(f"{SVG}rect") if e.get("class") == "label-box"]
        labels = [e for e in root.iter(f"{SVG}text") if e.get("class", "").startswith("weight-label")]
        self.assertEqual(len(boxes), len(labels))
        self.assertEqual(len(labels), 6)


if __name__ == "__main__":
    unittest.main()
