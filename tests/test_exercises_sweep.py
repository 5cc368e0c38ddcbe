"""The sweep part of the exercises: each function checked on its own, every typical mistake named with its
hint, the learner's train beside the library's at every sweep, and the learner's file running by itself.

Also the nine equations' hints for the kinds of mistake a checker can recognise from its own evidence
(sizes written in by hand, rounding, the bias alone, a sum over some units), and the file's names: no
function shares a name with an argument. The right values come from the library (XOR stops at sweep 574,
tests/test_cli.py and the README) and the worked 2-2-2 example (tests/test_hand_worked.py).
"""

import contextlib
import gc
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import unittest
import warnings
from typing import Any, Callable, Dict, List, Tuple

from backprop.exercises import EXERCISES, check, template
from backprop.exercises.hints import hint
from backprop.exercises.probes import all_probes
from backprop.exercises.sweep_check import CHECKS
from backprop.exercises.sweep_check import OWN as CHECK_OWN
from backprop.exercises.sweep_report import run_alone
from backprop.exercises.sweep_sheet import STEPS
from backprop.exercises.train_check import OWN, train_beside
from backprop.exercises.watch import LibraryCode, Watch
from backprop.exercises.whole_net import RUNS
from tests.helpers import long_test
from tests.test_exercises import ROOT, SOLUTION, WHOLE, WRONG_ANSWERS, LearnerFiles, filled_template


def ruff() -> List[str]:
    """How to run ruff here: as a command, or as a module of this Python ([] if neither; PyPy often has no module).
    A command that is there but does not run (pyenv's shim of a ruff installed for another Python) is no ruff."""
    for command in (["ruff"] if shutil.which("ruff") else []), [sys.executable, "-m", "ruff"]:
        if command and subprocess.run([*command, "--version"], capture_output=True).returncode == 0:
            return command
    return []


RUFF = ruff()

# The typical mistakes of the sweep, each as a change to a right file: (name, the right text, the wrong text, the
# function that must catch it, words of its hint).
SWEEP_MISTAKES: List[Tuple[str, str, str, str, str]] = [
    ("∂E/∂w not reset between sweeps", "    sums[:] = zeros_like(weights)\n", "", "sweep",
     "the sums were not set to 0 when the sweep began"),
    ("∂E/∂w reset between the cases of a batch", "    sums[:] = zeros_like(weights)\n    E = 0.0\n"
     "    for inputs, targets in cases:\n", "    E = 0.0\n    for inputs, targets in cases:\n"
     "        sums[:] = zeros_like(weights)\n", "sweep", "sums holds the last case's ∂E/∂w only"),
    ("a new list of sums that the caller never sees", "    sums[:] = zeros_like(weights)\n",
     "    sums = zeros_like(weights)\n", "sweep", "sweep gathered its sums in a list of its own"),
    ("weights changed before the backward pass ends", "                sums[layer][j][i] += dE_dw(j, i, dE_dxs, y)\n",
     "                sums[layer][j][i] += dE_dw(j, i, dE_dxs, y)\n"
     "                w[j][i] -= 0.5 * dE_dw(j, i, dE_dxs, y)\n", "backward",
     "backward changed the weights before the backward pass ended"),
    ("∂E/∂y of hidden units not reset before equation 7 adds into them",
     "        dE_dys = [dE_dy_sent_down(i, dE_dxs, w) for i in range(len(ys[layer]))]\n",
     "        below = KEPT.setdefault(layer, [0.0] * len(ys[layer]))\n        for i in range(len(ys[layer])):\n"
     "            below[i] += dE_dy_sent_down(i, dE_dxs, w)\n        dE_dys = below\n", "backward",
     "carried the case before's into this one"),
    ("the always-1 line forgotten in the forward pass", "        y = ys[-1] + [1.0]\n", "        y = ys[-1]\n",
     "forward", "the always-1 line is left out of the pass"),
    ("the always-1 line forgotten in the backward pass", "        w, y = weights[layer], ys[layer] + [1.0]\n",
     "        w, y = weights[layer], ys[layer]\n", "backward", "the always-1 line is left out of the backward pass"),
    ("layers walked forward in the backward pass", "    for layer in range(len(weights) - 1, -1, -1):\n",
     "    for layer in range(len(weights)):\n", "backward", "the layers were walked forward"),
    ("one Δw(t−1) kept per layer", "                                                     last_changes[layer][j][i])\n"
     "                row[i] += change\n                last_changes[layer][j][i] = change\n",
     "                                                     last_changes[layer])\n                row[i] += change\n"
     "                last_changes[layer] = change\n", "change_weights", "one Δw(t−1) is kept for several weights"),
    ("Δw(t−1) not kept", "                last_changes[layer][j][i] = change\n", "", "change_weights",
     "the changes just made were not kept"),
]

