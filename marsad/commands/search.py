"""``marsad search``: full-text search over the stored articles, with highlights."""

from __future__ import annotations

import argparse
import json
import sys

from marsad.commands._common import ensure_utf8
from marsad.commands._store import add_store_arguments, open_filtered

NAME = "search"
HELP = (
    "Search the stored articles (Arabic normalised like the extractor: الحسكة = الحسكه, "
    "vowels and clitics ignored); prints the best matches with the words highlighted."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="+",
                        help='words (all must occur), "a phrase", or a prefix*')
    parser.add_argument("--limit", "-n", type=int, default=10, help="results (default 10)")
    parser.add_argument("--offset", type=int, default=0, help="skip this many results")
    parser.add_argument("--json", action="store_true", help="JSON instead of text")
    add_store_arguments(parser, text_filter=False)


def run(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    opened = open_filtered(NAME, args)
    if opened is None:
        return 2
    flt, store = opened
    with store:
        try:
            page = store.search(query, flt=flt, limit=args.limit, offset=args.offset)
        except ValueError as e:
            print(f"marsad search: {e}", file=sys.stderr)
            return 2
    ensure_utf8(sys.stdout)
    if args.json:
        print(json.dumps(page.to_dict(), ensure_ascii=False, indent=1))
        return 0
    colour = sys.stdout.isatty()
    before, after = ("\033[1;33m", "\033[0m") if colour else ("[", "]")
    for rank, hit in enumerate(page.items, args.offset + 1):
        a = hit.article
        day = a.published.isoformat() if a.published else "?"
        print(f"{rank}. {a.id}  {day}  {a.outlet}  {a.title}")
        print(f"   {hit.highlighted(before, after)}")
        if a.url:
            print(f"   {a.url}")
    shown = f"{args.offset + 1}-{args.offset + len(page.items)}" if page.items else "none"
    print(f"{page.total:,} articles match; shown {shown}", file=sys.stderr)
    return 0
