"""Nothing lost at the edges of a run on the command line: signals, pipes, full disks, two outputs on one path.

Each test runs ``python -m backprop`` as a user would, in a temporary folder (a refusal of two outputs on one
path: its ``main()`` in this process, which is cheaper and says the same). A signal is sent once the
run has printed its first line (it catches the signals from before that line on), never after a sleep.
No test writes to a device: a link to a named pipe stands for /dev/null.
"""

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import unittest

import backprop as bp

from .helpers import command, interruptible, long_test, snapshot

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENVIRONMENT = dict(os.environ, PYTHONPATH=ROOT)
LONG = ["symmetry", "--sweeps", "1000000", "--stop-within", "0", "--seed", "1"]  # hours: a signal always comes first


class Run:
    """``python -m backprop ...`` in a folder, started, signalled once its first line is out, and ended."""

    def __init__(self, folder: str, *args: str, **options: object) -> None:
        self.process = subprocess.Popen([sys.executable, "-u", "-m", "backprop", *args], cwd=folder,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENVIRONMENT,
                                        preexec_fn=interruptible, **options)  # type: ignore[call-overload]
        self.first = self.process.stdout.readline()  # type: ignore[union-attr]

    def signal(self, *numbers: int) -> "Run":
        for number in numbers:
            self.process.send_signal(number)
        return self

    def end(self) -> "Run":
        self.out, self.err = self.process.communicate(timeout=120)
        self.status = self.process.returncode
        return self


def backprop(folder: str, *args: str, **options: object) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    streams = {} if "stdout" in options else {"capture_output": True}
    return subprocess.run([sys.executable, "-m", "backprop", *args], cwd=folder, text=True, timeout=120,
                          env=ENVIRONMENT, **streams, **options)  # type: ignore[call-overload]


