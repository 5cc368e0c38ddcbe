"""The family trees' generalization over many random splits: the study tables of docs/REPRODUCTION.md.

    pypy3 docs/family_trees_study.py --processes 2            # about 50 minutes on 2 cores under PyPy
    pypy3 docs/family_trees_study.py --processes 2 --write    # also put the tables into docs/REPRODUCTION.md
    pypy3 docs/family_trees_study.py --seeds 3 --more 0       # a quick look: 3 seeds a variant

Each seed draws its own 4 held-out queries (``family_trees_split(seed)``) and trains on the other
100. Every variant runs from seeds 0-19 (``--seeds``); the leading candidates for the default run
from seeds 0-59 as well (``--more``), because on 20 seeds the held-out figure moves by about 5
points from one set of seeds to another. CPython works too, about ten times slower.
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import os
import platform
import sys
import time
from typing import Any, Dict, List, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # run from a checkout, no install needed

from backprop.experiments.trees import ROW_HEADER, SplitStudy, family_trees_study  # noqa: E402

# (label, settings of family_trees): each changes one thing from the default, unless it says otherwise
VARIANTS: List[Tuple[str, Dict[str, Any]]] = [
    ("**the default**", {}),
    ("2,500 sweeps (the default before this study)", {"sweeps": 2500}),
    ("1,500 sweeps (the letter's)", {"sweeps": 1500}),
    ("500 sweeps (the data set's notes)", {"sweeps": 500}),
    ("no weight decay", {"weight_decay": 0.0}),
    ("decay 0.1%", {"weight_decay": 0.001}),
    ("decay 0.2% (the letter's), from the start", {"weight_decay": 0.002}),
    ("decay 0.2%, only once every training case is right", {"weight_decay": 0.002, "decay_from": "learned"}),
    ("decay 0.2%, only once every output is within the margin", {"weight_decay": 0.002, "decay_from": "margin"}),
    ("decay 0.5%, only once every training case is right", {"weight_decay": 0.005, "decay_from": "learned"}),
    ("initial weights U(±0.3) (Fig. 1's)", {"weight_range": 0.3}),
    ("initial weights U(±0.5)", {"weight_range": 0.5}),
    ("initial weights U(±2)", {"weight_range": 2.0}),
    ("the letter, but decay only once every training case is right", {"literal": True, "decay_from": "learned"}),
    ("the letter as written", {"literal": True}),
]
# The variants that come closest to the default on 20 seeds, run again over more.
CANDIDATES = ["**the default**", "decay 0.1%", "decay 0.2%, only once every training case is right",
              "initial weights U(±2)"]
START, END = "<!-- family-trees study: made by docs/family_trees_study.py -->", "<!-- end of family-trees study -->"


def run_study(settings: Dict[str, Any], seeds: int, mapper: Any) -> SplitStudy:
    """One variant over seeds 0 .. seeds − 1, its progress on stderr."""
    settings = dict(settings)
    literal = settings.pop("literal", False)
    study = family_trees_study(seeds=seeds, literal=literal, mapper=mapper, **settings)
    print(f"  {study.settings or 'default'}: {study.seeds} seeds in {study.seconds:.0f} s", file=sys.stderr, flush=True)
    return study


def tables(seeds: int, more: int, mapper: Any) -> str:
    """The two Markdown tables, and the line that says how they were made."""
    started = time.perf_counter()
    rows, confirmed = [], []
    for label, settings in VARIANTS:
        wide = more if label in CANDIDATES and more > seeds else 0
        study = run_study(settings, max(seeds, wide), mapper)
        rows.append(study.subset(seeds).row(label))
        print(rows[-1], file=sys.stderr, flush=True)
        if wide:
            confirmed.append(study.row(label))
    lines = [f"Seeds 0–{seeds - 1}, each holding out its own 4 queries:", "", ROW_HEADER, *rows]
    if confirmed:
        lines += ["", f"The leading candidates again, over seeds 0–{more - 1}:", "", ROW_HEADER, *confirmed]
    command = " ".join(["docs/family_trees_study.py", *[arg for arg in sys.argv[1:] if arg != "--write"]])
    lines += ["", f"Made {datetime.date.today().isoformat()} by `{os.path.basename(sys.executable)} {command}` on "
                  f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
                  f"{os.cpu_count()} cores: {time.perf_counter() - started:.0f} s wall time."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20, help="seeds a variant (default 20)")
    parser.add_argument("--more", type=int, default=60, help="seeds for the leading candidates (default 60; 0: none)")
    parser.add_argument("--processes", type=int, default=1, help="processes to run seeds in (default 1)")
    parser.add_argument("--write", action="store_true", help="also put the tables into docs/REPRODUCTION.md")
    options = parser.parse_args()
    if options.seeds < 1 or options.processes < 1:
        parser.error("--seeds and --processes must be at least 1")
    if options.processes == 1:
        text = tables(options.seeds, options.more, map)
    else:
        with multiprocessing.Pool(options.processes) as pool:
            text = tables(options.seeds, options.more, pool.map)
    print(text)
    if options.write:
        path = os.path.join(HERE, "REPRODUCTION.md")
        with open(path, encoding="utf-8") as file:
            document = file.read()
        if START not in document or END not in document:
            sys.exit(f"{path} has no {START} ... {END} to write between")
        before, rest = document.split(START, 1)
        _, after = rest.split(END, 1)
        with open(path + ".tmp", "w", encoding="utf-8") as file:
            file.write(before + START + "\n" + text + "\n" + END + after)
        os.replace(path + ".tmp", path)  # a file is never half-written


if __name__ == "__main__":
    main()
