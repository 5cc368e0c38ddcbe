"""The 2-2-2 net worked by hand (M. Mazur's walk-through), of docs/STEPPING_THROUGH.md: a task to train
and to explain equation by equation, not one of the paper's runs."""

from __future__ import annotations

from typing import Any

from .. import tasks
from ..network import Network
from .experiment import Experiment


def worked_example_network(seed: Any = None, weight_range: float = 0.0) -> Network:
    """The 2-2-2 net of the worked example, weights set by hand (``seed`` and ``weight_range`` are
    not used): w[h1←i1], w[h1←i2], bias = .15, .20, .35; h2 .25, .30, .35; o1 .40, .45, .60;
    o2 .50, .55, .60.

    >>> worked_example_network().forward([0.05, 0.10])[0]
    0.7513650695523157
    """
    net = Network([2, 2, 2])
    for name, w in (("h1", [0.15, 0.20, 0.35]), ("h2", [0.25, 0.30, 0.35]), ("o1", [0.40, 0.45, 0.60]),
                    ("o2", [0.50, 0.55, 0.60])):
        net.layers[1 if name[0] == "h" else 2].neurons[int(name[1]) - 1].w[:] = w
    return net


WORKED_EXAMPLE = Experiment("worked_example", tasks.worked_example, own_network=worked_example_network,
                            shape="2-2-2, by hand", by_hand=True)
