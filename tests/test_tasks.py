"""The classic tasks as data."""

import unittest

import backprop as bp


class Tasks(unittest.TestCase):
    def test_symmetry_has_64_vectors_8_of_them_palindromes(self) -> None:
        task = bp.tasks.symmetry()
        self.assertEqual((task.name, task.inputs, task.outputs, len(task.cases)), ("symmetry6", 6, 1, 64))
        on = [inputs for inputs, targets in task.cases if targets == (1.0,)]
        self.assertEqual(len(on), 8)
        self.assertIn((1.0, 0.0, 1.0, 1.0, 0.0, 1.0), on)
        self.assertNotIn((1.0, 0.0, 0.0, 0.0, 0.0, 0.0), on)
        self.assertEqual(len({inputs for inputs, _ in task.cases}), 64)
        self.assertEqual(len([1 for _, t in bp.tasks.symmetry(5).cases if t == (1.0,)]), 8)  # 2^3 for odd n

    def test_parity(self) -> None:
        task = bp.tasks.parity(4)
        self.assertEqual(len(task.cases), 16)
        self.assertEqual(sum(t[0] for _, t in task.cases), 8.0)
        self.assertEqual(dict(task.cases)[(1.0, 1.0, 0.0, 1.0)], (1.0,))
        self.assertEqual(dict(task.cases)[(1.0, 1.0, 0.0, 0.0)], (0.0,))

    def test_xor_and_encoder(self) -> None:
        self.assertEqual(dict(bp.tasks.xor().cases), {
            (0.0, 0.0): (0.0,), (0.0, 1.0): (1.0,), (1.0, 0.0): (1.0,), (1.0, 1.0): (0.0,)})
        encoder = bp.tasks.encoder(8)
        self.assertEqual((encoder.inputs, encoder.outputs, len(encoder.cases)), (8, 8, 8))
        for inputs, targets in encoder.cases:
            self.assertEqual(inputs, targets)
            self.assertEqual(sorted(inputs), [0.0] * 7 + [1.0])

    def test_bad_sizes(self) -> None:
        with self.assertRaisesRegex(ValueError, "parity size n must be at least 1, got 0"):
            bp.tasks.parity(0)
        with self.assertRaisesRegex(TypeError, "encoder size n must be a whole number"):
            bp.tasks.encoder("8")


if __name__ == "__main__":
    unittest.main()
