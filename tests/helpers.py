"""Small tools the tests share: a snapshot of every weight, random architectures, a child Ctrl-C can stop."""

import contextlib
import io
import os
import random
import signal
import unittest
from typing import Any, Callable, List, Tuple, TypeVar

import backprop as bp


def snapshot(net: bp.Network) -> List[Any]:
    """Every weight, bias and summed gradient, as exact float bits, in a comparable list."""
    return [(n.name, [w.hex() for w in n.w], [float(g).hex() for g in n.dE_dw]) for n in net.neurons]


def largest_difference(net: bp.Network, cases: Any) -> float:
    """The largest |back-propagation − central difference| over every weight: stricter than the relative
    measure ``check_gradients`` gives, for the small nets of the tests (whose E is at most a few)."""
    return max(check.difference for check in bp.gradient_report(net, cases))


def random_network(rng: random.Random) -> Tuple[bp.Network, List[Tuple[List[float], List[float]]]]:
    """A random feed-forward graph (1-2 input groups, 1-3 hidden layers, any earlier layer may
    feed a later one) and 1-4 random cases for it."""
    inputs = [bp.Layer.input(rng.randint(1, 4)) for _ in range(rng.randint(1, 2))]
    layers = list(inputs)
    for _ in range(rng.randint(1, 3)):
        feeders = rng.sample(layers, rng.randint(1, min(2, len(layers))))
        layers.append(bp.Layer(rng.randint(1, 4), inputs=feeders))
    unused = [layer for layer in layers if not any(layer in later.feeders for later in layers)]
    extra = [layer for layer in layers if layer not in unused and rng.random() < 0.3]
    layers.append(bp.Layer(rng.randint(1, 3), inputs=unused + extra))
    net = bp.Network.from_layers(layers, seed=rng.randrange(10**6), weight_range=rng.choice([0.3, 1.0, 2.0]))
    cases = [
        ([rng.uniform(-1, 1) for _ in range(net.input_size)], [rng.random() for _ in range(net.output_size)])
        for _ in range(rng.randint(1, 4))
    ]
    return net, cases


def interruptible() -> None:
    """Popen's ``preexec_fn`` for a child that a test stops with Ctrl-C (SIGINT). A shell starts a background
    job (``python -m unittest &``) with SIGINT ignored, the child inherits that, and Python then sets up no
    KeyboardInterrupt: the child would run on as if the signal had never come."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


# The long tests (the family trees' default recipe, the full symmetry runs that stall, the pages in a real
# browser) run only when this is set; .ci/run sets it, so CI runs every test.
FULL = os.environ.get("BACKPROP_FULL_TESTS") == "1"
LONG_TEST = "a long test: BACKPROP_FULL_TESTS=1 runs it, as .ci/run does"
Test = TypeVar("Test", bound=Callable[..., Any])


def long_test(test: Test) -> Test:
    """Mark a test that takes seconds: skipped unless BACKPROP_FULL_TESTS=1."""
    return unittest.skipUnless(FULL, LONG_TEST)(test)  # type: ignore[no-any-return]


def command(*args: str, cwd: str = "") -> Tuple[int, str, str]:
    """``python -m backprop ARGS`` run in this process, as ``backprop.cli.main`` (cheaper than a new
    interpreter for a test of many refusals): the exit status, what was printed and what was said on
    standard error (argparse's usage errors included)."""
    from backprop.cli import main

    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):  # argparse's --help: stdout
            try:
                status = main(list(args), out=out)
            except SystemExit as done:  # argparse's refusal of an argument it cannot parse
                status = done.code if isinstance(done.code, int) else 1
    finally:
        os.chdir(before)
    return status, out.getvalue(), err.getvalue()
