"""The README's quickstart runs and prints what the README says it prints."""

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(ROOT, "README.md")


class Quickstart(unittest.TestCase):
    def test_quickstart_prints_what_the_readme_shows(self) -> None:
        with open(README, encoding="utf-8") as file:
            text = file.read()
        code, shown = re.search(r"## Quickstart\s+```python\n(.*?)```\s+prints\s+```\n(.*?)```", text, re.S).groups()
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, "README.md quickstart", "exec"), {})
        self.assertEqual(printed.getvalue(), shown)


class CommandSamples(unittest.TestCase):
    def test_every_shown_command_prints_what_the_readme_shows(self) -> None:
        # A fenced block that starts with "$ python -m backprop ..." shows that command's whole output.
        with open(README, encoding="utf-8") as file:
            text = file.read()
        samples = re.findall(r"```\n\$ (python -m backprop [^\n]*)\n(.*?)```", text, re.S)
        self.assertGreaterEqual(len(samples), 3)
        for command, shown in samples:
            if "family-trees" in command:  # 20 s on CPython; tests/test_experiments.py checks its numbers
                continue
            with self.subTest(command=command):
                done = subprocess.run([sys.executable, *shlex.split(command)[1:]], cwd=ROOT, capture_output=True,
                                      text=True, timeout=120)
                seconds = re.compile(r" in \d+\.\d s")  # how long a run took differs from machine to machine
                self.assertEqual(seconds.sub(" in … s", done.stdout), seconds.sub(" in … s", shown))


if __name__ == "__main__":
    unittest.main()
