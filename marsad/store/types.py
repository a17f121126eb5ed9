"""Records that go in and out of a Store: filters, pages, clusters, claims, stats.

Every record has ``to_dict()`` giving JSON-ready values (dates as ISO strings), so the
HTTP API, the exports and the CLI show the same names.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Generic, Literal, TypeVar

from marsad.model import Article, Event

T = TypeVar("T")

BBox = tuple[float, float, float, float]
AddStatus = Literal["added", "exists", "duplicate", "skipped"]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which clusters (de-duplicated events) to list, export, search or count.

    Every field is optional; set fields are combined with AND.

    - ``date_from`` / ``date_to``: the cluster's event day, both ends included.
    - ``country``, ``admin1``, ``event_type``, ``sub_event_type``: exact value of the
      cluster's own field, compared without regard to case.
    - ``actor``: part of an actor name (case-insensitive) named by any member event as
      actor1 or actor2, so a claim by one source is enough.
    - ``outlet``: an outlet (exact, case-insensitive) among the cluster's sources.
    - ``q``: full-text query over the member articles (same syntax as ``Store.search``).
    - ``bbox``: ``(min_lon, min_lat, max_lon, max_lat)`` in WGS 84, GeoJSON order; only
      clusters with coordinates inside the box.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    outlet: str | None = None
    q: str | None = None
    bbox: BBox | None = None

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")
        if self.bbox is not None:
            object.__setattr__(self, "bbox", parse_bbox(self.bbox))

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> EventFilter:
        """A filter from string parameters (query string, CLI options, JSON).

        Accepts the field names above plus ``from``/``to`` for the dates; dates are
        ``YYYY-MM-DD``; ``bbox`` is "min_lon,min_lat,max_lon,max_lat". Empty values and
        unknown keys are ignored. Raises ValueError naming the bad parameter.
        """
        aliases = {"from": "date_from", "to": "date_to", "type": "event_type"}
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, raw in params.items():
            name = aliases.get(key, key)
            if name not in known or raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            if name in ("date_from", "date_to"):
                values[name] = _parse_date(raw, key)
            elif name == "bbox":
                values[name] = parse_bbox(raw)
            else:
                values[name] = str(raw).strip()
        return cls(**values)

    def with_(self, **changes: Any) -> EventFilter:
        """A copy with some fields changed."""
        return replace(self, **changes)

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("date_from", "date_to"):
            if d[key] is not None:
                d[key] = d[key].isoformat()
        d["bbox"] = list(self.bbox) if self.bbox else None
        return d


def _parse_date(raw: Any, key: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValueError(f"{key}: not a YYYY-MM-DD date: {str(raw)[:40]!r}") from None


def parse_bbox(raw: Any) -> BBox:
    """(min_lon, min_lat, max_lon, max_lat) from a 4-sequence or "a,b,c,d". ValueError."""
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    try:
        box = tuple(float(p) for p in parts)
    except (TypeError, ValueError):
        raise ValueError(f"bbox: not four numbers: {raw!r}") from None
    if len(box) != 4 or not all(math.isfinite(v) for v in box):
        raise ValueError(f"bbox: expected min_lon,min_lat,max_lon,max_lat, got {raw!r}")
    min_lon, min_lat, max_lon, max_lat = box
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ValueError(f"bbox: out of range or min > max: {raw!r}")
    return (min_lon, min_lat, max_lon, max_lat)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a longer list: ``items`` from ``offset`` on, out of ``total``."""

    items: list[T]
    total: int
    limit: int
    offset: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": [_to_dict(i) for i in self.items],
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
        }


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article as a source is cited: enough to name and link it."""

    id: str
    outlet: str
    title: str
    url: str
    published: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "outlet": self.outlet,
            "title": self.title,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
        }


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    """A de-duplicated event: its fields chosen by rule from its members (see cluster.py).

    ``outlets`` are the distinct outlets of its member articles (sorted);
    ``disputed`` names the fields on which members disagree (see ``ClusterDetail.claims``).
    ``updated_at`` is when the cluster last changed (UTC).
    """

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
    n_events: int
    n_articles: int
    outlets: tuple[str, ...]
    disputed: tuple[str, ...]
    updated_at: dt.datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["outlets"] = list(self.outlets)
        d["disputed"] = list(self.disputed)
        d["updated_at"] = self.updated_at.isoformat() if self.updated_at else None
        return d


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Who says something: the member event and its article's outlet."""

    outlet: str
    article_id: str
    event_id: str
    url: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Claim:
    """One value of a disputed field, with every source that gives it."""

    field: str
    value: Any
    sources: tuple[SourceRef, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "value": self.value,
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass(frozen=True, slots=True)
class Member:
    """One source's report of a clustered event: the event (evidence, spans) and its article."""

    event: Event
    article: ArticleRef

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.event.to_dict(), "article": self.article.to_dict()}


