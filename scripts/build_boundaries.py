"""Build the offline map layers of the web page from Natural Earth (public domain).

Reads ``../shared/data/geo/natural-earth``:
- ``countries-50m.json`` (TopoJSON, world-atlas 2.0.2, Natural Earth 1:50m): the shared arcs
  are simplified once (Douglas-Peucker), so neighbouring countries keep a common border;
- ``admin1-mena.geojson`` (Natural Earth 10m admin-1 of 36 countries): each ring simplified.

Writes small GeoJSON files into ``marsad/web/static/geo/`` (coordinates rounded), which the
package ships and the page loads from its own server. "Made with Natural Earth."

    .venv/bin/python scripts/build_boundaries.py [--source DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "geo" / "natural-earth"
DEFAULT_OUT = REPO / "marsad" / "web" / "static" / "geo"

Point = tuple[float, float]

COUNTRY_TOLERANCE = 0.03  # degrees, about 3 km
ADMIN1_TOLERANCE = 0.02
COUNTRY_DIGITS = 2
ADMIN1_DIGITS = 2


def perpendicular_distance(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    px, py = x1 + t * dx, y1 + t * dy
    return ((x - px) ** 2 + (y - py) ** 2) ** 0.5


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative; the first and last points are always kept."""
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        lo, hi = stack.pop()
        best, index = 0.0, -1
        for i in range(lo + 1, hi):
            d = perpendicular_distance(points[i], points[lo], points[hi])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.append((lo, index))
            stack.append((index, hi))
    return [p for p, k in zip(points, keep, strict=True) if k]


def round_line(points: Sequence[Point], digits: int) -> list[list[float]]:
    """Round and drop consecutive repeats."""
    out: list[list[float]] = []
    for x, y in points:
        q = [round(x, digits), round(y, digits)]
        if not out or out[-1] != q:
            out.append(q)
    return out


def clean_ring(points: Sequence[Point], tolerance: float, digits: int) -> list[list[float]] | None:
    """A closed ring simplified and rounded, or None when it collapses below a triangle."""
    if len(points) < 4:
        return None
    # Split a closed ring in two so Douglas-Peucker has two distinct anchors.
    half = len(points) // 2
    first = simplify(points[: half + 1], tolerance)
    second = simplify(points[half:], tolerance)
    ring = round_line(first[:-1] + second, digits)
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring if len(ring) >= 4 else None


# -- TopoJSON ---------------------------------------------------------------------------


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Absolute coordinates of every arc of a quantized TopoJSON topology."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            pts: list[Point] = []
            for dx, dy in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(pts)
    return arcs


def ring_from_arcs(indexes: Sequence[int], arcs: list[list[Point]]) -> list[Point]:
    ring: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def topology_to_features(
    topology: dict, name: str, tolerance: float, digits: int
) -> list[dict]:
    arcs = [simplify(arc, tolerance) for arc in decode_arcs(topology)]
    features = []
    for geom in topology["objects"][name]["geometries"]:
        if geom.get("type") == "Polygon":
            polygons = [geom["arcs"]]
        elif geom.get("type") == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        out_polygons = []
        for polygon in polygons:
            rings = [round_line(ring_from_arcs(r, arcs), digits) for r in polygon]
            rings = [r for r in rings if len(r) >= 4]
            if rings:
                out_polygons.append(rings)
        if not out_polygons:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": geom.get("properties", {}).get("name", ""),
                    "iso_n3": str(geom.get("id", "")),
                },
                "geometry": polygon_geometry(out_polygons),
            }
        )
    return features


def polygon_geometry(polygons: list[list[list[list[float]]]]) -> dict:
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


# -- GeoJSON ----------------------------------------------------------------------------


def simplify_feature(
    feature: dict, tolerance: float, digits: int, keep: Sequence[str]
) -> dict | None:
    geom = feature.get("geometry") or {}
    if geom.get("type") == "Polygon":
        polygons = [geom["coordinates"]]
    elif geom.get("type") == "MultiPolygon":
        polygons = geom["coordinates"]
    else:
        return None
    out_polygons = []
    for polygon in polygons:
        rings = [clean_ring([tuple(p[:2]) for p in ring], tolerance, digits) for ring in polygon]
        if rings and rings[0] is not None:
            out_polygons.append([r for r in rings if r is not None])
    if not out_polygons:
        return None
    props = feature.get("properties") or {}
    return {
        "type": "Feature",
        "properties": {k: props.get(k, "") for k in keep},
        "geometry": polygon_geometry(out_polygons),
    }


def write_collection(path: Path, features: list[dict]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "type": "FeatureCollection",
        "attribution": "Made with Natural Earth (public domain), naturalearthdata.com",
        "features": features,
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return len(text.encode("utf-8"))


def build(source: Path, out: Path) -> dict[str, int]:
    topology = json.loads((source / "countries-50m.json").read_text(encoding="utf-8"))
    countries = topology_to_features(topology, "countries", COUNTRY_TOLERANCE, COUNTRY_DIGITS)
    admin1_doc = json.loads((source / "admin1-mena.geojson").read_text(encoding="utf-8"))
    admin1 = [
        f
        for f in (
            simplify_feature(
                feat, ADMIN1_TOLERANCE, ADMIN1_DIGITS,
                ("iso_3166_2", "iso_a2", "admin", "name_en", "name_ar"),
            )
            for feat in admin1_doc["features"]
        )
        if f is not None
    ]
    return {
        "countries.geojson": write_collection(out / "countries.geojson", countries),
        "admin1.geojson": write_collection(out / "admin1.geojson", admin1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not (args.source / "countries-50m.json").exists():
        print(f"no Natural Earth data in {args.source}", file=sys.stderr)
        return 1
    sizes = build(args.source, args.out)
    for name, size in sizes.items():
        print(f"{args.out / name}: {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
