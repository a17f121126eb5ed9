"""The Arabic text layer: normalisation, offsets, sentences, tokens and clitic-aware matching.

Example sentences marked "ANT" are quoted from the ANT Corpus (https://antcorpus.github.io).
"""

from __future__ import annotations

import pickle

import pytest

from marsad.text.doc import Doc
from marsad.text.matcher import PhraseMatcher, longest_first, surface_span, surface_text
from marsad.text.normalize import normalize, normalize_string

# ANT, AL-internationalNews-1-20180219 (hashtags as the outlet writes them).
HASHTAG_TEXT = (
    'أفاد مراسل "العربية" بانفجار صاروخ في مستوطنة قرب #قطاع_غزة دون حدوث إصابات.\n'
    "وأضاف المراسل بأنه تم إطلاق صفارات الإنذار في عدد من #المستوطنات_الإسرائيلية."
)
MIXED_TEXT = (
    "قُتِلَ ١٢ شخصاً وأُصيب ۴۵ آخرون في غارةٍ جوّيــــة على مدينة الرَّقَّة، "
    "بحسب #المرصد_السوري (SOHR) 😢 يوم ٢٠١٨/٠٢/١٧.\u200f"
)


# --- normalisation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أإآٱ", "اااا"),
        ("مدرسة مستشفى", "مدرسه مستشفي"),
        ("مُحَمَّدٌ", "محمد"),
        ("جوّيــــة", "جويه"),
        ("١٢٣ ۴۵۶", "123 456"),
        ("#قطاع_غزة", "#قطاع غزه"),
        ("SOHR «قسد»", 'sohr "قسد"'),
    ],
)
def test_normalize_string(raw: str, expected: str) -> None:
    assert normalize_string(raw) == expected


def test_normalize_keeps_a_map_to_every_original_character() -> None:
    norm = normalize(MIXED_TEXT)
    assert norm.text == normalize_string(MIXED_TEXT)
    for i, ch in enumerate(norm.text):
        assert normalize_string(norm.original[norm.orig_index(i)]) == ch


# --- offsets ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [HASHTAG_TEXT, MIXED_TEXT, "", "   \n ", "no arabic here"])
def test_every_token_maps_back_to_its_original_text(text: str) -> None:
    doc = Doc(text)
    for token in doc.tokens:
        span = doc.token_span(token.index, token.index + 1)
        assert text[span.start : span.end] == span.text
        assert normalize_string(span.text) == token.text


@pytest.mark.parametrize("text", [HASHTAG_TEXT, MIXED_TEXT])
def test_every_sentence_maps_back_to_its_original_text(text: str) -> None:
    doc = Doc(text)
    assert doc.sentences
    for sentence in doc.sentences:
        span = doc.sentence_span(sentence.index)
        assert text[span.start : span.end] == span.text
        assert normalize_string(span.text) == doc.sentence_texts[sentence.index]


def test_diacritics_and_tatweel_stay_inside_the_original_span() -> None:
    doc = Doc(MIXED_TEXT)
    words = [t.text for t in doc.tokens]
    assert words[:3] == ["قتل", "12", "شخصا"]
    raqqa = words.index("الرقه")
    assert doc.token_span(raqqa, raqqa + 1).text == "الرَّقَّة"
    # A span ends at its last letter: a final mark (قُتِلَ) stays outside, inner ones inside.
    assert doc.token_span(0, 1).text == "قُتِل"
    assert doc.token_span(1, 2).text == "١٢"
    jawwiya = words.index("جويه")
    assert doc.token_span(jawwiya, jawwiya + 1).text == "جوّيــــة"


def test_hashtag_words_become_separate_tokens() -> None:
    doc = Doc(HASHTAG_TEXT)
    words = [t.text for t in doc.tokens]
    i = words.index("قطاع")
    assert words[i + 1] == "غزه"
    assert doc.token_span(i, i + 2).text == "قطاع_غزة"


def test_digits_split_from_an_attached_word() -> None:
    doc = Doc("قتل 14شخصا")
    assert [t.text for t in doc.tokens] == ["قتل", "14", "شخصا"]
    assert doc.token_span(1, 2).text == "14"


def test_numbers_keep_their_separators() -> None:
    doc = Doc("نزح 1,200 شخص عند الساعة 8.30")
    assert [t.text for t in doc.tokens] == ["نزح", "1,200", "شخص", "عند", "الساعه", "8.30"]


# --- sentences ----------------------------------------------------------------------------


def test_sentences_split_on_stops_question_marks_semicolons_and_newlines() -> None:
    doc = Doc("قصف الطيران البلدة. هل انتهت الحرب؟ لا؛ تستمر المعارك!\nوقتل ثلاثة")
    assert doc.sentence_texts == [
        "قصف الطيران البلده.",
        "هل انتهت الحرب؟",
        "لا؛",
        "تستمر المعارك!",
        "وقتل ثلاثه",
    ]


def test_sentences_do_not_split_on_arabic_comma_or_decimal_point() -> None:
    doc = Doc("بدأ القصف عند الساعة 8.30 صباحا، واستمر ساعتين، ثم توقف")
    assert len(doc.sentences) == 1
    assert doc.tokens[-1].sentence == 0


def test_tokens_know_their_sentence() -> None:
    doc = Doc("جملة أولى. جملة ثانية")
    assert [t.sentence for t in doc.tokens] == [0, 0, 1, 1]
    second = doc.sentences[1]
    assert (second.first_token, second.end_token) == (2, 4)


# --- matcher ------------------------------------------------------------------------------


def _matcher(*phrases: str, definite: bool = False) -> PhraseMatcher:
    matcher = PhraseMatcher()
    for phrase in phrases:
        matcher.add(phrase, phrase, definite=definite)
    return matcher.build()


