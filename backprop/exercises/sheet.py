"""The nine exercises, one per equation, and the file a learner fills in.

Each :class:`Exercise` says which function the learner writes, its arguments in the paper's
notation and what each means, the equation, and what it teaches. The learner's file is made
from these same specs (:func:`template`), so the file and the checker can never disagree about
a name or an argument.

Conventions, the paper's and the library's: ``j`` is the unit receiving a line and ``i`` the unit
sending it; ``w[j][i]`` is w_ji. A layer's incoming values come as one list ``y``: the output of
each feeding unit, then 1.0 for the always-1 line, whose weight ``w[j][-1]`` is unit j's bias.
"""

from __future__ import annotations

import os
from typing import List, NamedTuple, Sequence, Tuple

from ..files import write_text
from .language import N_, _, lang_option, wrap
from .sweep_sheet import sweep_template


class Exercise(NamedTuple):
    """One function the learner writes: equation ``number``, by ``name``, taking ``params``."""

    number: int
    name: str
    params: Tuple[Tuple[str, str, str], ...]  # (name, type written in the learner's file, meaning)
    returns: str  # the type and meaning of what it returns
    equation: str  # the paper's equation, in one line
    teaches: str  # what writing it teaches, for the listing and for teachers
    example: Tuple[str, str, str]  # where in the worked 2-2-2 example ('' for made-up numbers), a call, its value
    note: str = ""  # a sentence more for the learner's docstring

    @property
    def signature(self) -> str:
        """``name(a, b)``, the way the learner's file must define it.

        >>> EXERCISES[4].signature
        'dE_dx(dE_dy_j, x_j, y_j)'
        """
        return f"{self.name}({', '.join(name for name, _, _ in self.params)})"

    @property
    def title(self) -> str:
        """``(5) dE_dx``: the equation's number and the function's name."""
        return f"({self.number}) {self.name}"


_Y = ("y", "list[float]", N_("y[i] is y_i, the output of the i-th unit feeding j's layer; the last entry "
                             "is 1.0, the always-1 line"))
_W = ("w", "list[list[float]]", N_("the weights of the layer of the units j: w[j][i] is w_ji, the weight on the "
                                   "line from unit i to unit j; w[j][-1] is unit j's bias, the weight of the always-1 "
                                   "line"))
_DE_DX = ("dE_dxs", "list[float]", N_("dE_dxs[j] is ∂E/∂x_j of each unit j of the receiving layer, for this case"))