@dataclass(frozen=True, slots=True)
class ClusterDetail:
    """A cluster with all its members and the claims where they disagree.

    ``claims`` holds, for each disputed field, one Claim per distinct value; fields on
    which all members agree have no claims.
    """

    cluster: ClusterSummary
    members: list[Member]
    claims: list[Claim]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.cluster.to_dict(),
            "members": [m.to_dict() for m in self.members],
            "claims": [c.to_dict() for c in self.claims],
        }


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    """A stored article, its coded events (with evidence spans) and their clusters.

    ``cluster_of`` maps each event_id to its cluster id; ``aliases`` are ids of later
    copies of the same text that were not stored again.
    """

    article: Article
    content_hash: str
    extractor_version: str
    events: list[Event]
    cluster_of: dict[str, int]
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.article.to_dict(),
            "content_hash": self.content_hash,
            "extractor_version": self.extractor_version,
            "events": [e.to_dict() for e in self.events],
            "cluster_of": dict(self.cluster_of),
            "aliases": list(self.aliases),
        }


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A full-text match: the article and a snippet of its original text.

    ``marks`` are (start, end) character offsets inside ``snippet`` of the matched words,
    so a caller can highlight them without parsing markup.
    """

    article: ArticleRef
    snippet: str
    marks: tuple[tuple[int, int], ...]
    score: float

    def highlighted(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each mark wrapped in ``before``/``after``."""
        out, pos = [], 0
        for start, end in self.marks:
            out += [self.snippet[pos:start], before, self.snippet[start:end], after]
            pos = end
        out.append(self.snippet[pos:])
        return "".join(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "snippet": self.snippet,
            "marks": [list(m) for m in self.marks],
            "score": self.score,
        }


@dataclass(frozen=True, slots=True)
class Counts:
    """How much a store holds. ``aliases``: duplicate copies recognised and not stored."""

    articles: int
    aliases: int
    events: int
    clusters: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Stats:
    """Totals and breakdowns of clusters (de-duplicated events) matching a filter.

    ``by_day``/``by_type``/``by_country``/``by_actor``/``by_outlet`` are (key, clusters)
    pairs; by_day is in date order, the others by count descending then key.
    ``by_type`` keys are event types; ``by_actor`` counts a cluster for actor1 and actor2.
    ``counts`` is the whole store, unfiltered.
    """

    counts: Counts
    clusters: int
    events: int
    fatalities: int
    by_day: list[tuple[str, int]] = field(default_factory=list)
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_country: list[tuple[str, int]] = field(default_factory=list)
    by_actor: list[tuple[str, int]] = field(default_factory=list)
    by_outlet: list[tuple[str, int]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["counts"] = self.counts.to_dict()
        for key in ("by_day", "by_type", "by_country", "by_actor", "by_outlet"):
            d[key] = [[k, n] for k, n in getattr(self, key)]
        return d


@dataclass(frozen=True, slots=True)
class AddResult:
    """What ``add_article`` did with one article.

    ``status``: "added" (stored with its events), "exists" (this id is already stored),
    "duplicate" (the same normalised text is stored under ``stored_id``; this id is
    remembered as an alias). ``clusters`` are the ids of the clusters its events joined.
    """

    article_id: str
    status: AddStatus
    stored_id: str
    events: int = 0
    clusters: tuple[int, ...] = ()


def _to_dict(item: Any) -> Any:
    return item.to_dict() if hasattr(item, "to_dict") else item
