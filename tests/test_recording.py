"""Recording a run: what each name reads and when, bounded memory, files, curves."""

import copy
import math
import os
import tempfile
import unittest
import xml.etree.ElementTree as ET

import backprop as bp
from backprop.recording import Recording

CASES = bp.tasks.xor().cases


class WhatIsReadAndWhen(unittest.TestCase):
    def test_batch_reads_the_weights_every_case_saw_and_the_gradient_8_uses(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        recording = Recording(net, ["E", "w[o1←h1]", "∂E/∂w[o1←h1]", "dE_dbias[o1]", "y[o1] case 2",
                                    "x[h1] case 0", "cases right"], weights=True)
        trainer = bp.Trainer(net, learning_rate=0.5, momentum=0.9)
        for sweep in range(1, 6):
            # the same sweep worked out by hand on a copy, before the trainer changes the weights
            twin = copy.deepcopy(net)
            E = twin.error(CASES)
            twin.zero_gradients()
            for _ in twin.backpropagate(CASES):
                pass
            o1 = twin.unit("o1")
            expected = {"E": E, "w[o1←h1]": o1.w[0], "∂E/∂w[o1←h1]": o1.dE_dw[0], "dE_dbias[o1]": o1.dE_dw[-1],
                        "y[o1] case 2": twin.forward(CASES[2][0])[0]}
            twin.forward(CASES[0][0])
            expected["x[h1] case 0"] = twin.unit("h1").x
            trainer.train(CASES, 1, record=recording)
            expected["cases right"] = float(trainer.history.cases_right[-1])
            self.assertEqual({name: series[-1] for name, series in recording.series.items()}, expected, sweep)
            self.assertEqual(recording.snapshots[-1][2], list(o1.w))  # weight group 2 is o1's
        self.assertEqual(recording.sweeps, [1, 2, 3, 4, 5])

    def test_online_reads_after_the_last_change_and_the_last_cases_gradient(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        recording = Recording(net, ["w[o1←h1]", "∂E/∂w[o1←h1]"])
        trainer = bp.Trainer(net, learning_rate=0.5, online=True)
        trainer.train(CASES, 2)
        twin = copy.deepcopy(net)  # the third sweep by hand: three cases and their changes, then the last case
        bp.Trainer(twin, learning_rate=0.5, online=True).sweep(CASES[:3])
        twin.zero_gradients()
        twin.forward(CASES[3][0])
        twin.backward(CASES[3][1])
        last_gradient = twin.unit("o1").dE_dw[0]
        trainer.train(CASES, 1, record=recording)
        self.assertEqual(recording.series["∂E/∂w[o1←h1]"], [last_gradient])
        self.assertEqual(recording.series["w[o1←h1]"], [net.unit("o1").w[0]])  # after the sweep's last change

    def test_names_that_mean_nothing_are_refused(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        for name, message in (("w[o1←i1]", "o1 has no such line; its weights are w\\[o1←h1\\]"),
                              ("w[i1←h1]", "i1 is an input unit"), ("loss", "cannot record 'loss'"),
                              ("y[h9] case 0", "no unit named 'h9'"), ("bias[o1←h1]", "write a weight as")):
            with self.subTest(name=name):
                with self.assertRaisesRegex((ValueError, KeyError), message):
                    Recording(net, [name])
        recording = Recording(net, ["y[o1] case 9"])
        with self.assertRaisesRegex(ValueError, "there are only 4 cases"):
            bp.Trainer(net).train(CASES, 1, record=recording)

    def test_a_sweep_taken_back_leaves_no_frame(self) -> None:
        # Ctrl-C during sweep 3, after it was recorded: the Trainer takes the sweep back, and the recording with it.
        net = bp.Network([2, 2, 1], seed=1)
        recording = Recording(net, ["E", "w[o1←h1]"], weights=True)
        trainer = bp.Trainer(net, learning_rate=0.5, momentum=0.9)

        def interrupt(sweep: int, E: float) -> None:
            if sweep == 3:
                raise KeyboardInterrupt

        with self.assertRaises(KeyboardInterrupt):
            trainer.train(CASES, 10, callback=interrupt, record=recording)
        self.assertEqual((trainer.history.sweeps, recording.sweeps), (2, [1, 2]))
        self.assertEqual([len(values) for values in recording.series.values()] + [len(recording.snapshots)], [2, 2, 2])
        trainer.train(CASES, 3, record=recording)
        unbroken = Recording(bp.Network([2, 2, 1], seed=1), ["E", "w[o1←h1]"], weights=True)
        bp.Trainer(unbroken.network, learning_rate=0.5, momentum=0.9).train(CASES, 5, record=unbroken)
        self.assertEqual(recording.sweeps, [1, 2, 3, 4, 5])
        self.assertEqual((recording.series, recording.snapshots), (unbroken.series, unbroken.snapshots))


class BoundedMemory(unittest.TestCase):
    def test_a_long_run_keeps_at_most_max_frames_spread_evenly_first_and_last_kept(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        recording = Recording(net, ["E"], weights=True, max_frames=50)
        bp.Trainer(net, learning_rate=0.5).train(CASES, 1000, record=recording)
        self.assertLessEqual(len(recording.sweeps), 50)
        self.assertEqual(len(recording.snapshots), len(recording.sweeps))
        self.assertEqual(recording.sweeps[0], 1)
        gaps = {b - a for a, b in zip(recording.sweeps[1:], recording.sweeps[2:])}
        self.assertEqual(gaps, {recording.stride})  # evenly spread
        sweeps, values = recording.values("E")
        self.assertEqual(sweeps[-1], 1000)  # the latest is always there
        self.assertEqual(values[-1], bp.Trainer(bp.Network([2, 2, 1], seed=1), learning_rate=0.5)
                         .train(CASES, 1000).errors[-1])


class FilesAndPictures(unittest.TestCase):
    def test_save_and_load_give_the_same_recording(self) -> None:
        net = bp.Network.unrolled(2, 3, inputs=1, outputs=1, seed=2)
        recording = Recording(net, ["E", "w[s1.1←s0.2]", "y[s3.1] case 1"], weights=True)
        bp.Trainer(net, learning_rate=0.3).train(bp.tasks.remember(3, 2).cases, 20, record=recording)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "run.json")
            recording.save(path)
            loaded = Recording.load(path)
        self.assertEqual((loaded.sweeps, loaded.series, loaded.snapshots),
                         (recording.sweeps, recording.series, recording.snapshots))
        self.assertEqual(repr(loaded.network), repr(net))
        self.assertIs(loaded.network.unit("s3.1").w, loaded.network.unit("s1.1").w)

    def test_curves_and_sparkline(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        recording = Recording(net, ["w[o1←h1]", "∂E/∂w[o1←h1]"])
        bp.Trainer(net, learning_rate=0.5, momentum=0.9).train(CASES, 100, record=recording)
        root = ET.fromstring(recording.curve_svg(log=True))
        curves = root.findall(".//{http://www.w3.org/2000/svg}polyline")
        self.assertEqual(len(curves), 2)
        self.assertEqual(len(curves[0].get("points").split()), 100)
        self.assertIn("(log scale)", "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")))
        line = recording.sparkline("w[o1←h1]")
        self.assertTrue(line.startswith("w[o1←h1]: "))
        self.assertEqual(len(line.split()[2]), 60)
        self.assertTrue(math.isfinite(float(line.split()[-1])))


if __name__ == "__main__":
    unittest.main()
