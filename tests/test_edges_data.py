"""Checkpoints, recordings and names from files, refused at the edge with the file and the entry named.

Each test pins one way an edited or hostile file, or a Recording used the wrong way, once got in:
a setting coerced, a history value that later crashed a page, a name that rewrote the terminal, a
recording of another net or of two trainers, a bound of frames not kept.
"""

import json
import os
import re
import tempfile
import unittest
from typing import Any, Callable, List

import backprop as bp
from backprop import checkpoint
from backprop.recording import Recording

from .helpers import snapshot

CASES = bp.tasks.xor().cases
HOSTILE = "\x1b]0;owned\x07\x1b[2J"  # sets a terminal's window title, then clears its screen


class FileTest(unittest.TestCase):
    def setUp(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.folder.name, "run.json")

    def tearDown(self) -> None:
        self.folder.cleanup()

    def trained_checkpoint(self) -> Any:
        """The data of a checkpoint of an xor net trained 5 sweeps (written and read back as JSON)."""
        trainer = bp.Trainer(bp.Network([2, 2, 1], seed=1), learning_rate=0.5, momentum=0.9)
        trainer.train(CASES, 5, target_error=0.01)
        trainer.checkpoint(self.path)
        return self.read()

    def read(self) -> Any:
        with open(self.path, encoding="utf-8") as file:
            return json.load(file)

    def write(self, data: Any) -> None:
        with open(self.path, "w", encoding="utf-8") as file:
            json.dump(data, file)

    def assert_each_refused(self, good: Any, load: Callable[[str], Any],
                            changes: List[Any]) -> None:
        """Each (change, message): the good data so changed is refused by ``load`` with the file's name first."""
        for change, message in changes:
            with self.subTest(message=message):
                data = json.loads(json.dumps(good))
                change(data)
                self.write(data)
                with self.assertRaises(ValueError) as refused:
                    load(self.path)
                self.assertEqual(str(refused.exception)[:len(self.path) + 2], self.path + ": ")
                self.assertIn(message, str(refused.exception))


class CheckpointSettings(FileTest):
    def test_settings_of_the_wrong_type_are_refused_not_coerced(self) -> None:
        def setting(name: str, value: Any) -> Callable[[Any], None]:
            return lambda data: data["settings"].__setitem__(name, value)

        self.assert_each_refused(self.trained_checkpoint(), bp.Trainer.resume, [
            (setting("online", "false"), "\"settings\" online must be true or false, got 'false' (str)"),
            (setting("online", 0), '"settings" online must be true or false, got 0 (int)'),
            (setting("train_biases", "no"), "\"settings\" train_biases must be true or false, got 'no' (str)"),
            (setting("train_biases", None), '"settings" train_biases must be true or false, got None (NoneType)'),
            (setting("tied", ["sum"]), "\"settings\" tied must be \"average\" or \"sum\", got ['sum'] (list)"),
            (setting("learning_rate", True), '"settings" learning_rate must be a number, got True (bool)'),
            (setting("momentum", "0.9"), "\"settings\" momentum must be a number, got '0.9' (str)"),
            (setting("learning_rate", -1), '"settings" learning_rate must be > 0, got -1'),
            (setting("margin", 0.5), '"settings" margin must be in [0, 0.5), got 0.5'),
        ])

    def test_a_checkpoint_as_written_still_resumes_with_its_settings(self) -> None:
        trainer = bp.Trainer(bp.Network([2, 2, 1], seed=1), learning_rate=0.5, online=True, train_biases=False)
        trainer.train(CASES, 3)
        trainer.checkpoint(self.path)
        resumed = bp.Trainer.resume(self.path)
        self.assertEqual((resumed.online, resumed.train_biases, resumed.tied, resumed.learning_rate),
                         (True, False, "average", 0.5))


