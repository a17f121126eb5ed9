"""``marsad batch``: code a large archive on a Dask cluster, resumably."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from typing import TYPE_CHECKING

from marsad.model import parse_day

if TYPE_CHECKING:
    from marsad.batch import BatchReport, OutputSpec

NAME = "batch"
HELP = (
    "Code a large archive with Dask distributed: partitions of articles coded in parallel "
    "on local worker processes or a cluster, each written atomically; a re-run skips "
    "finished partitions."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help="article files (.jsonl, .jsonl.gz, .json, .txt), directories, or - for stdin",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=_positive, metavar="N",
        help="start a local cluster of N single-threaded worker processes "
        f"(default: one per core, here {os.cpu_count()})",
    )
    where.add_argument(
        "--scheduler", metavar="tcp://HOST:8786",
        help="use the running Dask cluster at this scheduler address instead",
    )
    parser.add_argument(
        "--partition-size", type=_positive, default=1000, metavar="N",
        help="articles per partition, the unit of work and of resumption (default 1000)",
    )
    out = parser.add_mutually_exclusive_group(required=True)
    out.add_argument(
        "--out", metavar="DIR",
        help="write one file per partition here (part-NNNNNN-<digest>.jsonl|.parquet) and "
        "_manifest.json listing them in order; with --scheduler, a path all workers share",
    )
    out.add_argument(
        "--db", metavar="URL",
        help="write events into the store at this URL (PostgreSQL for a cluster)",
    )
    parser.add_argument(
        "--format", choices=("jsonl", "parquet"), default="jsonl",
        help="file format of --out partitions (default jsonl, as `marsad extract` writes)",
    )
    parser.add_argument(
        "--keep-unlocated", action="store_true",
        help="also write detections that could not be placed or dated (as marsad extract)",
    )
    parser.add_argument(
        "--published", type=_day, metavar="YYYY-MM-DD",
        help="publication day of .txt inputs, and of records that have none",
    )
    parser.add_argument(
        "--no-recluster", action="store_true",
        help="with --db: skip rebuilding the clusters at the end (parallel workers add events "
        "in no fixed order; the rebuild makes the clusters the same on every run)",
    )
    parser.add_argument(
        "--no-progress", action="store_true",
        help="no progress bar (it is shown only when stderr is a terminal anyway)",
    )


def run(args: argparse.Namespace) -> int:
    from marsad import batch
    from marsad.io import InputError

    spec = batch.OutputSpec(
        out_dir=args.out,
        db_url=args.db,
        format=args.format,
        keep_unlocated=args.keep_unlocated,
        partition_size=args.partition_size,
        published=args.published,
    )
    if args.db and args.format != "jsonl":
        print("marsad batch: --format applies to --out only", file=sys.stderr)
        return 2
    config = batch.BatchConfig(
        inputs=list(args.inputs),
        spec=spec,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=not args.no_progress and sys.stderr.isatty(),
        recluster=not args.no_recluster,
    )
    try:
        report = batch.run_batch(config)
    except (InputError, batch.ClusterMismatch) as e:
        print(f"marsad batch: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # scheduler unreachable, output not writable
        print(f"marsad batch: error: {e}", file=sys.stderr)
        return 1
    for problem in report.problems:
        print(problem, file=sys.stderr)
    for index, error in report.failed_partitions:
        print(f"marsad batch: partition {index} failed: {error}", file=sys.stderr)
    print(_summary(report, spec), file=sys.stderr)
    if not report.ok:
        return 1
    return 1 if report.problems else 0


def _summary(r: BatchReport, s: OutputSpec) -> str:
    done = r.partitions - r.skipped_partitions - len(r.failed_partitions)
    where = s.out_dir or "the store"
    rate = r.articles / r.run_s if r.run_s > 0 else 0.0
    lines = [
        f"{r.partitions} partitions: {done} coded, {r.skipped_partitions} already done, "
        f"{len(r.failed_partitions)} failed; {r.articles:,} articles, {r.events:,} events "
        f"-> {where}",
        f"cluster start {r.cluster_start_s:.1f} s, coding {r.run_s:.1f} s "
        f"({rate:,.0f} articles/s)",
    ]
    if r.not_coded:
        lines.append(f"{r.not_coded:,} articles without codable text (empty, not Arabic, too long)")
    if r.problems:
        lines.append(f"{len(r.problems)} records skipped (listed above)")
    if r.failed_partitions:
        lines.append("failed partitions are retried by running the same command again")
    return "\n".join(lines)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _day(value: str) -> dt.date:
    try:
        day = parse_day(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    if day is None:
        raise argparse.ArgumentTypeError("a day is required")
    return day
