"""The tests: ``python -m unittest`` from the repository's root. The long ones run with BACKPROP_FULL_TESTS=1."""

import os
import sys

if os.environ.get("BACKPROP_FULL_TESTS") != "1":
    sys.stderr.write("note: the long tests (the family trees' default recipe, full symmetry runs, the pages in a "
                     "browser) are skipped; BACKPROP_FULL_TESTS=1 runs them, as .ci/run does\n")
