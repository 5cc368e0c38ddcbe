"""The narration of one case, checked against the 2-2-2 example worked by hand."""

import unittest

import backprop as bp

from .helpers import snapshot
from .test_hand_worked import INPUTS, TARGETS, mazur_network


class HandWorkedTrace(unittest.TestCase):
    def setUp(self) -> None:
        self.net = mazur_network()
        self.text = bp.explain(self.net, INPUTS, TARGETS, learning_rate=0.5)

    def test_forward_pass_lines(self) -> None:
        self.assertIn("h1  x = 0.05×0.15 + 0.1×0.2 + 1×0.35 = 0.3775   (1)", self.text)
        self.assertIn("y = 1/(1+e^−0.3775) = 0.593269992   (2)", self.text)
        self.assertIn("x = 0.593269992×0.4 + 0.596884378×0.45 + 1×0.6 = 1.10590597   (1)", self.text)
        self.assertIn("y = 1/(1+e^−1.10590597) = 0.75136507   (2)", self.text)

    def test_error_line(self) -> None:
        self.assertIn("E = ½[(0.75136507 − 0.01)² + (0.772928465 − 0.99)²] = 0.298371109   (3)", self.text)

    def test_backward_pass_lines(self) -> None:
        self.assertIn("∂E/∂y = y − d = 0.75136507 − 0.01 = 0.74136507   (4)", self.text)
        self.assertIn("= 0.74136507×0.75136507×(1 − 0.75136507) = 0.138498562   (5)", self.text)
        self.assertIn("∂E/∂w[o1←h1] = ∂E/∂x·y_h1 = 0.138498562×0.593269992 = 0.0821670406   (6)", self.text)
        self.assertIn("∂E/∂w[h1←i1] = ∂E/∂x·y_i1 = 0.00877135469×0.05 = 0.000438567734   (6)", self.text)
        self.assertIn("h1  ∂E/∂y = Σ_j ∂E/∂x_j·w_j,h1 = 0.138498562×0.4 − 0.0380982365×0.5 = 0.0363503064   (7)",
                      self.text)
        self.assertIn("i2  ∂E/∂y = Σ_j ∂E/∂x_j·w_j,i2 = 0.00877135469×0.2 + 0.00995425471×0.3 = 0.00474054735   (7)",
                      self.text)

    def test_update_lines(self) -> None:
        self.assertIn("w[o1←h1] = 0.4 − 0.5×0.0821670406 = 0.35891648   (8)", self.text)
        self.assertIn("w[o2←h1] = 0.5 − 0.5×(-0.0226025405) = 0.51130127   (8)", self.text)
        self.assertIn("w[h1←i1] = 0.15 − 0.5×0.000438567734 = 0.149780716   (8)", self.text)

    def test_the_order_follows_the_paper(self) -> None:
        positions = [self.text.index(mark) for mark in ("forward pass", "(1)", "(2)", "(3)", "backward pass",
                                                         "(4)", "(5)", "(6)", "(7)", "(8)")]
        self.assertEqual(positions, sorted(positions))

    def test_the_network_keeps_its_weights_and_summed_gradients(self) -> None:
        net = mazur_network()
        net.forward([1.0, 0.0])
        net.backward([0.0, 1.0])
        before = snapshot(net)
        units = [(unit.y, unit.dE_dy) for unit in net.units]
        bp.explain(net, INPUTS, TARGETS, learning_rate=0.5)
        self.assertEqual(snapshot(net), before)
        self.assertEqual([(unit.y, unit.dE_dy) for unit in net.units], units)  # still the case of before
        net.forward([1.0, 0.0])  # and the net goes on where it was
        net.backward([0.0, 1.0])
        self.assertEqual([(unit.y, unit.dE_dy) for unit in net.units], units)


class TiedUpdate(unittest.TestCase):
    def test_a_tied_weight_changes_by_the_average_of_its_copies(self) -> None:
        net = bp.Network.unrolled(1, 3, seed=4)
        net.forward([1.0])
        net.backward([0.0])
        gradients = [net.unit(f"s{t}.1").dE_dw[0] for t in (1, 2, 3)]
        self.assertEqual([g > 0 for g in gradients], [True, False, True], gradients)  # the signs the text expects
        net.zero_gradients()
        text = bp.explain(net, [1.0], [0.0], learning_rate=0.25)
        updates = [line for line in text.splitlines() if line.strip().startswith("w[s1.1←s0.1] = ")]
        self.assertEqual(len(updates), 1)  # one change for the three copies
        first, second, third = (bp.narration.number(abs(g)) for g in gradients)
        self.assertIn(f"0.25×({first} − {second} + {third})/3 = ", updates[0])
        self.assertTrue(updates[0].endswith("(8)"))


class Filters(unittest.TestCase):
    def test_one_unit(self) -> None:
        text = bp.explain(mazur_network(), INPUTS, TARGETS, unit="h2")
        self.assertIn("h2  x = ", text)
        self.assertIn("∂E/∂w[h2←i1]", text)
        self.assertNotIn("h1", text.replace("w_j,h2", ""))
        with self.assertRaisesRegex(KeyError, "no unit named 'h9'"):
            bp.explain(mazur_network(), INPUTS, TARGETS, unit="h9")

    def test_markdown_table(self) -> None:
        text = bp.explain(mazur_network(), INPUTS, TARGETS, markdown=True)
        lines = text.splitlines()
        self.assertEqual(lines[:2], ["| unit | eq. | worked out |", "|---|---|---|"])
        self.assertIn("| h1 | (1) | x = 0.05×0.15 + 0.1×0.2 + 1×0.35 = 0.3775 |", lines)
        self.assertTrue(all(line.startswith("|") and line.endswith("|") for line in lines))

    def test_bad_input_is_refused(self) -> None:
        with self.assertRaisesRegex(ValueError, "expected 2 input values, got 1"):
            bp.explain(mazur_network(), [1.0], TARGETS)
        with self.assertRaisesRegex(ValueError, "learning_rate must be > 0"):
            bp.explain(mazur_network(), INPUTS, TARGETS, learning_rate=0)


