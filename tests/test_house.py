"""The shape of the house: each equation once, a small core, imports that point one way."""

import ast
import os
import re
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "backprop")
CORE = ("neuron.py", "layer.py", "network.py", "trainer.py")


def sources() -> dict:
    found = {}
    for folder, _, files in os.walk(PACKAGE):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as file:
                    found[os.path.relpath(path, ROOT)] = file.read()
    return found


def imported_modules(path: str) -> set:
    """The backprop modules a file imports at run time (imports under TYPE_CHECKING are for hints only)."""
    with open(os.path.join(ROOT, path), encoding="utf-8") as file:
        tree = ast.parse(file.read())
    package = os.path.dirname(path).replace(os.sep, ".")
    hints_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                  and "TYPE_CHECKING" in ast.unparse(block.test) for node in ast.walk(block)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in hints_only or not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = package.split(".")[: len(package.split(".")) - node.level + 1]
        module = ".".join(base + ([node.module] if node.module else []))
        found.update([module] if node.module else [f"{module}.{alias.name}" for alias in node.names])
    return found


class EachEquationOnce(unittest.TestCase):
    def test_every_marker_from_1_to_9_appears_exactly_once(self) -> None:
        markers = [(path, marker) for path, text in sources().items() for marker in re.findall(r"# \((\d)\)", text)]
        counts = {str(n): [path for path, marker in markers if marker == str(n)] for n in range(1, 10)}
        for number, paths in counts.items():
            with self.subTest(equation=number):
                self.assertEqual(len(paths), 1, f"# ({number}) is in {paths}")
        self.assertEqual(counts["1"], [os.path.join("backprop", "neuron.py")])
        self.assertEqual(counts["7"], [os.path.join("backprop", "layer.py")])
        self.assertEqual(counts["8"], [os.path.join("backprop", "trainer.py")])

    def test_other_comments_name_an_equation_in_words(self) -> None:
        # "(7)" after a '#' is the marker of the line that computes (7); a comment about it says "equation 7".
        for path, text in sources().items():
            for number, line in enumerate(text.splitlines(), start=1):
                comment = line.partition("#")[2]
                if re.search(r"\(\d\)", comment):
                    self.assertRegex(comment, r"^ \(\d\)$", f"{path}:{number}: {line.strip()}")


class CleanCheckout(unittest.TestCase):
    def test_only_the_projects_own_files_are_tracked(self) -> None:
        # A run of the command line in the repository (a test's Ctrl-C, a README command) must not
        # leave its checkpoint or saved net among the files the project ships.
        done = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            self.skipTest("not a git checkout")
        stray = [name for name in done.stdout.split() if name.endswith((".checkpoint.json", ".tmp"))
                 or ("/" not in name and name.endswith(".json"))]
        self.assertEqual(stray, [])


class ImportFloors(unittest.TestCase):
    def test_the_core_loads_alone(self) -> None:
        done = subprocess.run([sys.executable, "-c", "import sys, backprop.neuron; "
                               "print(' '.join(sorted(m for m in sys.modules if m.startswith('backprop'))))"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        loaded = set(done.stdout.split())
        teaching = {"backprop.draw", "backprop.experiments", "backprop.trace", "backprop.gradcheck",
                    "backprop.cli", "backprop.exercises"}
        self.assertFalse(loaded & teaching, loaded)
        self.assertIn("backprop.trainer", loaded)

    def test_the_teaching_tools_load_on_first_use(self) -> None:
        done = subprocess.run([sys.executable, "-c", "import sys, backprop as bp; before = 'backprop.draw' in "
                               "sys.modules; bp.draw.sparkline([1, 2]); print(before, 'backprop.draw' in sys.modules)"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        self.assertEqual(done.stdout.split(), ["False", "True"], done.stderr)

    def test_dependencies_point_one_way(self) -> None:
        # The core may call io (save/load) and, for a notebook, draw; neither may import the core back
        # (draw may use checks, which imports nothing).
        self.assertNotIn("backprop.network", imported_modules(os.path.join("backprop", "io.py")))
        for name in ("network.py", "hinton.py", "charts.py", "svg.py"):
            found = imported_modules(os.path.join("backprop", "draw", name))
            self.assertEqual({m for m in found if not m.startswith(("backprop.draw", "backprop.checks"))}, set(), name)
        # The replay page reads the family trees' names and a case's inputs from tasks, on call; nothing else.
        found = imported_modules(os.path.join("backprop", "draw", "replay.py"))
        outside = {m for m in found if not m.startswith(("backprop.draw", "backprop.checks"))}
        self.assertEqual(outside, {"backprop.tasks"})
        for name in CORE + ("wiring.py", "checks.py", "history.py", "views.py", "io.py"):
            found = imported_modules(os.path.join("backprop", name))
            allowed = {"backprop.draw.network"} if name == "network.py" else set()  # a notebook's picture, on call
            tools = {m for m in found if m.split(".")[1] in ("draw", "experiments", "trace", "gradcheck")}
            self.assertEqual(tools, allowed, f"{name} imports {found}")


if __name__ == "__main__":
    unittest.main()
