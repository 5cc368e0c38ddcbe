"""Saving and loading: bit-exact round trips, atomic writes, clear refusals."""

import json
import os
import tempfile
import unittest
from unittest import mock

import backprop as bp
from backprop import files

from .helpers import snapshot


class SaveAndLoad(unittest.TestCase):
    def setUp(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.folder.name, "net.json")

    def tearDown(self) -> None:
        self.folder.cleanup()

    def test_round_trip_is_bit_exact_for_a_graph(self) -> None:
        i = bp.Layer.input(3, name="person")
        h = bp.Layer(2, inputs=i)
        o = bp.Layer(2, inputs=[i, h])
        net = bp.Network.from_layers([i, h, o], seed=7)
        net.unit("h1").weights[0] = 0.1 + 0.2  # a float with a long repr
        net.save(self.path)
        loaded = bp.Network.load(self.path)
        self.assertEqual(snapshot(loaded), snapshot(net))
        self.assertEqual(repr(loaded), repr(net))
        self.assertEqual(loaded.forward([1, 0, 1]), net.forward([1, 0, 1]))
        with open(self.path, encoding="utf-8") as file:
            data = json.load(file)
        self.assertEqual((data["format"], data["version"]), ("backprop-network", 1))
        self.assertEqual(data["layers"][2]["inputs"], ["person", "h"])

    def test_a_failed_write_leaves_the_old_file_and_no_litter(self) -> None:
        bp.Network([2, 1], seed=1).save(self.path)
        with open(self.path, encoding="utf-8") as file:
            original = file.read()
        with mock.patch.object(files.os, "replace", side_effect=OSError("disk gone")):
            with self.assertRaisesRegex(OSError, "disk gone"):
                bp.Network([2, 1], seed=2).save(self.path)
        with open(self.path, encoding="utf-8") as file:
            self.assertEqual(file.read(), original)
        self.assertEqual(os.listdir(self.folder.name), ["net.json"])

    def write(self, text: str) -> None:
        with open(self.path, "w", encoding="utf-8") as file:
            file.write(text)

    def test_truncated_malformed_and_inconsistent_files_are_refused(self) -> None:
        bp.Network([2, 2, 1], seed=1).save(self.path)
        with open(self.path, encoding="utf-8") as file:
            good = json.load(file)
        self.write(json.dumps(good)[:-40])
        with self.assertRaisesRegex(ValueError, "net.json: not a backprop file: invalid JSON"):
            bp.Network.load(self.path)

        refusals = [
            (lambda d: d.update(format="pickle"), 'not a backprop network file \\(no "format"'),
            (lambda d: d.update(version=99), "format version 99 is not supported"),
            (lambda d: d["layers"][1]["weights"][0].pop(), "layer 1 \\(h\\): unit h1 needs 2 weights"),
            (lambda d: d["layers"][2].update(biases=[]), "layer 2 \\(o\\): expected 1 biases"),
            (lambda d: d["layers"][1]["weights"][1].__setitem__(0, "x"),
             "unit h2 has a weight that is not a finite number"),
            (lambda d: d["layers"][2].update(inputs=["nowhere"]), "layer 2 \\(o\\): inputs must name earlier layers"),
            (lambda d: d["layers"][1].update(units=["a", "b"]), "layer 1 \\(h\\): the unit names do not match"),
            (lambda d: d["layers"][1].update(size=0),
             "layer 1 \\(h\\): the size must be the number of unit names listed"),
            (lambda d: d.update(layers=d["layers"][:1]), "must be a list of at least two layers"),
        ]
        for number, (change, message) in enumerate(refusals):
            with self.subTest(refusal=number, message=message):
                data = json.loads(json.dumps(good))
                change(data)
                self.write(json.dumps(data))
                with self.assertRaisesRegex(ValueError, message):
                    bp.Network.load(self.path)

    def test_non_finite_values_in_the_file_are_refused(self) -> None:
        bp.Network([2, 1], seed=1).save(self.path)
        with open(self.path, encoding="utf-8") as file:
            data = json.load(file)
        data["layers"][1]["biases"][0] = float("nan")
        self.write(json.dumps(data))
        with self.assertRaisesRegex(ValueError, "unit o1 has a weight that is not a finite number: nan"):
            bp.Network.load(self.path)


if __name__ == "__main__":
    unittest.main()