# The mistakes only train can make, each caught where the learner's run parts from the library's, on XOR.
TRAIN_MISTAKES: List[Tuple[str, str, str, str, str]] = [
    ("online and batch mixed up", "        E = sweep(weights, cases, sums)\n",
     "        E = 0.0\n        for case in cases:\n            E += sweep(weights, [case], sums)\n"
     "            change_weights(weights, sums, last_changes, learning_rate, momentum)\n",
     "sweep 1: sweep was given [([0.0, 0.0], [0.0])]", "train called sweep with 1 of the 4 cases"),
    ("a new Δw(t−1) every sweep", "    sums, last_changes = zeros_like(weights), zeros_like(weights)\n    errors = []\n"
     "    for t in range(1, most_sweeps + 1):\n", "    sums = zeros_like(weights)\n    errors = []\n"
     "    for t in range(1, most_sweeps + 1):\n        last_changes = zeros_like(weights)\n",
     "sweep 2: change_weights was given every Δw(t−1) as 0.0", "last_changes was made anew for the sweep"),
    ("the weights changed after the sweep that reached the target",
     "        if E <= target_error:\n            break\n        change_weights(weights, sums, last_changes, "
     "learning_rate, momentum)\n", "        change_weights(weights, sums, last_changes, learning_rate, momentum)\n"
     "        if E <= target_error:\n            break\n", "sweep 574: the weights changed after it",
     "stop as soon as a sweep's E ≤ target_error, before its weight change"),
    ("no return", "    return errors\n", "", "the end of the run: train returned None",
     "train returns the E of every sweep it ran"),
]


def names_of(text: str) -> Dict[str, Any]:
    names: Dict[str, Any] = {"__name__": "learner"}
    exec(compile(text, "<learner>", "exec"), names)
    return names


