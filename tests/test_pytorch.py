"""PyTorch beside the library: examples/to_pytorch.py and docs/TO_PYTORCH.md.

The example runs the worked 2-2-2 net, the XOR run, the family trees and an unrolled net in the library and in
PyTorch side by side. Here it is run once and its output read: every agreement within TOLERANCE, each documented
difference checked against numbers computed without PyTorch (the hand-worked example, the library's own runs,
PyTorch's SGD rule written out in Python), and the guide held to what the example and its code block print.

With BACKPROP_FULL_TESTS=1 (set by .ci/run) on CPython, a missing PyTorch fails these tests; elsewhere they are
skipped with a note naming ``pip install torch==2.13.0``. PyPy has no PyTorch: there they skip. Without
BACKPROP_FULL_TESTS the example's run (some 10 s) is skipped as a long test. Nothing here imports torch into the
test process: the example and the guide's code run in child processes.
"""

import ast
import functools
import importlib.util
import os
import platform
import re
import subprocess
import sys
import tempfile
import unittest
from typing import Dict, List, Optional, Tuple

import backprop as bp

from .helpers import FULL, LONG_TEST, long_test

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "examples", "to_pytorch.py")
GUIDE = os.path.join(ROOT, "docs", "TO_PYTORCH.md")
INSTALL = "pip install torch==2.13.0"

# Two numbers are the same when they differ by less than this (docs/TO_PYTORCH.md, "How close is agree"): rounding
# alone gave at most 3.4e-11 in these runs (the tied net summed, whose units saturate), 1e-13 on XOR; the smallest
# real difference shown is 4.32e-05. The worked example's one sweep is held to WORKED, since nothing builds up.
TOLERANCE = 1e-9
WORKED = 1e-15

HAVE_TORCH = importlib.util.find_spec("torch") is not None
CPYTHON = platform.python_implementation() == "CPython"
# A difference at the level of rounding, as the example prints it: 0, or the power of ten above it.
ROUNDING = re.compile(r"(?<![\w.])(0|< 1e-\d+)(?![\w.])")


def need_torch(test: unittest.TestCase) -> None:
    """Skip, or under BACKPROP_FULL_TESTS=1 on CPython fail, a test that needs PyTorch where it is missing."""
    if HAVE_TORCH:
        return
    if FULL and CPYTHON:
        test.fail(f"PyTorch is not installed, and BACKPROP_FULL_TESTS=1 asks for the comparison with it: {INSTALL}")
    why = "PyTorch is not installed" if CPYTHON else f"PyTorch has no build for {platform.python_implementation()}"
    test.skipTest(f"{why}; {INSTALL} (the CPU build) runs the comparison with PyTorch")


def read(path: str) -> str:
    with open(path, encoding="utf-8") as file:
        return file.read()


def difference(token: str) -> float:
    """The largest a printed difference can be: ``0``, ``< 1e-13`` (below 1e-13) or a number as it is."""
    token = token.strip()
    if token.startswith("< "):
        return float(token[2:])
    return float(token)


def without_blank_lines(text: str) -> List[str]:
    return [line for line in text.splitlines() if line.strip()]


