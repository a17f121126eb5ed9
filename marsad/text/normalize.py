"""Arabic normalisation for matching, with an offset map back to the original text.

Normalisation only maps one character to one character or deletes it, so every
normalised position has exactly one original position.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Diacritics (harakat, Quranic marks), tatweel and invisible format characters.
_DELETE_RANGES = [
    (0x0610, 0x061A),
    (0x061C, 0x061C),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),
    (0x0640, 0x0640),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
    (0xFEFF, 0xFEFF),
]
DELETED_CHARS = frozenset(
    chr(c) for lo, hi in _DELETE_RANGES for c in range(lo, hi + 1)
)
_DELETE_RE = re.compile(
    "[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _DELETE_RANGES) + "]"
)

_DELETE_RUN_RE = re.compile(_DELETE_RE.pattern + "+")

_CHAR_MAP = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ی": "ي",
    "ة": "ه",
    "ک": "ك",
    "_": " ",
    "\u00a0": " ",
    "\u2019": "'",
    "\u2018": "'",
    "«": '"',
    "»": '"',
    "\u201c": '"',
    "\u201d": '"',
}
for _i in range(10):
    _CHAR_MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _CHAR_MAP[chr(0x06F0 + _i)] = str(_i)  # Persian digits
for _c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _CHAR_MAP[_c] = _c.lower()
# The characters _CHAR_MAP rewrites: a text holds few of them (ة، أ، ى ...), so finding
# which occur and replacing each throughout is faster than translating every character.
_MAPPED_RE = re.compile("[" + re.escape("".join(_CHAR_MAP)) + "]")


def _map_chars(text: str) -> str:
    for char in set(_MAPPED_RE.findall(text)):
        text = text.replace(char, _CHAR_MAP[char])
    return text


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text plus the original position of each of its characters.

    Deletions are stored as runs: ``anchors[k]`` is the normalised position after the k-th
    run of deleted characters and ``shifts[k]`` how many characters were deleted up to it,
    so mapping a position back is one bisection.
    """

    original: str
    text: str
    anchors: tuple[int, ...] = ()
    shifts: tuple[int, ...] = ()

    def orig_index(self, i: int) -> int:
        if not self.anchors:
            return i
        k = bisect_right(self.anchors, i) - 1
        return i + self.shifts[k] if k >= 0 else i

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the original text."""
        if start >= end:
            pos = self.orig_index(start) if start < len(self.text) else len(self.original)
            return pos, pos
        return self.orig_index(start), self.orig_index(end - 1) + 1


def normalize_string(text: str) -> str:
    """The normalised form of a string (no offsets): for lexicon keys and look-ups."""
    return _map_chars(_DELETE_RE.sub("", text))


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for matching, keeping the way back to the original."""
    anchors: list[int] = []
    shifts: list[int] = []
    deleted = 0
    for m in _DELETE_RUN_RE.finditer(text):
        deleted += m.end() - m.start()
        anchors.append(m.end() - deleted)
        shifts.append(deleted)
    if not anchors:
        return Normalized(text, _map_chars(text))
    stripped = _DELETE_RUN_RE.sub("", text)
    return Normalized(text, _map_chars(stripped), tuple(anchors), tuple(shifts))