EXERCISES: Tuple[Exercise, ...] = (
    Exercise(1, "total_input", (("j", "int", N_("the position of unit j in its layer (from 0)")), _Y, _W),
             N_("float: x_j, the total input of unit j"), "x_j = Σ_i y_i · w_ji",
             N_("a unit adds up what comes in on its lines, each times its weight; the bias is one more line"),
             (N_("unit h1"), "total_input(0, [0.05, 0.1, 1.0], [[0.15, 0.2, 0.35], [0.25, 0.3, 0.35]])", "0.3775")),
    Exercise(2, "logistic", (("x_j", "float", N_("the total input of unit j")),),
             N_("float: y_j, the output of unit j, between 0 and 1"), "y_j = 1 / (1 + e^(−x_j))",
             N_("the squashing function: smooth, so that E has a derivative to follow"),
             (N_("unit h1"), "logistic(0.3775)", "0.5932699921071872")),
    Exercise(3, "case_error", (("y", "list[float]", N_("y[j] is y_j, the output of output unit j for this case")),
                               ("d", "list[float]", N_("d[j] is d_j, the desired output (target) of output unit j"))),
             N_("float: E_c, this case's part of E (E adds up every case's: E = Σ_c E_c)"),
             "E_c = ½ Σ_j (y_j − d_j)²",
             N_("what is being minimised: half the squared misses, summed over the output units"),
             (N_("the one case"), "case_error([0.7513651, 0.7729285], [0.01, 0.99])", "≈ 0.2983711")),
    Exercise(4, "dE_dy_at_output", (("y_j", "float", N_("the output of output unit j")),
                                    ("d_j", "float", N_("its desired output"))),
             N_("float: ∂E/∂y_j at output unit j, for this case"), "∂E/∂y_j = y_j − d_j",
             N_("where the backward pass starts: how E changes with an output"),
             (N_("unit o1"), "dE_dy_at_output(0.7513651, 0.01)", "0.7413651")),
    Exercise(5, "dE_dx", (("dE_dy_j", "float", N_("∂E/∂y_j of unit j")),
                          ("x_j", "float", N_("the total input of unit j, by equation 1")),
                          ("y_j", "float", N_("the output of unit j, by equation 2"))),
             N_("float: ∂E/∂x_j, for this case"), "∂E/∂x_j = ∂E/∂y_j · y_j (1 − y_j)",
             N_("the chain rule through the logistic, whose slope is written with its output"),
             (N_("unit o1"), "dE_dx(0.7413651, 1.1059060, 0.7513651)", "≈ 0.1384986"),
             N_("Not every argument is needed: it is given what the net holds for unit j, and the equation says "
                "which of them it uses.")),
    Exercise(6, "dE_dw", (("j", "int", N_("the position of the receiving unit j in its layer")),
                          ("i", "int", N_("the position of the sending unit i among the lines into j's layer "
                                          "(the last is the always-1 line)")), _DE_DX, _Y),
             N_("float: ∂E/∂w_ji, for this case"), "∂E/∂w_ji = ∂E/∂x_j · y_i",
             N_("a weight's gradient: what came in on its line, times how much E cares about j's total input"),
             ("w[o1←h2]", "dE_dw(0, 1, [0.1384986, -0.0380982], [0.5932700, 0.5968844, 1.0])", "≈ 0.0826677")),
    Exercise(7, "dE_dy_sent_down", (("i", "int", N_("the position of unit i among the units feeding the layer "
                                                    "of the units j")), _DE_DX, _W),
             N_("float: ∂E/∂y_i, for this case"), "∂E/∂y_i = Σ_j ∂E/∂x_j · w_ji",
             N_("the backward pass: a unit hears from every unit it feeds, along the same weights, the other way"),
             (N_("unit h1"), "dE_dy_sent_down(0, [0.1384986, -0.0380982], [[0.4, 0.45, 0.6], [0.5, 0.55, 0.6]])",
              "≈ 0.0363503")),
    Exercise(8, "weight_change", (("dE_dw_sum", "float", N_("∂E/∂w of one weight, summed over every case of the "
                                                            "sweep")),
                                  ("learning_rate", "float", N_("ε, how far to go"))),
             N_("float: Δw, the change to add to the weight"), "Δw = −ε · ∂E/∂w",
             N_("gradient descent: a small step downhill"),
             ("w[o1←h1], ε = 0.5", "weight_change(0.0821670, 0.5)", "-0.0410835")),
    Exercise(9, "weight_change_with_momentum",
             (("dE_dw_sum", "float", N_("∂E/∂w(t) of one weight, summed over every case of sweep t")),
              ("learning_rate", "float", N_("ε")),
              ("momentum", "float", N_("α, the fraction of the last change carried on (0 ≤ α < 1)")),
              ("last_change", "float", N_("Δw(t−1), the change this weight got at the sweep before (0 at first)"))),
             N_("float: Δw(t), the change to add to the weight"), "Δw(t) = −ε · ∂E/∂w(t) + α · Δw(t−1)",
             N_("the paper's acceleration: each change carries on part of the last one"),
             ("", "weight_change_with_momentum(0.08, 0.5, 0.9, -0.04)", "-0.076")),
)

BY_NUMBER = {exercise.number: exercise for exercise in EXERCISES}

