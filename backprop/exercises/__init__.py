"""Write back-propagation yourself: nine checked exercises, one per equation of the paper, then the sweep.

Reading equations (1)-(9) and stepping through them is half of learning back-propagation; the
other half is writing them and seeing your own code learn. A learner fills in one function per
equation in a file of their own; the checker calls each on every unit of the worked 2-2-2
example and of random nets, and for the first that is wrong says where (the equation, the unit),
what the function was given, what it returned, the right value, and a hint that points at the
term that differs. Then the learner writes the algorithm that uses them (``forward``, ``backward``,
``sweep``, ``change_weights``, ``train``), each checked on its own; their ``train`` learns XOR and the
symmetry task beside the library, compared at every sweep to 1e-12, and their file trains XOR by
itself, without the library.

    python -m backprop exercises new my_backprop.py
    python -m backprop exercises check my_backprop.py

The rooms of this package, in the order a check goes through them:

==================  ==============================================================================
``sheet``           the nine exercises (names, arguments, equations) and the file the learner fills in
``sweep_sheet``     the five functions of the sweep that uses them, and the file's run of XOR
``probes``          the calls each function gets, with the right values read from the library's units
``sweep_probes``    the same for the sweep: the library's units, sums and Trainer, in plain lists
``runner``          the learner's code in a process of its own, stopped if it does not answer in time
``worker``          that process: it loads the file (``learner``) and calls each function
``hints``           the typical wrong answers of each equation, and the hint for each (``notes``: the
                    nudge of a wrong (6) or (7), the note on a logistic that overflows far out)
``sweep_check``     each function of the sweep called on its own and compared (``sweep_hints``: why not)
``whole_net``       the learner's nine functions in the checker's own sweep, beside the library
``train_check``     the learner's train beside the library's Trainer, sweep by sweep
``checker``         the verdict on each function and the report (``sweep_report``: its sweep part, and
                    the file run by itself); ``cli`` the command line
==================  ==============================================================================

The right values come from the library itself (the x a unit holds after ``Network.forward``,
the Δw a ``Trainer`` made), so the exercises check against the very lines marked ``# (N)``
in the core, and the core knows nothing of the exercises.

>>> [exercise.title for exercise in EXERCISES][:3]
['(1) total_input', '(2) logistic', '(3) case_error']
"""

from __future__ import annotations

from .checker import Report, Verdict, check, progress
from .sheet import EXERCISES, Exercise, template, write_new

__all__ = ["EXERCISES", "Exercise", "Report", "Verdict", "check", "progress", "template", "write_new"]
