"""The Store on both backends (SQLite, PostgreSQL+PostGIS): idempotent adds, duplicates,
clusters of real reports, filters, full-text search, stats, re-coding.

The reports are real ANT Corpus articles (https://antcorpus.github.io) with hand-coded
events: see strike_fixtures.py.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace

import pytest
from store_backends import store, store_url  # noqa: F401 - fixtures
from strike_fixtures import (
    AL_MOGADISHU,
    ARTICLES,
    BBC_MISSILES,
    CNN_MISSILES,
    SKY_MOGADISHU,
    fill,
    missile_events,
    mogadishu_events,
)

from marsad.store import EventFilter, open_store


def cluster_at(store_, location: str):
    page = store_.list_clusters(limit=100)
    found = [c for c in page.items if c.location == location]
    assert len(found) == 1, [c.location for c in page.items]
    return found[0]


# -- articles ------------------------------------------------------------------------------


def test_a_new_store_is_migrated_once(store_url: str) -> None:  # noqa: F811
    with open_store(store_url) as first:
        assert first.schema_version() == 1
        first.add_article(AL_MOGADISHU, [])
    with open_store(store_url) as again:
        assert again.schema_version() == 1
        assert again.counts().articles == 1


def test_the_same_article_is_stored_once(store) -> None:  # noqa: F811
    events = mogadishu_events()[AL_MOGADISHU.id]
    assert store.add_article(AL_MOGADISHU, events).status == "added"
    again = store.add_article(AL_MOGADISHU, events)
    assert (again.status, again.stored_id) == ("exists", AL_MOGADISHU.id)
    counts = store.counts()
    assert (counts.articles, counts.events, counts.clusters) == (1, 1, 1)


def test_the_same_normalised_text_under_another_id_is_an_alias(store) -> None:  # noqa: F811
    store.add_article(AL_MOGADISHU, mogadishu_events()[AL_MOGADISHU.id])
    respelled = AL_MOGADISHU.text.replace("العاصمة", "العَاصِمَة").replace("المنطقة", "المنطقه")
    copy = replace(AL_MOGADISHU, id="copy-of-611", text="  " + respelled.replace(" ", "  "))
    result = store.add_article(copy, mogadishu_events()[AL_MOGADISHU.id])
    assert (result.status, result.stored_id, result.events) == ("duplicate", AL_MOGADISHU.id, 0)
    assert store.add_article(copy, []).status == "exists"
    counts = store.counts()
    assert (counts.articles, counts.aliases, counts.events) == (1, 1, 1)
    via_alias = store.get_article("copy-of-611")
    assert via_alias is not None and via_alias.article.id == AL_MOGADISHU.id
    assert via_alias.aliases == ("copy-of-611",)
    assert store.known_keys()[0] == {AL_MOGADISHU.id, "copy-of-611"}


def test_a_batch_with_a_failing_item_stores_nothing(store) -> None:  # noqa: F811
    broken = replace(mogadishu_events()[SKY_MOGADISHU.id][0], fatalities="many")  # type: ignore[arg-type]
    with pytest.raises((ValueError, TypeError)):
        store.add_articles([(AL_MOGADISHU, []), (SKY_MOGADISHU, [broken])])
    assert store.counts().articles == 0
    assert store.add_articles([(AL_MOGADISHU, [])])[0].status == "added"


def test_an_article_comes_back_with_its_events_and_spans(store) -> None:  # noqa: F811
    fill(store)
    detail = store.get_article(BBC_MISSILES.id)
    assert detail is not None
    assert detail.article == BBC_MISSILES
    assert detail.extractor_version == "test-1"
    expected = {e.event_id: e for e in missile_events()[BBC_MISSILES.id]}
    assert {e.event_id: e for e in detail.events} == expected
    for event in detail.events:
        span = event.spans["location"]
        assert BBC_MISSILES.text[span.start : span.end] == span.text
        assert detail.cluster_of[event.event_id] > 0
    assert store.get_article("no-such-article") is None


# -- clusters ------------------------------------------------------------------------------


def test_two_outlets_reporting_one_bombing_make_one_cluster(store) -> None:  # noqa: F811
    fill(store)
    mogadishu = cluster_at(store, "Mogadishu")
    assert mogadishu.outlets == ("Al Arabiya", "Sky News Arabia")
    assert (mogadishu.n_events, mogadishu.n_articles) == (2, 2)
    assert mogadishu.fatalities == 2  # the lowest figure reported
    assert mogadishu.disputed == ("fatalities",)
    detail = store.get_cluster(mogadishu.id)
    assert detail is not None
    assert {m.article.outlet for m in detail.members} == {"Al Arabiya", "Sky News Arabia"}
    assert all(m.event.evidence in ARTICLES[m.article.id].text for m in detail.members)
    claims = {(c.field, c.value): [s.outlet for s in c.sources] for c in detail.claims}
    assert claims == {("fatalities", 2): ["Al Arabiya"], ("fatalities", 3): ["Sky News Arabia"]}


def test_strikes_on_two_towns_the_same_day_stay_two_clusters(store) -> None:  # noqa: F811
    fill(store)
    jizan, najran = cluster_at(store, "Jizan"), cluster_at(store, "Najran")
    assert jizan.id != najran.id
    for town in (jizan, najran):
        assert town.event_date == "2018-03-25"
        assert town.outlets == ("BBC Arabic", "CNN Arabic")
        assert town.disputed == ()
    assert store.counts().clusters == 3


def test_recluster_rebuilds_the_same_clusters(store) -> None:  # noqa: F811
    fill(store)

    def groups() -> set[frozenset[str]]:
        return {
            frozenset(m.event.event_id for m in d.members) for d in store.iter_cluster_details()
        }

    before = groups()
    assert store.recluster() == 3
    assert groups() == before


def test_recoding_replaces_events_and_updates_clusters(store) -> None:  # noqa: F811
    fill(store)
    assert [a.id for a in store.iter_articles(stale_for="test-2")] == sorted(ARTICLES)
    moved = replace(
        mogadishu_events()[SKY_MOGADISHU.id][0], fatalities=1, extractor_version="test-2"
    )
    store.replace_events(SKY_MOGADISHU.id, [moved], extractor_version="test-2")
    mogadishu = cluster_at(store, "Mogadishu")
    assert (mogadishu.fatalities, mogadishu.n_articles) == (1, 2)
    store.replace_events(SKY_MOGADISHU.id, [], extractor_version="test-2")
    mogadishu = cluster_at(store, "Mogadishu")
    assert (mogadishu.outlets, mogadishu.fatalities, mogadishu.disputed) == (
        ("Al Arabiya",), 2, ()
    )
    assert [a.id for a in store.iter_articles(stale_for="test-2")] == sorted(
        set(ARTICLES) - {SKY_MOGADISHU.id}
    )
    with pytest.raises(KeyError):
        store.replace_events("no-such-article", [], extractor_version="x")


# -- filters, pages, stats -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "locations"),
    [
        ({}, {"Mogadishu", "Jizan", "Najran"}),
        ({"country": "saudi arabia"}, {"Jizan", "Najran"}),
        ({"admin1": "Najran"}, {"Najran"}),
        ({"event_type": "Explosions/Remote violence"}, {"Mogadishu", "Jizan", "Najran"}),
        ({"sub_event_type": "Remote explosive/landmine/IED"}, {"Mogadishu"}),
        ({"actor": "houthi"}, {"Jizan", "Najran"}),
        ({"outlet": "Sky News Arabia"}, {"Mogadishu"}),
        ({"from": "2018-03-26"}, set()),
        ({"to": "2018-03-25"}, {"Mogadishu", "Jizan", "Najran"}),
        ({"bbox": "42,16,43,17.5"}, {"Jizan"}),
        ({"bbox": "40,0,50,20"}, {"Mogadishu", "Jizan", "Najran"}),
        ({"q": "مقديشو"}, {"Mogadishu"}),
        ({"q": "نجران", "country": "Saudi Arabia"}, {"Jizan", "Najran"}),
    ],
)
def test_filters(store, params: dict, locations: set[str]) -> None:  # noqa: F811
    fill(store)
    page = store.list_clusters(EventFilter.from_params(params), limit=10)
    assert {c.location for c in page.items} == locations
    assert page.total == len(locations)


def test_pages_and_orders(store) -> None:  # noqa: F811
    fill(store)
    everything = store.list_clusters(order="date_asc").items
    first = store.list_clusters(limit=2, offset=0, order="date_asc")
    rest = store.list_clusters(limit=2, offset=2, order="date_asc")
    assert first.total == rest.total == 3
    assert [c.id for c in first.items + rest.items] == [c.id for c in everything]
    deadliest = store.list_clusters(order="fatalities_desc", limit=1).items[0]
    assert deadliest.location == "Mogadishu"
    with pytest.raises(ValueError):
        store.list_clusters(order="sideways")  # type: ignore[arg-type]


def test_stats_count_clusters_by_day_type_country_actor(store) -> None:  # noqa: F811
    fill(store)
    stats = store.stats()
    assert (stats.counts.articles, stats.counts.events, stats.counts.clusters) == (4, 6, 3)
    assert (stats.clusters, stats.events, stats.fatalities) == (3, 6, 2)
    assert stats.by_day == [("2018-03-25", 3)]
    assert stats.by_type == [("Explosions/Remote violence", 3)]
    assert stats.by_country == [("Saudi Arabia", 2), ("Somalia", 1)]
    assert stats.by_actor[0] == ("Houthis", 2)
    assert dict(stats.by_outlet) == {
        "BBC Arabic": 2, "CNN Arabic": 2, "Al Arabiya": 1, "Sky News Arabia": 1
    }
    somalia = store.stats(EventFilter(country="Somalia"))
    assert (somalia.clusters, somalia.counts.clusters) == (1, 3)


# -- full text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "مقديشو",  # as written
        "مَقْدِيشُو",  # vowelled
        "ومقديشو",  # with a clitic the text does not have
        "السيارة المفخخة",  # the article is in the text as السيارة المفخخة
        "السياره",  # ta marbuta spelled ha
        '"سيارة مفخخة"',  # a phrase
        "مفخخ*",  # a prefix
    ],
)
def test_search_matches_spelling_variants(store, query: str) -> None:  # noqa: F811
    fill(store)
    page = store.search(query)
    assert AL_MOGADISHU.id in {h.article.id for h in page.items}
    hit = next(h for h in page.items if h.article.id == AL_MOGADISHU.id)
    assert hit.marks
    for start, end in hit.marks:
        assert hit.snippet[start:end].strip()
        assert hit.snippet[start:end] in AL_MOGADISHU.text + AL_MOGADISHU.title


def test_search_finds_clitic_forms_in_the_text_and_highlights_them(store) -> None:  # noqa: F811
    fill(store)
    page = store.search("جيزان")  # the text has وجيزان
    assert [h.article.id for h in page.items] == [BBC_MISSILES.id]
    hit = page.items[0]
    assert [hit.snippet[s:e] for s, e in hit.marks] == ["وجيزان"]
    assert "[وجيزان]" in hit.highlighted()


def test_search_ands_words_pages_and_filters(store) -> None:  # noqa: F811
    fill(store)
    both = store.search("نجران الرياض")
    assert {h.article.id for h in both.items} == {BBC_MISSILES.id, CNN_MISSILES.id}
    assert store.search("نجران مقديشو").total == 0
    # a filter keeps articles with an event in a matching cluster
    by_sky = store.search("انفجار", flt=EventFilter(outlet="Sky News Arabia"))
    assert {h.article.id for h in by_sky.items} == {AL_MOGADISHU.id, SKY_MOGADISHU.id}
    in_saudi = store.search("انفجار", flt=EventFilter(country="Saudi Arabia"))
    assert [h.article.id for h in in_saudi.items] == [BBC_MISSILES.id]
    first = store.search("انفجار", limit=1)
    second = store.search("انفجار", limit=1, offset=1)
    assert first.total == second.total >= 2
    assert first.items[0].article.id != second.items[0].article.id
    with pytest.raises(ValueError):
        store.search("  ،  ")


def test_a_store_is_usable_from_several_threads(store) -> None:  # noqa: F811
    fill(store)
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(5):
                assert store.list_clusters().total == 3
                assert store.search("نجران").total == 2
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_event_filter_from_params_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="from"):
        EventFilter.from_params({"from": "25/03/2018"})
    with pytest.raises(ValueError, match="bbox"):
        EventFilter.from_params({"bbox": "1,2,3"})
    with pytest.raises(ValueError):
        EventFilter(date_from=dt.date(2018, 3, 2), date_to=dt.date(2018, 3, 1))
    assert EventFilter.from_params({"type": "Battles", "unknown": "x", "country": ""}) == (
        EventFilter(event_type="Battles")
    )


def test_concurrent_writers_store_each_text_once(store) -> None:  # noqa: F811
    events = mogadishu_events() | missile_events()
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for round_ in range(5):
                store.add_articles([
                    (replace(a, id=f"{a.id}-{worker}-{round_}"), events[a.id])
                    for a in ARTICLES.values()
                ])
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    counts = store.counts()
    assert (counts.articles, counts.aliases, counts.events, counts.clusters) == (4, 76, 6, 3)
