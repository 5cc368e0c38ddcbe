"""Every public entry point refuses bad input with a message naming where, changing nothing."""

import math
import unittest

import backprop as bp

from .helpers import snapshot

GOOD = [([0.0, 1.0], [1.0]), ([1.0, 1.0], [0.0])]

BAD_CASES = [
    ([([0.0, 1.0], [1.0]), ([1.0], [0.0])], ValueError, "case 1: expected 2 input values, got 1"),
    ([([0.0, 1.0], [1.0, 0.0])], ValueError, "case 0: expected 1 target value, got 2"),
    ([([0.0, "a"], [1.0])], TypeError, "case 0, input 1: expected a number, got 'a' \\(str\\)"),
    ([([None, 1.0], [1.0])], TypeError, "case 0, input 0: expected a number, got None \\(NoneType\\)"),
    ([([0.0, math.nan], [1.0])], ValueError, "case 0, input 1: expected a finite number, got nan"),
    ([([0.0, 1.0], [math.inf])], ValueError, "case 0, target 0: expected a finite number, got inf"),
    ([([0.0, 1.0], [-math.inf])], ValueError, "case 0, target 0: expected a finite number, got -inf"),
    ([], ValueError, "cases is empty"),
    ([([0.0, 1.0],)], TypeError, "case 0: expected an \\(inputs, targets\\) pair"),
    ([("01", [1.0])], TypeError, "case 0: expected a sequence of 2 input values, got '01'"),
    (None, TypeError, "cases must be a sequence of \\(inputs, targets\\) pairs"),
]


class RefusalsLeaveTheNetworkAsItWas(unittest.TestCase):
    def setUp(self) -> None:
        self.net = bp.Network([2, 2, 1], seed=0)
        self.before = snapshot(self.net)

    def assertUnchanged(self) -> None:
        self.assertEqual(snapshot(self.net), self.before)

    def test_bad_cases_everywhere_they_are_taken(self) -> None:
        trainer = bp.Trainer(self.net, learning_rate=0.5, momentum=0.9)
        entry_points = {
            "error": self.net.error,
            "train": lambda cases: trainer.train(cases, 10),
            "sweep": trainer.sweep,
            "check_gradients": lambda cases: bp.check_gradients(self.net, cases),
        }
        for name, call in entry_points.items():
            for cases, error, message in BAD_CASES:
                with self.subTest(entry=name, message=message):
                    with self.assertRaisesRegex(error, message):
                        call(cases)
                    self.assertUnchanged()
        self.assertEqual(trainer.history.sweeps, 0)

    def test_forward_and_backward_refuse_bad_values(self) -> None:
        with self.assertRaisesRegex(ValueError, "^expected 2 input values, got 3$"):
            self.net.forward([1, 2, 3])
        with self.assertRaisesRegex(TypeError, "^input 0: expected a number, got '1' \\(str\\)$"):
            self.net.forward(["1", 2])
        with self.assertRaisesRegex(ValueError, "^input 1: expected a finite number, got (np.float64\\()?nan"):
            self.net.forward([1, math.nan])
        self.net.forward([1, 0])
        with self.assertRaisesRegex(ValueError, "^expected 1 target value, got 2$"):
            self.net.backward([1, 0])
        with self.assertRaisesRegex(TypeError, "^target 0: expected a number, got None"):
            self.net.backward([None])
        with self.assertRaisesRegex(ValueError, "^margin must be in \\[0, 0.5\\), got 0.7$"):
            self.net.backward([1.0], margin=0.7)
        with self.assertRaisesRegex(TypeError, "^margin must be a number, got 'a'"):
            self.net.error(GOOD, margin="a")
        self.assertUnchanged()
        self.net.backward([1.0])  # the refused calls did not use up the forward pass

    def test_trainer_settings(self) -> None:
        refusals = [
            ({"learning_rate": 0}, ValueError, "learning_rate must be > 0, got 0"),
            ({"learning_rate": -0.1}, ValueError, "learning_rate must be > 0, got -0.1"),
            ({"learning_rate": math.inf}, ValueError, "learning_rate: expected a finite number, got inf"),
            ({"learning_rate": math.nan}, ValueError, "learning_rate: expected a finite number, got nan"),
            ({"learning_rate": "0.1"}, TypeError, "learning_rate must be a number, got '0.1' \\(str\\)"),
            ({"momentum": 1.0}, ValueError, "momentum must be in \\[0, 1\\), got 1.0"),
            ({"momentum": -0.1}, ValueError, "momentum must be in \\[0, 1\\), got -0.1"),
            ({"weight_decay": 1.0}, ValueError, "weight_decay must be in \\[0, 1\\), got 1.0"),
            ({"weight_decay": -0.002}, ValueError, "weight_decay must be in \\[0, 1\\)"),
            ({"margin": 0.5}, ValueError, "margin must be in \\[0, 0.5\\), got 0.5"),
            ({"margin": None}, TypeError, "margin must be a number, got None"),
        ]
        for settings, error, message in refusals:
            with self.subTest(settings=settings):
                with self.assertRaisesRegex(error, message):
                    bp.Trainer(self.net, **settings)
        with self.assertRaisesRegex(TypeError, "a Trainer trains a Network, got"):
            bp.Trainer("net")
        self.assertUnchanged()

    def test_train_arguments(self) -> None:
        trainer = bp.Trainer(self.net)
        with self.assertRaisesRegex(ValueError, "sweeps must be >= 0, got -1"):
            trainer.train(GOOD, -1)
        with self.assertRaisesRegex(TypeError, "sweeps must be a whole number, got 1.5"):
            trainer.train(GOOD, 1.5)
        with self.assertRaisesRegex(ValueError, "target_error must be >= 0, got -1.0"):
            trainer.train(GOOD, 10, target_error=-1)
        with self.assertRaisesRegex(TypeError, "callback must be callable"):
            trainer.train(GOOD, 10, callback=3)
        self.assertUnchanged()
        self.assertEqual(trainer.history.sweeps, 0)


