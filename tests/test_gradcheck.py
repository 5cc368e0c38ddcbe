"""Back-propagation agrees with finite differences on many random architectures."""

import random
import unittest
from unittest import mock

import backprop as bp
from backprop import files
from backprop.gradcheck import AGREE

from .helpers import largest_difference, random_network, snapshot


class GradientsMatchFiniteDifferences(unittest.TestCase):
    def test_200_random_architectures(self) -> None:
        rng = random.Random(1986)
        worst = 0.0
        kinds = {"skip": 0, "grouped": 0, "deep": 0}
        for trial in range(200):
            net, cases = random_network(rng)
            self.assertLess(bp.check_gradients(net, cases), AGREE, f"trial {trial}: {net!r}")
            difference = largest_difference(net, cases)
            self.assertLess(difference, 1e-7, f"trial {trial}: {net!r}")
            worst = max(worst, difference)
            kinds["grouped"] += len(net.input_layers) > 1
            kinds["deep"] += len(net.layers) - len(net.input_layers) >= 3
            kinds["skip"] += any(len(layer.feeders) > 1 for layer in net.layers)
        # the generator really produced each kind of graph
        for kind, count in kinds.items():
            self.assertGreater(count, 20, kind)
        self.assertGreater(worst, 0.0)  # the check compares numbers; it is not trivially zero

    def test_the_trainers_backward_pass_gives_the_same_gradients(self) -> None:
        # The Trainer skips (7) into input units; with skip connections it must still reach
        # every hidden unit.
        rng = random.Random(7)
        for trial in range(60):
            net, cases = random_network(rng)
            twin = files.network_from_data(files.network_data(net), bp.Network.from_layers)
            net.zero_gradients()
            for inputs, targets in cases:
                net.forward(inputs)
                net.backward(targets)
            bp.Trainer(twin, learning_rate=1e-3).sweep(cases)  # leaves the sweep's summed gradients
            for neuron, twin_neuron in zip(net.neurons, twin.neurons):
                self.assertEqual(neuron.dE_dw, twin_neuron.dE_dw, f"trial {trial}, {neuron.name}")
                self.assertEqual(neuron.dE_dbias, twin_neuron.dE_dbias, f"trial {trial}, {neuron.name}")

    def test_a_wrong_backward_pass_is_caught(self) -> None:
        # A backward pass that forgets the y(1 − y) of eq. (5) must fail the check.
        def forgetful_backward(neuron: bp.Neuron, ys: list) -> None:
            neuron.dE_dx = neuron.dE_dy
            neuron.dE_dw = [g + neuron.dE_dx * y_i for g, y_i in zip(neuron.dE_dw, ys)]
            neuron.dE_dbias += neuron.dE_dx

        net = bp.Network([2, 2, 1], seed=3)
        with mock.patch.object(bp.Neuron, "backward", forgetful_backward):
            self.assertGreater(bp.check_gradients(net, bp.tasks.xor().cases), AGREE)
        self.assertLess(bp.check_gradients(net, bp.tasks.xor().cases), AGREE)

    def test_report_names_every_weight_and_bias(self) -> None:
        net = bp.Network([2, 1, 1], seed=0)
        names = [check.name for check in bp.gradient_report(net, bp.tasks.xor().cases)]
        self.assertEqual(names, ["w[h1←i1]", "w[h1←i2]", "bias[h1]", "w[o1←h1]", "bias[o1]"])

    def test_restores_weights_and_summed_gradients_exactly(self) -> None:
        net = bp.Network([3, 2, 2], seed=5)
        net.forward([0.1, 0.2, 0.3])
        net.backward([1, 0])  # some gradient summed before the check
        before = snapshot(net)
        bp.check_gradients(net, [([0.5, -0.5, 1.0], [0.0, 1.0])])
        self.assertEqual(snapshot(net), before)

    def test_the_measure_does_not_grow_with_the_net(self) -> None:
        # The absolute difference grows with E (the central difference's rounding error is ~1e-10·E);
        # the relative one stays far below AGREE for right nets small and large, stuck or not.
        nets = [(bp.Network([2, 2, 1], seed=1), bp.tasks.xor().cases),
                (bp.Network.unrolled(3, 7, inputs=1, outputs=1, read_at=[3, 4, 5, 6, 7], seed=0),
                 bp.tasks.predict_next(period=3, steps=7, units=3).cases),
                (bp.experiments.family_trees_network(0, 1.0), bp.tasks.family_trees().cases[:8])]
        for net, cases in nets:
            with self.subTest(net=repr(net)[:40]):
                self.assertLess(bp.check_gradients(net, cases), AGREE / 20)
        net, cases = nets[1]
        many = list(cases) * 16  # the same cases 16 times: E and every gradient 16 times larger
        self.assertGreater(largest_difference(net, many), 4 * largest_difference(net, cases))
        self.assertGreater(largest_difference(net, many), 1e-9)  # where an absolute `< 1e-9` says False
        self.assertLess(bp.check_gradients(net, many), AGREE / 20)

    def test_a_tied_weight_is_named_as_the_one_value_its_copies_share(self) -> None:
        net = bp.Network.unrolled(2, 2, inputs=1, outputs=1, seed=0)
        names = [check.name for check in bp.gradient_report(net, bp.tasks.remember(2, 2).cases)]
        self.assertIn("w[s1.1←s0.1] = w[s2.1←s1.1] (one weight, shared by 2 copies)", names)
        self.assertIn("bias[s1.1] = bias[s2.1] (one weight, shared by 2 copies)", names)

    def test_refuses_a_bad_epsilon(self) -> None:
        net = bp.Network([2, 1], seed=0)
        with self.assertRaisesRegex(ValueError, "epsilon must be > 0, got 0"):
            bp.check_gradients(net, bp.tasks.xor().cases, epsilon=0)


if __name__ == "__main__":
    unittest.main()
