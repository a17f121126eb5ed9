"""``marsad recode``: code stored articles again after the lexicons or the extractor changed."""

from __future__ import annotations

import argparse
import os
import sys

from marsad.commands._common import Reporter
from marsad.commands._store import add_db_argument, open_db

NAME = "recode"
HELP = (
    "Re-code stored articles whose events were made by another extractor version "
    "(or all with --all), then rebuild the clusters."
)
MAX_ERRORS_SHOWN = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--all", action="store_true",
                        help="re-code every article, not only those of other versions")
    parser.add_argument("--no-recluster", action="store_true",
                        help="keep the incremental clusters instead of rebuilding them all")
    parser.add_argument(
        "--jobs", "-j", type=int, default=min(2, os.cpu_count() or 1), metavar="N",
        help="worker processes coding articles (default: 2, or 1 on one core)",
    )


def run(args: argparse.Namespace) -> int:
    from marsad.ingest import pipeline_version, recode

    store = open_db(NAME, args)
    if store is None:
        return 2
    version = pipeline_version()
    with store:
        reporter = Reporter(total=store.counts().articles, label="re-coding")
        with reporter.running():
            report = recode(
                store, everything=args.all, recluster=not args.no_recluster,
                jobs=max(1, args.jobs), on_item=reporter.advance,
            )
        after = store.counts()
    for error in report.errors[:MAX_ERRORS_SHOWN]:
        print(f"skipped {error}", file=sys.stderr)
    rebuilt = " (rebuilt)" if report.clusters is not None else ""
    print(
        f"marsad recode: {report.recoded:,} articles re-coded with {version} "
        f"({report.events:,} events), {len(report.errors):,} failed, {report.seconds:.1f} s; "
        f"store: {after.events:,} events, {after.clusters:,} clusters{rebuilt}",
        file=sys.stderr,
    )
    return 1 if report.errors else 0