class CheckpointHistory(FileTest):
    def test_edited_history_values_are_refused_with_their_path(self) -> None:
        def history(name: str, k: int, value: Any) -> Callable[[Any], None]:
            return lambda data: data["history"][name].__setitem__(k, value)

        def entry(name: str, value: Any) -> Callable[[Any], None]:
            return lambda data: data["history"].__setitem__(name, value)

        # E = ½ Σ (y − d)², each difference in [0, 1]: never below 0, and 1.7e308 is no sweep's E
        # (the bound without the cases: ½ × 1 output × 2^53 cases).
        self.assert_each_refused(self.trained_checkpoint(), bp.Trainer.resume, [
            (history("errors", 2, -0.25), '"history" errors[2] (sweep 3) must be from 0 to 4.5036e+15'),
            (history("errors", 2, 1.7e308), '"history" errors[2] (sweep 3) must be from 0 to 4.5036e+15'),
            (history("largest_misses", 0, 1.5), '"history" largest_misses[0] (sweep 1) must be from 0 to 1'),
            (history("largest_misses", 4, -0.1), '"history" largest_misses[4] (sweep 5) must be from 0 to 1'),
            (history("cases_right", 1, -1), '"history" cases_right[1] (sweep 2) must be a whole number from 0'),
            (history("cases_right", 1, 2.0), '"history" cases_right[1] (sweep 2) must be a whole number from 0'),
            (history("cases_right", 1, True), '"history" cases_right[1] (sweep 2) must be a whole number from 0'),
            (history("cases_right", 1, 10**400), '"history" cases_right[1] (sweep 2) must be a whole number'),
            (entry("target_error", -0.01), '"history" target_error must be None or a number >= 0, got -0.01'),
            (entry("target_error", float("inf")), '"history" target_error must be None or a number >= 0, got inf'),
            (history("errors", 0, float("nan")), '"history" errors[0] (sweep 1) must be from 0 to 4.5036e+15'),
            (entry("reached_target", "yes"), "\"history\" reached_target must be true or false, got 'yes' (str)"),
            (lambda data: data.update(version=True), "checkpoint version True is not supported"),
            (lambda data: data.update(version=1.0), "checkpoint version 1.0 is not supported"),
        ])

    def test_against_the_cases_cases_right_and_E_must_fit(self) -> None:
        # xor: 4 cases, 1 output, so E ≤ ½ × 4 × 1 = 2 and at most 4 cases right.
        self.write(self.trained_checkpoint())
        trainer = bp.Trainer.resume(self.path)
        checkpoint.check_history(trainer, 4)  # as written: it fits
        for name, value, message in (("cases_right", 5, '"history" cases_right[2] (sweep 3) is 5, more than the 4 '
                                                        "cases"),
                                     ("errors", 2.5, '"history" errors[2] (sweep 3) is 2.5, more than E can be for '
                                                     "4 cases of 1 output (2)")):
            with self.subTest(name=name):
                resumed = bp.Trainer.resume(self.path)
                getattr(resumed.history, name)[2] = value
                with self.assertRaisesRegex(ValueError, "^" + re.escape(message)):
                    checkpoint.check_history(resumed, 4)


