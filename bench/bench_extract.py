"""Single-process speed of the extractor: articles/s with and without start-up.

    .venv/bin/python bench/bench_extract.py [-n 3000] [--articles PATH] [--json OUT]

Measures, on the first N corpus articles (default 3,000; ANT Corpus,
https://antcorpus.github.io):

- *start-up included*: a fresh ``python -m marsad.cli extract FILE -o /dev/null`` timed
  from process start to exit, once with the compiled-lexicon cache cold (an empty cache
  directory) and once warm; the issue-2 check is >= 500 articles/s warm;
- *start-up alone*: a fresh process that only loads ``Extractor.default()``;
- *start-up excluded*: in this process, after the extractor is loaded, the same work as
  ``marsad extract`` (read, code, write JSONL to /dev/null) and ``extract()`` alone, with
  per-article latencies; the issue-5 check is >= 1,000 articles/s per core.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "ant-news" / "articles.jsonl.gz"


def first_articles(corpus: Path, n: int, dest: Path) -> int:
    count = 0
    with gzip.open(corpus, "rb") as src, dest.open("wb") as out:
        for line in src:
            if count == n:
                break
            if line.strip():
                out.write(line)
                count += 1
    return count


def timed_process(args: list[str], env: dict[str, str]) -> float:
    """Wall seconds from process start to exit."""
    started = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=REPO)
    return time.perf_counter() - started


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def startup_included(sample: Path, n: int, cache_dir: str) -> dict[str, float]:
    env = {**os.environ, "MARSAD_CACHE_DIR": cache_dir}
    extract = [sys.executable, "-m", "marsad.cli", "extract", str(sample), "-o", os.devnull]
    load_only = [sys.executable, "-c",
                 "from marsad.pipeline import Extractor; Extractor.default()"]
    cold = timed_process(extract, env)  # the cache directory starts empty
    cpu_before = children_cpu()
    warm = min(timed_process(extract, env) for _ in range(2))
    warm_cpu = (children_cpu() - cpu_before) / 2
    startup = min(timed_process(load_only, env) for _ in range(2))
    python_alone = min(timed_process([sys.executable, "-c", "pass"], env) for _ in range(2))
    return {
        "cold_cache_s": cold,
        "cold_cache_articles_per_s": n / cold,
        "warm_cache_s": warm,
        "warm_cache_articles_per_s": n / warm,
        "warm_cache_cpu_s": warm_cpu,
        "startup_s": startup,
        "python_startup_s": python_alone,
    }


def startup_excluded(sample: Path) -> dict[str, float]:
    from marsad.coding import code_article, load_extractor
    from marsad.export import EventWriter
    from marsad.io import RecordError, read_articles

    extractor = load_extractor()
    articles = [a for a in read_articles([str(sample)]) if not isinstance(a, RecordError)]
    extractor.extract(articles[0])  # first-call effects (lazy imports) stay out of the timing

    started, cpu_started = time.perf_counter(), time.process_time()
    writer = EventWriter("jsonl", io.StringIO())
    events = 0
    for article in read_articles([str(sample)]):
        if isinstance(article, RecordError):
            continue
        for event in code_article(extractor, article).events:
            writer.write(event)
            events += 1
    writer.close()
    like_extract = time.perf_counter() - started
    like_extract_cpu = time.process_time() - cpu_started

    latencies = []
    for article in articles:
        t0 = time.perf_counter()
        extractor.extract(article)
        latencies.append(time.perf_counter() - t0)
    extract_only = sum(latencies)
    latencies.sort()
    return {
        "articles": len(articles),
        "events": events,
        "read_code_write_s": like_extract,
        "read_code_write_articles_per_s": len(articles) / like_extract,
        "read_code_write_cpu_s": like_extract_cpu,
        "read_code_write_articles_per_cpu_s": len(articles) / like_extract_cpu,
        "extract_only_s": extract_only,
        "extract_only_articles_per_s": len(articles) / extract_only,
        "latency_p50_ms": 1000 * statistics.median(latencies),
        "latency_p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
        "latency_max_ms": 1000 * latencies[-1],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=3000, help="first N articles (default 3000)")
    parser.add_argument("--articles", type=Path, default=CORPUS, help="corpus .jsonl.gz")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write results here")
    args = parser.parse_args()
    if not args.articles.is_file():
        print(f"no corpus at {args.articles}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        sample = Path(tmp) / "sample.jsonl"
        n = first_articles(args.articles, args.n, sample)
        included = startup_included(sample, n, str(Path(tmp) / "cache"))
        excluded = startup_excluded(sample)

    results = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "load_average": os.getloadavg()},
        "articles": n,
        "startup_included": included,
        "startup_excluded": excluded,
        "checks": {
            "issue2_500_per_s_with_startup": included["warm_cache_articles_per_s"] >= 500,
            "issue5_1000_per_s_per_core": excluded["read_code_write_articles_per_s"] >= 1000,
        },
    }
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def print_table(r: dict) -> None:
    inc, exc = r["startup_included"], r["startup_excluded"]
    rows = [
        ("articles", f"{r['articles']:,}", f"{exc['events']:,} events"),
        ("extract, fresh process, cold cache", f"{inc['cold_cache_s']:.2f} s",
         f"{inc['cold_cache_articles_per_s']:,.0f} art/s"),
        ("extract, fresh process, warm cache", f"{inc['warm_cache_s']:.2f} s",
         f"{inc['warm_cache_articles_per_s']:,.0f} art/s ({inc['warm_cache_cpu_s']:.2f} CPU-s)"),
        ("start-up (load extractor, warm)", f"{inc['startup_s']:.2f} s",
         f"python alone {inc['python_startup_s']:.2f} s"),
        ("in-process read+code+write", f"{exc['read_code_write_s']:.2f} s",
         f"{exc['read_code_write_articles_per_s']:,.0f} art/s"),
        ("  the same, CPU time", f"{exc['read_code_write_cpu_s']:.2f} s",
         f"{exc['read_code_write_articles_per_cpu_s']:,.0f} art/CPU-s"),
        ("in-process extract() only", f"{exc['extract_only_s']:.2f} s",
         f"{exc['extract_only_articles_per_s']:,.0f} art/s"),
        ("latency p50 / p99 / max", f"{exc['latency_p50_ms']:.2f} ms",
         f"{exc['latency_p99_ms']:.1f} / {exc['latency_max_ms']:.1f} ms"),
    ]
    width = max(len(name) for name, _, _ in rows)
    for name, a, b in rows:
        print(f"{name:<{width}}  {a:>10}  {b}")
    print(f"load average at the end: {r['machine']['load_average'][0]:.2f} "
          f"on {r['machine']['cpus']} cores (other work slows wall-clock numbers)")
    for check, ok in r["checks"].items():
        print(f"{'PASS' if ok else 'FAIL'}  {check}")


if __name__ == "__main__":
    sys.exit(main())