class TheSweepPart(LearnerFiles):
    def test_a_file_filled_in_from_the_template_passes_each_function_and_runs_by_itself(self) -> None:
        path = self.write(filled_template())
        report = check(path, net=False)
        self.assertEqual(report.right, 9, report.text)
        self.assertEqual({name: event["status"] for name, event in report.steps.items()},
                         {"forward": "right", "backward": "right", "sweep": "right", "change_weights": "right"})
        self.assertIn("\nall nine equations are right.\n", report.text)
        # python mine.py: the file's own end trains XOR with the learner's code alone, as the library's run does
        # (574 sweeps, E = 0.009933), with no module of the library loaded.
        alone = run_alone(path)
        self.assertEqual((alone.status, alone.library), (0, []), alone.printed)
        self.assertIn("stopped after 574 sweeps with E = 0.009933", alone.printed)
        self.assertEqual(alone.printed[-4:], ["[0.0, 0.0] → 0.071    target 0.0", "[0.0, 1.0] → 0.935    target 1.0",
                                              "[1.0, 0.0] → 0.918    target 1.0", "[1.0, 1.0] → 0.063    target 0.0"])

    def test_the_learners_train_agrees_with_the_library_at_every_sweep(self) -> None:
        outcome = train_beside(RUNS[0], names_of(WHOLE), Watch("", own=OWN))
        self.assertEqual((outcome.parted, outcome.library_sweeps, outcome.learner_sweeps), ("", 574, 574))
        self.assertTrue(outcome.learner_reached and outcome.library_reached)
        self.assertLessEqual(outcome.largest_difference, 1e-12)

    def test_each_typical_mistake_is_named_at_its_function_with_its_hint(self) -> None:
        # In this process, each function checked as the checking process checks it (sweep_check.CHECKS).
        for name, old, new, function, words in SWEEP_MISTAKES:
            with self.subTest(name):
                self.assertIn(old, WHOLE)
                text = WHOLE.replace(old, new, 1)
                text = text.replace("def backward(", "KEPT = {}\n\n\ndef backward(") if "KEPT" in new else text
                names = names_of(text)
                found = {step.name: CHECKS[step.name](names[step.name], names, Watch("", own=CHECK_OWN))
                         for step in STEPS[:-1]}
                self.assertIn(found[function].status, ("wrong", "problem"), found[function])
                earlier = [step.name for step in STEPS[:[s.name for s in STEPS].index(function)]]
                self.assertEqual({found[step].status for step in earlier}, {"right"} if earlier else set())
                self.assertIn(words, " ".join(" ".join(found[function].lines).split()))

    def test_a_wrong_backward_names_the_case_the_layer_the_unit_the_quantity_and_the_nudge(self) -> None:
        text = WHOLE.replace("        w, y = weights[layer], ys[layer] + [1.0]\n",
                             "        w, y = weights[layer], ys[layer]\n", 1)
        lines = check(self.write(text), net=False).steps["backward"]["lines"]
        self.assertEqual(lines[:4], ["at the worked 2-2-2 example, case 0 (inputs [0.05, 0.1], targets [0.01, 0.99])",
                                     "layer 0 (h1 h2), sums[0][0][2], ∂E/∂bias[h1] summed over the cases so far",
                                     "yours     0.0", "right     0.00877135468948693"])
        nudge = " ".join(" ".join(lines).split()).split("the nudge: ")[1]
        # ∂E/∂bias[h1] = ∂E/∂x of h1 = 0.00877135469 (hand-worked); the nudge measures it to 7 digits.
        self.assertIn("so ∂E/∂bias[h1] for this case is about 0.008771354; yours added 0.0 for it", nudge)

    def test_each_mistake_only_train_can_make_is_named_where_the_runs_part(self) -> None:
        for name, old, new, where, words in TRAIN_MISTAKES:
            with self.subTest(name):
                self.assertIn(old, WHOLE)
                outcome = train_beside(RUNS[0], names_of(WHOLE.replace(old, new, 1)), Watch("", own=OWN))
                self.assertTrue(outcome.parted.startswith(where), outcome.parted)
                self.assertIn(words, outcome.hint)

    def test_the_sweep_functions_are_watched_for_the_librarys_code(self) -> None:
        text = WHOLE.replace("        ys.append([logistic(x_j) for x_j in x])\n",
                             "        ys.append([backprop.neuron.logistic(x_j) for x_j in x])\n", 1)
        report = check(self.write("import backprop.neuron\n" + text), net=False)
        self.assertEqual(report.steps["forward"]["status"], "problem")
        self.assertIn("called the library's own backprop.neuron.logistic", " ".join(report.steps["forward"]["lines"]))
        train = WHOLE.replace("        errors.append(E)\n",
                              "        errors.append(E + 0 * backprop.neuron.logistic(E))\n")
        with self.assertRaisesRegex(LibraryCode, "train called the library's own backprop.neuron.logistic"):
            train_beside(RUNS[0], names_of("import backprop.neuron\n" + train), Watch("", own=OWN))

    def test_a_sweep_function_that_never_returns_is_stopped_and_named(self) -> None:
        endless = "    while True:\n        __import__('time').sleep(1)\n"
        text = WHOLE.replace("    xs, ys = [], [list(inputs)]\n", endless, 1)
        report = check(self.write(text), timeout=1.5)  # a loop that waits: what the checker sees is the same
        self.assertIn("  ✗ forward ", report.text)
        self.assertIn("it did not return within 1.5 s, so it was stopped: is there a loop that never ends?",
                      report.text)
        self.assertFalse(report.passed)

    def test_a_file_that_imports_the_library_does_not_run_by_itself(self) -> None:
        os.symlink(os.path.join(ROOT, "backprop"), os.path.join(self.folder.name, "backprop"))
        alone = run_alone(self.write("import backprop\n" + filled_template()))
        self.assertEqual(alone.status, 0)
        self.assertIn("backprop", alone.library)

    @unittest.skipUnless(os.name == "posix" and shutil.which("sleep"), "needs POSIX and its sleep command")
    def test_a_file_that_leaves_a_child_holding_its_output_is_judged_when_it_ends(self) -> None:
        # The child inherits the file's standard output and error and outlives the timeout: waiting for the end of
        # what the file prints, not for the file's own end, would wait it out and say the file never ended.
        path = self.write("import subprocess\n\nprint('trained')\nchild = subprocess.Popen(['sleep', '30'])\n"
                          "with open('child.pid', 'w') as file:\n    file.write(str(child.pid))\n")

        def let_go() -> None:  # the sleep the file started, found by the pid it wrote and by its folder
            with contextlib.suppress(OSError, ValueError):
                with open(os.path.join(self.folder.name, "child.pid"), encoding="utf-8") as file:
                    pid = int(file.read())
                if os.readlink(f"/proc/{pid}/cwd") == os.path.realpath(self.folder.name):
                    os.kill(pid, signal.SIGKILL)
        self.addCleanup(let_go)
        alone = run_alone(path, timeout=20.0)
        self.assertEqual((alone.status, alone.library, alone.printed), (0, [], ["trained"]))

    def test_running_the_file_leaves_no_stream_open(self) -> None:
        # The pipes the run printed into are closed once read: left to the garbage collector, each said
        # "ResourceWarning: unclosed file" on the standard error of 'exercises check' under warnings.
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            alone = run_alone(self.write("print('E = 0.5')\n"))
            gc.collect()
        self.assertEqual(alone.printed, ["E = 0.5"])
        self.assertEqual([str(warning.message) for warning in said], [])

    def test_the_skeleton_run_as_a_file_says_what_is_not_written_yet(self) -> None:
        alone = run_alone(self.write(template("mine.py")))
        self.assertEqual(alone.status, 1)
        self.assertIn("NotImplementedError", alone.printed[-1])


