"""``marsad recode``: code stored articles again after the lexicons or the extractor changed."""

from __future__ import annotations

import argparse
import sys

from marsad.commands._common import Reporter
from marsad.commands._store import add_db_argument

NAME = "recode"
HELP = (
    "Re-code stored articles whose events were made by another extractor version "
    "(or all with --all), then rebuild the clusters."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--all", action="store_true",
                        help="re-code every article, not only those of other versions")
    parser.add_argument("--no-recluster", action="store_true",
                        help="keep the incremental clusters instead of rebuilding them all")


def run(args: argparse.Namespace) -> int:
    from marsad.ingest import pipeline_extract, pipeline_version
    from marsad.store import StoreError, open_store

    try:
        store = open_store(args.db)
    except (StoreError, ValueError) as e:
        print(f"marsad recode: {e}", file=sys.stderr)
        return 2
    version = pipeline_version()
    failures = recoded = events = 0
    with store:
        counts = store.counts()
        reporter = Reporter(total=counts.articles, label="re-coding")
        with reporter.running():
            stale = None if args.all else version
            for article in list(store.iter_articles(stale_for=stale)):
                outcome = pipeline_extract(article)
                reporter.advance()
                if isinstance(outcome, str):
                    failures += 1
                    reporter.say(f"skipped {article.id}: {outcome}")
                    continue
                store.replace_events(article.id, outcome, extractor_version=version)
                recoded += 1
                events += len(outcome)
        clusters = store.recluster() if recoded and not args.no_recluster else None
        after = store.counts()
    print(
        f"marsad recode: {recoded:,} articles re-coded with {version} ({events:,} events), "
        f"{failures:,} failed; store: {after.events:,} events, {after.clusters:,} clusters"
        + (" (rebuilt)" if clusters is not None else ""),
        file=sys.stderr,
    )
    return 1 if failures else 0
