"""Fig. 5: tied weights and unrolled recurrent nets, built from the ordinary objects."""

import random
import unittest

import backprop as bp
from backprop import experiments, files
from backprop.gradcheck import AGREE

from .helpers import largest_difference, snapshot


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
            self.assertLess(bp.check_gradients(net, cases), AGREE, f"trial {trial}: {net!r}")
            self.assertLess(largest_difference(net, cases), 1e-7, f"trial {trial}: {net!r}")
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
        shared = "w[s1.1←s0.2] = … = w[s3.1←s2.2] (one weight, shared by 3 copies)"  # named as one value
        self.assertAlmostEqual(report[shared].backprop, summed, places=15)
        self.assertAlmostEqual(report[shared].numeric, summed, places=8)
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
        data = files.network_data(net)
        data["layers"][-1]["weights"][0][0] += 1.0
        with self.assertRaisesRegex(ValueError, "unit s3.1 is tied to s1.1 but its weights differ"):
            files.network_from_data(data, bp.Network.from_layers)


class TargetsAlongTheWay(unittest.TestCase):
    def test_finite_differences_with_targets_at_random_steps(self) -> None:
        rng = random.Random(14)
        seen = set()
        for trial in range(80):
            units, steps = rng.randint(1, 3), rng.randint(1, 5)
            read = sorted(set(rng.sample(range(1, steps + 1), rng.randint(1, steps))) | {steps})
            net = bp.Network.unrolled(units, steps, inputs=rng.choice([0, 1, 2]), outputs=rng.randint(1, units),
                                      seed=rng.randrange(1000), weight_range=rng.choice([0.5, 1.5]), read_at=read)
            cases = [([rng.random() for _ in range(net.input_size)], [rng.random() for _ in range(net.output_size)])
                     for _ in range(rng.randint(1, 3))]
            self.assertEqual(net.output_size, len(read) * net.recurrent.outputs)
            self.assertLess(bp.check_gradients(net, cases), AGREE, f"trial {trial}: {net!r}")
            self.assertLess(largest_difference(net, cases), 1e-7, f"trial {trial}: {net!r}")
            seen.add((steps, len(read)))
        self.assertTrue({(5, 1), (5, 3), (5, 5), (1, 1)} <= seen)

    def test_targets_at_the_last_step_only_are_the_net_of_before(self) -> None:
        cases = bp.tasks.remember(4, 2).cases
        runs = []
        for read_at in (None, [4]):
            net = bp.Network.unrolled(2, 4, inputs=1, outputs=1, seed=0, read_at=read_at)
            bp.Trainer(net, learning_rate=0.3, momentum=0.9).train(cases, 200)
            runs.append((snapshot(net), [u.name for u in net.output_units], repr(net)))
        self.assertEqual(runs[0], runs[1])
        self.assertEqual(runs[0][1], ["s4.1"])
        # and the weights the experiment finds from seed 0 are those of the version before targets along the way
        result = experiments.remember(seed=0)
        self.assertEqual(result.solved_at, 999)

    def test_a_unit_read_at_an_earlier_step_gets_4_and_7(self) -> None:
        net = bp.Network.unrolled(1, 2, seed=3, read_at=[1, 2])
        net.forward([1.0])
        net.backward([0.25, 0.75])
        s1, s2 = net.unit("s1.1"), net.unit("s2.1")
        self.assertEqual(s2.dE_dy, s2.y - 0.75)  # (4) alone: the last step feeds nothing
        self.assertAlmostEqual(s1.dE_dy, (s1.y - 0.25) + s2.dE_dx * s2.w[0], places=15)  # (4) + (7)
        E = 0.5 * ((s1.y - 0.25) ** 2 + (s2.y - 0.75) ** 2)  # (3) sums over the steps read
        self.assertAlmostEqual(net.error([([1.0], [0.25, 0.75])]), E, places=15)
        text = bp.explain(net, [1.0], [0.25, 0.75], unit="s1.1")
        self.assertIn("∂E/∂y = (y − d) + Σ_j ∂E/∂x_j·w_j,s1.1 = ", text)
        self.assertIn("(4)+(7)", text)

    def test_the_steps_read_are_checked_and_kept(self) -> None:
        for read_at, message in (([2, 1], "increasing order"), ([1, 1, 3], "each once"), ([1, 2], "ending with"),
                                 ("12", "a list of steps"), ([0, 3], "at least 1")):
            with self.subTest(read_at=read_at):
                with self.assertRaisesRegex((TypeError, ValueError), message):
                    bp.Network.unrolled(2, 3, read_at=read_at)
        net = bp.Network.unrolled(2, 3, inputs=1, outputs=1, seed=1, read_at=[2, 3])
        self.assertEqual(repr(net).split("; ")[-1], "read: s2.1, s3.1)")
        import os
        import tempfile
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "net.json")
            net.save(path)
            loaded = bp.Network.load(path)
        self.assertEqual([u.name for u in loaded.output_units], ["s2.1", "s3.1"])
        self.assertEqual(loaded.recurrent.read_at, (2, 3))
        data = files.network_data(net)
        del data["recurrent"]["read_at"]  # a file of an earlier version: read at the last step
        self.assertEqual([u.name for u in files.network_from_data(data, bp.Network.from_layers).output_units], ["s3.1"])


