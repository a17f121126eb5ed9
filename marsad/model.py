"""Typed records that flow through the pipeline: Article in, Event out.

All character offsets (``start``/``end``) index the *original* article text, end exclusive.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Suicide bomb",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Chemical weapon",
    ),
    "Violence against civilians": (
        "Attack",
        "Abduction/forced disappearance",
        "Sexual violence",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Arrests",
        "Agreement",
        "Change to group/activity",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Disrupted weapons use",
        "Other",
    ),
}

EVENT_TYPE_OF: dict[str, str] = {
    sub: etype for etype, subs in EVENT_TYPES.items() for sub in subs
}

# The guideline's merge order: the highest type wins when interactions are merged.
TYPE_RANK: dict[str, int] = {
    "Battles": 6,
    "Explosions/Remote violence": 5,
    "Violence against civilians": 4,
    "Riots": 3,
    "Protests": 2,
    "Strategic developments": 1,
}


@dataclass(frozen=True, slots=True)
class Article:
    """One news report. ``published`` is the publication day the text is resolved against."""

    id: str
    text: str
    published: dt.date | None = None
    title: str = ""
    outlet: str = ""
    url: str = ""

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> Article:
        """Build from an ingest record (``id``, ``published``, ``title``, ``text``, ...).

        Raises ValueError with a readable message when a field is missing or malformed.
        """
        if not isinstance(record, dict):
            raise ValueError("article record must be a JSON object")
        text = record.get("text")
        if not isinstance(text, str):
            raise ValueError("article has no 'text' string")
        art_id = record.get("id", record.get("article_id"))
        if art_id is None or str(art_id).strip() == "":
            raise ValueError("article has no 'id'")
        return cls(
            id=str(art_id),
            text=text,
            published=parse_day(record.get("published")),
            title=str(record.get("title") or ""),
            outlet=str(record.get("outlet") or ""),
            url=str(record.get("url") or ""),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "published": self.published.isoformat() if self.published else None,
            "title": self.title,
            "outlet": self.outlet,
            "url": self.url,
            "text": self.text,
        }


def parse_day(value: Any) -> dt.date | None:
    """A publication day from 'YYYY-MM-DD', an ISO timestamp, a date, or None.

    Raises ValueError on a value that is present but not a date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"'published' is not a date: {text[:40]!r}") from None


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the original text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Span | None:
        if not d:
            return None
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))


# Who, what and when of an event record, in the order of every export and table.
EVENT_HEAD_FIELDS = (
    "event_id", "article_id", "event_type", "sub_event_type", "event_date", "time_precision",
    "country",
)

# Where an event happened, below the country.
PLACE_FIELDS = (
    "admin1", "admin2", "location", "location_ar", "latitude", "longitude", "geo_precision"
)

# Fields named exactly as in the annotation guideline, in its order.
GUIDELINE_FIELDS = (
    "event_type",
    "sub_event_type",
    "event_date",
    "time_precision",
    "country",
    "admin1",
    "location",
    "location_ar",
    "geo_precision",
    "actor1",
    "actor2",
    "fatalities",
    "evidence",
)


@dataclass(slots=True)
class Event:
    """One coded event: a day x a place x an actor pair x a type, with its evidence.

    ``evidence`` is the supporting sentence (verbatim); ``evidence_span`` locates it.
    ``spans`` maps field names (trigger, actor1, actor2, location, date, fatalities,
    source) to where the value was read in the article.
    """

    article_id: str
    event_type: str
    sub_event_type: str
    event_date: str | None
    time_precision: int | None
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    location: str = ""
    location_ar: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    actor1: str = ""
    actor2: str = ""
    inter1: int | None = None
    inter2: int | None = None
    fatalities: int = 0
    evidence: str = ""
    evidence_span: Span | None = None
    spans: dict[str, Span] = field(default_factory=dict)
    source: str = ""
    extractor_version: str = ""
    event_id: str = ""
    # the decision layer's probability that this is a real event of the report (0-1)
    confidence: float | None = None

    def __post_init__(self) -> None:
        if not self.event_id:
            self.event_id = self.make_id()

    def make_id(self) -> str:
        key = "|".join(
            str(x)
            for x in (
                self.article_id,
                self.sub_event_type,
                self.event_date,
                self.location or self.admin1 or self.country,
                self.actor1,
                self.actor2,
                self.evidence_span.start if self.evidence_span else "",
            )
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    @property
    def located(self) -> bool:
        return self.geo_precision is not None and bool(self.country)

    def to_dict(self) -> dict[str, Any]:
        d = {name: getattr(self, name) for name in _EVENT_FIELD_NAMES}
        d["evidence_span"] = self.evidence_span.to_dict() if self.evidence_span else None
        d["spans"] = {k: v.to_dict() for k, v in self.spans.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["evidence_span"] = Span.from_dict(d.get("evidence_span"))
        kw["spans"] = {k: Span.from_dict(v) for k, v in (d.get("spans") or {}).items()}
        return cls(**kw)


_EVENT_FIELD_NAMES = tuple(f.name for f in fields(Event))
