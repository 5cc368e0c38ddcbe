"""Every file the library writes, and the network's own format: JSON, bit-exact.

``write_text`` is the one way a file is written (nets, checkpoints, recordings, pictures, pages,
the exercise file): to a temporary file beside its target, then moved into place, so a crash
never leaves half a file; through a symbolic link to its target; never over a device, a named
pipe or a folder; ``new=True`` never over an existing file; a new file with the umask's mode.
A temporary file a killed writer left is removed by a later write when no live writer holds its
lock and it is over a minute old. ``read`` and ``check_kind`` read a file back, naming it in
any refusal.

A network's file says what it is (``"format": "backprop-network"``) and its ``version``. Floats
are written with ``repr``, which Python reads back to the same bits. No pickle and no eval:
loading only reads numbers, strings and lists, and checks each one.

This module reads and writes the data; ``Network.save``/``Network.load`` call it, and it
imports nothing above the layers, so the dependency points one way.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import stat
import tempfile
import time
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Tuple, TypeVar, Union

from .layer import Layer
from .validate import describe, plural
from .wiring import Recurrence, read_units, unit_names, unrolled

try:
    import fcntl
except ImportError:  # pragma: no cover  (Windows: stale temporary files are then judged by their age alone)
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:  # pragma: no cover
    from .network import Network

FORMAT = "backprop-network"
VERSION = 1
PathLike = Union[str, "os.PathLike[str]"]
Built = TypeVar("Built")
Weights = Dict[str, Tuple[List[Any], List[Any]]]  # layer name → (biases, rows of weights), as read


def network_data(network: "Network") -> Dict[str, Any]:
    """The network as plain JSON-ready data: each layer, and for a layer of neurons its biases and weights."""
    layers = []
    for layer in network.layers:
        entry: Dict[str, Any] = {"name": layer.name, "size": layer.size,
                                 "inputs": [feeder.name for feeder in layer.feeders],
                                 "units": [unit.name for unit in layer.units]}
        if layer.tied_to is not None:
            entry["tied_to"] = layer.tied_to.name
        if not layer.is_input:
            entry["biases"] = [neuron.w[-1] for neuron in layer.neurons]  # the always-1 line's weight
            entry["weights"] = [neuron.w[:-1] for neuron in layer.neurons]
        layers.append(entry)
    data: Dict[str, Any] = {"format": FORMAT, "version": VERSION, "layers": layers}
    if network.recurrent is not None:
        data["recurrent"] = network.recurrent._asdict()
    return data


def write(path: PathLike, data: Any, new: bool = False, compact: bool = False) -> str:
    """Write ``data`` as JSON to ``path`` atomically (see ``write_text``); return the path written.
    A file is written one number a line, to be read; ``compact=True`` writes it without spaces."""
    text = json.dumps(data, separators=(",", ":"), allow_nan=False) if compact else \
        json.dumps(data, indent=1, allow_nan=False)
    return write_text(path, text + "\n", new)


# What a path that is not a regular file is, by the kind stat gives it: such a path is never written.
KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
         (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))
STALE_AFTER = 60.0  # seconds: a temporary file younger than this may not have been locked by its writer yet
TEMPORARY = re.compile(r"\.backprop-.+\.tmp")


def target_of(path: PathLike) -> str:
    """The file a write to ``path`` must replace: ``path`` itself, or the file its symbolic links lead to.

    Refused, with a message naming the path: a folder, a device, a named pipe or a socket (writing
    one as root would replace it by a file for the whole machine), and a folder that does not exist.
    """
    given = os.fspath(path)
    if not given:
        raise ValueError("cannot write to an empty path")
    target = os.path.realpath(given)  # through every symbolic link: the link stays, its target is written
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise named(error, given) from None
    for is_kind, kind in KINDS:
        if mode is not None and is_kind(mode):
            shown = given if target == os.path.abspath(given) else f"{given} (a link to {target})"
            raise ValueError(f"cannot write {shown}: it is {kind}, not a regular file")
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"cannot write {given}: there is no folder {folder}")
    return target


def named(error: OSError, path: str) -> OSError:
    """``error`` with a message that names the path: ``cannot write net.json: No space left on device``."""
    wrapped = type(error)(f"cannot write {path}: {error.strerror or error}")
    wrapped.errno = error.errno
    return wrapped


def write_text(path: PathLike, text: str, new: bool = False) -> str:
    """Write ``text`` (UTF-8) to ``path`` atomically; return the path of the file written.

    The text goes to a temporary file in the same folder, which is then renamed over the target,
    so a crash never leaves half a file. A symbolic link is written through: its target is
    replaced, atomically, and the link stays. A folder, a device or a named pipe is refused
    (``target_of``). ``new=True`` refuses to replace a file that exists, even one that appears
    while the text is written. The file keeps the permissions of the file it replaces (a new one
    gets the usual 0666 less the umask). Any failure names the path, and leaves no temporary file.
    A write killed half-way (SIGKILL, a power cut) can leave a hidden ``.backprop-….tmp``; the next
    write into that folder removes those that no live writer holds (``remove_stale_temporaries``).
    """
    given = os.fspath(path)
    target = target_of(given)
    if new and os.path.lexists(given):
        raise FileExistsError(f"{given} exists already")
    folder = os.path.dirname(target)
    remove_stale_temporaries(folder)
    try:
        handle, temporary = tempfile.mkstemp(prefix=".backprop-", suffix=".tmp", dir=folder)
    except OSError as error:
        raise named(error, given) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            hold(file.fileno())  # held until the file is closed: a cleaner in another process leaves it alone
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
            keep_owner_and_mode(temporary, target)
            if new:
                os.link(temporary, target)  # fails if the target appeared meanwhile: never replaces it
            else:
                os.replace(temporary, target)
    except FileExistsError:
        raise FileExistsError(f"{given} exists already") from None
    except OSError as error:
        raise named(error, given) from None
    finally:
        if os.path.lexists(temporary):  # still there: the write failed, or new=True linked it into place
            os.unlink(temporary)
    return target


def hold(descriptor: int) -> None:
    """Lock an open temporary file, so that ``remove_stale_temporaries`` knows its writer is alive."""
    if fcntl is not None:
        with contextlib.suppress(OSError):  # a file system without locks: the age alone will decide
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)


def keep_owner_and_mode(temporary: str, target: str) -> None:
    """Give the temporary file the mode (and, as root, the owner) of the file it will replace; a new
    file gets 0666 less the umask, as open() gives."""
    try:
        old = os.stat(target)
    except FileNotFoundError:
        umask = os.umask(0)  # the only way to read the umask is to set it; it is set back at once
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        return
    os.chmod(temporary, stat.S_IMODE(old.st_mode))
    if hasattr(os, "chown") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):  # only root may give a file away; others keep their own
            os.chown(temporary, old.st_uid, old.st_gid)


def remove_stale_temporaries(folder: str) -> None:
    """Remove the temporary files that writes killed half-way left in ``folder``.

    A writer holds a lock on its temporary file from the moment it is made until it is renamed, and
    the system lets go of a lock when its process dies, in whatever container or PID namespace that
    process ran. So a ``.backprop-….tmp`` that nobody holds, and that is older than ``STALE_AFTER``
    seconds (its writer had time to lock it), is litter. Where files cannot be locked, only a file a
    day old is removed.
    """
    try:
        names = [name for name in os.listdir(folder) if TEMPORARY.fullmatch(name)]
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        with contextlib.suppress(OSError):  # gone meanwhile, or not ours to touch: leave it
            age = time.time() - os.lstat(path).st_mtime
            if age < STALE_AFTER or not stat.S_ISREG(os.lstat(path).st_mode):
                continue
            if fcntl is None:
                if age > 86400.0:
                    os.unlink(path)
                continue
            with open(path, "rb") as file:
                try:
                    fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a live writer holds it
                except OSError:
                    if age > 86400.0:
                        os.unlink(path)
                    continue
                os.unlink(path)


def read(path: PathLike, build: Callable[[Any], Built]) -> Built:
    """Read the JSON file at ``path`` and ``build`` from it; any refusal is one ValueError naming the file."""
    name = os.fspath(path)
    with open(path, "rb") as file:
        raw = file.read()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ValueError(f"{name}: not a backprop file: not UTF-8 ({error.reason} at byte {error.start})") from None
    except RecursionError:
        raise ValueError(f"{name}: not a backprop file: its JSON is nested too deeply") from None
    except ValueError as error:  # json.JSONDecodeError, or an integer of too many digits
        raise ValueError(f"{name}: not a backprop file: invalid JSON ({error})") from None
    try:
        return build(data)
    except (ValueError, TypeError, RecursionError) as error:
        raise ValueError(f"{name}: {error}") from None


def check_kind(data: Any, form: str, what: str, versioned: str) -> None:
    """Refuse data that is not a ``form`` file of this library's version: ``what`` and ``versioned`` name
    it in the message (``"checkpoint"``, ``"checkpoint version"``)."""
    if not isinstance(data, dict) or data.get("format") != form:
        raise ValueError(f'not a backprop {what} (no "format": "{form}")')
    version = data.get("version")
    if type(version) is not int or version != VERSION:  # in Python True == 1 == 1.0: neither is version 1
        raise ValueError(f"{versioned} {version!r} is not supported (this library reads {VERSION})")


def network_from_data(data: Any, from_layers: Callable[[List[Layer]], "Network"]) -> "Network":
    """Rebuild a network from ``network_data``'s data, checking every part of it (``from_layers``: the
    network's constructor, which this module does not import)."""
    check_kind(data, FORMAT, "network file", "format version")
    entries = data.get("layers")
    if not isinstance(entries, list) or len(entries) < 2:
        raise ValueError('"layers" must be a list of at least two layers')
    layers: Dict[str, Layer] = {}
    weights: Weights = {}
    for position, entry in enumerate(entries):
        where = f"layer {position}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: expected an object, got {describe(entry)}")
        name, feeders, units, tied_to = (entry.get(key) for key in ("name", "inputs", "units", "tied_to"))
        if not isinstance(name, str) or not name or name in layers:
            raise ValueError(f"{where}: the name must be a new non-empty string, got {describe(name)}")
        where += f" ({name})" if name.isprintable() else ""  # Layer refuses it, showing it escaped
        if not isinstance(feeders, list) or not all(isinstance(f, str) and f in layers for f in feeders):
            raise ValueError(f"{where}: inputs must name earlier layers, got {describe(feeders)}")
        if tied_to is not None and not (isinstance(tied_to, str) and tied_to in layers):
            raise ValueError(f"{where}: tied_to must name an earlier layer, got {describe(tied_to)}")
        if not isinstance(units, list) or entry.get("size") != len(units):
            # before anything is made: a file cannot ask for more units than it names
            raise ValueError(f"{where}: the size must be the number of unit names listed, got size "
                             f"{describe(entry.get('size'))} and units {describe(units)}")
        try:
            layer = Layer(len(units), [layers[f] for f in feeders], name, layers[tied_to] if tied_to else None)
        except (TypeError, ValueError) as error:
            raise ValueError(f"{where}: {error}") from None
        if units != unit_names(name, layer.size):
            raise ValueError(f"{where}: the unit names do not match the layer's name and size")
        layers[name] = layer
        if not layer.is_input:
            weights[name] = (entry.get("biases"), entry.get("weights"))  # type: ignore[assignment]
    recurrent = check_recurrence(data.get("recurrent"), list(layers.values())) if "recurrent" in data else None
    network = from_layers(list(layers.values()))
    put_weights(network.layers, weights)
    if recurrent is not None:
        network.recurrent, network.output_units = recurrent, read_units(network.layers, recurrent)
    return network