if __name__ == "__main__":
    unittest.main()


class Values(list):
    """A sequence class of the test's own: neither a list nor a tuple to the checks (not a subclass they know)."""


class Column:
    """A sized, ordered collection that is not a Sequence: what a NumPy array or a pandas Series looks like."""

    def __init__(self, *values: float) -> None:
        self.values = list(values)

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, k: int) -> float:
        return self.values[k]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.values)


class DataFromOtherLibraries(unittest.TestCase):
    """Inputs and targets from NumPy, pandas, array.array, ranges: any sized, ordered collection of numbers."""

    def test_ordered_collections_of_numbers_are_taken_as_the_same_case(self) -> None:
        import array

        net = bp.Network([2, 2, 1], seed=0)
        expected = net.forward([1.0, 0.0])
        for given in ((1, 0), range(1, -1, -1), array.array("d", [1, 0]), Column(1.0, 0.0), Values([1, 0])):
            with self.subTest(given=type(given).__name__):
                self.assertEqual(net.forward(given), expected)
                self.assertIn(type(net.unit("i1").y), (float, int))  # nothing foreign is left in the units
        trainer = bp.Trainer(bp.Network([2, 2, 1], seed=0), learning_rate=0.5)
        trainer.train([(Column(0, 1), array.array("d", [1])), (Column(1, 1), range(1))], 3)
        reference = bp.Trainer(bp.Network([2, 2, 1], seed=0), learning_rate=0.5)
        reference.train([([0, 1], [1]), ([1, 1], [0])], 3)
        self.assertEqual(snapshot(trainer.network), snapshot(reference.network))

    def test_numpy_arrays_and_scalars(self) -> None:
        try:
            import numpy as np
        except ImportError:
            self.skipTest("NumPy is not installed here (the library never needs it)")
        net = bp.Network([2, 2, 1], seed=0)
        expected = net.forward([1.0, 0.0])
        for given in (np.array([1.0, 0.0]), np.array([1, 0]), [np.float64(1), np.int64(0)], np.array([1, 0], "f4")):
            with self.subTest(given=repr(given)):
                self.assertEqual(net.forward(given), expected)
                self.assertIn(type(net.unit("i1").y), (float, int))
        X, y = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float), np.array([[0], [1], [1], [0]], float)
        trainer = bp.Trainer(bp.Network([2, 2, 1], seed=1), learning_rate=0.5, momentum=0.9)
        trainer.train(list(zip(X, y)), 50)
        reference = bp.Trainer(bp.Network([2, 2, 1], seed=1), learning_rate=0.5, momentum=0.9)
        reference.train(bp.tasks.xor().cases, 50)
        self.assertEqual(trainer.history.errors, reference.history.errors)
        with self.assertRaisesRegex(TypeError, r"^expected a sequence of 2 input values \(one dimension\), got an "
                                               r"array of 2 dimensions, shape \(1, 2\)"):
            net.forward(np.array([[1.0, 0.0]]))
        with self.assertRaisesRegex(ValueError, "^input 1: expected a finite number, got (np.float64\\()?nan"):
            net.forward(np.array([1.0, np.nan]))

    def test_what_has_no_order_or_is_text_is_still_refused(self) -> None:
        net = bp.Network([2, 1], seed=0)
        for bad in ({0: 1, 1: 0}, {1, 0}, frozenset({1, 0}), "10", b"\x01\x00", bytearray(b"\x01\x00"), iter([1, 0])):
            with self.subTest(bad=bad):
                with self.assertRaisesRegex(TypeError, "^expected a sequence of 2 input values, got"):
                    net.forward(bad)


class TasksWhereCasesBelong(unittest.TestCase):
    def test_a_task_given_for_its_cases_is_told_to_use_task_cases(self) -> None:
        net, task = bp.Network([2, 2, 1], seed=0), bp.tasks.xor()
        for call in (lambda: bp.Trainer(net).train(task, 3), lambda: net.error(task),
                     lambda: bp.check_gradients(net, task)):
            with self.assertRaisesRegex(TypeError, r"^cases must be a sequence .*\(Task\); use task\.cases$"):
                call()