class SequenceTasks(unittest.TestCase):
    def test_remember_learns_from_a_fixed_seed(self) -> None:
        result = experiments.remember(seed=0)
        self.assertEqual((result.train_correct, result.train_total), (16, 16))
        self.assertIsNotNone(result.within_margin_at)

    def test_shift_register_learns_from_a_fixed_seed(self) -> None:
        result = experiments.shift_register(seed=0)
        self.assertEqual((result.train_correct, result.train_total), (16, 16))
        self.assertIn("most strongly from", result.details[0])

    def test_the_line_a_unit_listens_to_most_is_found_among_every_line(self) -> None:
        # predict-next, seed 0: unit 3's weight from the input (+4.57) outweighs any from a unit (+1.24 at most).
        result = experiments.predict_next(seed=0)
        unit_3 = result.details[2]
        self.assertIn("from input 1 +4.57", unit_3)
        self.assertTrue(unit_3.endswith("; most strongly from input 1 (+4.57)"), unit_3)
        weights = [float(part.split()[-1]) for part in unit_3.split(": ", 1)[1].split(", bias")[0].split(", ")]
        self.assertEqual(max(weights, key=abs), 4.57)

    def test_predict_next_and_complete_sequence_learn_from_a_fixed_seed(self) -> None:
        for run, cases in ((experiments.predict_next, 8), (experiments.complete_sequence, 8)):
            result = run(seed=0)
            self.assertEqual((result.train_correct, result.train_total), (cases, cases), result.name)
        task = bp.tasks.predict_next(period=3, steps=7, units=3)
        inputs, targets = task.cases[5]  # first period 1 0 1
        self.assertEqual(inputs[3:], (1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0))
        self.assertEqual(targets, (1.0, 0.0, 1.0, 1.0, 0.0))  # the bit after steps 3 … 7
        task = bp.tasks.complete_sequence(shown=3, steps=7, units=4)
        inputs, targets = task.cases[3]  # first period 0 1 1
        self.assertEqual(inputs[4:], (0.0, 1.0, 1.0, 1.0, 1.0, 1.0) + (0.0,) * 8)
        self.assertEqual(targets, (0.0, 1.0, 1.0, 0.0))

    def test_the_tasks(self) -> None:
        task = bp.tasks.remember(steps=4, units=2)
        self.assertEqual(len(task.cases), 16)
        self.assertTrue(all(inputs[2] == targets[0] for inputs, targets in task.cases))
        shift = bp.tasks.shift_register(units=4, steps=2)
        self.assertEqual(dict(shift.cases)[(1.0, 0.0, 0.0, 0.0)], (0.0, 0.0, 1.0, 0.0))
        self.assertEqual(dict(bp.tasks.shift_register(3, 3).cases)[(1.0, 1.0, 0.0)], (1.0, 1.0, 0.0))


if __name__ == "__main__":
    unittest.main()
