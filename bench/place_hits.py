"""Which gazetteer names the resolver accepts most often in the ANT corpus, to review for the
stoplist (ordinary words that are also place names), and how fast resolution runs.

    .venv/bin/python bench/place_hits.py [--corpus ../shared/data/ant-news/articles.jsonl.gz]
        [--limit N] [--top 300]

Prints one line per name: accepted count, raw count, the chosen place, the most common word
before it. Corpus: ANT Corpus v2.1 (https://antcorpus.github.io).
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from marsad.geo import Gazetteer, country_evidence, resolve_places
from marsad.text.doc import Doc
from marsad.text.matcher import PhraseMatcher

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "ant-news" / "articles.jsonl.gz"


def place_matcher(gaz: Gazetteer) -> PhraseMatcher:
    """A matcher of every phrase of the gazetteer, each tagged ("place", key)."""
    matcher = PhraseMatcher()
    for surface, key in gaz.phrases():
        matcher.add(surface, ("place", key))
    matcher.build()
    return matcher


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="read only the first N articles")
    ap.add_argument("--top", type=int, default=300)
    args = ap.parse_args()

    gaz = Gazetteer.default()
    matcher = place_matcher(gaz)

    raw: Counter[str] = Counter()
    accepted: Counter[str] = Counter()
    before: dict[str, Counter[str]] = defaultdict(Counter)
    chosen: dict[str, Counter[str]] = defaultdict(Counter)
    docs = []
    with gzip.open(args.corpus, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if args.limit and n >= args.limit:
                break
            rec = json.loads(line)
            docs.append(Doc(rec["title"] + "\n" + rec["text"]))
    started = time.perf_counter()
    resolve_time = 0.0
    for doc in docs:
        matches = matcher.find(doc)
        t = time.perf_counter()
        country_evidence(doc, matches, gaz)
        mentions = resolve_places(doc, matches, gaz)
        resolve_time += time.perf_counter() - t
        for m in matches:
            raw[m.payload[1]] += 1
        for pm in mentions:
            key = " ".join(tok.text for tok in doc.tokens[pm.first:pm.end])
            accepted[key] += 1
            prev = doc.tokens[pm.first - 1].text if pm.first else "^"
            before[key][prev] += 1
            p = pm.place
            chosen[key][f"{p.name}/{p.kind}/{p.country}"] += 1
    elapsed = time.perf_counter() - started
    for key, n in accepted.most_common(args.top):
        top_place = chosen[key].most_common(1)[0][0]
        top_prev = ", ".join(f"{w}:{c}" for w, c in before[key].most_common(3))
        print(f"{n:6d}  {key:20}  {top_place:45}  {top_prev}")
    per_doc = resolve_time / max(len(docs), 1) * 1000
    print(f"{len(docs)} articles, match+resolve {elapsed:.1f} s; "
          f"country_evidence+resolve_places {per_doc:.3f} ms per article")


if __name__ == "__main__":
    main()
