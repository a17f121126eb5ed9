"""Whole-corpus `marsad ingest` into a fresh SQLite store: time, counts, idempotence.

    .venv/bin/python bench/ingest_corpus.py [--db PATH] [--jobs 2] [--batch-size 250]
        [--articles PATH] [--json OUT]

Ingests the ANT Corpus file (17,796 articles, https://antcorpus.github.io) as
``marsad ingest`` does (same Ingester, ``--jobs`` worker processes), then ingests it a
second time, and reports: wall and CPU seconds of each run (the target is <= 120 s for the
first), articles added, duplicate texts stored as aliases, events and clusters, what the
second run added (must be nothing), the number of distinct normalised texts in the input
(which must equal the stored articles) and SQLite's ``PRAGMA integrity_check``.
Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from marsad.ingest import Ingester, read_sources
from marsad.store import content_hash, open_store

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "ant-news" / "articles.jsonl.gz"
TARGET_S = 120.0


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def ingest_once(db: str, corpus: Path, jobs: int, batch_size: int) -> dict:
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    with open_store(db) as store:
        report = Ingester(store, jobs=jobs, batch_size=batch_size).run(
            read_sources([str(corpus)])
        )
        counts = store.counts()
    return {
        "wall_s": round(time.perf_counter() - t0, 1),
        "cpu_s": round(cpu_seconds() - cpu0, 1),
        "read": report.read,
        "added": report.added,
        "duplicates": report.duplicates,
        "already_stored": report.existing,
        "skipped": report.skipped,
        "events_added": report.events,
        "store": counts.to_dict(),
    }


def distinct_texts(corpus: Path) -> dict:
    exact, normalised, records = set(), set(), 0
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            records += 1
            exact.add(text)
            normalised.add(content_hash(text))
    return {"records": records, "exact_texts": len(exact), "normalised_texts": len(normalised)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="SQLite file to create (default: a temporary file)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument("--articles", type=Path, default=CORPUS)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    tmp = None
    if args.db:
        db = args.db
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="marsad-bench-")
        db = os.path.join(tmp.name, "corpus.db")

    first = ingest_once(db, args.articles, args.jobs, args.batch_size)
    second = ingest_once(db, args.articles, args.jobs, args.batch_size)
    texts = distinct_texts(args.articles)
    with sqlite3.connect(db) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    size_mb = sum(
        Path(db + s).stat().st_size for s in ("", "-wal") if Path(db + s).exists()
    ) / 1e6
    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_avg_1m": round(os.getloadavg()[0], 2)},
        "jobs": args.jobs,
        "batch_size": args.batch_size,
        "first": first,
        "second": second,
        "input": texts,
        "integrity_check": integrity,
        "db_mb": round(size_mb, 1),
    }
    checks = {
        f"first run <= {TARGET_S:.0f} s": first["wall_s"] <= TARGET_S,
        "second run adds nothing": second["added"] == 0 and second["duplicates"] == 0
        and second["store"] == first["store"],
        "one article per distinct normalised text":
            first["store"]["articles"] == texts["normalised_texts"],
        "every record stored or aliased":
            first["added"] + first["duplicates"] + first["skipped"] == texts["records"],
        "integrity_check ok": integrity == "ok",
    }
    result["checks"] = checks
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if tmp is not None:
        tmp.cleanup()
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
