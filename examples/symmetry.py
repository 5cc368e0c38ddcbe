"""The paper's Fig. 1: a 6-2-1 net learns to tell whether six bits are mirror-symmetric.

Run from the repository root:  python examples/symmetry.py
Written to be read and stepped through; the same run is `python -m backprop paper symmetry --seed 1`.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # run without installing

import backprop as bp  # noqa: E402

# The paper's recipe: all 64 input vectors, weights changed once per sweep from the summed
# gradient (batch), ε = 0.1, α = 0.9, initial weights uniform in [-0.3, 0.3].
task = bp.tasks.symmetry()
net = bp.Network([6, 2, 1], seed=1, weight_range=0.3)
trainer = bp.Trainer(net, learning_rate=0.1, momentum=0.9)


def within_margin(sweep: int, E: float) -> bool:
    """Stop once every output is within 0.2 of its target."""
    return trainer.history.largest_misses[-1] <= 0.2


history = trainer.train(task.cases, sweeps=5000, callback=within_margin)
print(f"{history.sweeps} sweeps (the paper: 1,425); E = {history.error:.3f}; "
      f"every case on the right side of 0.5 from sweep {history.solved_at}")

# What it learned: the weights of each hidden unit, input 1 to input 6.
for unit in net.layers[1].neurons:
    weights = " ".join(f"{w:+6.2f}" for w in unit.weights)
    print(f"{unit.name}: {weights}   bias {unit.bias:+.2f}")
print(f"o1: weights {net.unit('o1').weights[0]:+.2f} {net.unit('o1').weights[1]:+.2f}, bias {net.unit('o1').bias:+.2f}")
print("Mirror-image weights are equal and opposite, so a symmetric input gives each hidden unit")
print("a net input of just its (negative) bias: both stay off, and the output, with its positive bias, is on.")

for inputs in ([1, 0, 1, 1, 0, 1], [1, 0, 1, 1, 0, 0]):
    (y,) = net.forward(inputs)
    hidden = ", ".join(f"{u.name} x = {u.x:+.2f}" for u in net.layers[1].neurons)
    print(f"{inputs}: {hidden}; output {y:.3f}")
