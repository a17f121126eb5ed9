"""Recall of place mentions on the NewsFANE Gold NER corpus (Alotaibi & Lee, COLING 2014).

    .venv/bin/python bench/ner_places.py [--corpus PATH] [--chunk 10] [--misses 40]

NewsFANE is token<TAB>BIO-tag, one sentence per block, clitics already split. Consecutive
sentences are joined into small documents (``--chunk`` sentences, so the resolver sees some
context), the packaged gazetteer's phrases are matched and ``resolve_places`` is run. A gold
entity counts as found when a resolved PlaceMention overlaps its tokens ("exact" when the
spans are equal). NewsFANE is world news from the 2000s; the gazetteer covers the Middle
East, North Africa, the Sahel and Afghanistan plus country names, so recall is reported per
tag and also for the entities whose text the gazetteer knows at all (coverage vs filtering).
Data: NewsFANE Gold, CC BY-SA 3.0.
"""

from __future__ import annotations

import argparse
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from place_hits import place_matcher

from marsad.geo import Gazetteer, resolve_places
from marsad.text.doc import Doc

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = (REPO.parent / "shared" / "data" / "peer" / "newsfane"
                  / "NewsFANE_Gold_2014_170K.txt")
PLACE_TAGS = ("Nation", "Population-Center", "State-or-Province", "County-or-District")
OTHER_LOCATION_TAGS = ("GPE-Cluster", "Land-Region-Natural", "Continent", "Water-Body",
                       "Building-Grounds", "Airport", "Path", "Land")


@dataclass(frozen=True)
class Entity:
    tag: str
    first: int  # corpus token index
    end: int
    text: str


def read_sentences(path: Path) -> list[list[tuple[str, str]]]:
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        line = raw.replace("\u200e", "").replace("\ufeff", "")
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        token, _, tag = line.rpartition("\t")
        current.append((token.strip(), tag.strip()))
    if current:
        sentences.append(current)
    return sentences


def entities(tokens: list[tuple[str, str]], offset: int) -> list[Entity]:
    out = []
    start, tag = None, ""
    for i, (_, t) in enumerate([*tokens, ("", "O")]):
        if start is not None and not (t.startswith("I-") and t[2:] == tag):
            text = " ".join(w for w, _ in tokens[start:i])
            out.append(Entity(tag, offset + start, offset + i, text))
            start = None
        if t.startswith("B-") or (t.startswith("I-") and start is None):
            start, tag = i, t[2:]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--chunk", type=int, default=10, help="sentences per document")
    ap.add_argument("--misses", type=int, default=0, help="print the N most frequent misses")
    args = ap.parse_args()

    gaz = Gazetteer.default()
    matcher = place_matcher(gaz)

    sentences = read_sentences(args.corpus)
    gold_total: Counter[str] = Counter()
    found: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    known_total: Counter[str] = Counter()
    known_found: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    mentions_total = mentions_on_location = 0
    for c in range(0, len(sentences), args.chunk):
        chunk = sentences[c:c + args.chunk]
        words = [w for s in chunk for w, _ in s]
        gold = []
        offset = 0
        for s in chunk:
            gold += entities(s, offset)
            offset += len(s)
        text = "\n".join(" ".join(w for w, _ in s) for s in chunk)
        starts, pos = [], 0
        for s in chunk:
            for w, _ in s:
                starts.append(pos)
                pos += len(w) + 1
        doc = Doc(text)
        covered: set[int] = set()
        spans: set[tuple[int, int]] = set()
        for m in resolve_places(doc, matcher.find(doc), gaz):
            a = bisect_right(starts, doc.norm.orig_index(doc.tokens[m.first].start)) - 1
            b = bisect_right(starts, doc.norm.orig_index(doc.tokens[m.end - 1].start) ) - 1
            covered.update(range(a, b + 1))
            spans.add((a, b + 1))
            mentions_total += 1
            if any(g.first <= a < g.end for g in gold
                   if g.tag in PLACE_TAGS + OTHER_LOCATION_TAGS):
                mentions_on_location += 1
        for g in gold:
            if g.tag not in PLACE_TAGS + OTHER_LOCATION_TAGS:
                continue
            gold_total[g.tag] += 1
            hit = any(i in covered for i in range(g.first, g.end))
            found[g.tag] += hit
            exact[g.tag] += (g.first, g.end) in spans
            known = gaz.places(" ".join(Doc(g.text).view.split())) != []
            known_total[g.tag] += known
            known_found[g.tag] += known and hit
            if not hit and g.tag in PLACE_TAGS:
                misses[g.text] += 1
        del words

    print(f"NewsFANE Gold: {len(sentences):,} sentences in documents of {args.chunk}")
    print(f"{'tag':22} {'gold':>6} {'found':>6} {'recall':>7} {'exact':>7} "
          f"{'in gaz.':>8} {'recall|in gaz.':>15}")
    for tag in (*PLACE_TAGS, "ALL PLACE TAGS", *OTHER_LOCATION_TAGS):
        tags = PLACE_TAGS if tag == "ALL PLACE TAGS" else (tag,)
        g = sum(gold_total[t] for t in tags)
        if not g:
            continue
        f = sum(found[t] for t in tags)
        e = sum(exact[t] for t in tags)
        k = sum(known_total[t] for t in tags)
        kf = sum(known_found[t] for t in tags)
        print(f"{tag:22} {g:6d} {f:6d} {f / g:7.1%} {e / g:7.1%} {k:8d} "
              f"{(kf / k if k else 0):15.1%}")
    if mentions_total:
        print(f"resolved mentions: {mentions_total:,}; on a gold location entity: "
              f"{mentions_on_location / mentions_total:.1%}")
    for text, n in misses.most_common(args.misses):
        print(f"  miss {n:4d}  {text}")


if __name__ == "__main__":
    main()
