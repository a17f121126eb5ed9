"""De-duplication rules: when two reports are one event, and the fields a cluster shows."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest

from marsad import cluster
from marsad.model import EVENT_TYPE_OF, Event
from marsad.store.types import ArticleRef, Member

DOUMA = (33.5711, 36.4028)
HARASTA = (33.5586, 36.3650)  # ~4 km from Douma
DAMASCUS = (33.5102, 36.2913)  # ~12 km from Douma


def event(article: str = "a", **changes) -> Event:
    base = Event(
        article_id=article,
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        event_date="2018-02-20",
        time_precision=1,
        country="Syria",
        admin1="Rif Dimashq",
        location="Douma",
        latitude=DOUMA[0],
        longitude=DOUMA[1],
        geo_precision=1,
        actor1="Military Forces of Syria",
        actor2="Civilians (Syria)",
        fatalities=0,
    )
    if "sub_event_type" in changes and "event_type" not in changes:
        changes["event_type"] = EVENT_TYPE_OF[changes["sub_event_type"]]
    return replace(base, **changes, event_id="")


def member(e: Event, outlet: str = "BBC Arabic") -> Member:
    return Member(e, ArticleRef(e.article_id, outlet, "", "", dt.date(2018, 2, 21)))


def test_the_same_strike_reported_twice_matches() -> None:
    assert cluster.matches(event("a"), event("b"))


@pytest.mark.parametrize(
    ("change", "same"),
    [
        ({"event_date": "2018-02-21"}, True),  # a day apart
        ({"event_date": "2018-02-22"}, False),  # two days apart
        ({"event_date": None}, False),
        ({"sub_event_type": "Shelling/artillery/missile attack"}, True),
        ({"sub_event_type": "Armed clash"}, True),  # both political violence
        ({"sub_event_type": "Attack"}, True),
        ({"sub_event_type": "Peaceful protest"}, False),
        ({"sub_event_type": "Arrests"}, False),
        ({"location": "Harasta", "latitude": HARASTA[0], "longitude": HARASTA[1]}, True),
        ({"location": "Damascus", "latitude": DAMASCUS[0], "longitude": DAMASCUS[1]}, False),
        ({"location": "Damascus", "latitude": None, "longitude": None}, False),
        ({"latitude": None, "longitude": None}, True),  # the same name
        ({"location": "douma "}, True),
        ({"country": "Iraq"}, False),
        ({"location": "", "latitude": None, "longitude": None}, False),
        ({"actor1": "Military Forces of Russia"}, False),  # only the victims in common
        ({"actor2": "Islamic State"}, True),  # the same perpetrator
        ({"actor1": "", "actor2": ""}, True),  # names no actor: no contradiction
        ({"actor1": "Military Forces of Syria (2000-)"}, True),
        ({"actor1": "Islamic State", "actor2": "Military Forces of Syria"}, True),
        ({"actor1": "Islamic State", "actor2": "Kurdish forces"}, False),
    ],
)
def test_what_makes_two_reports_one_event(change: dict, same: bool) -> None:
    assert cluster.matches(event("a"), event("b", **change)) is same
    assert cluster.matches(event("b", **change), event("a")) is same


def test_a_shared_victim_group_alone_does_not_join_different_perpetrators() -> None:
    syrian = event("a", actor2="Civilians (Syria)")
    russian = event("b", actor1="Military Forces of Russia", actor2="Civilians (Syria)")
    assert not cluster.matches(
        replace(syrian, actor1="Military Forces of Syria"),
        replace(russian, actor2="Civilians (Syria)", actor1="Military Forces of Russia"),
    )
    assert cluster.matches(syrian, replace(russian, actor1=""))


def test_an_unidentified_armed_group_joins_a_named_perpetrator() -> None:
    # one outlet does not know who planted the bomb, the other names al-Shabaab
    unknown = event("a", actor1="Unidentified Armed Group (Somalia)", actor2="Civilians (Somalia)")
    named = event("b", actor1="Al Shabaab", actor2="Civilians (Somalia)")
    assert cluster.matches(unknown, named)
    assert cluster.matches(named, unknown)
    other = event("b", actor1="Islamic State", actor2="Civilians (Somalia)")
    assert not cluster.matches(named, replace(other, article_id="c"))


def test_two_events_of_one_article_never_match() -> None:
    assert not cluster.matches(event("a"), event("a", actor2=""))


def test_province_level_events_match_on_admin1() -> None:
    a = event("a", location="", latitude=None, longitude=None, geo_precision=3)
    assert cluster.matches(a, event("b", location="", latitude=None, longitude=None))
    assert not cluster.matches(a, event("b", location="", admin1="Aleppo"))


def test_a_cluster_spans_at_most_two_consecutive_days() -> None:
    members = [event("a", event_date="2018-02-20"), event("b", event_date="2018-02-21")]
    assert cluster.fit(event("c", event_date="2018-02-21"), members) == (2, 0)
    assert cluster.fit(event("c", event_date="2018-02-22"), members) is None
    assert cluster.fit(event("a", event_date="2018-02-21"), members) is None  # same article


def test_choose_cluster_prefers_most_matching_members_then_oldest() -> None:
    candidates = {
        7: [event("a")],
        3: [event("b"), event("c")],
        5: [event("d", location="Aleppo", latitude=36.2, longitude=37.16)],
    }
    assert cluster.choose_cluster(event("x"), candidates) == 3
    assert cluster.choose_cluster(event("x"), {7: [event("a")], 4: [event("b")]}) == 4
    assert cluster.choose_cluster(event("x", country="Iraq"), candidates) is None


def test_cluster_all_is_independent_of_input_order() -> None:
    reports = [
        member(event("a")),
        member(event("b", event_date="2018-02-21"), "Sky News Arabia"),
        member(event("c", event_date="2018-02-22"), "CNN Arabic"),
        member(event("d", location="Aleppo", latitude=36.2, longitude=37.16)),
        member(event("e", country="")),
        member(event("f", location="Harasta", latitude=HARASTA[0], longitude=HARASTA[1])),
    ]
    expected = {frozenset(m.event.article_id for m in c) for c in cluster.cluster_all(reports)}
    assert expected == {
        frozenset("abf"), frozenset("c"), frozenset("d"), frozenset("e"),
    }
    shuffled = reports[:]
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        again = {frozenset(m.event.article_id for m in c) for c in cluster.cluster_all(shuffled)}
        assert again == expected


def test_summary_takes_the_lowest_figure_and_shows_disagreement() -> None:
    members = [
        member(event("a", fatalities=12), "Al Arabiya"),
        member(event("b", fatalities=9), "BBC Arabic"),
        member(event("c", fatalities=0), "CNN Arabic"),  # no figure given
        member(event("d", fatalities=12, actor1="Military Forces of Russia"), "Sky News Arabia"),
    ]
    fields = cluster.summarise(members)
    assert fields.fatalities == 9
    assert fields.actor1 == "Military Forces of Syria"  # three sources against one
    assert fields.outlets == ("Al Arabiya", "BBC Arabic", "CNN Arabic", "Sky News Arabia")
    assert (fields.n_events, fields.n_articles) == (4, 4)
    assert fields.disputed == ("fatalities", "actor1")
    claims = {(c.field, c.value): sorted(s.outlet for s in c.sources)
              for c in cluster.claims(members)}
    assert claims == {
        ("fatalities", 12): ["Al Arabiya", "Sky News Arabia"],
        ("fatalities", 9): ["BBC Arabic"],
        ("actor1", "Military Forces of Syria"): ["Al Arabiya", "BBC Arabic", "CNN Arabic"],
        ("actor1", "Military Forces of Russia"): ["Sky News Arabia"],
    }


def test_summary_rules_for_type_date_and_place() -> None:
    members = [
        member(event("a", sub_event_type="Armed clash", event_date="2018-02-21")),
        member(event("b", event_date="2018-02-20", geo_precision=2)),
        member(event("c", sub_event_type="Armed clash", event_date="2018-02-20",
                     location="Harasta", latitude=HARASTA[0], longitude=HARASTA[1])),
        member(event("d", event_date="2018-02-21", time_precision=2)),
    ]
    fields = cluster.summarise(members)
    # two reports each: Battles ranks above Explosions/Remote violence
    assert (fields.event_type, fields.sub_event_type) == ("Battles", "Armed clash")
    # two reports each: the earlier day
    assert (fields.event_date, fields.date_min, fields.date_max) == (
        "2018-02-20", "2018-02-20", "2018-02-21"
    )
    assert fields.location == "Douma" and fields.geo_precision == 1  # most precise place
    assert "sub_event_type" in fields.disputed and "location" in fields.disputed


def test_battle_sides_in_either_order_are_no_dispute() -> None:
    a = event("a", sub_event_type="Armed clash", actor1="Islamic State",
              actor2="Military Forces of Syria")
    b = event("b", sub_event_type="Armed clash", actor1="Military Forces of Syria",
              actor2="Islamic State")
    assert cluster.summarise([member(a), member(b)]).disputed == ()


def test_distance() -> None:
    assert cluster.distance_km(*DOUMA, *HARASTA) == pytest.approx(3.8, abs=0.3)
    assert cluster.distance_km(*DOUMA, *DAMASCUS) > 10
