"""Property tests: the extractor takes any text and publication day without raising, and
everything it returns points back into the text it was given."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from marsad.model import EVENT_TYPE_OF, Article
from marsad.pipeline import Extractor
from tests.test_text_properties import FRAGMENTS, days

EVENT_WORDS = (
    "غارة جوية", "غارات", "اشتباكات", "قصف", "استهدفت", "هجوم انتحاري", "عبوة ناسفة",
    "تظاهر", "المتظاهرين", "اعتقلت", "حظر التجول", "اتفاق", "سيطرت", "قتل", "مقتل",
    "مدينة", "بلدة", "في", "الحسكة", "حلب", "صنعاء", "غزة", "كابول", "التحالف", "الحوثيين",
    "داعش", "قسد", "الجيش", "مسلحون", "مدنيين", "لم", "نفى", "هدد", "عام 2014", "منذ",
    "الذي", "عقب", "طائرات ورقية", "مساء الجمعة", "أمس", "12", "عشرات",
)
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(EVENT_WORDS + FRAGMENTS), max_size=150).map(" ".join),
    st.lists(st.sampled_from(EVENT_WORDS), max_size=60).map("".join),
)
SETTINGS = settings(
    max_examples=150, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
EXTRACTOR = Extractor.default()


EDGE_TEXT = "قتل 12 شخصا في غارة على مدينة حلب أمس الأسبوع الماضي يوم 15 مارس المقبل"


@SETTINGS
@given(texts, days, st.booleans())
@example(EDGE_TEXT, dt.date.min, True)
@example(EDGE_TEXT, dt.date.max, True)
@example(EDGE_TEXT, dt.date(1, 1, 2), False)
def test_extract_never_raises_and_points_into_the_text(
    text: str, published: dt.date, keep: bool
) -> None:
    events = EXTRACTOR.extract(Article("p", text, published), keep_unlocated=keep)
    for e in events:
        assert EVENT_TYPE_OF[e.sub_event_type] == e.event_type
        assert e.evidence_span is not None
        span = e.evidence_span
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text == e.evidence
        for s in e.spans.values():
            assert text[s.start : s.end] == s.text
        if e.event_date:
            day = dt.date.fromisoformat(e.event_date)
            assert day <= published
        assert e.fatalities >= 0
