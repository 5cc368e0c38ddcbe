"""Fig. 5: tied weights and unrolled recurrent nets, built from the ordinary objects."""

import random
import unittest

import backprop as bp
from backprop import experiments, io

from .helpers import snapshot


def random_unrolled(rng: random.Random) -> tuple:
    units, steps = rng.randint(1, 3), rng.randint(1, 4)
    inputs = rng.choice([0, 1, 2])
    outputs = rng.randint(1, units)
    net = bp.Network.unrolled(units, steps, inputs=inputs, outputs=outputs, seed=rng.randrange(1000),
                              weight_range=rng.choice([0.5, 1.5]))
    cases = [([rng.random() for _ in range(net.input_size)], [rng.random() for _ in range(outputs)])
             for _ in range(rng.randint(1, 3))]
    return net, cases


class TiedGradients(unittest.TestCase):
    def test_finite_differences_on_random_tied_nets_of_1_to_4_steps(self) -> None:
        rng = random.Random(5)
        steps_seen = set()
        for trial in range(60):
            net, cases = random_unrolled(rng)
            steps_seen.add(net.recurrent.steps)
            self.assertLess(bp.check_gradients(net, cases), 1e-7, f"trial {trial}: {net!r}")
        self.assertEqual(steps_seen, {1, 2, 3, 4})

    def test_a_tied_weights_derivative_is_the_sum_over_its_copies(self) -> None:
        net = bp.Network.unrolled(2, 3, inputs=1, seed=2)
        cases = [([0.0, 0.0, 1.0, 0.0, 1.0], [1.0, 0.0])]
        net.forward(cases[0][0])
        net.backward(cases[0][1])
        copies = [net.unit(f"s{t}.1") for t in (1, 2, 3)]
        summed = sum(n.dE_dw[2] for n in copies)
        self.assertNotEqual(copies[0].dE_dw[2], summed)
        net.zero_gradients()
        report = {c.name: c for c in bp.gradient_report(net, cases)}
        self.assertAlmostEqual(report["w[s1.1←s0.2]"].backprop, summed, places=15)
        self.assertAlmostEqual(report["w[s1.1←s0.2]"].numeric, summed, places=8)
        self.assertEqual(len(report), 2 * (3 + 1))  # one entry per shared value, not per copy


class TiedUpdates(unittest.TestCase):
    def test_a_tie_group_stays_exactly_equal(self) -> None:
        for tied in ("average", "sum"):
            net = bp.Network.unrolled(3, 4, inputs=1, outputs=1, seed=1)
            trainer = bp.Trainer(net, learning_rate=0.5, momentum=0.9, weight_decay=0.01, tied=tied)
            trainer.train(bp.tasks.remember(4, 3).cases[:6], 50)
            for group in net.weight_groups:
                for neuron in group[1:]:
                    self.assertIs(neuron.w, group[0].w)
                    self.assertEqual(neuron.bias, group[0].bias)
            self.assertEqual([len(g) for g in net.weight_groups], [4, 3, 3])

    def test_the_paper_averages_and_sum_is_the_option(self) -> None:
        cases = [([0.0, 0.0, 1.0, 1.0], [1.0])]
        changes = {}
        for tied in ("average", "sum"):
            net = bp.Network.unrolled(2, 2, inputs=1, outputs=1, seed=3)
            before = list(net.unit("s1.1").weights)
            bp.Trainer(net, learning_rate=0.1, tied=tied).sweep(cases)
            changes[tied] = [a - b for a, b in zip(net.unit("s1.1").weights, before)]
        for average, total in zip(changes["average"], changes["sum"]):
            self.assertAlmostEqual(total, 2 * average, places=15)  # unit 1 has 2 copies (steps 1 and 2)
        with self.assertRaisesRegex(ValueError, "tied must be 'average' .* got 'mean'"):
            bp.Trainer(bp.Network([1, 1]), tied="mean")

    def test_the_update_is_minus_epsilon_times_the_average_of_the_copies(self) -> None:
        net = bp.Network.unrolled(1, 3, inputs=0, seed=4)
        cases = [([1.0], [0.0])]
        copies = [net.unit(f"s{t}.1") for t in (1, 2, 3)]
        w = net.unit("s1.1").weights[0]
        net.zero_gradients()
        net.forward(cases[0][0])
        net.backward(cases[0][1])
        average = sum(n.dE_dw[0] for n in copies) / 3
        bp.Trainer(net, learning_rate=0.25).sweep(cases)
        self.assertAlmostEqual(net.unit("s3.1").weights[0], w - 0.25 * average, places=15)


