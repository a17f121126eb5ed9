"""Exports of the clusters (de-duplicated events) of a store.

- ``acled-csv``: ACLED's columns in ACLED's order (``marsad.acled.COLUMNS``), one row per
  cluster, UTF-8, no BOM;
- ``geojson``: an RFC 7946 FeatureCollection, one Feature per cluster, geometry a Point
  ``[longitude, latitude]`` (WGS 84) or null when the cluster has no coordinates;
  properties are the ACLED columns plus ``sources`` and ``claims``;
- ``jsonl``: one cluster per line with every member (event, evidence, spans, article)
  and its claims.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, Literal, TextIO

from marsad import acled
from marsad.store.base import Store
from marsad.store.types import ClusterDetail, EventFilter

ExportFormat = Literal["acled-csv", "geojson", "jsonl"]
EXPORT_FORMATS: tuple[str, ...] = ("acled-csv", "geojson", "jsonl")


def write_export(
    store: Store, flt: EventFilter | None, fmt: str, out: TextIO
) -> Iterator[int]:
    """Write the matching clusters to ``out``; a generator that yields the number written
    after each cluster (so a caller can stream), and writes nothing until iterated.

    Use ``export(...)`` to run it to the end. Raises ValueError for an unknown format.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    return _write(store, flt, fmt, out)


def export(store: Store, flt: EventFilter | None, fmt: str, out: TextIO) -> int:
    """Write the whole export; the number of clusters written."""
    counts = list(write_export(store, flt, fmt, out))
    return counts[-1] if counts else 0


def _write(store: Store, flt: EventFilter | None, fmt: str, out: TextIO) -> Iterator[int]:
    details = store.iter_cluster_details(flt, order="date_asc")
    written = 0
    if fmt == "acled-csv":
        writer = csv.DictWriter(out, fieldnames=acled.COLUMNS, lineterminator="\n")
        writer.writeheader()
        for detail in details:
            writer.writerow(acled.row(detail))
            written += 1
            yield written
    elif fmt == "geojson":
        out.write('{"type": "FeatureCollection", "features": [')
        for detail in details:
            out.write(("\n" if written == 0 else ",\n") + _dumps(feature(detail)))
            written += 1
            yield written
        out.write("\n]}\n")
    else:
        for detail in details:
            out.write(_dumps(detail.to_dict()) + "\n")
            written += 1
            yield written
    out.flush()
    yield written


def feature(detail: ClusterDetail) -> dict[str, Any]:
    """The cluster as an RFC 7946 Feature."""
    c = detail.cluster
    properties = acled.row(detail)
    properties["cluster_id"] = c.id
    properties["sources"] = [m.article.to_dict() | {"event_id": m.event.event_id,
                                                    "evidence": m.event.evidence}
                             for m in detail.members]
    properties["claims"] = [claim.to_dict() for claim in detail.claims]
    geometry = None
    if (
        c.latitude is not None
        and c.longitude is not None
        and -90 <= c.latitude <= 90
        and -180 <= c.longitude <= 180
    ):
        geometry = {"type": "Point", "coordinates": [c.longitude, c.latitude]}
    return {
        "type": "Feature",
        "id": properties["event_id_cnty"],
        "geometry": geometry,
        "properties": properties,
    }


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)
