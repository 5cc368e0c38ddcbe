"""Hints that point at the term that differs, found by trying the typical wrong answers.

For each equation there is a list of typical mistakes (a missing y(1 − y), a flipped sign, a sum
over the wrong index ...), each computed from the same arguments the learner's function was
given. The first mistake that agrees with *every* answer the learner gave explains them, and its
hint names the term that differs. A hint never writes out the right line: it says which part
to look at and why. When no typical mistake fits, the kind of mistake the evidence shows does
(right on the worked example but wrong on nets of other sizes, right but for the last digits, wrong
only on the always-1 line, a sum over some of the units but not all), then a general one (a sign, a
factor of 2); failing those, the hint is the equation, with what the learner's function is right
and wrong on.
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import Any, Callable, Iterable, List, NamedTuple, Sequence, Tuple

from ..neuron import logistic
from .language import N_, _
from .probes import WORKED, Probe
from .sheet import BY_NUMBER


def close(got: float, right: float) -> bool:
    """The same number up to rounding: relative 1e-9, or 1e-12 near zero.

    >>> close(0.1 + 0.2, 0.3), close(1.0, 1.0001), close(1e-17, 0.0)
    (True, False, True)
    """
    return math.isclose(got, right, rel_tol=1e-9, abs_tol=1e-12)


class Mistake(NamedTuple):
    """A wrong answer, computed from the probe's arguments and its right value, and its hint."""

    compute: Callable[[Tuple[Any, ...], float], float]
    hint: str


def _sum(terms: Iterable[float]) -> float:
    return math.fsum(terms)


def _products(first: Sequence[float], second: Sequence[float]) -> List[float]:
    if len(first) != len(second):
        raise IndexError("lengths differ")  # a mistake that cannot be made with these arguments
    return [a * b for a, b in zip(first, second)]


SIGN = N_("the sign is flipped: your value has the right size and the wrong sign.")
SQUARE = N_("a square where the slope of the logistic belongs: the slope is y_j(1 − y_j), y_j times (1 − y_j), "
            "and ∂E/∂y_j comes in once; nothing in (5) is squared.")
FACTOR_2 = N_("twice the right value: look for a factor of 2 (or a missing ½) that the equation does not have.")
HALF = N_("half the right value: look for a ½ (or a division by 2) that the equation does not have.")

