"""The old name of ``backprop.validate``, kept for one release.

What else it held went to its owners and is given here too: ``Setting``, ``check_finite_change`` and
``refused_forward`` (now ``backprop.trainer``). ``BACKWARD_REFUSED`` is gone: ``backprop.network``
says those messages itself.
"""

import warnings

from .trainer import Setting, check_finite_change, refused_forward  # noqa: F401
from .validate import *  # noqa: F401,F403
from .validate import describe, plural  # noqa: F401

warnings.warn("backprop.checks is now backprop.validate; backprop.checks goes in the next release",
              DeprecationWarning, stacklevel=2)
