"""Pick a few hundred conflict reports from the ANT corpus for ``marsad demo --serve``.

Reads ``../shared/data/ant-news/articles.jsonl.gz`` (ANT Corpus v2.1, cite: A. Chouigui,
O. Ben Khiroun, B. Elayeb, "An Arabic Multi-source News Corpus: Experimenting on
Single-document Extractive Summarization", AJSE 2021; https://antcorpus.github.io) and writes
``marsad/examples/ant-sample.jsonl.gz``: Middle-East articles of a two-month window that use
the vocabulary of armed conflict and protest, spread over the days and the outlets so the
timeline is dense and the same event is often reported by more than one outlet.
Exact duplicate texts and repeated URLs are dropped. Deterministic.

    .venv/bin/python scripts/build_demo_sample.py [--count 300]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "ant-news" / "articles.jsonl.gz"
DEFAULT_OUT = REPO / "marsad" / "examples" / "ant-sample.jsonl.gz"

CONFLICT_WORDS = (
    "قصف", "غارة", "غارات", "اشتباكات", "اشتباك", "قتلى", "مقتل", "قتل", "انفجار",
    "هجوم", "مسلحين", "مسلحون", "تفجير", "متظاهرين", "محتجين", "احتجاجات", "اعتقال",
    "صاروخ", "صواريخ", "قذائف", "جرحى", "عبوة", "انتحاري", "طائرة مسيرة", "معارك",
)
KEEP_FIELDS = ("id", "outlet", "category", "published", "url", "title", "text")
MAX_TEXT_CHARS = 6000


def read_records(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def conflict_score(text: str) -> int:
    return sum(text.count(word) for word in CONFLICT_WORDS)


def candidates(
    records: Iterable[dict], first_day: str, last_day: str, min_score: int
) -> list[tuple[int, dict]]:
    seen_texts: set[str] = set()
    seen_urls: set[str] = set()
    out = []
    for rec in records:
        day = str(rec.get("published") or "")[:10]
        text = rec.get("text") or ""
        if rec.get("category") != "middleEast" or not first_day <= day <= last_day:
            continue
        if not text or len(text) > MAX_TEXT_CHARS:
            continue
        url = rec.get("url") or ""
        if text in seen_texts or (url and url in seen_urls):
            continue
        score = conflict_score(text)
        if score < min_score:
            continue
        seen_texts.add(text)
        seen_urls.add(url)
        out.append((score, {k: rec.get(k) for k in KEEP_FIELDS}))
    return out


def spread_pick(scored: list[tuple[int, dict]], count: int) -> list[dict]:
    """Round-robin over (day, outlet) buckets, best-scoring first in each bucket."""
    buckets: dict[tuple[str, str], list[tuple[int, dict]]] = defaultdict(list)
    for score, rec in scored:
        buckets[(rec["published"][:10], rec["outlet"])].append((score, rec))
    queues = [
        sorted(items, key=lambda sr: (-sr[0], sr[1]["id"]))
        for _, items in sorted(buckets.items())
    ]
    picked: list[dict] = []
    depth = 0
    while len(picked) < count and any(len(q) > depth for q in queues):
        for queue in queues:
            if len(queue) > depth and len(picked) < count:
                picked.append(queue[depth][1])
        depth += 1
    return sorted(picked, key=lambda r: (r["published"], r["id"]))


def write_sample(path: Path, records: list[dict]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the file byte-identical between runs.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for rec in records:
            gz.write((json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"))
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--from", dest="first_day", default="2018-04-01")
    parser.add_argument("--to", dest="last_day", default="2018-05-31")
    parser.add_argument("--min-score", type=int, default=4)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 1
    scored = candidates(read_records(args.corpus), args.first_day, args.last_day, args.min_score)
    sample = spread_pick(scored, args.count)
    size = write_sample(args.out, sample)
    outlets = sorted({r["outlet"] for r in sample})
    print(
        f"{args.out}: {len(sample)} articles of {len(scored)} candidates, "
        f"{size / 1024:.0f} KiB, outlets: {', '.join(outlets)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