class TheLearnersFile(LearnerFiles):
    def test_no_function_shares_a_name_with_an_argument(self) -> None:
        # A learner calling their own dE_dw from weight_change got "'float' object is not callable".
        functions = {spec.name for spec in (*EXERCISES, *STEPS)}
        for spec in (*EXERCISES, *STEPS):
            with self.subTest(spec.name):
                self.assertEqual({name for name, _, _ in spec.params} & functions, set())

    def test_equation_5_says_not_every_argument_is_needed(self) -> None:
        text = template("mine.py")
        five = text[text.index("def dE_dx("):text.index("def dE_dw(")]
        self.assertIn("Not every argument is needed", five)

    @unittest.skipUnless(RUFF, "needs ruff (on the PATH, or as a module of this Python)")
    def test_a_fresh_file_in_the_repository_keeps_ruff_quiet(self) -> None:
        path = self.write(template("mine.py"))
        done = subprocess.run([*RUFF, "check", "--config", os.path.join(ROOT, "pyproject.toml"), "--no-cache", path],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)

    def test_the_sweeps_examples_are_what_a_right_solution_gives(self) -> None:
        names = names_of(WHOLE)
        xs, ys = names["forward"]([[[0.15, 0.2, 0.35], [0.25, 0.3, 0.35]], [[0.4, 0.45, 0.6], [0.5, 0.55, 0.6]]],
                                  [0.05, 0.1])
        self.assertEqual([[round(x, 7) for x in layer] for layer in xs], [[0.3775, 0.3925], [1.105906, 1.2249214]])
        self.assertEqual([[round(y, 7) for y in layer] for layer in ys],
                         [[0.05, 0.1], [0.59327, 0.5968844], [0.7513651, 0.7729285]])
        sums = [[[0.0] * 3 for _ in range(2)] for _ in range(2)]
        names["backward"]([[[0.15, 0.2, 0.35], [0.25, 0.3, 0.35]], [[0.4, 0.45, 0.6], [0.5, 0.55, 0.6]]], xs, ys,
                          [0.01, 0.99], sums)
        shown = template("mine.py").split("sums at 0 become")[1].split('"""')[0]
        self.assertEqual([[[float(f"{g:.6g}") for g in row] for row in layer] for layer in sums],
                         eval(" ".join(shown.split())))  # the docstring's numbers, six digits