def _surfaces(matcher: PhraseMatcher, text: str) -> list[tuple[str, str]]:
    doc = Doc(text)
    return [(m.payload, surface_text(doc, m)) for m in matcher.find(doc)]


@pytest.mark.parametrize(
    "text",
    ["بمدينة الحسكة", "وبالحسكة", "للحسكة", "في الحسكة", "والحسكة", "فالحسكة", "كالحسكة"],
)
def test_clitics_are_stripped_from_the_surface(text: str) -> None:
    assert _surfaces(_matcher("الحسكة"), text) == [("الحسكة", "الحسكة")]


def test_clitic_before_quotes_and_tatweel() -> None:
    assert _surfaces(_matcher("قسد"), 'هجوم لـ"قسد" على القرية') == [("قسد", "قسد")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بغداد", "بغداد"),
        ("وبغداد", "بغداد"),
        ("لبغداد", "بغداد"),
        ("للبنان", "لبنان"),
        ("بلبنان", "لبنان"),
        ("لكابول", "كابول"),
        ("وفلسطين", "فلسطين"),
        ("لفلسطين", "فلسطين"),
    ],
)
def test_names_beginning_with_a_clitic_letter_still_match(text: str, expected: str) -> None:
    matcher = _matcher("بغداد", "لبنان", "كابول", "فلسطين")
    assert _surfaces(matcher, text) == [(expected, expected)]


def test_a_word_that_is_a_phrase_is_not_also_clitic_plus_another_phrase() -> None:
    matcher = _matcher("بغداد", "غداد")
    assert _surfaces(matcher, "بغداد") == [("بغداد", "بغداد")]
    assert _surfaces(matcher, "وبغداد") == [("بغداد", "بغداد")]
    assert _surfaces(matcher, "غداد") == [("غداد", "غداد")]


def test_contracted_lam_article_restores_the_article() -> None:
    matcher = _matcher("اللاذقية", "الرقة")
    assert _surfaces(matcher, "للاذقية") == [("اللاذقية", "اللاذقية")]
    assert _surfaces(matcher, "وللرقة") == [("الرقة", "الرقة")]
    assert _surfaces(matcher, "لِلرَّقَّة") == [("الرقة", "الرَّقَّة")]


def test_definite_phrases_accept_the_article_and_its_contraction() -> None:
    matcher = _matcher("غارة", definite=True)
    assert _surfaces(matcher, "غارة") == [("غارة", "غارة")]
    assert _surfaces(matcher, "والغارة") == [("غارة", "الغارة")]
    assert _surfaces(matcher, "للغارة") == [("غارة", "الغارة")]


def test_definite_multiword_phrase_with_a_contracted_article() -> None:
    matcher = _matcher("ضربة جوية", definite=True)
    assert _surfaces(matcher, "للضربة الجوية") == [("ضربة جوية", "الضربة الجوية")]
    assert _surfaces(matcher, "والضربة الجوية") == [("ضربة جوية", "الضربة الجوية")]


def test_surface_span_points_into_the_original_text() -> None:
    text = "قصف وبالحسكة"
    doc = Doc(text)
    (m,) = _matcher("الحسكة").find(doc)
    span = surface_span(doc, m)
    assert (span.start, span.end, span.text) == (6, 12, "الحسكة")
    assert text[span.start : span.end] == span.text


def test_whole_words_only() -> None:
    matcher = _matcher("نجران")
    assert _surfaces(matcher, "نجرانية") == []
    assert _surfaces(matcher, "منجران") == []


def test_stem_phrases_take_suffixes() -> None:
    matcher = PhraseMatcher()
    matcher.add("استهدف", "target", stem=True)
    doc = Doc("واستهدفت الطائرات")
    (m,) = matcher.find(doc)
    assert (m.first, m.end, m.clitic) == (0, 1, "و")
    assert surface_text(doc, m) == "استهدفت"


def test_multiword_phrases_and_longest_first() -> None:
    matcher = _matcher("دير الزور", "الزور", "ريف دير الزور")
    doc = Doc("في ريف دير الزور الشرقي")
    found = longest_first(matcher.find(doc))
    assert [(m.payload, m.first, m.end) for m in found] == [("ريف دير الزور", 1, 4)]


def test_every_payload_of_a_phrase_is_reported() -> None:
    matcher = PhraseMatcher()
    matcher.add("حماة", "city")
    matcher.add("حماه", "province")
    assert sorted(m.payload for m in matcher.find(Doc("في حماة"))) == ["city", "province"]


def test_empty_matcher_finds_nothing() -> None:
    assert PhraseMatcher().find(Doc("نص عربي")) == []
    assert PhraseMatcher().last_end(Doc("نص عربي")) is None


def test_last_end_is_the_token_after_the_last_phrase() -> None:
    matcher = PhraseMatcher()
    matcher.add("غارة", "strike")
    matcher.add("غارة جوية", "air strike")
    doc = Doc("شنت الطائرات غارة على البلدة ثم غارة جوية أخرى.")
    assert matcher.last_end(doc) == max(m.end for m in matcher.find(doc)) == 8
    assert matcher.last_end(Doc("لا شيء هنا")) is None


def test_matcher_survives_pickling() -> None:
    matcher = pickle.loads(pickle.dumps(_matcher("الحسكة")))
    assert _surfaces(matcher, "وبالحسكة") == [("الحسكة", "الحسكة")]


def test_matches_map_back_through_diacritics() -> None:
    text = "غارةٌ على مدينةِ الحَسَكَة"
    doc = Doc(text)
    (m,) = _matcher("الحسكة").find(doc)
    span = surface_span(doc, m)
    assert span.text == "الحَسَكَة" == text[span.start : span.end]
