"""The exercises: a right solution passes and trains in step with the library; each typical wrong
answer is caught at its equation with its hint; broken learner code gets a kind message.

The learner's files are written to a temporary folder and checked the way a learner checks
them, in a process of their own. The expected numbers come from the hand-worked 2-2-2 example
(tests/test_hand_worked.py, derived in 40-digit decimal arithmetic) and from the library's XOR
run that stops at sweep 574 (tests/test_cli.py, the README).
"""

import math
import os
import re
import subprocess
import sys
import tempfile
import unittest
from typing import Dict, List, Tuple

from backprop.exercises import EXERCISES, check, progress, template, write_new
from backprop.exercises.checker import PROBLEM, RIGHT, TODO, UNCHECKED, WRONG, Report
from backprop.exercises.hints import MISTAKES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A right answer to every exercise, written the plain way a learner would.
SOLUTION = '''
import math


def total_input(j, y, w):
    x = 0.0
    for i in range(len(y)):
        x += y[i] * w[j][i]
    return x


def logistic(x_j):
    if x_j < -700:
        return math.exp(x_j)
    return 1.0 / (1.0 + math.exp(-x_j))


def case_error(y, d):
    return 0.5 * sum((y_j - d_j) ** 2 for y_j, d_j in zip(y, d))


def dE_dy_at_output(y_j, d_j):
    return y_j - d_j


def dE_dx(dE_dy_j, x_j, y_j):
    return dE_dy_j * y_j * (1 - y_j)


def dE_dw(j, i, dE_dx, y):
    return dE_dx[j] * y[i]


def dE_dy_sent_down(i, dE_dx, w):
    total = 0.0
    for j in range(len(dE_dx)):
        total += dE_dx[j] * w[j][i]
    return total


def weight_change(dE_dw, learning_rate):
    return -learning_rate * dE_dw


def weight_change_with_momentum(dE_dw, learning_rate, momentum, last_change):
    return -learning_rate * dE_dw + momentum * last_change
'''

FIVE = "return dE_dy_j * y_j * (1 - y_j)"

# The typical wrong answers, and a few more: (the line as written, the wrong line, the
# equation that must catch it, words of the hint it must give).
WRONG_ANSWERS: List[Tuple[str, str, str, int, str]] = [
    ("(4) with the sign flipped", "return y_j - d_j", "return d_j - y_j", 4, "the sign is flipped"),
    ("(5) without y(1 − y)", FIVE, "return dE_dy_j", 5, "the slope of the logistic is missing"),
    ("(5) with x in place of y", FIVE, "return dE_dy_j * x_j * (1 - x_j)", 5, "x_j where y_j belongs"),
    ("(6) with the wrong unit's y", "return dE_dx[j] * y[i]", "return dE_dx[j] * y[j]", 6,
     "the y is the wrong unit's"),
    ("(7) summing over the wrong index", "total += dE_dx[j] * w[j][i]", "total += dE_dx[j] * w[i][j]", 7,
     "the sum runs along the wrong index"),
    ("(7) forgetting one receiving unit", "for j in range(len(dE_dx)):", "for j in range(len(dE_dx) - 1):", 7,
     "one receiving unit is left out"),
    ("(8) with +ε", "return -learning_rate * dE_dw\n", "return learning_rate * dE_dw\n", 8,
     "the change goes uphill"),
    ("(9) momentum added to the gradient", "return -learning_rate * dE_dw + momentum * last_change",
     "return -learning_rate * (dE_dw + momentum * last_change)", 9, "went into the gradient"),
    ("(1) without the bias", "for i in range(len(y)):", "for i in range(len(y) - 1):", 1,
     "the always-1 line is left out"),
    ("(2) with e^(+x)", "return 1.0 / (1.0 + math.exp(-x_j))", "return 1.0 / (1.0 + math.exp(x_j))", 2,
     "the sign of the exponent"),
    ("(3) as a mean", "return 0.5 * sum((y_j - d_j) ** 2 for y_j, d_j in zip(y, d))",
     "return sum((y_j - d_j) ** 2 for y_j, d_j in zip(y, d)) / len(y)", 3, "the mean of the squared misses"),
    ("(9) with a (1 − α) factor", "return -learning_rate * dE_dw + momentum * last_change",
     "return -(1 - momentum) * learning_rate * dE_dw + momentum * last_change", 9, "the (1 − α) factor"),
]


