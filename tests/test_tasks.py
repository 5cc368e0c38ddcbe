"""The classic tasks as data."""

import unittest

import backprop as bp


class Tasks(unittest.TestCase):
    def test_symmetry_has_64_vectors_8_of_them_palindromes(self) -> None:
        task = bp.tasks.symmetry()
        self.assertEqual((task.name, task.input_size, task.output_size, len(task.cases)), ("symmetry6", 6, 1, 64))
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
        self.assertEqual((encoder.input_size, encoder.output_size, len(encoder.cases)), (8, 8, 8))
        for inputs, targets in encoder.cases:
            self.assertEqual(inputs, targets)
            self.assertEqual(sorted(inputs), [0.0] * 7 + [1.0])

    def test_bad_sizes(self) -> None:
        with self.assertRaisesRegex(ValueError, "parity size n must be at least 1, got 0"):
            bp.tasks.parity(0)
        with self.assertRaisesRegex(TypeError, "encoder size n must be a whole number"):
            bp.tasks.encoder("8")


class FamilyTrees(unittest.TestCase):
    task = bp.tasks.family_trees()

    def test_counts(self) -> None:
        self.assertEqual((len(self.task.cases), self.task.input_size, self.task.output_size), (104, 36, 24))
        self.assertEqual(sum(len(answers) for _, _, answers in self.task.queries), 112)
        english = [q for q in self.task.queries if q[0] in bp.tasks.ENGLISH]
        self.assertEqual(len(english), 52)
        self.assertEqual(sum(sum(targets) for _, targets in self.task.cases), 112.0)

    def test_spot_checks_from_the_trees(self) -> None:
        self.assertEqual(self.task.answers("Colin", "aunt"), ("Jennifer", "Margaret"))
        self.assertEqual(self.task.answers("Colin", "uncle"), ("Arthur", "Charles"))
        self.assertEqual(self.task.answers("Alfonso", "uncle"), ("Emilio", "Tomaso"))
        self.assertEqual(self.task.answers("Christopher", "daughter"), ("Victoria",))
        self.assertEqual(self.task.answers("Arthur", "niece"), ("Charlotte",))  # his sister's daughter
        self.assertEqual(self.task.answers("Margaret", "nephew"), ("Colin",))  # by marriage
        self.assertEqual(self.task.answers("Jennifer", "husband"), ("Charles",))
        self.assertEqual(self.task.answers("Sophia", "brother"), ("Alfonso",))
        self.assertEqual(self.task.answers("Pierro", "father"), ())  # no answer: not a query

    def test_the_two_trees_are_isomorphic(self) -> None:
        position = {name: k for tree in (bp.tasks.ENGLISH, bp.tasks.ITALIAN) for k, name in enumerate(tree)}
        english = {(position[p], r, tuple(sorted(position[a] for a in ans)))
                   for p, r, ans in self.task.queries if p in bp.tasks.ENGLISH}
        italian = {(position[p], r, tuple(sorted(position[a] for a in ans)))
                   for p, r, ans in self.task.queries if p in bp.tasks.ITALIAN}
        self.assertEqual(english, italian)

    def test_cases_encode_the_queries(self) -> None:
        for (person, relationship, answers), (inputs, targets) in zip(self.task.queries, self.task.cases):
            self.assertEqual(sum(inputs[:24]), 1.0)
            self.assertEqual(sum(inputs[24:]), 1.0)
            self.assertEqual(bp.tasks.PEOPLE[inputs.index(1.0)], person)
            self.assertEqual(bp.tasks.RELATIONSHIPS[inputs[24:].index(1.0)], relationship)
            self.assertEqual(self.task.decode(targets), tuple(p for p in bp.tasks.PEOPLE if p in answers))
        with self.assertRaisesRegex(ValueError, "unknown person 'Bob'"):
            self.task.encode("Bob", "aunt")
        with self.assertRaisesRegex(ValueError, "unknown relationship 'cousin'"):
            self.task.answers("Colin", "cousin")
        with self.assertRaisesRegex(ValueError, "expected 24 output values, got 3"):
            self.task.decode([0.1, 0.2, 0.3])


if __name__ == "__main__":
    unittest.main()
