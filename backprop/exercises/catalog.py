"""The Korean catalog: the messages the code marks, the ``.po`` that translates them, the ``.mo`` gettext reads.

    python -m backprop.exercises.catalog          the .po brought up to date with the code, and the .mo compiled

The ``.po`` (``backprop/locale/ko/LC_MESSAGES/backprop.po``) is the source of truth and the file a
translator edits; ``messages`` finds what the code marks (the string given to ``_``, ``N_``, ``n_``
or ``Phrase``, as xgettext would), ``merged`` keeps every translation the ``.po`` has for them and
adds an empty one for each new message, and ``mo_bytes`` compiles it as ``msgfmt`` does. All of it
is the standard library only; ``tests/test_exercises_ko.py`` fails when the ``.mo`` is not what the
``.po`` compiles to, or when a marked message has no Korean.
"""

from __future__ import annotations

import ast
import os
import struct
import sys
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from ..files import write_text
from .language import DOMAIN, LOCALE

PACKAGE = os.path.dirname(LOCALE)
SOURCES = ("exercises", os.path.join("cli", "show.py"))  # under backprop/: what speaks to a learner
PO = os.path.join(LOCALE, "ko", "LC_MESSAGES", f"{DOMAIN}.po")
MO = os.path.join(LOCALE, "ko", "LC_MESSAGES", f"{DOMAIN}.mo")
MARKERS = {"_": 1, "N_": 1, "Phrase": 1, "n_": 2}  # the functions that mark a message: how many strings they take
HEADER = ("Project-Id-Version: backprop\nLanguage: ko\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
          "Content-Transfer-Encoding: 8bit\nPlural-Forms: nplurals=1; plural=0;\n")


class Entry(NamedTuple):
    """One message: its English (``msgid``, and ``plural`` for a count), its Korean, and where the code says it."""

    msgid: str
    plural: Optional[str]
    msgstr: str
    places: Tuple[str, ...] = ()


def source_files() -> List[str]:
    """The Python files whose messages are in the catalog, in a fixed order."""
    found = []
    for source in SOURCES:
        path = os.path.join(PACKAGE, source)
        if path.endswith(".py"):
            found.append(path)
            continue
        found += [os.path.join(path, name) for name in sorted(os.listdir(path)) if name.endswith(".py")]
    return found


def messages(paths: Optional[Sequence[str]] = None) -> List[Entry]:
    """Every message the code marks, in the order it first appears, with each place it is marked."""
    found: Dict[Tuple[str, Optional[str]], List[str]] = {}
    for path in source_files() if paths is None else paths:
        with open(path, encoding="utf-8") as file:
            tree = ast.parse(file.read(), path)
        for node in ast.walk(tree):
            strings = marked(node)
            if strings:
                key = (strings[0], strings[1] if len(strings) > 1 else None)
                place = f"{os.path.relpath(path, os.path.dirname(PACKAGE))}:{getattr(node, 'lineno', 0)}"
                found.setdefault(key, []).append(place.replace(os.sep, "/"))
    ordered = sorted(found.items(), key=lambda item: first_place(item[1]))
    return [Entry(msgid, plural, "", tuple(places)) for (msgid, plural), places in ordered]


def first_place(places: List[str]) -> Tuple[str, int]:
    name, line = min(places, key=lambda place: (place.rsplit(":", 1)[0], int(place.rsplit(":", 1)[1]))).rsplit(":", 1)
    return name, int(line)