class LearnerFiles(unittest.TestCase):
    """Each test writes learner files into a folder of its own."""

    def setUp(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)

    def write(self, text: str, name: str = "mine.py") -> str:
        path = os.path.join(self.folder.name, name)
        with open(path, "w", encoding="utf-8") as file:
            file.write(text)
        return path

    def variant(self, old: str, new: str, name: str = "mine.py") -> str:
        self.assertIn(old, SOLUTION)
        return self.write(SOLUTION.replace(old, new, 1), name)

    def statuses(self, report: Report) -> Dict[int, str]:
        return {verdict.exercise.number: verdict.status for verdict in report.verdicts}


class ARightSolution(LearnerFiles):
    def test_passes_every_check_and_trains_xor_and_symmetry_in_step_with_the_library(self) -> None:
        path = self.write(SOLUTION)
        with open(path, "rb") as file:
            before = file.read()
        stamp = os.stat(path).st_mtime_ns
        report = check(path)
        self.assertTrue(report.passed, report.text)
        self.assertEqual(set(self.statuses(report).values()), {RIGHT})
        xor, symmetry = report.nets
        # The library's XOR run, Network([2, 2, 1], seed=1), ε = 0.5, α = 0.9, stops at sweep 574.
        self.assertEqual((xor["task"], xor["library_sweeps"], xor["learner_sweeps"]), ("XOR", 574, 574))
        self.assertEqual(symmetry["learner_sweeps"], symmetry["library_sweeps"])
        self.assertTrue(symmetry["learner_reached"] and symmetry["library_reached"])
        for net in report.nets:
            self.assertLessEqual(net["largest_difference"], 1e-12)
        self.assertIn("your code learned XOR in 574 sweeps, as the library does", report.text)
        self.assertIn("agree to 1e-12 at every sweep", report.text)
        # The learner's file is only read: same bytes, same time stamp, no __pycache__ beside it.
        with open(path, "rb") as file:
            self.assertEqual(file.read(), before)
        self.assertEqual(os.stat(path).st_mtime_ns, stamp)
        self.assertEqual(os.listdir(self.folder.name), ["mine.py"])

    def test_sums_rounded_in_another_order_still_pass(self) -> None:
        # x_j with the bias first and ∂E/∂x_j as y(1 − y)·∂E/∂y: the same equations, other roundings.
        path = self.write(SOLUTION.replace("    x = 0.0\n    for i in range(len(y)):", "    x = w[j][-1]\n"
                                           "    for i in range(len(y) - 1):").replace(FIVE, "return y_j * (1 - y_j) "
                                                                                         "* dE_dy_j"))
        report = check(path, net=False)
        self.assertEqual(report.right, 9, report.text)