class Signals(unittest.TestCase):
    def setUp(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        self.here = self.folder.name

    def path(self, name: str) -> str:
        return os.path.join(self.here, name)

    def test_ctrl_c_twice_still_writes_the_checkpoint_and_the_save(self) -> None:
        run = Run(self.here, "train", *LONG, "--save", "net.json").signal(signal.SIGINT, signal.SIGINT).end()
        self.assertTrue(run.first.startswith("training "))
        self.assertEqual(run.status, 130, run.err)
        self.assertIn("checkpoint written to symmetry.checkpoint.json; go on with: python -m backprop resume "
                      "symmetry.checkpoint.json", run.out)
        self.assertIn("saved to net.json", run.out)
        bp.Trainer.resume(self.path("symmetry.checkpoint.json"))
        bp.Network.load(self.path("net.json"))

    def test_sigterm_and_sighup_stop_a_run_as_ctrl_c_does(self) -> None:
        for number, said, status in ((signal.SIGTERM, "stopped by SIGTERM", 143),
                                     (signal.SIGHUP, "stopped by SIGHUP", 129)):
            with self.subTest(signal=said):
                run = Run(self.here, "train", *LONG, "--checkpoint", f"{status}.json").signal(number).end()
                self.assertEqual(run.status, status, run.err)
                self.assertIn(f"{said}", run.out)
                self.assertIn(f"checkpoint written to {status}.json", run.out)
                bp.Trainer.resume(self.path(f"{status}.json"))

    def test_resume_writes_what_the_stopped_run_was_asked_to_and_ends_where_it_would_have(self) -> None:
        run = Run(self.here, "train", *LONG, "--save", "net.json", "--html", "run.html", "--svg", "pictures")
        run.signal(signal.SIGINT).end()
        self.assertEqual(run.status, 130, run.err)
        stopped_at = bp.Trainer.resume(self.path("symmetry.checkpoint.json")).history.sweeps
        for name in ("net.json", "run.html", "pictures"):  # written at the stop, then removed: resume writes them
            if os.path.isdir(self.path(name)):
                for picture in os.listdir(self.path(name)):
                    os.remove(os.path.join(self.path(name), picture))
                os.rmdir(self.path(name))
            elif os.path.exists(self.path(name)):
                os.remove(self.path(name))
        total = str(stopped_at + 40)
        done = backprop(self.here, "resume", "symmetry.checkpoint.json", "--sweeps", total)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn(f"then it writes --save {self.path('net.json')}, --svg {self.path('pictures')}, "
                      f"--html {self.path('run.html')}", done.stdout)
        self.assertIn(f"saved to {self.path('net.json')}", done.stdout)
        self.assertIn(f"replay written to {self.path('run.html')}", done.stdout)
        with open(self.path("run.html"), encoding="utf-8") as file:
            page = file.read()
        data = json.loads(page.split('id="replay-data">')[1].split("</script>")[0])
        self.assertEqual((data["sweeps"][0], data["sweeps"][-1]), (1, int(total)))  # the whole run, not its end
        self.assertEqual(len(data["sweeps"]), int(total))
        self.assertIn(f"pictures written to {self.path('pictures')} (a new folder)", done.stdout)
        straight = backprop(self.here, "train", *LONG[:2], total, *LONG[3:], "--save", "straight.json")
        self.assertEqual(straight.returncode, 0, straight.stderr)
        self.assertEqual(snapshot(bp.Network.load(self.path("net.json"))),
                         snapshot(bp.Network.load(self.path("straight.json"))))

    def test_an_earlier_checkpoint_is_never_overwritten(self) -> None:
        first = Run(self.here, "train", *LONG).signal(signal.SIGINT).end()
        self.assertIn("checkpoint written to symmetry.checkpoint.json;", first.out)
        with open(self.path("symmetry.checkpoint.json"), encoding="utf-8") as file:
            earlier = file.read()
        second = Run(self.here, "train", *LONG).signal(signal.SIGINT).end()
        self.assertIn("checkpoint written to symmetry.checkpoint-2.json (symmetry.checkpoint.json, an earlier run's, "
                      "is kept); go on with: python -m backprop resume symmetry.checkpoint-2.json", second.out)
        with open(self.path("symmetry.checkpoint.json"), encoding="utf-8") as file:
            self.assertEqual(file.read(), earlier)
        resumed = Run(self.here, "resume", "symmetry.checkpoint-2.json").signal(signal.SIGINT).end()
        self.assertIn("checkpoint written to symmetry.checkpoint-2.json; go on with", resumed.out)  # its own: updated

    @long_test  # its first line comes after the 2 s of a piped progress line
    def test_paper_ends_its_progress_line_and_says_it_keeps_no_checkpoint(self) -> None:
        run = Run(self.here, "paper", "family-trees").signal(signal.SIGINT).end()
        self.assertEqual(run.status, 130, run.err)
        self.assertRegex(run.first + run.out, r"(^|\n)stopped by Ctrl-C after \d+ sweeps?\. `paper` keeps no "
                                              r"checkpoint")
        self.assertEqual(os.listdir(self.here), [])


    def test_a_group_of_experiments_stops_at_the_part_a_signal_stopped(self) -> None:
        # paper recurrent runs four experiments: Ctrl-C in the first ends the command there, with 130.
        from unittest import mock

        from backprop.experiments import CATALOG, GROUPS, Experiment

        first, *rest = GROUPS["recurrent"]
        ran = []

        def interrupted(experiment: Experiment, **settings: object) -> None:
            ran.append(experiment.name)
            raise KeyboardInterrupt

        with mock.patch.object(type(CATALOG[first]), "run", interrupted):  # every part is stopped at once
            status, out, err = command("paper", "recurrent")
        self.assertEqual((status, ran), (130, [first]), out + err)
        self.assertEqual(out.count("stopped by Ctrl-C"), 1, out)
        self.assertTrue(all(name not in out for name in rest), out)


class Pipes(unittest.TestCase):
    def test_a_closed_pipe_or_a_closed_stdout_still_saves(self) -> None:
        with tempfile.TemporaryDirectory() as here:
            reader, writer = os.pipe()
            os.close(reader)  # as `| head -1` does once it has its line
            done = backprop(here, "train", "xor", "--save", "piped.json", stdout=writer, stderr=subprocess.PIPE)
            os.close(writer)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(done.stderr, "")
            bp.Network.load(os.path.join(here, "piped.json"))
            closed = subprocess.run([sys.executable, "-c", "import os, sys; os.close(1); sys.stdout = None; "
                                     "from backprop.cli import main; sys.exit(main(sys.argv[1:]))", "train", "xor",
                                     "--save", "closed.json"], cwd=here, stderr=subprocess.PIPE, text=True,
                                    env=ENVIRONMENT, timeout=120)
            self.assertEqual(closed.returncode, 0, closed.stderr)
            self.assertNotIn("Traceback", closed.stderr)
            bp.Network.load(os.path.join(here, "closed.json"))


class Places(unittest.TestCase):
    def test_two_outputs_on_one_path_are_refused_before_training(self) -> None:
        with tempfile.TemporaryDirectory() as here:
            for args, message in ((["--checkpoint", "same.json", "--save", "same.json"],
                                   "--save same.json and --checkpoint same.json are one file"),
                                  (["--save", "x.json", "--html", "x.json"], "--save x.json and --html x.json are one"),
                                  (["--save", "xor.checkpoint.json"], "--save xor.checkpoint.json and the checkpoint "
                                                                      "that Ctrl-C writes, xor.checkpoint.json, are"),
                                  (["--svg", ".", "--save", "network.svg"],
                                   r"--save network.svg and --svg \. \(its network.svg\) are one file"),
                                  (["--save", "./a/../n.json", "--html", "n.json"],
                                   "--save ./a/../n.json and --html n.json are one file")):
                with self.subTest(args=args):
                    os.makedirs(os.path.join(here, "a"), exist_ok=True)
                    status, out, err = command("train", "xor", *args, cwd=here)  # main(), in this process
                    self.assertEqual(status, 2)
                    self.assertRegex(err, "^backprop: error: " + message)
                    self.assertEqual(out, "")  # refused before training

    def test_a_missing_folder_a_device_or_a_folder_is_refused_naming_it(self) -> None:
        with tempfile.TemporaryDirectory() as here:
            os.mkfifo(os.path.join(here, "pipe"))
            os.symlink("pipe", os.path.join(here, "null.html"))  # as /dev/null would be
            os.mkdir(os.path.join(here, "folder.json"))
            missing = os.path.join(here, "nowhere", "x.json")
            for args, message in ((["--save", missing], f"--save {missing}: there is no folder "),
                                  (["--html", "null.html"], r"--html null.html \(a link to .*pipe\): it is a named "
                                                            r"pipe \(FIFO\), not a regular file"),
                                  (["--save", "folder.json"], "--save folder.json: it is a folder"),
                                  (["--svg", os.path.join(here, "no", "pictures")], "--svg .*: there is no folder")):
                with self.subTest(args=args):  # a process: were the pipe not refused, writing to it would wait
                    done = backprop(here, "train", "xor", *args)
                    self.assertEqual(done.returncode, 2)
                    self.assertRegex(done.stderr, "^backprop: error: " + message)
            self.assertFalse(os.path.exists(os.path.join(here, "nowhere")))
            self.assertEqual(sorted(os.listdir(here)), ["folder.json", "null.html", "pipe"])

    def test_a_file_that_cannot_be_written_keeps_the_run_and_says_how_to_finish(self) -> None:
        # Files of at most 60 kB: the replay page (72 kB) fails, the checkpoint with its recording fits.
        # At most 20 kB: that checkpoint fails too, and the run is kept without its recording.
        for limit, how in ((60_000, ""), (20_000, " (without the sweeps recorded so far: the replay page will "
                                                  "start where the run goes on)")):
            def small_files() -> None:
                interruptible()
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # noqa: B023 (called at once)

            with self.subTest(limit=limit), tempfile.TemporaryDirectory() as here:
                done = backprop(here, "train", "xor", "--save", "net.json", "--html", "run.html",
                                preexec_fn=small_files)
                self.assertEqual(done.returncode, 1, done.stderr)
                self.assertIn("saved to net.json", done.stdout)
                self.assertIn("not written: cannot write run.html: File too large", done.stdout)
                self.assertIn(f"the run is kept in xor.checkpoint.json{how}: python -m backprop resume "
                              f"xor.checkpoint.json writes what is missing", done.stdout)
                self.assertFalse([name for name in os.listdir(here) if name.endswith(".tmp")])
                finished = backprop(here, "resume", "xor.checkpoint.json")
                self.assertEqual(finished.returncode, 0, finished.stderr)
                if not how:  # the page of the whole run, from what the checkpoint recorded
                    self.assertIn(f"replay written to {os.path.join(here, 'run.html')}", finished.stdout)

    def test_a_net_too_big_for_the_machine_is_refused_at_once(self) -> None:
        for name in ("train", "explain"):
            with self.subTest(command=name):
                done = backprop(ROOT, name, "xor", "--hidden", "100000000000")
                self.assertEqual(done.returncode, 2)
                self.assertRegex(done.stderr, r"^backprop: error: a net of 400,000,000,001 weights needs about "
                                              r"[\d,]+ GB of memory to train .*, more than this machine has")


class CheckpointRuns(unittest.TestCase):
    def test_a_run_section_that_train_did_not_write_is_refused_naming_the_entry(self) -> None:
        with tempfile.TemporaryDirectory() as here:
            trainer = bp.Trainer(bp.Network([2, 2, 1], seed=0), learning_rate=0.5)
            trainer.train(bp.tasks.xor().cases, 3)
            path = os.path.join(here, "run.json")
            trainer.checkpoint(path)
            with open(path, encoding="utf-8") as file:
                data = json.load(file)
            good = {"task": "xor", "sweeps": 100, "target_error": None, "phases": [[0, 0.5, 0.9]], "stop_within": 0.2}
            for change, message in (({"sweeps": "1000"}, r'"run" sweeps must be a whole number of at least 1, '
                                                          r"got '1000'"),
                                    ({"sweeps": None}, '"run" sweeps must be a whole number'),
                                    ({"sweeps": 800.5}, '"run" sweeps must be a whole number'),
                                    ({"sweeps": -5}, '"run" sweeps must be a whole number'),
                                    ({"sweeps": True}, '"run" sweeps must be a whole number'),
                                    ({"phases": [[1, 2]]}, r'"run" phase 0 must be \[sweeps, ε, α\]'),
                                    ({"phases": []}, '"run" phases must be a list of'),
                                    ({"phases": [[0, 0.5, 1.5]]}, r'"run" phase 0 α must be in \[0, 1\)'),
                                    ({"task": ["xor"]}, "the checkpoint does not say which task"),
                                    ({"stop_within": "0.2"}, '"run" stop_within must be null or a number'),
                                    ({"target_error": -1}, '"run" target_error must be null or a number'),
                                    ({"outputs": {"save": 3}}, '"run" "outputs" save must be a path or null'),
                                    ({"outputs": {"print": "x"}}, '"run" "outputs" must give save, svg and html')):
                with self.subTest(change=change):
                    data["run"] = {**good, **change}
                    with open(path, "w", encoding="utf-8") as file:
                        json.dump(data, file)
                    status, out, err = command("resume", "run.json", cwd=here)  # main(), in this process
                    self.assertEqual(status, 2, out)
                    self.assertRegex(err, "^backprop: error: .*run.json: .*" + message)
                    self.assertNotIn("Traceback", err)
                    self.assertEqual(out, "")
            done = backprop(here, "resume", "run.json")  # the last, as a process of its own too
            self.assertEqual((done.returncode, done.stdout), (2, ""))
            self.assertRegex(done.stderr, '^backprop: error: .*run.json: .*"run" "outputs" must give save')


if __name__ == "__main__":
    unittest.main()
