"""Latency of ``GET /api/events`` on a store holding the whole ANT corpus.

Ingests ``../shared/data/ant-news/articles.jsonl.gz`` (ANT Corpus, Chouigui et al.,
AJSE 2021; https://antcorpus.github.io) with marsad's own ingest into an SQLite store
(once: an existing store is reused), serves the API with uvicorn on 127.0.0.1 (a free
port) and times HTTP requests from this process: a warm-up, then ``--repeat`` requests per
query. Target: the median of 20 ``GET /api/events`` ≤ 200 ms.

    .venv/bin/python bench/bench_api.py [--db PATH] [--repeat 20] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "ant-news" / "articles.jsonl.gz"
DEFAULT_DB = REPO / ".marsad-cache" / "bench-corpus.db"
TARGET_MS = 200.0
QUERIES = {
    "events (default page of 100)": "/api/events",
    "events, country=Syria": "/api/events?country=Syria",
    "events, 2018-04 window": "/api/events?from=2018-04-01&to=2018-04-30",
    "events, bbox Syria": "/api/events?bbox=35.5,32.0,42.5,37.5",
    "events, full text": "/api/events?q=%D8%BA%D8%A7%D8%B1%D8%A9",
    "events, page of 1000": "/api/events?limit=1000",
    "stats": "/api/stats",
}


def ensure_store(db: Path, corpus: Path, jobs: int) -> dict:
    from marsad.ingest import Ingester, read_sources
    from marsad.store import open_store

    db.parent.mkdir(parents=True, exist_ok=True)
    with open_store(str(db)) as store:
        if store.counts().articles == 0:
            print(f"ingesting {corpus} into {db} ({jobs} jobs) ...", file=sys.stderr)
            report = Ingester(store, jobs=jobs).run(read_sources([str(corpus)]))
            print(f"  {report.summary()}", file=sys.stderr)
        return store.counts().to_dict()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path):
    import uvicorn

    from marsad.web.app import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db), token=""), host="127.0.0.1",
                                          port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def time_get(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read()
    return (time.perf_counter() - started) * 1000, len(body)


def measure(base: str, path: str, repeat: int) -> dict:
    time_get(base + path)  # warm-up: caches, first connection of this thread
    samples = [time_get(base + path) for _ in range(repeat)]
    ms = sorted(s[0] for s in samples)
    return {
        "median_ms": round(statistics.median(ms), 1),
        "p90_ms": round(ms[min(len(ms) - 1, int(0.9 * len(ms)))], 1),
        "min_ms": round(ms[0], 1),
        "max_ms": round(ms[-1], 1),
        "bytes": samples[-1][1],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    counts = ensure_store(args.db, args.corpus, args.jobs)
    server, thread, base = start_server(args.db)
    try:
        results = {name: measure(base, path, args.repeat) for name, path in QUERIES.items()}
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    headline = results["events (default page of 100)"]["median_ms"]
    print(json.dumps({"store": counts, "repeat": args.repeat, "results": results}, indent=2))
    verdict = "OK" if headline <= TARGET_MS else "OVER TARGET"
    print(f"GET /api/events: median of {args.repeat} = {headline} ms "
          f"(target ≤ {TARGET_MS:.0f} ms) {verdict}", file=sys.stderr)
    return 0 if headline <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
