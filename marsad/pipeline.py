"""The coding engine: Article → Doc → Mentions → Candidates → Events (merged into units).

    >>> from marsad.pipeline import Extractor
    >>> events = Extractor.default().extract(article)

Each stage is its own module and pure; ``Extractor`` only holds the loaded resources.
"""

from __future__ import annotations

import datetime as dt
import gc
from functools import cache

from marsad import __version__
from marsad.actors import ActorLexicon, ActorMention, resolve_actor
from marsad.assemble import Candidate, assemble, loosen
from marsad.geo import Gazetteer
from marsad.mentions import MentionFinder, build_matchers
from marsad.model import Article, Event, Span
from marsad.resources.cache import cached, resource_key_parts
from marsad.text.doc import Doc
from marsad.text.matcher import PhraseMatcher
from marsad.units import merge_units

LEXICON_VERSION = "lex2"
EXTRACTOR_VERSION = f"{__version__}+{LEXICON_VERSION}"
# Texts longer than this are not news reports (dumps, feeds pasted whole): no events.
MAX_TEXT_CHARS = 200_000
# The code the compiled matcher is built by: an edit to any invalidates the cached one.
MATCHER_SOURCES = (
    "marsad.text.normalize", "marsad.text.doc", "marsad.text.matcher", "marsad.mentions",
    "marsad.geo", "marsad.actors", "marsad.triggers",
)


class Extractor:
    """Loaded lexicons and gazetteer; ``extract`` codes one article."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        actors: ActorLexicon,
        matchers: tuple[PhraseMatcher, PhraseMatcher] | None = None,
    ) -> None:
        self.finder = MentionFinder(gazetteer, actors, matchers)

    @classmethod
    @cache
    def default(cls) -> Extractor:
        """The packaged lexicons and gazetteer; the compiled matcher comes from the on-disk
        cache when an entry built from the same resource files and code exists."""
        gazetteer, actors = Gazetteer.default(), ActorLexicon.default()
        matchers = cached(
            ["mention-matchers", EXTRACTOR_VERSION, *resource_key_parts(*MATCHER_SOURCES)],
            lambda: build_matchers(gazetteer, actors),
        )
        extractor = cls(gazetteer, actors, matchers)
        # The lexicons are some 10^5 objects that live as long as the process: moved out
        # of the collector's reach, they are not traversed again by every full collection.
        gc.freeze()
        return extractor

    def extract(self, article: Article, keep_unlocated: bool = False) -> list[Event]:
        text = article.text
        if not text or len(text) > MAX_TEXT_CHARS or not _has_arabic(text):
            return []
        published = article.published or dt.date.today()
        doc = Doc(text)
        mentions = self.finder.find(doc, published)
        candidates = assemble(doc, mentions, published, keep_unlocated)
        events = [to_event(doc, article.id, c) for c in candidates]
        placed = [e for e, c in zip(events, candidates, strict=True) if _placed(e, c)]
        supporting = [e for e, c in zip(events, candidates, strict=True) if c.supporting]
        result, orphans = merge_units(placed, supporting)
        if keep_unlocated:
            alone = {id(e) for e in orphans}
            for event, cand in zip(events, candidates, strict=True):
                if id(event) in alone:
                    loosen(cand)  # a lead no later sentence placed: a detection only
                    event = to_event(doc, article.id, cand)
                if not _placed(event, cand):
                    result.append(event)
        for e in result:
            e.event_id = e.make_id()
        return result


def _placed(event: Event, c: Candidate) -> bool:
    return not c.loose and event.located and bool(event.event_date)


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text[:5000])


def to_event(doc: Doc, article_id: str, c: Candidate) -> Event:
    country = c.country
    actor1, inter1 = _actor(c.agent, country)
    actor2, inter2 = _actor(c.target, country)
    if actor2 == actor1:
        actor2, inter2 = "", None
    event = Event(
        article_id=article_id,
        event_type=c.event_type,
        sub_event_type=c.sub_event_type,
        event_date=c.date.isoformat() if c.date else None,
        time_precision=c.time_precision if c.date else None,
        country=country,
        actor1=actor1,
        actor2=actor2,
        inter1=inter1,
        inter2=inter2,
        fatalities=c.fatalities,
        evidence=c.evidence.text if c.evidence else "",
        evidence_span=c.evidence,
        extractor_version=EXTRACTOR_VERSION,
        event_id="-",
    )
    _locate(event, doc, c)
    spans: dict[str, Span] = {"trigger": doc.token_span(c.trigger.first, c.trigger.end)}
    for name, mention in (("actor1", c.agent), ("actor2", c.target)):
        if mention is not None and (actor1 if name == "actor1" else actor2):
            spans[name] = doc.token_span(mention.first, mention.end)
    if c.place is not None:
        spans["location"] = doc.token_span(c.place.first, c.place.end)
    if c.date_span:
        spans["date"] = doc.token_span(*c.date_span)
    if c.fatality_span:
        spans["fatalities"] = doc.token_span(*c.fatality_span)
    if c.source is not None:
        spans["source"] = c.source
        event.source = c.source.text
    event.spans = spans
    return event


def _actor(mention: ActorMention | None, country: str) -> tuple[str, int | None]:
    if mention is None:
        return "", None
    name, inter = resolve_actor(mention, country or "Unknown")
    return name, inter


def _locate(event: Event, doc: Doc, c: Candidate) -> None:
    if c.place is None:
        if event.country and not c.loose:
            event.geo_precision = 3
        return
    place = c.place.place
    event.country = place.country or event.country
    event.latitude, event.longitude = place.latitude, place.longitude
    if place.kind == "country":
        event.geo_precision = 3
        return
    event.admin1 = place.admin1
    event.admin2 = place.admin2
    event.location = place.name
    event.location_ar = c.place.name_ar
    event.geo_precision = 3 if place.kind == "admin1" else c.place.precision
