"""``marsad stats``: what the store holds: articles, events, clusters by day, type, country."""

from __future__ import annotations

import argparse
import json
import sys

from marsad.commands._common import ensure_utf8
from marsad.commands._store import add_store_arguments, open_filtered

NAME = "stats"
HELP = "Counts of the store: articles, events, clusters; clusters by day, type, country, actor."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--top", type=int, default=10, help="rows per breakdown (default 10)")
    parser.add_argument("--json", action="store_true", help="JSON instead of text")
    add_store_arguments(parser, text_filter=True)


def run(args: argparse.Namespace) -> int:
    opened = open_filtered(NAME, args)
    if opened is None:
        return 2
    flt, store = opened
    with store:
        stats = store.stats(flt, top=args.top)
        url = store.url
    ensure_utf8(sys.stdout)
    if args.json:
        print(json.dumps(stats.to_dict(), ensure_ascii=False, indent=1))
        return 0
    c = stats.counts
    print(f"store {url}")
    print(f"  {c.articles:,} articles (+{c.aliases:,} duplicate ids), {c.events:,} events, "
          f"{c.clusters:,} clusters")
    scope = "matching" if not flt.is_empty else "all"
    print(f"{scope}: {stats.clusters:,} clusters from {stats.events:,} events, "
          f"{stats.fatalities:,} fatalities")
    _table("by type", stats.by_type)
    _table("by country", stats.by_country)
    _table("by actor", stats.by_actor)
    _table("by outlet", stats.by_outlet)
    days = stats.by_day
    if days:
        print(f"by day ({len(days)} days, {days[0][0]} .. {days[-1][0]}; busiest first):")
        for key, n in sorted(days, key=lambda kv: (-kv[1], kv[0]))[: args.top]:
            print(f"  {n:>7,}  {key}")
    return 0


def _table(title: str, rows: list[tuple[str, int]]) -> None:
    if not rows:
        return
    print(f"{title}:")
    for key, n in rows:
        print(f"  {n:>7,}  {key}")
