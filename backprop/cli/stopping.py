"""How a run on the command line stops: Ctrl-C, SIGTERM and SIGHUP alike, and never while it writes its files.

While a run trains, the first of these signals stops it: the sweep under way is taken back (the
Trainer puts back its weights), and the run goes on to write its files. While the files are
written, a signal only waits its turn: a second Ctrl-C cannot cut a checkpoint in half.
"""

from __future__ import annotations

import signal
from types import FrameType
from typing import Any, Dict, Optional

# The signals that stop a run, with how the run then says it stopped and its exit status (128 + the number).
STOPPING = {"SIGINT": "Ctrl-C", "SIGTERM": "SIGTERM", "SIGHUP": "SIGHUP (the terminal closed)"}


class Stop:
    """Catch the stopping signals for the life of a ``with`` block.

    ``training`` says whether a signal should stop the run now (raise KeyboardInterrupt there) or
    only be noted; ``signal`` is the first that came (its number), or None.
    """

    def __init__(self) -> None:
        self.signal: Optional[int] = None
        self.training = False
        self.previous: Dict[int, Any] = {}

    def handle(self, number: int, frame: Optional[FrameType]) -> None:
        if self.signal is None:
            self.signal = number
        if self.training:
            self.training = False  # once: the writing of the files that follows is not cut short
            raise KeyboardInterrupt

    def __enter__(self) -> "Stop":
        for name in STOPPING:
            number = getattr(signal, name, None)
            if number is None:  # SIGHUP does not exist on Windows
                continue
            try:
                self.previous[number] = signal.signal(number, self.handle)
            except ValueError:  # not the main thread: signals stay as they were
                break
        return self

    def __exit__(self, *exception: Any) -> None:
        for number, handler in self.previous.items():
            signal.signal(number, handler)

    @property
    def stopped(self) -> bool:
        return self.signal is not None

    @property
    def said(self) -> str:
        """How the run says what stopped it: ``stopped by Ctrl-C``."""
        name = signal.Signals(self.signal).name if self.signal is not None else ""
        return f"stopped by {STOPPING.get(name, name)}"

    @property
    def status(self) -> int:
        """The exit status of a run that a signal stopped: 128 + its number (130 for Ctrl-C)."""
        return 128 + (self.signal or 0)