def answers(function: Callable[..., float], number: int) -> List[Tuple[Any, float]]:
    return [(probe, function(*probe.args)) for probe in all_probes()[number] if not probe.far_out]


class TheNinesHintsNameTheKindOfMistake(unittest.TestCase):
    """Mistakes outside the catalogue, each told by the kind the checker's evidence shows."""

    def test_sizes_written_in_by_hand(self) -> None:
        def total_input(j: int, y: List[float], w: List[List[float]]) -> float:
            return sum(y[i] * w[j][i] for i in range(3))

        def dE_dy_sent_down(i: int, dE_dxs: List[float], w: List[List[float]]) -> float:
            return sum(dE_dxs[j] * w[j][i] for j in range(2))

        for function, number in ((total_input, 1), (dE_dy_sent_down, 7)):
            with self.subTest(function.__name__):
                self.assertIn("is a size written in by hand", hint(number, answers(function, number)))

    def test_rounding(self) -> None:
        told = hint(2, answers(lambda x_j: 1.0 / (1.0 + 2.718 ** -x_j), 2))
        self.assertTrue(told.startswith("right to about 4 significant digits, but not to the last ones"), told)

    def test_the_bias_alone(self) -> None:
        told = hint(6, answers(lambda j, i, dE_dxs, y: 0.0 if i == len(y) - 1 else dE_dxs[j] * y[i], 6))
        self.assertTrue(told.startswith("right on every weight but the biases'"), told)

    def test_a_sum_over_some_of_the_units(self) -> None:
        told = hint(7, answers(lambda i, dE_dxs, w: sum(dE_dxs[j] * w[j][i] for j in range(0, len(dE_dxs), 2)), 7))
        self.assertIn("a sum over some of the units j but not all", told)
        self.assertIn("the terms of j = 0 only, out of j = 0 to 1", told)

    def test_a_square_where_the_slope_belongs(self) -> None:
        for wrong in (lambda dE_dy_j, x_j, y_j: dE_dy_j * y_j ** 2,
                      lambda dE_dy_j, x_j, y_j: dE_dy_j * (y_j * (1 - y_j)) ** 2):
            self.assertTrue(hint(5, answers(wrong, 5)).startswith("a square where the slope of the logistic belongs"))

    def test_alpha_on_the_wrong_term(self) -> None:
        on_step = hint(9, answers(lambda g, rate, alpha, last: -alpha * rate * g + last, 9))
        self.assertTrue(on_step.startswith("α multiplies the wrong term"), on_step)
        on_all = hint(9, answers(lambda g, rate, alpha, last: alpha * (-rate * g + last), 9))
        self.assertTrue(on_all.startswith("α multiplies the whole change"), on_all)

    def test_an_unknown_mistake_is_told_what_it_is_right_and_wrong_on(self) -> None:
        told = hint(7, answers(lambda i, dE_dxs, w: (1 + i) * sum(dE_dxs[j] * w[j][i] for j in range(len(dE_dxs))), 7))
        self.assertIn("compare your function term by term with equation (7)", told)
        self.assertIn("It is right on 7 of the 21 calls (the first: unit h1 of the worked 2-2-2 example", told)
        self.assertIn("wrong on 14 (the first: unit h2 of the worked 2-2-2 example", told)


