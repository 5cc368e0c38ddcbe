"""The paper's experiments, run from fixed seeds."""

import unittest

import backprop as bp
from backprop import experiments

from .helpers import long_test


class Symmetry(unittest.TestCase):
    def test_a_fixed_seed_solves_it_with_the_papers_weight_pattern(self) -> None:
        result = experiments.symmetry(seed=1)
        self.assertEqual((result.train_correct, result.train_total), (64, 64))
        self.assertIsNotNone(result.solved_at)
        self.assertLess(result.solved_at, 1500)  # the paper: 1,425 sweeps
        for unit in result.network.layers[1].neurons:
            w = unit.weights
            for k in range(3):  # mirror pairs: opposite sign, (nearly) equal size
                self.assertLess(w[k] * w[5 - k], 0)
                self.assertAlmostEqual(abs(w[k]), abs(w[5 - k]), delta=0.1 * abs(w[k]))
            sizes = sorted(abs(x) for x in w[:3])
            self.assertAlmostEqual(sizes[1] / sizes[0], 2.0, delta=0.3)
            self.assertAlmostEqual(sizes[2] / sizes[0], 4.0, delta=0.6)
            self.assertLess(unit.bias, 0)
        self.assertGreater(result.network.layers[2].neurons[0].bias, 0)
        self.assertIn("this run found the paper's solution:", "\n".join(result.details))

    @long_test
    def test_a_seed_that_misses_says_so_and_why(self) -> None:
        result = experiments.symmetry(seed=0, sweeps=300)
        self.assertIsNone(result.solved_at)
        verdict = result.details[-1]
        self.assertTrue(verdict.startswith("this run did NOT find the paper's solution: it answers 0 to every input"))
        self.assertIn("E = 8 × ½ = 4", verdict)
        self.assertIn("saturated", verdict)
        self.assertAlmostEqual(result.error, 4.0, places=2)
        result = experiments.symmetry(seed=3)  # the other minimum: every symmetric input at 0.5
        self.assertIn("every symmetric input gets 0.5", result.details[-1])
        self.assertAlmostEqual(result.error, 1.75, places=2)


class SmallClassics(unittest.TestCase):
    def test_xor_with_one_hidden_unit_and_skip_lines(self) -> None:
        result = experiments.xor_skip(seed=1)
        self.assertEqual(result.train_correct, 4)
        self.assertEqual(len(result.network.unit("o1").weights), 3)
        self.assertLess(result.within_margin_at, 558)

    def test_encoder_finds_eight_distinct_codes(self) -> None:
        result = experiments.encoder(seed=0)
        self.assertEqual(result.train_correct, 8)
        self.assertIn("all 8 distinct", result.details[0])

    def test_report_and_study(self) -> None:
        study = experiments.study("xor", seeds=3, first_seed=1)
        self.assertEqual(len(study.results), 3)
        self.assertEqual([r.seed for r in study.results], [1, 2, 3])
        self.assertIn("xor: ", study.summary())
        self.assertIn("the paper:", str(study.results[0]))
        with self.assertRaisesRegex(ValueError, "unknown experiment 'nope'"):
            experiments.study("nope")
        with self.assertRaisesRegex(TypeError, "unknown setting 'speed'"):
            experiments.xor(speed=3)

    def test_overrides_change_the_recipe(self) -> None:
        result = experiments.xor(seed=1, sweeps=10)
        self.assertEqual(result.sweeps, 10)
        self.assertIsNone(result.solved_at)


class FamilyTreesRuns(unittest.TestCase):
    @long_test
    def test_the_default_recipe_learns_and_generalises_from_seed_0(self) -> None:
        # The default's first 2,500 of its 4,000 sweeps (about 20 s on CPython, the suite's one long test): a
        # run of fixed length, so they are the default's own; docs/family_trees_study.py measures the rest.
        result = experiments.family_trees(seed=0, sweeps=2500)
        self.assertEqual((result.train_correct, result.train_total), (100, 100))
        self.assertLess(result.solved_at, 1500)  # every training query right within the letter's 1,500 sweeps
        self.assertEqual(result.test_total, 4)
        self.assertGreaterEqual(result.test_correct, 3)
        held_out = [line for line in result.details if line.startswith("held out:")]
        self.assertEqual(len(held_out), 4)
        self.assertIn("Charlotte's uncle: the net turns on", "\n".join(held_out))
        self.assertIn("this run's recipe, changed from the letter", result.details[0])
        self.assertIn("2,500 sweeps (the letter: 1,500)", result.details[0])

    @long_test
    def test_the_literal_recipe_sits_on_the_plateau(self) -> None:
        # The paper's recipe as written: after 300 sweeps E is still near 40 and nothing is right.
        result = experiments.family_trees(seed=0, literal=True, sweeps=300)
        self.assertGreater(result.error, 30)
        self.assertEqual(result.train_correct, 0)
        weights = [abs(w) for unit in result.network.layers[2].neurons for w in unit.weights]
        self.assertLess(max(weights), 0.3 * 0.998 ** 250)  # decay has shrunk the person encoding


