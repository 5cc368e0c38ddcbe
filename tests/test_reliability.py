"""Nothing lost, nothing silent: interrupted updates, resumed runs, NaN and overflow paths, hostile files.

One test per way the library once lost data or went wrong quietly; each asserts the message and
that nothing was changed.
"""

import json
import math
import os
import random
import stat
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

import backprop as bp
from backprop import experiments, files

from .helpers import snapshot

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "backprop")


class Index:
    """A whole number that is not an int (like NumPy's integers): anything operator.index accepts."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


def weights_of(net: bp.Network) -> list:
    return [list(neuron.w) for neuron in net.neurons]


def interrupt_after(lines: int) -> None:
    """Raise KeyboardInterrupt, as Ctrl-C would, at the given line run inside the library (once)."""
    count = [0]

    def local(frame, event, arg):  # type: ignore[no-untyped-def]
        if event == "line":
            count[0] += 1
            if count[0] == lines:
                sys.settrace(None)
                raise KeyboardInterrupt
        return local

    def trace(frame, event, arg):  # type: ignore[no-untyped-def]
        return local if frame.f_code.co_filename.startswith(PACKAGE) else None

    sys.settrace(trace)


class InterruptedUpdates(unittest.TestCase):
    def test_ctrl_c_anywhere_leaves_whole_sweeps_and_ties_that_hold(self) -> None:
        # A large tied net; Ctrl-C at a random line of the library, 40 seeded trials (about 1 s).
        # After each: the net equals the uninterrupted run after the sweeps the History counts, it
        # saves and loads with every tie, and training on ends bit for bit where the run would have.
        net = bp.Network.unrolled(units=20, steps=20, seed=3)
        rng = random.Random(10)
        cases = [([rng.random() for _ in range(net.input_size)], [rng.random() for _ in range(20)]) for _ in range(2)]
        settings = dict(learning_rate=0.5, momentum=0.9, weight_decay=0.001)
        reference = bp.Trainer(bp.Network.unrolled(units=20, steps=20, seed=3), **settings)
        after = [weights_of(reference.network)]
        for _ in range(3):
            reference.train(cases, 1)
            after.append(weights_of(reference.network))
        interrupted = 0
        with tempfile.TemporaryDirectory() as folder:
            for trials in range(1, 41):
                trainer = bp.Trainer(bp.Network.unrolled(units=20, steps=20, seed=3), **settings)
                interrupt_after(rng.randrange(1, 6000))
                try:
                    trainer.train(cases, 3)
                except KeyboardInterrupt:
                    interrupted += 1
                finally:
                    sys.settrace(None)
                done = trainer.history.sweeps
                self.assertEqual(len(trainer.history.largest_misses), done)
                self.assertEqual(weights_of(trainer.network), after[done], f"trial {trials}: after {done} sweeps")
                path = os.path.join(folder, "net.json")
                trainer.network.save(path)
                loaded = bp.Network.load(path)  # refuses tied copies that differ
                for group in loaded.weight_groups:
                    self.assertTrue(all(neuron.w is group[0].w for neuron in group))
                trainer.train(cases, 3 - done)
                self.assertEqual(weights_of(trainer.network), after[3])
        self.assertGreater(interrupted, 10)

    def test_a_refused_change_takes_the_whole_sweep_back(self) -> None:
        # Two output units: o1's change is finite and made first, o2's would overflow and is refused.
        for online, cases in ((False, [([1e8], [0.6, 1.0])]), (True, [([1e8], [0.6, 0.5]), ([1e8], [0.5, 1.0])])):
            with self.subTest(online=online):
                net = bp.Network([1, 2], weight_range=0.0)
                trainer = bp.Trainer(net, learning_rate=2e301, online=online)
                before = snapshot(net)
                with self.assertRaisesRegex(FloatingPointError, r"sweep 1: unit o2: the change would make w\[o2←i1\]"):
                    trainer.train(cases, 3)
                self.assertEqual(snapshot(net)[0][1], before[0][1])  # o1's change was taken back
                self.assertEqual(trainer.history.sweeps, 0)
                self.assertEqual(trainer.last_changes, [[0.0, 0.0], [0.0, 0.0]])


class Resume(unittest.TestCase):
    def run_both(self, online: bool) -> None:
        cases = bp.tasks.parity(3).cases
        settings = dict(learning_rate=0.5, momentum=0.9, weight_decay=0.001, margin=0.1, online=online)
        straight = bp.Trainer(bp.Network([3, 3, 1], seed=5), **settings)
        straight.train(cases, 60)
        stopped = bp.Trainer(bp.Network([3, 3, 1], seed=5), **settings)
        stopped.train(cases, 23)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "run.checkpoint.json")
            stopped.checkpoint(path)
            resumed = bp.Trainer.resume(path)
        self.assertEqual(resumed.history.sweeps, 23)
        self.assertNotEqual(resumed.last_changes, [[0.0] * len(c) for c in resumed.last_changes])  # α Δw(t−1) kept
        resumed.train(cases, 37)
        self.assertEqual(snapshot(resumed.network), snapshot(straight.network))
        self.assertEqual(resumed.history.errors, straight.history.errors)
        self.assertEqual(resumed.last_changes, straight.last_changes)

    def test_batch_with_momentum_resumes_bit_for_bit(self) -> None:
        self.run_both(online=False)

    def test_online_with_momentum_resumes_bit_for_bit(self) -> None:
        self.run_both(online=True)

    def test_a_checkpoint_keeps_ties_and_settings(self) -> None:
        trainer = bp.Trainer(bp.Network.unrolled(2, 3, inputs=1, outputs=1, seed=6), learning_rate=0.3, tied="sum",
                             train_biases=False)
        trainer.train(bp.tasks.remember(3, 2).cases, 5)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "c.json")
            trainer.checkpoint(path)
            resumed = bp.Trainer.resume(path)
            with open(path, encoding="utf-8") as file:
                data = json.load(file)
            data["last_changes"][0][0] = "x"
            with open(path, "w", encoding="utf-8") as file:
                json.dump(data, file)
            with self.assertRaisesRegex(ValueError, 'c.json: "last_changes" of unit s1.1 has a change that is not a '
                                                    "finite number: 'x'"):
                bp.Trainer.resume(path)
        self.assertEqual((resumed.tied, resumed.train_biases, resumed.learning_rate), ("sum", False, 0.3))
        self.assertIs(resumed.network.unit("s3.1").w, resumed.network.unit("s1.1").w)
        self.assertEqual(resumed.network.recurrent, trainer.network.recurrent)


def unit_state(net: bp.Network) -> str:
    """Every quantity every unit holds, as text (a NaN equals itself there)."""
    return repr([(unit.name, getattr(unit, "x", None), unit.y, unit.dE_dy, getattr(unit, "dE_dx", None),
                  list(getattr(unit, "w", [])), list(getattr(unit, "dE_dw", []))) for unit in net.units])


class NothingSilent(unittest.TestCase):
    def test_backward_after_a_refused_forward_is_refused(self) -> None:
        net = bp.Network([2, 2, 1], seed=0)
        net.unit("h1").w[0] = math.nan
        before = snapshot(net)
        with self.assertRaisesRegex(FloatingPointError, "unit h1 has a non-finite total input"):
            net.forward([1.0, 0.0])
        with self.assertRaisesRegex(RuntimeError, "no case to back-propagate: the last forward.. was refused"):
            net.backward([1.0])
        self.assertEqual(snapshot(net), before)

    def test_a_nan_output_is_an_error_not_zero_error(self) -> None:
        net = bp.Network([2, 1], seed=0)
        net.unit("o1").w[:] = [1e308, -1e308, 0.0]  # x = inf − inf = NaN for the input (10, 10)
        with self.assertRaisesRegex(FloatingPointError, "unit o1 has a non-finite total input"):
            net.error([([10.0, 10.0], [1.0])])
        trainer = bp.Trainer(net)
        with self.assertRaisesRegex(FloatingPointError, "^sweep 1: unit o1 has a non-finite total input.*; lower the "
                                                        "learning rate"):
            trainer.train([([10.0, 10.0], [1.0])], 5)
        self.assertEqual(trainer.history.sweeps, 0)

    def test_a_nan_weight_set_by_hand_is_named_not_blamed_on_the_learning_rate(self) -> None:
        net = bp.Network([2, 2, 1], seed=0)
        net.unit("h2").w[2] = math.nan
        with self.assertRaisesRegex(FloatingPointError, r"^sweep 1: unit h2 has a non-finite total input "
                                    r"\(x = nan\).*; bias\[h2\] is nan, set from outside: training never makes"):
            bp.Trainer(net, learning_rate=0.5).train(bp.tasks.xor().cases, 5)

    def test_a_weight_range_that_overflows_is_refused(self) -> None:
        with self.assertRaisesRegex(ValueError, r"weight_range is too large to draw weights from \(2 × 1e\+308"):
            bp.Network([2, 2, 1], weight_range=1e308)
        self.assertLessEqual(max(abs(w) for n in bp.Network([2, 1], weight_range=1e307).neurons for w in n.w), 1e307)

    def test_inputs_and_targets_are_sequences_of_numbers(self) -> None:
        net = bp.Network([2, 1], seed=0)
        net.forward([1, 0])
        before = unit_state(net)
        for bad in ({7: "a", 9: "b"}, {1, 2}, bytearray(b"ab"), "ab", 3):
            with self.subTest(values=bad):
                with self.assertRaisesRegex(TypeError, "expected a sequence of 2 input values, got"):
                    net.forward(bad)
        with self.assertRaisesRegex(TypeError, "case 0: expected a sequence of 1 target value, got {1: 1}"):
            net.error([([0, 1], {1: 1})])
        self.assertEqual(unit_state(net), before)  # every unit as the last good forward left it

    def test_only_seeds_that_reproduce(self) -> None:
        for bad in (math.nan, 1.5, [1, 2], True):
            with self.subTest(seed=bad):
                with self.assertRaisesRegex(TypeError, "seed must be a whole number or a string"):
                    bp.Network([2, 1], seed=bad)
        self.assertEqual(snapshot(bp.Network([2, 1], seed="abc")), snapshot(bp.Network([2, 1], seed="abc")))
        self.assertEqual(snapshot(bp.Network([2, 1], seed=Index(4))), snapshot(bp.Network([2, 1], seed=4)))


class NoCrashes(unittest.TestCase):
    def test_integers_that_cancel_are_checked_one_by_one(self) -> None:
        net = bp.Network([3, 1], seed=0)
        with self.assertRaisesRegex(ValueError, r"^input 1: expected a finite number, got 1000"):
            net.forward([1, 10**400, -10**400])
        self.assertEqual(net.unit("i1").y, 0.0)  # nothing was set
        trainer = bp.Trainer(net, learning_rate=0.5, online=True)
        before = snapshot(net)
        cases = [([1, 0, 0], [1]), ([0, 1, 0], [0]), ([1, 10**400, -10**400], [1])]
        with self.assertRaisesRegex(ValueError, "^case 2, input 1: expected a finite number"):
            trainer.train(cases, 1)
        self.assertEqual((snapshot(net), trainer.history.sweeps), (before, 0))
        with self.assertRaisesRegex(ValueError, "^case 0, target 0: expected a finite number"):
            trainer.train([([1, 0, 0], [10**400])], 1)

    def test_a_huge_target_is_refused_naming_the_case(self) -> None:
        net = bp.Network([2, 1], seed=0)
        net.forward([0, 1])
        before = unit_state(net)
        with self.assertRaisesRegex(ValueError, r"^case 1, target 0: expected a value from 0 to 1 .*got 1e\+200"):
            net.error([([0, 1], [1]), ([1, 1], [1e200])])
        with self.assertRaisesRegex(ValueError, r"^target 0: expected a value from 0 to 1"):
            net.backward([-0.5])
        self.assertEqual(unit_state(net), before)  # no case was forwarded, nothing back-propagated
        net.backward([1.0])  # and the forward pass is still there to back-propagate

    def test_a_bad_seed_is_refused_before_any_layer_is_built(self) -> None:
        layers = [bp.Layer.input(2), bp.Layer(1, inputs=[])]
        layers[1] = bp.Layer(1, inputs=layers[0])
        with self.assertRaisesRegex(TypeError, "seed must be a whole number or a string"):
            bp.Network.from_layers(layers, seed=[1, 2])
        self.assertEqual(bp.Network.from_layers(layers, seed=1).input_size, 2)  # the same layers, again

    def test_experiment_settings_are_checked(self) -> None:
        with self.assertRaisesRegex(ValueError, "sweeps must be at least 1, got -5"):
            experiments.xor(seed=0, sweeps=-5)
        with self.assertRaisesRegex(ValueError, "learning_rate must be > 0"):
            experiments.xor(seed=0, learning_rate=0)

    def test_whole_numbers_are_what_operator_index_takes(self) -> None:
        net = bp.Network([Index(2), Index(2), 1], seed=0)
        history = bp.Trainer(net).train(bp.tasks.xor().cases, Index(3))
        self.assertEqual(history.sweeps, 3)
        self.assertEqual(experiments.xor(seed=0, sweeps=Index(2)).sweeps, 2)
        with self.assertRaisesRegex(TypeError, "sweeps must be a whole number, got 2.0"):
            bp.Trainer(net).train(bp.tasks.xor().cases, 2.0)


class HostileFiles(unittest.TestCase):
    def setUp(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.folder.name, "net.json")
        bp.Network.unrolled(2, 2, inputs=1, outputs=1, seed=1).save(self.path)
        with open(self.path, encoding="utf-8") as file:
            self.good = json.load(file)

    def tearDown(self) -> None:
        self.folder.cleanup()

    def write(self, content: object) -> None:
        with open(self.path, "w" if isinstance(content, str) else "wb") as file:
            file.write(content)  # type: ignore[arg-type]

    def refused(self, pattern: str) -> None:
        with self.assertRaisesRegex(ValueError, "^" + self.path.replace("\\", "\\\\") + ": " + pattern):
            bp.Network.load(self.path)

    def test_a_file_cannot_ask_for_more_units_than_it_names(self) -> None:
        self.write('{"format": "backprop-network", "version": 1, "layers": [{"name": "i", "size": 1000000000, '
                   '"inputs": [], "units": ["i1"]}, {"name": "o", "size": 1, "inputs": ["i"], "units": ["o1"], '
                   '"biases": [0], "weights": [[0]]}]}')
        made = []

        def layer(size: int, *args: object) -> bp.Layer:  # the layers loading makes, by size
            made.append(size)
            return bp.Layer(size, *args)  # type: ignore[arg-type]

        with mock.patch("backprop.files.Layer", side_effect=layer):
            self.refused(r"layer 0 \(i\): the size must be the number of unit names listed, got size 1000000000")
        self.assertEqual(made, [])  # refused before a layer of a billion units was made

    def test_broken_files_give_one_value_error_naming_the_file(self) -> None:
        self.write("[" * 100000 + "]" * 100000)
        self.refused("not a backprop file: (its JSON is nested too deeply|invalid JSON)")
        self.write(b"\xff\xfe{}")
        self.refused("not a backprop file: not UTF-8")
        data = json.loads(json.dumps(self.good))
        data["layers"][3]["weights"][0][0] = 10**400
        self.write(json.dumps(data))
        self.refused(r"layer 3 \(s1\): unit s1.1 has a weight that is not a finite number: 1000")
        data = json.loads(json.dumps(self.good))
        data["layers"][4]["tied_to"] = ["s1"]
        self.write(json.dumps(data))
        self.refused(r"layer 4 \(s2\): tied_to must name an earlier layer, got \['s1'\]")
        data = json.loads(json.dumps(self.good))
        data["layers"][1]["size"] = "1"
        self.write(json.dumps(data))
        self.refused(r"layer 1 \(x1\): the size must be the number of unit names listed, got size '1'")

    def test_the_recurrent_entry_must_match_the_layers(self) -> None:
        for recurrent in ({"units": "a", "steps": None}, {"units": 2, "steps": 3, "inputs": 1, "outputs": 1},
                          {"units": 0, "steps": 2, "inputs": 1, "outputs": 1}, [2, 2, 1, 1]):
            with self.subTest(recurrent=recurrent):
                data = json.loads(json.dumps(self.good))
                data["recurrent"] = recurrent
                self.write(json.dumps(data))
                self.refused('"recurrent"')
        for huge in ({"units": 2, "steps": 10**6, "inputs": 1, "outputs": 1},  # refused before a million layers
                     {"units": 10**6, "steps": 2, "inputs": 1, "outputs": 1}):
            with self.subTest(recurrent=huge):
                data = json.loads(json.dumps(self.good))
                data["recurrent"] = huge
                self.write(json.dumps(data))
                with mock.patch("backprop.files.unrolled", side_effect=AssertionError("built")) as build:
                    self.refused('"recurrent" says .*, but the layers are not those of that unrolled net')
                self.assertEqual(build.call_count, 0)  # refused before a million layers were built
        chain = files.network_data(bp.Network([2, 1], seed=0))
        chain["recurrent"] = {"units": 0}
        self.write(json.dumps(chain))
        self.refused('"recurrent" must give units, steps, inputs, outputs')

    def test_saves_name_the_path_and_keep_the_mode(self) -> None:
        net = bp.Network([2, 1], seed=0)
        missing = os.path.join(self.folder.name, "nowhere", "net.json")
        with self.assertRaisesRegex(FileNotFoundError, f"cannot write {missing.replace(chr(92), chr(92) * 2)}"):
            net.save(missing)
        os.chmod(self.path, 0o644)
        net.save(self.path)
        self.assertEqual(stat.S_IMODE(os.stat(self.path).st_mode), 0o644)
        fresh = os.path.join(self.folder.name, "new.json")
        net.save(fresh)
        umask = os.umask(0)
        os.umask(umask)
        self.assertEqual(stat.S_IMODE(os.stat(fresh).st_mode), 0o666 & ~umask)
        # Which temporary files a save clears away: tests/test_files.py.


# How the building time grows with the units is measured in benchmarks/run.py (a ratio, not a test).


class CommandLine(unittest.TestCase):
    def backprop(self, *args: str, cwd: str = ROOT) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
        environment = dict(os.environ, PYTHONPATH=ROOT)
        return subprocess.run([sys.executable, "-m", "backprop", *args], cwd=cwd, capture_output=True, text=True,
                              timeout=120, env=environment)

    def test_messages_use_the_flags_the_user_typed(self) -> None:
        for args, message in ((["train", "xor", "--lr", "0"], "--lr must be > 0, got 0.0"),
                              (["train", "xor", "--sweeps", "-3"], "--sweeps must be at least 1, got -3"),
                              (["train", "xor", "--momentum", "1"], r"--momentum must be in \[0, 1\), got 1.0"),
                              (["train", "xor", "--weight-range", "1e308"], "--weight-range is too large"),
                              (["train", "x" * 100000], "unknown task 'xxxxx")):
            with self.subTest(args=args[:3]):
                done = self.backprop(*args)
                self.assertEqual(done.returncode, 2)
                self.assertRegex(done.stderr, "^backprop: error: " + message)
                self.assertLess(len(done.stderr), 300)
                self.assertEqual(done.stdout, "")  # refused before anything was printed

    def test_a_refused_change_stops_training_but_still_saves(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "parity.json")
            done = self.backprop("train", "parity", "--lr", "1e308", "--momentum", "0.99", "--save", path)
            self.assertEqual(done.returncode, 1, done.stderr)
            self.assertNotIn("Traceback", done.stderr + done.stdout)
            self.assertRegex(done.stdout, r"refused: sweep \d+: unit \w+: the change would make")
            self.assertIn("saved to", done.stdout)
            bp.Network.load(path)

    # Ctrl-C, SIGTERM and SIGHUP, the checkpoint and resume: tests/test_edges_cli.py.


if __name__ == "__main__":
    unittest.main()
