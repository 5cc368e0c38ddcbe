"""The second part of the learner's file: the algorithm that uses the nine equations.

Five functions, each checked on its own and then together: ``forward`` (each case through the
layers by equations 1 and 2), ``backward`` (∂E/∂y down the layers in reverse by equations 4 to 7,
this case's ∂E/∂w added into the sums), ``sweep`` (every case of a batch, the sums reset first),
``change_weights`` (equation 9 for every weight, Δw(t−1) kept per weight) and ``train`` (sweeps until
E is small). A net is plain lists in the layout the nine already use: ``weights[l]`` is the ``w``
of layer ``l``, so ``weights[l][j][i]`` is w_ji of that layer, the bias last.

The file ends with a few lines that train XOR with the learner's code alone, from the weights of
the library's own 2-2-1 net (seed 1), so that ``python my_backprop.py`` runs by itself and stops
where the library does.
"""

from __future__ import annotations

from typing import List, NamedTuple, Tuple

from .. import tasks
from ..network import Network
from .language import N_, _, wrap

_WEIGHTS = ("weights", "Weights", N_("weights[l] is w of layer l, as in total_input: weights[l][j][i] is w_ji of "
                                      "layer l, its bias last. Layer 0 is fed by the inputs; the last layer is the "
                                      "output layer"))
_SUMS = ("sums", "Weights", N_("sums[l][j][i] is ∂E/∂w_ji of layer l summed over the cases so far, in the shape of "
                               "weights"))


class Step(NamedTuple):
    """One function of the sweep: its ``name``, ``params`` (as an Exercise's), what it ``does`` and its docstring."""

    name: str
    params: Tuple[Tuple[str, str, str], ...]
    returns: str  # the type written in the learner's file
    does: str  # one line: for the listing and the report
    doc: str  # the rest of its docstring, after the arguments

    @property
    def signature(self) -> str:
        """``name(a, b)``: the way the learner's file defines it (defaults left out)."""
        return f"{self.name}({', '.join(name for name, _, _ in self.params)})"


STEPS: Tuple[Step, ...] = (
    Step("forward", (_WEIGHTS, ("inputs", "list[float]", N_("the case's input values"))),
         "tuple[list[list[float]], list[list[float]]]",
         N_("one case through the layers, in order: total_input and logistic"),
         N_("""Returns (xs, ys). xs[l][j] is x_j of unit j of layer l. ys[0] is the inputs, and ys[l + 1][j]
is y_j of unit j of layer l, so ys[-1] holds the net's outputs. ys holds outputs only: where a
layer reads its lines, the always-1 line's 1.0 comes last (ys[l] + [1.0]).

For the worked 2-2-2 example:
    forward([[[0.15, 0.2, 0.35], [0.25, 0.3, 0.35]], [[0.4, 0.45, 0.6], [0.5, 0.55, 0.6]]], [0.05, 0.1])
    →  xs = [[0.3775, 0.3925], [1.1059060, 1.2249214]]
       ys = [[0.05, 0.1], [0.5932700, 0.5968844], [0.7513651, 0.7729285]]""")),
    Step("backward", (_WEIGHTS, ("xs", "list[list[float]]", N_("what forward returned for this case")),
                      ("ys", "list[list[float]]", N_("what forward returned for this case")),
                      ("targets", "list[float]", N_("d_j of each output unit, for this case")), _SUMS),
         "None", N_("∂E/∂y down the layers, the output layer first: equations 4 to 7; this case's ∂E/∂w added to sums"),
         N_("""Returns nothing: it adds this case's ∂E/∂w_ji into sums[l][j][i] (add, do not replace: sums
gathers every case of a sweep).

The output units' ∂E/∂y come from dE_dy_at_output; then, for each layer from the last down to
layer 0: dE_dx for each of its units, dE_dw for every line into each unit (the always-1 line's
too: its ∂E/∂w is the bias's), and dE_dy_sent_down for the units of the layer below, which is
where that layer's ∂E/∂y come from (layer 0 has no layer of units below it).

For the worked 2-2-2 example (its case: inputs 0.05, 0.1, targets 0.01, 0.99), sums at 0 become
    [[[0.000438568, 0.000877135, 0.00877135], [0.000497713, 0.000995425, 0.00995425]],
     [[0.0821670, 0.0826676, 0.138499], [-0.0226025, -0.0227402, -0.0380982]]]""")),
    Step("sweep", (_WEIGHTS, ("cases", "Cases", N_("every case: (inputs, targets)")),
                   (_SUMS[0], _SUMS[1], N_("as in backward; it still holds the sums of the sweep before"))),
         "float", N_("every case of a batch: the sums set to 0, each case forward, its E_c and backward; E summed"),
         N_("""Returns E, every case's E_c added up (case_error). Afterwards sums holds ∂E/∂w summed over
the cases of this sweep, and the weights are as they were: they change after the sweep.""")),
    Step("change_weights", (_WEIGHTS, (_SUMS[0], _SUMS[1], N_("∂E/∂w of every weight, summed over the cases of "
                                                              "the sweep just run")),
                            ("last_changes", "Weights", N_("last_changes[l][j][i] is Δw(t−1) of weights[l][j][i], the "
                                                           "change it got at the sweep before (0.0 at first); in the "
                                                           "shape of weights")),
                            ("learning_rate", "float", N_("ε")), ("momentum", "float", N_("α"))),
         "None", N_("every weight changed once, by weight_change_with_momentum; each weight's Δw kept for the next"),
         N_("""Returns nothing: it adds Δw to every weights[l][j][i] and keeps that Δw in last_changes[l][j][i].

At the first sweep every Δw(t−1) is 0, and equation 9 gives equation 8's change.""")),
    Step("train", (_WEIGHTS, ("cases", "Cases", N_("every case: (inputs, targets)")),
                   ("learning_rate", "float", N_("ε")), ("momentum", "float", N_("α")),
                   ("target_error", "float", N_("stop after the first sweep whose E ≤ target_error, before its "
                                                "weight change")),
                   ("most_sweeps", "int", N_("stop after this many sweeps in any case")),
                   ("every", "int = 0", N_("print E every this many sweeps (0: print nothing)"))),
         "list[float]", N_("sweeps until E ≤ the target: sweep, then change_weights"),
         N_("""Returns the E of every sweep run, in order. Changes weights in place. At sweep t, when
every divides t: print(f"sweep {t:5}   E = {E:.6f}").

One sums and one last_changes serve the whole run: make them here, with zeros_like(weights).""")),
)

