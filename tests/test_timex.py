"""Time expressions resolved against the publication day (marsad.text.timex).

Publication days are fixed; 2018-04-06 is a Friday. Sentences marked "ANT" are quoted
from the ANT Corpus (https://antcorpus.github.io).
"""

from __future__ import annotations

import datetime as dt

import pytest

from marsad.text.doc import Doc
from marsad.text.timex import TimeMention, find_times

FRIDAY = dt.date(2018, 4, 6)
WEDNESDAY = dt.date(2018, 6, 20)


def times(text: str, published: dt.date = FRIDAY) -> list[tuple[str, str, int, str]]:
    """(original text, ISO date, precision, kind) of each mention."""
    doc = Doc(text)
    return [
        (doc.token_span(m.first, m.end).text, m.date.isoformat(), m.precision, m.kind)
        for m in find_times(doc, published)
    ]


def only(text: str, published: dt.date = FRIDAY) -> tuple[str, str, int, str]:
    found = times(text, published)
    assert len(found) == 1, found
    return found[0]


# --- weekdays -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("قصف الجمعة", "2018-04-06"),  # the publication day itself
        ("قصف الخميس", "2018-04-05"),
        ("قصف الأربعاء", "2018-04-04"),
        ("قصف الثلاثاء", "2018-04-03"),
        ("قصف الاثنين", "2018-04-02"),
        ("قصف الإثنين", "2018-04-02"),
        ("قصف الأحد", "2018-04-01"),
        ("قصف السبت", "2018-03-31"),
    ],
)
def test_weekday_is_the_latest_on_or_before_publication(text: str, date: str) -> None:
    assert only(text)[1:] == (date, 1, "weekday")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("وقع يوم الخميس", "يوم الخميس"),
        ("وقع مساء الخميس", "مساء الخميس"),
        ("وقع صباح الخميس", "صباح الخميس"),
        ("وقع فجر الخميس", "فجر الخميس"),
        ("وقع ليلة الخميس", "ليلة الخميس"),
        ("وقع ظهر الخميس", "ظهر الخميس"),
        ("وقع عصر الخميس", "عصر الخميس"),
        ("وقع منتصف ليل الخميس", "منتصف ليل الخميس"),
        ("وقع ومساء الخميس", "ومساء الخميس"),
        ("الأربعاء والخميس", "والخميس"),
    ],
)
def test_day_parts_before_a_weekday(text: str, span: str) -> None:
    assert times(text)[-1] == (span, "2018-04-05", 1, "weekday")


def test_weekday_with_a_clitic() -> None:
    assert only("والسبت شهدت المدينة") == ("والسبت", "2018-03-31", 1, "weekday")


def test_last_friday_published_on_a_friday_is_a_week_back() -> None:
    # ANT, SK-middleEast-807-20180406 (gold: 2018-03-30)
    text = "وبدأ عشرات الآلاف من الفلسطينيين يوم الجمعة الماضي، احتجاجا"
    assert only(text) == ("يوم الجمعة الماضي", "2018-03-30", 1, "weekday")


def test_past_qualifier_means_strictly_before() -> None:
    assert only("الخميس الماضي")[1] == "2018-04-05"
    assert only("السبت الفائت")[1] == "2018-03-31"
    assert only("الجمعة الماضية")[1] == "2018-03-30"


def test_next_weekday_is_returned_as_written() -> None:
    assert only("الجمعة المقبل")[1:] == ("2018-04-13", 1, "weekday")
    assert only("السبت القادم")[1] == "2018-04-07"


def test_friday_prayer_is_still_friday() -> None:
    assert only("بعد صلاة الجمعة في المسجد") == ("الجمعة", "2018-04-06", 1, "weekday")


def test_indefinite_one_is_not_sunday() -> None:
    assert times("قتل أحد المسلحين وأحد المدنيين") == []
    assert times("خميس مشيط") == []


def test_the_two_is_not_monday() -> None:
    assert times("قال إن الاثنين يعيشان في لندن") == []
    assert only("وقال الجيش الاثنين إن")[1] == "2018-04-02"


def test_night_between_two_weekdays_is_one_mention() -> None:
    # ANT, AL-internationalNews-1707-20180620 (gold: 2018-06-19)
    text = "شنت مقاتلات حربية إسرائيلية ليل الثلاثاء - الأربعاء غارات على قطاع #غزة"
    assert only(text, WEDNESDAY) == ("ليل الثلاثاء - الأربعاء", "2018-06-19", 1, "weekday")


def test_two_listed_weekdays_stay_two_mentions() -> None:
    assert [m[1] for m in times("الخميس والجمعة")] == ["2018-04-05", "2018-04-06"]


