"""``marsad export``: the store's de-duplicated events as ACLED CSV, GeoJSON or JSON Lines."""

from __future__ import annotations

import argparse
import sys

from marsad.commands._common import ensure_utf8
from marsad.commands._store import add_store_arguments, open_filtered

NAME = "export"
HELP = (
    "Export the de-duplicated events (clusters) of the store: ACLED's CSV columns, "
    "RFC 7946 GeoJSON, or JSON Lines with every source."
)
FORMATS = ("acled-csv", "geojson", "jsonl")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", "-f", choices=FORMATS, default="acled-csv",
                        help="output format (default acled-csv)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    add_store_arguments(parser, text_filter=True)


def run(args: argparse.Namespace) -> int:
    from marsad.store.export import export

    opened = open_filtered(NAME, args)
    if opened is None:
        return 2
    flt, store = opened
    with store:
        try:
            if args.output:
                with open(args.output, "w", encoding="utf-8", newline="") as out:
                    written = export(store, flt, args.format, out)
            else:
                ensure_utf8(sys.stdout)
                written = export(store, flt, args.format, sys.stdout)
        except OSError as e:
            print(f"marsad export: {e}", file=sys.stderr)
            return 2
    print(f"marsad export: {written:,} events ({args.format})", file=sys.stderr)
    return 0
