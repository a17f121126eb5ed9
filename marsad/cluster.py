"""Cross-source de-duplication: events from different articles that report one real event.

Two events *match* when all of these hold:

- **type**: the same sub-event type; or both political violence (Battles, Explosions/Remote
  violence, Violence against civilians: outlets code the same strike as a clash or an
  attack); or both demonstrations (Protests, Riots). Strategic developments match only
  the same sub-event type;
- **date**: event days at most one day apart;
- **place**: the same country and the same location name (admin1 not contradicting), or
  both with coordinates no more than ``MAX_DISTANCE_KM`` apart; two events with no
  location at all match on the same admin1;
- **actors**: the {actor1, actor2} sets share an actor (a side that names no actor does
  not contradict, nor does an Unidentified Armed Group, which names nobody in particular);
  a shared victim group alone (Civilians, Protesters ...) does not count when the two name
  different perpetrators;
- they come from different articles (an article's own events were already kept apart by
  the extractor).

An event joins a cluster when it matches at least one member and is within one day of
every member (so a cluster spans at most two consecutive days); among several such
clusters it joins the one with most matching members, then the nearest in date, then the
oldest. Otherwise it starts a new cluster. Events with no country or date stay alone.

A cluster's own fields are chosen by rule (:func:`summarise`): the most reported
sub-event type (ties: higher in the guideline's order), the most reported day (ties: the
earliest), the most precise place (ties: the most reported), the most reported actor
pair, and the lowest positive fatality figure (ACLED's conservative choice; 0 means no
member gives a figure). Where members disagree (fatalities, actors, type, day, place)
:func:`claims` lists every value with its sources.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from marsad.model import EVENT_TYPE_OF, TYPE_RANK, Event
from marsad.store.types import ArticleRef, Claim, Member, SourceRef

MAX_DISTANCE_KM = 10.0
MAX_DAYS_APART = 1
POLITICAL_VIOLENCE = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians"}
)
DEMONSTRATIONS = frozenset({"Protests", "Riots"})
VICTIM_PREFIXES = ("civilians", "protesters", "prisoners")
UNKNOWN_PREFIX = "unidentified armed group"  # ACLED's name for "we do not know who"
DISPUTABLE = ("fatalities", "actor1", "actor2", "sub_event_type", "event_date", "location")

_YEARS_RE = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")
_EARTH_RADIUS_KM = 6371.0088


# -- matching two events -------------------------------------------------------------------


def day_of(event: Event) -> dt.date | None:
    if not event.event_date:
        return None
    try:
        return dt.date.fromisoformat(event.event_date[:10])
    except ValueError:
        return None


def types_compatible(a: Event, b: Event) -> bool:
    if a.sub_event_type == b.sub_event_type:
        return True
    ta, tb = _event_type(a), _event_type(b)
    return (ta in POLITICAL_VIOLENCE and tb in POLITICAL_VIOLENCE) or (
        ta in DEMONSTRATIONS and tb in DEMONSTRATIONS
    )


def _event_type(event: Event) -> str:
    return event.event_type or EVENT_TYPE_OF.get(event.sub_event_type, "")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _key(value: str) -> str:
    return " ".join(value.casefold().split())


def same_place(a: Event, b: Event) -> bool:
    if not a.country or _key(a.country) != _key(b.country):
        return False
    if a.location and b.location:
        admin_ok = not a.admin1 or not b.admin1 or _key(a.admin1) == _key(b.admin1)
        if _key(a.location) == _key(b.location) and admin_ok:
            return True
        if _has_point(a) and _has_point(b):
            return distance_km(a.latitude, a.longitude, b.latitude, b.longitude) <= (  # type: ignore[arg-type]
                MAX_DISTANCE_KM
            )
        return False
    if not a.location and not b.location:
        return bool(a.admin1) and _key(a.admin1) == _key(b.admin1)
    return False


def _has_point(event: Event) -> bool:
    return event.latitude is not None and event.longitude is not None


def actor_key(name: str) -> str:
    """An actor name for comparison: case-folded, without an ACLED year range."""
    return _key(_YEARS_RE.sub("", name))


def _actors(event: Event) -> set[str]:
    """The actors an event names; an unidentified armed group names nobody in particular."""
    keys = (actor_key(a) for a in (event.actor1, event.actor2) if a.strip())
    return {k for k in keys if not _unknown(k)}


def _unknown(key: str) -> bool:
    return key.startswith(UNKNOWN_PREFIX)


def actors_overlap(a: Event, b: Event) -> bool:
    actors_a, actors_b = _actors(a), _actors(b)
    if not actors_a or not actors_b:
        return True
    shared = actors_a & actors_b
    if not shared:
        return False
    if all(s.startswith(VICTIM_PREFIXES) for s in shared):
        perpetrator_a, perpetrator_b = actor_key(a.actor1), actor_key(b.actor1)
        known = all(p and not _unknown(p) for p in (perpetrator_a, perpetrator_b))
        if known and perpetrator_a != perpetrator_b:
            return False
    return True


def days_apart(a: Event, b: Event) -> int | None:
    da, db = day_of(a), day_of(b)
    return None if da is None or db is None else abs((da - db).days)


def matches(a: Event, b: Event) -> bool:
    """Do ``a`` and ``b`` report the same real event? (rules in the module docstring)"""
    gap = days_apart(a, b)
    return (
        a.article_id != b.article_id
        and gap is not None
        and gap <= MAX_DAYS_APART
        and types_compatible(a, b)
        and same_place(a, b)
        and actors_overlap(a, b)
    )


def clusterable(event: Event) -> bool:
    """Whether the event can join others at all (it has a country and a day)."""
    return bool(event.country) and day_of(event) is not None


# -- joining a cluster ---------------------------------------------------------------------


def fit(event: Event, members: Sequence[Event]) -> tuple[int, int] | None:
    """(matching members, smallest day gap) if ``event`` may join ``members``, else None."""
    matched, nearest = 0, MAX_DAYS_APART + 1
    for member in members:
        gap = days_apart(event, member)
        if gap is None or gap > MAX_DAYS_APART or member.article_id == event.article_id:
            return None
        if matches(event, member):
            matched += 1
            nearest = min(nearest, gap)
    return (matched, nearest) if matched else None


def choose_cluster(event: Event, candidates: Mapping[int, Sequence[Event]]) -> int | None:
    """The id of the cluster ``event`` joins among ``candidates`` (id -> members), or None."""
    best: tuple[int, int, int] | None = None
    for cluster_id, members in candidates.items():
        scored = fit(event, members)
        if scored is None:
            continue
        rank = (-scored[0], scored[1], cluster_id)
        if best is None or rank < best:
            best = rank
    return None if best is None else best[2]


def candidate_window(event: Event) -> tuple[str, dt.date, dt.date] | None:
    """(country key, first day, last day) where a cluster must lie for ``event`` to join it:
    every member within MAX_DAYS_APART of the event's day."""
    day = day_of(event)
    if not event.country or day is None:
        return None
    gap = dt.timedelta(days=MAX_DAYS_APART)
    return _key(event.country), day - gap, day + gap