class Names(FileTest):
    UNPRINTABLE = (HOSTILE, "\ud800", "h\n", "h\t2", "\u202eh", "h\x7f", "\u2028")

    def test_names_a_terminal_would_obey_are_refused_shown_escaped(self) -> None:
        for name in self.UNPRINTABLE:
            with self.subTest(name=ascii(name)):
                with self.assertRaises(TypeError) as refused:
                    bp.Layer(2, inputs=bp.Layer.input(2), name=name)
                message = str(refused.exception)
                self.assertTrue(message.isprintable(), ascii(message))  # no raw control character, no surrogate
                self.assertIn(f"a layer name must be printable and not empty, got {repr(name)} (str)", message)

    def test_ordinary_unicode_names_stay_legal(self) -> None:
        names = ["은닉", "café", "<b>", "hidden layer", "x←y"]
        layers = [bp.Layer.input(2, name="입력")]
        for name in names:
            layers.append(bp.Layer(2, inputs=layers[-1], name=name))
        net = bp.Network.from_layers(layers, seed=3)
        net.save(self.path)
        self.assertEqual([layer.name for layer in bp.Network.load(self.path).layers], ["입력"] + names)

    def refusals_of_files_with_such_names(self) -> List[str]:
        """What loading a network file whose layer 1 has each unprintable name says (each must be refused)."""
        bp.Network([2, 2, 1], seed=1).save(self.path)
        good, messages = self.read(), []
        for name in self.UNPRINTABLE:
            data = json.loads(json.dumps(good))
            data["layers"][1].update(name=name, units=[name + "1", name + "2"])
            data["layers"][2]["inputs"] = [name]
            with open(self.path, "w", encoding="utf-8") as file:
                file.write(json.dumps(data))  # ASCII: a lone surrogate travels as the escape \ud800
            with self.assertRaises(ValueError) as refused:
                bp.Network.load(self.path)
            messages.append(str(refused.exception))
        return messages

    def test_a_file_with_such_a_name_is_refused_naming_the_file_and_the_layer(self) -> None:
        for name, message in zip(self.UNPRINTABLE, self.refusals_of_files_with_such_names()):
            with self.subTest(name=ascii(name)):
                self.assertTrue(message.startswith(f"{self.path}: layer 1"), ascii(message))
                self.assertIn(f"a layer name must be printable and not empty, got {repr(name)} (str)", message)

    def test_the_refusal_of_such_a_file_shows_the_name_only_escaped(self) -> None:
        for name, message in zip(self.UNPRINTABLE, self.refusals_of_files_with_such_names()):
            with self.subTest(name=ascii(name)):
                self.assertTrue(message.isprintable(), ascii(message))  # nothing a terminal would obey


