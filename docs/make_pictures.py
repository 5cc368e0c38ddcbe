"""Regenerate the pictures in docs/img that the README shows:  python docs/make_pictures.py

- symmetry_network.svg: the paper's Fig. 1, drawn from our own trained symmetry net (seed 1);
- symmetry_error.svg: its E per sweep, with the plateau at E = 4 it crossed marked;
- family_trees_network.svg: the paper's Fig. 2, our trained family-trees net (seed 0) drawn by
  groups: a box per layer, a band per set of lines from one layer to the next;
- family_trees_hinton.svg: the paper's Fig. 4, the weights from the first person of the query into
  the 6 person-code units of our trained family-trees net (seed 0), English row above Italian;
- remember_folded.svg and remember_unrolled.svg: the paper's Fig. 5, our trained 2-unit recurrent
  net (seed 0), folded and unrolled into one layer per step;
- symmetry_weight.svg: one weight of the symmetry run and its ∂E/∂w, once a sweep, made by the code
  of docs/WATCH_IT_LEARN.md's "Watch one weight learn", run here as it is written there.
About 25 s on CPython (the family-trees run), a few under PyPy. The replay page's screenshot,
docs/img/replay.png, needs Chromium: python docs/make_screenshot.py.
"""

import contextlib
import os
import re
import sys
from typing import Iterator

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # run from a checkout, no install needed

from backprop import draw, experiments, files  # noqa: E402


def write(name: str, text: str) -> None:
    path = os.path.join(HERE, "img", name)
    files.write_text(path, text)  # as the library writes every file: whole or not at all
    print(f"wrote {os.path.relpath(path)}")


def main() -> None:
    os.makedirs(os.path.join(HERE, "img"), exist_ok=True)
    symmetry = experiments.symmetry(seed=1)
    write("symmetry_network.svg", draw.network_svg(
        symmetry.network, title=f"Fig. 1: the symmetry net after {symmetry.sweeps} sweeps (seed 1)"))
    plateau_end = next(sweep for sweep, E in enumerate(symmetry.history.errors, start=1) if sweep > 10 and E < 3.99)
    write("symmetry_error.svg", draw.error_curve_svg(
        symmetry.history, title="symmetry: E per sweep (seed 1)",
        marks=[(10, plateau_end, "the plateau: every output near 0, E = 8 × ½"),
               (symmetry.solved_at or 0, symmetry.solved_at or 0, "every case right")]))
    family = experiments.family_trees(seed=0)
    write("family_trees_network.svg", draw.network_svg(
        family.network, title=f"Fig. 2: the family-trees net after {family.sweeps} sweeps (seed 0), by layers"))
    fig_4 = family.view.hinton(family.network, "")  # the layer and the labels the experiment gives Fig. 4
    write("family_trees_hinton.svg", draw.hinton_svg(
        fig_4.layer, rows=fig_4.rows, column_labels=fig_4.column_labels, row_labels=fig_4.row_labels,
        title="Fig. 4: weights from the first person of the query into the 6 person-code units (seed 0)"))
    remember = experiments.remember(seed=0)
    write("remember_folded.svg", draw.folded_svg(
        remember.network, title="Fig. 5: the recurrent net that remembers the first bit (seed 0)"))
    write("remember_unrolled.svg", draw.network_svg(remember.network))
    watch_one_weight()


def watch_one_weight() -> None:
    """Run the guide's code in docs/img, where it writes symmetry_weight.svg (and prints two sparklines)."""
    with open(os.path.join(HERE, "WATCH_IT_LEARN.md"), encoding="utf-8") as file:
        code = re.search(r"## Watch one weight learn.*?```python\n(.*?)```", file.read(), re.S).group(1)
    with working_in(os.path.join(HERE, "img")):
        exec(compile(code, "docs/WATCH_IT_LEARN.md", "exec"), {})
    print("wrote docs/img/symmetry_weight.svg")


@contextlib.contextmanager
def working_in(folder: str) -> Iterator[None]:
    """In ``folder`` for a while (contextlib.chdir, which came in Python 3.11)."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


if __name__ == "__main__":
    main()
