"""The README's quickstart runs and prints what the README says it prints."""

import contextlib
import io
import os
import re
import unittest

README = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "README.md")


class Quickstart(unittest.TestCase):
    def test_quickstart_prints_the_history_the_readme_shows(self) -> None:
        with open(README, encoding="utf-8") as file:
            text = file.read()
        code = re.search(r"## Quickstart\s+```python\n(.*?)```", text, re.S).group(1)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, "README.md quickstart", "exec"), {})
        lines = printed.getvalue().splitlines()
        shown = re.search(r"print\(history\)\s+# (History\(.*\))", code).group(1)
        self.assertEqual(lines[0], shown)
        self.assertTrue(lines[1].startswith("[0.8856"), lines[1])
        self.assertLess(float(lines[3]), 1e-9)


if __name__ == "__main__":
    unittest.main()
