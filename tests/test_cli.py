"""The command line, run as a user would: python -m backprop ..."""

import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

import backprop as bp
from backprop.cli import main
from backprop.cli.show import ProgressLine

from .helpers import command, interruptible, long_test

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def backprop(*args: str) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    return subprocess.run([sys.executable, "-m", "backprop", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class ProgressOutput(unittest.TestCase):
    def test_on_a_terminal_the_line_is_rewritten_in_place(self) -> None:
        screen = Terminal()
        with mock.patch.object(ProgressLine, "interval", 0.0):  # rewrite after every sweep
            code = main(["train", "xor", "--seed", "1", "--sweeps", "600", "--stop-within", "0"], out=screen)
        self.assertEqual(code, 0)
        text = screen.getvalue()
        self.assertEqual(text.count("\r"), 601)  # one per sweep and the closing one
        self.assertIn("\rsweep    600  E = ", text)
        self.assertIn("cases right", text)
        self.assertIn(" sweeps/s", text)
        self.assertNotIn("\nsweep ", text)  # no plain progress lines on a terminal

    def test_a_study_shows_each_seed_as_it_ends_its_live_line_cleared(self) -> None:
        screen, rows = Terminal(), []

        def write(text: str) -> int:  # what the screen holds when each row arrives
            if text.startswith("   "):
                rows.append((text, Terminal.getvalue(screen)))
            return Terminal.write(screen, text)

        with mock.patch.object(ProgressLine, "interval", 0.0), mock.patch.object(screen, "write", write):
            self.assertEqual(main(["paper", "xor", "--seeds", "2"], out=screen), 0)
        self.assertEqual([row.split()[0] for row, _ in rows], ["0", "1"])
        before_second = rows[1][1]
        self.assertIn("\rseed 1: sweep ", before_second)  # seed 1 had its live line while it ran
        self.assertIn("right\n   0  ", before_second)  # and seed 0's row was there already, under the head
        self.assertTrue(before_second.endswith("\r"))  # the live line cleared before the row came
        lines = screen.getvalue().replace("\r", "\n").splitlines()
        self.assertEqual(lines[-2].split(":")[0], "xor")  # the summary, then the paper's line
        self.assertIn("seed  sweeps  solved at", screen.getvalue())


class PipedProgress(unittest.TestCase):
    def test_piped_a_plain_line_every_few_seconds_with_the_rate_since_the_start(self) -> None:
        out, now = io.StringIO(), [0.0]  # not a terminal; a clock the test moves
        history = bp.History()
        history.add_sweep(1.0, 0.9, 0)  # a sweep run before this progress line began
        with mock.patch("backprop.cli.show.time.perf_counter", lambda: now[0]):
            progress = ProgressLine(out, cases=4, history=history)
            for sweep in range(2, 22):  # one sweep a second
                now[0] = float(sweep - 1)
                history.add_sweep(0.5, 0.4, 3)
                progress(sweep, 0.5)
        lines = out.getvalue().splitlines()
        self.assertEqual([line.split()[1] for line in lines], [str(n) for n in range(3, 22, 2)])  # every 2 s
        self.assertTrue(all(line.endswith("  1 sweeps/s") for line in lines), lines[:2])
        self.assertIn("cases right   3/4", lines[0])


class StuckRuns(unittest.TestCase):
    @long_test
    def test_the_symmetry_net_stuck_from_seed_0_is_explained(self) -> None:
        out = io.StringIO()
        main(["train", "symmetry"], out=out)
        text = out.getvalue()
        self.assertIn("56/64 cases right", text)
        self.assertIn("the net is on a plateau: E has stayed at 4 for the last 1000 sweeps and 8 of 64 cases are "
                      "still wrong.", text)
        self.assertIn("many more sweeps (--sweeps 50000: a plateau is slow, not a wall)", text)
        self.assertIn("Every output is near 0: the net answers no to every case", text)
        self.assertIn("the output units are saturated", text)
        self.assertIn("python -m backprop paper symmetry --seed 1", text)

    def test_hidden_units_that_started_equal_are_told_they_stay_equal(self) -> None:
        out = io.StringIO()
        self.assertEqual(main(["train", "xor", "--weight-range", "0", "--sweeps", "600"], out=out), 0)
        text = out.getvalue()
        self.assertIn("The hidden units of layer h have the very same weights: they started equal", text)
        self.assertIn("Try small random starting weights (--weight-range 0.5", text)
        self.assertNotIn("a plateau is slow, not a wall", text)  # more sweeps would not help

    def test_a_run_that_learned_gets_no_advice_and_one_still_learning_is_told_so(self) -> None:
        out = io.StringIO()
        main(["train", "xor", "--seed", "1"], out=out)
        self.assertNotIn("plateau", out.getvalue())
        out = io.StringIO()
        main(["train", "symmetry", "--seed", "1", "--sweeps", "850"], out=out)
        self.assertIn("not learned yet", out.getvalue())
        self.assertIn("E is still falling", out.getvalue())


class CommandLine(unittest.TestCase):
    def test_list_names_every_task_and_experiment(self) -> None:
        done = backprop("list")
        self.assertEqual(done.returncode, 0, done.stderr)
        for name in ("xor", "parity", "encoder", "symmetry", "family-trees", "xor-skip"):
            self.assertIn(f"  {name} ", done.stdout)

    def test_train_prints_every_case_and_saves(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "xor.json")
            done = backprop("train", "xor", "--seed", "1", "--sweeps", "3000", "--target-error", "0.01",
                            "--stop-within", "0", "--save", path)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertIn("target reached after 574 sweeps", done.stdout)
            self.assertNotIn("sweeps/s", done.stdout)  # a run this short prints no progress line when piped
            self.assertIn("✓ 0 1 → 1   outputs 0.935", done.stdout)
            self.assertIn("4/4 cases right", done.stdout)
            with open(path, encoding="utf-8") as file:
                self.assertEqual(json.load(file)["format"], "backprop-network")

    def test_svg_writes_the_pictures(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            done = backprop("train", "xor", "--seed", "1", "--sweeps", "600", "--svg", folder)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(sorted(os.listdir(folder)), ["decision.svg", "error.svg", "hinton.svg", "network.svg"])

    def test_paper_runs_an_experiment_and_a_study(self) -> None:
        done = backprop("paper", "symmetry", "--seed", "1")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("symmetry (seed 1): 1012 sweeps", done.stdout)
        self.assertIn("the paper: 1,425 sweeps", done.stdout)
        done = backprop("paper", "xor-skip", "--seeds", "3")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("xor_skip: 3/3 seeds solved", done.stdout)

    def test_explain_narrates_a_case(self) -> None:
        done = backprop("explain", "xor", "--case", "1", "--lr", "0.5")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("case 1 of xor", done.stdout)
        self.assertIn("i2  y = 1   (the input)", done.stdout)
        for mark in ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"):
            self.assertIn(mark, done.stdout)
        done = backprop("explain", "xor", "--unit", "o1", "--markdown")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("| o1 | (4) |", done.stdout)

    def test_paper_recurrent_runs_both_sequence_tasks(self) -> None:
        status, out, err = command("paper", "recurrent", "--sweeps", "40")  # what learns: tests/test_recurrent.py
        self.assertEqual(status, 0, err)
        for name in ("remember", "shift_register", "predict_next", "complete_sequence"):
            self.assertIn(f"{name} (seed 0): 40 sweeps", out)
        done = backprop("train", "remember", "--lr", "0.3", "--sweeps", "100")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("s0:2, x1:1", done.stdout)

    def test_bad_arguments_give_one_line_and_status_2(self) -> None:
        for args in (["train", "xor", "--lr", "0"], ["train", "nothing"], ["train", "xor", "--sweeps", "many"],
                     ["paper", "nothing"], ["frobnicate"], ["paper", "xor", "--seeds", "0"],
                     ["explain", "xor", "--case", "9"], ["explain", "xor", "--unit", "h9"],
                     ["explain", "xor", "--load", "/nonexistent.json"], ["train", "remember", "--hidden", "3"],
                     ["train", "xor", "--hidden"], ["train", "xor", "--hidden", "0"], ["train", "xor", "--sweeps", "0"],
                     ["train", "xor", "--sweeps", "-3"], ["train", "xor", "--svg", "/proc/no/such/folder"],
                     ["train", "xor", "--save", "/proc/no/such.json"], ["paper", "xor", "--svg", "/proc/no/such"],
                     ["explain", "xor", "--weight-range", "-1"], ["explain", "xor", "--hidden", "0"],
                     ["train", "xor", "--weight-range", "inf"]):
            with self.subTest(args=args):
                status, out, err = command(*args)  # in this process: main() is what the command runs
                self.assertEqual(status, 2)
                self.assertEqual(len(err.strip().splitlines()), 1, err)
                self.assertIn("error:", err)
                for flag in ("--weight-range", "--hidden"):  # named as the command line spells it
                    if flag in args:
                        self.assertRegex(err, f"error: (argument )?{flag}")
                self.assertNotIn("Traceback", err)
                self.assertEqual(out, "")  # refused before anything was printed or trained
        for args in (["frobnicate"], ["train", "xor", "--lr", "0"]):  # and as a process of its own, twice
            done = backprop(*args)
            self.assertEqual((done.returncode, done.stdout, len(done.stderr.splitlines())), (2, "", 1), done.stderr)

    def test_a_file_that_is_not_a_net_or_a_checkpoint_is_one_line_naming_it(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "file.json")
            for text, load, resume in (
                    ('{"format": "backprop-network", "version": 1, "layers": [', "invalid JSON", "invalid JSON"),
                    ('{"format": "backprop-network", "version": 1, "layers": []}', '"layers" must be',
                     'not a backprop checkpoint (no "format": "backprop-checkpoint")'),
                    ('{"format": "something else"}', "not a backprop network", "not a backprop checkpoint")):
                with open(path, "w", encoding="utf-8") as file:
                    file.write(text)
                for args, message in ((["explain", "xor", "--load", path], load), (["resume", path], resume)):
                    with self.subTest(args=args, text=text):
                        status, out, err = command(*args)
                        self.assertEqual((status, out), (2, ""))
                        self.assertRegex(err, f"^backprop: error: {re.escape(path)}: .*{re.escape(message)}")
                        self.assertEqual(len(err.splitlines()), 1, err)

    def test_ctrl_c_stops_cleanly_prints_the_state_and_still_saves(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "net.json")
            process = subprocess.Popen(
                [sys.executable, "-u", "-m", "backprop", "train", "symmetry", "--sweeps", "1000000", "--save", path],
                cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,  # in a folder of its own:
                env=dict(os.environ, PYTHONPATH=ROOT), preexec_fn=interruptible)  # Ctrl-C writes a checkpoint there
            self.assertTrue(process.stdout.readline().startswith("training "))  # from this line on, a Ctrl-C
            process.send_signal(signal.SIGINT)  # stops the run and keeps it
            out, err = process.communicate(timeout=60)
            self.assertEqual(process.returncode, 130, err)
            self.assertIn("stopped by Ctrl-C after", out)
            self.assertIn("cases right", out)
            self.assertNotIn("Traceback", err)
            self.assertTrue(os.path.exists(path))
            self.assertTrue(os.path.exists(os.path.join(folder, "symmetry.checkpoint.json")))

    def test_explain_names_the_task_as_typed_when_the_net_does_not_fit(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "xor.json")
            bp.Network([2, 1], seed=0).save(path)
            done = backprop("explain", "symmetry", "--load", path)
        self.assertEqual(done.returncode, 2)
        self.assertIn("that net takes 2 inputs and gives 1 output; symmetry needs 6 inputs and 1 output",
                      done.stderr)

    def test_every_command_has_help(self) -> None:
        for args in ([], ["list"], ["train"], ["paper"], ["explain"], ["resume"], ["exercises"]):
            status, out, _ = command(*args, "--help")
            self.assertEqual(status, 0)
            self.assertIn("usage: backprop", out)


if __name__ == "__main__":
    unittest.main()
