"""How wide characters really are in the fonts the pictures are drawn with, read from the font files.

The pictures ask for "Helvetica, Arial, sans-serif"; on Debian that is Liberation Sans (Helvetica's
and Arial's metrics exactly), and a character it lacks (∂, ←) comes from DejaVu Sans. WIDTHS below
is each character's advance width in ems, read from those fonts' files by

    python tests/font_widths.py        # prints the table; paste it over WIDTHS

so that tests/test_pictures_fit.py measures the texts with the fonts' own numbers, not with the
estimate the drawing code uses (0.6 em a character): the test can then find a picture too narrow.
"""

import os
import struct
import sys
from typing import Dict, Optional

FONTS = ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CHARACTERS = ("".join(chr(c) for c in range(32, 127)) + "".join(chr(c) for c in range(0xA0, 0x180))
              + "−×·½²³Σ∂←→↑↓…✓✗εαΔθ±≤≥≈√∝°▁▂▃▄▅▆▇█─│")


def advance_widths(path: str) -> Dict[str, float]:
    """Each character of CHARACTERS that the font has, and its advance width in ems."""
    with open(path, "rb") as file:
        font = file.read()
    tables = {}
    for k in range(struct.unpack(">H", font[4:6])[0]):
        tag, _, offset, length = struct.unpack(">4sIII", font[12 + 16 * k: 28 + 16 * k])
        tables[tag.decode("latin-1")] = (offset, length)
    units_per_em = struct.unpack(">H", font[tables["head"][0] + 18: tables["head"][0] + 20])[0]
    metrics = struct.unpack(">H", font[tables["hhea"][0] + 34: tables["hhea"][0] + 36])[0]
    hmtx = tables["hmtx"][0]
    advances = [struct.unpack(">H", font[hmtx + 4 * k: hmtx + 4 * k + 2])[0] for k in range(metrics)]
    found = {}
    for character in CHARACTERS:
        glyph = glyph_of(font, tables["cmap"][0], ord(character))
        if glyph:
            found[character] = advances[min(glyph, metrics - 1)] / units_per_em
    return found


def glyph_of(font: bytes, cmap: int, code: int) -> Optional[int]:
    """The glyph of a character in the font's Unicode (format 4) character map, or None."""
    for k in range(struct.unpack(">H", font[cmap + 2: cmap + 4])[0]):
        platform, encoding, offset = struct.unpack(">HHI", font[cmap + 4 + 8 * k: cmap + 12 + 8 * k])
        table = cmap + offset
        if (platform, encoding) not in ((3, 1), (0, 3)) or struct.unpack(">H", font[table: table + 2])[0] != 4:
            continue
        segments = struct.unpack(">H", font[table + 6: table + 8])[0] // 2
        ends = table + 14
        starts = ends + 2 * segments + 2
        deltas = starts + 2 * segments
        ranges = deltas + 2 * segments
        for s in range(segments):
            end = struct.unpack(">H", font[ends + 2 * s: ends + 2 * s + 2])[0]
            if code > end:
                continue
            start = struct.unpack(">H", font[starts + 2 * s: starts + 2 * s + 2])[0]
            if code < start:
                return None
            delta = struct.unpack(">h", font[deltas + 2 * s: deltas + 2 * s + 2])[0]
            at = ranges + 2 * s
            offset = struct.unpack(">H", font[at: at + 2])[0]
            if offset == 0:
                return (code + delta) % 65536 or None
            glyph = struct.unpack(">H", font[at + offset + 2 * (code - start): at + offset + 2 * (code - start) + 2])[0]
            return (glyph + delta) % 65536 if glyph else None
    return None


def table() -> Dict[str, float]:
    """Every character's width from the first font that has it."""
    widths: Dict[str, float] = {}
    for path in reversed(FONTS):  # the first font's widths win
        widths.update(advance_widths(path))
    return widths