class WholeNetBesideTheLibrary(unittest.TestCase):
    """The whole-net comparison itself, run in this process on the XOR net (a tenth of a second)."""

    def functions(self, **changed: object) -> Dict[str, object]:
        names: Dict[str, object] = {}
        exec(SOLUTION, names)
        names.update(changed)
        return names

    def test_the_library_and_a_right_solution_agree_to_1e_12(self) -> None:
        from backprop.exercises.whole_net import AGREE, RUNS, side_by_side

        outcome = side_by_side(RUNS[0], self.functions())  # type: ignore[arg-type]
        self.assertEqual((outcome.library_sweeps, outcome.learner_sweeps, outcome.parted), (574, 574, ""))
        # Bit for bit up to CPython 3.11 and on PyPy; from 3.12 the library's sum() rounds more carefully
        # than a plain loop, and the two runs differ by about 1e-13.
        self.assertLessEqual(outcome.largest_difference, AGREE)

    def test_a_function_that_drifts_once_training_is_under_way_is_caught_where_it_parts(self) -> None:
        from backprop.exercises.whole_net import RUNS, side_by_side

        calls = [0]

        def weight_change_with_momentum(dE_dw: float, learning_rate: float, momentum: float,
                                        last_change: float) -> float:
            calls[0] += 1  # right for the first 100 sweeps of 9 weights, then a little off
            return -learning_rate * dE_dw + momentum * last_change + (1e-3 if calls[0] > 900 else 0.0)

        outcome = side_by_side(RUNS[0], self.functions(weight_change_with_momentum=weight_change_with_momentum))  # type: ignore[arg-type]
        self.assertRegex(outcome.parted, r"^sweep 10[12]: (w\[|bias\[)")

    def test_sums_rounded_in_another_order_still_agree_to_1e_12(self) -> None:
        from backprop.exercises.whole_net import AGREE, RUNS, side_by_side

        def case_error(y: List[float], d: List[float]) -> float:  # the same sums, backwards
            return 0.5 * sum((y_j - d_j) ** 2 for y_j, d_j in reversed(list(zip(y, d))))

        def total_input(j: int, y: List[float], w: List[List[float]]) -> float:
            return sum(y_i * w_ji for y_i, w_ji in reversed(list(zip(y, w[j]))))

        outcome = side_by_side(RUNS[0], self.functions(case_error=case_error, total_input=total_input))  # type: ignore[arg-type]
        self.assertEqual((outcome.learner_sweeps, outcome.parted), (574, ""))
        self.assertLessEqual(outcome.largest_difference, AGREE)

    def test_a_run_that_agrees_less_closely_is_told_so(self) -> None:
        from backprop.exercises.checker import describe_net

        lines = describe_net({"task": "XOR", "settings": "2-2-1", "parted": "", "learner_reached": True,
                              "library_reached": True, "learner_sweeps": 574, "largest_difference": 3e-10,
                              "seconds": 0.1})
        self.assertEqual(lines[0], "  ✓ XOR: your code learned XOR in 574 sweeps, as the library does")
        self.assertIn("agree to 3e-10, not to 1e-12", lines[2])


class TypicalWrongAnswers(LearnerFiles):
    def test_each_is_caught_at_its_equation_with_its_hint(self) -> None:
        for name, old, new, number, hint in WRONG_ANSWERS:
            with self.subTest(name):
                report = check(self.variant(old, new), timeout=10)
                statuses = self.statuses(report)
                self.assertEqual(statuses[number], WRONG, report.text)
                self.assertEqual({statuses[n] for n in range(1, number)}, {RIGHT} if number > 1 else set())
                self.assertEqual({statuses[n] for n in range(number + 1, 10)}, {UNCHECKED} if number < 9 else set())
                self.assertFalse(report.passed)
                self.assertEqual(report.nets, [])
                block = report.text.split(f"({number}) ", 1)[1]
                for label in ("at ", "given     ", "returned  ", "right     ", "hint: "):
                    self.assertIn("\n      " + label, block)
                self.assertIn(hint, " ".join(block.split()))

    def test_the_sign_of_4_shows_the_hand_worked_numbers(self) -> None:
        # o1 of the worked example: y = 0.7513650695523, d = 0.01, ∂E/∂y = y − d = 0.7413650695523.
        report = check(self.variant("return y_j - d_j", "return d_j - y_j"))
        lines = report.text.splitlines()
        start = next(k for k, line in enumerate(lines) if "(4) dE_dy_at_output" in line)
        self.assertEqual(lines[start + 1].strip(), "at unit o1 of the worked 2-2-2 example")
        given, returned, right = (float(value) for value in re.findall(
            r"y_j = ([-\d.e]+), d_j = 0.01\n\s+returned\s+([-\d.e]+)\n\s+right\s+([-\d.e]+)", report.text)[0])
        self.assertAlmostEqual(given, 0.7513650695523, places=12)
        self.assertAlmostEqual(returned, -0.7413650695523, places=12)
        self.assertAlmostEqual(right, 0.7413650695523, places=12)

    def test_with_all_every_equation_is_checked(self) -> None:
        path = self.write(SOLUTION.replace("return y_j - d_j", "return d_j - y_j").replace(FIVE, "return dE_dy_j"))
        statuses = self.statuses(check(path, every=True))
        self.assertEqual([statuses[n] for n in range(1, 10)], [RIGHT] * 3 + [WRONG, WRONG] + [RIGHT] * 4)

    def test_no_typical_mistake_is_the_right_answer(self) -> None:
        # A mistake that agreed with the right value on every probe could never be told apart.
        from backprop.exercises.hints import agrees
        from backprop.exercises.probes import all_probes

        probes = all_probes()
        for number, mistakes in MISTAKES.items():
            for mistake in mistakes:
                with self.subTest(number=number, hint=mistake.hint[:40]):
                    self.assertFalse(all(agrees(mistake, probe, probe.right) for probe in probes[number]
                                         if not probe.far_out))


