"""Property tests: the text layer takes any input without raising and keeps its offsets sane.

Inputs mix random Unicode, HTML fragments, Arabic with diacritics and tatweel, Latin,
Arabic-Indic digits, emoji and very long strings.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.text.doc import Doc
from marsad.text.matcher import PhraseMatcher, longest_first, surface_span, surface_text
from marsad.text.normalize import normalize, normalize_string
from marsad.text.numbers import find_numbers
from marsad.text.timex import find_times

FRAGMENTS = (
    "<p>", "</p>", "<br/>", "&amp;", "&nbsp;", "&#1575;", '<a href="x?a=1&b=2">', "</a>",
    "قتل", "ثلاثة", "عشر", "وعشرون", "مئة", "آلاف", "عشرات", "من", "نحو", "أكثر", "عدد",
    "أمس", "اليوم", "الجمعة", "الماضي", "المقبل", "يوم", "مساء", "قبل", "يومين", "أيام",
    "الأسبوع", "الشهر", "هذا", "التاسع", "الحادي", "والعشرين", "أبريل", "نيسان", "كانون",
    "الثاني", "تشرين", "الأول", "مارس", "2018", "17", "02", "/", "-", ".", ",", "،", "؛", "؟",
    "!", "\n", " ", "  ", "بالحسكة", "للحسكة", "لـ", '"قسد"', "#قطاع_غزة", "بغداد", "للاذقية",
    "١٢", "٣٠٠", "۴۵", "1,200", "8.30", "1.5", "مليون", "ـــ", "\u064e", "\u0651", "\u0670",
    "\u200f", "\u200b", "\ufeff", "😢", "🇸🇾", "SOHR", "ISIS", "é", "e\u0301", "²", "४२",
    "ﻻ", "ﷺ", "\u0600", "\ud7ff", "\U0001f600",
)

PHRASES = ("الحسكة", "قسد", "بغداد", "غداد", "لبنان", "اللاذقية", "دير الزور", "غارة")

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS), max_size=120).map("".join),
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=5)), max_size=80
    ).map(" ".join),
)
long_texts = st.tuples(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40).map(" ".join),
    st.integers(min_value=50, max_value=400),
).map(lambda t: (t[0] + " ") * t[1])
days = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))

FAST = settings(
    max_examples=250, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
LONG = settings(
    max_examples=12, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _matcher() -> PhraseMatcher:
    matcher = PhraseMatcher()
    for phrase in PHRASES:
        matcher.add(phrase, phrase, definite=phrase == "غارة")
    matcher.add("استهدف", "stem", stem=True)
    return matcher.build()


MATCHER = _matcher()


def check_normalize(text: str) -> None:
    norm = normalize(text)
    assert norm.original == text
    assert norm.text == normalize_string(text)
    assert len(norm.text) <= len(text)
    previous = -1
    for i, ch in enumerate(norm.text):
        j = norm.orig_index(i)
        assert previous < j < len(text)
        assert normalize_string(text[j]) == ch
        previous = j


def check_doc(doc: Doc) -> None:
    text, norm_len = doc.original, len(doc.text)
    previous_end = 0
    for token in doc.tokens:
        assert previous_end <= token.start < token.end <= norm_len
        previous_end = token.end
        span = doc.token_span(token.index, token.index + 1)
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
        assert normalize_string(span.text) == token.text
    previous_end = 0
    for sentence in doc.sentences:
        assert previous_end <= sentence.start < sentence.end <= norm_len
        assert sentence.first_token < sentence.end_token <= len(doc.tokens)
        for token in doc.tokens[sentence.first_token : sentence.end_token]:
            assert token.sentence == sentence.index
            assert sentence.start <= token.start and token.end <= sentence.end
        previous_end = sentence.end
        span = doc.sentence_span(sentence.index)
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text


def check_token_ranges(doc: Doc, ranges: list[tuple[int, int]]) -> None:
    previous_end = 0
    for first, end in ranges:
        assert previous_end <= first < end <= len(doc.tokens)
        assert doc.tokens[first].sentence == doc.tokens[end - 1].sentence
        previous_end = end


def check_extractors(doc: Doc, published: dt.date) -> None:
    numbers = find_numbers(doc)
    check_token_ranges(doc, [(m.first, m.end) for m in numbers])
    assert all(isinstance(m.value, int) and m.value >= 0 for m in numbers)
    found = find_times(doc, published)
    check_token_ranges(doc, [(m.first, m.end) for m in found])
    for m in found:
        assert isinstance(m.date, dt.date)
        assert m.precision in (1, 2, 3)
        assert m.kind in ("weekday", "relative", "explicit", "week", "month")


def check_matcher(doc: Doc) -> None:
    matches = MATCHER.find(doc)
    previous_end = 0
    for m in matches:
        assert 0 <= m.first < m.end <= len(doc.tokens)
        assert m.end >= previous_end  # reported in text order of their ends
        previous_end = m.end
        span = surface_span(doc, m)
        assert 0 <= span.start < span.end <= len(doc.original)
        assert doc.original[span.start : span.end] == span.text
        assert surface_text(doc, m)
    kept = longest_first(matches)
    check_token_ranges(doc, [(m.first, m.end) for m in kept])


@FAST
@given(texts)
def test_normalize_maps_every_character_back(text: str) -> None:
    check_normalize(text)


@FAST
@given(texts)
def test_doc_offsets_are_within_bounds_and_ordered(text: str) -> None:
    check_doc(Doc(text))


@FAST
@given(texts, days)
def test_numbers_and_times_never_raise(text: str, published: dt.date) -> None:
    check_extractors(Doc(text), published)


@FAST
@given(texts)
def test_matcher_hits_map_back_to_the_original(text: str) -> None:
    check_matcher(Doc(text))


@LONG
@given(long_texts, days)
def test_very_long_texts(text: str, published: dt.date) -> None:
    check_normalize(text)
    doc = Doc(text)
    check_doc(doc)
    check_extractors(doc, published)
    check_matcher(doc)
