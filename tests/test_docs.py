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


def pdb_blocks(guide: str) -> list:
    """The guide's pdb blocks: the fenced blocks with (Pdb) lines, each as a list of lines."""
    blocks = re.findall(r"```\n(.*?)```", guide, re.S)
    return [block.splitlines() for block in blocks if "(Pdb) " in block]


class SteppingThrough(unittest.TestCase):
    guide = read("docs", "STEPPING_THROUGH.md")

    def test_the_guides_pdb_session_runs_as_written(self) -> None:
        # Every command of every pdb block, pasted in order into pdb; every other line of the
        # blocks (what pdb prints) must come out, in the guide's order, and no command may fail.
        lines = [line for block in pdb_blocks(self.guide) for line in block]
        self.assertEqual(lines[0], "$ python -m pdb examples/step_through.py")
        commands = [line[len("(Pdb) "):] for line in lines if line.startswith("(Pdb) ")]
        shown = [line for line in lines[1:] if not line.startswith("(Pdb) ")]
        self.assertGreater(len(commands), 40)
        for command in commands:
            self.assertNotIn("#", command, "a comment in a pdb command makes pdb misread it")
        done = subprocess.run([sys.executable, "-m", "pdb", os.path.join("examples", "step_through.py")],
                              input="\n".join(commands + ["q"]) + "\n", cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
        output = done.stdout
        self.assertNotIn("***", output)
        position = 0
        for line in shown:
            wanted = line[2:] if line.startswith("> ") else line  # pdb prints the file's whole path
            found = output.find(wanted, position)
            self.assertGreaterEqual(found, 0, f"the guide shows {line!r}, but pdb printed it not here:\n"
                                              f"{output[position:position + 600]}")
            position = found + len(wanted)

    def test_the_breakpoint_numbers_the_guide_disables_are_the_ones_it_set(self) -> None:
        commands = [line[len("(Pdb) "):] for block in pdb_blocks(self.guide) for line in block
                    if line.startswith("(Pdb) ")]
        set_at = [command for command in commands if command.startswith("b ")]
        marks = {number: set_at[number - 1] for number in range(1, len(set_at) + 1)}
        self.assertIn("network.py:", marks[3])  # disable 3: the (3) breakpoint
        self.assertIn("# (3)", read("backprop", "network.py").splitlines()[int(marks[3].split(":")[1]) - 1])
        expected = {2: "# (1)", 4: "# (4)", 5: "# (5)", 6: "# (7)"}
        for number, marker in expected.items():
            path, line = marks[number].split()[1].rstrip(",").split(":")
            self.assertIn(marker, read(*path.split("/")).splitlines()[int(line) - 1], marks[number])
        self.assertIn("disable 2 4 5 6", commands)

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
