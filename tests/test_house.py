"""The shape of the house: each equation once, a small core, imports that point one way."""

import ast
import importlib
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


# What each core class shows in a notebook, drawn by the module its display method imports when called.
NOTEBOOK_DISPLAYS = {"network.py": {"backprop.draw.network"}, "layer.py": {"backprop.draw.hinton"},
                     "neuron.py": {"backprop.draw.notebook"}, "trainer.py": {"backprop.draw.notebook"},
                     "history.py": {"backprop.draw.notebook"}}
# The one-release alias tasks.worked_example_network, imported only when the old name is asked for.
OLD_NAMES = {"tasks.py": {"backprop.experiments.worked_example"}}


class ImportFloors(unittest.TestCase):
    def test_the_core_loads_alone(self) -> None:
        done = subprocess.run([sys.executable, "-c", "import sys, backprop.neuron; "
                               "print(' '.join(sorted(m for m in sys.modules if m.startswith('backprop'))))"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        loaded = set(done.stdout.split())
        teaching = {"backprop.draw", "backprop.experiments", "backprop.narration", "backprop.gradcheck",
                    "backprop.cli", "backprop.exercises"}
        self.assertFalse(loaded & teaching, loaded)
        self.assertIn("backprop.trainer", loaded)

    def test_the_teaching_tools_load_on_first_use(self) -> None:
        done = subprocess.run([sys.executable, "-c", "import sys, backprop as bp; before = 'backprop.draw' in "
                               "sys.modules; bp.draw.sparkline([1, 2]); print(before, 'backprop.draw' in sys.modules)"],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
        self.assertEqual(done.stdout.split(), ["False", "True"], done.stderr)

    def test_dependencies_point_one_way(self) -> None:
        # The core may call files (save/load) and, for a notebook, draw; neither may import the core back
        # (draw may use validate, which imports nothing).
        self.assertNotIn("backprop.network", imported_modules(os.path.join("backprop", "files.py")))
        for name in ("network.py", "groups.py", "folded.py", "hinton.py", "charts.py", "svg.py", "labels.py",
                     "replay.py", "page.py"):
            found = imported_modules(os.path.join("backprop", "draw", name))
            outside = {m for m in found if not m.startswith(("backprop.draw", "backprop.validate"))}
            self.assertEqual(outside, set(), name)
        for name in CORE + ("wiring.py", "validate.py", "history.py", "views.py", "files.py", "tasks.py"):
            found = imported_modules(os.path.join("backprop", name))
            allowed = NOTEBOOK_DISPLAYS.get(name, set()) | OLD_NAMES.get(name, set())  # imported on call
            tools = {m for m in found if m.split(".")[1] in ("draw", "experiments", "narration", "gradcheck")}
            self.assertEqual(tools, allowed, f"{name} imports {found}")
        found = imported_modules(os.path.join("backprop", "tasks.py")) - {"backprop.validate"} - OLD_NAMES["tasks.py"]
        self.assertEqual(found, set(), "tasks are data: they import no Network")

    def test_no_module_shadows_the_standard_librarys(self) -> None:
        # A module named io or trace is what `import io` finds first from inside the package's folder.
        standard = set(getattr(sys, "stdlib_module_names", ())) or {"io", "trace", "json", "copy", "numbers"}
        shims = {"io", "trace"}  # the old names, kept for one release with a DeprecationWarning
        for path in sources():
            name = os.path.splitext(os.path.basename(path))[0]
            if name not in shims and os.path.dirname(path) == "backprop":
                self.assertNotIn(name, standard, path)


class OldNamesStillWork(unittest.TestCase):
    """What issue 20 renamed answers to its old name for one release, with a DeprecationWarning."""

    def test_each_old_name_warns_and_gives_the_new_thing(self) -> None:
        import backprop.experiments
        import backprop.files
        import backprop.narration
        import backprop.validate

        for old, new, name in [("backprop.io", backprop.files, "write_text"),
                               ("backprop.trace", backprop.narration, "explain"),
                               ("backprop.checks", backprop.validate, "describe")]:
            with self.subTest(old):
                sys.modules.pop(old, None)  # so that importing it runs the module, and its warning, again
                with self.assertWarnsRegex(DeprecationWarning, "goes in the next release"):
                    module = importlib.import_module(old)
                self.assertIs(getattr(module, name), getattr(new, name))
        import backprop.tasks

        with self.assertWarnsRegex(DeprecationWarning, "backprop.experiments.worked_example_network"):
            old_place = backprop.tasks.worked_example_network  # type: ignore[attr-defined]
        self.assertIs(old_place, backprop.experiments.worked_example_network)
        with self.assertRaisesRegex(AttributeError, "has no attribute 'no_such_task'"):
            _ = backprop.tasks.no_such_task  # type: ignore[attr-defined]


class TheCoreReadsInADebugger(unittest.TestCase):
    def test_no_line_of_the_core_is_wider_than_99_columns(self) -> None:
        # What pdb's `l` and a debugger's editor pane show without scrolling.
        for name in CORE:
            for number, line in enumerate(sources()[os.path.join("backprop", name)].splitlines(), start=1):
                self.assertLessEqual(len(line), 99, f"backprop/{name}:{number}")

    def test_each_marked_line_does_just_its_equation(self) -> None:
        # One assignment (or one term of a sum) on the line of '# (N)': no chained "a = b = ...".
        for name in CORE:
            for number, line in enumerate(sources()[os.path.join("backprop", name)].splitlines(), start=1):
                code, _, comment = line.partition("  #")
                if re.fullmatch(r" \(\d\)", comment):
                    self.assertLessEqual(code.count(" = "), 1, f"backprop/{name}:{number}: {line.strip()}")
                    self.assertNotIn(" if ", code, f"backprop/{name}:{number}: {line.strip()}")


class EachExperimentOwnsItsWords(unittest.TestCase):
    def test_the_command_line_and_the_pictures_name_no_experiment(self) -> None:
        # What is special about an experiment (the family trees' people, Fig. 4's layer) is asked of it:
        # no name, string or attribute in cli/ or draw/ names one.
        from backprop.experiments import REGISTRY

        names = {entry.name for entry in REGISTRY} | {"person_code", "people", "ENGLISH", "ITALIAN", "PEOPLE",
                                                      "FamilyTrees", "RELATIONSHIPS"}
        for path, text in sources().items():
            if not path.startswith((os.path.join("backprop", "cli"), os.path.join("backprop", "draw"))):
                continue
            tree = ast.parse(text)
            docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                          if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                          and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
            for node in ast.walk(tree):
                words = []
                if isinstance(node, ast.Name):
                    words = [node.id]
                elif isinstance(node, ast.Attribute):
                    words = [node.attr]
                elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                    words = re.findall(r"[A-Za-z_]+", node.value.replace("-", "_"))
                found = names.intersection(words)
                self.assertEqual(found, set(), f"{path}:{getattr(node, 'lineno', '?')} names {found}")

    def test_every_experiment_made_is_in_the_registry(self) -> None:
        # A new task's module makes an Experiment; the registry's one line is what lists it everywhere.
        import importlib
        import pkgutil

        import backprop.experiments as package
        from backprop.experiments import REGISTRY, Experiment

        made = set()
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"backprop.experiments.{info.name}")
            made |= {id(value) for value in vars(module).values() if isinstance(value, Experiment)}
        self.assertEqual(made, {id(entry) for entry in REGISTRY})


if __name__ == "__main__":
    unittest.main()
