"""Whole-corpus `marsad batch`: 1 vs 2 workers, peak memory per worker, start-up time.

    .venv/bin/python bench/bench_batch.py [--workers 1 2] [--partition-size 1000]
        [--articles PATH] [--no-check] [--json OUT]

For each worker count, a fresh LocalCluster of single-threaded worker processes codes the
corpus (17,796 ANT Corpus articles, https://antcorpus.github.io) into JSONL partitions.
Reported: cluster start-up (workers spawned and their extractor loaded), coding time and
articles/s (start-up excluded), wall time (start-up included), each worker's peak RSS
(``ru_maxrss`` read on the worker at the end), the speed-up of N workers over 1, articles
per worker CPU-second, and how busy the workers were (their CPU time over N x coding
time: well below 90% means other processes competed for the cores).
Unless ``--no-check``, ``marsad extract`` also runs on the same input and the
concatenated partitions must equal its output byte for byte. The checks of issue 5 are
printed last: one worker >= 1,000 articles/s, 2 workers >= 1.7x one, peak RSS <= 500 MB
per worker, batch output = extract output.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from marsad import batch

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "ant-news" / "articles.jsonl.gz"


def run(corpus: Path, workers: int, partition_size: int, out: Path) -> dict:
    config = batch.BatchConfig(
        inputs=[str(corpus)],
        spec=batch.OutputSpec(out_dir=str(out), partition_size=partition_size),
        workers=workers,
        progress=False,
    )
    started, client_cpu = time.perf_counter(), time.process_time()
    report = batch.run_batch(config)
    wall = time.perf_counter() - started
    client_cpu = time.process_time() - client_cpu
    if not report.ok:
        raise SystemExit(f"batch failed: {report.failed_partitions}")
    return {
        "workers": workers,
        "articles": report.articles,
        "events": report.events,
        "partitions": report.partitions,
        "cluster_start_s": report.cluster_start_s,
        "coding_s": report.run_s,
        "wall_s": wall,
        "articles_per_s": report.articles / report.run_s,
        "articles_per_s_with_startup": report.articles / wall,
        "worker_peak_rss_mb": [w["peak_rss_mb"] for w in report.workers],
        "worker_cpu_s": [w["cpu_s"] for w in report.workers],
        "articles_per_worker_cpu_s": report.articles / sum(w["cpu_s"] for w in report.workers),
        # how much of a core each worker got while coding: below ~90% other work competed
        "worker_busy": sum(w["cpu_s"] for w in report.workers) / (workers * report.run_s),
        "client_and_scheduler_cpu_s": client_cpu,
        "worker_extractor_load_s": [w["extractor_load_s"] for w in report.workers],
    }


def extract_output(corpus: Path, dest: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "marsad.cli", "extract", str(corpus), "-o", str(dest)],
        check=False, stderr=subprocess.DEVNULL, cwd=REPO,
    )
    return time.perf_counter() - started


def concatenated(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in batch.partition_files(out))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=CORPUS, help="corpus .jsonl(.gz)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--partition-size", type=int, default=1000)
    parser.add_argument("--no-check", action="store_true",
                        help="skip the comparison with `marsad extract`")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write results here")
    args = parser.parse_args()
    if not args.articles.is_file():
        print(f"no corpus at {args.articles}", file=sys.stderr)
        return 2

    runs = []
    same = None
    extract_s = None
    with tempfile.TemporaryDirectory(prefix="marsad-bench-batch-") as tmp:
        for n in args.workers:
            runs.append(run(args.articles, n, args.partition_size, Path(tmp) / f"w{n}"))
        if not args.no_check:
            reference = Path(tmp) / "extract.jsonl"
            extract_s = extract_output(args.articles, reference)
            expected = reference.read_bytes()
            same = all(concatenated(Path(tmp) / f"w{n}") == expected for n in args.workers)

    base = next((r for r in runs if r["workers"] == 1), None)
    for r in runs:
        r["speedup_vs_1"] = r["articles_per_s"] / base["articles_per_s"] if base else None
    results = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "load_average": os.getloadavg()},
        "partition_size": args.partition_size,
        "runs": runs,
        "extract_single_process_s": extract_s,
        "batch_equals_extract": same,
        "checks": issue5_checks(runs, same),
    }
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if same in (True, None) else 1


def issue5_checks(runs: list[dict], same: bool | None) -> dict[str, bool]:
    """The checks of issue 5 that this run measures (start-up excluded throughout)."""
    by_workers = {r["workers"]: r for r in runs}
    checks = {"issue5_peak_rss_500_mb_per_worker":
              max(m for r in runs for m in r["worker_peak_rss_mb"]) <= 500}
    if 1 in by_workers:
        checks["issue5_1000_per_s_per_core"] = by_workers[1]["articles_per_s"] >= 1000
    if 1 in by_workers and 2 in by_workers:
        checks["issue5_2_workers_1.7x"] = by_workers[2]["speedup_vs_1"] >= 1.7
    if same is not None:
        checks["issue5_batch_equals_extract"] = same
    return checks


def print_table(results: dict) -> None:
    header = ("workers", "start s", "coding s", "art/s", "art/s/worker", "w/ start-up",
              "speed-up", "art/CPU-s", "worker busy", "peak RSS MB")
    print("  ".join(f"{h:>12}" for h in header))
    for r in results["runs"]:
        cells = (
            r["workers"], f"{r['cluster_start_s']:.1f}", f"{r['coding_s']:.1f}",
            f"{r['articles_per_s']:,.0f}", f"{r['articles_per_s'] / r['workers']:,.0f}",
            f"{r['articles_per_s_with_startup']:,.0f}",
            f"{r['speedup_vs_1']:.2f}x" if r["speedup_vs_1"] else "-",
            f"{r['articles_per_worker_cpu_s']:,.0f}",
            f"{r['worker_busy']:.0%}",
            "/".join(f"{m:.0f}" for m in r["worker_peak_rss_mb"]),
        )
        print("  ".join(f"{c:>12}" for c in cells))
    print(f"load average at the end: {results['machine']['load_average'][0]:.2f} "
          f"on {results['machine']['cpus']} cores")
    first = results["runs"][0]
    print(f"{first['articles']:,} articles, {first['events']:,} events, "
          f"{first['partitions']} partitions of {results['partition_size']}")
    if results["batch_equals_extract"] is not None:
        verdict = "identical to" if results["batch_equals_extract"] else "DIFFERENT from"
        print(f"batch output {verdict} `marsad extract` "
              f"({results['extract_single_process_s']:.1f} s single process)")
    for check, ok in results["checks"].items():
        print(f"{'PASS' if ok else 'FAIL'}  {check}")


if __name__ == "__main__":
    sys.exit(main())
