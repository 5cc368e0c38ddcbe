"""Run every docstring example in the package as a test."""

import doctest
import importlib
import pkgutil
import unittest

import backprop

OLD_NAMES = {"backprop.io", "backprop.trace", "backprop.checks"}  # kept one release, with a warning


def load_tests(loader: unittest.TestLoader, tests: unittest.TestSuite, pattern: object) -> unittest.TestSuite:
    modules = [backprop] + [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(backprop.__path__, prefix="backprop.")
        if not info.name.endswith("__main__") and info.name not in OLD_NAMES
    ]
    for module in modules:
        tests.addTests(doctest.DocTestSuite(module))
    return tests


class DoctestsExist(unittest.TestCase):
    def test_the_core_modules_carry_examples(self) -> None:
        # A module whose examples vanished would make the suite above silently smaller.
        for name in ("validate", "neuron", "layer", "network", "trainer", "tasks", "gradcheck"):
            module = importlib.import_module(f"backprop.{name}")
            found = [test for test in doctest.DocTestFinder().find(module) if test.examples]
            self.assertTrue(found, f"backprop.{name} has no docstring examples")