def member_order(member: Member) -> tuple:
    e, a = member.event, member.article
    return (
        e.event_date or "9999",
        a.published.isoformat() if a.published else "9999",
        a.outlet,
        a.id,
        e.event_id,
    )


def cluster_all(members: Iterable[Member]) -> list[list[Member]]:
    """Cluster every event from scratch, deterministically (events in ``member_order``).

    Returns the clusters, each a list of members in ``member_order``.
    """
    ordered = sorted(members, key=member_order)
    clusters: list[list[Member]] = []
    open_by_country: dict[str, list[int]] = defaultdict(list)
    for member in ordered:
        window = candidate_window(member.event)
        chosen = None
        if window is not None:
            country, first, _ = window
            still_open = [
                i for i in open_by_country[country] if _last_day(clusters[i]) >= first
            ]
            open_by_country[country] = still_open
            candidates = {
                i: [m.event for m in clusters[i]]
                for i in still_open
                if _first_day(clusters[i]) >= first
            }
            chosen = choose_cluster(member.event, candidates)
        if chosen is None:
            clusters.append([member])
            if window is not None:
                open_by_country[window[0]].append(len(clusters) - 1)
        else:
            clusters[chosen].append(member)
    return [sorted(c, key=member_order) for c in clusters]


def _first_day(cluster: list[Member]) -> dt.date:
    return min(d for m in cluster if (d := day_of(m.event)) is not None)


def _last_day(cluster: list[Member]) -> dt.date:
    return max(d for m in cluster if (d := day_of(m.event)) is not None)


# -- a cluster's own fields ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClusterFields:
    """The fields a cluster stores, chosen by rule from its members."""

    event_type: str
    sub_event_type: str
    event_date: str | None
    time_precision: int | None
    date_min: str | None
    date_max: str | None
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


