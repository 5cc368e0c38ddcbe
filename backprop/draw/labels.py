"""How a task's cases and units are named in tables and pictures: what the drawings ask an experiment.

The drawings and the command line know no experiment by name. Where a task has words of its own
(the family trees' people, Fig. 4's Hinton diagram), its experiment gives a ``View`` that says
them; every other task has this module's plain one: a case is its inputs and targets as numbers.

    >>> import backprop as bp
    >>> View().case_label(bp.Network([2, 2, 1]), (0.0, 1.0), (1.0,))
    '0 1 → 1'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, NamedTuple, Optional, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from ..layer import Layer
    from ..network import Network


class HintonPicture(NamedTuple):
    """What a Hinton diagram of a layer is given: the layer, its rows and labels, and its title."""

    layer: "Layer"
    title: str
    rows: int = 1
    column_labels: Sequence[str] = ()
    row_labels: Sequence[str] = ()


class View:
    """The plain words for any task: cases by their numbers, outputs by their values, the first
    hidden layer's weights as the Hinton diagram (not shown on the replay page). An experiment
    with words of its own gives a subclass."""

    hinton_on_page = False  # does the replay page show the Hinton diagram beside the network?

    def case_label(self, network: "Network", inputs: Sequence[float], targets: Sequence[float]) -> str:
        """A case in a few words: ``0 1 1 0 1 0 → 1``, ``s0 0 0 | x 1 0 1 1 → 1``."""
        return f"{inputs_text(network, inputs)} → {' '.join(f'{d:g}' for d in targets)}"

    def case_row(self, network: "Network", inputs: Sequence[float], targets: Sequence[float],
                 outputs: Sequence[float]) -> str:
        """A case and what the net answers, as a row of the command line's table."""
        return f"{self.case_label(network, inputs, targets)}   outputs {' '.join(f'{y:.3f}' for y in outputs)}"

    def output_names(self, network: "Network") -> Optional[List[str]]:
        """Names for the output units when they stand for things (people); None: show their values."""
        return None

    def hinton(self, network: "Network", title: str) -> HintonPicture:
        """The layer whose incoming weights the Hinton diagram shows, and how: the first layer of
        neurons, one row of units; ``title`` names the run."""
        layer = next(layer for layer in network.layers if not layer.is_input)
        return HintonPicture(layer, f"{title}: weights into layer {layer.name}")


def inputs_text(network: "Network", inputs: Sequence[float]) -> str:
    """A case's inputs on one line: ``0 1 1 0``; for an unrolled recurrent net the starting states,
    then each step's input lines (``s0 0 0 | x 10 01``).

    >>> import backprop as bp
    >>> inputs_text(bp.Network.unrolled(units=2, steps=2, inputs=2, outputs=1), [0, 0, 1, 0, 0, 1])
    's0 0 0 | x 10 01'
    """
    shown = " ".join(f"{x:g}" for x in inputs)
    if network.recurrent is not None and network.recurrent.inputs:
        units, lines = network.recurrent.units, network.recurrent.inputs
        steps = [inputs[k:k + lines] for k in range(units, len(inputs), lines)]
        shown = (f"s0 {' '.join(f'{x:g}' for x in inputs[:units])} | x "
                 + " ".join("".join(f"{x:g}" for x in step) for step in steps))
    return shown
