"""The coding engine end to end: real sentences in, guideline events out.

Sentences are quoted from the ANT Corpus v2.1 (https://antcorpus.github.io; Chouigui,
Ben Khiroun and Elayeb, AJSE 2021), cited by article id; the seed report is the bundled
example (Al-Araby Al-Jadeed, January 2022).
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import pytest

from marsad.model import EVENT_TYPE_OF, GUIDELINE_FIELDS, Article, Event
from marsad.pipeline import EXTRACTOR_VERSION, Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.default()


def code(extractor: Extractor, text: str, published: str, keep: bool = False) -> list[Event]:
    article = Article("t", text, dt.date.fromisoformat(published))
    return extractor.extract(article, keep_unlocated=keep)


# (article id, publication day, sentence, sub-event type, location, keep_unlocated)
SUB_EVENT_CASES = [
    ("AL-internationalNews-38-20180216", "2018-02-16",
     "شنت مقاتلات التحالف العربي لدعم الشرعية في اليمن، اليوم الجمعة، غارات جوية استهدفت "
     "تجمعا ومخزن أسلحة لميليشيات #الحوثي شمال غرب محافظة #حجة.",
     "Air/drone strike", "Hajjah", False),
    ("FR-internationalNews-1506-20180529", "2018-05-29",
     "أعلن الجيش الإسرائيلي أن ناشطين فلسطينيين أطلقوا قذائف هاون الثلاثاء من قطاع غزة على "
     "جنوب إسرائيل.",
     "Shelling/artillery/missile attack", "Southern Israel", False),
    ("FR-internationalNews-340-20180309", "2018-03-09",
     "أوقع هجوم انتحاري استهدف الجمعة حيا شيعيا في كابول، تسعة قتلى.",
     "Suicide bomb", "Kabul", False),
    ("AL-internationalNews-12-20180218", "2018-02-17",
     "وأصيب أربعة جنود إسرائيليين، السبت، بتفجير عبوة ناسفة قرب السياج الحدودي مع #غزة.",
     "Remote explosive/landmine/IED", "Gaza", False),
    ("FR-internationalNews-1979-20180623", "2018-06-23",
     "قتل وأصيب السبت عدد غير محدد من الأشخاص في هجوم بقنبلة يدوية على تجمع عام في وسط "
     "العاصمة الإثيوبية أديس أبابا بحضور رئيس الوزراء أبيي أحمد.",
     "Grenade", "Addis Ababa", False),
    ("BB-middleEast-315-20180409", "2018-04-09",
     '70 قتيلا على الأقل في "هجوم كيماوي" على دوما في سوريا',
     "Chemical weapon", "Douma", False),
    ("SK-middleEast-90-20180227", "2018-02-27",
     "وتخوض قوات دعم الشرعية في اليمن معارك مع المتمردين الحوثيين المدعومين من إيران في "
     "مديرية مسورة بمحافظة البيضاء على جبهتين.",
     "Armed clash", "Maswarah", False),
    ("BB-middleEast-132-20180304", "2018-03-04",
     "فقد سيطر الجيش السوري على ربع الغوطة الشرقية.",
     "Government regains territory", "Eastern Ghouta", False),
    ("BB-middleEast-629-20180617", "2018-06-17",
     "سيطر الحوثيون بشكل كلي على العاصمة صنعاء.",
     "Non-state actor overtakes territory", "Sanaa", False),
    ("AL-internationalNews-1006-20180505", "2018-05-05",
     "وخطف مسلحون يشتبه في أنهم من جماعة أبو سياف شرطيين وقرويا واحدا في قرية باتيكول "
     "الأسبوع الماضي، وطالبوا بفدية لإطلاق سراحهم.",
     "Abduction/forced disappearance", None, True),
    ("AL-internationalNews-1576-20180612", "2018-06-12",
     "وقد اغتصبت زينب فاطمة أمين البالغة من العمر ست سنوات وتم اغتيالها في كاسور بباكستان "
     "في يناير الماضي.",
     "Sexual violence", None, True),
    ("FR-internationalNews-376-20180312", "2018-03-12",
     "تظاهر عشرات آلاف الأشخاص الأحد في برشلونة.",
     "Peaceful protest", "Barcelona", False),
    ("BB-middleEast-763-20180720", "2018-07-20",
     "واستخدمت القوات الأمنية الغاز المسيل للدموع والهراوات لتفريق المحتجين في البصرة.",
     "Protest with intervention", "Basrah", False),
    ("FR-internationalNews-2350-20180717", "2018-07-17",
     "وقُتل ثلاثة محتجين أحدهم عند حقل غرب القرنة 2.",
     "Excessive force against protesters", "Al Qurnah", False),
    ("FR-internationalNews-2305-20180715", "2018-07-15",
     "واقتحم متظاهرون غاضبون مساء الجمعة مطار النجف الدولي.",
     "Violent demonstration", "Najaf", False),
    ("SK-middleEast-2140-20180604", "2018-06-04",
     'انتفض أهالي منطقة باب طبرق غربي درنة، ضد مسلحي "مجلس شورى مجاهدي درنة" التابع للقاعدة.',
     "Mob violence", None, False),
    ("BB-middleEast-29-20180212", "2018-02-12",
     "ألقت قوات الشرطة المصرية القبض على شخصين بتهمة التخطيط لتنظيم حفل موسيقي لمجموعة من "
     "المثليين جنسيا في محافظة الجيزة جنوبي القاهرة.",
     "Arrests", "Al Jizah", False),
    ("CN-middleEast-444-20180401", "2018-04-01",
     "التوصل إلى اتفاق جزئي لإخراج الجرحى من مدينة دوما.",
     "Agreement", "Douma", False),
    ("CN-middleEast-1304-20180907", "2018-09-07",
     "وفرضت قيادة العمليات العسكرية في البصرة حظر التجول.",
     "Change to group/activity", "Basrah", False),
    ("BB-middleEast-953-20180907", "2018-09-07",
     "وأنشأت تركيا 12 نقطة مراقبة في محافظة إدلب.",
     "Headquarters or base established", "Idlib", False),
    ("BB-middleEast-252-20180326", "2018-03-26",
     "عمليات نهب في عفرين على أيدي مسلحين مدعومين من تركيا.",
     "Looting/property destruction", "Afrin", False),
    ("FR-middleEast-272-20180413", "2018-04-13",
     'غادرت دفعة جديدة تضم الآلاف من مقاتلي "جيش الإسلام" والمدنيين مدينة دوما بعد منتصف '
     "ليل الخميس الجمعة.",
     "Non-violent transfer of territory", "Douma", False),
    ("BB-middleEast-654-20180624", "2018-06-24",
     "اعترضت الدفاعات الجوية السعودية، مساء الأحد، صاروخاً باليستياً فوق العاصمة الرياض.",
     "Disrupted weapons use", "Riyadh", False),
    ("BB-middleEast-540-20180527", "2018-05-27",
     "قال مسؤولون إن مهربين فتحوا النار على مجموعة من المدنيين في بلدة بني وليد الأربعاء.",
     "Attack", "Bani Walid", False),
]


@pytest.mark.parametrize(
    "article_id,published,text,sub_event,location,keep", SUB_EVENT_CASES,
    ids=[case[3] for case in SUB_EVENT_CASES],
)
def test_each_sub_event_type_on_a_real_sentence(
    extractor, article_id, published, text, sub_event, location, keep
):
    events = code(extractor, text, published, keep)
    found = [e for e in events if e.sub_event_type == sub_event]
    assert found, f"{article_id}: got {[e.sub_event_type for e in events]}"
    if location:
        assert found[0].location == location


def test_every_violent_and_protest_sub_type_is_covered():
    covered = {case[3] for case in SUB_EVENT_CASES}
    wanted = {sub for sub, etype in EVENT_TYPE_OF.items() if sub != "Other"}
    assert wanted <= covered


# --- the seed report ------------------------------------------------------------------------


def seed_article() -> tuple[Article, list[dict]]:
    raw = resources.files("marsad.examples").joinpath("sample-seed.json").read_text("utf-8")
    record = json.loads(raw)
    return Article.from_dict(record), record["gold_events"]


def test_seed_report_gives_its_four_gold_events(extractor):
    article, gold = seed_article()
    events = extractor.extract(article)
    kinds = {(e.sub_event_type, e.location) for e in events}
    for g in gold:
        assert (g["sub_event_type"], g["location"]) in kinds
    assert len(gold) / len(events) >= 0.8  # precision of the seed at least 0.8


def test_seed_air_strike_fields(extractor):
    article, _ = seed_article()
    strike = next(e for e in extractor.extract(article) if e.sub_event_type == "Air/drone strike")
    assert strike.event_date == "2022-01-21" and strike.time_precision == 1
    assert (strike.country, strike.admin1, strike.location_ar) == ("Syria", "Al-Hasakah", "الحسكة")
    assert strike.actor1 == "Global Coalition against ISIS"
    assert strike.actor2 == "Islamic State"
    assert strike.inter1 == 8 and strike.latitude and strike.longitude


def test_every_span_points_into_the_original_text(extractor):
    article, _ = seed_article()
    for event in extractor.extract(article):
        assert event.evidence_span is not None
        ev = event.evidence_span
        assert article.text[ev.start : ev.end] == ev.text == event.evidence
        for name, span in event.spans.items():
            assert article.text[span.start : span.end] == span.text, name
            assert ev.start <= span.start or name in ("location", "date", "source")


def test_event_record_carries_the_guideline_fields(extractor):
    article, _ = seed_article()
    record = extractor.extract(article)[0].to_dict()
    for name in (*GUIDELINE_FIELDS, "event_id", "inter1", "inter2", "admin2", "latitude",
                 "longitude", "source", "spans", "evidence_span", "article_id"):
        assert name in record
    assert record["extractor_version"] == EXTRACTOR_VERSION
    assert Event.from_dict(record).to_dict() == record


def test_attribution_names_who_reported(extractor):
    article, _ = seed_article()
    sources = [e.source for e in extractor.extract(article) if e.source]
    assert any("قال" in s or "أعلنت" in s for s in sources)


# --- what is not an event -------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    # negated
    "ولم تسجل هذه الانتخابات أي حادثة تذكر في مدينة الموصل.",
    # threat
    "وهدد الجيش بشن غارات جوية على مدينة إدلب الأسبوع المقبل.",
    # call
    "ودعا المبعوث الدولي إلى وقف الغارات على مدينة الحديدة.",
    # denial
    "وتنفي كل من سوريا وروسيا وقوع أي هجوم كيماوي في مدينة دوما.",
    # history, a year long past
    "وكانت مناطق الغوطة الشرقية قد تعرضت لهجوم كيميائي خطير، عام 2013.",
    # a total over a long period
    "وأسفر التمرد في ولاية بورنو عن مقتل أكثر من 30 ألف شخص منذ عام 2009.",
    # a blow in the figurative sense
    "في ما شكل ضربة لرئيسة الوزراء البريطانية تيريزا ماي في لندن الأحد.",
    "تلقت القوات السورية ضربة موجعة على يد تنظيم الدولة في دير الزور الأحد.",
    "هز اللاعب الشباك بضربة رأسية قوية أسكنها في الزاوية اليسرى من المرمى الأحد.",
    # how someone described had died
    "أكدت أنها اعتنقت الإسلام مع زوجها الذي قتل بغارة شنتها طائرات التحالف في الموصل.",
    # chemical weapons named, no attack told
    "وقال إن هناك دلائل على أن أسلحة كيماوية تحضر في إدلب.",
])
def test_statements_that_report_no_event(extractor, text):
    assert code(extractor, text, "2018-05-12") == []


def test_events_after_publication_or_older_than_30_days_are_dropped(extractor):
    text = "قتل خمسة مدنيين في غارة جوية على مدينة إدلب يوم 15 مارس."
    assert code(extractor, text, "2018-05-20") == []  # 66 days before publication
    assert code(extractor, text, "2018-03-20")  # five days before: an event


# --- fatalities, dates and units -------------------------------------------------------------


@pytest.mark.parametrize("text,deaths", [
    ("قتل 12 شخصا في قصف على مدينة عفرين الجمعة.", 12),
    ("أسفرت غارة جوية على مدينة إدلب الجمعة عن مقتل ثلاثة عشر مدنيا وإصابة 40 آخرين.", 13),
    ("قتل عشرات المدنيين في غارات جوية على مدينة دوما الجمعة.", 12),
    ("قتل شرطي في هجوم بقذائف الهاون على بلدة أبو صيدا في محافظة ديالى الجمعة.", 1),
    ("أصيب 20 شخصا في قصف مدفعي على مدينة عفرين الجمعة.", 0),  # the wounded are not deaths
    ("سقط قتلى وجرحى في غارة جوية على مدينة إدلب الجمعة.", 3),  # unnumbered plural
    # an age is not a toll; one named person is one death
    ("وقتل الطفل مجدي السطري (12 عاما) برصاص الجيش الإسرائيلي شرقي مدينة رفح الجمعة.", 1),
    # a part of the toll is not another figure for it
    ("قتل 37 شخصا على الأقل، بينهم 10 صحافيين، في غارة جوية على مدينة إدلب الجمعة.", 37),
    ("قالت الشرطة إن تفجيرات قتلت 20 شخصا في مدينة الموصل الجمعة.", 20),
])
def test_fatalities(extractor, text, deaths):
    events = code(extractor, text, "2018-03-17")
    assert [e.fatalities for e in events] == [deaths]


def test_relative_date_resolved_against_publication(extractor):
    events = code(extractor, "قصفت طائرات حربية مدينة إدلب مساء الخميس.", "2018-03-17")
    assert [(e.event_date, e.time_precision) for e in events] == [("2018-03-15", 1)]


def test_no_date_cue_gives_publication_day_within_a_week(extractor):
    events = code(extractor, "قصفت طائرات حربية مدينة إدلب.", "2018-03-17")
    assert [(e.event_date, e.time_precision) for e in events] == [("2018-03-17", 2)]


def test_a_dateless_sentence_tells_of_the_day_just_reported(extractor):
    text = ("شنت مقاتلات إسرائيلية غارات على قطاع غزة ليل الثلاثاء.\n"
            "وأوضح مصدر أمني أن طائرات حربية إسرائيلية أطلقت صواريخ على موقع في مدينة رفح.")
    events = code(extractor, text, "2018-06-20")
    assert {(e.location, e.event_date) for e in events} >= {("Rafah", "2018-06-19")}


def test_one_strike_told_twice_is_one_event(extractor):
    text = ("شنت طائرات التحالف غارات جوية على مدينة الحديدة الجمعة. "
            "وقال مصدر إن الغارات استهدفت مواقع للحوثيين في مدينة الحديدة.")
    events = code(extractor, text, "2018-03-17")
    assert [e.sub_event_type for e in events] == ["Air/drone strike"]


def test_strikes_in_two_towns_are_two_events(extractor):
    text = "دمرت طائرات التحالف عربات عسكرية للحوثيين في وادي زبيد ومديرية الجراحي الجمعة."
    events = code(extractor, text, "2018-02-27")
    assert sorted(e.location for e in events) == ["Al-Jarrahi", "Zabid"]


@pytest.mark.parametrize("text,victims", [
    # after the act: "أسفر عن مقتل ..."
    ("أسفرت غارة جوية على مدينة إدلب الجمعة عن مقتل ثلاثة عشر مدنيا.", "Civilians (Syria)"),
    # said to have died just before it
    ("وقال المرصد إن عشرات المدنيين قتلوا في غارات روسية على مدينة دوما الجمعة.",
     "Civilians (Syria)"),
    ("لقي الأحد 14 شخصا مصرعهم في هجوم انتحاري عند مدخل مطار كابول.",
     "Civilians (Afghanistan)"),
    ("وأصيب عشرات المدنيين في غارات روسية على مدينة دوما الجمعة.", "Civilians (Syria)"),
    # named before the act but not struck by it: no victims
    ("وفر المدنيون من غارات روسية على مدينة دوما الجمعة.", ""),
])
def test_victims_of_a_strike_are_its_actor2(extractor, text, victims):
    events = code(extractor, text, "2018-07-22")
    assert [e.actor2 for e in events] == [victims]


def test_lead_toll_goes_to_the_event_placed_further_on(extractor):
    # SK-internationalNews-2192-20180617 (ANT Corpus), shortened
    text = ("قالت الشرطة النيجيرية إن تفجيرات قتلت ما لا يقل عن 20 شخصا في شمال شرق نيجيريا.\n"
            "ووقعت التفجيرات في منطقة دامبوا في جنوب ولاية بورنو السبت نحو الساعة 8.30 مساء.")
    events = code(extractor, text, "2018-06-17")
    assert [(e.location, e.event_date, e.fatalities, e.actor2) for e in events] == [
        ("Dambwa", "2018-06-16", 20, "Civilians (Nigeria)")]
    assert events[0].actor1 != "Police Forces of Nigeria"  # the police only reported it


def test_lead_without_a_placed_event_is_only_a_detection(extractor):
    text = ("قالت الشرطة إن تفجيرات قتلت 20 شخصا.\n"
            "وتقع دامبوا في جنوب ولاية بورنو.")
    assert code(extractor, text, "2018-06-17") == []
    loose = code(extractor, text, "2018-06-17", keep=True)
    assert [(e.sub_event_type, e.location) for e in loose] == [
        ("Remote explosive/landmine/IED", "")]


def test_a_country_in_another_clause_does_not_place_the_act(extractor):
    # after FR-internationalNews-2453-20180722 (ANT Corpus): the exile in Turkey is background
    text = ("بعد قضائه أكثر من سنة في منفاه بتركيا، نجا عبد الرشيد دوستم الأحد من هجوم "
            "انتحاري في أفغانستان.")
    assert [e.country for e in code(extractor, text, "2018-07-22")] == ["Afghanistan"]


def test_dateline_is_where_the_report_was_filed_not_the_event(extractor):
    text = ("دبي، الإمارات العربية المتحدة (CNN)-- شنت طائرات حربية غارات على مواقع "
            "المسلحين الجمعة.")
    assert code(extractor, text, "2018-03-17") == []
    text = text.replace("الجمعة", "في مدينة إدلب الجمعة")
    assert [e.location for e in code(extractor, text, "2018-03-17")] == ["Idlib"]


def test_an_aim_is_not_an_act(extractor):
    text = "وصلت تعزيزات للجيش الأفغاني إلى مدينة فراه الثلاثاء تمهيدا لمعركة مع طالبان."
    assert code(extractor, text, "2018-05-16") == []
    text = "وقالت الشرطة إنها ألقت القبض على شخصين بتهمة التخطيط لهجوم في مدينة الجيزة الثلاثاء."
    assert [e.sub_event_type for e in code(extractor, text, "2018-05-16")] == ["Arrests"]


def test_a_place_in_a_reported_clause_after_the_act_is_not_its_place(extractor):
    text = ("أعلن مسؤول أمني اعتقال خمسة من قادة التنظيم الأحد، أن زعيم التنظيم موجود في "
            "مدينة البوكمال.")
    assert all(e.location != "Abu Kamal" for e in code(extractor, text, "2018-05-09"))


def test_part_of_a_country_places_the_event_in_it(extractor):
    events = code(extractor, "اعتقلت قوات كردية عشرة أشخاص في شمال سوريا الأربعاء.",
                  "2018-03-08")
    assert [(e.sub_event_type, e.country, e.location) for e in events] == [
        ("Arrests", "Syria", "")]


@pytest.mark.parametrize("text,sides", [
    # one side named, a state force: the other is an unidentified armed group (ACLED)
    ("اغتال مسلحون قائد شرطة قندهار في مدينة قندهار الخميس.",
     ("Unidentified Armed Group (Afghanistan)", "Police Forces of Afghanistan")),
    # a state's police and army are one side, never the two
    ("قتل شرطي وجندي في مواجهات مع الشرطة والجيش في مدينة قندهار الخميس.",
     ("Unidentified Armed Group (Afghanistan)", "Military Forces of Afghanistan")),
    ("اندلعت اشتباكات بين الجيش اليمني والحوثيين في مديرية نهم الخميس.",
     ("Military Forces of Yemen", "Houthis")),
])
def test_sides_of_a_clash(extractor, text, sides):
    events = code(extractor, text, "2018-10-20")
    assert [(e.actor1, e.actor2) for e in events] == [sides]


def test_force_met_protesters_is_one_event_with_that_force(extractor):
    # after BB-middleEast-904-20180819 (ANT Corpus)
    text = ("وخرجت الجمعة مظاهرات عند الحدود بين إسرائيل وقطاع غزة، حيث اندلعت مواجهات "
            "أسفرت عن مقتل فلسطينيين برصاص الجيش الإسرائيلي.")
    events = code(extractor, text, "2018-08-19")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Excessive force against protesters", "Protesters (Palestine)",
         "Military Forces of Israel")]
    assert events[0].fatalities > 0


def test_a_state_force_that_abducts_civilians_arrests_them(extractor):
    text = "اختطفت قوات الاحتلال الإسرائيلي ثلاثة مواطنين من مدينة الخليل الأربعاء."
    assert [e.sub_event_type for e in code(extractor, text, "2018-03-08")] == ["Arrests"]
    text = "المتشددون اختطفوا سبعة جنود في مدينة الخليل الأربعاء."
    events = code(extractor, text, "2018-03-08")
    assert [e.sub_event_type for e in events] == ["Abduction/forced disappearance"]


def test_militants_of_an_article_naming_one_armed_group_are_that_group(extractor):
    # after SK-internationalNews-2670-20180716 (ANT Corpus)
    text = ("قال الجيش النيجيري إن جماعة بوكو حرام تنشط في ولاية يوبي.\n"
            "واجتاح المتشددون مساء السبت قاعدة عسكرية في ولاية يوبي.")
    events = code(extractor, text, "2018-07-16")
    assert [e.actor1 for e in events] == ["Boko Haram"]
    text = text.replace("جماعة بوكو حرام", "الجماعات المسلحة")  # no group named: unidentified
    assert [e.actor1 for e in code(extractor, text, "2018-07-16")] == [
        "Unidentified Armed Group (Nigeria)"]


def test_shot_by_names_the_shooter(extractor):
    text = "وقتل الطفل مجدي السطري (12 عاما) برصاص الجيش الإسرائيلي شرقي مدينة رفح الجمعة."
    assert [(e.actor1, e.actor2) for e in code(extractor, text, "2018-03-17")] == [
        ("Military Forces of Israel", "Civilians (Palestine)")]


def test_clash_of_protesters_and_police_is_a_riot_with_the_rioters_first(extractor):
    text = ("واندلعت الاشتباكات بين المتظاهرين والقوات الأمنية قرب مبنى المحافظة في البصرة "
            "الجمعة، بعد مقتل متظاهر وإصابة 4 آخرين، برصاص قوات الأمن.")
    events = code(extractor, text, "2018-09-08")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Violent demonstration", "Rioters (Iraq)", "Military Forces of Iraq")]


def test_the_force_the_dead_belonged_to_is_the_target(extractor):
    text = ("قتل جنديان من الجيش الوطني الليبي وجرح آخرون، من جراء تفجير انتحاري بسيارة "
            "مفخخة استهدف بوابة الستين، جنوبي مدينة أجدابيا الأحد.")
    assert [(e.actor1, e.actor2) for e in code(extractor, text, "2018-05-22")] == [
        ("Unidentified Armed Group (Libya)", "LNA: Libyan National Army")]


def test_battle_sides_skip_allies_and_foreign_backers(extractor):
    article, _ = seed_article()
    clash = next(e for e in extractor.extract(article) if e.sub_event_type == "Armed clash")
    assert {clash.actor1, clash.actor2} == {"SDF: Syrian Democratic Forces", "Islamic State"}


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "",
    "   \n\n  ",
    "The coalition carried out air strikes on Idlib on Friday.",
    "<html><body><p>&amp;</p></body></html>",
    "غارة " * 60_000,  # longer than any news report
])
def test_empty_foreign_or_huge_text_gives_no_events(extractor, text):
    assert code(extractor, text, "2018-03-17") == []


def test_keep_unlocated_adds_only_unplaced_or_undated_detections(extractor):
    text = "وخطف مسلحون شرطيين وقرويا واحدا في قرية باتيكول الأسبوع الماضي."
    placed = code(extractor, text, "2018-05-05")
    loose = code(extractor, text, "2018-05-05", keep=True)
    assert placed == []
    assert [e.geo_precision for e in loose] == [None]
    assert loose[0].sub_event_type == "Abduction/forced disappearance"
