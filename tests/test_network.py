"""The Network object model: construction, names, graphs, forward and backward semantics."""

import math
import unittest

import backprop as bp

from .helpers import snapshot


class Construction(unittest.TestCase):
    def test_chain_names_units_for_people(self) -> None:
        net = bp.Network([6, 2, 1], seed=0)
        self.assertEqual([layer.name for layer in net.layers], ["i", "h", "o"])
        self.assertEqual([u.name for u in net.layers[1].neurons], ["h1", "h2"])
        deep = bp.Network([2, 3, 3, 1], seed=0)
        self.assertEqual([u.name for u in deep.layers[2].neurons], ["h2.1", "h2.2", "h2.3"])
        self.assertEqual(deep.layers[2].neurons[0].weight_name(2), "w[h2.1←h1.3]")

    def test_same_seed_gives_bit_identical_weights(self) -> None:
        first, second = bp.Network([4, 3, 2], seed=42), bp.Network([4, 3, 2], seed=42)
        self.assertEqual(snapshot(first), snapshot(second))
        self.assertNotEqual(snapshot(first), snapshot(bp.Network([4, 3, 2], seed=43)))

    def test_initial_weights_lie_in_the_range(self) -> None:
        net = bp.Network([20, 20, 5], seed=1, weight_range=0.3)
        values = [w for n in net.neurons for w in n.weights + [n.bias]]
        self.assertLessEqual(max(abs(v) for v in values), 0.3)
        self.assertGreater(max(abs(v) for v in values), 0.25)  # spread over the range, not clustered
        self.assertEqual(len(values), 20 * 20 + 20 + 20 * 5 + 5)

    def test_skip_connections_are_ordinary(self) -> None:
        # XOR's 2-1-1 net whose output also sees the inputs
        i = bp.Layer.input(2)
        h = bp.Layer(1, inputs=i)
        o = bp.Layer(1, inputs=[i, h])
        net = bp.Network.from_layers([i, h, o], seed=0)
        self.assertEqual([u.name for u in net.unit("o1").inputs], ["i1", "i2", "h1"])
        self.assertEqual(len(net.unit("o1").weights), 3)

    def test_grouped_layers_like_the_family_trees_net(self) -> None:
        person, relation = bp.Layer.input(24, name="person"), bp.Layer.input(12, name="relation")
        people, rels = bp.Layer(6, inputs=person, name="people"), bp.Layer(6, inputs=relation, name="rels")
        central = bp.Layer(12, inputs=[people, rels], name="central")
        agent = bp.Layer(6, inputs=central, name="agent")
        out = bp.Layer(24, inputs=agent, name="out")
        net = bp.Network.from_layers([person, relation, people, rels, central, agent, out], seed=1)
        self.assertEqual(net.input_size, 36)
        self.assertEqual(len(net.unit("people1").weights), 24)
        self.assertEqual(len(net.unit("rels1").weights), 12)
        self.assertEqual(net.unit("rels1").inputs[0].name, "relation1")
        # inputs come in the order of the input layers: person first, then relation
        values = [0.0] * 36
        values[24] = 1.0
        net.forward(values)
        self.assertEqual(net.unit("relation1").y, 1.0)
        self.assertEqual(net.unit("person1").y, 0.0)

    def test_layers_out_of_order_are_refused(self) -> None:
        i = bp.Layer.input(2)
        a = bp.Layer(2, inputs=i)
        b = bp.Layer(1, inputs=a)
        with self.assertRaisesRegex(ValueError, "layer 1 is fed by a layer that does not come before it"):
            bp.Network.from_layers([i, b, a])

    def test_a_layer_fed_by_itself_is_refused(self) -> None:
        i = bp.Layer.input(2)
        a = bp.Layer(2, inputs=i)
        a.feeders.append(a)
        with self.assertRaisesRegex(ValueError, "layer 1 is fed by itself"):
            bp.Network.from_layers([i, a])

    def test_other_bad_graphs_are_refused(self) -> None:
        i = bp.Layer.input(2)
        dead = bp.Layer(2, inputs=i)
        out = bp.Layer(1, inputs=i)
        with self.assertRaisesRegex(ValueError, "layer 1 feeds no later layer"):
            bp.Network.from_layers([i, dead, out])
        with self.assertRaisesRegex(ValueError, "the last layer is the output layer and cannot be an input layer"):
            bp.Network.from_layers([bp.Layer.input(1), bp.Layer.input(1)])
        with self.assertRaisesRegex(ValueError, "layer names must be unique; x appear"):
            a = bp.Layer.input(1, name="x")
            bp.Network.from_layers([a, bp.Layer(1, inputs=a, name="x")])
        with self.assertRaisesRegex(TypeError, "layer 1: expected a Layer, got 3"):
            bp.Network.from_layers([bp.Layer.input(1), 3])
        with self.assertRaisesRegex(ValueError, "already belongs to a network"):
            net = bp.Network([2, 1])
            bp.Network.from_layers(net.layers)

    def test_bad_sizes_are_refused(self) -> None:
        with self.assertRaisesRegex(ValueError, "layer 1 size must be at least 1, got 0"):
            bp.Network([2, 0, 1])
        with self.assertRaisesRegex(TypeError, "layer 0 size must be a whole number, got 2.5"):
            bp.Network([2.5, 1])
        with self.assertRaisesRegex(ValueError, "at least an input and an output layer"):
            bp.Network([3])
        with self.assertRaisesRegex(TypeError, "sizes must be a list of layer sizes"):
            bp.Network(3)
        with self.assertRaisesRegex(ValueError, "weight_range must be >= 0"):
            bp.Network([2, 1], weight_range=-1)
        with self.assertRaisesRegex(ValueError, "weight_range: expected a finite number, got nan"):
            bp.Network([2, 1], weight_range=math.nan)


