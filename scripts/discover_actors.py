#!/usr/bin/env python3
"""List frequent actor-like phrases in a corpus that the actor lexicon does not cover yet.

An actor-like phrase is a head word (قوات، ميليشيات، جماعة، حركة، تنظيم، كتائب، لواء، جيش،
فصائل، الحرس، الشرطة، مجلس ...) followed by 1-3 words, cut at function words (في، من، على ...).
For each such n-gram the script counts how often it occurs and how often the lexicon
(``ActorLexicon.default()`` through ``find_actors``) already reads the whole n-gram as one
actor mention. Phrases read in fewer than half of their occurrences are printed, most
frequent first, with the actor that covers part of them (if any) and one example. A known
actor followed by more words (الجيش الإسرائيلي الثلاثاء) is hidden unless --extensions.

    .venv/bin/python scripts/discover_actors.py [--corpus FILE.jsonl.gz] [--min-count 8]
        [--top 200] [--limit N] [--max-words 3] [--all] [--extensions]

The corpus is JSON Lines (optionally gzip-compressed) with ``text`` and ``title`` fields,
by default the ANT news corpus (ANT Corpus, https://antcorpus.github.io).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from marsad.actors import ActorLexicon, ActorMention, find_actors  # noqa: E402
from marsad.text.doc import Doc  # noqa: E402
from marsad.text.matcher import PROCLITICS, PhraseMatcher  # noqa: E402
from marsad.text.normalize import normalize_string  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "ant-news" / "articles.jsonl.gz"


def _words(text: str) -> list[str]:
    return text.split()


HEADS = _words("""قوات القوات قوة القوة ميليشيا ميليشيات الميليشيات الميليشيا مليشيا
مليشيات المليشيات
جماعة الجماعة جماعات حركة الحركة تنظيم التنظيم كتائب كتيبة ألوية لواء اللواء جيش الجيش فصائل
الفصائل فصيل الحرس حرس الشرطة شرطة مجلس المجلس سرايا فرقة الفرقة جبهة الجبهة هيئة حزب وحدات
الوحدات اللجان تجمع جهاز الأمن المقاومة مقاومة عصابة عصابات مسلحي مقاتلي عناصر""")

# Function words end an n-gram: "قوات النظام في حلب" gives "قوات النظام".
STOP_WORDS = set(normalize_string("""في من على علي إلى الى الي عن مع التي الذي الذين اللذين
أن إن ان قد لم لن ما لا هذا هذه ذلك تلك بعد قبل خلال منذ حتى بين عند عبر نحو ضد وفي ومن أو او
كما حيث لكن إلا الا يوم أمس اليوم فيما بينما كان كانت وكان وكانت وقد""").split())


@dataclass(slots=True)
class Tally:
    count: int = 0
    covered: int = 0
    extends: int = 0  # a mention covers the head and stops inside the n-gram
    partly: Counter[str] = field(default_factory=Counter)
    example: str = ""


def read_texts(path: Path, limit: int | None) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if limit is not None and n >= limit:
                return
            if line.strip():
                record = json.loads(line)
                yield f"{record.get('title') or ''}\n{record.get('text') or ''}"


def build_matcher(lexicon: ActorLexicon) -> PhraseMatcher:
    matcher = PhraseMatcher()
    for surface, key in lexicon.phrases():
        matcher.add(surface, ("actor", key))
    return matcher.build()


def bare_forms(heads: Iterable[str]) -> dict[str, str]:
    """Every clitic-carrying spelling of each head word -> the head as listed."""
    forms: dict[str, str] = {}
    for head in heads:
        norm = normalize_string(head)
        for clitic in PROCLITICS:
            forms.setdefault(clitic + norm, norm)
            if norm.startswith("ال") and clitic.endswith("ل"):
                forms.setdefault(clitic + norm[1:], norm)  # ل + الشرطة = للشرطة
    return forms


def head_ngrams(doc: Doc, heads: dict[str, str], max_words: int
                ) -> Iterator[tuple[int, int, str]]:
    """(first token, end token, normalised n-gram without the head's clitics)."""
    tokens = doc.tokens
    for i, tok in enumerate(tokens):
        head = heads.get(tok.text)
        if head is None:
            continue
        words = [head]
        for j in range(i + 1, min(i + 1 + max_words, len(tokens))):
            nxt = tokens[j]
            if nxt.sentence != tok.sentence or nxt.text in STOP_WORDS or nxt.text.isdigit():
                break
            words.append(nxt.text)
            yield i, j + 1, " ".join(words)


def tally_corpus(texts: Iterable[str], lexicon: ActorLexicon, heads: dict[str, str],
                 max_words: int) -> tuple[dict[str, Tally], int]:
    matcher = build_matcher(lexicon)
    tallies: dict[str, Tally] = defaultdict(Tally)
    n_docs = 0
    for text in texts:
        n_docs += 1
        doc = Doc(text)
        mentions = find_actors(doc, matcher.find(doc), lexicon)
        at: dict[int, ActorMention] = {}
        for m in mentions:
            for i in range(m.first, m.end):
                at[i] = m
        for first, end, gram in head_ngrams(doc, heads, max_words):
            t = tallies[gram]
            t.count += 1
            m = at.get(first)
            if m is not None and m.first <= first and m.end >= end:
                t.covered += 1
                continue
            if m is not None and m.first <= first:
                t.extends += 1
            inside = {at[i].actor.name for i in range(first, end) if i in at}
            t.partly.update(inside)
            if not t.example:
                t.example = doc.token_span(max(0, first - 3), min(len(doc.tokens), end + 3)).text
    return tallies, n_docs


def report(tallies: dict[str, Tally], min_count: int, top: int, show_all: bool,
           extensions: bool) -> list[str]:
    rows = []
    for gram, t in sorted(tallies.items(), key=lambda kv: -kv[1].count):
        if t.count < min_count:
            break
        if not show_all and t.covered * 2 >= t.count:
            continue
        if not (show_all or extensions) and t.extends * 2 >= t.count:
            continue  # "الجيش الإسرائيلي الثلاثاء": a known actor and the next word
        part = t.partly.most_common(1)[0][0] if t.partly else "-"
        example = " ".join(t.example.split())
        rows.append(f"{t.count:6d}\t{100 * t.covered // t.count:3d}%\t{gram}\t{part}\t{example}")
        if len(rows) >= top:
            break
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="read only the first N articles")
    ap.add_argument("--min-count", type=int, default=8)
    ap.add_argument("--top", type=int, default=200)
    ap.add_argument("--max-words", type=int, default=3, help="words after the head (1-3)")
    ap.add_argument("--all", action="store_true", help="also list covered phrases")
    ap.add_argument("--extensions", action="store_true",
                    help="also list known actors followed by more words")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    lexicon = ActorLexicon.default()
    tallies, n_docs = tally_corpus(read_texts(args.corpus, args.limit), lexicon,
                                   bare_forms(HEADS), args.max_words)
    print(f"# {n_docs} articles, {len(tallies)} distinct head n-grams; "
          f"count, share already read as one actor, n-gram, actor inside it, example")
    for row in report(tallies, args.min_count, args.top, args.all, args.extensions):
        print(row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
