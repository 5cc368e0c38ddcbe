"""A small mutation pass over the lines that compute the paper: can the tests tell a wrong equation?

    python tests/mutate.py              # every mutant, 2 at a time (a few minutes)
    python tests/mutate.py --list       # the mutants only, without running anything

Each mutant changes one token on one line: a line marked ``# (1)`` … ``# (9)``, or a line that
applies the error margin or the weight decay. An operator is swapped (+ −, * /, > >=, < <=), a
unary minus dropped, or a constant changed. The copy of the package with that one change is
tested with ``python -m unittest`` (stopping at the first failure); the mutant is *killed* when
a test fails and *survives* when every test passes. The score is killed / all.

This is a tool, not a test: it is not collected by ``python -m unittest`` (its name does not
start with ``test``).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tokenize
from concurrent.futures import ThreadPoolExecutor
from typing import List, NamedTuple, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES = ("neuron.py", "layer.py", "network.py", "trainer.py")  # the core, where every equation is
# Lines to mutate besides the equations: where the margin and the decay act.
EXTRA = (re.compile(r"abs\((\w+\.)?y - d\) (>|<=) margin"), re.compile(r"^\s*dE_dy = 0\.0"),
         re.compile(r"if x > -700\.0:"), re.compile(r"\* keep\b"), re.compile(r"keep = 1\.0 -"),
         re.compile(r"1\.0 - self\.weight_decay"), re.compile(r"return 1\.0 / \(1\.0 \+ exp\(-x\)\)"),
         # the ½ of (3), the always-1 line, the ∂E/∂y that (7) adds into set to 0 first, the tied average
         re.compile(r"return 0\.5 \* sum\("), re.compile(r"ys\.append\(1\.0\)"), re.compile(r"unit\.dE_dy = 0\.0"),
         re.compile(r"g / len\(group\)"))
# Whole-phrase changes where a line has no operator to swap: (1) and (7) as a sum of sums, (2) of −x.
PHRASES = {"map(mul,": "map(lambda a, b: a + b,", "logistic(x)": "logistic(-x)"}
SWAPS = {"+": "-", "-": "+", "*": "/", "/": "*", ">": ">=", ">=": ">", "<": "<=", "<=": "<", "+=": "-=",
         "**": "*"}
CONSTANTS = {"0.5": "1.0", "1.0": "2.0", "0.0": "1.0", "2": "3", "1": "2"}


class Mutant(NamedTuple):
    file: str
    line: int
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.before.strip()}  →  {self.after.strip()}"


def targets(text: str) -> List[int]:
    """The numbers of the lines to mutate in one file."""
    lines = text.splitlines()
    return [k + 1 for k, line in enumerate(lines)
            if re.search(r"# \([1-9]\)", line) or any(pattern.search(line) for pattern in EXTRA)]


def line_tokens(code: str) -> List[tokenize.TokenInfo]:
    """The tokens of one line of code, also of a line that opens a bracket it does not close."""
    tokens: List[tokenize.TokenInfo] = []
    try:
        tokens.extend(tokenize.generate_tokens(io.StringIO(code + "\n").readline))
    except tokenize.TokenError:  # "EOF in multi-line statement": the tokens up to there are all we need
        pass
    return tokens


def mutants_of(file: str, text: str) -> List[Mutant]:
    lines = text.splitlines()
    found: List[Mutant] = []
    for number in targets(text):
        source = lines[number - 1]
        code, _, comment = source.partition("  #")
        tokens = line_tokens(code.strip())
        indent = code[: len(code) - len(code.lstrip())]
        for k, token in enumerate(tokens):
            start, end = token.start[1], token.end[1]
            stripped = code.strip()
            replacement = None
            if token.type == tokenize.OP and token.string in SWAPS:
                previous = tokens[k - 1] if k else None
                unary = token.string == "-" and (previous is None or previous.string in "([=,:" or
                                                 previous.type == tokenize.NAME and previous.string in ("return", "in"))
                replacement = "" if unary else SWAPS[token.string]
            elif token.type == tokenize.NUMBER and token.string in CONSTANTS:
                replacement = CONSTANTS[token.string]
            if replacement is None:
                continue
            changed = stripped[:start] + replacement + stripped[end:]
            after = indent + changed + (f"  #{comment}" if comment else "")
            found.append(Mutant(file, number, source, after))
        for phrase, replacement in PHRASES.items():
            if phrase in code:
                found.append(Mutant(file, number, source, source.replace(phrase, replacement, 1)))
    return found


def all_mutants() -> List[Mutant]:
    found = []
    for name in FILES:
        with open(os.path.join(ROOT, "backprop", name), encoding="utf-8") as file:
            found += mutants_of(name, file.read())
    return found


def copy_of_the_repository(folder: str) -> None:
    """Everything the tests read (README.ko.md and LICENSE too), without .git and caches."""
    skipped = shutil.ignore_patterns("__pycache__", "*.pyc", ".git")
    for part in os.listdir(ROOT):
        source, target = os.path.join(ROOT, part), os.path.join(folder, part)
        if part == ".git":
            continue
        if os.path.isdir(source):
            shutil.copytree(source, target, ignore=skipped)
        else:
            shutil.copy(source, target)


def run(mutant: Optional[Mutant], timeout: float) -> Tuple[Optional[Mutant], str, float]:
    """Test one mutant (None: the code as it is) in a copy of the repository; return whether it was killed."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        copy_of_the_repository(folder)
        if mutant is not None:
            path = os.path.join(folder, "backprop", mutant.file)
            with open(path, encoding="utf-8") as file:
                lines = file.read().split("\n")
            lines[mutant.line - 1] = mutant.after
            with open(path, "w", encoding="utf-8") as file:
                file.write("\n".join(lines))
        try:
            done = subprocess.run([sys.executable, "-m", "unittest", "-f", "-q"], cwd=folder, capture_output=True,
                                  text=True, timeout=timeout)
            verdict = "survived" if done.returncode == 0 else "killed"
        except subprocess.TimeoutExpired:
            verdict = "killed (timed out)"
    return mutant, verdict, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a mutant's tests are stopped")
    options = parser.parse_args()
    mutants = all_mutants()
    if options.list:
        for mutant in mutants:
            print(mutant)
        print(f"{len(mutants)} mutants")
        return
    # A test that fails without any mutant would "kill" every mutant: the copy must pass as it is first.
    _, verdict, seconds = run(None, options.timeout)
    if verdict != "survived":
        sys.exit(f"the tests fail in a copy of the repository without any mutant ({seconds:.0f} s): "
                 "fix them first (python -m unittest)")
    print(f"the tests pass in a copy without a mutant ({seconds:.0f} s)", flush=True)
    killed = 0
    with ThreadPoolExecutor(options.jobs) as pool:
        for mutant, verdict, seconds in pool.map(lambda m: run(m, options.timeout), mutants):
            killed += verdict.startswith("killed")
            print(f"{verdict:>19} ({seconds:4.0f} s)  {mutant}", flush=True)
    print(f"score: {killed}/{len(mutants)} mutants killed")


if __name__ == "__main__":
    main()
