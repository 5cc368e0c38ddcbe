"""Pictures of a network, written as SVG by our own code (no plotting package), and text forms.

- ``network_svg(net, case=None)``: the units layer by layer, inputs at the bottom as in the
  paper's Fig. 1; lines blue for positive and red for negative weights, wider for larger |w|.
- ``hinton_svg(layer, rows=1)``: the weights into a layer as squares, positive blue and filled,
  negative red and hollow, area ∝ |w|: the paper's Fig. 4 (which draws them white and black).
- ``folded_svg(net)``: a net made by ``Network.unrolled`` as the recurrent net it stands for (Fig. 5).
- ``error_curve_svg(history, log=False)``: E per sweep; ``curves_svg(series)`` several series at once.
- ``decision_svg(net)``: a 2-input net's output over [0, 1]², with the cases marked.
- ``hinton_text(layer)`` and ``sparkline(errors)``: the same for a terminal.
- ``replay_html(recording, cases, history)``: a recorded run as one self-contained web page, to
  replay sweep by sweep (see ``replay``).
- In a notebook each object shows itself (see ``notebook``): ``history_svg(history)``,
  ``neuron_html(unit, net, targets)``, ``trainer_html(trainer)`` and ``recording_html(recording)``
  (the replay page inline) are what History, Neuron, Trainer and Recording show.

Every picture reads the state the equations left on the units; nothing is computed a second way.

>>> import backprop as bp
>>> print(sparkline([4, 3, 2, 1, 0.5, 0.25, 0]))
█▆▅▃▂▁▁
"""

from __future__ import annotations

from .charts import curves_svg, decision_svg, error_curve_svg, nice_ticks, sparkline
from .folded import folded_svg
from .hinton import hinton_svg, hinton_text
from .network import network_svg
from .notebook import history_svg, neuron_html, recording_html, trainer_html
from .replay import replay_html
from .svg import NEGATIVE, POSITIVE, Svg

__all__ = [
    "NEGATIVE", "POSITIVE", "Svg", "curves_svg", "decision_svg", "error_curve_svg", "folded_svg", "hinton_svg",
    "hinton_text", "history_svg",
    "network_svg", "neuron_html", "nice_ticks", "recording_html", "replay_html", "sparkline", "trainer_html",
]