class TheNudge(unittest.TestCase):
    """A derivative is the change of E per small change of w: moved by 1e-6, E moves by ∂E/∂w × 1e-6."""

    def test_moving_w_o1_h1_changes_e_by_its_derivative(self) -> None:
        found = bp.narration.nudge(mazur_network(), INPUTS, TARGETS, "w[o1←h1]")
        # Hand-worked: E = 0.298371109, ∂E/∂w[o1←h1] = 0.0821670406 (tests/test_hand_worked.py).
        self.assertAlmostEqual(found.E_before, 0.298371109, places=9)
        self.assertAlmostEqual(found.derivative, 0.0821670406, places=10)
        self.assertEqual(found.step, 1e-6)
        self.assertAlmostEqual(found.slope, 0.0821670406, places=7)  # a forward difference: 7 digits, not all
        self.assertNotEqual(found.slope, found.derivative)
        self.assertEqual(found.value, 0.4)

    def test_the_y_of_a_unit_that_feeds_others(self) -> None:
        found = bp.narration.nudge(mazur_network(), INPUTS, TARGETS, "h1")
        self.assertEqual(found.what, "y of h1")
        self.assertAlmostEqual(found.derivative, 0.0363503064, places=10)  # Σ_j ∂E/∂x_j·w_j,h1, hand-worked
        self.assertAlmostEqual(found.slope, 0.0363503064, places=7)
        self.assertAlmostEqual(found.value, 0.593269992, places=9)

    def test_an_ascii_arrow_and_the_bias_are_taken_and_the_net_is_left_as_it_was(self) -> None:
        net = mazur_network()
        before = snapshot(net)
        self.assertEqual(bp.narration.nudge(net, INPUTS, TARGETS, "w[o1<-h1]").what, "w[o1←h1]")
        bias = bp.narration.nudge(net, INPUTS, TARGETS, "bias[h2]")
        self.assertAlmostEqual(bias.slope, 0.00995425471, places=8)  # ∂E/∂x of h2, hand-worked
        self.assertEqual(snapshot(net), before)

    def test_the_y_of_an_output_unit_gives_equation_4(self) -> None:
        found = bp.narration.nudge(mazur_network(), INPUTS, TARGETS, "o1")
        self.assertEqual((found.what, found.equation), ("y of o1", 4))
        self.assertAlmostEqual(found.derivative, 0.74136507, places=8)  # y − d = 0.75136507 − 0.01, hand-worked
        self.assertAlmostEqual(found.slope, found.derivative + 0.5e-6, places=9)  # ΔE/step = y − d + step/2: a square
        self.assertIn("∂E/∂y of o1  0.74136507     by back-propagation, equation 4",
                      bp.narration.nudge_text(found))

    def test_in_a_tied_net_only_the_copy_named_moves(self) -> None:
        # Fig. 5's copies share one list of weights; the nudge moves one copy's weight, or the lines of
        # one unit's y, and meets that copy's derivative (before: every copy moved, 0.056 against 0.00023).
        from backprop.experiments.recurrent import remember_task

        net = bp.Network.unrolled(units=2, steps=4, inputs=1, outputs=1, seed=0)
        inputs, targets = remember_task().cases[1]
        for name in ("w[s2.1<-s1.1]", "bias[s2.1]", "s1.1"):
            with self.subTest(name):
                found = bp.narration.nudge(net, inputs, targets, name)
                self.assertAlmostEqual(found.slope / found.derivative, 1.0, places=5)
        self.assertIs(net.unit("s2.1").w, net.unit("s1.1").w)  # the net itself still tied

    def test_a_name_that_is_no_weight_or_unit_is_refused(self) -> None:
        with self.assertRaisesRegex(KeyError, "no weight or unit named 'w\\[o9<-h1\\]'"):
            bp.narration.nudge(mazur_network(), INPUTS, TARGETS, "w[o9<-h1]")

    def test_the_command_line_shows_the_nudge(self) -> None:
        import io
        import subprocess
        import sys

        from backprop.cli import main

        out = io.StringIO()
        self.assertEqual(main(["explain", "worked-example", "--nudge", "w[o1<-h1]"], out=out), 0)
        lines = out.getvalue().splitlines()
        self.assertEqual(lines[1], "the nudge: w[o1←h1] = 0.4 moved by 1e-06 to 0.400001, the case forward again")
        self.assertEqual(lines[-2].split()[:3], ["ΔE", "/", "1e-06"])
        self.assertTrue(lines[-1].startswith("  ∂E/∂w[o1←h1]  0.0821670406     by back-propagation, equation 6"))
        done = subprocess.run([sys.executable, "-m", "backprop", "explain", "worked-example", "--nudge", "h1",
                               "--lr", "0.5"], capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 2)
        self.assertIn("--nudge shows one quantity's nudge", done.stderr)


if __name__ == "__main__":
    unittest.main()
