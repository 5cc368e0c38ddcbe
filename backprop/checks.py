"""The old name of ``backprop.validate``, kept for one release."""

import warnings

from .validate import *  # noqa: F401,F403
from .validate import describe, plural  # noqa: F401

warnings.warn("backprop.checks is now backprop.validate; backprop.checks goes in the next release",
              DeprecationWarning, stacklevel=2)