_SWEEP_HEAD = '''

{heading}


Weights = list[list[list[float]]]  # {shape}
Cases = list[tuple[list[float], list[float]]]  # [(inputs, targets), ...]


def zeros_like(weights: Weights) -> Weights:
    """{zeros}"""
    return [[[0.0] * len(row) for row in w] for w in weights]
'''
_SWEEP_HEADING = N_(
    '''# ---- The sweep: the algorithm that uses your nine equations ------------------------------------
#
# A net is plain lists: weights[l] is w of layer l (the layout of total_input), so weights[l][j][i]
# is w_ji of layer l, its bias last. Write these five once the nine are right; the checker checks
# each on its own, then trains XOR and the symmetry task with your train beside the library's.''')
_SHAPE = N_("weights[l][j][i]; sums and last_changes have the same shape")
_ZEROS = N_("A list in the shape of weights, every entry 0.0 (given: for sums and last_changes).")

_RUN = '''

{heading}

XOR = {cases}
START = {start}

if __name__ == "__main__":
    weights = [[list(row) for row in w] for w in START]
    errors = train(weights, XOR, learning_rate=0.5, momentum=0.9, target_error=0.01, most_sweeps=5000, every=100)
    print(f"stopped after {{len(errors)}} sweeps with E = {{errors[-1]:.6f}}")
    for inputs, targets in XOR:
        xs, ys = forward(weights, inputs)
        print(inputs, "→", round(ys[-1][0], 3), "   target", targets[0])
'''
_RUN_HEADING = N_(
    '''# ---- Run this file by itself: python {filename} -----------------------------------------------
# It trains XOR with your code alone, from the weights of the library's own 2-2-1 net (seed 1,
# weights in ±0.5); with ε = 0.5 and α = 0.9 the library stops after 574 sweeps with E = 0.009933.''')


def start_weights() -> List[List[List[float]]]:
    """The weights of the library's XOR net of the file's end: Network([2, 2, 1], seed=1, weight_range=0.5)."""
    net = Network([2, 2, 1], seed=1, weight_range=0.5)
    return [[list(neuron.w) for neuron in layer.neurons] for layer in net.layers if not layer.is_input]


def xor_cases() -> List[Tuple[List[float], List[float]]]:
    return [(list(inputs), list(targets)) for inputs, targets in tasks.xor().cases]


def rows(weights: List[List[List[float]]], indent: str) -> str:
    """Weights written one row (one unit's w) a line, the lines after the first ``indent``-ed.

    >>> print(rows([[[0.5, 1.0], [2.0, 0.0]], [[1.5, 1.0, 0.25]]], " "))
    [[[0.5, 1.0],
      [2.0, 0.0]],
     [[1.5, 1.0, 0.25]]]
    """
    layers = [f",\n{indent} ".join(repr(row) for row in w) for w in weights]
    return "[" + f",\n{indent}".join(f"[{layer}]" for layer in layers) + "]"


def step_text(step: Step) -> str:
    """One function of the sweep part of the file: its ``def``, its docstring, ``raise NotImplementedError``."""
    annotated = ", ".join(f"{name}: {kind}" for name, kind, meaning in step.params)
    if len(f"def {step.name}({annotated}) -> {step.returns}:") > 120:  # one argument a line
        annotated = "".join(f"\n        {name}: {kind}," for name, kind, meaning in step.params) + "\n"
    width = max(len(name) for name, kind, meaning in step.params)
    arguments = [line for name, kind, meaning in step.params
                 for line in wrap(_(meaning), 100, initial_indent=f"    {name:<{width}}  ",
                                  subsequent_indent=" " * (width + 6), break_on_hyphens=True)]
    doc = "\n".join(("    " + line) if line else "" for line in _(step.doc).splitlines())
    does = _(step.does)
    first = does[0].upper() + does[1:] + "."
    return (f'\n\ndef {step.name}({annotated}) -> {step.returns}:\n'
            f'    """{first}\n\n' + "\n".join(arguments) + "\n\n" + doc + '\n    """\n'
            '    raise NotImplementedError\n')


def sweep_template(filename: str) -> str:
    """The sweep part of the learner's file: the five functions, the given ``zeros_like``, the XOR run.

    >>> text = sweep_template("mine.py")
    >>> sum(line.strip() == "raise NotImplementedError" for line in text.splitlines())
    5
    >>> "python mine.py" in text, max(len(line) for line in text.splitlines()) <= 120
    (True, True)
    """
    parts = [_SWEEP_HEAD.format(heading=_(_SWEEP_HEADING), shape=_(_SHAPE), zeros=_(_ZEROS))]
    parts += [step_text(step) for step in STEPS]
    parts.append(_RUN.format(heading=_(_RUN_HEADING).format(filename=filename), cases=repr(xor_cases()),
                             start=rows(start_weights(), " " * 9)))
    return "".join(parts)
