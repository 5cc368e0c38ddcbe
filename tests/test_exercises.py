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
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest
from typing import Dict, List, Tuple

from backprop.exercises import EXERCISES, check, progress, template, write_new
from backprop.exercises.checker import PROBLEM, RIGHT, TODO, UNCHECKED, WRONG, Report
from backprop.exercises.cli import words_first
from backprop.exercises.hints import MISTAKES
from backprop.exercises.language import speaking
from backprop.exercises.sweep_sheet import STEPS
from tests.helpers import FULL, command, long_test

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A right answer to every function of the learner's file, written the plain way a learner would: the body of each.
ANSWERS = {
    "total_input": """    x = 0.0
    for i in range(len(y)):
        x += y[i] * w[j][i]
    return x
""",
    "logistic": """    if x_j < -700:
        return math.exp(x_j)
    return 1.0 / (1.0 + math.exp(-x_j))
""",
    "case_error": """    return 0.5 * sum((y_j - d_j) ** 2 for y_j, d_j in zip(y, d))
""",
    "dE_dy_at_output": """    return y_j - d_j
""",
    "dE_dx": """    return dE_dy_j * y_j * (1 - y_j)
""",
    "dE_dw": """    return dE_dxs[j] * y[i]
""",
    "dE_dy_sent_down": """    total = 0.0
    for j in range(len(dE_dxs)):
        total += dE_dxs[j] * w[j][i]
    return total
""",
    "weight_change": """    return -learning_rate * dE_dw_sum
""",
    "weight_change_with_momentum": """    return -learning_rate * dE_dw_sum + momentum * last_change
""",
    "forward": """    xs, ys = [], [list(inputs)]
    for w in weights:
        y = ys[-1] + [1.0]
        x = [total_input(j, y, w) for j in range(len(w))]
        xs.append(x)
        ys.append([logistic(x_j) for x_j in x])
    return xs, ys
""",
    "backward": """    dE_dys = [dE_dy_at_output(y_j, d_j) for y_j, d_j in zip(ys[-1], targets)]
    for layer in range(len(weights) - 1, -1, -1):
        w, y = weights[layer], ys[layer] + [1.0]
        dE_dxs = [dE_dx(dE_dys[j], xs[layer][j], ys[layer + 1][j]) for j in range(len(w))]
        for j in range(len(w)):
            for i in range(len(y)):
                sums[layer][j][i] += dE_dw(j, i, dE_dxs, y)
        dE_dys = [dE_dy_sent_down(i, dE_dxs, w) for i in range(len(ys[layer]))]
""",
    "sweep": """    sums[:] = zeros_like(weights)
    E = 0.0
    for inputs, targets in cases:
        xs, ys = forward(weights, inputs)
        E += case_error(ys[-1], targets)
        backward(weights, xs, ys, targets, sums)
    return E
""",
    "change_weights": """    for layer, w in enumerate(weights):
        for j, row in enumerate(w):
            for i in range(len(row)):
                change = weight_change_with_momentum(sums[layer][j][i], learning_rate, momentum,
                                                     last_changes[layer][j][i])
                row[i] += change
                last_changes[layer][j][i] = change
""",
    "train": """    sums, last_changes = zeros_like(weights), zeros_like(weights)
    errors = []
    for t in range(1, most_sweeps + 1):
        E = sweep(weights, cases, sums)
        errors.append(E)
        if every and t % every == 0:
            print(f"sweep {t:5}   E = {E:.6f}")
        if E <= target_error:
            break
        change_weights(weights, sums, last_changes, learning_rate, momentum)
    return errors
""",
}
ZEROS_LIKE = """def zeros_like(weights):
    return [[[0.0] * len(row) for row in w] for w in weights]
"""


def plain_file(names: Tuple[str, ...] = tuple(ANSWERS)) -> str:
    """A learner's file without the template's docstrings: ``import math`` and each function's plain def."""
    parts = ["\nimport math\n", ZEROS_LIKE]
    specs = {spec.name: spec for spec in (*EXERCISES, *STEPS)}
    for name in names:
        arguments = ", ".join(param for param, _, _ in specs[name].params)
        parts.append(f"def {name}({arguments.replace('every', 'every=0')}):\n{ANSWERS[name]}")
    return "\n\n".join(parts)


