"""Writing events: JSON Lines, CSV and GeoJSON carry the same fields."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest

from marsad.export import FIELDS, feature, flat_row, write_events
from marsad.model import GUIDELINE_FIELDS, Event, Span

EVIDENCE = "استهدفت طائرات التحالف مواقع في مدينة الحسكة"


def event(**changes: object) -> Event:
    fields: dict = {
        "article_id": "seed",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "event_date": "2022-01-21",
        "time_precision": 1,
        "country": "Syria",
        "admin1": "Al-Hasakah",
        "location": "Al-Hasakah",
        "location_ar": "الحسكة",
        "latitude": 36.50237,
        "longitude": 40.74772,
        "geo_precision": 1,
        "actor1": "Global Coalition against ISIS",
        "actor2": "Islamic State",
        "inter1": 8,
        "inter2": 2,
        "fatalities": 0,
        "evidence": EVIDENCE,
        "evidence_span": Span(0, len(EVIDENCE), EVIDENCE),
        "spans": {"trigger": Span(0, 7, EVIDENCE[:7]), "location": Span(38, 44, "الحسكة")},
        "source": "العربي الجديد",
        "extractor_version": "test",
    }
    fields.update(changes)
    return Event(**fields)


UNPLACED = event(latitude=None, longitude=None, location="", admin1="", geo_precision=None,
                 location_ar="", evidence_span=None, spans={})


def written(events: list[Event], fmt: str) -> tuple[str, object]:
    out = io.StringIO()
    summary = write_events(events, fmt, out)  # type: ignore[arg-type]
    return out.getvalue(), summary


def test_jsonl_has_every_guideline_field_by_its_exact_name() -> None:
    text, summary = written([event(), UNPLACED], "jsonl")
    lines = text.splitlines()
    assert len(lines) == 2 and summary.written == 2
    first = json.loads(lines[0])
    assert list(first) == list(FIELDS)
    assert set(GUIDELINE_FIELDS) <= set(first)
    assert {"article_id", "event_id", "inter1", "inter2", "admin2", "latitude", "longitude",
            "source", "evidence_span", "spans"} <= set(first)
    assert first["location_ar"] == "الحسكة" and "الحسكة" in lines[0]  # not \u-escaped
    assert first["spans"]["location"] == {"start": 38, "end": 44, "text": "الحسكة"}
    assert Event.from_dict(first) == event()
    second = json.loads(lines[1])
    assert second["latitude"] is None and second["evidence_span"] is None


def test_non_finite_coordinates_become_null_in_json() -> None:
    text, _ = written([event(latitude=math.nan, longitude=math.inf)], "jsonl")
    record = json.loads(text)
    assert record["latitude"] is None and record["longitude"] is None


def test_csv_is_a_flat_table_with_the_same_fields() -> None:
    text, summary = written([event(), UNPLACED], "csv")
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert summary.written == 2 and len(rows) == 2
    assert list(rows[0]) == list(FIELDS)
    assert rows[0]["sub_event_type"] == "Air/drone strike"
    assert rows[0]["evidence"] == EVIDENCE
    assert float(rows[0]["latitude"]) == pytest.approx(36.50237)
    assert json.loads(rows[0]["spans"])["trigger"]["text"] == EVIDENCE[:7]
    assert json.loads(rows[0]["evidence_span"])["end"] == len(EVIDENCE)
    assert rows[1]["latitude"] == "" and rows[1]["geo_precision"] == ""
    assert rows[1]["spans"] == "{}"


def test_csv_keeps_multiline_evidence_in_one_cell() -> None:
    text, _ = written([event(evidence='سطر "أول"\nسطر ثان, ثالث')], "csv")
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["evidence"] == 'سطر "أول"\nسطر ثان, ثالث'


def test_flat_row_has_only_scalar_values() -> None:
    row = flat_row(event())
    assert list(row) == list(FIELDS)
    assert all(isinstance(v, str | int | float) for v in row.values())


def assert_rfc7946_feature_collection(doc: dict) -> None:
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    for feat in doc["features"]:
        assert feat["type"] == "Feature"
        assert isinstance(feat["properties"], dict)
        assert isinstance(feat.get("id", ""), str | int)
        geometry = feat["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_is_a_feature_collection_of_lon_lat_points() -> None:
    outside = event(latitude=120.0, longitude=40.0)
    text, summary = written([event(), UNPLACED, outside, event(article_id="b")], "geojson")
    doc = json.loads(text)
    assert_rfc7946_feature_collection(doc)
    assert summary.written == 2 and summary.without_coordinates == 2
    first = doc["features"][0]
    assert first["geometry"]["coordinates"] == [40.74772, 36.50237]  # longitude first
    assert first["id"] == event().event_id
    assert first["properties"]["sub_event_type"] == "Air/drone strike"
    assert first["properties"]["location_ar"] == "الحسكة"
    assert "latitude" not in first["properties"]


def test_empty_geojson_is_still_valid() -> None:
    text, summary = written([UNPLACED], "geojson")
    doc = json.loads(text)
    assert_rfc7946_feature_collection(doc)
    assert doc["features"] == [] and summary.without_coordinates == 1


def test_feature_is_none_without_coordinates() -> None:
    assert feature(UNPLACED) is None
    assert feature(event())["geometry"]["type"] == "Point"  # type: ignore[index]


def test_unknown_format_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        write_events([event()], "xml", io.StringIO())  # type: ignore[arg-type]