class Unrolling(unittest.TestCase):
    def test_one_step_is_the_plain_feed_forward_net(self) -> None:
        unrolled = bp.Network.unrolled(3, 1, inputs=2, outputs=2, seed=9)
        x = bp.Layer.input(2, name="x1")
        s0 = bp.Layer.input(3, name="s0")
        plain = bp.Network.from_layers([s0, x, bp.Layer(2, inputs=[x, s0], name="s1")], seed=9)
        self.assertEqual(snapshot(unrolled), snapshot(plain))
        case = [0.2, 0.4, 0.6, 1.0, 0.0]
        self.assertEqual(unrolled.forward(case), plain.forward(case))
        self.assertEqual([len(g) for g in unrolled.weight_groups], [1, 1])

    def test_the_history_of_each_unit_is_its_copies_y(self) -> None:
        net = bp.Network.unrolled(1, 3, seed=0)
        net.forward([1.0])
        w, b = net.unit("s1.1").weights[0], net.unit("s1.1").bias
        y = 1.0
        for t in (1, 2, 3):
            y = bp.logistic(w * y + b)
            self.assertAlmostEqual(net.unit(f"s{t}.1").y, y, places=15)

    def test_bad_ties_and_sizes_are_refused(self) -> None:
        i = bp.Layer.input(2)
        a = bp.Layer(2, inputs=i)
        with self.assertRaisesRegex(ValueError, "is tied to a layer that does not come before it"):
            later = bp.Layer(2, inputs=a)
            bp.Network.from_layers([i, bp.Layer(2, inputs=i, tied_to=later), later])
        i, j = bp.Layer.input(2), bp.Layer.input(3)
        a = bp.Layer(2, inputs=j)
        b = bp.Layer(2, inputs=a, tied_to=a)
        with self.assertRaisesRegex(ValueError, "is fed by 2 units but the layer it is tied to by 3"):
            bp.Network.from_layers([i, j, a, b, bp.Layer(1, inputs=[i, b])])
        i = bp.Layer.input(2)
        a = bp.Layer(1, inputs=i)
        with self.assertRaisesRegex(ValueError, "has 2 units but the layer it is tied to has only 1"):
            bp.Network.from_layers([i, a, bp.Layer(2, inputs=a, tied_to=a)])
        with self.assertRaisesRegex(ValueError, "outputs must be at most the 2 units, got 3"):
            bp.Network.unrolled(2, 2, outputs=3)
        with self.assertRaisesRegex(ValueError, "steps must be at least 1, got 0"):
            bp.Network.unrolled(2, 0)

    def test_save_and_load_keep_the_ties(self) -> None:
        import os
        import tempfile
        net = bp.Network.unrolled(2, 3, inputs=1, outputs=1, seed=6)
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "rnn.json")
            net.save(path)
            loaded = bp.Network.load(path)
        self.assertEqual(snapshot(loaded), snapshot(net))
        self.assertIs(loaded.unit("s3.1").w, loaded.unit("s1.1").w)
        self.assertEqual(loaded.recurrent, net.recurrent)
        data = io.network_data(net)
        data["layers"][-1]["weights"][0][0] += 1.0
        with self.assertRaisesRegex(ValueError, "unit s3.1 is tied to s1.1 but its weights differ"):
            io.network_from_data(data, bp.Network.from_layers)


class SequenceTasks(unittest.TestCase):
    def test_remember_learns_from_a_fixed_seed(self) -> None:
        result = experiments.remember(seed=0)
        self.assertEqual((result.train_correct, result.train_total), (16, 16))
        self.assertIsNotNone(result.within_margin_at)

    def test_shift_register_learns_from_a_fixed_seed(self) -> None:
        result = experiments.shift_register(seed=0)
        self.assertEqual((result.train_correct, result.train_total), (16, 16))
        self.assertIn("most strongly from", result.details[0])

    def test_the_tasks(self) -> None:
        task = bp.tasks.remember(steps=4, units=2)
        self.assertEqual(len(task.cases), 16)
        self.assertTrue(all(inputs[2] == targets[0] for inputs, targets in task.cases))
        shift = bp.tasks.shift_register(units=4, steps=2)
        self.assertEqual(dict(shift.cases)[(1.0, 0.0, 0.0, 0.0)], (0.0, 0.0, 1.0, 0.0))
        self.assertEqual(dict(bp.tasks.shift_register(3, 3).cases)[(1.0, 1.0, 0.0)], (1.0, 1.0, 0.0))


if __name__ == "__main__":
    unittest.main()
