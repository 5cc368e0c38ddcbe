"""backprop: Rumelhart, Hinton & Williams (1986), "Learning representations by
back-propagating errors", as a scalar Neuron / Layer / Network and a Trainer.

Each of the paper's equations (1)-(9) is one line of code marked with its number:

    (1) x_j = Σ_i y_i·w_ji            Neuron.forward
    (2) y_j = 1 / (1 + e^−x_j)        Neuron.forward (logistic)
    (3) E = ½ Σ_c Σ_j (y_j − d_j)²    Network.error / Network.case_error
    (4) ∂E/∂y_j = y_j − d_j           Network.backward (output units)
    (5) ∂E/∂x_j = ∂E/∂y_j·y_j(1−y_j)  Neuron.backward
    (6) ∂E/∂w_ji = ∂E/∂x_j·y_i        Neuron.backward
    (7) ∂E/∂y_i = Σ_j ∂E/∂x_j·w_ji    Layer.backward
    (8) Δw = −ε·∂E/∂w                 Trainer._update
    (9) Δw(t) = −ε·∂E/∂w(t) + α·Δw(t−1)   Trainer._update

>>> import backprop as bp
>>> net = bp.Network([2, 2, 1], seed=1)
>>> history = bp.Trainer(net, learning_rate=0.5, momentum=0.9).train(bp.tasks.xor().cases, 2000)
>>> [round(net.forward(inputs)[0]) for inputs, _ in bp.tasks.xor().cases]
[0, 1, 1, 0]
"""

from . import draw, experiments, tasks
from .gradcheck import GradientCheck, check_gradients, gradient_report
from .layer import Layer
from .network import Network
from .neuron import Neuron, Unit, logistic
from .tasks import Task
from .trace import explain
from .trainer import History, Trainer

__version__ = "0.1.0"

__all__ = [
    "GradientCheck",
    "History",
    "Layer",
    "Network",
    "Neuron",
    "Task",
    "Trainer",
    "Unit",
    "check_gradients",
    "draw",
    "experiments",
    "explain",
    "gradient_report",
    "logistic",
    "tasks",
]