def marked(node: ast.AST) -> List[str]:
    """The strings a call marks for translation (``_("...")``, ``n_("...", "...", n)``); [] for any other node."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name) or node.func.id not in MARKERS:
        return []
    count = MARKERS[node.func.id]
    strings = [arg.value for arg in node.args[:count] if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
    return strings if len(strings) == count else []


# ---- the .po file --------------------------------------------------------------------------------------------

def unquote(line: str) -> str:
    """The text of one quoted .po string: ``"a\\"b\\n"`` → ``a"b`` and a newline."""
    body = line.strip()[1:-1]
    out, k = [], 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    while k < len(body):
        if body[k] == "\\" and k + 1 < len(body):
            out.append(escapes.get(body[k + 1], body[k + 1]))
            k += 2
        else:
            out.append(body[k])
            k += 1
    return "".join(out)


def read_po(path: str = PO) -> List[Entry]:
    """The entries of a .po file (the header, msgid "", left out)."""
    entries: List[Entry] = []
    fields: Dict[str, str] = {}
    places: List[str] = []
    current = ""

    def finish() -> None:
        if fields.get("msgid"):
            msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
            entries.append(Entry(fields["msgid"], fields.get("msgid_plural"), msgstr, tuple(places)))

    with open(path, encoding="utf-8") as file:
        for line in file.read().splitlines():
            if not line.strip():
                continue
            if line.startswith(("#", "msgid ")) and any(key.startswith("msgstr") for key in fields):
                finish()
                fields, places = {}, []
            if line.startswith("#:"):
                places += line[2:].split()
            elif line.startswith('"'):
                fields[current] += unquote(line)
            elif not line.startswith("#"):
                current, _, rest = line.partition(" ")
                fields[current] = unquote(rest)
    finish()
    return entries


def quoted(text: str, width: int = 76) -> List[str]:
    """A .po string as quoted lines: one per line of the text, long lines cut after a space."""
    pieces: List[str] = []
    for line in text.splitlines(keepends=True):
        while len(line) > width and " " in line[: width]:
            cut = line.rindex(" ", 0, width) + 1
            pieces.append(line[:cut])
            line = line[cut:]
        pieces.append(line)
    escaped = ['"' + piece.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'
               for piece in pieces]
    return escaped if len(escaped) == 1 else ['""', *escaped]


def po_text(entries: Sequence[Entry]) -> str:
    """The .po file of ``entries``, with its header."""
    lines = ["# The Korean of backprop's exercises, checker and advice. Edit the msgstr lines; then run",
             "#     python -m backprop.exercises.catalog",
             "# to compile the .mo that gettext reads.",
             'msgid ""']
    first, *rest = quoted(HEADER)
    lines += ["msgstr " + first, *rest, ""]
    for entry in entries:
        files = list(dict.fromkeys(place.rsplit(":", 1)[0] for place in entry.places))  # no line numbers: no churn
        lines += [f"#: {' '.join(files)}"] if files else []
        first, *rest = quoted(entry.msgid)
        lines += ["msgid " + first, *rest]
        if entry.plural is not None:
            first, *rest = quoted(entry.plural)
            lines += ["msgid_plural " + first, *rest]
        first, *rest = quoted(entry.msgstr)
        lines += [("msgstr[0] " if entry.plural is not None else "msgstr ") + first, *rest, ""]
    return "\n".join(lines)


def merged(found: Sequence[Entry], known: Sequence[Entry]) -> List[Entry]:
    """The code's messages, each with the translation the .po has for it ('' for a new one)."""
    translations = {(entry.msgid, entry.plural): entry.msgstr for entry in known}
    return [entry._replace(msgstr=translations.get((entry.msgid, entry.plural), "")) for entry in found]


# ---- the .mo file --------------------------------------------------------------------------------------------

def mo_bytes(entries: Sequence[Entry]) -> bytes:
    """The .mo file of ``entries`` (those translated), as GNU msgfmt writes it: little-endian, no hash table."""
    table = {"": HEADER}
    for entry in entries:
        if entry.msgstr:
            key = entry.msgid if entry.plural is None else f"{entry.msgid}\0{entry.plural}"
            table[key] = entry.msgstr
    keys = sorted(table, key=lambda key: key.encode("utf-8"))
    originals = [key.encode("utf-8") for key in keys]
    translations = [table[key].encode("utf-8") for key in keys]
    start = 7 * 4 + 16 * len(keys)  # the header, then the two tables of (length, offset)
    ids = b"".join(original + b"\0" for original in originals)
    strs = b"".join(translation + b"\0" for translation in translations)
    offsets: List[int] = []
    at = start
    for original in originals:
        offsets += [len(original), at]
        at += len(original) + 1
    for translation in translations:
        offsets += [len(translation), at]
        at += len(translation) + 1
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), 28, 28 + 8 * len(keys), 0, start)
    return header + struct.pack(f"<{len(offsets)}I", *offsets) + ids + strs


def main() -> int:
    """Bring the .po up to date with the code and compile the .mo; say what is left untranslated."""
    entries = merged(messages(), read_po() if os.path.exists(PO) else [])
    os.makedirs(os.path.dirname(PO), exist_ok=True)
    write_text(PO, po_text(entries))
    with open(MO, "wb") as file:
        file.write(mo_bytes(entries))
    untranslated = [entry.msgid for entry in entries if not entry.msgstr]
    print(f"{PO}: {len(entries)} messages, {len(untranslated)} without Korean")
    for msgid in untranslated[:10]:
        print("  " + msgid[:100])
    return 1 if untranslated else 0


if __name__ == "__main__":
    sys.exit(main())