class TheExample(unittest.TestCase):
    """The example's output, from one run."""

    output: Optional[str] = None

    @classmethod
    def setUpClass(cls) -> None:
        if HAVE_TORCH and FULL:
            done = subprocess.run([sys.executable, EXAMPLE], cwd=ROOT, capture_output=True, text=True,
                                  encoding="utf-8", timeout=600)
            cls.output = done.stdout if done.returncode == 0 else f"the example failed:\n{done.stderr}"

    def setUp(self) -> None:
        need_torch(self)
        if not FULL:
            self.skipTest(f"running examples/to_pytorch.py is {LONG_TEST}")
        assert self.output is not None
        self.assertNotIn("the example failed", self.output[:30], self.output)
        self.text = self.output

    def section(self, start: str, end: Optional[str] = None) -> str:
        """The output from the line starting with ``start`` to the one starting with ``end`` (or the end)."""
        begin = self.text.index("\n" + start) + 1 if not self.text.startswith(start) else 0
        stop = self.text.index("\n" + end, begin) + 1 if end else len(self.text)
        return self.text[begin:stop]

    def rows(self, pattern: str, text: str) -> List[Tuple[str, ...]]:
        found = re.findall(pattern, text, re.M)
        self.assertTrue(found, f"no line like {pattern!r} in\n{text}")
        return found

    # ---- the guide ----------------------------------------------------------------------------------------

    def test_the_guide_shows_what_the_example_prints(self) -> None:
        blocks = re.findall(r"```text\n(.*?)```", read(GUIDE), re.S)
        self.assertGreaterEqual(len(blocks), 6)
        command = "$ python examples/to_pytorch.py\n"
        self.assertTrue(blocks[0].startswith(command), blocks[0][:60])
        shown = without_blank_lines(ROUNDING.sub("≈0", "".join(blocks)[len(command):]))
        printed = without_blank_lines(ROUNDING.sub("≈0", self.text))
        self.assertEqual(shown, printed)

    def test_the_numbers_the_guides_words_quote_are_the_examples(self) -> None:
        guide = read(GUIDE)
        prose = "\n".join(part for k, part in enumerate(re.split(r"```", guide)) if k % 2 == 0)
        for number in ("0.009933", "0.499958", "0.0516", "4.32e-05", "17.26", "0.951218", "0.621952", "256.845640",
                       "199.481266", "0.258", "366", "2.000", "3.980", "0.371131"):
            with self.subTest(number=number):
                self.assertIn(number, prose)
                self.assertIn(number, self.text)

    # ---- the agreements -----------------------------------------------------------------------------------

    def test_the_worked_example_agrees_with_the_hand_worked_numbers(self) -> None:
        part = self.section("== 1.", "== 2.")
        # The hand-worked example's ∂E/∂w (docs/STEPPING_THROUGH.md; tests/test_hand_worked.py)
        by_hand = {"w[o1←h1]": 0.08216704056423077, "w[o1←h2]": 0.08266762784753325, "bias[o1]": 0.13849856162855695,
                   "w[h1←i1]": 0.0004385677344743465, "w[h1←i2]": 0.000877135468948693, "bias[h1]": 0.00877135468948693}
        rows = self.rows(r"^((?:w|bias)\[\S+\])\s+([+-][\d.]+)\s+([+-][\d.]+)\s+(0|< 1e-\d+|\S+)$", part)
        self.assertEqual(len(rows), 12)  # every weight of the 2-2-2 net, biases included
        for name, library, in_torch, gap in rows:
            with self.subTest(weight=name):
                self.assertLessEqual(abs(float(library) - float(in_torch)), WORKED)
                self.assertLess(difference(gap), WORKED)
                if name in by_hand:
                    self.assertAlmostEqual(float(library), by_hand[name], places=15)
        # E = ½ ((0.7513650695523157 − 0.01)² + (0.7729284653214625 − 0.99)²), the outputs worked by hand
        E = 0.5 * ((0.7513650695523157 - 0.01) ** 2 + (0.7729284653214625 - 0.99) ** 2)
        (library, in_torch), = self.rows(r"^E\s+library ([\d.]+)\s+PyTorch ([\d.]+)$", part)
        self.assertEqual(library, f"{E:.12f}")
        self.assertEqual(in_torch, f"{E:.12f}")
        # w[o1←h1] after one change: 0.40 − 0.5 × ∂E/∂w[o1←h1]; after the second, as the library's Trainer has it
        net = bp.experiments.worked_example_network()
        trainer = bp.Trainer(net, learning_rate=0.5, momentum=0.9)
        trainer.sweep(bp.tasks.worked_example().cases)
        self.assertAlmostEqual(net.unit("o1").w[0], 0.40 - 0.5 * by_hand["w[o1←h1]"], places=15)
        first = net.unit("o1").w[0]
        trainer.sweep(bp.tasks.worked_example().cases)
        after = self.rows(r"^after sweep \d.*largest difference (0|< 1e-\d+|\S+); w\[o1←h1\] = ([\d.]+)", part)
        self.assertEqual([value for _, value in after], [f"{first:.12f}", f"{net.unit('o1').w[0]:.12f}"])
        for gap, _ in after:
            self.assertLess(difference(gap), WORKED)

    def test_the_xor_run_agrees_sweep_by_sweep(self) -> None:
        part = self.section("== 2.", "== 3.")
        # E every 100 sweeps and at the last, as examples/xor.py prints it (the README's sample)
        readme = {100: "0.500016", 200: "0.499995", 300: "0.499968", 400: "0.499794", 500: "0.480408",
                  574: "0.009933"}
        rows = self.rows(r"^\s*(\d+)\s+([\d.]+)\s+([\d.]+)", part)
        self.assertEqual([int(sweep) for sweep, _, _ in rows], list(readme))
        for sweep, library, in_torch in rows:
            self.assertEqual(library, in_torch)
            self.assertEqual(f"{float(library):.6f}", readme[int(sweep)])
        self.assert_agreement(self.rows(r"^largest difference over the 574 sweeps: (.*)$", part)[0], 3)

    def assert_agreement(self, line: str, quantities: int) -> None:
        """Each ``what token`` pair of an agreement line below TOLERANCE."""
        pairs = re.findall(r"(E|∂E/∂w|w) (0|< 1e-\d+|[\d.e+-]+)(?:,|$)", line)
        self.assertEqual(len(pairs), quantities, line)
        for what, token in pairs:
            self.assertLess(difference(token), TOLERANCE, f"{what} in {line!r}")

    def test_every_agreement_is_within_the_tolerance(self) -> None:
        lines = self.rows(r"^agree, (.*)$", self.text)
        self.assertEqual(len(lines), 6)  # two ways for E, one each for momentum and decay, two for tied weights
        for line in lines:
            with self.subTest(line=line):
                self.assert_agreement(line.split("largest difference ")[1], 2 if "MSELoss" in line else 3)

    # ---- the differences ----------------------------------------------------------------------------------

    def test_mse_loss_is_E_times_2_over_cases_times_outputs(self) -> None:
        part = self.section("-- (3)", "-- (9)")
        sizes = {"worked example": (1, 2), "XOR": (4, 1), "family trees": (100, 24)}
        rows = self.rows(r"^(.+?),\s+(\d+) ×\s+(\d+) \(cases × outputs\): E =\s+([\d.]+), MSELoss\(\) = ([\d.]+) "
                         r"= E × 2/(\d+)$", part)
        self.assertEqual([row[0] for row in rows], list(sizes))
        for name, n, k, E, mse, factor in rows:
            cases = {"worked example": bp.tasks.worked_example().cases, "XOR": bp.tasks.xor().cases,
                     "family trees": bp.experiments.family_trees_recipe(seed=0).cases}[name]
            self.assertEqual((int(n), int(k)), (len(cases), len(cases[0][1])))
            self.assertEqual(int(factor), int(n) * int(k))
            self.assertAlmostEqual(float(mse), float(E) * 2 / int(factor), delta=1.5e-6)
        # The first E of each, computed by the library from the same weights
        net = bp.Network([2, 2, 1], seed=1, weight_range=0.5)
        self.assertEqual(rows[1][3], f"{net.error(bp.tasks.xor().cases):.6f}")
        (low, high), = self.rows(r"^XOR, sweep 1: \.grad ÷ ∂E/∂w is ([\d.]+) … ([\d.]+) over the 9 weights", part)
        self.assertEqual((low, high), ("0.500000000000", "0.500000000000"))  # 2/(4 × 1)
        (library, mean), = self.rows(r"^XOR, 574 sweeps.*: E = ([\d.]+) with ½ Σ; with MSELoss\(\), E = ([\d.]+)$",
                                     part)
        self.assertEqual(library, "0.009933")
        self.assertGreater(float(mean), 0.49)  # half the steps: still on the plateau, E near 0.5

    @staticmethod
    @functools.lru_cache(maxsize=None)
    def family_trees_in_the_library() -> Dict[int, Tuple[float, float, float, float]]:
        """The library's run that the example's family-trees parts show: for sweeps 1, 20, 21, 60, its E, Σw²,
        the largest |∂E/∂w| of the sweep and the largest |Δw(t)| (before decay) after it."""
        recipe = bp.experiments.family_trees_recipe(seed=0)
        first, then = recipe.phases
        net = recipe.build(0, recipe.weight_range)
        trainer = bp.Trainer(net, learning_rate=first.learning_rate, momentum=first.momentum,
                             weight_decay=recipe.weight_decay, margin=recipe.margin)
        seen = {}
        for sweep in range(1, 61):
            if sweep == first.sweeps + 1:
                trainer.learning_rate, trainer.momentum = then.learning_rate, then.momentum
            E = trainer.sweep(recipe.cases)
            if sweep in (1, 20, 21, 22, 30, 60):
                seen[sweep] = (E, sum(w * w for n in net.neurons for w in n.w),
                               max(abs(g) for n in net.neurons for g in n.dE_dw),
                               max(abs(step) for steps in trainer.last_changes for step in steps))
        return seen

    def test_momentum_parts_at_the_change_of_learning_rate(self) -> None:
        part = self.section("-- (9)", "-- weight decay")
        recipe = bp.experiments.family_trees_recipe(seed=0)
        first, then = recipe.phases
        self.assertEqual((first.sweeps, first.learning_rate, then.learning_rate), (20, 0.005, 0.05))
        self.assertIn(f"buffer × {first.learning_rate:g}/{then.learning_rate:g} at the change", part)
        library = self.family_trees_in_the_library()
        rows = self.rows(r"^\s*(\d+)\s+([\d.]+)\s+(0|< 1e-\d+|[\d.e-]+)\s+(0|< 1e-\d+|[\d.e-]+)$", part)
        self.assertEqual([int(row[0]) for row in rows], [1, 20, 21, 22, 30, 60])
        for sweep, E, as_is, rescaled in rows:
            with self.subTest(sweep=sweep):
                self.assertEqual(E, f"{library[int(sweep)][0]:.6f}")
                self.assertLess(difference(rescaled), TOLERANCE)
                if int(sweep) <= first.sweeps:
                    self.assertLess(difference(as_is), TOLERANCE)  # ε constant: the velocity form is (9)
                else:
                    self.assertGreater(difference(as_is), 0.01)
        # At sweep 21 SGD adds α·lr·v(20) = α·(0.05/0.005)·|Δw(20)| where (9) adds α·|Δw(20)|: the weights part by
        # α·(10 − 1)·Δw(20), then both decay by (1 − d).
        _, _, _, last_change = library[20]
        expected = then.momentum * (then.learning_rate / first.learning_rate - 1) * last_change
        expected *= 1 - recipe.weight_decay
        self.assertEqual(rows[2][2], f"{expected:.3g}")

    def test_weight_decay_shrinks_where_sgd_adds_an_l2_gradient(self) -> None:
        part = self.section("-- weight decay", "-- Fig. 5")
        library = self.family_trees_in_the_library()
        recipe = bp.experiments.family_trees_recipe(seed=0)
        d, epsilon = recipe.weight_decay, recipe.phases[0].learning_rate
        rows = self.rows(r"^\s*(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.e-]+)$", part)
        self.assertEqual([int(row[0]) for row in rows], [1, 20, 60])
        for sweep, squares, shrunk, l2, gap in rows:
            with self.subTest(sweep=sweep):
                self.assertEqual(squares, f"{library[int(sweep)][1]:.6f}")
                self.assertEqual(shrunk, squares)  # p.mul_(1 − d) after step() is the library's decay
                self.assertNotEqual(l2, squares)
                self.assertGreater(float(gap), 1e-5)
        # Sweep 1, no momentum yet: (w − ε g)(1 − d) against w − ε(g + (d/ε) w) parts by d·ε·g exactly
        steepest = library[1][2]
        self.assertEqual(rows[0][4], f"{d * epsilon * steepest:.3g}")
        self.assertIn(f"0.0005 × 0.005 × {steepest:.4g} = {d * epsilon * steepest:.3g}", part)
        # A weight no case moves, 100 changes: the library's (1 − d)^100; SGD's rule (PyTorch's documentation) with
        # weight decay λ = d/ε, momentum α and no dampening: g = λw; v = g at the first step, then αv + g; w −= ε v
        w, v, learning_rate, alpha, lam = 1.0, 0.0, 0.05, 0.9, 0.0005 / 0.05
        for step in range(100):
            g = lam * w
            v = g if step == 0 else alpha * v + g
            w -= learning_rate * v
        self.assertIn(f"leaves (1 − d)^100 = {(1 - 0.0005) ** 100:.6f}; SGD(weight_decay=d/ε) {w:.6f}", part)

    def test_tied_weights_autograd_sums_where_the_paper_averages(self) -> None:
        part = self.section("-- Fig. 5")
        cases = bp.tasks.remember(steps=4, units=2).cases
        net = bp.Network.unrolled(units=2, steps=4, inputs=1, outputs=1, seed=0)
        self.assertEqual([len(group) for group in net.weight_groups], [4, 3])
        bp.Trainer(net, learning_rate=0.3, momentum=0.9).sweep(cases)
        shown = self.rows(r"^sweep 1, (\S+): the copies' ∂E/∂w (.*)\n\s+their average ([+-][\d.]+), their sum "
                          r"([+-][\d.]+); \.grad ([+-][\d.]+)$", part)
        self.assertEqual(len(shown), 2)
        for (name, copies, average, total, grad), group in zip(shown, net.weight_groups):
            with self.subTest(weight=name):
                self.assertEqual(name, group[0].weight_name(0))
                self.assertEqual(copies, ", ".join(f"{n.dE_dw[0]:+.6f}" for n in group))
                exact = sum(n.dE_dw[0] for n in group)
                self.assertEqual(total, f"{exact:+.6f}")
                self.assertEqual(average, f"{exact / len(group):+.6f}")
                self.assertEqual(grad, total)  # autograd's .grad of the shared weight: the copies' sum
        runs = {}
        for tied in ("average", "sum"):
            net = bp.Network.unrolled(units=2, steps=4, inputs=1, outputs=1, seed=0)
            trainer = bp.Trainer(net, learning_rate=0.3, momentum=0.9, tied=tied)
            trainer.train(cases, 1000)
            runs[tied] = trainer.history.errors
        rows = self.rows(r"^(library .+?)\s+([\d.]+)\s+([\d.]+)\s+(0|< 1e-\d+|[\d.e-]+)$", part)
        self.assertEqual(len(rows), 3)
        (_, average, as_is, gap), (_, average_again, divided, small), (_, summed, summed_torch, smaller) = rows
        self.assertEqual(average, f"{runs['average'][-1]:.6f}")
        self.assertEqual(summed, f"{runs['sum'][-1]:.6f}")
        self.assertEqual(as_is, summed_torch)  # PyTorch as it is trains as the library's tied="sum"
        self.assertNotEqual(as_is, average)
        self.assertGreater(difference(gap), 1.0)
        self.assertEqual((average_again, divided), (average, average))
        self.assertLess(difference(small), TOLERANCE)
        self.assertLess(difference(smaller), TOLERANCE)
        lowest = min(runs["sum"])
        when = runs["sum"].index(lowest) + 1
        self.assertIn(f"E = {lowest:.3f} at sweep {when} (averaged: still {runs['average'][when - 1]:.3f})", part)
        self.assertIn(f"E = {runs['sum'][when + 1]:.3f} at sweep {when + 2}", part)