MISTAKES = {
    1: [
        Mistake(lambda a, _: _sum(_products(a[1][:-1], a[2][a[0]][:-1])),
                N_("the always-1 line is left out: y[-1] is 1.0 and its weight w[j][-1] is the bias, which (1) "
                   "adds in just like every other line.")),
        Mistake(lambda a, _: _sum(_products(a[1][1:], a[2][a[0]][1:])),
                N_("the first line (i = 0) is left out: (1) adds up every line into unit j, from position 0.")),
        Mistake(lambda a, _: _sum(a[1][i] * a[2][i][a[0]] for i in range(len(a[1]))),
                N_("the weights are read as w[i][j], which is a weight into unit i. The line from unit i into unit j "
                   "carries w_ji, and w[j][i] is w_ji: the first index is the receiving unit, and for (1) it stays "
                   "j.")),
        Mistake(lambda _, right: logistic(right),
                N_("you returned the output y_j: (1) is the total input x_j, before the logistic (2) squashes it.")),
    ],
    2: [
        Mistake(lambda a, _: 1.0 / (1.0 + math.exp(a[0])),
                N_("the sign of the exponent: with e^(+x) the output falls as the total input rises; the "
                   "logistic rises with x_j, from 0 at very negative x_j to 1 at very positive x_j.")),
        Mistake(lambda a, _: 1.0 / (1.0 - math.exp(-a[0])),
                N_("the sign in the denominator: the logistic adds e^(−x_j) to 1.")),
        Mistake(lambda a, _: math.tanh(a[0]),
                N_("that is tanh, which runs from −1 to 1; the paper's unit is the logistic, which runs from 0 to 1.")),
        Mistake(lambda a, _: logistic(a[0]) * (1.0 - logistic(a[0])),
                N_("you returned the logistic's slope; (2) is the logistic itself (its slope comes in at (5)).")),
    ],
    3: [
        Mistake(lambda a, _: _sum((y - d) ** 2 for y, d in zip(a[0], a[1])),
                N_("twice the right value: the ½ in front of the sum is missing (it is there so that the 2 of "
                   "the square's derivative cancels in (4)).")),
        Mistake(lambda a, _: 0.5 * _sum((y - d) ** 2 for y, d in zip(a[0], a[1])) / len(a[0]),
                N_("divided by the number of output units: E adds up the output units (and the cases), it does not "
                   "average them.")),
        Mistake(lambda a, _: _sum((y - d) ** 2 for y, d in zip(a[0], a[1])) / len(a[0]),
                N_("that is the mean of the squared misses: E adds them up (no division by the number of outputs), "
                   "and takes half of the sum.")),
        Mistake(lambda a, _: 0.5 * _sum(abs(y - d) for y, d in zip(a[0], a[1])),
                N_("the misses must be squared, not taken as they are (or by size): (3) sums squares.")),
        Mistake(lambda a, _: 0.5 * _sum(y - d for y, d in zip(a[0], a[1])),
                N_("the misses must be squared: unsquared, a miss above its target cancels a miss below.")),
        Mistake(lambda a, _: 0.5 * _sum((y - d) ** 2 for y, d in zip(a[0][:-1], a[1][:-1])),
                N_("the last output unit is left out: (3) sums over every output unit j.")),
        Mistake(lambda a, _: 0.5 * _sum((y - d) ** 2 for y, d in zip(a[0][1:], a[1][1:])),
                N_("the first output unit is left out: (3) sums over every output unit j, from position 0.")),
    ],
    4: [
        Mistake(lambda a, _: a[1] - a[0],
                N_("the sign is flipped. E = ½(y_j − d_j)² grows as y_j rises above its target d_j, so there "
                   "∂E/∂y_j must be positive; yours is negative there.")),
        Mistake(lambda a, _: (a[0] - a[1]) * a[0] * (1.0 - a[0]),
                N_("you went on through the logistic: (4) is how E changes with the output y_j; the slope "
                   "y_j(1 − y_j) comes in at (5).")),
        Mistake(lambda a, _: 0.5 * (a[0] - a[1]) ** 2,
                N_("you returned the error itself: (4) is its derivative, how fast it changes as y_j changes.")),
        Mistake(lambda a, _: (a[0] - a[1]) ** 2,
                N_("you returned a squared miss: (4) is the derivative of ½(y_j − d_j)², how fast it changes with "
                   "y_j.")),
    ],
    5: [
        Mistake(lambda a, _: a[0],
                N_("the slope of the logistic is missing: y_j depends on x_j through (2), so the chain rule "
                   "multiplies ∂E/∂y_j by dy_j/dx_j, which written with the output is y_j(1 − y_j).")),
        Mistake(lambda a, _: a[0] * a[1] * (1.0 - a[1]),
                N_("x_j where y_j belongs: the slope of the logistic, written with the unit's output, is "
                   "y_j(1 − y_j); x_j is the total input, before the logistic.")),
        Mistake(lambda a, _: a[0] * a[2],
                N_("the factor (1 − y_j) of the logistic's slope is missing.")),
        Mistake(lambda a, _: a[0] * (1.0 - a[2]),
                N_("the factor y_j of the logistic's slope is missing.")),
        Mistake(lambda a, _: a[2] * (1.0 - a[2]),
                N_("∂E/∂y_j is missing: the chain rule multiplies the logistic's slope by how E changes with y_j.")),
        Mistake(lambda a, _: a[0] * a[2] * (a[2] - 1.0),
                N_("the sign: the logistic's slope y_j(1 − y_j) is positive for every output between 0 and 1, "
                   "so ∂E/∂x_j has the sign of ∂E/∂y_j.")),
        *[Mistake(compute, SQUARE) for compute in (
            lambda a, _: a[0] * a[2] ** 2, lambda a, _: a[0] * (1.0 - a[2]) ** 2,
            lambda a, _: a[0] * (a[2] * (1.0 - a[2])) ** 2, lambda a, _: a[0] ** 2 * a[2] * (1.0 - a[2]),
            lambda a, _: a[0] * a[2] * (1.0 - a[2]) ** 2, lambda a, _: a[0] * a[2] ** 2 * (1.0 - a[2]),
            lambda a, _: a[0] * (1.0 - a[2] ** 2))],
    ],
    6: [
        Mistake(lambda a, _: a[2][a[0]] * a[3][a[0]],
                N_("the y is the wrong unit's: y[j] is the output of another feeding unit. w_ji sits on the line "
                   "from unit i, so ∂E/∂w_ji takes the y of the sending unit i, the value on that line.")),
        Mistake(lambda a, _: a[2][a[1]] * a[3][a[1]],
                N_("∂E/∂x of the wrong unit: dE_dx[i] belongs to another receiving unit. The line ends at unit j, "
                   "so what its weight changes is x_j.")),
        Mistake(lambda a, _: a[2][a[1]] * a[3][a[0]],
                N_("i and j are swapped: dE_dx is indexed by the receiving unit j, y by the sending line i.")),
        Mistake(lambda a, _: a[2][a[0]],
                N_("the factor y_i is missing: a weight changes x_j in proportion to what comes in on its line.")),
        Mistake(lambda a, _: a[3][a[1]],
                N_("∂E/∂x_j is missing: y_i says how much the weight moves x_j; ∂E/∂x_j how much that moves E.")),
    ],
    7: [
        Mistake(lambda a, _: _sum(_products(a[1], a[2][a[0]][: len(a[1])])),
                N_("the sum runs along the wrong index: w[i][j] is a weight into unit i. Unit i sends to each "
                   "unit j along w_ji, stored as w[j][i]; (7) goes over every unit j that i feeds, so the first "
                   "index is the one that varies and i stays fixed.")),
        Mistake(lambda a, _: _sum(a[1][j] * a[2][j][a[0]] for j in range(len(a[1]) - 1)),
                N_("one receiving unit is left out, the last: every unit j that unit i feeds sends ∂E/∂x_j·w_ji "
                   "down to it, the last one too.")),
        Mistake(lambda a, _: _sum(a[1][j] * a[2][j][a[0]] for j in range(1, len(a[1]))),
                N_("one receiving unit is left out, the first (j = 0): every unit j that unit i feeds sends its "
                   "share.")),
        Mistake(lambda a, _: _sum(row[a[0]] for row in a[2]),
                N_("∂E/∂x_j is missing from each term: each unit j sends down its own ∂E/∂x_j along its weight.")),
        Mistake(lambda a, _: _sum(a[1]),
                N_("the weights w_ji are missing from each term: each unit j sends ∂E/∂x_j down along its line.")),
    ],
    8: [
        Mistake(lambda a, _: a[1] * a[0],
                N_("the change goes uphill: where E rises with w (∂E/∂w > 0) the weight must fall, so the change "
                   "has the opposite sign to ∂E/∂w.")),
        Mistake(lambda a, _: -a[0],
                N_("the learning rate ε is missing: it sets how far each change goes.")),
    ],
    9: [
        Mistake(lambda a, _: -a[1] * (a[0] + a[2] * a[3]),
                N_("α·Δw(t−1) went into the gradient, so −ε multiplied it too. Momentum is added to the change, "
                   "not to the gradient: the last change, times α, is added to the new step as it is.")),
        Mistake(lambda a, _: -a[1] * a[0] - a[2] * a[3],
                N_("the sign of the momentum term: the last change is carried on in the direction it went, "
                   "so α·Δw(t−1) is added.")),
        Mistake(lambda a, _: a[1] * a[0] + a[2] * a[3],
                N_("the gradient term goes uphill: the step −ε·∂E/∂w is opposite in sign to ∂E/∂w, as in (8).")),
        Mistake(lambda a, _: -a[1] * a[0],
                N_("the momentum term is missing: (9) adds α times the last change to the step of (8).")),
        Mistake(lambda a, _: a[2] * a[3],
                N_("the step of (8) is missing: (9) is that step plus α times the last change.")),
        Mistake(lambda a, _: -(1.0 - a[2]) * a[1] * a[0] + a[2] * a[3],
                N_("the (1 − α) factor is not the paper's: (9) adds α·Δw(t−1) to the plain step −ε·∂E/∂w "
                   "(weighting the step by 1 − α is a later variant).")),
        Mistake(lambda a, _: -a[1] * a[0] * (1.0 + a[2]),
                N_("α multiplies this sweep's step, not the last change: momentum carries on Δw(t−1), given "
                   "as last_change.")),
        Mistake(lambda a, _: -a[1] * a[0] + a[3],
                N_("α is missing: only the fraction α of the last change is carried on.")),
        Mistake(lambda a, _: -a[2] * a[1] * a[0] + a[3],
                N_("α multiplies the wrong term: it scales this sweep's step, and the last change is carried on "
                   "whole. α is the fraction of the last change Δw(t−1) carried on; the step −ε·∂E/∂w goes in as it "
                   "is.")),
        Mistake(lambda a, _: a[2] * (-a[1] * a[0] + a[3]),
                N_("α multiplies the whole change: only the last change Δw(t−1) is scaled by α; the step −ε·∂E/∂w "
                   "is added as it is.")),
        Mistake(lambda a, _: -a[1] * a[0] + a[1] * a[3],
                N_("ε multiplies the last change where α belongs: the last change is carried on as α·Δw(t−1).")),
    ],
}

