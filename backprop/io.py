"""The old name of ``backprop.files``, kept for one release: it shadowed the standard library's ``io``."""

import warnings

from .files import *  # noqa: F401,F403
from .files import FORMAT, VERSION, network_data, network_from_data, numbers, read, write, write_text  # noqa: F401

warnings.warn("backprop.io is now backprop.files (the old name shadowed the standard library's io); "
              "backprop.io goes in the next release", DeprecationWarning, stacklevel=2)