def summarise(members: Sequence[Member]) -> ClusterFields:
    """The cluster's fields by the rules in the module docstring. ``members`` not empty."""
    if not members:
        raise ValueError("a cluster has at least one member")
    ordered = sorted(members, key=member_order)
    events = [m.event for m in ordered]
    sub = _most_common(
        [e.sub_event_type for e in events],
        tie=lambda s: (-TYPE_RANK.get(EVENT_TYPE_OF.get(s, ""), 0), s),
    )
    typed = next(e for e in events if e.sub_event_type == sub)
    dates = [e.event_date for e in events if e.event_date]
    date = _most_common(dates, tie=lambda d: d) if dates else None
    precisions = [e.time_precision for e in events if e.event_date == date and e.time_precision]
    place = _place_of(events)
    actor_pairs = [(e.actor1, e.actor2) for e in events if e.actor1]
    pair = _most_common(actor_pairs, tie=actor_pairs.index) if actor_pairs else ("", "")
    by_pair = next((e for e in events if (e.actor1, e.actor2) == pair), events[0])
    figures = [e.fatalities for e in events if e.fatalities and e.fatalities > 0]
    return ClusterFields(
        event_type=_event_type(typed),
        sub_event_type=sub,
        event_date=date,
        time_precision=min(precisions) if precisions else None,
        date_min=min(dates) if dates else None,
        date_max=max(dates) if dates else None,
        country=place.country,
        admin1=place.admin1,
        admin2=place.admin2,
        location=place.location,
        latitude=place.latitude,
        longitude=place.longitude,
        geo_precision=place.geo_precision,
        actor1=pair[0],
        actor2=pair[1],
        inter1=by_pair.inter1,
        inter2=by_pair.inter2,
        fatalities=min(figures) if figures else 0,
        n_events=len(events),
        n_articles=len({e.article_id for e in events}),
        outlets=tuple(sorted({m.article.outlet for m in ordered if m.article.outlet})),
        disputed=tuple(f for f in DISPUTABLE if len(_claim_values(ordered, f)) > 1),
    )


def _place_of(events: Sequence[Event]) -> Event:
    """The member whose place the cluster shows: the most precise; among those, the most
    reported location; then the first in member order."""

    def precision(e: Event) -> tuple[int, bool]:
        return (e.geo_precision if e.geo_precision is not None else 9, not e.location)

    best = min(precision(e) for e in events)
    precise = [e for e in events if precision(e) == best]
    keys = [_key(e.location) for e in precise]
    chosen = _most_common(keys, tie=keys.index)
    return precise[keys.index(chosen)]


def _most_common(values: Sequence, tie) -> object:
    counts = Counter(values)
    top = max(counts.values())
    return min((v for v in counts if counts[v] == top), key=tie)


def _claim_value(event: Event, field_name: str) -> object:
    """What a member says about a field, or None when it says nothing."""
    if field_name == "fatalities":
        return event.fatalities if event.fatalities and event.fatalities > 0 else None
    if field_name in ("actor1", "actor2"):
        first, second = event.actor1, event.actor2
        if _event_type(event) == "Battles" and second and actor_key(second) < actor_key(first):
            first, second = second, first  # sides of a battle have no order
        value = first if field_name == "actor1" else second
        return value or None
    return getattr(event, field_name) or None


def _claim_values(members: Sequence[Member], field_name: str) -> dict[object, list[Member]]:
    values: dict[object, list[Member]] = {}
    for member in members:
        value = _claim_value(member.event, field_name)
        if value is not None:
            key = actor_key(value) if field_name in ("actor1", "actor2") else value
            values.setdefault(key, []).append(member)
    return values


def claims(members: Sequence[Member]) -> list[Claim]:
    """One Claim per value of each disputed field, with its sources (in member order)."""
    ordered = sorted(members, key=member_order)
    out: list[Claim] = []
    for field_name in DISPUTABLE:
        values = _claim_values(ordered, field_name)
        if len(values) < 2:
            continue
        for group in values.values():
            shown = _claim_value(group[0].event, field_name)
            out.append(Claim(field_name, shown, tuple(_source(m) for m in group)))
    return out


def _source(member: Member) -> SourceRef:
    a: ArticleRef = member.article
    return SourceRef(outlet=a.outlet, article_id=a.id, event_id=member.event.event_id, url=a.url)