GENERIC = [
    Mistake(lambda _, right: -right, SIGN),
    Mistake(lambda _, right: 2.0 * right, FACTOR_2),
    Mistake(lambda _, right: 0.5 * right, HALF),
]


def agrees(mistake: Mistake, probe: Probe, got: float) -> bool:
    """Does the mistake give, for this probe, what the learner's function gave?"""
    try:
        return close(got, float(mistake.compute(probe.args, probe.right)))
    except (ArithmeticError, IndexError, TypeError, ValueError):  # a mistake these arguments cannot make
        return False


def hint(number: int, answers: Sequence[Tuple[Probe, float]]) -> str:
    """The hint for equation ``number`` from every probe the learner answered with a number, in the language spoken.

    >>> from backprop.exercises.probes import all_probes
    >>> answers = [(probe, probe.args[1] - probe.args[0]) for probe in all_probes()[4]]   # d − y
    >>> hint(4, answers)[:22]
    'the sign is flipped. E'
    """
    candidates = MISTAKES[number] + GENERIC
    for mistake in candidates:  # one mistake that explains every answer
        if all(agrees(mistake, probe, got) for probe, got in answers):
            return _(mistake.hint)
    wrong = [(probe, got) for probe, got in answers if not close(got, probe.right)]
    kind = evidence(number, answers, wrong)
    if kind:
        return kind
    for mistake in MISTAKES[number]:  # a typical one that explains the first wrong answer
        if wrong and agrees(mistake, *wrong[0]):
            return _(mistake.hint)
    equation = _("compare your function term by term with equation ({number}): {equation}.").format(
        number=number, equation=BY_NUMBER[number].equation)
    if not wrong:
        return equation
    right = [probe for probe, got in answers if close(got, probe.right)]
    if right:
        told = _(" It is right on {right} of the {calls} calls (the first: {first_right}), wrong on {wrong} (the "
                 "first: {first_wrong}).")
    else:
        told = _(" It is right on {right} of the {calls} calls, wrong on {wrong} (the first: {first_wrong}).")
    return equation + told.format(right=len(right), calls=len(answers), wrong=len(wrong),
                                  first_right=right[0].at if right else "", first_wrong=wrong[0][0].at)