class TheNudgeInTheReport(LearnerFiles):
    def test_a_wrong_6_or_7_is_shown_what_the_nudge_gives(self) -> None:
        report = check(self.write(SOLUTION.replace("total += dE_dxs[j] * w[j][i]", "total += dE_dxs[j] * w[j][i] * 2")),
                       net=False)
        text = " ".join(report.text.split())
        # h1 of the worked example: ∂E/∂y = 0.0363503064 (hand-worked); moving y of h1 by 1e-6 moves E by 3.63503e-08.
        self.assertIn("the nudge: moving the y of h1 (which the units it feeds see) by 1e-06 and passing the case "
                      "forward again changes E by 3.63503e-08, a change of 0.03635031 per unit; that is ∂E/∂y of h1 "
                      "for this case (python -m backprop explain worked-example --nudge 'h1' shows it).", text)
        measured = float(text.split("a change of ")[1].split(" per unit")[0])
        self.assertTrue(math.isclose(measured, 0.0363503064, rel_tol=1e-6), measured)  # the nudge is the derivative


if __name__ == "__main__":
    unittest.main()


class TheTeachersGuide(LearnerFiles):
    """docs/EXERCISES.md shows what the checker says to five files; each block is what it really says."""

    def blocks(self) -> List[str]:
        with open(os.path.join(ROOT, "docs", "EXERCISES.md"), encoding="utf-8") as file:
            section = file.read().split("## Wrong answers, as the checker reports them", 1)[1]
        return re.findall(r"^```\n(.*?)^```$", section, re.S | re.M)

    def said(self, text: str, every: bool = False) -> List[str]:
        """The checker's report on ``text`` as the guide's my_backprop.py, its timings blanked."""
        path = os.path.relpath(self.write(text, "my_backprop.py"))
        report = check(path, every=every).text.replace(path, "my_backprop.py")
        return timeless(report).splitlines()

    def assertShown(self, block: str, said: List[str]) -> None:
        shown = timeless(block).splitlines()
        starts = [k for k, line in enumerate(said) if said[k:k + len(shown)] == shown]
        self.assertTrue(starts, "\n".join(["the guide shows:", *shown, "", "the checker says:", *said]))

    def test_there_are_five_blocks(self) -> None:
        self.assertEqual(len(self.blocks()), 5)

    def test_the_wrong_equations_read_as_the_checker_reports_them(self) -> None:
        wrong = {mistake[0]: mistake for mistake in WRONG_ANSWERS}
        sign, index, momentum = (wrong[name] for name in ("(4) with the sign flipped",
                                                          "(7) summing over the wrong index",
                                                          "(9) momentum added to the gradient"))
        blocks = self.blocks()
        command_line, first = blocks[0].split("\n", 1)
        self.assertEqual(command_line, "$ python -m backprop exercises check my_backprop.py")
        self.assertEqual(timeless(first).splitlines(), self.said(SOLUTION.replace(sign[1], sign[2], 1)))
        for block, (_, old, new, _, _) in ((blocks[1], index), (blocks[2], momentum)):
            with self.subTest(block.splitlines()[0]):
                self.assertShown(block, self.said(SOLUTION.replace(old, new, 1)))

    def test_the_sweep_that_keeps_its_sums_reads_as_the_checker_reports_it(self) -> None:
        name, old, new, _, _ = SWEEP_MISTAKES[0]
        self.assertEqual(name, "∂E/∂w not reset between sweeps")
        self.assertShown(self.blocks()[3], self.said(WHOLE.replace(old, new, 1)))

    @long_test
    def test_the_right_file_reads_as_the_checker_reports_it(self) -> None:
        self.assertShown(self.blocks()[4], self.said(WHOLE))


def timeless(text: str) -> str:
    """A report with its seconds blanked (``; 0.1 s`` and ``(0.2 s)`` differ from run to run) and its largest
    differences too: 0 on CPython 3.11 and PyPy, 1e-13 on 3.12, whose ``sum()`` of floats rounds less."""
    return re.sub(r"largest difference [-+.\de]+", "largest difference N", re.sub(r"\d+\.\d s\b", "N s", text))
