"""Exports of a store on both backends: ACLED CSV (exact columns, codes, notes), RFC 7946
GeoJSON, JSON Lines; filters apply. Real ANT Corpus reports (https://antcorpus.github.io)
with hand-coded events: see strike_fixtures.py."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
from store_backends import store, store_url  # noqa: F401 - fixtures
from strike_fixtures import AL_MOGADISHU, SKY_MOGADISHU, fill

from marsad import acled
from marsad.store import EventFilter
from marsad.store.export import export, write_export

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
]
GEOJSON_SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "geojson-rfc7946.schema.json").read_text(encoding="utf-8")
)


def exported(store_, fmt: str, flt: EventFilter | None = None) -> str:
    out = io.StringIO()
    export(store_, flt, fmt, out)
    return out.getvalue()


def test_acled_csv_has_exactly_acleds_columns_and_one_row_per_event(store) -> None:  # noqa: F811
    fill(store)
    frame = pd.read_csv(
        io.StringIO(exported(store, "acled-csv")), dtype=str, keep_default_na=False
    )
    assert list(frame.columns) == ACLED_COLUMNS
    assert len(frame) == 3
    mogadishu = frame[frame.location == "Mogadishu"].iloc[0]
    assert mogadishu.event_id_cnty.startswith("SOM")
    assert (mogadishu.iso, mogadishu.region, mogadishu.country) == (
        "706", "Eastern Africa", "Somalia"
    )
    assert (mogadishu.event_date, mogadishu.year, mogadishu.time_precision) == (
        "2018-03-25", "2018", "1"
    )
    assert mogadishu.disorder_type == "Political violence"
    assert (mogadishu.inter1, mogadishu.inter2, mogadishu.interaction) == ("3", "7", "37")
    assert mogadishu.civilian_targeting == "Civilian targeting"
    assert mogadishu.source == "Al Arabiya; Sky News Arabia"
    assert mogadishu.source_scale == "Regional"
    assert mogadishu.fatalities == "2"
    assert (mogadishu.latitude, mogadishu.longitude, mogadishu.geo_precision) == (
        "2.0469", "45.3182", "1"
    )
    assert mogadishu.notes.startswith(
        "On 25 March 2018, Unidentified Armed Group (Somalia) used a remote "
        "explosive/landmine/IED against Civilians (Somalia) in Mogadishu (Banadir, Somalia)."
    )
    assert "2 fatalities reported." in mogadishu.notes
    assert "Sources disagree on fatalities: 2 (Al Arabiya); 3 (Sky News Arabia)." in (
        mogadishu.notes
    )
    najran = frame[frame.location == "Najran"].iloc[0]
    assert (najran.iso, najran.region, najran.inter1, najran.interaction) == (
        "682", "Middle East", "3", "30"
    )
    assert najran.source_scale == "International"
    assert najran.civilian_targeting == ""


def test_acled_csv_filters(store) -> None:  # noqa: F811
    fill(store)

    def rows(**params: str) -> list[str]:
        text = exported(store, "acled-csv", EventFilter.from_params(params))
        return sorted(pd.read_csv(io.StringIO(text), keep_default_na=False).location)

    assert rows(country="Saudi Arabia") == ["Jizan", "Najran"]
    assert rows(actor="Unidentified Armed Group") == ["Mogadishu"]
    assert rows(type="Battles") == []
    assert rows(**{"from": "2018-03-25", "to": "2018-03-25"}) == ["Jizan", "Mogadishu", "Najran"]
    header = exported(store, "acled-csv", EventFilter(country="Nowhere"))
    assert header.strip().split(",") == ACLED_COLUMNS


def test_geojson_is_valid_rfc7946(store) -> None:  # noqa: F811
    fill(store)
    doc = json.loads(exported(store, "geojson"))
    jsonschema.validate(doc, GEOJSON_SCHEMA)
    assert len(doc["features"]) == 3
    by_place = {f["properties"]["location"]: f for f in doc["features"]}
    assert by_place["Mogadishu"]["geometry"] == {
        "type": "Point", "coordinates": [45.3182, 2.0469]  # longitude first
    }
    props = by_place["Mogadishu"]["properties"]
    assert {s["outlet"] for s in props["sources"]} == {"Al Arabiya", "Sky News Arabia"}
    assert {c["value"] for c in props["claims"]} == {2, 3}
    empty = json.loads(exported(store, "geojson", EventFilter(country="Nowhere")))
    jsonschema.validate(empty, GEOJSON_SCHEMA)
    assert empty["features"] == []


def test_the_geojson_schema_rejects_what_rfc7946_forbids() -> None:
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [45.3, 2.0]},
             "properties": {}}
    jsonschema.validate({"type": "FeatureCollection", "features": [point]}, GEOJSON_SCHEMA)
    bad = [
        {"type": "FeatureCollection", "features": [point], "crs": {}},
        {"type": "FeatureCollection", "features": [point | {"geometry": {
            "type": "Point", "coordinates": [2.0, 245.3]}}]},  # latitude first
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]},
    ]
    for doc in bad:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(doc, GEOJSON_SCHEMA)


def test_jsonl_has_every_source_with_its_evidence(store) -> None:  # noqa: F811
    fill(store)
    lines = [json.loads(line) for line in exported(store, "jsonl").splitlines()]
    assert len(lines) == 3
    mogadishu = next(c for c in lines if c["location"] == "Mogadishu")
    members = {m["article"]["id"]: m["event"] for m in mogadishu["members"]}
    assert set(members) == {AL_MOGADISHU.id, SKY_MOGADISHU.id}
    for article in (AL_MOGADISHU, SKY_MOGADISHU):
        span = members[article.id]["evidence_span"]
        assert article.text[span["start"] : span["end"]] == members[article.id]["evidence"]


def test_write_export_streams_and_rejects_unknown_formats(store) -> None:  # noqa: F811
    fill(store)
    out = io.StringIO()
    steps = write_export(store, None, "jsonl", out)
    assert out.getvalue() == ""  # nothing before it is iterated
    assert next(steps) == 1 and out.getvalue().count("\n") == 1
    assert list(steps)[-1] == 3
    with pytest.raises(ValueError):
        write_export(store, None, "xlsx", out)


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "expected"),
    [
        ("Battles", "Armed clash", "Political violence"),
        ("Violence against civilians", "Attack", "Political violence"),
        ("Protests", "Peaceful protest", "Demonstrations"),
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Riots", "Mob violence", "Political violence"),
        ("Strategic developments", "Arrests", "Strategic developments"),
    ],
)
def test_disorder_types(event_type: str, sub_event_type: str, expected: str) -> None:
    assert acled.disorder_type(event_type, sub_event_type) == expected


def test_interaction_codes() -> None:
    assert acled.interaction(1, 2) == 12
    assert acled.interaction(7, 1) == 17
    assert acled.interaction(6, None) == 60
    assert acled.interaction(None, 1) is None
    assert acled.inter_code("Protesters (Iraq)", None) == 6
    assert acled.inter_code("Military Forces of Syria (2000-)", None) == 1
    assert acled.inter_code("Houthis", 3) == 3
    assert acled.inter_code("Houthis", None) is None


def test_every_country_the_extractor_names_has_acled_codes() -> None:
    from importlib import resources

    table = resources.files("marsad").joinpath("resources", "countries_ar.tsv")
    names = [
        line.split("\t")[1] for line in table.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    missing = [n for n in names if n.casefold() not in acled.country_codes()]
    assert names and missing == []