def check_recurrence(entry: Any, layers: List[Layer]) -> Recurrence:
    """The "recurrent" entry, checked: four whole numbers (and the steps read, a list) that give
    exactly the layers of the file."""
    fields = Recurrence._fields
    given = sorted(entry) if isinstance(entry, dict) else []
    if given not in (sorted(fields), sorted(fields[:4])) or not all(type(entry[field]) is int for field in fields[:4]):
        raise ValueError(f'"recurrent" must give {", ".join(fields[:4])} as whole numbers (and read_at, the steps '
                         f"read), got {describe(entry)}")
    mismatch = ValueError(f'"recurrent" says {describe(entry)}, but the layers are not those of that unrolled net')
    units, steps, inputs = entry["units"], entry["steps"], entry["inputs"]
    layer_count = 1 + steps * (2 if inputs else 1)  # s0, then per step a state layer (and an input layer)
    if min(units, steps) > 0 and inputs >= 0 and (len(layers) != layer_count or layers[0].size != units):
        raise mismatch  # before building the unrolled net: a file must not make us build a million layers
    try:
        expected, recurrence = unrolled(**entry)
    except (TypeError, ValueError) as error:
        raise ValueError(f'"recurrent": {error}') from None
    shape = [(x.name, x.size, [f.name for f in x.feeders], x.tied_to and x.tied_to.name) for x in expected]
    if shape != [(x.name, x.size, [f.name for f in x.feeders], x.tied_to and x.tied_to.name) for x in layers]:
        raise mismatch
    return recurrence