class TheGuide(unittest.TestCase):
    guide = read(GUIDE)

    @long_test  # PyTorch's import alone takes seconds
    def test_its_code_runs_and_prints_what_it_shows(self) -> None:
        need_torch(self)
        code, shown = re.search(r"```python\n(.*?)```\s+prints\s+```\n(.*?)```", self.guide, re.S).groups()
        done = subprocess.run([sys.executable, "-"], input=code, cwd=ROOT, capture_output=True, text=True,
                              encoding="utf-8", timeout=300)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout, shown)
        for line in shown.splitlines():  # PyTorch's number, then the library's: the same to 12 places
            numbers = line.split()[-2:]
            self.assertEqual(numbers[0], numbers[1], line)

    def test_its_fragments_are_the_examples_own_lines(self) -> None:
        fragments = re.findall(r"```python\n(.*?)```", self.guide, re.S)[1:]
        self.assertEqual(len(fragments), 3)  # momentum's buffer, the decay's shrink, the tied average
        example = [line.strip() for line in read(EXAMPLE).splitlines() if line.strip()]
        for fragment in fragments:
            lines = [line.strip() for line in fragment.splitlines() if line.strip()]
            with self.subTest(fragment=lines[0]):
                self.assertTrue(any(example[k:k + len(lines)] == lines for k in range(len(example))), fragment)

    def test_the_guide_and_the_example_give_the_same_install_command(self) -> None:
        self.assertIn(f"```sh\n{INSTALL}\n```", self.guide)
        self.assertIn(INSTALL, read(EXAMPLE))


