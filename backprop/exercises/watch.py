"""Is an answer the learner's own? A ``Watch`` notes the first code of the library's own that runs
while the learner's code is watched; this runs in the checking process only.
"""

from __future__ import annotations

import linecache
import os
import re
import sys
import traceback
import types
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Sequence

from .language import _
from .learner import LIBRARY, frame_lines


class LibraryCode(Exception):
    """The learner's code ran the library's own code: a one-line ``message`` and the learner's frames that led there."""

    def __init__(self, message: str, lines: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message, self.lines = message, list(lines)


class Watch:
    """Notes the first frame of the library's own code that runs while the learner's code is watched.

    ``with watch:`` (or ``start`` and ``stop``) brackets a call of the learner's code. In between,
    every Python frame that starts is heard of, and a frame of a file under the library's folder
    (other than the learner's own file, and other than the checker's code named in ``own``) is an
    answer the library gave, however the learner's function was wrapped (a call,
    ``functools.partial``, ``map``, a class's ``__call__``). Learner's code that switches the watch
    off (``sys.setprofile``) is noted too.

    How frames are heard of: from Python 3.12, ``sys.monitoring`` tells of each code object's start,
    and a code object found not to be the library's is never told of again (``DISABLE``), so the
    watch costs next to nothing; before 3.12 and on PyPy, ``sys.setprofile`` hears of every call,
    which makes the learner's own code run about half as fast under it on CPython 3.11 (the
    learner's train on the symmetry task calls their functions about 2.6 million times, 64 cases
    for 1072 sweeps; the nine's XOR run in the checker's own sweep, about 56 thousand).
    Either way the function that hears is kept to one dictionary lookup.

    After ``stop``, ``found`` is '' or what ran (``backprop.neuron.logistic``), ``frames`` the
    learner's frames that led to it and ``line`` the checker's line that called the learner's code.
    """

    TOOL_NAME = "backprop exercises"  # the sys.monitoring tool, on Python 3.12 and later

    def __init__(self, learner_path: str = "", own: Sequence[Callable[..., Any]] = ()) -> None:
        self.learner_file = os.path.realpath(learner_path) if learner_path else ""
        self.own: FrozenSet[types.CodeType] = frozenset(code for function in (*own, Watch.stop, Watch.__exit__)
                                                        for code in nested_code(function.__code__))
        self.found = ""
        self.frames: List[traceback.FrameSummary] = []
        self.line = ""
        self.previous: Any = None
        self.monitoring: Any = getattr(sys, "monitoring", None)
        self.tool = self.claim_tool() if self.monitoring is not None else None
        library: Dict[str, bool] = {}  # a code object's file name → is it the library's own code?
        own_codes, setprofile = self.own, sys.setprofile

        def hear(frame: types.FrameType, event: str, arg: Any) -> None:  # sys.setprofile's way
            if event == "call":
                code = frame.f_code
                mine = library.get(code.co_filename)
                if mine is None:
                    mine = library[code.co_filename] = self.is_library(code.co_filename)
                if mine and code not in own_codes and not self.found:
                    self.note(frame, qualified_name(frame))
            elif event == "c_call" and arg is setprofile and frame.f_code not in own_codes and not self.found:
                self.note(frame, "sys.setprofile", outer=True)

        disable = getattr(self.monitoring, "DISABLE", None)

        def started(code: types.CodeType, offset: int) -> Any:  # sys.monitoring's way: PY_START
            mine = library.get(code.co_filename)
            if mine is None:
                mine = library[code.co_filename] = self.is_library(code.co_filename)
            if not mine or code in own_codes:
                return disable  # never again for this code object: it is not the library's answering
            if not self.found:
                self.note(sys._getframe(1), qualified_name(sys._getframe(1)))
            return None

        self.hear, self.started = hear, started

    def claim_tool(self) -> Optional[int]:
        """A sys.monitoring tool id for the watch (the one it had, or a free one); None if all are taken."""
        monitoring = self.monitoring
        for tool in (4, 3, 2, 1, 0, 5):
            if monitoring.get_tool(tool) == Watch.TOOL_NAME:
                return tool
        for tool in (4, 3):  # the ids that Python leaves to no one in particular
            if monitoring.get_tool(tool) is None:
                monitoring.use_tool_id(tool, Watch.TOOL_NAME)
                return tool
        return None

    def is_library(self, filename: str) -> bool:
        path = os.path.realpath(filename)
        return path.startswith(os.path.realpath(LIBRARY) + os.sep) and path != self.learner_file

    def note(self, frame: types.FrameType, found: str, outer: bool = False) -> None:
        """Keep what ran, the learner's frames that called it, and the checker's line that called them."""
        self.found = found
        caller: Optional[types.FrameType] = frame if outer else frame.f_back
        frames = []
        while caller is not None and not self.is_library(caller.f_code.co_filename):
            frames.append(caller)
            caller = caller.f_back
        self.frames = [traceback.FrameSummary(f.f_code.co_filename, f.f_lineno, f.f_code.co_name, lookup_line=False)
                       for f in reversed(frames)]
        if caller is not None:
            self.line = linecache.getline(caller.f_code.co_filename, caller.f_lineno)

    def start(self) -> None:
        if self.tool is not None and self.monitoring.get_tool(self.tool) != Watch.TOOL_NAME:
            self.tool = self.claim_tool()  # freed by the learner's code: another id, or sys.setprofile's way
        if self.tool is not None:
            events = self.monitoring.events.PY_START
            self.monitoring.register_callback(self.tool, events, self.started)
            self.monitoring.set_events(self.tool, events)
        else:
            self.previous = sys.getprofile()
            sys.setprofile(self.hear)

    def __enter__(self) -> "Watch":
        """``with watch:`` watches the block: started as it begins, stopped as it ends, however it ends."""
        self.start()
        return self

    def __exit__(self, *exception: object) -> None:
        self.stop()  # before the checker's own code (an ``except`` around the block) runs

    def stop(self) -> None:
        if self.tool is not None:
            if self.monitoring.get_events(self.tool) != self.monitoring.events.PY_START and not self.found:
                self.found = "sys.monitoring"  # switched off by the learner's code
            self.monitoring.set_events(self.tool, 0)
            return
        if sys.getprofile() is not self.hear and not self.found:  # switched off or replaced by the learner's code
            self.found = "sys.setprofile"
        sys.setprofile(self.previous)

    def clear(self) -> None:
        """Forget what was found, to watch another function."""
        self.found, self.frames, self.line = "", [], ""

    def called(self, names: Sequence[str]) -> str:
        """Which of ``names`` the checker's line was calling when the library's code ran ('' if none)."""
        return next((name for name in names if re.search(rf"\b{name}\(", self.line)), "")

    def refusal(self, name: str, where: str = "") -> LibraryCode:
        """The refusal of the learner's function ``name`` (``where``: e.g. ' at sweep 3', said), for what was found."""
        if self.found in ("sys.setprofile", "sys.monitoring"):
            message = _("{name} called {found}{where}, which the checker uses to see that every answer is your code's "
                        "own: leave it alone")
        else:
            message = _("{name} called the library's own {found}{where}: the exercise is to write it yourself")
        message = message.format(name=name, found=self.found, where=where)
        lines = [_("Called from (your code, most recent call last):")] + frame_lines(self.frames) if self.frames else []
        return LibraryCode(message, lines)


def nested_code(code: types.CodeType) -> List[types.CodeType]:
    """``code`` and the code of every comprehension or function defined inside it."""
    found = [code]
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            found += nested_code(constant)
    return found


def qualified_name(frame: types.FrameType) -> str:
    """``backprop.neuron.logistic``: the module and the name of the code running in ``frame``."""
    module = frame.f_globals.get("__name__") or "backprop"
    return f"{module}.{getattr(frame.f_code, 'co_qualname', frame.f_code.co_name)}"
