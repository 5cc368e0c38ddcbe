"""The tests: ``python -m unittest`` from the repository's root. The long ones run with BACKPROP_FULL_TESTS=1."""

import os
import sys

if os.environ.get("BACKPROP_FULL_TESTS") != "1":
    sys.stderr.write("note: the long tests (the family trees' default recipe, full symmetry runs, the pages in a "
                     "browser) are skipped; BACKPROP_FULL_TESTS=1 runs them, as .ci/run does\n")

# The tests check the English texts: in a Korean locale the exercises and train would speak Korean
# (LANGUAGE is the first variable read, by gettext and by backprop.exercises.language). The Korean
# tests set the locale they test themselves.
os.environ["LANGUAGE"] = "en"
