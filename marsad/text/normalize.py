"""Arabic normalisation for matching, with an offset map back to the original text.

Normalisation only maps one character to one character or deletes it, so every
normalised position has exactly one original position.
"""

from __future__ import annotations

import re
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
_TABLE = str.maketrans(_CHAR_MAP)


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text plus the original position of each of its characters."""

    original: str
    text: str
    # offsets[i] is the original index of text[i]; None means the identity map.
    offsets: tuple[int, ...] | None = None

    def orig_index(self, i: int) -> int:
        return i if self.offsets is None else self.offsets[i]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span [start, end) to the original text."""
        if start >= end:
            pos = self.orig_index(start) if start < len(self.text) else len(self.original)
            return pos, pos
        return self.orig_index(start), self.orig_index(end - 1) + 1

    def original_slice(self, start: int, end: int) -> str:
        ostart, oend = self.to_original(start, end)
        return self.original[ostart:oend]


def normalize_string(text: str) -> str:
    """The normalised form of a string (no offsets): for lexicon keys and look-ups."""
    return _DELETE_RE.sub("", text).translate(_TABLE)


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for matching, keeping the way back to the original."""
    if _DELETE_RE.search(text) is None:
        return Normalized(text, text.translate(_TABLE), None)
    kept = [i for i, ch in enumerate(text) if ch not in DELETED_CHARS]
    stripped = "".join(text[i] for i in kept)
    return Normalized(text, stripped.translate(_TABLE), tuple(kept))
