"""Real reports with hand-coded events, shared by the store, export and ingest tests.

Article texts are ANT Corpus articles (Chouigui, Ben Khiroun, Elayeb, AJSE 2021;
https://antcorpus.github.io) from tests/data/ant-strikes.jsonl (see its README); their
events are coded by hand here, each with its evidence located in the text, so the tests
do not depend on the extractor: the Mogadishu car bomb of 25 March 2018 reported by Al
Arabiya (2 killed) and Sky News Arabia (3 killed), and the Houthi missiles on Jizan and
Najran the same day reported by BBC Arabic and CNN Arabic.
"""

from __future__ import annotations

import json
from pathlib import Path

from marsad.io import article_from_record
from marsad.model import EVENT_TYPE_OF, Article, Event, Span

DATA = Path(__file__).parent / "data" / "ant-strikes.jsonl"
MOGADISHU = (2.0469, 45.3182)
JIZAN = (16.8894, 42.5511)
NAJRAN = (17.4924, 44.1277)


def corpus_articles() -> dict[str, Article]:
    records = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    return {r["id"]: article_from_record(r) for r in records}


ARTICLES = corpus_articles()
AL_MOGADISHU = ARTICLES["AL-internationalNews-611-20180325"]
SKY_MOGADISHU = ARTICLES["SK-middleEast-554-20180325"]
BBC_MISSILES = ARTICLES["BB-middleEast-249-20180325"]
CNN_MISSILES = ARTICLES["CN-middleEast-393-20180327"]


def coded(
    article: Article,
    evidence: str,
    sub_event_type: str,
    location: str,
    point: tuple[float, float],
    *,
    country: str,
    admin1: str,
    location_ar: str,
    actor1: str = "",
    actor2: str = "",
    fatalities: int = 0,
    day: str = "2018-03-25",
) -> Event:
    start = article.text.index(evidence)
    place = article.text.index(location_ar, start)
    return Event(
        article_id=article.id,
        event_type=EVENT_TYPE_OF[sub_event_type],
        sub_event_type=sub_event_type,
        event_date=day,
        time_precision=1,
        country=country,
        admin1=admin1,
        location=location,
        location_ar=location_ar,
        latitude=point[0],
        longitude=point[1],
        geo_precision=1,
        actor1=actor1,
        actor2=actor2,
        inter1=3 if actor1 else None,
        fatalities=fatalities,
        evidence=evidence,
        evidence_span=Span(start, start + len(evidence), evidence),
        spans={"location": Span(place, place + len(location_ar), location_ar)},
        extractor_version="test-1",
    )


def mogadishu_events() -> dict[str, list[Event]]:
    common = dict(country="Somalia", admin1="Banadir", location_ar="مقديشو")
    return {
        AL_MOGADISHU.id: [
            coded(AL_MOGADISHU, "#سيارة_مفخخة انفجرت بالقرب من مقر البرلمان في العاصمة #مقديشو",
                  "Remote explosive/landmine/IED", "Mogadishu", MOGADISHU,
                  actor1="Unidentified Armed Group (Somalia)", actor2="Civilians (Somalia)",
                  fatalities=2, **common),
        ],
        SKY_MOGADISHU.id: [
            coded(SKY_MOGADISHU, "هز انفجار ضخم العاصمة الصومالية مقديشو، الأحد، مما أسفر عن "
                  "مقتل 3 أشخاص", "Remote explosive/landmine/IED", "Mogadishu", MOGADISHU,
                  actor1="Unidentified Armed Group (Somalia)", actor2="Civilians (Somalia)",
                  fatalities=3, **common),
        ],
    }


def missile_events() -> dict[str, list[Event]]:
    houthis = dict(country="Saudi Arabia", actor1="Houthis")
    bbc = "الحوثيين أيضا أطلقوا صواريخ على مطارات مدن أبها وجيزان ونجران"
    cnn = "الهجمات الصاروخية، من داخل الأراضي اليمنية باتجاه أراضي المملكة العربية السعودية"
    shelling = "Shelling/artillery/missile attack"
    return {
        BBC_MISSILES.id: [
            coded(BBC_MISSILES, bbc, shelling, "Jizan", JIZAN, admin1="Jazan",
                  location_ar="جيزان", **houthis),
            coded(BBC_MISSILES, bbc, shelling, "Najran", NAJRAN, admin1="Najran",
                  location_ar="نجران", **houthis),
        ],
        CNN_MISSILES.id: [
            coded(CNN_MISSILES, cnn, shelling, "Jizan", JIZAN, admin1="Jazan",
                  location_ar="جازان", **houthis),
            coded(CNN_MISSILES, cnn, shelling, "Najran", NAJRAN, admin1="Najran",
                  location_ar="نجران", **houthis),
        ],
    }


def fill(store_) -> None:
    events = mogadishu_events() | missile_events()
    items = [(article, events[article.id]) for article in ARTICLES.values()]
    results = store_.add_articles(items, extractor_version="test-1")
    assert [r.status for r in results] == ["added"] * len(items)
