"""Train a 2-2-1 net on XOR with the paper's batch updates and momentum, and show what it learned.

Run from the repository root, no install needed:  python examples/xor.py
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # run without installing

import backprop as bp  # noqa: E402

task = bp.tasks.xor()
net = bp.Network([2, 2, 1], seed=1, weight_range=0.5)
trainer = bp.Trainer(net, learning_rate=0.5, momentum=0.9)  # ε and α of eqs. (8) and (9)


def report(sweep: int, E: float) -> None:
    """Print E every 100 sweeps while training runs."""
    if sweep % 100 == 0:
        print(f"sweep {sweep:5d}   E = {E:.6f}")


history = trainer.train(task.cases, sweeps=5000, target_error=0.01, callback=report)
print(f"stopped after {history.sweeps} sweeps with E = {history.error:.6f}"
      f" ({'target reached' if history.reached_target else 'target not reached'})\n")

print("inputs     target   output")
for inputs, targets in task.cases:
    (output,) = net.forward(inputs)
    print(f"{inputs[0]:.0f} {inputs[1]:.0f}        {targets[0]:.0f}      {output:.3f}")
