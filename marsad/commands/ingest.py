"""``marsad ingest``: code articles from files, directories, pages and feeds into the store."""

from __future__ import annotations

import argparse
import os
import sys

from marsad.commands._common import Reporter, day
from marsad.commands._store import add_db_argument, open_db

NAME = "ingest"
HELP = (
    "Code and store articles from .txt/.json/.jsonl/.jsonl.gz files, directories, HTML "
    "pages and RSS/Atom feeds (files or URLs); known articles are skipped."
)
MAX_ERRORS_SHOWN = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs", nargs="+", metavar="PATH_OR_URL",
        help="article files, directories, .html/.rss/.atom/.xml files, http(s) URLs, or -",
    )
    add_db_argument(parser)
    parser.add_argument(
        "--published", type=day, metavar="YYYY-MM-DD",
        help="publication day of inputs that have none (.txt files, pages without a date)",
    )
    parser.add_argument(
        "--jobs", "-j", type=_positive, default=min(2, os.cpu_count() or 1), metavar="N",
        help="worker processes coding articles (default: 2, or 1 on one core)",
    )
    parser.add_argument(
        "--batch-size", type=_positive, default=250, metavar="N",
        help="articles per transaction (default 250); an interrupted run loses at most one",
    )
    parser.add_argument(
        "--errors", metavar="FILE", help="also write every skipped record to FILE, one a line"
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="only the summary")


def run(args: argparse.Namespace) -> int:
    from marsad.ingest import Ingester, count_sources, read_sources, resolve_sources
    from marsad.io import InputError

    try:
        sources = resolve_sources(args.inputs)
    except InputError as e:
        print(f"marsad ingest: {e}", file=sys.stderr)
        return 2
    reporter = Reporter(total=count_sources(sources), label="ingesting")
    shown = 0

    def on_error(error: object) -> None:
        nonlocal shown
        shown += 1
        if not args.quiet and shown <= MAX_ERRORS_SHOWN:
            reporter.say(f"skipped {error}")

    store = open_db(NAME, args)
    if store is None:
        return 2
    with store, reporter.running():
        ingester = Ingester(
            store, jobs=args.jobs, batch_size=args.batch_size,
            on_item=reporter.advance, on_error=on_error,
        )
        report = ingester.run(read_sources(sources, published=args.published))
        counts = store.counts()
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as fh:
            fh.writelines(f"{e}\n" for e in report.errors)
    if shown > MAX_ERRORS_SHOWN and not args.quiet:
        print(f"... {shown - MAX_ERRORS_SHOWN} more skipped records", file=sys.stderr)
    print(f"marsad ingest: {report.summary()}", file=sys.stderr)
    print(
        f"store {store.url}: {counts.articles:,} articles ({counts.aliases:,} duplicate ids), "
        f"{counts.events:,} events, {counts.clusters:,} clusters",
        file=sys.stderr,
    )
    return 1 if report.errors else 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number
