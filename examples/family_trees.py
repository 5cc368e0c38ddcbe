"""The paper's Figs. 2-4: a net learns two family trees from 100 of their 104 facts-queries.

Run from the repository root:  python examples/family_trees.py      (about a minute on CPython;
seconds under PyPy). Written to be read and stepped through; `python -m backprop paper
family-trees` runs the same recipe and `--literal` the paper's recipe as written.
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))  # run without installing

import backprop as bp  # noqa: E402
from backprop import experiments  # noqa: E402

task = bp.tasks.family_trees()
print(f"{len(task.cases)} queries such as: {task.queries[0][0]}'s {task.queries[0][1]}? {task.queries[0][2][0]}")

# The net of Fig. 2: person 1 (24 units) and the relationship (12 units) each feed their own
# 6 units; both groups feed 12 central units, then 6, then one output unit per person 2.
started = shown = time.perf_counter()


def progress(history: bp.History) -> bool:
    """Say every few seconds how far training is: a run this long should show it is alive."""
    global shown
    if time.perf_counter() - shown >= 3.0:
        shown = time.perf_counter()
        print(f"  sweep {history.sweeps:5d}: E = {history.error:8.3f}, {history.cases_right[-1]:3d} of 100 queries "
              f"right, {shown - started:4.0f} s", flush=True)
    return False  # True would stop the run


result = experiments.family_trees(seed=0, progress=progress)
net = result.network
print(f"{net!r}")
print(result.report())

# Fig. 4's question: what did the 6 units that encode person 1 learn? Each unit's weight from
# every English person, with the Italian person in the same place of the other tree beside it.
print("\nweights from the first person of the query into each of the 6 person-code units (English / Italian):")
for english, italian in zip(bp.tasks.ENGLISH, bp.tasks.ITALIAN):
    e, i = bp.tasks.PEOPLE.index(english), bp.tasks.PEOPLE.index(italian)
    row = "  ".join(f"{unit.weights[e]:+5.1f}/{unit.weights[i]:+5.1f}" for unit in net.layers[2].neurons)
    print(f"{english:>11} / {italian:<9} {row}")

# Fig. 4 found units that encode features no one taught: nationality, generation, branch.
# Which of our 6 units best separates the two trees, and which the three generations?
GENERATION = [1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3]  # by position in either tree (Christopher ... Charlotte)


def correlation(xs: list, ys: list) -> float:
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
    spread = (sum((x - mean_x) ** 2 for x in xs) * sum((y - mean_y) ** 2 for y in ys)) ** 0.5
    return covariance / spread if spread else 0.0


italian = [0.0] * 12 + [1.0] * 12
generation = [float(g) for g in GENERATION * 2]
for feature, values in (("nationality (English/Italian)", italian), ("generation", generation)):
    scores = [(abs(correlation(unit.weights, values)), unit.name) for unit in net.layers[2].neurons]
    score, name = max(scores)
    print(f"{feature}: best told apart by {name}, |correlation| {score:.2f} over the 24 people")