def filled_template(name: str = "mine.py", language: str = "en") -> str:
    """The file ``exercises new`` writes (``--lang language``), every ``raise NotImplementedError`` replaced by the
    right answer's body."""
    with speaking(language):
        text = template(name)
    for function, body in ANSWERS.items():
        head = text.index(f"\ndef {function}(")
        todo = text.index("    raise NotImplementedError\n", head)
        text = text[:todo] + body + text[todo + len("    raise NotImplementedError\n"):]
    return text


SOLUTION = plain_file(tuple(name for name in ANSWERS if name in {exercise.name for exercise in EXERCISES}))
RUN_BY_ITSELF = template("mine.py").split("\n\n\n# ---- Run this file by itself")[1]
WHOLE = plain_file() + "\n\n# ---- Run this file by itself" + RUN_BY_ITSELF  # the nine, the sweep, the XOR run

FIVE = "return dE_dy_j * y_j * (1 - y_j)"
LOGISTIC = """def logistic(x_j):
    if x_j < -700:
        return math.exp(x_j)
    return 1.0 / (1.0 + math.exp(-x_j))
"""
# Checks a file in a process of its own, started in the folder ``cwd`` and isolated from it (-I), so that files there
# named like modules (json.py, backprop.py) reach only the checker; bounded by the caller's timeout.
DRIVER = ("import sys; sys.path.insert(0, sys.argv[1]); from backprop.exercises import check; "
          "print(check(sys.argv[2], net=False).text)")