class WithoutTorch(unittest.TestCase):
    def test_the_example_says_so_in_one_line_and_exits_0(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            os.mkdir(os.path.join(folder, "torch"))
            with open(os.path.join(folder, "torch", "__init__.py"), "w", encoding="utf-8") as file:
                file.write("raise ImportError('no torch here')\n")
            environment = dict(os.environ, PYTHONPATH=folder)
            done = subprocess.run([sys.executable, EXAMPLE], cwd=folder, capture_output=True, text=True,
                                  encoding="utf-8", env=environment, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(len(done.stdout.splitlines()), 1, done.stdout)
        self.assertIn(INSTALL, done.stdout)
        self.assertEqual(done.stderr, "")

    def test_the_library_never_imports_torch(self) -> None:
        package = os.path.join(ROOT, "backprop")
        for folder, _, files in os.walk(package):
            for name in files:
                if not name.endswith(".py"):
                    continue
                path = os.path.join(folder, name)
                for node in ast.walk(ast.parse(read(path))):
                    names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                        [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                    for imported in names:
                        self.assertNotEqual(imported.split(".")[0], "torch", f"{path} imports {imported}")
        code = ("import sys, backprop, backprop.cli, backprop.draw, backprop.experiments, backprop.exercises; "
                "print(sorted(name for name in sys.modules if name.split('.')[0] == 'torch'))")
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
        self.assertEqual(done.stdout.strip(), "[]", done.stderr)


if __name__ == "__main__":
    unittest.main()
