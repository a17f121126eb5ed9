"""Cardinal numbers in Arabic text: digits, number words, compounds and vague quantities.

``find_numbers`` scans ``Doc.words`` (normalised forms) and returns each quantity with its
token range, its value, whether an approximator (نحو، أكثر من ...) stands in front of it and
whether it is a vague word (عشرات = 12 ...). Number words are table data built through
``normalize_string``; a parse starts only at a token found in those tables or at digits.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from marsad.text.doc import Doc, scan_order
from marsad.text.normalize import normalize_string


class NumberMention(NamedTuple):
    first: int  # token index in the Doc
    end: int  # token index after the last (exclusive)
    value: int
    approximate: bool  # an approximator (نحو، أكثر من ...) precedes, or تقريبا follows
    vague: bool  # a vague quantity word (عدد من، بضعة، عشرات، مئات، آلاف)


# Atom kinds of the number grammar.
UNIT = "unit"  # 1..10
TEEN_HEAD = "teen_head"  # أحد / اثنا: only before عشر
TEN = "ten"  # 20..90
HUNDRED = "hundred"  # 100..900
SCALE = "scale"  # ألف، مليون، مليار (singular; multiplies the group before it)
SCALE_DUAL = "scale_dual"  # ألفان، مليونان: a standalone 2 x scale
SCALE_PLURAL = "scale_plural"  # آلاف، ملايين: multiplies 3..10; alone it is vague
VAGUE = "vague"
TEEN = "teen"  # kind after a unit/teen head has taken its عشر

_UNIT_WORDS = {
    1: ("واحد", "واحدة", "واحدا"),
    2: ("اثنان", "اثنين", "اثنتان", "اثنتين"),
    3: ("ثلاث", "ثلاثة"),
    4: ("أربع", "أربعة"),
    5: ("خمس", "خمسة"),
    6: ("ست", "ستة"),
    7: ("سبع", "سبعة"),
    8: ("ثمان", "ثماني", "ثمانية"),
    9: ("تسع", "تسعة"),
    10: ("عشر", "عشرة"),
}
_TEEN_HEADS = {1: ("أحد", "إحدى"), 2: ("اثنا", "اثني", "اثنتا", "اثنتي")}
_TEEN_TAIL_WORDS = ("عشر", "عشرة")
_TEN_STEMS = {
    20: "عشر", 30: "ثلاث", 40: "أربع", 50: "خمس", 60: "ست", 70: "سبع", 80: "ثمان", 90: "تسع",
}
_HUNDRED_WORDS = {100: ("مئة", "مائة"), 200: ("مئتان", "مئتين", "مائتان", "مائتين", "مئتا",
                                              "مائتا", "مئتي", "مائتي")}
_HUNDRED_STEMS = {3: ("ثلاث",), 4: ("أربع",), 5: ("خمس",), 6: ("ست",), 7: ("سبع",),
                  8: ("ثمان", "ثماني"), 9: ("تسع",)}
_SCALE_WORDS = {
    1_000: (("ألف", "ألفا"), ("ألفان", "ألفين", "ألفي"), ("آلاف",)),
    1_000_000: (("مليون", "مليونا"), ("مليونان", "مليونين", "مليوني"), ("ملايين",)),
    1_000_000_000: (("مليار", "مليارا"), ("ملياران", "مليارين", "ملياري"), ("مليارات",)),
}
# Standalone "ألفا" / "مليونا" is the construct dual (ألفا شخص = 2000); after a number it is
# the accusative singular (عشرون ألفا = 20,000).
_ACCUSATIVE_SCALES = ("ألفا", "مليونا", "مليارا")
# Vague quantities (guideline: عدد من = 3, عشرات = 12, مئات = 100); آلاف is a scale word
# that reads as 1000 when nothing multiplies it.
_VAGUE_WORDS = {"بضع": 3, "بضعة": 3, "عشرات": 12, "مئات": 100}
_DEFINITE_VAGUE = {"العشرات": 12, "المئات": 100, "الآلاف": 1000}
_SOME = (normalize_string("بضع"), normalize_string("بضعة"))
_VAGUE_BEFORE_MIN = {"عدد": 3, "عددا": 3, "العديد": 3}  # only when من follows
_MIN = "من"

_APPROXIMATORS = (
    "نحو", "قرابة", "حوالي", "حوالى", "زهاء", "يقارب", "ما يقارب", "ما يقرب من",
    "أكثر من", "أزيد من", "أقل من", "ما يزيد على", "ما يزيد عن", "يزيد على", "يزيد عن",
    "ما لا يقل عن", "لا يقل عن", "ما يناهز", "يناهز", "ما يربو على", "يربو على",
)
_APPROXIMATE_AFTER = normalize_string("تقريبا")

# Duals that name a count of people; kept to nouns whose dual cannot be read as a plural.
_DUAL_NOUNS = (
    "قتيلين", "قتيلان", "جنديين", "جنديان", "شخصين", "شخصان", "طفلين", "طفلان",
    "رجلين", "رجلان", "امرأتين", "امرأتان", "شابين", "شابان", "جريحين", "جريحان",
    "عنصرين", "عنصران",
)

# Proclitics a number may carry when it opens a mention (وخمسة، بثلاثة، لعشرات).
_OPENING_CLITICS = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")
# Clitic readings that are ordinary words (لست = "I am not", وست = "West" in names).
_CLITIC_COLLISIONS = frozenset(
    normalize_string(w) for w in ("لست", "فلست", "ولست", "بست", "وست")
)
# Ordinal heads before عشر (الثاني عشر = twelfth): that عشر is not the number ten.
_ORDINAL_HEADS = frozenset(normalize_string(w) for w in (
    "الحادي", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع",
    "الحادية", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة",
    "التاسعة",
))

Atom = tuple[str, int]


def _n(word: str) -> str:
    return normalize_string(word)


def _build_atoms() -> dict[str, Atom]:
    atoms: dict[str, Atom] = {}
    for value, words in _UNIT_WORDS.items():
        for w in words:
            atoms[_n(w)] = (UNIT, value)
    for value, words in _TEEN_HEADS.items():
        for w in words:
            atoms[_n(w)] = (TEEN_HEAD, value)
    for value, stem in _TEN_STEMS.items():
        atoms[_n(stem + "ون")] = (TEN, value)
        atoms[_n(stem + "ين")] = (TEN, value)
    atoms[_n("ثمانون")] = atoms[_n("ثمانين")] = (TEN, 80)
    for value, words in _HUNDRED_WORDS.items():
        for w in words:
            atoms[_n(w)] = (HUNDRED, value)
    for unit, stems in _HUNDRED_STEMS.items():
        for stem in stems:
            for hundred in ("مئة", "مائة"):
                atoms[_n(stem + hundred)] = (HUNDRED, unit * 100)
    for scale, (singular, dual, plural) in _SCALE_WORDS.items():
        for w in singular:
            atoms[_n(w)] = (SCALE, scale)
        for w in dual:
            atoms[_n(w)] = (SCALE_DUAL, scale)
        for w in plural:
            atoms[_n(w)] = (SCALE_PLURAL, scale)
    for w, value in _VAGUE_WORDS.items():
        atoms[_n(w)] = (VAGUE, value)
    return atoms


ATOMS: dict[str, Atom] = _build_atoms()
_TEEN_TAIL = frozenset(_n(w) for w in _TEEN_TAIL_WORDS)
_ACCUSATIVE = frozenset(_n(w) for w in _ACCUSATIVE_SCALES)
_HUNDRED_AFTER_UNIT = frozenset(_n(w) for w in ("مئة", "مائة"))
_DEFINITE_VAGUE_N = {_n(w): v for w, v in _DEFINITE_VAGUE.items()}
_VAGUE_BEFORE_MIN_N = {_n(w): v for w, v in _VAGUE_BEFORE_MIN.items()}
_DUALS = frozenset(_n(w) for w in _DUAL_NOUNS)
_TWO_WORDS = frozenset(_n(w) for w in _UNIT_WORDS[2])
# Words that may follow a number directly and multiply it (ثلاثة آلاف، 3 آلاف، عشرون ألفا).
_MULTIPLIERS = {w: a[1] for w, a in ATOMS.items() if a[0] in (SCALE, SCALE_PLURAL)}
_MULTIPLIERS.update({_n("الآلاف"): 1_000})  # عشرات الآلاف

# What may follow "و" inside a compound, by the kind of the previous atom.
_FOLLOWS = {
    UNIT: frozenset({TEN}),
    HUNDRED: frozenset({UNIT, TEEN_HEAD, TEN}),
    SCALE: frozenset({HUNDRED, UNIT, TEEN_HEAD, TEN}),
}


def _with_clitics(word: str, atom: Atom, table: dict[str, Atom]) -> None:
    for clitic in _OPENING_CLITICS:
        form = clitic + word
        if form not in _CLITIC_COLLISIONS:
            table.setdefault(form, atom)


def _build_openers() -> dict[str, Atom]:
    openers: dict[str, Atom] = {}
    for word, atom in ATOMS.items():
        _with_clitics(word, atom, openers)
    for word, value in _DEFINITE_VAGUE_N.items():
        _with_clitics(word, (VAGUE, value), openers)
        for clitic in ("", "و", "ف"):
            openers.setdefault(clitic + "لل" + word[2:], (VAGUE, value))  # للعشرات
    return openers


OPENERS: dict[str, Atom] = _build_openers()
# Continuation atoms written with their conjunction: وعشرون، ومئتان، وخمسة.
_CONJOINED = {
    "و" + w: a for w, a in ATOMS.items() if a[0] in (UNIT, TEEN_HEAD, TEN, HUNDRED)
}


def _build_vague_openers() -> dict[str, int]:
    """عدد / عددا / العديد with their clitics: a vague quantity when من follows."""
    openers: dict[str, int] = {}
    for word, value in _VAGUE_BEFORE_MIN_N.items():
        for clitic in ("", "و", "ف", "ب", "ل", "وب", "ول"):
            openers[clitic + word] = value
        if word.startswith("ال"):
            openers["لل" + word[2:]] = value
            openers["ولل" + word[2:]] = value
    return openers


_VAGUE_OPENERS = _build_vague_openers()
_DUAL_FORMS = frozenset(c + w for w in _DUALS for c in ("", "و", "ف"))
_START_WORDS = frozenset(OPENERS).union(_VAGUE_OPENERS, _DUAL_FORMS)


def _build_approximators() -> dict[str, list[tuple[str, ...]]]:
    """Approximator phrases keyed by their last word, longest first."""
    by_last: dict[str, list[tuple[str, ...]]] = {}
    for phrase in _APPROXIMATORS:
        words = _n(phrase).split()
        for clitic in ("", "و", "ب", "ل", "وب", "ول", "ف"):
            variant = (clitic + words[0], *words[1:])
            bucket = by_last.setdefault(variant[-1], [])
            if variant not in bucket:
                bucket.append(variant)
    for bucket in by_last.values():
        bucket.sort(key=len, reverse=True)
    return by_last


_APPROX_BY_LAST = _build_approximators()

_ASCII_DIGITS = frozenset("0123456789")
_MAX_DIGITS = 15  # a count with more digits is not a count (and int() limits long strings)
_THOUSANDS_SEPARATORS = (",", "\u066c")
_DECIMAL_SEPARATORS = (".", "\u066b")


def digits_value(token: str) -> Decimal | None:
    """The value of a digit token ("110", "1,200", "1.5", "١٢" already mapped), else None.

    A comma groups thousands when every group after the first has three digits, else it is
    a decimal comma; a full stop is a decimal point unless it repeats over 3-digit groups.
    """
    if token.isdigit():
        return Decimal(token) if len(token) <= _MAX_DIGITS and token.isascii() else None
    text = token.replace("\u066c", ",").replace("\u066b", ".")
    if not text.isascii():
        return None
    if "," in text and "." in text:
        whole, _, frac = text.rpartition(".")
        groups = whole.split(",")
        if "." in whole or any(len(g) != 3 for g in groups[1:]):
            return None
        text = "".join(groups) + "." + frac
    elif "," in text:
        groups = text.split(",")
        if all(len(g) == 3 for g in groups[1:]):
            text = "".join(groups)
        elif len(groups) == 2:
            text = ".".join(groups)
        else:
            return None
    elif text.count(".") > 1:
        groups = text.split(".")
        if not all(len(g) == 3 for g in groups[1:]):
            return None
        text = "".join(groups)
    if len(text) > _MAX_DIGITS + 1:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def number_at(words: Sequence[str], i: int, stop: int) -> tuple[int, int, bool] | None:
    """Read a number starting at ``words[i]``: (end index, value, vague), or None.

    ``words`` are normalised token texts; the number may not run to ``stop`` or beyond.
    """
    word = words[i]
    if word[0] in _ASCII_DIGITS:
        return _digits_at(words, i, stop)
    vague = _VAGUE_OPENERS.get(word)
    if vague is not None:
        if i + 1 < stop and words[i + 1] == _MIN:
            return i + 2, vague, True
        return None
    atom = OPENERS.get(word)
    if atom is None:
        return None
    if atom[0] in (VAGUE, SCALE_PLURAL):
        return _vague_at(words, i, stop, atom[1])
    return _compound_at(words, i, stop, atom)


def _digits_at(words: Sequence[str], i: int, stop: int) -> tuple[int, int, bool] | None:
    value = digits_value(words[i])
    if value is None:
        return None
    end = i + 1
    if end < stop and words[end] in _MULTIPLIERS:
        value *= _MULTIPLIERS[words[end]]
        end += 1
    if value != value.to_integral_value():
        return None  # 8.30, 2.5: a time or a ratio, not a count
    return end, int(value), False


def _vague_at(words: Sequence[str], i: int, stop: int, value: int) -> tuple[int, int, bool]:
    end = i + 1
    if end < stop and words[end] in _TEEN_TAIL and words[i].endswith(_SOME):
        value, end = 13, end + 1  # بضعة عشر
    elif end < stop and words[end] in _MULTIPLIERS and _MULTIPLIERS[words[end]] > value:
        value *= _MULTIPLIERS[words[end]]  # عشرات الآلاف
        end += 1
    if end < stop and words[end] == _MIN:
        end += 1  # العشرات من: the counted noun follows the mention
    return end, value, True


def _compound_at(
    words: Sequence[str], i: int, stop: int, atom: Atom
) -> tuple[int, int, bool] | None:
    total = 0  # closed groups, already multiplied by their scale
    group = 0  # the group being read (below one thousand)
    last_scale = 10**18
    kind, value = atom
    j = i + 1
    if kind in (SCALE, SCALE_DUAL):
        if kind == SCALE_DUAL or words[i] in _ACCUSATIVE:
            value *= 2
        total, last_scale, kind = value, atom[1], SCALE
    else:
        read = _read_group_atom(words, j, stop, kind, value)
        if read is None:
            return None
        j, kind, group = read
        if kind == UNIT and value == 10 and i > 0 and words[i - 1] in _ORDINAL_HEADS:
            return None  # الثاني عشر: an ordinal
    while True:
        if group and j < stop and words[j] in _MULTIPLIERS and _MULTIPLIERS[words[j]] < last_scale:
            last_scale = _MULTIPLIERS[words[j]]
            total += group * last_scale
            group, kind, j = 0, SCALE, j + 1
        allowed = _FOLLOWS.get(kind)
        if not allowed or j >= stop:
            break
        nxt, width = _conjoined_at(words, j, stop)
        if nxt is None or nxt[0] not in allowed:
            break
        read = _read_group_atom(words, j + width, stop, nxt[0], nxt[1])
        if read is None:
            break
        j, kind, added = read
        group += added
    return j, total + group, False


def _read_group_atom(
    words: Sequence[str], j: int, stop: int, kind: str, value: int
) -> tuple[int, str, int] | None:
    """Complete a unit/teen/ten/hundred atom whose word ends before ``j``.

    Returns (next index, resulting kind, value added to the group), or None.
    """
    if kind == TEEN_HEAD or (kind == UNIT and value < 10 and j < stop and words[j] in _TEEN_TAIL):
        if j < stop and words[j] in _TEEN_TAIL:
            return j + 1, TEEN, 10 + value
        return None
    if kind == UNIT and value >= 3 and j < stop and words[j] in _HUNDRED_AFTER_UNIT:
        return j + 1, HUNDRED, value * 100  # ثلاث مئة
    if kind in (UNIT, TEN, HUNDRED):
        return j, kind, value
    return None


def _conjoined_at(words: Sequence[str], j: int, stop: int) -> tuple[Atom | None, int]:
    """The atom joined by و at ``j`` ("وعشرون" or "و" "عشرون"), and the words it took."""
    atom = _CONJOINED.get(words[j])
    if atom is not None:
        return atom, 1
    if words[j] == "و" and j + 1 < stop:
        atom = ATOMS.get(words[j + 1])
        if atom is not None and atom[0] in (UNIT, TEEN_HEAD, TEN, HUNDRED):
            return atom, 2
    return None, 0


def _approximator_start(words: Sequence[str], first: int, floor: int) -> int:
    """Index where an approximator ending right before ``first`` begins (else ``first``)."""
    if first <= floor:
        return first
    for phrase in _APPROX_BY_LAST.get(words[first - 1], ()):
        start = first - len(phrase)
        if start >= floor and tuple(words[start:first]) == phrase:
            return start
    return first


def find_numbers(doc: Doc, only: Collection[int] | None = None) -> list[NumberMention]:
    """Every cardinal quantity in ``doc``, in text order, without overlaps; with ``only``,
    just those in the sentences of these indices."""
    words = doc.words
    sentences = doc.sentences
    sentence_of = doc.token_sentence
    out: list[NumberMention] = []
    taken = 0  # tokens before this index belong to an earlier mention
    for i in scan_order(doc, only):
        word = words[i]
        if i < taken:
            continue
        if not (word in _START_WORDS or word[0] in _ASCII_DIGITS):
            continue
        sentence = sentences[sentence_of[i]]
        stop = sentence.end_token
        if word in _DUAL_FORMS:
            end = i + 2 if i + 1 < stop and words[i + 1] in _TWO_WORDS else i + 1
            out.append(NumberMention(i, end, 2, False, False))
            taken = end
            continue
        read = number_at(words, i, stop)
        if read is None:
            continue
        end, value, vague = read
        first = _approximator_start(words, i, max(taken, sentence.first_token))
        approximate = first < i or _APPROXIMATE_AFTER in words[end : min(end + 2, stop)]
        out.append(NumberMention(first, end, value, approximate, vague))
        taken = end
    return out