# The typical wrong answers, and a few more: (the line as written, the wrong line, the
# equation that must catch it, words of the hint it must give).
WRONG_ANSWERS: List[Tuple[str, str, str, int, str]] = [
    ("(4) with the sign flipped", "return y_j - d_j", "return d_j - y_j", 4, "the sign is flipped"),
    ("(5) without y(1 − y)", FIVE, "return dE_dy_j", 5, "the slope of the logistic is missing"),
    ("(5) with x in place of y", FIVE, "return dE_dy_j * x_j * (1 - x_j)", 5, "x_j where y_j belongs"),
    ("(6) with the wrong unit's y", "return dE_dxs[j] * y[i]", "return dE_dxs[j] * y[j]", 6,
     "the y is the wrong unit's"),
    ("(7) summing over the wrong index", "total += dE_dxs[j] * w[j][i]", "total += dE_dxs[j] * w[i][j]", 7,
     "the sum runs along the wrong index"),
    ("(7) forgetting one receiving unit", "for j in range(len(dE_dxs)):", "for j in range(len(dE_dxs) - 1):", 7,
     "one receiving unit is left out"),
    ("(8) with +ε", "return -learning_rate * dE_dw_sum\n", "return learning_rate * dE_dw_sum\n", 8,
     "the change goes uphill"),
    ("(9) momentum added to the gradient", "return -learning_rate * dE_dw_sum + momentum * last_change",
     "return -learning_rate * (dE_dw_sum + momentum * last_change)", 9, "went into the gradient"),
    ("(1) without the bias", "for i in range(len(y)):", "for i in range(len(y) - 1):", 1,
     "the always-1 line is left out"),
    ("(2) with e^(+x)", "return 1.0 / (1.0 + math.exp(-x_j))", "return 1.0 / (1.0 + math.exp(x_j))", 2,
     "the sign of the exponent"),
    ("(3) as a mean", "return 0.5 * sum((y_j - d_j) ** 2 for y_j, d_j in zip(y, d))",
     "return sum((y_j - d_j) ** 2 for y_j, d_j in zip(y, d)) / len(y)", 3, "the mean of the squared misses"),
    ("(9) with a (1 − α) factor", "return -learning_rate * dE_dw_sum + momentum * last_change",
     "return -(1 - momentum) * learning_rate * dE_dw_sum + momentum * last_change", 9, "the (1 − α) factor"),
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
    @long_test
    def test_passes_every_check_trains_xor_and_symmetry_in_step_with_the_library_and_runs_by_itself(self) -> None:
        path = self.write(WHOLE)
        with open(path, "rb") as file:
            before = file.read()
        stamp = os.stat(path).st_mtime_ns
        report = check(path)
        self.assertTrue(report.passed, report.text)
        self.assertEqual(set(self.statuses(report).values()), {RIGHT})
        # The nine in the checker's own sweep: the library's XOR run, Network([2, 2, 1], seed=1), ε = 0.5, α = 0.9,
        # stops at sweep 574.
        (nine,) = report.nets
        self.assertEqual((nine["task"], nine["library_sweeps"], nine["learner_sweeps"]), ("XOR", 574, 574))
        xor, symmetry = report.trains
        self.assertEqual((xor["task"], xor["library_sweeps"], xor["learner_sweeps"]), ("XOR", 574, 574))
        self.assertEqual(symmetry["learner_sweeps"], symmetry["library_sweeps"])
        self.assertTrue(symmetry["learner_reached"] and symmetry["library_reached"])
        for net in report.nets + report.trains:
            self.assertLessEqual(net["largest_difference"], 1e-12)
        self.assertIn("your train learned XOR in 574 sweeps, as the library's does", report.text)
        self.assertIn("agree to 1e-12 at every sweep", report.text)
        self.assertIn("runs by itself, importing nothing of the library", report.text)
        self.assertIn("| stopped after 574 sweeps with E = 0.009933", report.text)
        self.assertTrue(report.text.endswith("in a file that runs without it."), report.text[-300:])
        # The learner's file is only read: same bytes, same time stamp, no __pycache__ beside it.
        with open(path, "rb") as file:
            self.assertEqual(file.read(), before)
        self.assertEqual(os.stat(path).st_mtime_ns, stamp)
        self.assertEqual(os.listdir(self.folder.name), ["mine.py"])

    def test_the_nine_alone_are_told_to_write_the_sweep_next(self) -> None:
        report = check(self.write(SOLUTION), net=False)
        self.assertEqual(report.right, 9)
        self.assertIn("\nall nine equations are right; now write the sweep that uses them.\n", report.text)
        self.assertIn("mine.py has no function forward; the checker calls def forward(weights, inputs)", report.text)
        self.assertNotIn("You have written back-propagation", report.text)
        self.assertFalse(report.passed)

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
        # One wrong answer per equation; the others too with BACKPROP_FULL_TESTS=1 (a check each).
        firsts = [answer for k, answer in enumerate(WRONG_ANSWERS)
                  if FULL or answer[3] not in [earlier[3] for earlier in WRONG_ANSWERS[:k]]]
        for name, old, new, number, hint in firsts:
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
        # A loop that never ends, waiting rather than spinning a core (what the checker sees is the same).
        report = check(self.variant(FIVE, "while True:\n        __import__('time').sleep(1)"), every=True, timeout=1.5)
        self.assertIn("it did not return within 1.5 s, so it was stopped: is there a loop that never ends?",
                      report.text)
        self.assertIn("at unit o1 of the worked 2-2-2 example", report.text)
        # --all goes on, in a new process, with the equations after the one that hung.
        self.assertEqual([self.statuses(report)[n] for n in range(1, 10)], [RIGHT] * 4 + [PROBLEM] + [RIGHT] * 4)

    def test_an_endless_loop_outside_the_functions_is_stopped_while_loading(self) -> None:
        report = check(self.write("while True:\n    __import__('time').sleep(1)\n" + SOLUTION), timeout=1.5)
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
        report = check(self.variant("def dE_dw(j, i, dE_dxs, y):", "def dE_dw(dE_dxs, y):"))
        self.assertIn("\n      dE_dw must take 4 arguments, (j, i, dE_dxs, y); yours takes 2, (dE_dxs, y)\n",
                      report.text)
        report = check(self.variant("def dE_dw(j, i, dE_dxs, y):", "def dE_dw(i, j, dE_dxs, y):"))
        self.assertIn("dE_dw must take its arguments in the order (j, i, dE_dxs, y)", report.text)

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
        report = check(self.variant("def dE_dw(j, i, dE_dxs, y):\n", "def dE_dw(j, i, dE_dxs, y):\n    y.pop()\n"))
        self.assertIn("changed its argument y", report.text)

    def test_what_the_learners_code_prints_is_shown_apart(self) -> None:
        report = check(self.variant("def case_error(y, d):\n", "def case_error(y, d):\n    print('E for', y)\n"),
                       net=False)
        self.assertEqual(report.right, 9)
        self.assertIn("your code printed (3 lines shown):\n  | E for [0.7513650695523157", report.text)

    def test_an_overflowing_logistic_passes_with_one_note_said_while_it_is_the_news(self) -> None:
        plain = SOLUTION.replace("    if x_j < -700:\n        return math.exp(x_j)\n", "")
        # (2) just written, (3) not yet: the note, once, worded for what happened (e^800 overflowed).
        todo = plain.replace("    return 0.5 * sum(", "    raise NotImplementedError\n    return (")
        report = check(self.write(todo), net=False)
        self.assertEqual(self.statuses(report)[2], RIGHT, report.text)
        text = " ".join(report.text.split())
        self.assertEqual(text.count("note: "), 1, report.text)
        self.assertIn("note: at x_j = -800, yours raised OverflowError: math range error: e^800 is beyond the largest "
                      "float", text)
        self.assertIn("so (2) counts as right", text)
        self.assertIn("to have it hold there too, return math.exp(x_j) where x_j is that far below 0", text)
        # (3) right too: the note has been said; it is not repeated at every check.
        report = check(self.write(plain), net=False)
        self.assertEqual(report.right, 9, report.text)
        self.assertNotIn("note: ", report.text)
        self.assertIn("note: ", check(self.write(plain), every=True, net=False).text)  # --all shows everything
        # e^(+x): the function is wrong, and no note explains an overflow it did not have.
        report = check(self.variant("    if x_j < -700:\n        return math.exp(x_j)\n    return 1.0 / (1.0 + "
                                    "math.exp(-x_j))", "    return 1.0 / (1.0 + math.exp(x_j))"), net=False)
        self.assertEqual(self.statuses(report)[2], WRONG)
        self.assertNotIn("note: ", report.text)
        self.assertNotIn("overflow", report.text.lower())


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
                status, _, err = command("exercises", *args)  # main(), in this process: cheaper, says the same
                self.assertEqual(status, 2)
                self.assertIn(message, err)
                self.assertEqual(len(err.strip().splitlines()), 1, err)

    def test_flags_may_come_before_the_file(self) -> None:
        # The checker says "add --all to check every one": wherever a learner adds it, it works.
        path = os.path.join(self.folder.name, "mine.py")
        self.backprop("new", path)
        after = self.backprop("check", path, "--all", "--timeout", "3")
        for args in (["check", "--all", path], ["check", "--timeout", "3", "--all", path], ["--all", "check", path]):
            with self.subTest(args=args):  # the words the parser gets, whatever the order they came in
                words = words_first(["exercises", *args])
                self.assertEqual(words[:3], ["exercises", "check", path])
                self.assertIn("--all", words)
        before = self.backprop("--all", "check", path)  # and one of them run, for real
        self.assertEqual((before.returncode, before.stderr), (1, ""))
        self.assertEqual(before.stdout, after.stdout)
        self.assertIn("(9) weight_change_with_momentum", after.stdout)  # --all: every one, not only the first


class TheVerdictMeansWhatItSays(LearnerFiles):
    """Issue 19: "You have written back-propagation" only for code that computed every answer itself."""

    def checked_in(self, folder: str, name: str, timeout: float = 60) -> "subprocess.CompletedProcess[str]":
        return subprocess.run([sys.executable, "-I", "-c", DRIVER, ROOT, name], cwd=folder, capture_output=True,
                              text=True, timeout=timeout)

    def test_a_function_that_hands_the_work_to_the_library_is_refused_however_it_is_wrapped(self) -> None:
        for name, new in [
            ("a call", "import backprop\n\n\ndef logistic(x_j):\n    return backprop.neuron.logistic(x_j)\n"),
            ("functools.partial", "import functools\nimport backprop.neuron\n\n\n"
                                  "logistic = functools.partial(backprop.neuron.logistic)\n"),
            ("a lambda over map", "import backprop\n\n\nlogistic = lambda x_j: list(map(backprop.neuron.logistic, "
                                  "[x_j]))[0]\n"),
        ]:
            with self.subTest(name):
                report = check(self.variant(LOGISTIC, new), net=False)
                self.assertEqual(self.statuses(report)[2], PROBLEM, report.text)
                block = " ".join(report.text.split("(2) logistic", 1)[1].split())
                self.assertIn("logistic called the library's own backprop.neuron.logistic", block)
                self.assertFalse(report.passed)

    def test_the_library_called_only_once_training_is_under_way_is_refused_there(self) -> None:
        # Its own logistic for the equation checks (fewer than 100 calls), the library's in the whole net.
        path = self.variant(LOGISTIC, "import backprop\nCALLS = [0]\n\n\n" + LOGISTIC.replace(
            "    if x_j < -700:", "    CALLS[0] += 1\n    if CALLS[0] > 100:\n"
                                 "        return backprop.neuron.logistic(x_j)\n    if x_j < -700:"))
        report = check(path)
        self.assertEqual(report.right, 9, report.text)
        self.assertFalse(report.passed)
        self.assertIn("✗ XOR: your code's logistic called the library's own backprop.neuron.logistic", report.text)
        self.assertNotIn("You have written back-propagation", report.text)

    def test_new_refuses_a_name_that_would_hide_a_module(self) -> None:
        from backprop.exercises.cli import hidden_module

        for name, module in [("backprop.py", "backprop"), ("json.py", "json"), ("copy.py", "copy"),
                             ("numbers.py", "numbers"), ("random.py", "random"), (os.path.join("sub", "math.py"),
                                                                                  "math")]:
            with self.subTest(name):
                self.assertEqual(hidden_module(name), module)
        for name in ("my_backprop.py", "mine.py", "backprop_mine.py", "json"):
            with self.subTest(name):
                self.assertEqual(hidden_module(name), "")
        path = os.path.join(self.folder.name, "backprop.py")
        done = subprocess.run([sys.executable, "-m", "backprop", "exercises", "new", path], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 2)
        self.assertIn("would hide the library itself (backprop)", done.stderr)
        self.assertIn("my_backprop.py", done.stderr)
        self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)
        self.assertEqual(os.listdir(self.folder.name), [])

    def test_check_is_truthful_beside_files_named_like_modules(self) -> None:
        # The checking process starts in this folder, where json.py, copy.py, numbers.py and backprop.py (each a
        # right solution) would hide the modules of those names from a process that puts its folder first.
        names = ["json.py", "copy.py", "numbers.py", "backprop.py"]
        for name in names:
            self.write(SOLUTION, name)
        code = DRIVER.replace("print(check(sys.argv[2], net=False).text)",
                              "[print(check(name, net=False).text) for name in sys.argv[2:]]")
        done = subprocess.run([sys.executable, "-I", "-c", code, ROOT, *names], cwd=self.folder.name,
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.count("all nine equations are right"), 4, done.stdout)

    def test_check_run_from_the_folder_of_a_file_that_hides_a_module_says_so(self) -> None:
        self.write(SOLUTION, "json.py")
        done = subprocess.run([sys.executable, "-m", "backprop", "exercises", "check", "json.py"],
                              cwd=self.folder.name, capture_output=True, text=True, timeout=60,
                              env=dict(os.environ, PYTHONPATH=ROOT))
        self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
        self.assertIn("json.py was run by Python in place of its own json module", done.stderr)
        self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)

    @unittest.skipUnless(hasattr(os, "mkfifo") and shutil.which("cat"), "needs a FIFO and cat")
    def test_a_child_process_of_the_learners_code_does_not_hold_up_the_verdict(self) -> None:
        # The child holds the checking process's output and waits until this test lets it go: a verdict that
        # waited for it would never come.
        fifo, pids = self.blocked_readers()
        self.variant(LOGISTIC, "import subprocess\nCHILD = []\n\n\n" + LOGISTIC.replace(
            "    if x_j < -700:", f"    if not CHILD:\n        CHILD.append(subprocess.Popen(['cat', {fifo!r}]))\n"
                                 f"        print(CHILD[0].pid, file=open({pids!r}, 'a'))\n    if x_j < -700:"))
        done = self.checked_in(self.folder.name, "mine.py", timeout=30)
        self.assertIn("all nine equations are right", done.stdout, done.stderr)

    @unittest.skipUnless(hasattr(os, "fork") and hasattr(os, "mkfifo"), "needs os.fork and a FIFO")
    def test_a_forked_child_never_speaks_for_the_checker_nor_holds_up_the_verdict(self) -> None:
        # The first child waits holding every pipe of the checking process; the second goes on running the
        # checker's code, as the parent does.
        fifo, pids = self.blocked_readers()
        self.variant(LOGISTIC, "import os\nFORKS = []\n\n\n" + LOGISTIC.replace(
            "    if x_j < -700:", f"    if not FORKS:\n        FORKS.append(os.fork())\n        if FORKS[0] == 0:\n"
                                 f"            open({fifo!r}).read()\n            os._exit(0)\n"
                                 f"        print(FORKS[0], file=open({pids!r}, 'a'))\n"
                                 f"        FORKS.append(os.fork())\n    if x_j < -700:"))
        done = self.checked_in(self.folder.name, "mine.py", timeout=30)
        self.assertEqual(done.stdout.count("(2) logistic"), 1, done.stdout)
        self.assertEqual(done.stdout.count("all nine equations are right"), 1, done.stdout)

    def blocked_readers(self) -> Tuple[str, str]:
        """A FIFO in the test's folder, and a file for the ids of the processes that wait to read it.

        At the end of the test a reader gets end of file and ends; one that had not opened the FIFO yet
        is ended by its id, once sure it is one of this test's (it runs in the test's folder).
        """
        fifo, pids = os.path.join(self.folder.name, "gate"), os.path.join(self.folder.name, "pids")
        os.mkfifo(fifo)

        def let_go() -> None:
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:  # no reader has it open
                pass
            if not os.path.exists(pids):
                return
            with open(pids, encoding="utf-8") as file:
                for pid in map(int, file.read().split()):
                    try:
                        if os.readlink(f"/proc/{pid}/cwd") == os.path.realpath(self.folder.name):
                            os.kill(pid, signal.SIGKILL)
                    except OSError:  # ended already, or no /proc here
                        pass
        self.addCleanup(let_go)
        return fifo, pids

    def test_any_base_exception_is_told_as_the_learners_own(self) -> None:
        text = SOLUTION.replace(FIVE, "raise KeyboardInterrupt").replace(
            "return dE_dxs[j] * y[i]", "raise Stop('enough')").replace(
            "    total = 0.0\n", "    raise Weird()\n") + (
            "\n\nclass Stop(BaseException):\n    pass\n\n\nclass Weird(Exception):\n"
            "    def __str__(self):\n        raise ValueError('no words')\n")
        report = check(self.write(text), every=True)
        statuses = self.statuses(report)
        self.assertEqual([statuses[n] for n in (5, 6, 7)], [PROBLEM] * 3, report.text)
        self.assertNotIn("os._exit", report.text)
        self.assertNotIn("the checking process", report.text)
        blocks = re.split(r"\n  . \(\d\) ", report.text)
        for block, raised in zip(blocks[5:8], ["KeyboardInterrupt", "Stop: enough", "Weird"]):
            self.assertIn("Traceback (your code, most recent call last):", block)
            self.assertRegex(block, r'File ".*mine\.py", line \d+, in ')
            self.assertIn(raised, block)
            self.assertNotIn("backprop" + os.sep, block)
        self.assertRegex(blocks[7], r"\n      Weird \(its message could not be shown: str\(\) raised ValueError\)")

    def test_a_base_exception_while_loading_or_training_is_told_as_the_learners_own(self) -> None:
        report = check(self.write("raise SystemExit('bye')\n" + SOLUTION.replace("import math", "")), net=False)
        self.assertIn("mine.py raised SystemExit while loading", report.text)
        path = self.variant(LOGISTIC, "CALLS = [0]\n\n\n" + LOGISTIC.replace(
            "    if x_j < -700:", "    CALLS[0] += 1\n    if CALLS[0] > 100:\n        raise KeyboardInterrupt\n"
                                 "    if x_j < -700:"))
        report = check(path)
        self.assertIn("✗ XOR: your code raised KeyboardInterrupt", report.text)
        self.assertNotIn("os._exit", report.text)

    def test_a_file_python_refuses_to_run_is_refused_as_python_refuses_it(self) -> None:
        path = os.path.join(self.folder.name, "mine.py")
        latin = SOLUTION.replace("import math", "import math  # café").encode("latin-1")
        with open(path, "wb") as file:
            file.write(latin)
        report = check(path, net=False)
        line = next((line for line in report.text.splitlines() if "SyntaxError" in line), report.text)
        self.assertRegex(line, r"mine\.py, line 2: SyntaxError: Non-UTF-8 code starting with '\\xe9', but no "
                               r"encoding declared")
        self.assertEqual(set(self.statuses(report).values()), {UNCHECKED})
        with open(path, "wb") as file:  # declared, as PEP 263 asks: Python runs it, and so does the checker
            file.write(b"# -*- coding: latin-1 -*-" + latin)
        self.assertEqual(check(path, net=False).right, 9)

    def test_the_report_stays_small_whatever_is_printed_or_raised(self) -> None:
        path = self.write("print('x' * 3_000_000)\n" + SOLUTION.replace(FIVE, "raise ValueError('y' * 3_000_000)"))
        report = check(path)
        self.assertEqual(self.statuses(report)[5], PROBLEM)
        self.assertLess(len(report.text), 10_000)
        self.assertIn("more characters", report.text)
        self.assertIn("  | xxxxxxxx", report.text)
        self.assertIn("ValueError: yyyyyyyy", report.text)

    def test_the_timeout_is_per_call_in_the_whole_net_too(self) -> None:
        # The equation checks call weight_change 77 times (every weight of the three probe nets). In the whole net's
        # first change the next 8 calls take 0.15 s each, 1.2 s in one sweep, more than the 1 s timeout, and each well
        # within it; the 9th is wrong, so the runs part right after that sweep.
        path = self.variant("def weight_change(dE_dw_sum, learning_rate):\n    return -learning_rate * dE_dw_sum\n",
                            "import time\nCALLS = [0]\n\n\ndef weight_change(dE_dw_sum, learning_rate):\n"
                            "    CALLS[0] += 1\n    if 77 < CALLS[0] <= 85:\n        time.sleep(0.15)\n"
                            "    elif CALLS[0] == 86:\n        return 1.0\n"
                            "    return -learning_rate * dE_dw_sum\n")
        report = check(path, timeout=1.0)
        self.assertEqual(report.right, 9, report.text)
        self.assertNotIn("did not answer", report.text)
        self.assertIn("✗ XOR: the two runs part at sweep 1", report.text)

    def test_a_timeout_that_is_no_number_of_seconds_is_refused(self) -> None:
        path = self.write(SOLUTION)
        for value in ("nan", "inf", "1e400", "0"):
            with self.subTest(value):
                done = subprocess.run([sys.executable, "-m", "backprop", "exercises", "check", path, "--timeout",
                                       value], cwd=ROOT, capture_output=True, text=True, timeout=60)
                self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
                self.assertIn("--timeout must be a finite number of seconds above 0", done.stderr)
                self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)


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