class FamilyTreesRecipes(unittest.TestCase):
    def test_literal_is_the_recipe_as_written(self) -> None:
        recipe = experiments.family_trees_recipe(literal=True)
        self.assertEqual([tuple(phase) for phase in recipe.phases], [(20, 0.005, 0.5), (0, 0.01, 0.9)])
        self.assertEqual((recipe.sweeps, recipe.weight_range, recipe.weight_decay, recipe.decay_from, recipe.margin,
                          recipe.online), (1500, 0.3, 0.002, "start", 0.2, False))
        self.assertEqual(experiments.changes_from_the_letter(recipe), [])

    def test_the_default_states_every_change_from_the_letter(self) -> None:
        recipe = experiments.family_trees_recipe()
        self.assertEqual([tuple(phase) for phase in recipe.phases], [(20, 0.005, 0.5), (0, 0.05, 0.9)])
        self.assertEqual((recipe.sweeps, recipe.weight_range, recipe.weight_decay, recipe.decay_from, recipe.margin,
                          recipe.online), (4000, 1.0, 0.0005, "start", 0.2, False))
        self.assertEqual(experiments.changes_from_the_letter(recipe), [
            "initial weights U(±1) (the letter gives none; Fig. 1's: U(±0.3))",
            "ε = 0.05 after sweep 20 (the letter: 0.01)",
            "weight decay 0.05% per change (the letter: 0.2%)",
            "4,000 sweeps (the letter: 1,500)",
        ])

    def test_the_paper_line_quotes_the_record(self) -> None:
        paper = experiments.family_trees_recipe().paper
        self.assertIn("7 of the 8 held-out answers right over two runs", paper)
        self.assertIn("500 sweeps", paper)
        self.assertNotIn("all right", paper)
        self.assertIn("7 of 8 held out right over 2 runs", experiments.CATALOG["family_trees"].paper)


class TheMarginsEdge(unittest.TestCase):
    def test_late_jumps_of_E_are_explained_where_they_happen(self) -> None:
        from backprop.experiments.trees import margin_edge

        result = experiments.family_trees(seed=0, sweeps=2)
        history = bp.History()
        for sweep in range(1000):  # within the margin by sweep 10, then E jumps at the edge, no output past 0.3
            history.add_sweep(0.0 if sweep % 7 else 3.0, 0.19 if sweep % 7 else 0.3, 100)
        result.history = history
        lines = margin_edge(result)
        self.assertEqual(len(lines), 1)
        self.assertIn("E jumps between 0 and 3 over the last 500 sweeps while the largest miss stays at most 0.30, "
                      "so every answer stays on its side of 0.5: with the 0.2 margin", lines[0])
        self.assertIn("adding at least 0.02 to E at once", lines[0])
        self.assertIn("many of the 2,400 outputs", lines[0])  # 100 training queries × 24 people
        calm = bp.History()
        for _ in range(1000):
            calm.add_sweep(0.05, 0.19, 100)
        result.history = calm
        self.assertEqual(margin_edge(result), [])