class RecordingUsedRight(unittest.TestCase):
    def test_a_recording_of_another_net_is_refused_before_any_sweep(self) -> None:
        recorded, trained = bp.Network([2, 2, 1], seed=1), bp.Network([2, 3, 1], seed=1)
        recording = Recording(recorded, ["E"], weights=True)
        bp.Trainer(recorded, learning_rate=0.5).train(CASES, 2, record=recording)
        trainer = bp.Trainer(trained, learning_rate=0.5, momentum=0.9, online=True)
        before = snapshot(trained)
        with self.assertRaisesRegex(ValueError, r"a Recording of Network\(i:2 → h:2 → o:1\) cannot follow a trainer "
                                                r"of another network, Network\(i:2 → h:3 → o:1\)"):
            trainer.train(CASES, 3, record=recording)
        self.assertEqual((trainer.history.sweeps, recording.sweeps, snapshot(trained)), (0, [1, 2], before))
        self.assertEqual(trainer.last_changes, [[0.0] * len(w) for w in trainer.last_changes])
        twin = bp.Network([2, 2, 1], seed=1)  # equal to the recorded net, but another object: still refused
        with self.assertRaisesRegex(ValueError, "another network"):
            bp.Trainer(twin).train(CASES, 1, record=recording)

    def test_a_recording_follows_one_trainer(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        recording = Recording(net, ["E"], weights=True)
        bp.Trainer(net, learning_rate=0.5).train(CASES, 3, record=recording)
        second = bp.Trainer(net, learning_rate=0.5)
        before = snapshot(net)
        with self.assertRaisesRegex(ValueError, "^sweep 1 is not after sweep 3, the last recorded: a recording "
                                                "follows one trainer"):
            second.train(CASES, 2, record=recording)
        self.assertEqual((second.history.sweeps, recording.sweeps, snapshot(net)), (0, [1, 2, 3], before))
        second.sweep(CASES)  # by hand, as a trainer would: refused, and taking the sweep back keeps the frames
        with self.assertRaisesRegex(ValueError, "a recording follows one trainer"):
            recording.take(second, CASES)
        recording.truncate(0)
        self.assertEqual(recording.sweeps, [1, 2, 3])
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "r.json")
            recording.save(path)
            self.assertEqual(Recording.load(path).sweeps, [1, 2, 3])

    def test_at_most_max_frames_first_and_latest_kept_evenly_spread(self) -> None:
        for max_frames in (2, 3, 4, 5, 7, 10):
            net = bp.Network([2, 2, 1], seed=1)
            recording = Recording(net, ["E"], max_frames=max_frames)
            trainer = bp.Trainer(net, learning_rate=0.5)
            for sweep in range(1, 80):
                trainer.train(CASES, 1, record=recording)
                sweeps, values = recording.values("E")
                with self.subTest(max_frames=max_frames, sweep=sweep):
                    self.assertLessEqual(len(sweeps), max_frames)
                    self.assertEqual((sweeps[0], sweeps[-1]), (1, sweep))
                    self.assertEqual(sweeps, sorted(set(sweeps)))
                    self.assertEqual(values, [trainer.history.errors[s - 1] for s in sweeps])
                    gaps = {b - a for a, b in zip(recording.sweeps[1:], recording.sweeps[2:])}
                    self.assertLessEqual(gaps, {recording.stride})  # the recorded frames are evenly spread

    def test_a_sweep_taken_back_leaves_the_one_before_as_the_latest(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        recording = Recording(net, ["E"], max_frames=4)
        trainer = bp.Trainer(net, learning_rate=0.5)
        trainer.train(CASES, 9, record=recording)  # thinned: sweep 9 is kept only as the latest
        self.assertEqual(recording.values("E")[0][-1], 9)

        def interrupt(sweep: int, E: float) -> None:
            raise KeyboardInterrupt

        with self.assertRaises(KeyboardInterrupt):
            trainer.train(CASES, 1, callback=interrupt, record=recording)
        self.assertEqual(trainer.history.sweeps, 9)
        sweeps, values = recording.values("E")
        self.assertEqual((sweeps[-1], values[-1]), (9, trainer.history.errors[8]))

    def test_a_recording_needs_a_network_and_a_list_of_names(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        for quantities in (None, "E", 3, ["E", None]):
            with self.subTest(quantities=quantities):
                with self.assertRaisesRegex(TypeError, "quantities must be a list of names like"):
                    Recording(net, quantities)  # type: ignore[arg-type]
        for network in (None, "net", net.layers[0]):
            with self.subTest(network=network):
                with self.assertRaisesRegex(TypeError, "a Recording records a Network, got"):
                    Recording(network, ["E"])  # type: ignore[arg-type]
        self.assertEqual(list(Recording(net, ("E", "w[o1←h1]")).series), ["E", "w[o1←h1]"])

    def test_names_with_a_line_break_or_other_digits_are_refused(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        for name in ("y[o1] case 1\n", "w[o1←h1]\n", "y[o1] case ١"):  # the last: an Arabic-Indic one
            with self.subTest(name=ascii(name)):
                with self.assertRaisesRegex(ValueError, "cannot record"):
                    Recording(net, [name])


class RecordingFiles(FileTest):
    def test_edited_recording_files_are_refused_with_their_path(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        recording = Recording(net, ["E", "largest miss", "cases right"], weights=True)
        bp.Trainer(net, learning_rate=0.5).train(CASES, 4, record=recording)
        recording.save(self.path)

        def series(name: str, value: Any) -> Callable[[Any], None]:
            return lambda data: data["series"][name].__setitem__(1, value)

        self.assert_each_refused(self.read(), Recording.load, [
            (lambda data: data.update(version=True), "recording version True is not supported"),
            (lambda data: data.pop("version"), "recording version None is not supported"),
            (series("E", -1.0), '"series" E[1] (sweep 2) must be from 0 to'),
            (series("E", 1.7e308), '"series" E[1] (sweep 2) must be from 0 to'),
            (series("largest miss", 2.0), '"series" largest miss[1] (sweep 2) must be from 0 to 1'),
            (series("cases right", 0.5), '"series" cases right[1] (sweep 2) must be a whole number from 0'),
        ])


if __name__ == "__main__":
    unittest.main()
