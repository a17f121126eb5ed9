"""Pydantic models of the HTTP API: they document the OpenAPI schema and check every answer.

The shapes are those of the store records' ``to_dict()`` (``marsad.store.types``), so the
API, the exports and the CLI use the same names.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator

MAX_ID_CHARS = 200
MAX_TEXT_CHARS = 160_000  # x 6 bytes when JSON-escaped, under the 1 MB body limit


class ErrorOut(BaseModel):
    """An error: ``detail`` says what was wrong."""

    detail: str


class SpanOut(BaseModel):
    """A stretch of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


class EventOut(BaseModel):
    """One source's coded event, with the evidence sentence and the span of each field."""

    event_id: str
    article_id: str
    event_type: str
    sub_event_type: str
    event_date: str | None
    time_precision: int | None
    country: str
    admin1: str
    admin2: str
    location: str
    location_ar: str
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    actor1: str
    actor2: str
    inter1: int | None
    inter2: int | None
    fatalities: int
    evidence: str
    evidence_span: SpanOut | None
    spans: dict[str, SpanOut] = Field(
        description="where each field was read: trigger, actor1, actor2, location, date, "
        "fatalities, source"
    )
    source: str
    extractor_version: str


class ClusterOut(BaseModel):
    """A de-duplicated event (cluster): its fields chosen by rule from its member reports."""

    id: int
    event_type: str
    sub_event_type: str
    event_date: str | None
    time_precision: int | None
    country: str
    admin1: str
    admin2: str
    location: str
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    actor1: str
    actor2: str
    inter1: int | None
    inter2: int | None
    fatalities: int
    n_events: int = Field(description="member events (one per source report)")
    n_articles: int = Field(description="distinct source articles")
    outlets: list[str]
    disputed: list[str] = Field(description="fields on which the sources disagree")
    updated_at: dt.datetime | None


class EventPage(BaseModel):
    """One page of clusters matching the filters, newest first unless ``order`` says else."""

    items: list[ClusterOut]
    total: int
    limit: int
    offset: int


class ArticleRefOut(BaseModel):
    id: str
    outlet: str
    title: str
    url: str
    published: dt.date | None


class MemberOut(BaseModel):
    """One source's report of the cluster: its event (evidence, spans) and its article."""

    event: EventOut
    article: ArticleRefOut


class SourceRefOut(BaseModel):
    outlet: str
    article_id: str
    event_id: str
    url: str


class ClaimOut(BaseModel):
    """One value of a disputed field, with every source that gives it."""

    field: str
    value: Any
    sources: list[SourceRefOut]


class ClusterDetailOut(ClusterOut):
    """A cluster with every source report and the claims where the sources disagree."""

    members: list[MemberOut]
    claims: list[ClaimOut]


class ArticleOut(BaseModel):
    """A stored article with its coded events; ``cluster_of`` maps event_id to cluster id."""

    id: str
    published: dt.date | None
    title: str
    outlet: str
    url: str
    text: str
    content_hash: str
    extractor_version: str
    events: list[EventOut]
    cluster_of: dict[str, int]
    aliases: list[str]


class CountsOut(BaseModel):
    articles: int
    aliases: int
    events: int
    clusters: int


KeyCount = tuple[str, int]


class StatsOut(BaseModel):
    """Totals and breakdowns of the clusters matching the filters.

    ``by_*`` are [key, clusters] pairs: by_day in date order, the others by count. ``counts``
    is the whole store, unfiltered.
    """

    counts: CountsOut
    clusters: int
    events: int
    fatalities: int
    by_day: list[KeyCount]
    by_type: list[KeyCount]
    by_country: list[KeyCount]
    by_actor: list[KeyCount]
    by_outlet: list[KeyCount]


class AddArticleOut(BaseModel):
    """What storing a posted article did.

    ``status``: "added" (coded and stored), "exists" (this id was stored before) or
    "duplicate" (the same text is stored under ``stored_id``). ``events`` are the stored
    events of the article, ``clusters`` the clusters they joined.
    """

    article_id: str
    status: Literal["added", "exists", "duplicate", "skipped"]
    stored_id: str
    events: list[EventOut]
    clusters: list[int]


ARABIC_LETTER = "[\u0621-\u064a]"
NO_NUL = r"^[^\x00]*$"
# Not blank, no control characters.
ID_PATTERN = r"^[^\x00-\x1f\x7f]*[^\x00-\x20\x7f\s][^\x00-\x1f\x7f]*$"
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
DATETIME_RE = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)


def utc_day(value: Any) -> dt.date | None:
    """The UTC day of an RFC 3339 date or date-time (the local day if it cannot be
    converted); None for None. ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError("must be a YYYY-MM-DD date or an RFC 3339 date-time string")
    if DATE_RE.match(value):
        return dt.date.fromisoformat(value)
    if not DATETIME_RE.match(value):
        raise ValueError("must be a YYYY-MM-DD date or an RFC 3339 date-time string")
    moment = dt.datetime.fromisoformat(value.upper())
    try:
        return moment.astimezone(dt.UTC).date()
    except OverflowError:
        return moment.date()


PublishedDay = Annotated[
    dt.date | None,
    BeforeValidator(utc_day),
    WithJsonSchema({
        "anyOf": [
            {"type": "string", "format": "date"},
            {"type": "string", "format": "date-time"},
            {"type": "null"},
        ],
        "description": "publication day (YYYY-MM-DD) or time (RFC 3339; its UTC day is "
        "used); today (UTC) when missing",
    }),
]
class ArticleIn(BaseModel):
    """An article as in the ingest format (JSON Lines records); unknown fields are ignored.

    ``text`` must contain Arabic letters. ``published`` is a day (YYYY-MM-DD) or an ISO-8601
    timestamp (its UTC day is used); when it is missing, today's UTC date is used. The
    limits keep any valid body under the 1 MB request limit, even with every character
    JSON-escaped.
    """

    model_config = ConfigDict(
        extra="ignore",
        regex_engine="python-re",
        json_schema_extra={
            "examples": [
                {
                    "id": "example-1",
                    "published": "2018-04-14",
                    "outlet": "Example outlet",
                    "title": "غارات على ريف دمشق",
                    "text": "قتل خمسة مدنيين في غارة جوية على بلدة دوما في ريف دمشق.",
                }
            ]
        },
    )

    id: str = Field(min_length=1, max_length=MAX_ID_CHARS, pattern=ID_PATTERN)
    text: str = Field(
        min_length=1, max_length=MAX_TEXT_CHARS, pattern=ARABIC_LETTER,
        description="the article text (Arabic)",
    )
    published: PublishedDay = None
    title: str = Field(default="", max_length=2000, pattern=NO_NUL)
    outlet: str = Field(default="", max_length=200, pattern=NO_NUL)
    url: str = Field(default="", max_length=2000, pattern=NO_NUL)

    @field_validator("text")
    @classmethod
    def no_nul(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value

    def record(self) -> dict[str, Any]:
        """The ingest record of this article."""
        return {
            "id": self.id, "text": self.text, "published": self.published,
            "title": self.title, "outlet": self.outlet, "url": self.url,
        }