class KindToBrokenCode(LearnerFiles):
    def test_an_endless_loop_is_stopped_with_a_message(self) -> None:
        report = check(self.variant(FIVE, "while True:\n        pass"), every=True, timeout=1.5)
        self.assertIn("it did not return within 1.5 s, so it was stopped: is there a loop that never ends?",
                      report.text)
        self.assertIn("at unit o1 of the worked 2-2-2 example", report.text)
        # --all goes on, in a new process, with the equations after the one that hung.
        self.assertEqual([self.statuses(report)[n] for n in range(1, 10)], [RIGHT] * 4 + [PROBLEM] + [RIGHT] * 4)

    def test_an_endless_loop_outside_the_functions_is_stopped_while_loading(self) -> None:
        report = check(self.write("while True:\n    pass\n" + SOLUTION), timeout=1.5)
        self.assertIn("mine.py did not finish loading within 1.5 s, so it was stopped", report.text)

    def test_a_function_that_ends_the_interpreter_is_named(self) -> None:
        report = check(self.variant(FIVE, "import os\n    os._exit(3)"))
        self.assertEqual(self.statuses(report)[5], PROBLEM)
        self.assertIn("it ended the checking process (exit status 3: does your code call os._exit", report.text)

    def test_an_exception_shows_a_traceback_into_the_learners_file_only(self) -> None:
        report = check(self.variant(FIVE, "return dE_dy_j / (y_j - y_j)"))
        self.assertEqual(self.statuses(report)[5], PROBLEM)
        block = report.text.split("(5) dE_dx", 1)[1]
        self.assertIn("Traceback (your code, most recent call last):", block)
        self.assertRegex(block, r'File ".*mine\.py", line \d+, in dE_dx')
        self.assertIn("return dE_dy_j / (y_j - y_j)", block)
        self.assertIn("ZeroDivisionError: float division by zero", block)
        self.assertNotIn("backprop" + os.sep, block)  # no frame of the library's

    def test_a_syntax_error_is_one_line(self) -> None:
        report = check(self.variant(FIVE, "return dE_dy_j * y_j (1 - y_j"))
        line = next(line for line in report.text.splitlines() if "SyntaxError" in line)
        self.assertRegex(line, r"mine\.py, line \d+: SyntaxError: .*the file is not valid Python, so nothing was run")
        self.assertEqual(set(self.statuses(report).values()), {UNCHECKED})

    def test_a_wrong_signature_is_one_line(self) -> None:
        report = check(self.variant("def dE_dw(j, i, dE_dx, y):", "def dE_dw(dE_dx, y):"))
        self.assertIn("\n      dE_dw must take 4 arguments, (j, i, dE_dx, y); yours takes 2, (dE_dx, y)\n", report.text)
        report = check(self.variant("def dE_dw(j, i, dE_dx, y):", "def dE_dw(i, j, dE_dx, y):"))
        self.assertIn("dE_dw must take its arguments in the order (j, i, dE_dx, y)", report.text)

    def test_a_missing_function_is_one_line(self) -> None:
        report = check(self.variant("def dE_dx(", "def dEdx("))
        self.assertIn("mine.py has no function dE_dx (is yours called dEdx?); the checker calls "
                      "def dE_dx(dE_dy_j, x_j, y_j)", report.text)

    def test_values_that_are_no_number_are_named(self) -> None:
        for new, message in [
            (FIVE.replace("return ", ""), "returned None: is a return statement missing?"),
            ("return [dE_dy_j * y_j * (1 - y_j)]", "returned a list, [0.13849856162855695], where one number is "
                                                    "expected"),
            ("return float('nan')", 'returned nan, "not a number"'),
            ("return str(dE_dy_j)", "returned a str, '0.7413650695523157', where one number is expected"),
        ]:
            with self.subTest(new):
                report = check(self.variant(FIVE, new))
                self.assertEqual(self.statuses(report)[5], PROBLEM)
                self.assertIn(message, report.text)

    def test_a_function_that_changes_its_arguments_is_told(self) -> None:
        report = check(self.variant("def dE_dw(j, i, dE_dx, y):\n", "def dE_dw(j, i, dE_dx, y):\n    y.pop()\n"))
        self.assertIn("changed its argument y", report.text)

    def test_what_the_learners_code_prints_is_shown_apart(self) -> None:
        report = check(self.variant("def case_error(y, d):\n", "def case_error(y, d):\n    print('E for', y)\n"),
                       net=False)
        self.assertEqual(report.right, 9)
        self.assertIn("your code printed (3 lines shown):\n  | E for [0.7513650695523157", report.text)

    def test_an_overflowing_logistic_passes_with_a_note(self) -> None:
        report = check(self.variant("    if x_j < -700:\n        return math.exp(x_j)\n", ""), net=False)
        self.assertEqual(report.right, 9, report.text)
        self.assertIn("note: at a total input far out, x_j = -800, yours raised OverflowError", report.text)


