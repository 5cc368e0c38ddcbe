"""The old name of ``backprop.narration``, kept for one release: it shadowed the standard library's ``trace``."""

import warnings

from .narration import *  # noqa: F401,F403
from .narration import explain  # noqa: F401

warnings.warn("backprop.trace is now backprop.narration (the old name shadowed the standard library's trace); "
              "backprop.trace goes in the next release", DeprecationWarning, stacklevel=2)
