#!/usr/bin/env python3
"""Reproduce the article selection for eval/tune-gold.jsonl (standard library only).

Rule: walk ../shared/data/ant-news/articles.jsonl.gz in file order; drop every
article_id listed in ../shared/eval/dev-gold.jsonl; keep articles whose `text`
contains (plain substring match) at least one of KEYWORDS -> the "stream".
Take stream positions 5, 102, 199, ... (1-based: 5 + 97*k). A candidate whose text is
longer than 3,000 characters is skipped (not replaced). Stop at 30 articles.
"""
import gzip
import json
import sys
from pathlib import Path

KEYWORDS = ["غارة", "غارات", "قصف", "اشتباكات", "انفجار", "هجوم", "اعتقال", "مظاهرة",
            "احتجاج", "قتل"]
SHARED = Path(__file__).resolve().parents[2] / "shared"
ARTICLES = SHARED / "data" / "ant-news" / "articles.jsonl.gz"
DEV = SHARED / "eval" / "dev-gold.jsonl"
START, STEP, MAXLEN, N = 5, 97, 3000, 30


def stream():
    lines = DEV.read_text(encoding="utf-8").splitlines()
    dev = {json.loads(line)["article_id"] for line in lines if line.strip()}
    with gzip.open(ARTICLES, "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a["id"] in dev:
                continue
            if any(k in a["text"] for k in KEYWORDS):
                yield a


def select():
    chosen, skipped = [], []
    for pos, a in enumerate(stream(), 1):
        if pos < START or (pos - START) % STEP:
            continue
        if len(a["text"]) > MAXLEN:
            skipped.append((pos, a["id"], len(a["text"])))
            continue
        chosen.append((pos, a))
        if len(chosen) == N:
            break
    return chosen, skipped


if __name__ == "__main__":
    chosen, skipped = select()
    for pos, a in chosen:
        print(pos, a["id"], a["published"], len(a["text"]), sep="\t")
    print(f"# skipped (>{MAXLEN} chars):", file=sys.stderr)
    for s in skipped:
        print("#", *s, sep="\t", file=sys.stderr)
