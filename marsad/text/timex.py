"""Time expressions in Arabic news, resolved against the publication day.

Rules follow the annotation guideline: a weekday is the latest such day on or before
publication (strictly before with الماضي), أمس is the day before, اليوم the publication day,
الأسبوع الماضي the middle of the previous week (precision 2), الشهر الماضي the 15th of the
previous month (precision 3). Explicit dates use MSA, Levantine and Maghrebi month names,
ordinal day words and numeric forms. Weeks run Saturday to Friday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from marsad.text.doc import Doc, scan_order
from marsad.text.normalize import normalize_string
from marsad.text.numbers import number_at

EXACT_DAY, WITHIN_WEEK, WITHIN_MONTH = 1, 2, 3


class TimeMention(NamedTuple):
    first: int  # token index in the Doc
    end: int  # token index after the last (exclusive)
    date: dt.date
    precision: int  # 1 exact day, 2 within a week (middle day), 3 within a month (the 15th)
    kind: str  # "weekday" | "relative" | "explicit" | "week" | "month"


def _n(word: str) -> str:
    return normalize_string(word)


def _forms(words: Sequence[str], clitics: Sequence[str] = ("", "و", "ف")) -> dict[str, str]:
    """Clitic-prefixed normalised forms -> the normalised base word."""
    return {c + _n(w): _n(w) for w in words for c in clitics}


_WEEKDAY_NAMES = {
    "الاثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5,
    "الأحد": 6,
}
WEEKDAYS: dict[str, int] = {
    form: weekday for name, weekday in _WEEKDAY_NAMES.items() for form in _forms([name])
}
_BARE_WEEKDAYS = frozenset(_n(name) for name in _WEEKDAY_NAMES)
# الاثنين is also "the two": not a weekday after these words.
_MONDAY = _n("الاثنين")
_NOT_MONDAY_AFTER = frozenset(_n(w) for w in (
    "بين", "كلا", "أن", "لأن", "بأن", "وأن", "إن", "هذين", "هذان", "كلتا", "كلي",
))

# Parts of a day that may stand before a weekday or أمس / اليوم (مساء الجمعة، فجر أمس).
DAY_PARTS = frozenset(_forms([
    "يوم", "مساء", "صباح", "فجر", "ليلة", "ليل", "ظهر", "ظهيرة", "عصر", "منتصف", "صبيحة",
    "ضحى", "نهار", "عشية", "مطلع", "بعيد", "قبيل",
]))
_MONTH_PREFIXES = frozenset(_forms(["شهر"]))

_PAST = frozenset(_n(w) for w in (
    "الماضي", "الماضية", "الفائت", "الفائتة", "المنصرم", "المنصرمة", "السابق", "السابقة",
))
_FUTURE = frozenset(_n(w) for w in ("المقبل", "المقبلة", "القادم", "القادمة"))
_CURRENT = frozenset(_n(w) for w in ("الجاري", "الجارية", "الحالي", "الحالية"))
_THIS = frozenset(_forms(["هذا", "هذه"]))
_CORRESPONDING = frozenset(_n(w) for w in ("الموافق", "الموافقة"))
_LAM = "ل"  # الموافق لـ
_FROM = _n("من")

_YESTERDAY = frozenset(_forms(["أمس", "بالأمس", "البارحة"], ("", "و", "ف")))
_YESTERDAY_WORD = _n("أمس")
_FIRST = frozenset(_forms(["أول"]))  # أول أمس، أول من أمس
_FIRST_AFTER = _n("الأول")  # أمس الأول
_TODAY = frozenset(_forms(["اليوم"]))
# اليوم that is not "today": اليوم التالي، في نفس اليوم، ذلك اليوم، روسيا اليوم ...
_NOT_TODAY_BEFORE = frozenset(_n(w) for w in (
    "نفس", "ذات", "ذلك", "حتى", "روسيا", "المصري", "وذلك", "لذلك", "منذ", "في", "إلى",
))
_NOT_TODAY_AFTER = frozenset(_n(w) for w in (
    "التالي", "السابق", "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع",
    "الثامن", "التاسع", "العاشر", "الأخير", "العالمي", "الوطني", "نفسه", "ذاته", "الذي",
    "الموعود", "الواحد", "الدولي", "العربي", "الدراسي",
))
_NIGHT = frozenset(_forms(["الليلة", "ليلة"]))
_LAST_NIGHT_AFTER = frozenset({*_PAST, _n("البارحة")})

_BEFORE = frozenset(_forms(["قبل"]))
_NOT_AGO_AFTER = frozenset(_n(w) for w in ("من", "على", "عن", "ذلك"))  # قبل يومين من ...
_DAY_COUNTS = {_n("يوم"): 1, _n("يوما"): 1, _n("يومين"): 2, _n("يومان"): 2}
_DAY_UNITS = frozenset(_n(w) for w in ("أيام", "يوما", "يوم"))
_FEW_DAYS = _n("أيام")
_HOURS = frozenset(_n(w) for w in ("ساعات", "ساعة", "ساعتين", "ساعتان"))
_WEEK_COUNTS = {_n("أسبوع"): 1, _n("أسبوعين"): 2, _n("أسبوعا"): 1}
_WEEK_UNITS = frozenset(_n(w) for w in ("أسابيع", "أسبوعا", "أسبوع"))
_WEEK = frozenset(_forms(["الأسبوع"]))
_MONTH_WORD = frozenset(_forms(["الشهر"]))
_YEAR_WORDS = frozenset(_forms(["عام", "العام", "لعام", "سنة", "السنة", "لسنة"], ("",)))
_THE_YEAR = _n("العام")

_MONTH_NAMES: dict[str, int] = {
    # MSA (Egyptian / Gulf)
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11,
    "ديسمبر": 12,
    # Levantine / Iraqi
    "كانون الثاني": 1, "كانون ثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5,
    "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين أول": 10,
    "تشرين الثاني": 11, "تشرين ثاني": 11, "كانون الأول": 12, "كانون أول": 12,
    # Maghrebi
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "أوت": 8,
}
# Month names that are also ordinary words (a verb, a name, a brand): alone, they need a day,
# a second month name, a year or a qualifier to be read as a month.
_AMBIGUOUS_MONTHS = frozenset(_n(w) for w in (
    "مارس", "ماي", "آب", "أوت", "نيسان", "تموز", "جوان", "أيار",
))
_MONTH_CONTEXT_BEFORE = frozenset(_forms([
    "في", "منذ", "خلال", "مطلع", "أوائل", "منتصف", "أواخر", "نهاية", "بداية", "شهر", "حتى",
    "أواسط",
]))
_NOT_MONTH_AFTER = frozenset(_n(w) for w in ("دي",))  # لويجي دي مايو (Di Maio)
MONTHS: dict[tuple[str, ...], int] = {
    tuple(_n(name).split()): month for name, month in _MONTH_NAMES.items()
}
_MONTH_FIRST_WORDS = frozenset(key[0] for key in MONTHS)

_ORDINAL_UNITS = {
    "الأول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6, "السابع": 7,
    "الثامن": 8, "التاسع": 9,
}
_ORDINAL_HEAD_UNITS = {**_ORDINAL_UNITS, "الحادي": 1}
del _ORDINAL_HEAD_UNITS["الأول"]


def _build_ordinal_days() -> dict[tuple[str, ...], int]:
    days: dict[tuple[str, ...], int] = {(_n(w),): d for w, d in _ORDINAL_UNITS.items()}
    days[(_n("العاشر"),)] = 10
    days[(_n("العشرين"),)] = 20
    days[(_n("الثلاثين"),)] = 30
    for word, unit in _ORDINAL_HEAD_UNITS.items():
        days[(_n(word), _n("عشر"))] = 10 + unit
        days[(_n(word), _n("والعشرين"))] = 20 + unit
    days[(_n("الحادي"), _n("والثلاثين"))] = 31
    return days


ORDINAL_DAYS = _build_ordinal_days()
_ORDINAL_FIRST_WORDS = frozenset(key[0] for key in ORDINAL_DAYS)
_NOT_ORDINAL_DAY_AFTER = frozenset(_forms(["الأسبوع", "الشهر", "اليوم", "العام"]))

_DATE_SEPARATORS = frozenset("/-.")
_DIGITS = frozenset("0123456789")

_TRIGGERS = frozenset().union(
    WEEKDAYS, _YESTERDAY, _FIRST, _TODAY, _NIGHT, _BEFORE, _WEEK, _MONTH_WORD, _THIS,
    _MONTH_FIRST_WORDS, _ORDINAL_FIRST_WORDS,
)

Found = tuple[int, dt.date, int, str]  # end, date, precision, kind


@dataclass(frozen=True, slots=True)
class _Ctx:
    doc: Doc
    words: list[str]
    published: dt.date


def find_times(
    doc: Doc, published: dt.date, only: Collection[int] | None = None
) -> list[TimeMention]:
    """Every date cue in ``doc`` resolved against ``published``, in text order, no overlaps;
    with ``only``, just those in the sentences of these indices.

    Dates after ``published`` are returned as written (المقبل); callers drop what they must.
    """
    words = doc.words
    sentence_of = doc.token_sentence
    ctx = _Ctx(doc, words, published)
    out: list[TimeMention] = []
    taken = 0
    for i in scan_order(doc, only):
        word = words[i]
        if i < taken or not (word in _TRIGGERS or word[0] in _DIGITS):
            continue
        sentence = doc.sentences[sentence_of[i]]
        try:
            found = _match_at(ctx, i, sentence.end_token)
        except (ValueError, OverflowError):
            continue  # a date beyond the calendar (publication near year 1 or 9999)
        if found is None:
            continue
        end, date, precision, kind = found
        first = _extend_left(words, i, max(taken, sentence.first_token), kind)
        out.append(TimeMention(first, end, date, precision, kind))
        taken = end
    return out


def _match_at(ctx: _Ctx, i: int, stop: int) -> Found | None:
    word = ctx.words[i]
    if word[0] in _DIGITS:
        return _numeric_date_at(ctx, i, stop) or _explicit_at(ctx, i, stop)
    if word in WEEKDAYS:
        return _weekday_at(ctx, i, stop)
    for match in (_explicit_at, _anchor_at, _ago_at, _week_or_month_at):
        found = match(ctx, i, stop)
        if found is not None:
            return found
    return None


def _extend_left(words: Sequence[str], first: int, floor: int, kind: str) -> int:
    """Take in the day parts before a mention (مساء الجمعة، فجر أمس، منتصف ليل ...)."""
    prefixes = _MONTH_PREFIXES if kind == "month" else DAY_PARTS
    while first > floor and words[first - 1] in prefixes:
        first -= 1
    return first


# --- weekdays and anchors ---------------------------------------------------------------


def _is_weekday(words: Sequence[str], i: int) -> bool:
    if words[i] not in WEEKDAYS:
        return False
    return not (words[i] == _MONDAY and i > 0 and words[i - 1] in _NOT_MONDAY_AFTER)


def _weekday_at(ctx: _Ctx, i: int, stop: int) -> Found | None:
    words = ctx.words
    if not _is_weekday(words, i):
        return None
    weekday = WEEKDAYS[words[i]]
    j, shift = i + 1, 0
    if j < stop and words[j] in _BARE_WEEKDAYS and WEEKDAYS[words[j]] == (weekday + 1) % 7:
        weekday, shift, j = WEEKDAYS[words[j]], -1, j + 1  # ليل الخميس الجمعة
    explicit = _explicit_after(ctx, j, stop, weekday)
    if explicit is not None:
        return explicit
    pub = ctx.published
    back = (pub.weekday() - weekday) % 7
    if j < stop and words[j] in _PAST:
        back, j = back or 7, j + 1
    elif j < stop and words[j] in _FUTURE:
        back, j = -((weekday - pub.weekday()) % 7 or 7), j + 1
    return j, pub - dt.timedelta(days=back - shift), EXACT_DAY, "weekday"


def _explicit_after(ctx: _Ctx, j: int, stop: int, weekday: int | None = None) -> Found | None:
    """An explicit date right after a weekday or anchor (السبت 7 أبريل، الموافق 8 نيسان).

    A date without a year takes the year in which it falls on ``weekday``, if one is near.
    """
    if j < stop and ctx.words[j] in _CORRESPONDING:
        j += 1
        if j < stop and ctx.words[j] == _LAM:
            j += 1
    if j >= stop:
        return None
    word = ctx.words[j]
    if word[0] in _DIGITS:
        return _numeric_date_at(ctx, j, stop) or _day_month_at(ctx, j, stop, weekday)
    if word in _ORDINAL_FIRST_WORDS:
        return _day_month_at(ctx, j, stop, weekday)
    return None


def _anchor_at(ctx: _Ctx, i: int, stop: int) -> Found | None:
    """أمس، أول أمس، اليوم، الليلة الماضية, optionally followed by a weekday or a date."""
    words = ctx.words
    word = words[i]
    nxt = words[i + 1] if i + 1 < stop else ""
    if word in _YESTERDAY:
        if nxt == _FIRST_AFTER:
            days, j = 2, i + 2
        else:
            days, j = 1, i + 1
    elif word in _FIRST and nxt == _YESTERDAY_WORD:
        days, j = 2, i + 2
    elif word in _FIRST and nxt == _FROM and i + 2 < stop and words[i + 2] == _YESTERDAY_WORD:
        days, j = 2, i + 3
    elif word in _TODAY:
        if nxt in _NOT_TODAY_AFTER or (i > 0 and words[i - 1] in _NOT_TODAY_BEFORE):
            return None
        days, j = 0, i + 1
    elif word in _NIGHT and nxt in _LAST_NIGHT_AFTER:
        days, j = 1, i + 2
    else:
        return None
    anchor = ctx.published - dt.timedelta(days=days)
    weekday = None
    if j < stop and _is_weekday(words, j):
        weekday = WEEKDAYS[words[j]]
        anchor, j = min(_nearest_weekday(anchor, weekday), ctx.published), j + 1
    explicit = _explicit_after(ctx, j, stop, weekday)
    if explicit is not None:
        return explicit
    return j, anchor, EXACT_DAY, "relative"


def _nearest_weekday(anchor: dt.date, weekday: int) -> dt.date:
    """The given weekday closest to ``anchor`` (publication times in UTC may lag a day)."""
    delta = (weekday - anchor.weekday()) % 7
    return anchor + dt.timedelta(days=delta if delta <= 3 else delta - 7)


def _ago_at(ctx: _Ctx, i: int, stop: int) -> Found | None:
    """قبل يومين، قبل ثلاثة أيام، قبل أيام، قبل أسبوع (counted back from publication)."""
    words = ctx.words
    if words[i] not in _BEFORE or i + 1 >= stop:
        return None
    j = i + 1
    word = words[j]
    precision, kind = EXACT_DAY, "relative"
    if word in _DAY_COUNTS:
        days, j = _DAY_COUNTS[word], j + 1
    elif word in _HOURS:
        days, j = 0, j + 1
    elif word == _FEW_DAYS:
        days, j, precision = 3, j + 1, WITHIN_WEEK
    elif word in _WEEK_COUNTS:
        days, j = 7 * _WEEK_COUNTS[word], j + 1
        precision, kind = WITHIN_WEEK, "week"
    else:
        read = number_at(words, j, stop)
        if read is None or read[0] >= stop:
            return None
        j, count, vague = read
        if words[j] in _DAY_UNITS and 0 < count <= 31:
            days = count
            precision = WITHIN_WEEK if vague else EXACT_DAY
        elif words[j] in _WEEK_UNITS and 0 < count <= 4:
            days, precision, kind = 7 * count, WITHIN_WEEK, "week"
        else:
            return None
        j += 1
    if j < stop and (words[j] in _NOT_AGO_AFTER or _is_weekday(words, j)
                     or words[j][0] in _DIGITS or words[j] in _ORDINAL_FIRST_WORDS):
        return None  # قبل يومين من الانتخابات، قبل يوم الجمعة: not counted from publication
    return j, ctx.published - dt.timedelta(days=days), precision, kind


def _week_or_month_at(ctx: _Ctx, i: int, stop: int) -> Found | None:
    """الأسبوع الماضي، هذا الأسبوع، الأسبوع الجاري، الشهر الماضي، هذا الشهر ..."""
    words = ctx.words
    j = i
    this = words[j] in _THIS
    if this:
        j += 1
    if j >= stop or not (words[j] in _WEEK or words[j] in _MONTH_WORD):
        return None
    is_week = words[j] in _WEEK
    qualifier = words[j + 1] if j + 1 < stop else ""
    if this:
        when, end = "current", j + 1
    elif qualifier in _PAST:
        when, end = "past", j + 2
    elif qualifier in _CURRENT:
        when, end = "current", j + 2
    elif qualifier in _FUTURE:
        when, end = "future", j + 2
    else:
        return None
    pub = ctx.published
    if is_week:
        return end, _week_middle(pub, when), WITHIN_WEEK, "week"
    year, month = _shift_month(pub.year, pub.month, {"past": -1, "current": 0, "future": 1}[when])
    return end, _month_middle(year, month, pub), WITHIN_MONTH, "month"


def _week_middle(pub: dt.date, when: str) -> dt.date:
    start = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)  # Saturday of the pub week
    if when == "past":
        return start - dt.timedelta(days=4)
    if when == "future":
        return start + dt.timedelta(days=10)
    return start + (pub - start) // 2  # this week: the middle of what has passed of it


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _month_middle(year: int, month: int, pub: dt.date) -> dt.date:
    """The 15th; in the publication month never later than publication."""
    middle = dt.date(year, month, 15)
    return min(middle, pub) if (year, month) == (pub.year, pub.month) else middle


# --- explicit dates ---------------------------------------------------------------------


def _explicit_at(ctx: _Ctx, i: int, stop: int) -> Found | None:
    found = _day_month_at(ctx, i, stop) or _month_only_at(ctx, i, stop)
    if found is None:
        return None
    end, date, precision, kind = found
    words = ctx.words
    if (kind == "explicit" and end < stop and words[end] in WEEKDAYS
            and WEEKDAYS[words[end]] == date.weekday()):
        end += 1  # 7 أبريل السبت
    return end, date, precision, kind


def _day_month_at(ctx: _Ctx, i: int, stop: int, weekday: int | None = None) -> Found | None:
    """15 مايو، 9 أبريل نيسان، التاسع من أبريل، 20 يناير 2018، 15 من الشهر الجاري."""
    words = ctx.words
    day, j = _day_at(words, i, stop)
    if day is None:
        return None
    if j < stop and words[j] == _FROM:
        j += 1
    month_read = _month_at(words, j, stop)
    if month_read is None:
        return _day_of_relative_month(ctx, day, j, stop)
    j, month = month_read
    j, year, qualifier = _year_or_qualifier(ctx, j, stop)
    date = _resolve_day(ctx.published, day, month, year, qualifier, weekday)
    if date is None:
        return None
    return j, date, EXACT_DAY, "explicit"


def _day_at(words: Sequence[str], i: int, stop: int) -> tuple[int | None, int]:
    word = words[i]
    if word[0] in _DIGITS:
        if len(word) <= 2 and word.isdigit() and word.isascii() and 1 <= int(word) <= 31:
            return int(word), i + 1
        return None, i
    if i > 0 and words[i - 1] in _NOT_ORDINAL_DAY_AFTER:
        return None, i
    for width in (2, 1):
        day = ORDINAL_DAYS.get(tuple(words[i : min(i + width, stop)]))
        if day is not None and i + width <= stop:
            return day, i + width
    return None, i


def _month_at(words: Sequence[str], j: int, stop: int) -> tuple[int, int] | None:
    """A month name at ``j`` with its optional second-calendar name (أبريل نيسان)."""
    first = _one_month_at(words, j, stop)
    if first is None:
        return None
    j, month = first
    second = _one_month_at(words, j, stop)
    if second is not None and second[1] == month:
        j = second[0]
    return j, month


def _one_month_at(words: Sequence[str], j: int, stop: int) -> tuple[int, int] | None:
    if j >= stop or words[j] not in _MONTH_FIRST_WORDS:
        return None
    if j + 1 < stop:
        month = MONTHS.get((words[j], words[j + 1]))
        if month is not None:
            return j + 2, month
    month = MONTHS.get((words[j],))
    return None if month is None else (j + 1, month)


def _year_or_qualifier(ctx: _Ctx, j: int, stop: int) -> tuple[int, int | None, str]:
    """After a month: a year (2018، عام 2018، العام الماضي) or الماضي / المقبل / الجاري."""
    words = ctx.words
    k = j
    if k < stop and words[k] == _FROM and k + 1 < stop and words[k + 1] in _YEAR_WORDS:
        k += 1
    if k < stop and words[k] in _YEAR_WORDS:
        k += 1
    if k < stop and len(words[k]) == 4 and words[k].isdigit() and words[k].isascii():
        year = int(words[k])
        if 1900 <= year <= 2100:
            k += 1
            if k < stop and words[k] in _PAST:
                k += 1  # ديسمبر 2017 الماضي
            return k, year, ""
    if k > j and words[k - 1] == _THE_YEAR and k < stop:
        by = 0 if words[k] in _CURRENT else -1 if words[k] in _PAST else 1 if (
            words[k] in _FUTURE) else None
        if by is not None:
            return k + 1, ctx.published.year + by, ""
    if j < stop and (words[j] in _PAST or words[j] in _FUTURE or words[j] in _CURRENT):
        qualifier = ("past" if words[j] in _PAST else "future" if words[j] in _FUTURE
                     else "current")
        return j + 1, None, qualifier
    return j, None, ""


def _resolve_day(
    pub: dt.date, day: int, month: int, year: int | None, qualifier: str,
    weekday: int | None = None,
) -> dt.date | None:
    """A day of a month: the given year, else the latest on or before publication
    (المقبل: the next on or after it; الجاري: the publication year). With a weekday
    named beside it, the year (of the three around publication) that fits the weekday."""
    try:
        if year is not None:
            return dt.date(year, month, day)
        if weekday is not None:
            fitting = [d for d in _dates_in_years(pub.year - 1, pub.year + 1, month, day)
                       if d.weekday() == weekday]
            if fitting:
                return min(fitting, key=lambda d: abs(d - pub))
        date = dt.date(pub.year, month, day)
        if qualifier == "future":
            return date if date >= pub else dt.date(pub.year + 1, month, day)
        if qualifier == "current" or date <= pub:
            return date
        return dt.date(pub.year - 1, month, day)
    except ValueError:
        return None  # 31 أبريل, 29 شباط of a common year


def _dates_in_years(first: int, last: int, month: int, day: int) -> list[dt.date]:
    dates = []
    for year in range(first, last + 1):
        try:
            dates.append(dt.date(year, month, day))
        except ValueError:
            continue
    return dates


def _day_of_relative_month(ctx: _Ctx, day: int, j: int, stop: int) -> Found | None:
    """15 الجاري، العاشر من الشهر الماضي."""
    words = ctx.words
    k = j + 1 if j < stop and words[j] in _MONTH_WORD else j
    if k >= stop:
        return None
    pub = ctx.published
    if words[k] in _CURRENT:
        year, month = pub.year, pub.month
    elif k > j and words[k] in _PAST:
        year, month = _shift_month(pub.year, pub.month, -1)
    elif k > j and words[k] in _FUTURE:
        year, month = _shift_month(pub.year, pub.month, 1)
    else:
        return None
    try:
        return k + 1, dt.date(year, month, day), EXACT_DAY, "explicit"
    except ValueError:
        return None


def _month_only_at(ctx: _Ctx, i: int, stop: int) -> Found | None:
    """في أبريل الماضي، مارس آذار 2018: the 15th of the month, precision 3."""
    words = ctx.words
    first = _one_month_at(words, i, stop)
    read = _month_at(words, i, stop)
    if first is None or read is None:
        return None
    j, month = read
    paired = j > first[0]
    j, year, qualifier = _year_or_qualifier(ctx, j, stop)
    has_context = (paired or year is not None or qualifier
                   or (i > 0 and words[i - 1] in _MONTH_CONTEXT_BEFORE))
    if words[i] in _AMBIGUOUS_MONTHS and first[0] == i + 1 and not has_context:
        return None
    if i > 0 and words[i - 1] in _NOT_MONTH_AFTER and not (paired or year or qualifier):
        return None
    pub = ctx.published
    if year is None:
        before = (month < pub.month) if qualifier == "past" else (month <= pub.month)
        if qualifier == "future":
            year = pub.year if month > pub.month else pub.year + 1
        elif qualifier == "current":
            year = pub.year
        else:
            year = pub.year if before else pub.year - 1
    return j, _month_middle(year, month, pub), WITHIN_MONTH, "month"


def _numeric_date_at(ctx: _Ctx, i: int, stop: int) -> Found | None:
    """2018/02/17، 17-02-2018، 17.02.2018."""
    words = ctx.words
    word = words[i]
    if "." in word:
        parts = word.split(".")
        end = i + 1
    elif i + 2 < stop and (separator := _separator(ctx.doc, i)) and (
        separator == _separator(ctx.doc, i + 1)
    ):
        parts = words[i : i + 3]
        end = i + 3
    else:
        return None
    if len(parts) != 3 or not all(p.isdigit() and p.isascii() and len(p) <= 4 for p in parts):
        return None
    a, b, c = (int(p) for p in parts)
    if len(parts[0]) == 4:
        orders = [(a, b, c)]
    elif len(parts[2]) == 4:
        orders = [(c, b, a), (c, a, b)]  # day/month/year, then month/day/year
    else:
        return None
    for year, month, day in orders:
        if 1900 <= year <= 2100:
            try:
                return end, dt.date(year, month, day), EXACT_DAY, "explicit"
            except ValueError:
                continue
    return None


def _separator(doc: Doc, i: int) -> str:
    """The date separator joining digit tokens i and i+1 (17/02، 02-2018), else ""."""
    if not (doc.words[i].isdigit() and doc.words[i + 1].isdigit()):
        return ""
    between = doc.text[doc.token_ends[i] : doc.token_starts[i + 1]].strip()
    return between if len(between) == 1 and between in _DATE_SEPARATORS else ""
