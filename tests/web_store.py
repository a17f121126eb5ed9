"""A small store for the API and page tests: real article texts, hand-coded events.

The texts are ANT Corpus articles (Chouigui, Ben Khiroun, Elayeb, AJSE 2021;
https://antcorpus.github.io) from the bundled ``marsad/examples/ant-sample.jsonl.gz``. The
events are coded here by hand, with their evidence and field spans located in those
texts, so the tests know exactly which clusters the store holds, whatever the extractor
does. Two outlets report the Douma strike (one cluster, two sources, disputed fatalities).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from marsad.io import article_from_record
from marsad.model import EVENT_TYPE_OF, Article, Event, Span
from marsad.store import Store, open_store

SENTENCE_END_RE = re.compile(r"[.!؟?\n]")


@dataclass(frozen=True)
class Coding:
    word: str  # a place name to find in the text: the location span
    country: str
    admin1: str
    location: str
    latitude: float | None
    longitude: float | None
    sub_event_type: str
    actor1: str
    actor2: str
    fatalities: int
    outlet: str | None = None  # pick an article of this outlet
    not_outlet: str | None = None


DOUMA = Coding("دوما", "Syria", "Rif Dimashq", "Douma", 33.5711, 36.4028,
               "Air/drone strike", "Military Forces of Syria", "Civilians (Syria)", 40,
               outlet="BBC Arabic")
DOUMA_OTHER = Coding("دوما", "Syria", "Rif Dimashq", "Douma", 33.5711, 36.4028,
                     "Air/drone strike", "Military Forces of Syria", "Civilians (Syria)", 42,
                     not_outlet="BBC Arabic")
CODINGS = (
    Coding("غزة", "Palestine", "Gaza Strip", "Gaza City", 31.5017, 34.4668,
           "Excessive force against protesters", "Military Forces of Israel",
           "Protesters (Palestine)", 3),
    Coding("صنعاء", "Yemen", "Amanat al Asimah", "Sanaa", 15.3547, 44.2067,
           "Air/drone strike", "Military Forces of Saudi Arabia", "Civilians (Yemen)", 5),
    Coding("الحديدة", "Yemen", "Al Hudaydah", "Al Hudaydah", 14.7978, 42.9545,
           "Armed clash", "Houthis", "Military Forces of Yemen", 0),
    Coding("درعا", "Syria", "Dar'a", "Dar'a", 32.6189, 36.1021,
           "Shelling/artillery/missile attack", "Military Forces of Syria", "", 2),
    Coding("طرابلس", "Libya", "Tripoli", "Tripoli", None, None,
           "Armed clash", "Militia (Libya)", "", 1),
)


@cache
def sample_records() -> tuple[dict, ...]:
    path = resources.files("marsad").joinpath("examples", "ant-sample.jsonl.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh if line.strip())


def find_article(coding: Coding, used: set[str]) -> Article:
    for record in sample_records():
        if record["id"] in used or coding.word not in record["text"]:
            continue
        if coding.outlet and record["outlet"] != coding.outlet:
            continue
        if coding.not_outlet and record["outlet"] == coding.not_outlet:
            continue
        article = article_from_record(record)
        assert isinstance(article, Article), article
        used.add(article.id)
        return article
    raise LookupError(f"no sample article mentions {coding.word}")


def sentence_around(text: str, pos: int) -> Span:
    starts = [m.end() for m in SENTENCE_END_RE.finditer(text, 0, pos)]
    start = starts[-1] if starts else 0
    while start < pos and text[start].isspace():
        start += 1
    found = SENTENCE_END_RE.search(text, pos)
    end = found.end() if found else len(text)
    return Span(start, end, text[start:end])


def hand_event(article: Article, coding: Coding, day: str) -> Event:
    pos = article.text.index(coding.word)
    evidence = sentence_around(article.text, pos)
    located = coding.latitude is not None
    return Event(
        article_id=article.id,
        event_type=EVENT_TYPE_OF[coding.sub_event_type],
        sub_event_type=coding.sub_event_type,
        event_date=day,
        time_precision=1,
        country=coding.country,
        admin1=coding.admin1,
        location=coding.location,
        location_ar=coding.word,
        latitude=coding.latitude,
        longitude=coding.longitude,
        geo_precision=1 if located else 2,
        actor1=coding.actor1,
        actor2=coding.actor2,
        fatalities=coding.fatalities,
        evidence=evidence.text,
        evidence_span=evidence,
        spans={"location": Span(pos, pos + len(coding.word), coding.word)},
        source=article.outlet,
        extractor_version="hand-coded",
    )


def build_store(url: str | Path) -> dict[str, Article]:
    """Fill the store at ``url`` with the hand-coded events; returns the articles by role."""
    used: set[str] = set()
    articles: dict[str, Article] = {}
    douma = find_article(DOUMA, used)
    day = douma.published.isoformat()
    douma_other = find_article(DOUMA_OTHER, used)
    items = [
        (douma, [hand_event(douma, DOUMA, day)]),
        # The other outlet reports the same strike on the same day (its own figure).
        (douma_other, [hand_event(douma_other, DOUMA_OTHER, day)]),
    ]
    articles["douma"], articles["douma_other"] = douma, douma_other
    for coding in CODINGS:
        article = find_article(coding, used)
        items.append((article, [hand_event(article, coding, article.published.isoformat())]))
        articles[coding.location] = article
    with open_store(str(url)) as store:
        store.add_articles(items, extractor_version="hand-coded")
    return articles


def open_built(url: str | Path) -> Store:
    return open_store(str(url))
