"""External check on a peer project's Arabic validation sentences (PLOVER ASSAULT/PROTEST).

    .venv/bin/python bench/peer_suite.py [--shared ../shared] [--json OUT] [--misses N]

Reads the sentences from ``../shared/data/peer/universalpetrarch-arabic`` at run time
(research-only material: it is never copied into the project), codes each one as a
one-sentence article published on the sentence's date with ``keep_unlocated=True``, and
reports:

- the share of ASSAULT sentences in which a violent event is found (Battles,
  Explosions/Remote violence, Violence against civilians, Riots) — target >= 90%;
- the share of PROTEST sentences in which a Protests or Riots event is found — target >= 90%.

Sentences from openeventdata/UniversalPetrarch (MIT), validate/arabic.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from marsad.model import Article
from marsad.pipeline import Extractor

VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
PROTEST = {"Protests", "Riots"}
SUITES = {
    "ASSAULT": ("arabic_assault_gsr_validation.xml", VIOLENT),
    "PROTEST": ("arabic_protest_gsr_validation.xml", PROTEST),
}


def read_sentences(path: Path) -> list[tuple[str, dt.date, str]]:
    """(id, date, text) of each sentence; the files lack their closing tag."""
    raw = path.read_text(encoding="utf-8")
    if "</Validation>" not in raw:
        raw += "\n</Validation>"
    root = ET.fromstring(raw)
    out = []
    for sent in root.iter("Sentence"):
        text = (sent.findtext("Text") or "").strip()
        day = dt.datetime.strptime(sent.get("date", "20080101"), "%Y%m%d").date()
        out.append((sent.get("id", ""), day, text))
    return out


def run_suite(extractor: Extractor, path: Path, wanted: set[str]) -> tuple[int, int, list[str]]:
    hits, misses = 0, []
    sentences = read_sentences(path)
    for sid, day, text in sentences:
        events = extractor.extract(Article(sid, text, day), keep_unlocated=True)
        if any(e.event_type in wanted for e in events):
            hits += 1
        else:
            misses.append(text)
    return hits, len(sentences), misses


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1] / ".." / "shared"))
    ap.add_argument("--json", help="write the results as JSON to this file")
    ap.add_argument("--misses", type=int, default=0, help="print this many missed sentences")
    args = ap.parse_args()
    folder = Path(args.shared) / "data" / "peer" / "universalpetrarch-arabic"
    if not folder.is_dir():
        print(f"peer suite not found: {folder}", file=sys.stderr)
        return 2
    extractor = Extractor.default()
    results = {}
    for name, (filename, wanted) in SUITES.items():
        start = time.perf_counter()
        hits, total, misses = run_suite(extractor, folder / filename, wanted)
        share = hits / total if total else 0.0
        results[name] = {"sentences": total, "found": hits, "share": round(share, 4)}
        print(f"{name:8} {hits:4}/{total:<4} = {share:.1%}  ({time.perf_counter() - start:.1f} s)")
        for text in misses[: args.misses]:
            print("   miss:", text[:160])
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
