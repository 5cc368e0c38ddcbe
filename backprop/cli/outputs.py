"""The files a run writes: ``--save``, ``--svg``, ``--html``, and the checkpoint a stopped run leaves.

They are the job; what the run prints is a courtesy. So each place is checked before training
(its folder exists, it is not a device, a pipe or a folder, no two outputs share a file); after
training they are written before anything is printed; a checkpoint never replaces one that an
earlier run left; and when a file cannot be written (a full disk), the run itself is kept in a
checkpoint, where one can still be written, with the command that writes the rest.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

from .. import files

PICTURES = ("network.svg", "error.svg", "hinton.svg", "decision.svg", "folded.svg")  # what --svg may write
FLAGS = ("save", "svg", "html")


class Outputs(NamedTuple):
    """Where a run writes: the trained net, the pictures' folder, the replay page, and its checkpoint."""

    save: Optional[str]
    svg: Optional[str]
    html: Optional[str]
    checkpoint: Optional[str]  # None: a run that keeps none (``paper``)
    resumed: str = ""  # the checkpoint this run was resumed from: the one file it may write over as its own

    def data(self) -> Dict[str, Optional[str]]:
        """What a checkpoint keeps of them: ``--save``, ``--svg``, ``--html``, each as a full path."""
        return {flag: None if path is None else os.path.abspath(path) for flag, path in zip(FLAGS, self[:3])}


def outputs_from_data(entry: Any, where: str) -> Dict[str, Optional[str]]:
    """The ``"outputs"`` of a checkpoint's run, checked: each of save, svg and html a path or null."""
    if entry is None:
        return {flag: None for flag in FLAGS}
    if not isinstance(entry, dict) or set(entry) - set(FLAGS):
        raise ValueError(f'{where} "outputs" must give save, svg and html as paths or null, got {entry!r:.60}')
    for flag in FLAGS:
        value = entry.get(flag)
        if value is not None and (not isinstance(value, str) or not value or not value.isprintable()):
            raise ValueError(f'{where} "outputs" {flag} must be a path or null, got {value!r:.60}')
    return {flag: entry.get(flag) for flag in FLAGS}


def check_file(path: Optional[str], flag: str) -> None:
    """Refuse, before any training, a place for a file that cannot be written: naming it and why."""
    if path is None:
        return
    try:
        target = files.target_of(path)
        with tempfile.TemporaryFile(dir=os.path.dirname(target)):  # may a file be made in that folder?
            pass
    except (OSError, ValueError) as error:
        raise ValueError(f"--{flag} {path}{reason(error, path)}") from None


def check_folder(path: Optional[str]) -> None:
    """``--svg DIR``: a folder, or a new one in a folder that exists (made when the pictures are written)."""
    if path is None:
        return
    if os.path.exists(path) and not os.path.isdir(path):
        raise ValueError(f"--svg {path}: that is a file; give a folder for the pictures")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(path) and not os.path.isdir(parent):
        raise ValueError(f"--svg {path}: there is no folder {parent} to make it in")
    try:
        with tempfile.TemporaryFile(dir=path if os.path.isdir(path) else parent):
            pass
    except OSError as error:
        raise ValueError(f"--svg {path}: cannot write there ({error.strerror or error})") from None


def reason(error: Exception, path: str) -> str:
    """An error's message after the 'cannot write PATH' that the flag's own words already say, from its
    ': ' on (or from a ' (a link to …)' that comes first)."""
    text, head = str(error), f"cannot write {path}"
    return text[len(head):] if text.startswith(head) else f": {text}"


def check_outputs(outputs: Outputs, flags: Dict[str, str]) -> None:
    """Check every output's place, and that no two of them are one file. ``flags`` names the flag that
    set each (``--checkpoint`` or, by default, where Ctrl-C will write)."""
    check_file(outputs.save, "save")
    check_file(outputs.html, "html")
    check_file(outputs.checkpoint, "checkpoint")  # ("--checkpoint" in a refusal: the flag that sets it)
    check_folder(outputs.svg)
    files = {"save": outputs.save, "html": outputs.html, "checkpoint": outputs.checkpoint}
    if outputs.svg is not None:
        files.update({f"svg {name}": os.path.join(outputs.svg, name) for name in PICTURES})
        files["svg"] = outputs.svg
    seen: Dict[str, str] = {}
    for flag, path in files.items():
        if path is None:
            continue
        real = os.path.realpath(path)
        if real in seen:
            first = seen[real]
            advice = " (--checkpoint chooses the checkpoint's)" if "checkpoint" in (first, flag) else ""
            raise ValueError(f"{said(first, files, flags)} and {said(flag, files, flags)} are one file: give each "
                             f"output a place of its own{advice}")
        seen[real] = flag


