"""Milliseconds per training sweep: the library's Trainer.sweep against a flat pure-Python sweep.

    python benchmarks/run.py            # the table (about a minute; more with PyPy and micrograd)
    python benchmarks/run.py --quick    # a smoke test: every path once, numbers not meaningful
    python benchmarks/run.py --scan     # also: at what size is NumPy 10x and 100x faster?

The table is followed by the cost of recording (backprop.Recording with weights=True, every
weight of the net every sweep) on the paper's symmetry run: 1,000 sweeps from seed 1, trained
with and without the recording, interleaved.

Workloads (one sweep = forward and backward over every case, gradients summed, one batch
update with momentum):
  T1  mirror symmetry, 6-2-1, its 64 cases, ε = 0.1, α = 0.9
  T2  64-32-10 on 200 fixed cases (random.Random(0): 64 inputs U(0, 1), then a one-hot target
      at randrange(10)), weights U(−0.3, 0.3), ε = 0.002, α = 0.9
  FT  one family-trees sweep over its 100 training cases, with the default recipe's settings
      after sweep 20 (weight decay 0.002, margin 0.2)

Before timing, each workload's library sweep and flat sweep start from the same weights and
must agree on E, on every ∂E/∂w and on every new weight to 1e-12. The two are then timed
interleaved, in the same process, after a warm-up.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # run from a checkout, no install needed
sys.path.insert(0, HERE)

from flat import FlatNet  # noqa: E402
from others import MicrogradNet, NumpyNet  # noqa: E402

import backprop as bp  # noqa: E402
from backprop import experiments  # noqa: E402

Cases = Sequence[Tuple[Sequence[float], Sequence[float]]]
IS_PYPY = platform.python_implementation() == "PyPy"


class Workload(NamedTuple):
    name: str
    make_net: Callable[[], bp.Network]
    cases: Cases
    learning_rate: float
    momentum: float
    weight_decay: float = 0.0
    margin: float = 0.0
    chain: bool = True  # micrograd and NumPy versions exist for plain chains only


def t2_cases() -> List[Tuple[List[float], List[float]]]:
    rng = random.Random(0)
    cases = []
    for _ in range(200):
        inputs = [rng.random() for _ in range(64)]
        hot = rng.randrange(10)
        cases.append((inputs, [1.0 if k == hot else 0.0 for k in range(10)]))
    return cases


def workloads() -> Tuple[List[Workload], List[str]]:
    found = [
        Workload("T1", lambda: bp.Network([6, 2, 1], seed=0, weight_range=0.3), bp.tasks.symmetry().cases, 0.1, 0.9),
        Workload("T2", lambda: bp.Network([64, 32, 10], seed=0, weight_range=0.3), t2_cases(), 0.002, 0.9),
    ]
    recipe = experiments.family_trees_recipe(seed=0)
    _, learning_rate, momentum = recipe.phases[-1]
    found.append(Workload("FT", lambda: recipe.build(0, recipe.weight_range), recipe.cases, learning_rate,
                          momentum, recipe.weight_decay, recipe.margin, chain=False))
    notes: List[str] = []
    return found, notes


def trainer_for(w: Workload, net: bp.Network) -> bp.Trainer:
    return bp.Trainer(net, learning_rate=w.learning_rate, momentum=w.momentum,
                      weight_decay=w.weight_decay, margin=w.margin)


def flat_sweep(w: Workload, flat: FlatNet) -> Callable[[], float]:
    return lambda: flat.sweep(w.cases, w.learning_rate, w.momentum, w.weight_decay, w.margin)


def check_agreement(w: Workload) -> float:
    """Run one sweep each from the same weights; return the largest difference seen."""
    net = w.make_net()
    flat = FlatNet(net)
    E_library = trainer_for(w, net).sweep(w.cases)
    E_flat = flat_sweep(w, flat)()
    differences = [abs(E_library - E_flat)]
    for (_, _, rows, biases), grads, bias_grads, layer in zip(
            flat.layers, flat.gradients, flat.bias_gradients, [la for la in net.layers if not la.is_input]):
        for neuron, row, bias, g_row, g_bias in zip(layer.neurons, rows, biases, grads, bias_grads):
            differences += [abs(a - b) for a, b in zip(neuron.dE_dw, g_row)] + [abs(neuron.dE_dbias - g_bias)]
            differences += [abs(a - b) for a, b in zip(neuron.weights, row)] + [abs(neuron.bias - bias)]
    worst = max(differences)
    if worst > 1e-12:
        raise SystemExit(f"{w.name}: the library and the flat sweep disagree by {worst:g}; not timing them")
    return worst


def timed(sweep: Callable[[], Any], count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        sweep()
    return (time.perf_counter() - start) / count * 1000.0


def measure(sweeps: Dict[str, Callable[[], Any]], warmup_seconds: float, repeats: int,
            sample_seconds: float) -> Dict[str, List[float]]:
    """Interleave the sweeps: warm each up, then time ``repeats`` samples of each, in turn."""
    end = time.perf_counter() + warmup_seconds
    while True:
        for sweep in sweeps.values():
            sweep()
        if time.perf_counter() >= end:
            break
    counts = {name: max(1, int(sample_seconds / max(timed(s, 1) / 1000.0, 1e-6))) for name, s in sweeps.items()}
    samples: Dict[str, List[float]] = {name: [] for name in sweeps}
    for _ in range(repeats):
        for name, sweep in sweeps.items():
            samples[name].append(timed(sweep, counts[name]))
    return samples


def peak_kib(sweep: Callable[[], Any]) -> Optional[float]:
    """Peak memory allocated during one sweep, above what was allocated before it (None on PyPy)."""
    try:
        import tracemalloc
    except ImportError:  # PyPy has no tracemalloc
        return None
    tracemalloc.start()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    sweep()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak - before) / 1024.0


def history_bytes(history: bp.History) -> int:
    """What a History holds: its three lists and the numbers in them."""
    lists = (history.errors, history.largest_misses, history.cases_right)
    return sum(sys.getsizeof(values) + sum(held_bytes(v) for v in values) for values in lists)


def held_bytes(value: float) -> int:
    """Bytes a number in a list really holds: CPython shares one object for each int in -5..256."""
    if isinstance(value, int) and -5 <= value <= 256:
        return 0
    return sys.getsizeof(value)


def growth_kib(w: Workload, sweeps: int) -> Optional[Tuple[float, float]]:
    """Memory still held after ``sweeps`` more sweeps of one trainer: (in all, beyond its History).

    The History keeps three numbers per sweep by design; anything beyond it would be a leak.
    Tracing starts a few sweeps before the count, so that lists made before tracing and
    replaced during it (gradients, momentum) are not counted as growth.
    """
    try:
        import tracemalloc
    except ImportError:  # PyPy has no tracemalloc
        return None
    trainer = trainer_for(w, w.make_net())
    tracemalloc.start()
    for _ in range(3):
        trainer.sweep(w.cases)
    before, history_before = tracemalloc.get_traced_memory()[0], history_bytes(trainer.history)
    for _ in range(sweeps):
        trainer.sweep(w.cases)
    after, history_after = tracemalloc.get_traced_memory()[0], history_bytes(trainer.history)
    tracemalloc.stop()
    total = (after - before) / 1024.0
    return total, total - (history_after - history_before) / 1024.0


def summary(samples: List[float]) -> Dict[str, float]:
    return {"median": statistics.median(samples), "low": min(samples), "high": max(samples)}


def run(quick: bool, with_others: bool) -> Dict[str, Any]:
    """Measure every workload; return plain data (printed as a table, or as JSON for PyPy)."""
    found, notes = workloads()
    warmup = 0.0 if quick else (3.0 if IS_PYPY else 0.5)
    repeats = 1 if quick else 9
    sample = 0.0 if quick else 0.2
    results: Dict[str, Any] = {"workloads": {}, "notes": notes}
    for w in found:
        difference = check_agreement(w)
        net = w.make_net()
        trainer, flat = trainer_for(w, net), FlatNet(net)
        sweeps = {"library": lambda trainer=trainer, w=w: trainer.sweep(w.cases), "flat": flat_sweep(w, flat)}
        samples = measure(sweeps, warmup, repeats, sample)
        row: Dict[str, Any] = {
            "cases": len(w.cases),
            "weights": sum(len(n.weights) + 1 for n in net.neurons),
            "agreement": difference,
            "library": summary(samples["library"]),
            "flat": summary(samples["flat"]),
            "peak_kib": {"library": peak_kib(sweeps["library"]), "flat": peak_kib(sweeps["flat"])},
            "growth_sweeps": 5 if quick else 100,
            "growth_kib": growth_kib(w, 5 if quick else 100),
        }
        if with_others and w.chain and not (quick and w.name != "T1"):  # quick: T1 only, micrograd is slow
            row.update(other_columns(w, quick))
        results["workloads"][w.name] = row
    results["recording"] = recording_cost(quick)
    return results


def recording_cost(quick: bool) -> Dict[str, Any]:
    """Seconds to train the symmetry run with and without recording every weight every sweep."""
    cases, sweeps = bp.tasks.symmetry().cases, 20 if quick else 1000

    def train(record: bool) -> float:
        net = bp.Network([6, 2, 1], seed=1, weight_range=0.3)
        trainer = bp.Trainer(net, learning_rate=0.1, momentum=0.9)
        recording = bp.Recording(net, ["E"], weights=True) if record else None
        start = time.perf_counter()
        trainer.train(cases, sweeps, record=recording)
        seconds = time.perf_counter() - start
        if recording is not None and recording.frames()[-1][0] != sweeps:
            raise SystemExit(f"the recording does not end at sweep {sweeps}")
        return seconds

    samples: Dict[str, List[float]] = {"plain": [], "recorded": []}
    for _ in range(1 if quick else (3 if IS_PYPY else 1)):  # PyPy: warm the JIT up first
        train(False), train(True)
    for _ in range(1 if quick else 7):
        samples["plain"].append(train(False))
        samples["recorded"].append(train(True))
    plain, recorded = statistics.median(samples["plain"]), statistics.median(samples["recorded"])
    return {"sweeps": sweeps, "plain_s": plain, "recorded_s": recorded, "cost": recorded / plain - 1.0}


def other_columns(w: Workload, quick: bool) -> Dict[str, Any]:
    """micrograd and NumPy times for a chain, where those packages are installed."""
    columns: Dict[str, Any] = {}
    for label, maker in (("micrograd", MicrogradNet), ("numpy", NumpyNet)):
        try:
            other = maker(w.make_net())
        except ImportError:
            columns[label] = None
            continue
        start = time.perf_counter()
        E_other = other.sweep(w.cases, w.learning_rate, w.momentum)
        first_ms = (time.perf_counter() - start) * 1000.0
        E_library = trainer_for(w, w.make_net()).sweep(w.cases)
        if abs(E_other - E_library) > 1e-9:
            raise SystemExit(f"{w.name}: {label} gives E = {E_other}, the library {E_library}")
        if quick or first_ms > 2000.0:  # micrograd on T2 takes tens of seconds a sweep: one is enough
            columns[label] = summary([first_ms])
            continue
        samples = measure({label: lambda other=other: other.sweep(w.cases, w.learning_rate, w.momentum)}, 0.5, 9, 0.2)
        columns[label] = summary(samples[label])
    return columns


def pypy_results(quick: bool) -> Optional[Dict[str, Any]]:
    """The same run under pypy3, when it is on PATH."""
    pypy = shutil.which("pypy3")
    if pypy is None or IS_PYPY:
        return None
    command = [pypy, os.path.abspath(__file__), "--json", "--no-pypy"] + (["--quick"] if quick else [])
    finished = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(finished.stdout)  # type: ignore[no-any-return]


def scan(sizes: Sequence[int], case_counts: Sequence[int]) -> List[Tuple[int, int, float, float]]:
    """For n-n-n chains on random cases: (n, cases, library ms, NumPy ms) per sweep."""
    rows = []
    rng = random.Random(0)
    for count in case_counts:
        for n in sizes:
            cases = [([rng.random() for _ in range(n)], [float(rng.random() < 0.5) for _ in range(n)])
                     for _ in range(count)]
            net = bp.Network([n, n, n], seed=0, weight_range=0.3)
            numpy_net = NumpyNet(net)
            trainer = bp.Trainer(net, learning_rate=0.01, momentum=0.9)
            samples = measure({"library": lambda t=trainer, c=cases: t.sweep(c),
                               "numpy": lambda m=numpy_net, c=cases: m.sweep(c, 0.01, 0.9)}, 0.2, 3, 0.2)
            rows.append((n, count, statistics.median(samples["library"]), statistics.median(samples["numpy"])))
    return rows


def growth_cell(row: Dict[str, Any]) -> str:
    if row["growth_kib"] is None:
        return "—"
    total, beyond = row["growth_kib"]
    return f"{total:.1f} / {beyond:.1f} ({row['growth_sweeps']})"


def peak_cell(row: Dict[str, Any]) -> str:
    peaks = row["peak_kib"]
    return "—" if peaks["library"] is None else f"{peaks['library']:.0f} / {peaks['flat']:.0f}"


def spread(s: Dict[str, float]) -> str:
    return f"{s['median']:.3g} ({s['low']:.3g}–{s['high']:.3g})"


def print_table(results: Dict[str, Any], pypy: Optional[Dict[str, Any]]) -> None:
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; {platform.python_implementation()} "
          f"{platform.python_version()}" + (f"; PyPy {pypy['version']}" if pypy else ""))
    header = ["task", "cases", "weights", "library ms/sweep", "flat ms/sweep", "library/flat",
              "peak KiB lib/flat", "growth KiB: all / beyond History (sweeps)", "micrograd ms", "NumPy ms"]
    if pypy:
        header += ["PyPy library ms", "PyPy flat ms", "CPython/PyPy (library)"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, row in results["workloads"].items():
        cells = [name, str(row["cases"]), str(row["weights"]), spread(row["library"]), spread(row["flat"]),
                 f"{row['library']['median'] / row['flat']['median']:.2f}",
                 peak_cell(row),
                 growth_cell(row)]
        for label in ("micrograd", "numpy"):
            cells.append(spread(row[label]) if row.get(label) else "—")
        if pypy:
            other = pypy["workloads"].get(name)
            if other:
                cells += [spread(other["library"]), spread(other["flat"]),
                          f"{row['library']['median'] / other['library']['median']:.1f}×"]
            else:
                cells += ["—", "—", "—"]
        print("| " + " | ".join(cells) + " |")
    rows = [("CPython", results["recording"])] + ([("PyPy", pypy["recording"])] if pypy else [])
    for label, cost in rows:
        print(f"recording every weight every sweep ({label}): symmetry run, {cost['sweeps']} sweeps from seed 1, "
              f"{cost['plain_s']:.3g} s plain, {cost['recorded_s']:.3g} s recorded: {cost['cost']:+.0%}")
    for note in results["notes"]:
        print(f"note: {note}")
    for package in ("micrograd", "numpy"):
        if any(row.get(package, 0) is None for row in results["workloads"].values()):
            print(f"note: {package} is not installed, so its column is empty (pip install {package} to fill it).")
    if pypy is None and shutil.which("pypy3") is None:
        print("note: pypy3 is not on PATH, so there is no PyPy column (apt-get install pypy3).")


def build_scaling(quick: bool) -> Tuple[int, int, float]:
    """How building a net grows with its size: the best of several interleaved builds of an n-1 and a
    4n-1 net, with the garbage collector paused (its passes over every object grow faster than the
    build), as (n, 4n, the ratio of their times). Linear building gives about 4."""
    small, large = (2_000, 8_000) if quick else (10_000, 40_000)

    def seconds(n: int) -> float:
        gc.disable()
        try:
            started = time.perf_counter()
            bp.Network([n, 1], seed=0)
            return time.perf_counter() - started
        finally:
            gc.enable()

    seconds(small)
    times = [(seconds(small), seconds(large)) for _ in range(2 if quick else 5)]
    return small, large, min(t for _, t in times) / min(t for t, _ in times)


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one sample of everything: a smoke test")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--no-pypy", action="store_true", help="do not rerun under pypy3")
    parser.add_argument("--no-others", action="store_true", help="skip the micrograd and NumPy columns")
    parser.add_argument("--scan", action="store_true", help="also find the sizes where NumPy is 10x and 100x faster")
    options = parser.parse_args(argv)
    results = run(options.quick, with_others=not options.no_others and not IS_PYPY)
    results["version"] = platform.python_version()
    if options.json:
        print(json.dumps(results))
        return
    pypy = None if options.no_pypy else pypy_results(options.quick)
    print_table(results, pypy)
    small, large, ratio = build_scaling(options.quick)
    print(f"building a net of {small:,} and of {large:,} input lines: the larger takes {ratio:.1f}× as long "
          f"(linear: {large / small:g}×; quadratic: {(large / small) ** 2:g}×)")
    if options.scan:
        sizes, counts = ([2, 4], [4]) if options.quick else ([1, 2, 4, 8, 16, 32, 64], [4, 64, 200])
        try:
            rows = scan(sizes, counts)
        except ImportError:
            print("note: numpy is not installed, no scan.")
            return
        print("\n| net | cases | library ms/sweep | NumPy ms/sweep | NumPy is faster by |")
        print("|---|---|---|---|---|")
        for n, count, library_ms, numpy_ms in rows:
            print(f"| {n}-{n}-{n} | {count} | {library_ms:.3g} | {numpy_ms:.3g} | {library_ms / numpy_ms:.1f}× |")

if __name__ == "__main__":
    main()