class NewFile(LearnerFiles):
    def test_new_writes_the_template_and_never_overwrites(self) -> None:
        path = os.path.join(self.folder.name, "mine.py")
        write_new(path)
        with open(path, encoding="utf-8") as file:
            text = file.read()
        self.assertEqual(text, template("mine.py"))
        for exercise in EXERCISES:
            self.assertIn(f"def {exercise.name}(", text)
            self.assertIn(f"Equation ({exercise.number}): {exercise.equation}", text)
        with self.assertRaisesRegex(FileExistsError, "exists already"):
            write_new(path)
        with open(path, encoding="utf-8") as file:
            self.assertEqual(file.read(), text)
        self.assertEqual(os.listdir(self.folder.name), ["mine.py"])  # no temporary file left behind
        report = check(path)
        self.assertEqual(self.statuses(report)[1], TODO)
        self.assertIn("not written yet: it still raises NotImplementedError", report.text)

    def test_every_example_in_the_template_is_what_a_right_solution_gives(self) -> None:
        functions: Dict[str, object] = {}
        exec(SOLUTION, functions)
        for exercise in EXERCISES:
            _, call, shown = exercise.example
            with self.subTest(exercise.title):
                value = eval(call, functions)
                digits = shown.lstrip("≈ ")
                places = len(digits.split(".")[1])
                self.assertEqual(round(value, places), float(digits), call)
                self.assertEqual(shown.startswith("≈"), not math.isclose(value, float(digits), abs_tol=1e-15))