class LateWeightDecay(unittest.TestCase):
    def test_decay_once_learned_starts_at_the_sweep_that_solves(self) -> None:
        plain = experiments.xor(seed=1, stop_within=None, sweeps=600)
        late = experiments.xor(seed=1, stop_within=None, sweeps=600, weight_decay=0.01, decay_from="learned")
        solved = plain.solved_at
        self.assertIsNotNone(solved)
        self.assertEqual(late.decay_started_at, solved)
        # Up to the sweep that solves it no weight has decayed: the same E, sweep for sweep (errors[k] is sweep
        # k + 1's). That sweep's change is the first to decay, so the next sweep's E differs.
        self.assertEqual(late.history.errors[:solved], plain.history.errors[:solved])
        self.assertNotEqual(late.history.errors[solved], plain.history.errors[solved])

    def test_decay_once_within_the_margin_and_from_the_start(self) -> None:
        late = experiments.xor(seed=1, stop_within=None, sweeps=600, margin=0.1, weight_decay=0.001,
                               decay_from="margin")
        self.assertIsNotNone(late.decay_started_at)
        self.assertEqual(late.decay_started_at, late.history.first_sweep_within(0.1))
        self.assertEqual(experiments.xor(seed=1, sweeps=5, weight_decay=0.001).decay_started_at, 1)
        self.assertIsNone(experiments.xor(seed=1, sweeps=5).decay_started_at)
        with self.assertRaisesRegex(ValueError, "decay_from must be one of start, learned, margin, got 'later'"):
            experiments.xor(decay_from="later")

    def test_a_study_of_held_out_queries_reports_them(self) -> None:
        study = experiments.study("family_trees", seeds=2, sweeps=5)
        right = [result.test_correct for result in study.results]
        self.assertIn(f"held-out cases right: {sum(right) / 2:.2f} / 4 mean, {min(right)}–{max(right)};",
                      study.summary())

    def test_a_family_trees_run_says_when_decay_started(self) -> None:
        result = experiments.family_trees(seed=0, sweeps=30, decay_from="learned")
        self.assertIn("weight decay never switched on: no sweep had every training case right", result.details)


class FamilyTreesStudy(unittest.TestCase):
    def test_spread_of_a_study_by_hand(self) -> None:
        outcomes = [experiments.SplitOutcome(seed, train, test)
                    for seed, train, test in [(0, 100, 4), (1, 97, 1), (2, 100, 2), (3, 99, 1)]]
        study = experiments.SplitStudy({"sweeps": 500}, outcomes)
        self.assertEqual(study.learned_all, 2)
        self.assertAlmostEqual(study.train_mean, 99.0)
        self.assertAlmostEqual(study.test_mean, 2.0)
        # deviations 2, −1, 0, −1: squares sum to 6, over n − 1 = 3 seeds: sd = √2
        self.assertAlmostEqual(study.test_sd, 2 ** 0.5)
        self.assertAlmostEqual(study.test_fraction, 0.5)
        self.assertAlmostEqual(study.test_fraction_error, 2 ** 0.5 / 2 / 4)  # sd / √4 seeds / 4 queries
        self.assertEqual(study.row("short"), "| short | `sweeps=500` | 4 | 99.0 (97–100) | 2/4 | 2.00 (1–4) | 1.41 "
                                             "| 50% ± 18% |")
        self.assertEqual(study.subset(2).outcomes, outcomes[:2])

    def test_each_seed_runs_on_its_own_split(self) -> None:
        seeds = []

        def mapper(one_seed, seed_range):  # type: ignore[no-untyped-def]
            seeds.extend(seed_range)
            return map(one_seed, seeds)

        study = experiments.family_trees_study(seeds=2, first_seed=3, mapper=mapper, sweeps=5)
        self.assertEqual(seeds, [3, 4])
        self.assertEqual([outcome.seed for outcome in study.outcomes], [3, 4])
        self.assertEqual(study.settings, {"sweeps": 5})
        single = experiments.family_trees(seed=4, sweeps=5)
        self.assertEqual(study.outcomes[1], (4, single.train_correct, single.test_correct))
        literal = experiments.family_trees_study(seeds=1, literal=True, sweeps=5)
        self.assertEqual(literal.settings, {"literal": True, "sweeps": 5})


class FamilyTreesData(unittest.TestCase):
    def test_split_holds_out_four_queries_by_seed(self) -> None:
        train, test = experiments.family_trees_split(0)
        self.assertEqual((len(train), len(test)), (100, 4))
        self.assertEqual(sorted(train + test), list(range(104)))
        self.assertNotEqual(experiments.family_trees_split(1)[1], test)

    def test_the_network_of_fig_2(self) -> None:
        net = experiments.family_trees_network(0, 0.3)
        self.assertEqual([layer.size for layer in net.layers], [24, 12, 6, 6, 12, 6, 24])
        self.assertEqual(len(net.unit("person_code1").weights), 24)
        self.assertEqual(len(net.unit("relationship_code1").weights), 12)
        self.assertEqual(len(net.unit("central1").weights), 12)
        self.assertLess(bp.check_gradients(net, bp.tasks.family_trees().cases[:3]), bp.gradcheck.AGREE)
        self.assertLess(max(c.difference for c in bp.gradient_report(net, bp.tasks.family_trees().cases[:3])), 1e-7)


if __name__ == "__main__":
    unittest.main()