# --- relative days ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "date"),
    [
        ("قصف أمس", "أمس", "2018-04-05"),
        ("قصف الأمس", None, None),
        ("قصف بالأمس", "بالأمس", "2018-04-05"),
        ("وأمس قصفت", "وأمس", "2018-04-05"),
        ("مساء أمس", "مساء أمس", "2018-04-05"),
        ("فجر أمس", "فجر أمس", "2018-04-05"),
        ("ليلة أمس", "ليلة أمس", "2018-04-05"),
        ("أول أمس", "أول أمس", "2018-04-04"),
        ("أول من أمس", "أول من أمس", "2018-04-04"),
        ("أمس الأول", "أمس الأول", "2018-04-04"),
        ("اليوم", "اليوم", "2018-04-06"),
        ("صباح اليوم", "صباح اليوم", "2018-04-06"),
        ("الليلة الماضية", "الليلة الماضية", "2018-04-05"),
        ("منتصف الليلة الماضية", "منتصف الليلة الماضية", "2018-04-05"),
        ("قبل يومين", "قبل يومين", "2018-04-04"),
        ("قبل ثلاثة أيام", "قبل ثلاثة أيام", "2018-04-03"),
        ("قبل 5 أيام", "قبل 5 أيام", "2018-04-01"),
        ("قبل ساعات", "قبل ساعات", "2018-04-06"),
    ],
)
def test_relative_days(text: str, span: str | None, date: str | None) -> None:
    expected = [] if span is None else [(span, date, 1, "relative")]
    assert times(text) == expected


def test_today_with_its_weekday() -> None:
    assert only("أعلن اليوم الجمعة") == ("اليوم الجمعة", "2018-04-06", 1, "relative")


def test_yesterday_with_its_weekday() -> None:
    assert only("قصفت أمس الخميس") == ("أمس الخميس", "2018-04-05", 1, "relative")


def test_today_weekday_tolerates_a_utc_publication_day() -> None:
    # Published late on Thursday in UTC, early on Friday local time: "today, Friday".
    assert only("اليوم الجمعة", dt.date(2018, 4, 5))[1] == "2018-04-05"
    assert only("أمس الخميس", dt.date(2018, 4, 5))[1] == "2018-04-05"


@pytest.mark.parametrize(
    "text",
    [
        "في اليوم التالي",
        "في نفس اليوم",
        "ذلك اليوم",
        "قناة روسيا اليوم",
        "حتى اليوم",
        "يعمل أربع ساعات في اليوم",
    ],
)
def test_today_that_is_not_today(text: str) -> None:
    assert times(text) == []


def test_days_before_another_event_are_not_counted_from_publication() -> None:
    assert times("قبل يومين من الانتخابات") == []
    assert times("قبل يوم الجمعة") == [("يوم الجمعة", "2018-04-06", 1, "weekday")]


def test_a_few_days_ago_is_within_a_week() -> None:
    assert only("قبل أيام") == ("قبل أيام", "2018-04-03", 2, "relative")


# --- weeks and months ---------------------------------------------------------------------


def test_last_week_is_the_middle_of_the_previous_week() -> None:
    # Weeks run Saturday..Friday: the week before 2018-03-31..04-06 has its middle on 03-27.
    assert only("الأسبوع الماضي") == ("الأسبوع الماضي", "2018-03-27", 2, "week")
    assert only("خلال الأسبوع المنصرم")[1:] == ("2018-03-27", 2, "week")


def test_this_week_is_within_the_publication_week() -> None:
    found = only("هذا الأسبوع")
    assert found[0] == "هذا الأسبوع" and found[2:] == (2, "week")
    assert dt.date(2018, 3, 31) <= dt.date.fromisoformat(found[1]) <= FRIDAY
    assert only("الأسبوع الجاري")[1] == found[1]


def test_a_week_ago() -> None:
    assert only("قبل أسبوع") == ("قبل أسبوع", "2018-03-30", 2, "week")


def test_last_month_is_the_fifteenth_of_the_previous_month() -> None:
    assert only("الشهر الماضي") == ("الشهر الماضي", "2018-03-15", 3, "month")
    assert only("الشهر الماضي", dt.date(2018, 1, 3))[1] == "2017-12-15"


def test_this_month_never_lies_after_publication() -> None:
    assert only("هذا الشهر")[1:] == ("2018-04-06", 3, "month")
    assert only("الشهر الجاري", dt.date(2018, 4, 20))[1] == "2018-04-15"


