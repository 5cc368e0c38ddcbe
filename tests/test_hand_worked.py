"""A 2-2-2 net worked by hand: every number of one forward pass, backward pass and update.

The weights are the well-known worked example of M. Mazur ("A step by step backpropagation
example"): inputs 0.05, 0.10; targets 0.01, 0.99; hidden weights .15 .20 / .25 .30 with bias
.35; output weights .40 .45 / .50 .55 with bias .60; ε = 0.5, biases kept fixed. The expected
values were derived in 40-digit decimal arithmetic from the equations, not by this library.
"""

import unittest

import backprop as bp


def mazur_network() -> bp.Network:
    net = bp.Network([2, 2, 2])
    hidden, output = net.layers[1].neurons, net.layers[2].neurons
    for neuron, weights, bias in [
        (hidden[0], [0.15, 0.20], 0.35), (hidden[1], [0.25, 0.30], 0.35),
        (output[0], [0.40, 0.45], 0.60), (output[1], [0.50, 0.55], 0.60),
    ]:
        neuron.weights[:] = weights
        neuron.bias = bias
    return net


INPUTS, TARGETS = [0.05, 0.10], [0.01, 0.99]


class HandWorkedForward(unittest.TestCase):
    def setUp(self) -> None:
        self.net = mazur_network()
        self.outputs = self.net.forward(INPUTS)

    def test_total_inputs_eq1(self) -> None:
        # x_h1 = 0.05*0.15 + 0.10*0.20 + 0.35 = 0.3775
        self.assertAlmostEqual(self.net.unit("h1").x, 0.3775, places=12)
        self.assertAlmostEqual(self.net.unit("h2").x, 0.3925, places=12)
        self.assertAlmostEqual(self.net.unit("o1").x, 1.105905967060, places=11)
        self.assertAlmostEqual(self.net.unit("o2").x, 1.224921404096, places=11)

    def test_outputs_eq2(self) -> None:
        self.assertAlmostEqual(self.net.unit("h1").y, 0.5932699921072, places=12)
        self.assertAlmostEqual(self.net.unit("h2").y, 0.5968843782598, places=12)
        self.assertAlmostEqual(self.outputs[0], 0.7513650695523, places=12)
        self.assertAlmostEqual(self.outputs[1], 0.7729284653215, places=12)

    def test_error_eq3(self) -> None:
        self.assertAlmostEqual(self.net.case_error(TARGETS), 0.2983711087600, places=12)
        self.assertAlmostEqual(self.net.error([(INPUTS, TARGETS)]), 0.2983711087600, places=12)


class HandWorkedBackward(unittest.TestCase):
    def setUp(self) -> None:
        self.net = mazur_network()
        self.net.forward(INPUTS)
        self.net.backward(TARGETS)

    def test_output_derivatives_eq4_eq5(self) -> None:
        o1, o2 = self.net.unit("o1"), self.net.unit("o2")
        self.assertAlmostEqual(o1.dE_dy, 0.7413650695523, places=12)
        self.assertAlmostEqual(o2.dE_dy, -0.2170715346785, places=12)
        self.assertAlmostEqual(o1.dE_dx, 0.1384985616286, places=12)
        self.assertAlmostEqual(o2.dE_dx, -0.03809823651656, places=12)

    def test_weight_gradients_eq6(self) -> None:
        o1, o2 = self.net.unit("o1"), self.net.unit("o2")
        h1, h2 = self.net.unit("h1"), self.net.unit("h2")
        expected = {
            o1: [0.08216704056423, 0.08266762784753], o2: [-0.02260254047748, -0.02274024221598],
            h1: [0.0004385677344743, 0.0008771354689487], h2: [0.0004977127352609, 0.0009954254705217],
        }
        for neuron, gradients in expected.items():
            for got, want in zip(neuron.dE_dw, gradients):
                self.assertAlmostEqual(got, want, places=12)
        # the bias line's y is 1, so ∂E/∂bias = ∂E/∂x
        self.assertAlmostEqual(h1.dE_dbias, 0.008771354689487, places=12)
        self.assertAlmostEqual(o2.dE_dbias, -0.03809823651656, places=12)

    def test_derivatives_sent_down_eq7(self) -> None:
        self.assertAlmostEqual(self.net.unit("h1").dE_dy, 0.03635030639314, places=12)
        self.assertAlmostEqual(self.net.unit("h2").dE_dy, 0.04137032264874, places=12)
        self.assertAlmostEqual(self.net.unit("h1").dE_dx, 0.008771354689487, places=12)
        # and on to the input units
        self.assertAlmostEqual(self.net.unit("i1").dE_dy, 0.003804266879727, places=12)
        self.assertAlmostEqual(self.net.unit("i2").dE_dy, 0.004740547349463, places=12)


class HandWorkedUpdate(unittest.TestCase):
    def test_weights_after_one_update_eq8(self) -> None:
        net = mazur_network()
        trainer = bp.Trainer(net, learning_rate=0.5, train_biases=False)
        E = trainer.sweep([(INPUTS, TARGETS)])
        self.assertAlmostEqual(E, 0.2983711087600, places=12)
        got = [w for neuron in net.neurons for w in neuron.weights]
        want = [0.1497807161328, 0.1995614322655, 0.2497511436324, 0.2995022872647,
                0.3589164797179, 0.4086661860762, 0.5113012702387, 0.5613701211080]
        for got_w, want_w in zip(got, want):
            self.assertAlmostEqual(got_w, want_w, places=12)
        self.assertEqual([neuron.bias for neuron in net.neurons], [0.35, 0.35, 0.60, 0.60])


if __name__ == "__main__":
    unittest.main()
