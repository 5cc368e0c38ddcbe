"""The Trainer: (8), (9), weight decay, margin, frozen biases, batch vs online, stopping."""

import math
import unittest

import backprop as bp

from .helpers import snapshot


def logistic(x: float) -> float:  # the test's own copy of eq. (2), independent of the library
    return 1.0 / (1.0 + math.exp(-x))


def one_weight_net() -> bp.Network:
    """One input unit feeding one output unit; weight and bias start at 0 (output 0.5)."""
    return bp.Network([1, 1], weight_range=0.0)


CASE = ([1.0], [1.0])
# At w = b = 0 and input 1: y = 0.5, ∂E/∂y = -0.5, ∂E/∂x = -0.5·0.5·0.5 = -0.125 = ∂E/∂w = ∂E/∂bias.


class Updates(unittest.TestCase):
    def test_plain_gradient_descent_eq8(self) -> None:
        net = one_weight_net()
        bp.Trainer(net, learning_rate=2.0).sweep([CASE])
        self.assertEqual(net.unit("o1").weights, [0.25])
        self.assertEqual(net.unit("o1").bias, 0.25)

    def test_momentum_eq9(self) -> None:
        net = one_weight_net()
        trainer = bp.Trainer(net, learning_rate=1.0, momentum=0.5)
        trainer.sweep([CASE])  # Δw(1) = 0.125: w = b = 0.125
        trainer.sweep([CASE])  # Δw(2) = −1·∂E/∂w(2) + 0.5·0.125
        y = logistic(0.125 + 0.125)
        gradient = (y - 1.0) * y * (1.0 - y)
        expected = 0.125 + (-gradient + 0.5 * 0.125)
        self.assertAlmostEqual(net.unit("o1").weights[0], expected, places=15)
        self.assertAlmostEqual(net.unit("o1").bias, expected, places=15)

    def test_weight_decay_after_each_change(self) -> None:
        net = one_weight_net()
        bp.Trainer(net, learning_rate=1.0, weight_decay=0.1).sweep([CASE])
        self.assertAlmostEqual(net.unit("o1").weights[0], 0.125 * 0.9, places=15)
        self.assertAlmostEqual(net.unit("o1").bias, 0.125 * 0.9, places=15)

    def test_frozen_biases_stay_put_and_do_not_decay(self) -> None:
        net = one_weight_net()
        net.unit("o1").bias = 0.3
        bp.Trainer(net, learning_rate=1.0, weight_decay=0.1, train_biases=False).sweep([CASE])
        self.assertEqual(net.unit("o1").bias, 0.3)
        y = logistic(0.3)
        self.assertAlmostEqual(net.unit("o1").weights[0], -(y - 1) * y * (1 - y) * 0.9, places=15)

    def test_margin_counts_close_outputs_as_right(self) -> None:
        net = one_weight_net()
        trainer = bp.Trainer(net, learning_rate=1.0, margin=0.2)
        E = trainer.sweep([([1.0], [0.65]), ([0.0], [0.0])])
        # case 0: |0.5 − 0.65| ≤ 0.2 counts nothing; case 1: |0.5 − 0| > 0.2 counts ½·0.25
        self.assertEqual(E, 0.125)
        # only case 1 moves the weights: ∂E/∂x = 0.5·0.25 = 0.125 with y_i = 0 for the weight
        self.assertEqual(net.unit("o1").weights, [0.0])
        self.assertEqual(net.unit("o1").bias, -0.125)

    def test_batch_sums_then_changes_once_online_changes_after_each_case(self) -> None:
        cases = [([1.0], [1.0]), ([1.0], [0.0])]
        batch = one_weight_net()
        bp.Trainer(batch, learning_rate=1.0).sweep(cases)
        # batch: ∂E/∂w = −0.125 + 0.125 = 0, nothing moves
        self.assertEqual(batch.unit("o1").weights, [0.0])
        online = one_weight_net()
        bp.Trainer(online, learning_rate=1.0, online=True).sweep(cases)
        # online: case 0 moves w and b to 0.125; case 1 then sees y = logistic(0.25)
        y = logistic(0.25)
        expected = 0.125 - y * y * (1 - y)
        self.assertAlmostEqual(online.unit("o1").weights[0], expected, places=15)

    def test_two_calls_continue_like_one(self) -> None:
        cases = bp.tasks.xor().cases
        once, twice = bp.Network([2, 2, 1], seed=4), bp.Network([2, 2, 1], seed=4)
        bp.Trainer(once, learning_rate=0.5, momentum=0.9).train(cases, 40)
        trainer = bp.Trainer(twice, learning_rate=0.5, momentum=0.9)
        trainer.train(cases, 15)
        history = trainer.train(cases, 25)
        self.assertEqual(snapshot(once), snapshot(twice))
        self.assertEqual(history.sweeps, 40)

    def test_settings_may_change_between_calls(self) -> None:
        trainer = bp.Trainer(bp.Network([2, 2, 1], seed=4), learning_rate=0.005, momentum=0.5)
        trainer.train(bp.tasks.xor().cases, 20)
        trainer.learning_rate, trainer.momentum = 0.01, 0.9
        self.assertEqual((trainer.learning_rate, trainer.momentum), (0.01, 0.9))
        with self.assertRaisesRegex(ValueError, r"momentum must be in \[0, 1\), got 1.5"):
            trainer.momentum = 1.5
        self.assertEqual(trainer.momentum, 0.9)