def put_weights(layers: List[Layer], weights: Weights) -> None:
    """Put the file's biases and weights into the built layers' neurons, checking every count and number."""
    for position, layer in enumerate(layers):
        if layer.is_input:
            continue
        where = f"layer {position} ({layer.name})"
        biases, rows = weights[str(layer.name)]
        if not isinstance(biases, list) or len(biases) != layer.size:
            raise ValueError(f"{where}: expected {layer.size} biases, got {describe(biases)}")
        if not isinstance(rows, list) or len(rows) != layer.size:
            raise ValueError(f"{where}: expected {layer.size} rows of weights, got {describe(rows)}")
        for k, (neuron, bias, row) in enumerate(zip(layer.neurons, biases, rows)):
            if not isinstance(row, list) or len(row) != len(layer.feeding_units):
                raise ValueError(f"{where}: unit {neuron.name} needs {plural(len(layer.feeding_units), 'weight')}, "
                                 f"got {describe(row)}")
            w = numbers(row + [bias], len(row) + 1, f"{where}: unit {neuron.name}")  # the bias last, as in w
            if layer.tied_to is not None and w != layer.tied_to.neurons[k].w:
                twin = layer.tied_to.neurons[k]
                raise ValueError(f"{where}: unit {neuron.name} is tied to {twin.name} but its weights differ")
            neuron.w[:] = w


def numbers(values: Any, count: int, where: str, what: str = "a weight") -> List[float]:
    """``count`` finite numbers from a file, as floats; anything else is refused, saying where."""
    if not isinstance(values, list) or len(values) != count:
        raise ValueError(f"{where}: expected a list of {count} numbers, got {describe(values)}")
    floats = []
    for value in values:
        number = file_number(value)
        if math.isnan(number):
            raise ValueError(f"{where} has {what} that is not a finite number: {describe(value)}")
        floats.append(number)
    return floats


def file_number(value: Any) -> float:
    """A finite number from a file (a JSON int or float, not a bool) as a float; NaN for anything else (the
    JSON reader takes Infinity and NaN too, and an int of 400 digits is no float)."""
    if type(value) not in (int, float):
        return math.nan
    try:
        number = float(value)
    except OverflowError:
        return math.nan
    return number if math.isfinite(number) else math.nan