class CommandLine(LearnerFiles):
    def backprop(self, *args: str) -> "subprocess.CompletedProcess[str]":
        return subprocess.run([sys.executable, "-m", "backprop", "exercises", *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=120)

    def test_new_check_and_progress(self) -> None:
        path = os.path.join(self.folder.name, "mine.py")
        done = self.backprop("new", path)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn(f"wrote {path}", done.stdout)
        again = self.backprop("new", path)
        self.assertEqual(again.returncode, 2)
        self.assertIn("exists already", again.stderr)
        self.variant("return y_j - d_j", "return d_j - y_j")  # over the template: a learner's work
        checked = self.backprop("check", path)
        self.assertEqual(checked.returncode, 1, checked.stderr)
        self.assertIn("✗ (4) dE_dy_at_output", checked.stdout)
        self.assertIn("hint: the sign is flipped", checked.stdout)
        listed = self.backprop(path)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertIn("8 of 9 equations right", listed.stdout)
        self.assertRegex(listed.stdout, r"✗ \(4\) dE_dy_at_output +∂E/∂y_j = y_j − d_j")
        self.assertIn("next: (4) dE_dy_at_output", listed.stdout)
        overview = self.backprop()
        self.assertEqual(overview.returncode, 0, overview.stderr)
        self.assertIn("(9) weight_change_with_momentum", overview.stdout)

    def test_usage_mistakes_are_one_line_and_status_2(self) -> None:
        for args, message in [(["check"], "exercises check needs the file"),
                              (["a.py", "b.py"], "exercises takes new FILE, check FILE or a FILE alone"),
                              (["check", os.path.join(self.folder.name, "none.py")], "no such file")]:
            with self.subTest(args=args):
                done = self.backprop(*args)
                self.assertEqual(done.returncode, 2)
                self.assertIn(message, done.stderr)
                self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)

    def test_flags_may_come_before_the_file(self) -> None:
        # The checker says "add --all to check every one": wherever a learner adds it, it works.
        path = os.path.join(self.folder.name, "mine.py")
        self.backprop("new", path)
        after = self.backprop("check", path, "--all", "--timeout", "3")
        for args in (["check", "--all", path], ["check", "--timeout", "3", "--all", path], ["--all", "check", path]):
            with self.subTest(args=args):
                before = self.backprop(*args)
                self.assertEqual((before.returncode, before.stderr), (1, ""))
                self.assertEqual(before.stdout, after.stdout)
        self.assertIn("(9) weight_change_with_momentum", after.stdout)  # --all: every one, not only the first


class Docs(LearnerFiles):
    def test_the_readme_shows_real_checker_output(self) -> None:
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as file:
            readme = file.read()
        section = readme.split("## Write it yourself", 1)[1].split("\n## ", 1)[0]
        shown = re.search(r"```\n(checking my_backprop\.py.*?)```", section, re.S)
        assert shown is not None, "the README's section shows no checker output"
        path = self.variant(FIVE, "return dE_dy_j", name="my_backprop.py")
        report = check(os.path.relpath(path), net=False).text.replace(os.path.relpath(path), "my_backprop.py")
        self.assertEqual(shown.group(1).strip(), report.strip())

    def test_the_teachers_guide_quotes_real_hints(self) -> None:
        with open(os.path.join(ROOT, "docs", "EXERCISES.md"), encoding="utf-8") as file:
            guide = file.read()
        quoted = re.findall(r"^\| \((\d)\) [^|]+\| ([^|]+?) \|$", guide, re.M)
        self.assertGreaterEqual(len(quoted), 9)
        for number, hint in quoted:
            with self.subTest(number=number, hint=hint):
                self.assertTrue(any(" ".join(hint.split()) in mistake.hint for mistake in MISTAKES[int(number)]))


class ImportFloor(unittest.TestCase):
    def test_the_core_and_the_package_load_without_the_exercises(self) -> None:
        done = subprocess.run([sys.executable, "-c", "import sys, backprop, backprop.neuron; "
                               "print('backprop.exercises' in sys.modules)"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        self.assertEqual(done.stdout.split(), ["False"], done.stderr)

    def test_progress_reports_each_equation(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "mine.py")
            with open(path, "w", encoding="utf-8") as file:
                file.write(SOLUTION.replace(FIVE, "raise NotImplementedError"))
            report = progress(path)
        statuses = [verdict.status for verdict in report.verdicts]
        self.assertEqual(statuses, [RIGHT] * 4 + [TODO] + [RIGHT] * 4)
        self.assertEqual(report.nets, [])


if __name__ == "__main__":
    unittest.main()
