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


class ReadingTheNumbers(unittest.TestCase):
    def test_a_name_typed_with_less_than_dash_reads_the_line_of_its_arrow(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        twin = copy.deepcopy(net)
        typed = Recording(net, ["w[o1<-h1]", "dE_dw[o1<-h1]", "∂E/∂w[o1<-h2]"])
        arrows = Recording(twin, ["w[o1←h1]", "dE_dw[o1←h1]", "∂E/∂w[o1←h2]"])
        bp.Trainer(net, learning_rate=0.5).train(CASES, 5, record=typed)
        bp.Trainer(twin, learning_rate=0.5).train(CASES, 5, record=arrows)
        self.assertEqual(list(typed.series.values()), list(arrows.series.values()))
        self.assertEqual(list(typed.series), ["w[o1<-h1]", "dE_dw[o1<-h1]", "∂E/∂w[o1<-h2]"])  # kept as typed
        for recording in (typed, arrows):  # either spelling finds either
            self.assertEqual(recording.values("w[o1<-h1]"), arrows.values("w[o1←h1]"))
            self.assertEqual(recording.value("dE_dw[o1←h1]", 3), arrows.series["dE_dw[o1←h1]"][2])
        self.assertEqual(typed.curve_svg(["w[o1<-h1]"]), arrows.curve_svg(["w[o1←h1]"]))  # drawn with the arrow
        self.assertEqual(typed.sparkline("w[o1<-h1]"), arrows.sparkline("w[o1←h1]"))
        for name, message in (("w[o1<-i1]", "o1 has no such line"), ("bias[o1<-h1]", "or w\\[o1<-sender\\]")):
            with self.subTest(name=name):
                with self.assertRaisesRegex(ValueError, message):
                    Recording(net, [name])
        with self.assertRaisesRegex(KeyError, "'w\\[o1<-h2\\]' was not recorded; the names are w\\[o1<-h1\\]"):
            typed.values("w[o1<-h2]")

    def test_values_give_the_sweeps_kept_and_value_names_the_nearest_of_a_sweep_thinned_out(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        recording = Recording(net, ["E"], max_frames=4)
        history = bp.Trainer(net).train(CASES, 10, record=recording)
        sweeps, errors = recording.values("E")
        # thinned by doubling to one sweep in 4: the first, every 4th, and the latest
        self.assertEqual(sweeps, [1, 4, 8, 10])
        self.assertEqual(errors, [history.errors[sweep - 1] for sweep in sweeps])
        self.assertEqual(recording.value("E", 8), history.errors[7])
        self.assertEqual(recording.value("E", 10), history.errors[9])  # the latest, not in recording.sweeps
        self.assertNotIn(10, recording.sweeps)
        with self.assertRaises(ValueError):
            recording.sweeps.index(5)
        for sweep, message in ((5, "sweep 5 was not kept \\(one sweep in 4 is, to stay within 4 frames\\): the nearest "
                                   "are 4 and 8"), (11, "the sweeps recorded are 1 to 10"), (0, "1 to 10")):
            with self.subTest(sweep=sweep):
                with self.assertRaisesRegex(KeyError, message):
                    recording.value("E", sweep)

    def test_a_stretch_trained_without_the_recording_is_said(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        recording = Recording(net, ["E"])
        trainer = bp.Trainer(net)
        trainer.train(CASES, 3, record=recording)
        trainer.train(CASES, 3)
        trainer.train(CASES, 3, record=recording)
        self.assertEqual(recording.values("E")[0], [1, 2, 3, 7, 8, 9])
        with self.assertRaisesRegex(KeyError, "without record=recording\\): the nearest are 3 and 7"):
            recording.value("E", 5)

    def test_a_recording_no_train_was_given_is_empty_and_says_how_to_record(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        recording = Recording(net, ["E", "w[o1←h1]"], weights=True)
        bp.Trainer(net).train(CASES, 5)  # record=recording forgotten
        self.assertEqual((recording.values("E"), recording.frames()), (([], []), []))
        with self.assertRaisesRegex(ValueError, "nothing to draw: .*record=recording.*without record= leaves it empty"):
            recording.curve_svg()
        self.assertIn("nothing recorded yet: train with record=recording", recording.sparkline("E"))
        with self.assertRaisesRegex(KeyError, "record=recording"):
            recording.value("E", 1)
        with self.assertRaisesRegex(ValueError, "record=recording"):
            bp.draw.replay_html(recording, CASES)

    def test_it_keeps_the_trainer_and_the_cases_it_followed(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        recording = Recording(net, ["E"])
        self.assertEqual((recording.trainer, recording.cases), (None, None))
        trainer = bp.Trainer(net)
        trainer.train(CASES, 2, record=recording)
        self.assertIs(recording.trainer, trainer)
        self.assertEqual([(list(i), list(t)) for i, t in recording.cases], [(list(i), list(t)) for i, t in CASES])


if __name__ == "__main__":
    unittest.main()
