"""One case through a 2-2-2 net with hand-set weights, written to be stepped through in a debugger.

Run:           python examples/step_through.py
In pdb:        python -m pdb examples/step_through.py      (docs/STEPPING_THROUGH.md is the guide)
Or uncomment a breakpoint() line below and run it normally.

The weights are the well-known worked example of M. Mazur: inputs 0.05 and 0.10, targets 0.01
and 0.99, so every number can be checked by hand (and is, in tests/test_hand_worked.py).
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # run without installing

import backprop as bp  # noqa: E402

net = bp.Network([2, 2, 2])
h1, h2 = net.layers[1].neurons
o1, o2 = net.layers[2].neurons
h1.weights[:], h1.bias = [0.15, 0.20], 0.35  # w[h1←i1], w[h1←i2], and the always-1 line
h2.weights[:], h2.bias = [0.25, 0.30], 0.35
o1.weights[:], o1.bias = [0.40, 0.45], 0.60
o2.weights[:], o2.bias = [0.50, 0.55], 0.60
inputs, targets = [0.05, 0.10], [0.01, 0.99]

# breakpoint()  # 1. before the forward pass: every unit's x and y are still 0
outputs = net.forward(inputs)  # (1) and (2) for h1, h2, then o1, o2
print(f"forward:  h1 x = {h1.x:.4f}, y = {h1.y:.4f};  outputs {outputs[0]:.4f}, {outputs[1]:.4f}")
print(f"error:    E = {net.case_error(targets):.4f}")  # (3)

# breakpoint()  # 2. before the backward pass: look at o1.y and predict o1.dE_dy
net.backward(targets)  # (4) at o1, o2; (5), (6); (7) down to h1, h2 and the inputs
print(f"backward: o1 ∂E/∂y = {o1.dE_dy:.4f}, ∂E/∂x = {o1.dE_dx:.4f}, ∂E/∂w[o1←h1] = {o1.dE_dw[0]:.4f}")
print(f"          h1 ∂E/∂y = {h1.dE_dy:.4f} (sent down from o1 and o2)")

# breakpoint()  # 3. before the update: one sweep of a Trainer is forward, backward, then (8)
trainer = bp.Trainer(net, learning_rate=0.5, momentum=0.9, train_biases=False)
trainer.sweep([(inputs, targets)])
print(f"update:   w[o1←h1] = {o1.weights[0]:.4f} (was 0.40)")
trainer.sweep([(inputs, targets)])  # the second change adds 0.9 of the first: (9)
print(f"momentum: w[o1←h1] = {o1.weights[0]:.4f} after a second sweep")
