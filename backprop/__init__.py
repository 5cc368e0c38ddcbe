"""backprop: Rumelhart, Hinton & Williams (1986), "Learning representations by
back-propagating errors", as a scalar Neuron / Layer / Network and a Trainer.

Each of the paper's equations (1)-(9) is one line of code marked with its number:

    (1) x_j = Σ_i y_i·w_ji            Neuron.forward (the bias is w_ji of an always-1 line)
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

The core (units, layers, the network, the trainer) is imported here; the teaching tools on top
of it (``draw``, ``experiments``, ``exercises``, ``explain``, ``check_gradients`` ...) load on first use, so
``import backprop.neuron`` loads the core and nothing else. ``backprop.files`` writes and reads
every file; ``backprop.narration`` is where ``explain`` lives.
"""

from __future__ import annotations

import importlib
from typing import Any

from . import tasks
from .history import History
from .layer import Layer
from .network import Network
from .neuron import Neuron, Unit, logistic
from .tasks import Task
from .trainer import Trainer

__version__ = "0.1.0"

# name → (module, attribute or None for the module itself): loaded on first use (PEP 562)
_LAZY = {
    "draw": ("backprop.draw", None),
    "experiments": ("backprop.experiments", None),
    "exercises": ("backprop.exercises", None),
    "narration": ("backprop.narration", None),
    "gradcheck": ("backprop.gradcheck", None),
    "files": ("backprop.files", None),
    "recording": ("backprop.recording", None),
    "Recording": ("backprop.recording", "Recording"),
    "explain": ("backprop.narration", "explain"),
    # The old names of files and narration, kept for one release (they warn when first used).
    "io": ("backprop.io", None),
    "trace": ("backprop.trace", None),
    "check_gradients": ("backprop.gradcheck", "check_gradients"),
    "gradient_report": ("backprop.gradcheck", "gradient_report"),
    "GradientCheck": ("backprop.gradcheck", "GradientCheck"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'backprop' has no attribute {name!r}")
    module_name, attribute = _LAZY[name]
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value  # the next lookup finds it directly
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "GradientCheck", "History", "Layer", "Network", "Neuron", "Recording", "Task", "Trainer", "Unit", "check_gradients",
    "draw", "exercises", "experiments", "explain", "gradient_report", "logistic", "tasks",
]
