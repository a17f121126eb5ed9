"""Stage 4: candidates → the guideline's units (one day x one place x one actor pair x one type).

Two merges, in the guideline's order:
1. the same type, day and place is one event (the same strike told in three sentences)
   unless both name two actors and share none;
2. different interactions between the same two actors, at the same place on the same day,
   become one event of the highest type (Battles > Explosions/Remote violence > Violence
   against civilians > Riots > Protests). Strategic developments are kept apart: they are
   different acts, not facets of a fight.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from marsad.model import PLACE_FIELDS, TYPE_RANK, Event


def merge_units(
    events: Iterable[Event], supporting: Collection[Event] = ()
) -> tuple[list[Event], list[Event]]:
    """The units, and the ``supporting`` events that no other event joined.

    A supporting event (a lead sentence whose place is only named further on) adds to a
    unit that another event founds, or heads it; a unit of supporting events alone is not
    an event.
    """
    founded: set[int] = set()  # ids of units an event of their own belongs to
    backing = {id(e) for e in supporting}
    merged: list[Event] = []
    for event in events:
        home = next((u for u in merged if _same_unit(u, event)), None)
        if home is None:
            merged.append(event)
            home = event
        else:
            _absorb(home, event)
        if id(event) not in backing:
            founded.add(id(home))
    units = _merge_hierarchy(merged, founded)
    return ([u for u in units if id(u) in founded],
            [u for u in units if id(u) not in founded])


def place_key(e: Event) -> tuple[str, str]:
    return e.country, e.location or e.admin1


def _actors(e: Event) -> set[str]:
    return {a for a in (e.actor1, e.actor2) if a}


def _kind(e: Event) -> str:
    """Strategic developments differ by sub-type (an arrest is not a curfew); fights do not."""
    return e.sub_event_type if e.event_type == "Strategic developments" else e.event_type


def _dated_by_text(e: Event) -> bool:
    return "date" in e.spans


def _same_day(a: Event, b: Event) -> bool:
    """Equal dates, or one event only carries the report's date (no date of its own)."""
    return a.event_date == b.event_date or _dated_by_text(a) != _dated_by_text(b)


def _same_place(a: Event, b: Event) -> bool:
    """Same place, or one knows only the country the other is placed in."""
    if place_key(a) == place_key(b):
        return True
    return a.country == b.country and (not place_key(a)[1] or not place_key(b)[1])


def _same_unit(a: Event, b: Event) -> bool:
    if _kind(a) != _kind(b) or not _same_day(a, b):
        return False
    if not _same_place(a, b):
        return False
    xa, xb = _actors(a), _actors(b)
    return len(xa) < 2 or len(xb) < 2 or bool(xa & xb)


def _absorb(home: Event, other: Event) -> None:
    """Fill what ``home`` lacks from ``other``; the lowest stated death toll wins."""
    if not place_key(home)[1] and place_key(other)[1]:
        _take_place(home, other)
    if not _dated_by_text(home) and _dated_by_text(other):
        home.event_date, home.time_precision = other.event_date, other.time_precision
        home.spans["date"] = other.spans["date"]
    if not home.actor1 and other.actor1 and other.actor1 != home.actor2:
        home.actor1, home.inter1 = other.actor1, other.inter1
        home.spans.update({k: v for k, v in other.spans.items() if k == "actor1"})
    if not home.actor2 and other.actor2 and other.actor2 != home.actor1:
        home.actor2, home.inter2 = other.actor2, other.inter2
        home.spans.update({k: v for k, v in other.spans.items() if k == "actor2"})
    if other.fatalities and (not home.fatalities or other.fatalities < home.fatalities):
        home.fatalities = other.fatalities
        if "fatalities" in other.spans:
            home.spans["fatalities"] = other.spans["fatalities"]
    if other.time_precision and (home.time_precision or 9) > other.time_precision:
        home.time_precision = other.time_precision
    if (home.geo_precision or 9) > (other.geo_precision or 9) and other.location == home.location:
        home.geo_precision = other.geo_precision
    if not home.source and other.source:
        home.source = other.source


def _take_place(home: Event, other: Event) -> None:
    for name in PLACE_FIELDS:
        setattr(home, name, getattr(other, name))
    if "location" in other.spans:
        home.spans["location"] = other.spans["location"]


def _merge_hierarchy(events: list[Event], founded: set[int]) -> list[Event]:
    kept: list[Event] = []
    for event in sorted(events, key=lambda e: -TYPE_RANK.get(e.event_type, 0)):
        home = next((u for u in kept if _same_interaction(u, event)), None)
        if home is None:
            kept.append(event)
        else:
            _absorb(home, event)
            if id(event) in founded:
                founded.add(id(home))
    order = {id(e): i for i, e in enumerate(events)}
    return sorted(kept, key=lambda e: order[id(e)])


def _same_interaction(a: Event, b: Event) -> bool:
    if "Strategic developments" in (a.event_type, b.event_type):
        return False
    if not _same_day(a, b) or place_key(a) != place_key(b):
        return False
    xa, xb = _actors(a), _actors(b)
    return len(xa) == 2 and xa == xb