def evidence(number: int, answers: Sequence[Tuple[Probe, float]], wrong: Sequence[Tuple[Probe, float]]) -> str:
    """The kind of mistake the answers show, when no typical mistake explains them ('' if none).

    >>> from backprop.exercises.probes import all_probes
    >>> answers = [(probe, round(probe.right, 5)) for probe in all_probes()[1]]   # rounded to 5 places
    >>> evidence(1, answers, [(p, got) for p, got in answers if not close(got, p.right)])[:36]
    'right to about 5 significant digits,'
    """
    if not wrong:
        return ""
    worked = [(probe, got) for probe, got in answers if WORKED in probe.where]
    if worked and all(close(got, probe.right) for probe, got in worked):
        return _("right on every call at {worked}, wrong on {net}, whose layers have other sizes: is a size written "
                 "in by hand (a 2, a range(2), a [1] that fits a layer of two)? Take each size from the lists you are "
                 "given (len(y), len(w), len(dE_dxs)).").format(worked=_(WORKED), net=wrong[0][0].part("net"))
    errors = [abs(got - probe.right) / abs(probe.right) for probe, got in wrong if probe.right]
    if errors and len(errors) == len(wrong) and errors[0] < 1e-4 and max(errors) < 1e-2:
        digits = int(-math.log10(errors[0]))
        return _("right to about {digits} significant digits, but not to the last ones: is a number rounded (round(), "
                 "a constant written short such as e ≈ 2.718, or a value copied from a printout)? Compute with the "
                 "values as they come, and math.exp.").format(digits=digits)
    if number == 6 and all(probe.args[1] == len(probe.args[3]) - 1 for probe, __ in wrong):
        return _("right on every weight but the biases': the bias is the weight of the always-1 line, the last line "
                 "i into unit j, whose y[i] is 1.0; (6) takes it as it takes every other line.")
    if number == 7:
        for probe, got in wrong[:1]:
            i, dE_dxs, w = probe.args
            terms = [dE_dxs[j] * w[j][i] for j in range(min(len(dE_dxs), len(w)))]
            for size in range(1, len(terms)):
                for some in combinations(range(len(terms)), size):
                    if close(got, math.fsum(terms[j] for j in some)):
                        which = ", ".join(str(j) for j in some)
                        return _("a sum over some of the units j but not all: at {where}, yours is the sum of the "
                                 "terms of j = {which} only, out of j = 0 to {last}. Unit i hears from every unit j it "
                                 "feeds.").format(where=probe.at, which=which, last=len(terms) - 1)
    return ""
