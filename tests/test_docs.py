"""The guides say what the code does: breakpoints land on their equations, examples print it."""

import os
import re
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(*parts: str) -> str:
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as file:
        return file.read()


class SteppingThrough(unittest.TestCase):
    guide = read("docs", "STEPPING_THROUGH.md")

    def test_each_breakpoint_lands_on_its_equation(self) -> None:
        expected = {"(1) for h1": "# (1)", "(5) for o1": "# (5)", "(7) into h1": "# (7)",
                    "the update of h1's weights, just before (8)": "w, dE_dw = group[0].w, self._gradients(group)"}
        found = re.findall(r"\(Pdb\) b (backprop/\w+\.py):(\d+), [^#]*# (.+)", self.guide)
        self.assertEqual(len(found), 4)
        for path, line, comment in found:
            with self.subTest(breakpoint=f"{path}:{line}"):
                text = read(path).splitlines()[int(line) - 1]
                self.assertIn(expected[comment.strip()], text)

    def test_the_scripts_breakpoint_is_its_forward_line(self) -> None:
        line = int(re.search(r"\(Pdb\) b (\d+) ", self.guide).group(1))
        self.assertIn("outputs = net.forward(inputs)", read("examples", "step_through.py").splitlines()[line - 1])

    def test_the_table_names_real_lines(self) -> None:
        rows = re.findall(r"\| `(backprop/\w+\.py)` \| `[^`]+` \| `([^`]+)` \|", self.guide)
        self.assertEqual(len(rows), 6)
        for path, code in rows:
            with self.subTest(code=code):
                self.assertIn(code, read(path))


class StepThroughExample(unittest.TestCase):
    def test_it_prints_the_hand_worked_numbers(self) -> None:
        done = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "step_through.py")],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("forward:  h1 x = 0.3775, y = 0.5933;  outputs 0.7514, 0.7729", done.stdout)
        self.assertIn("error:    E = 0.2984", done.stdout)
        self.assertIn("o1 ∂E/∂y = 0.7414, ∂E/∂x = 0.1385, ∂E/∂w[o1←h1] = 0.0822", done.stdout)
        self.assertIn("h1 ∂E/∂y = 0.0364", done.stdout)
        self.assertIn("update:   w[o1←h1] = 0.3589", done.stdout)
        # The script's breakpoint() lines are there to be uncommented; as shipped, none of them stops a run.
        calls = [line.strip() for line in read("examples", "step_through.py").splitlines() if "breakpoint()" in line
                 and not line.lstrip().startswith(('"', "Or "))]
        self.assertEqual(len(calls), 3)
        self.assertTrue(all(call.startswith("# breakpoint()") for call in calls), calls)


if __name__ == "__main__":
    unittest.main()
