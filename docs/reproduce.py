"""Regenerate the multi-seed table of docs/REPRODUCTION.md.

    pypy3 docs/reproduce.py            # about two minutes under PyPy (CPython works, ~10x slower)
    pypy3 docs/reproduce.py --write    # also put the table into docs/REPRODUCTION.md

Runs every experiment from seeds 0, 1, 2, ... and prints one Markdown row per experiment: how
many seeds solved it (every training output on the right side of 0.5), the median / min / max
sweep at which they did, and the paper's figure beside it.
"""

from __future__ import annotations

import datetime
import os
import platform
import statistics
import sys
import time
from typing import Any, Dict, List, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # run from a checkout, no install needed

from backprop import experiments  # noqa: E402

# (experiment, seeds, settings, the paper's number in a few words): every study the registry lists, in its order
RUNS: List[Tuple[str, int, Dict[str, Any], str]] = [
    (entry.name, seeds, settings, entry.paper)
    for entry in experiments.REGISTRY if entry.runs for seeds, settings in entry.studies
]
START, END = "<!-- table: made by docs/reproduce.py -->", "<!-- end of table -->"


def table() -> str:
    lines = [
        "| experiment | settings | seeds solved | solved at sweep: median (min–max) | training cases right "
        "(mean) | held-out right (mean) | the paper |",
        "|---|---|---|---|---|---|---|",
    ]
    started = time.perf_counter()
    for name, seeds, settings, paper in RUNS:
        study = experiments.study(name, seeds=seeds, **settings)
        results = study.results
        solved = study.solved
        spread = f"{statistics.median(solved):g} ({min(solved)}–{max(solved)})" if solved else "—"
        train = sum(r.train_correct for r in results) / len(results)
        total = results[0].train_total
        held = (f"{sum(r.test_correct for r in results) / len(results):.1f} / {results[0].test_total}"
                if results[0].test_total else "—")
        shown = ", ".join(f"{k}={v}" for k, v in settings.items()) or "default"
        lines.append(f"| {name} | {shown} | {len(solved)}/{seeds} | {spread} | {train:.1f} / {total} | "
                     f"{held} | {paper} |")
        print(lines[-1], file=sys.stderr, flush=True)
    seconds = time.perf_counter() - started
    lines.append("")
    lines.append(f"Made {datetime.date.today().isoformat()} by `{os.path.basename(sys.executable)} "
                 f"docs/reproduce.py` on {platform.python_implementation()} {platform.python_version()}, "
                 f"{platform.machine()}, {os.cpu_count()} cores: {seconds:.0f} s wall time.")
    return "\n".join(lines)


def main() -> None:
    text = table()
    print(text)
    if "--write" in sys.argv[1:]:
        path = os.path.join(HERE, "REPRODUCTION.md")
        with open(path, encoding="utf-8") as file:
            document = file.read()
        before, rest = document.split(START, 1)
        _, after = rest.split(END, 1)
        with open(path, "w", encoding="utf-8") as file:
            file.write(before + START + "\n" + text + "\n" + END + after)


if __name__ == "__main__":
    main()