WIDTHS: Dict[str, float] = {  # made by `python tests/font_widths.py`
    ' ': 0.2778, '!': 0.2778, '"': 0.3550, '#': 0.5562, '$': 0.5562, '%': 0.8892, '&': 0.6670, "'": 0.1909,
    '(': 0.3330, ')': 0.3330, '*': 0.3892, '+': 0.5840, ',': 0.2778, '-': 0.3330, '.': 0.2778, '/': 0.2778,
    '0': 0.5562, '1': 0.5562, '2': 0.5562, '3': 0.5562, '4': 0.5562, '5': 0.5562, '6': 0.5562, '7': 0.5562,
    '8': 0.5562, '9': 0.5562, ':': 0.2778, ';': 0.2778, '<': 0.5840, '=': 0.5840, '>': 0.5840, '?': 0.5562,
    '@': 1.0151, 'A': 0.6670, 'B': 0.6670, 'C': 0.7222, 'D': 0.7222, 'E': 0.6670, 'F': 0.6108, 'G': 0.7778,
    'H': 0.7222, 'I': 0.2778, 'J': 0.5000, 'K': 0.6670, 'L': 0.5562, 'M': 0.8330, 'N': 0.7222, 'O': 0.7778,
    'P': 0.6670, 'Q': 0.7778, 'R': 0.7222, 'S': 0.6670, 'T': 0.6108, 'U': 0.7222, 'V': 0.6670, 'W': 0.9438,
    'X': 0.6670, 'Y': 0.6670, 'Z': 0.6108, '[': 0.2778, '\\': 0.2778, ']': 0.2778, '^': 0.4692, '_': 0.5562,
    '`': 0.3330, 'a': 0.5562, 'b': 0.5562, 'c': 0.5000, 'd': 0.5562, 'e': 0.5562, 'f': 0.2778, 'g': 0.5562,
    'h': 0.5562, 'i': 0.2222, 'j': 0.2222, 'k': 0.5000, 'l': 0.2222, 'm': 0.8330, 'n': 0.5562, 'o': 0.5562,
    'p': 0.5562, 'q': 0.5562, 'r': 0.3330, 's': 0.5000, 't': 0.2778, 'u': 0.5562, 'v': 0.5000, 'w': 0.7222,
    'x': 0.5000, 'y': 0.5000, 'z': 0.5000, '{': 0.3340, '|': 0.2598, '}': 0.3340, '~': 0.5840, '\xa0': 0.2778,
    '¡': 0.3330, '¢': 0.5562, '£': 0.5562, '¤': 0.5562, '¥': 0.5562, '¦': 0.2598, '§': 0.5562, '¨': 0.3330,
    '©': 0.7368, 'ª': 0.3701, '«': 0.5562, '¬': 0.5840, '\xad': 0.3330, '®': 0.7368, '¯': 0.5522, '°': 0.3999,
    '±': 0.5488, '²': 0.3330, '³': 0.3330, '´': 0.3330, 'µ': 0.5762, '¶': 0.5371, '·': 0.2778, '¸': 0.3330,
    '¹': 0.3330, 'º': 0.3652, '»': 0.5562, '¼': 0.8340, '½': 0.8340, '¾': 0.8340, '¿': 0.6108, 'À': 0.6670,
    'Á': 0.6670, 'Â': 0.6670, 'Ã': 0.6670, 'Ä': 0.6670, 'Å': 0.6670, 'Æ': 1.0000, 'Ç': 0.7222, 'È': 0.6670,
    'É': 0.6670, 'Ê': 0.6670, 'Ë': 0.6670, 'Ì': 0.2778, 'Í': 0.2778, 'Î': 0.2778, 'Ï': 0.2778, 'Ð': 0.7222,
    'Ñ': 0.7222, 'Ò': 0.7778, 'Ó': 0.7778, 'Ô': 0.7778, 'Õ': 0.7778, 'Ö': 0.7778, '×': 0.5840, 'Ø': 0.7778,
    'Ù': 0.7222, 'Ú': 0.7222, 'Û': 0.7222, 'Ü': 0.7222, 'Ý': 0.6670, 'Þ': 0.6670, 'ß': 0.6108, 'à': 0.5562,
    'á': 0.5562, 'â': 0.5562, 'ã': 0.5562, 'ä': 0.5562, 'å': 0.5562, 'æ': 0.8892, 'ç': 0.5000, 'è': 0.5562,
    'é': 0.5562, 'ê': 0.5562, 'ë': 0.5562, 'ì': 0.2778, 'í': 0.2778, 'î': 0.2778, 'ï': 0.2778, 'ð': 0.5562,
    'ñ': 0.5562, 'ò': 0.5562, 'ó': 0.5562, 'ô': 0.5562, 'õ': 0.5562, 'ö': 0.5562, '÷': 0.5488, 'ø': 0.6108,
    'ù': 0.5562, 'ú': 0.5562, 'û': 0.5562, 'ü': 0.5562, 'ý': 0.5000, 'þ': 0.5562, 'ÿ': 0.5000, 'Ā': 0.6670,
    'ā': 0.5562, 'Ă': 0.6670, 'ă': 0.5562, 'Ą': 0.6670, 'ą': 0.5562, 'Ć': 0.7222, 'ć': 0.5000, 'Ĉ': 0.7222,
    'ĉ': 0.5000, 'Ċ': 0.7222, 'ċ': 0.5000, 'Č': 0.7222, 'č': 0.5000, 'Ď': 0.7222, 'ď': 0.6147, 'Đ': 0.7222,
    'đ': 0.5562, 'Ē': 0.6670, 'ē': 0.5562, 'Ĕ': 0.6670, 'ĕ': 0.5562, 'Ė': 0.6670, 'ė': 0.5562, 'Ę': 0.6670,
    'ę': 0.5562, 'Ě': 0.6670, 'ě': 0.5562, 'Ĝ': 0.7778, 'ĝ': 0.5562, 'Ğ': 0.7778, 'ğ': 0.5562, 'Ġ': 0.7778,
    'ġ': 0.5562, 'Ģ': 0.7778, 'ģ': 0.5562, 'Ĥ': 0.7222, 'ĥ': 0.5562, 'Ħ': 0.7222, 'ħ': 0.5562, 'Ĩ': 0.2778,
    'ĩ': 0.2778, 'Ī': 0.2778, 'ī': 0.2778, 'Ĭ': 0.2778, 'ĭ': 0.2778, 'Į': 0.2778, 'į': 0.2222, 'İ': 0.2778,
    'ı': 0.2778, 'Ĳ': 0.7349, 'ĳ': 0.4438, 'Ĵ': 0.5000, 'ĵ': 0.2222, 'Ķ': 0.6670, 'ķ': 0.5000, 'ĸ': 0.5000,
    'Ĺ': 0.5562, 'ĺ': 0.2222, 'Ļ': 0.5562, 'ļ': 0.2222, 'Ľ': 0.5562, 'ľ': 0.2915, 'Ŀ': 0.5562, 'ŀ': 0.3340,
    'Ł': 0.5562, 'ł': 0.2222, 'Ń': 0.7222, 'ń': 0.5562, 'Ņ': 0.7222, 'ņ': 0.5562, 'Ň': 0.7222, 'ň': 0.5562,
    'ŉ': 0.6040, 'Ŋ': 0.7231, 'ŋ': 0.5562, 'Ō': 0.7778, 'ō': 0.5562, 'Ŏ': 0.7778, 'ŏ': 0.5562, 'Ő': 0.7778,
    'ő': 0.5562, 'Œ': 1.0000, 'œ': 0.9438, 'Ŕ': 0.7222, 'ŕ': 0.3330, 'Ŗ': 0.7222, 'ŗ': 0.3330, 'Ř': 0.7222,
    'ř': 0.3330, 'Ś': 0.6670, 'ś': 0.5000, 'Ŝ': 0.6670, 'ŝ': 0.5000, 'Ş': 0.6670, 'ş': 0.5000, 'Š': 0.6670,
    'š': 0.5000, 'Ţ': 0.6108, 'ţ': 0.2778, 'Ť': 0.6108, 'ť': 0.3750, 'Ŧ': 0.6108, 'ŧ': 0.2778, 'Ũ': 0.7222,
    'ũ': 0.5562, 'Ū': 0.7222, 'ū': 0.5562, 'Ŭ': 0.7222, 'ŭ': 0.5562, 'Ů': 0.7222, 'ů': 0.5562, 'Ű': 0.7222,
    'ű': 0.5562, 'Ų': 0.7222, 'ų': 0.5562, 'Ŵ': 0.9438, 'ŵ': 0.7222, 'Ŷ': 0.6670, 'ŷ': 0.5000, 'Ÿ': 0.6670,
    'Ź': 0.6108, 'ź': 0.5000, 'Ż': 0.6108, 'ż': 0.5000, 'Ž': 0.6108, 'ž': 0.5000, 'ſ': 0.2222, 'Δ': 0.6680,
    'Σ': 0.6182, 'α': 0.5781, 'ε': 0.4458, 'θ': 0.5562, '…': 1.0000, '←': 1.0000, '↑': 0.5000, '→': 1.0000,
    '↓': 0.5000, '∂': 0.4941, '−': 0.5840, '√': 0.5488, '∝': 0.7144, '≈': 0.5488, '≤': 0.5488, '≥': 0.5488,
    '─': 0.7085, '│': 0.6250, '▁': 0.7690, '▂': 0.7690, '▃': 0.7690, '▄': 0.7085, '▅': 0.7690, '▆': 0.7690,
    '▇': 0.7690, '█': 0.7085, '✓': 0.8379, '✗': 0.8379,
}

if __name__ == "__main__":
    missing = [path for path in FONTS if not os.path.exists(path)]
    if missing:
        sys.exit(f"no font at {', '.join(missing)} (apt-get install fonts-liberation fonts-dejavu-core)")
    print("WIDTHS: Dict[str, float] = {  # made by `python tests/font_widths.py`")
    print("\n".join(f"    {character!r}: {width:.4f}," for character, width in sorted(table().items())))
    print("}")