class ForwardAndBackward(unittest.TestCase):
    def test_logistic_never_overflows(self) -> None:
        self.assertEqual((bp.logistic(-1e6), bp.logistic(1e6)), (0.0, 1.0))
        self.assertEqual(bp.logistic(-745.0), math.exp(-745.0))  # tiny, not zero, not an error
        # total inputs of ±1e6 through a whole net
        net = bp.Network([1, 1], weight_range=0.0)
        net.unit("o1").weights[0] = 1e6
        self.assertEqual(net.forward([1.0]), [1.0])
        self.assertEqual(net.forward([-1.0]), [0.0])
        net.backward([1.0])
        self.assertEqual(net.unit("o1").dE_dx, 1.0 * 0.0 * 1.0)

    def test_backward_sums_gradients_over_cases_until_zeroed(self) -> None:
        net = bp.Network([2, 2, 1], seed=0)
        cases = [([0.0, 1.0], [1.0]), ([1.0, 1.0], [0.0])]
        per_case = []
        for inputs, targets in cases:
            net.zero_gradients()
            net.forward(inputs)
            net.backward(targets)
            per_case.append(list(net.unit("h1").dE_dw))
        net.zero_gradients()
        for inputs, targets in cases:
            net.forward(inputs)
            net.backward(targets)
        summed = net.unit("h1").dE_dw
        for k in range(2):
            self.assertAlmostEqual(summed[k], per_case[0][k] + per_case[1][k], places=15)
        net.zero_gradients()
        self.assertEqual(net.unit("h1").dE_dw, [0.0, 0.0, 0.0])

    def test_backward_without_forward_is_refused(self) -> None:
        net = bp.Network([2, 1], seed=0)
        with self.assertRaisesRegex(RuntimeError, r"backward\(\) needs a forward\(\) first"):
            net.backward([1.0])

    def test_backward_twice_for_one_forward_is_refused(self) -> None:
        net = bp.Network([2, 1], seed=0)
        net.forward([1.0, 0.0])
        net.backward([1.0])
        before = snapshot(net)
        with self.assertRaisesRegex(RuntimeError, r"^backward\(\) was already called for this forward\(\): a second "
                                                  r"would add the case's ∂E/∂w into dE_dw twice"):
            net.backward([1.0])
        self.assertEqual(snapshot(net), before)

    def test_a_forward_marks_the_backward_fields_as_not_yet_computed(self) -> None:
        # After forward() for a new case, ∂E/∂y and ∂E/∂x left from the last case would contradict
        # (5) beside this case's y: they read NaN, and the repr says "?", until backward() sets them.
        net = bp.Network([2, 2, 1], seed=0)
        net.forward([1.0, 0.0])
        net.backward([1.0])
        h1 = net.unit("h1")
        self.assertAlmostEqual(h1.dE_dx, h1.dE_dy * h1.y * (1 - h1.y), places=15)
        net.forward([0.0, 1.0])
        for unit in net.units:
            self.assertTrue(math.isnan(unit.dE_dy), unit.name)
        self.assertTrue(math.isnan(h1.dE_dx))
        self.assertIn("∂E/∂y=? ∂E/∂x=?", repr(h1))
        self.assertIn("∂E/∂y=?", repr(net.unit("i1")))
        net.backward([1.0])
        self.assertAlmostEqual(h1.dE_dx, h1.dE_dy * h1.y * (1 - h1.y), places=15)
        self.assertNotIn("?", repr(h1))

    def test_margin_silences_outputs_close_enough(self) -> None:
        net = bp.Network([1, 1], weight_range=0.0)  # output 0.5 for every input
        net.forward([1.0])
        self.assertEqual(net.case_error([0.6], margin=0.2), 0.0)
        self.assertEqual(net.case_error([0.9], margin=0.2), 0.5 * 0.4 ** 2)
        net.backward([0.6], margin=0.2)
        self.assertEqual(net.unit("o1").dE_dy, 0.0)
        self.assertEqual(net.unit("o1").dE_dw, [0.0, 0.0])

    def test_an_output_exactly_at_the_margin_counts_no_error(self) -> None:
        # y = 0.5 and d = 0.75: |y − d| = 0.25 exactly, the margin; (3) and (4) count only misses beyond it.
        net = bp.Network([1, 1], weight_range=0.0)
        net.forward([1.0])
        self.assertEqual(net.case_error([0.75], margin=0.25), 0.0)
        self.assertEqual(net.case_error([0.75], margin=0.2499999), 0.5 * 0.25 ** 2)
        net.backward([0.75], margin=0.25)
        self.assertEqual(net.unit("o1").dE_dy, 0.0)
        net.forward([1.0])
        net.backward([0.75], margin=0.2499999)
        self.assertEqual(net.unit("o1").dE_dy, -0.25)
        trainer = bp.Trainer(net, learning_rate=1.0, margin=0.25)
        self.assertEqual(trainer.sweep([([1.0], [0.75])]), 0.0)
        self.assertEqual(net.unit("o1").w, [0.0, 0.0])  # nothing to learn from an output at the margin

    def test_nan_weight_is_named_not_passed_on(self) -> None:
        net = bp.Network([2, 2, 1], seed=0)
        net.unit("h2").weights[1] = math.nan
        with self.assertRaisesRegex(FloatingPointError, "unit h2 has a non-finite total input"):
            net.forward([1.0, 1.0])

    def test_reprs_show_names_and_values(self) -> None:
        net = bp.Network([2, 1], weight_range=0.0)
        net.forward([1, 0])
        self.assertIn("o1", repr(net.unit("o1")))
        self.assertIn("y=0.5", repr(net.unit("o1")))
        self.assertEqual(repr(net), "Network(i:2 → o:1)")
        self.assertIn("i1", repr(net.unit("i1")))

    def test_unit_lookup_says_what_is_missing(self) -> None:
        with self.assertRaisesRegex(KeyError, "no unit named 'h9'"):
            bp.Network([2, 1]).unit("h9")


if __name__ == "__main__":
    unittest.main()