class Stopping(unittest.TestCase):
    def test_xor_is_solved_from_a_fixed_seed(self) -> None:
        net = bp.Network([2, 2, 1], seed=1)
        history = bp.Trainer(net, learning_rate=0.5, momentum=0.9).train(bp.tasks.xor().cases, 5000, target_error=0.01)
        self.assertTrue(history.reached_target)
        for inputs, targets in bp.tasks.xor().cases:
            self.assertLess(abs(net.forward(inputs)[0] - targets[0]), 0.15)

    def test_target_stops_before_the_update_so_E_is_the_nets(self) -> None:
        cases = bp.tasks.xor().cases
        net = bp.Network([2, 2, 1], seed=1)
        history = bp.Trainer(net, learning_rate=0.5, momentum=0.9).train(cases, 5000, target_error=0.05)
        self.assertLessEqual(history.errors[-1], 0.05)
        self.assertGreater(history.errors[-2], 0.05)
        self.assertEqual(net.error(cases), history.errors[-1])

    def test_callback_sees_every_sweep_and_can_stop(self) -> None:
        seen = []

        def stop_at_five(sweep: int, E: float) -> bool:
            seen.append((sweep, E))
            return sweep == 5

        trainer = bp.Trainer(bp.Network([2, 2, 1], seed=0), learning_rate=0.5)
        history = trainer.train(bp.tasks.xor().cases, 100, callback=stop_at_five)
        self.assertEqual([s for s, _ in seen], [1, 2, 3, 4, 5])
        self.assertEqual([E for _, E in seen], history.errors)
        self.assertFalse(history.reached_target)

    def test_a_callback_stop_keeps_the_weights_that_were_measured(self) -> None:
        cases = bp.tasks.xor().cases
        net = bp.Network([2, 2, 1], seed=1)
        history = bp.Trainer(net, learning_rate=0.5, momentum=0.9).train(cases, 100, callback=lambda s, E: s == 30)
        self.assertEqual(history.sweeps, 30)
        self.assertEqual(net.error(cases), history.errors[-1])

    def test_history_tracks_the_largest_miss_and_the_cases_right(self) -> None:
        net = bp.Network([1, 1], weight_range=0.0)  # every output 0.5 at first
        trainer = bp.Trainer(net, learning_rate=1.0)
        history = trainer.train([([1.0], [1.0]), ([1.0], [0.9])], 1)
        self.assertEqual((history.largest_misses, history.cases_right), ([0.5], [1]))  # 0.5 is not right; 0.4 is
        self.assertIsNone(history.solved_at)  # a miss of exactly 0.5 is not on the right side
        net = bp.Network([2, 2, 1], seed=1)
        history = bp.Trainer(net, learning_rate=0.5, momentum=0.9).train(bp.tasks.xor().cases, 3000)
        solved, within = history.solved_at, history.first_sweep_within(0.2)
        self.assertIsNotNone(solved)
        self.assertLess(solved, within)
        self.assertEqual(history.cases_right[solved - 1], 4)
        self.assertLess(history.cases_right[solved - 2], 4)
        self.assertGreater(history.largest_misses[within - 2], 0.2)
        self.assertLessEqual(history.largest_misses[within - 1], 0.2)

    def test_blow_up_names_the_unit_and_sweep_and_leaves_weights(self) -> None:
        net = one_weight_net()
        trainer = bp.Trainer(net, learning_rate=1e300)
        before = snapshot(net)
        message = r"sweep 1: unit o1: the change would make w\[o1←i1\] non-finite"
        with self.assertRaisesRegex(FloatingPointError, message):
            trainer.train([([1e10], [1.0])], 3)
        self.assertEqual(snapshot(net)[0][1], before[0][1])  # weights and bias as they were

    def test_history_reports_itself(self) -> None:
        trainer = bp.Trainer(bp.Network([2, 2, 1], seed=0), learning_rate=0.5)
        self.assertTrue(math.isnan(trainer.history.error))
        history = trainer.train(bp.tasks.xor().cases, 3, target_error=0.001)
        self.assertIn("3 sweeps", repr(history))
        self.assertIn("not reached", repr(history))
        self.assertEqual(history.error, history.errors[-1])


if __name__ == "__main__":
    unittest.main()