# --- explicit dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "date"),
    [
        ("في 15 مارس", "15 مارس", "2018-03-15"),
        ("في 15 مايو", "15 مايو", "2017-05-15"),  # not after publication: last year's
        ("في 9 أبريل نيسان", "9 أبريل نيسان", "2017-04-09"),
        ("في 5 نيسان/أبريل", "5 نيسان/أبريل", "2018-04-05"),
        ("في 13 تشرين الثاني نوفمبر", "13 تشرين الثاني نوفمبر", "2017-11-13"),
        ("في 2 كانون الثاني", "2 كانون الثاني", "2018-01-02"),
        ("في 1 آذار", "1 آذار", "2018-03-01"),
        ("في 3 جانفي", "3 جانفي", "2018-01-03"),
        ("في 20 فيفري", "20 فيفري", "2018-02-20"),
        ("في 20 يناير 2018", "20 يناير 2018", "2018-01-20"),
        ("في 25 مارس عام 2015", "25 مارس عام 2015", "2015-03-25"),
        ("في 18 من مارس", "18 من مارس", "2018-03-18"),
        ("في التاسع من أبريل", "التاسع من أبريل", "2017-04-09"),
        ("في الأول من أبريل", "الأول من أبريل", "2018-04-01"),
        ("في الحادي عشر من مارس", "الحادي عشر من مارس", "2018-03-11"),
        ("في الحادي والعشرين من شباط فبراير", "الحادي والعشرين من شباط فبراير",
         "2018-02-21"),
        ("في 2018/02/17", "2018/02/17", "2018-02-17"),
        ("في 17-02-2018", "17-02-2018", "2018-02-17"),
        ("في 17/2/2018", "17/2/2018", "2018-02-17"),
        ("في 17.02.2018", "17.02.2018", "2018-02-17"),
        ("في ٢٠١٨/٠٢/١٧", "٢٠١٨/٠٢/١٧", "2018-02-17"),
        ("يوم 15 من الشهر الجاري", "يوم 15 من الشهر الجاري", "2018-04-15"),
        ("العاشر من الشهر الماضي", "العاشر من الشهر الماضي", "2018-03-10"),
    ],
)
def test_explicit_dates(text: str, span: str, date: str) -> None:
    assert times(text) == [(span, date, 1, "explicit")]


def test_future_qualifier_gives_the_coming_date() -> None:
    assert only("في 2 أبريل نيسان المقبل", dt.date(2018, 3, 20))[1] == "2018-04-02"
    assert only("حتى 15 مايو المقبل")[1] == "2018-05-15"


def test_a_weekday_beside_a_date_is_one_mention() -> None:
    assert times("يوم السبت 31 مارس") == [("يوم السبت 31 مارس", "2018-03-31", 1, "explicit")]
    assert times("الأحد الموافق 1 نيسان") == [
        ("الأحد الموافق 1 نيسان", "2018-04-01", 1, "explicit")
    ]
    assert times("31 مارس السبت") == [("31 مارس السبت", "2018-03-31", 1, "explicit")]


def test_the_weekday_picks_the_year_of_a_date_without_one() -> None:
    # 7 April 2018 is a Saturday: a day after the UTC publication day, but the text says so.
    assert only("السبت 7 أبريل")[1] == "2018-04-07"


def test_impossible_dates_are_ignored() -> None:
    assert times("في 31 نيسان") == []
    assert times("في 2018/02/30") == []


# --- months -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "date"),
    [
        ("في مارس الماضي", "مارس الماضي", "2018-03-15"),
        ("في أبريل الماضي", "أبريل الماضي", "2017-04-15"),
        ("في آذار مارس", "آذار مارس", "2018-03-15"),
        ("كانون الثاني الماضي", "كانون الثاني الماضي", "2018-01-15"),
        ("في شهر مايو", "شهر مايو", "2017-05-15"),
        ("منذ مارس 2017", "مارس 2017", "2017-03-15"),
        ("في أبريل العام الماضي", "أبريل العام الماضي", "2017-04-15"),
        ("في أبريل الجاري", "أبريل الجاري", "2018-04-06"),
    ],
)
def test_month_names_without_a_day(text: str, span: str, date: str) -> None:
    assert times(text) == [(span, date, 3, "month")]


@pytest.mark.parametrize(
    "text",
    ["مارس الرئيس ضغوطا", "قالت تيريزا ماي", "سيارة نيسان", "أب لثلاثة أطفال", "لويجي دي مايو"],
)
def test_month_names_that_are_also_words_need_a_date_context(text: str) -> None:
    assert times(text) == []


# --- whole articles -----------------------------------------------------------------------


def test_ant_article_with_several_cues() -> None:
    # ANT, SK-middleEast-918-20180411 (gold dates: 2018-04-09 and 2018-04-07)
    text = (
        "وكانت طهران أعلنت في وقت سابق الثلاثاء أن الضربة الجوية التي استهدفت فجر الاثنين "
        "مطار التيفور العسكري قرب حمص بوسط سوريا أسفرت عن مقتل سبعة عسكريين إيرانيين.\n"
        "وكان الرئيس الأميركي هدد بتوجيه ضربة عسكرية إلى النظام السوري ردا على هجوم "
        "كيميائي مفترض استهدف السبت مدينة دوما."
    )
    found = times(text, dt.date(2018, 4, 11))
    assert found == [
        ("الثلاثاء", "2018-04-10", 1, "weekday"),
        ("فجر الاثنين", "2018-04-09", 1, "weekday"),
        ("السبت", "2018-04-07", 1, "weekday"),
    ]


def test_mentions_are_ordered_without_overlap() -> None:
    doc = Doc("قصف أمس الخميس. ثم الجمعة 6 أبريل وقبل يومين والأسبوع الماضي")
    found = find_times(doc, FRIDAY)
    assert [m.kind for m in found] == ["relative", "explicit", "relative", "week"]
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.first
    assert all(isinstance(m, TimeMention) for m in found)