_HEAD = N_('''"""Back-propagation, written by you: Rumelhart, Hinton & Williams (1986), one function at a time.

First the nine equations, one function each; then the sweep that uses them, five functions
(forward, backward, sweep, change_weights, train). Replace each `raise NotImplementedError` by
what its docstring says, then check your work:

    python -m backprop exercises check {filename}{lang}

The checker calls your functions in order on every unit of a small worked example (the 2-2-2 net
of M. Mazur's well-known walk-through: units i1 i2, h1 h2, o1 o2) and of random nets, and stops at
the first that is wrong: where, what your function was given, what it returned, the right value
and a hint. When all fourteen are right, your train learns XOR and the mirror symmetry task
beside the library's, sweep by sweep, and this file runs by itself: python {filename}

The paper's conventions:
- j is the unit that receives a line, i the unit that sends it; w_ji is the weight on the line.
- The weights of a layer come as w, one row per receiving unit: w[j][i] is w_ji. The last entry of
  each row is the bias, the weight on an extra line whose value is always 1.
- The values coming into a layer come as y: y[i] is y_i, and the last entry is that line's 1.0.
- Positions count from 0.
- A function is sometimes given more than its equation needs: use what the equation says.

Plain Python and the math module are all you need (math.exp(a) is e^a). Nothing of the library:
this file must run without it. `python -m backprop exercises {filename}{lang}` shows how far you are.
"""
''')
_IMPORT = "\nimport math  # noqa: F401 -- {why}\n"
_NOQA = N_('the linters\' word for "used further down, once you have written it"')


def template(filename: str = "my_backprop.py") -> str:
    """The learner's file: the module docstring, then one function per exercise that raises NotImplementedError.

    >>> text = template("mine.py")
    >>> "python -m backprop exercises check mine.py" in text
    True
    >>> sum(line.strip() == "raise NotImplementedError" for line in text.splitlines())
    14
    >>> compile(text, "mine.py", "exec") is not None
    True
    """
    parts = [_(_HEAD).format(filename=filename, lang=lang_option()), _IMPORT.format(why=_(_NOQA))]
    for exercise in EXERCISES:
        annotated = ", ".join(f"{name}: {kind}" for name, kind, meaning in exercise.params)
        kind, returned = _(exercise.returns).split(": ", 1)
        where, example, value = exercise.example
        heading = _("For {where} of the worked 2-2-2 example:").format(where=_(where)) if where else _("For example:")
        note = "".join(f"    {line}\n" for line in wrap(_(exercise.note), 100, break_on_hyphens=True)) + "\n" \
            if exercise.note else ""
        parts.append(
            f'\n\ndef {exercise.name}({annotated}) -> {kind}:\n'
            '    """' + _("Equation ({number}): {equation}").format(number=exercise.number,
                                                                   equation=exercise.equation) + '\n\n'
            + "\n".join(arguments(exercise.params)) + "\n\n"
            '    ' + _("Returns {meaning}.").format(meaning=returned) + '\n\n' + note +
            f'    {heading}\n'
            f'        {example}  →  {value}\n'
            f'    """\n'
            f'    raise NotImplementedError\n'
        )
    parts.append(sweep_template(filename))
    return "".join(parts)


def arguments(params: Sequence[Tuple[str, str, str]]) -> List[str]:
    """The lines of a docstring that say what each argument is: its name, then its meaning, wrapped at 100 columns."""
    width = max(len(name) for name, kind, meaning in params)
    return [line for name, kind, meaning in params
            for line in wrap(_(meaning), 100, initial_indent=f"    {name:<{width}}  ",
                             subsequent_indent=" " * (width + 6), break_on_hyphens=True)]


def write_new(path: str) -> None:
    """Write a fresh exercise file at ``path``; refuse to overwrite anything that is there.

    Written as every file of the library is (``files.write_text``): whole or not at all, with the
    usual permissions, and never over a file that exists, even one that appears meanwhile.
    """
    try:
        write_text(path, template(os.path.basename(path)), new=True)
    except FileExistsError:
        raise FileExistsError(_("{path} exists already; 'exercises new' never overwrites a file (check it with: "
                                "python -m backprop exercises check {path}{lang})").format(
                                    path=path, lang=lang_option())) from None


def listing(marks: Sequence[str], teaching: bool = False) -> List[str]:
    """One line per exercise: a mark (✓, ✗, · or blank), its number, name and equation; and what it teaches.

    >>> listing(["✓"] * 9)[1]
    '  ✓ (2) logistic                     y_j = 1 / (1 + e^(−x_j))'
    """
    width = max(len(exercise.name) for exercise in EXERCISES)
    lines = []
    for mark, exercise in zip(marks, EXERCISES):
        lines.append(f"  {mark} ({exercise.number}) {exercise.name:<{width}}  {exercise.equation}")
        if teaching:
            lines.append(f"{'':{width + 10}}{_(exercise.teaches)}")
    return lines