def said(flag: str, files: Dict[str, Optional[str]], flags: Dict[str, str]) -> str:
    """How a refusal names an output: ``--save same.json``, or ``the checkpoint that Ctrl-C writes,
    xor.checkpoint.json,``."""
    if flag.startswith("svg "):  # a picture that --svg writes
        return f"--svg {files['svg']} (its {flag[4:]})"
    return flags.get(flag, f"--{flag}") + f" {files[flag]}" + ("," if flag in flags and "," in flags[flag] else "")


def fresh(path: str, taken: List[str]) -> str:
    """``path``, or, when a file is there already (an earlier run's checkpoint), the first free
    ``NAME-2.json``, ``NAME-3.json`` … beside it; never one of ``taken``.

    >>> fresh("/nonexistent/xor.checkpoint.json", [])
    '/nonexistent/xor.checkpoint.json'
    """
    stem, extension = os.path.splitext(path)
    candidate, number = path, 1
    while os.path.lexists(candidate) or os.path.realpath(candidate) in taken:
        number += 1
        candidate = f"{stem}-{number}{extension}"
    return candidate


class Written(NamedTuple):
    """What writing a run's files did: a line for each file written, and for each that could not be."""

    lines: List[str]
    failed: List[str]


def write_files(outputs: Outputs, stopped: bool, checkpoint: Callable[[str, bool, bool], None],
                files: List[Callable[[], str]]) -> Written:
    """Write a run's files: its checkpoint first when it was stopped, then each of ``files``.

    ``checkpoint(path, new, whole)`` writes the checkpoint (``new``: never over a file that is there;
    ``whole``: with what the run recorded for its replay page); each of ``files`` writes one output and
    returns the line that says so. When an output fails (a full disk, a folder removed meanwhile), the
    run is kept in a checkpoint: at the checkpoint's place, else in the system's temporary folder,
    else without its recording; the lines say where and how to go on.
    """
    lines: List[str] = []
    failed: List[str] = []
    kept = keep(outputs, checkpoint, failed) if stopped else None
    if kept is not None:
        lines.append(f"checkpoint written to {kept[0]}{kept[1]}; go on with: python -m backprop resume {kept[0]}")
    for write in files:
        try:
            lines.append(write())
        except (OSError, ValueError) as error:
            failed.append(str(error))
    if failed and kept is None and not stopped:
        kept = keep(outputs, checkpoint, failed)
    if failed and kept is not None:
        lines.append(f"the run is kept in {kept[0]}{kept[1]}: python -m backprop resume {kept[0]} writes what "
                     f"is missing")
    return Written(lines, failed)


def keep(outputs: Outputs, checkpoint: Callable[[str, bool, bool], None],
         failed: List[str]) -> Optional[Tuple[str, str]]:
    """Write the checkpoint: over the file the run was resumed from, else under a fresh name (so an
    earlier run's checkpoint is kept); where that cannot be done, in the temporary folder; and last,
    without the recording for the replay page, which can be large. Return where it went and a note,
    or None (then what went wrong at each place is added to ``failed``)."""
    if outputs.checkpoint is None:
        return None
    tried: List[str] = []
    taken = [os.path.realpath(path) for path in outputs[:3] if path is not None]
    places = [outputs.checkpoint, os.path.join(tempfile.gettempdir(), os.path.basename(outputs.checkpoint))]
    for whole in (True, False) if outputs.html else (True,):
        for place in places:
            own = bool(outputs.resumed) and os.path.realpath(place) == os.path.realpath(outputs.resumed)
            target = place if own else fresh(place, taken)
            try:
                checkpoint(target, not own, whole)
            except (OSError, ValueError) as error:
                tried.append(str(error))
                continue
            notes = [] if target == place else [f"{place}, an earlier run's, is kept"]
            notes += [] if whole else ["without the sweeps recorded so far: the replay page will start where the "
                                       "run goes on"]
            return target, "".join(f" ({note})" for note in notes)
    failed += dict.fromkeys(tried)  # each place tried, once
    return None
