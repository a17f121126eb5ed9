"""Writing events as JSON Lines, CSV or GeoJSON.

Every format carries the same fields (:data:`FIELDS`): the guideline fields under their
exact names plus the ids, codes, coordinates, source and evidence offsets.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, TextIO

from marsad.model import EVENT_HEAD_FIELDS, PLACE_FIELDS, Event

Format = Literal["jsonl", "csv", "geojson"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "geojson")
SUFFIX_FORMATS: dict[str, Format] = {".jsonl": "jsonl", ".csv": "csv", ".geojson": "geojson"}

FIELDS = (
    *EVENT_HEAD_FIELDS,
    *PLACE_FIELDS,
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "fatalities",
    "evidence",
    "evidence_span",
    "spans",
    "source",
    "extractor_version",
)


@dataclass(frozen=True, slots=True)
class WriteSummary:
    written: int
    without_coordinates: int = 0  # events left out of GeoJSON


def record(event: Event) -> dict[str, Any]:
    """The event as a JSON-ready dict with the fields of FIELDS, in that order."""
    d = event.to_dict()
    out = {name: d.get(name) for name in FIELDS}
    out["latitude"], out["longitude"] = _finite(event.latitude), _finite(event.longitude)
    return out


def flat_row(event: Event) -> dict[str, str | int | float]:
    """The event as one flat table row: nested values as JSON text, missing values as ''."""
    row: dict[str, str | int | float] = {}
    for name, value in record(event).items():
        if value is None:
            row[name] = ""
        elif isinstance(value, dict | list):
            row[name] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        else:
            row[name] = value
    return row


def coordinates(event: Event) -> tuple[float, float] | None:
    """(longitude, latitude) when the event has valid WGS 84 coordinates, else None."""
    lat, lon = _finite(event.latitude), _finite(event.longitude)
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return (lon, lat)


def feature(event: Event) -> dict[str, Any] | None:
    """An RFC 7946 Point Feature for the event, or None when it has no coordinates."""
    point = coordinates(event)
    if point is None:
        return None
    properties = {k: v for k, v in record(event).items() if k not in ("latitude", "longitude")}
    return {
        "type": "Feature",
        "id": event.event_id,
        "geometry": {"type": "Point", "coordinates": list(point)},
        "properties": properties,
    }


def write_events(events: Iterable[Event], fmt: Format, out: TextIO) -> WriteSummary:
    """Write ``events`` to ``out`` in ``fmt``, streaming. Returns what was written."""
    return _write_all(EventWriter(fmt, out), events)


class EventWriter:
    """Writes events in one format as they come; ``close()`` ends the document."""

    def __init__(self, fmt: Format, out: TextIO) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
        self.fmt, self.out = fmt, out
        self.written = self.without_coordinates = 0
        self._csv: csv.DictWriter | None = None
        if fmt == "csv":
            self._csv = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
            self._csv.writeheader()
        elif fmt == "geojson":
            out.write('{"type": "FeatureCollection", "features": [')

    def write(self, event: Event) -> None:
        if self.fmt == "jsonl":
            self.out.write(_dumps(record(event)) + "\n")
        elif self._csv is not None:
            self._csv.writerow(flat_row(event))
        else:
            feat = feature(event)
            if feat is None:
                self.without_coordinates += 1
                return
            self.out.write(("\n" if self.written == 0 else ",\n") + _dumps(feat))
        self.written += 1

    def close(self) -> WriteSummary:
        if self.fmt == "geojson":
            self.out.write("\n]}\n")
        self.out.flush()
        return WriteSummary(self.written, self.without_coordinates)


def _write_all(writer: EventWriter, events: Iterable[Event]) -> WriteSummary:
    for event in events:
        writer.write(event)
    return writer.close()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None
