"""Scoring extracted events against gold events annotated by the guideline.

The metrics and matching rules are those of the project's reference scorer
(``eval/score.py``), ported here so that ``marsad eval`` gives the same numbers:

An event matches a gold event of the same article when the country and event_type are
equal, the dates are at most one day apart, and the place agrees (same admin1, or the
same location). Pairs are chosen greedily by a weight that prefers agreeing sub-event
types, actors and locations. Actor names are compared after mapping aliases to their
canonical name (``marsad/resources/actors.tsv``: columns ``name``, ``aliases_ar``,
``aliases_en``).

On top of the metrics, :func:`score` lists per article the gold events that were missed,
the predicted events that match no gold event, and the fields that differ in matched
pairs.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

RESOURCES = Path(__file__).resolve().parent / "resources"
ACTORS_TSV = RESOURCES / "actors.tsv"

AR_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
LATIN_PREFIX = re.compile(r"^(al|ar|as|ad|ash|an|at|az|el|ad)[\s\-']+")
ARABIC_RE = re.compile("[\u0600-\u06ff]")

Aliases = dict[str, str]
METRIC_KEYS = (
    "articles", "gold_events", "pred_events", "matched", "precision", "recall", "f1",
    "sub_event_acc", "actor_acc", "location_acc", "date_exact_acc", "fatalities_exact_acc",
)


class GoldFileError(Exception):
    """A gold or prediction file that cannot be read."""


def norm_ar(s: str | None) -> str:
    s = AR_DIACRITICS.sub("", s or "")
    s = re.sub("[أإآٱ]", "ا", s).replace("ى", "ي").replace("ة", "ه")
    s = re.sub(r"^(ال)", "", s.strip())
    return re.sub(r"\s+", " ", s)


def norm_latin(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", (s or "").lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = LATIN_PREFIX.sub("", s.strip())
    s = re.sub(r"\b(governorate|province|district|city|muhafazat|wilayat)\b", " ", s)
    return re.sub(r"[^a-z0-9]", "", s)


def similar(a: str, b: str, cutoff: float = 0.8) -> bool:
    if not a or not b:
        return False
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= cutoff


def load_actor_aliases(path: Path) -> Aliases:
    """Alias -> canonical key from a TSV with ``name``, ``aliases_ar``, ``aliases_en``."""
    aliases: Aliases = {}
    if not path.exists():
        return aliases
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            canon = norm_latin(row["name"])
            aliases[canon] = canon
            for a in (row.get("aliases_en") or "").split("|"):
                if a.strip():
                    aliases[norm_latin(a)] = canon
            for a in (row.get("aliases_ar") or "").split("|"):
                if a.strip():
                    aliases["ar:" + norm_ar(a)] = canon
    return aliases


@cache
def default_aliases() -> Aliases:
    return load_actor_aliases(ACTORS_TSV)


def canon_actor(name: str | None, aliases: Aliases) -> str:
    if not name:
        return ""
    if ARABIC_RE.search(name):
        return aliases.get("ar:" + norm_ar(name), "ar:" + norm_ar(name))
    key = norm_latin(name)
    return aliases.get(key, key)


def parse_date(s: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(s)[:10])
    except (TypeError, ValueError):
        return None


def place_ok(g: dict, p: dict) -> bool:
    ga, pa = norm_latin(g.get("admin1", "")), norm_latin(p.get("admin1", ""))
    if ga and pa and similar(ga, pa):
        return True
    if location_ok(g, p):
        return True
    return not ga and not norm_latin(g.get("location", ""))


def location_ok(g: dict, p: dict) -> bool:
    gn, pn = norm_latin(g.get("location", "")), norm_latin(p.get("location", ""))
    if not gn and not norm_ar(g.get("location_ar", "")):
        return not pn  # gold has only the country: right when the prediction names no place
    if similar(gn, pn, 0.85):
        return True
    gl, pl = norm_ar(g.get("location_ar", "")), norm_ar(p.get("location_ar", ""))
    return bool(gl) and gl == pl


def actors_ok(g: dict, p: dict, aliases: Aliases) -> bool:
    ga = (canon_actor(g.get("actor1"), aliases), canon_actor(g.get("actor2"), aliases))
    pa = (canon_actor(p.get("actor1"), aliases), canon_actor(p.get("actor2"), aliases))
    if g.get("event_type") == "Battles":
        return sorted(ga) == sorted(pa)
    return ga == pa


def compatible(g: dict, p: dict) -> bool:
    if g.get("event_type") != p.get("event_type"):
        return False
    if norm_latin(g.get("country", "")) != norm_latin(p.get("country", "")):
        return False
    gd, pd = parse_date(g.get("event_date")), parse_date(p.get("event_date"))
    if gd is None or pd is None or abs((gd - pd).days) > 1:
        return False
    return place_ok(g, p)


def weight(g: dict, p: dict, aliases: Aliases) -> float:
    return (1.0 + 0.5 * (g.get("sub_event_type") == p.get("sub_event_type"))
            + 0.25 * actors_ok(g, p, aliases) + 0.25 * location_ok(g, p)
            + 0.1 * (g.get("event_date") == p.get("event_date")))


def match(gold: list[dict], pred: list[dict], aliases: Aliases) -> list[tuple[int, int]]:
    """Greedy best-weight pairs (gold index, pred index) of compatible events."""
    pairs = sorted(((weight(g, p, aliases), i, j) for i, g in enumerate(gold)
                    for j, p in enumerate(pred) if compatible(g, p)), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def fatalities_equal(g: dict, p: dict) -> bool | None:
    """Whether the death counts agree; None when one is not a number."""
    try:
        return int(g.get("fatalities") or 0) == int(p.get("fatalities") or 0)
    except (TypeError, ValueError):
        return None


def differences(g: dict, p: dict, aliases: Aliases) -> list[str]:
    """Names of the scored fields on which a matched prediction disagrees with gold."""
    out = []
    if g.get("sub_event_type") != p.get("sub_event_type"):
        out.append("sub_event_type")
    if not actors_ok(g, p, aliases):
        out.append("actors")
    if not location_ok(g, p):
        out.append("location")
    if g.get("event_date") != p.get("event_date"):
        out.append("event_date")
    if not fatalities_equal(g, p):
        out.append("fatalities")
    return out


def read_jsonl(path: str | Path) -> list[dict]:
    """Rows of a JSON Lines file. Raises GoldFileError naming the line that is not JSON."""
    rows = []
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as e:
                        raise GoldFileError(f"{path}:{n}: not JSON: {e}") from None
    except OSError as e:
        raise GoldFileError(f"{path}: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise GoldFileError(f"{path}: not UTF-8 text ({e.reason})") from None
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            raise GoldFileError(f"{path}: record {n} is not a JSON object")
    return rows


def check_gold(rows: list[dict], path: str | Path) -> None:
    for n, row in enumerate(rows, 1):
        if "article_id" not in row:
            raise GoldFileError(f"{path}: record {n} has no 'article_id'")
        if not isinstance(row.get("events", []), list):
            raise GoldFileError(f"{path}: record {n}: 'events' is not a list")


def group_pred(rows: Iterable[dict]) -> dict[str, list[dict]]:
    """Predicted events by article id, from per-article rows or one event per row."""
    by: dict[str, list[dict]] = {}
    for r in rows:
        aid = str(r.get("article_id", ""))
        if "events" in r:
            by.setdefault(aid, []).extend(r["events"] or [])
        else:
            by.setdefault(aid, []).append(r)
    return by


def score(
    gold_rows: list[dict], pred_by: dict[str, list[dict]], aliases: Aliases | None = None
) -> dict[str, Any]:
    """The reference scorer's metrics, plus ``per_article`` with missed/spurious events."""
    aliases = default_aliases() if aliases is None else aliases
    tp = n_gold = n_pred = 0
    sub = act = loc = day = fat = 0
    per_article = []
    for row in gold_rows:
        aid = str(row["article_id"])
        gold, pred = row.get("events", []), pred_by.get(aid, [])
        pairs = match(gold, pred, aliases)
        tp += len(pairs)
        n_gold += len(gold)
        n_pred += len(pred)
        differing = []
        for i, j in pairs:
            g, p = gold[i], pred[j]
            sub += g.get("sub_event_type") == p.get("sub_event_type")
            act += actors_ok(g, p, aliases)
            loc += location_ok(g, p)
            day += g.get("event_date") == p.get("event_date")
            fat += bool(fatalities_equal(g, p))
            fields = differences(g, p, aliases)
            if fields:
                differing.append({"gold": g, "pred": p, "fields": fields})
        matched_g = {i for i, _ in pairs}
        matched_p = {j for _, j in pairs}
        per_article.append({
            "article_id": aid, "gold": len(gold), "pred": len(pred), "matched": len(pairs),
            "missed": [g for i, g in enumerate(gold) if i not in matched_g],
            "spurious": [p for j, p in enumerate(pred) if j not in matched_p],
            "differing": differing,
        })
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0

    def share(k: int) -> float:
        return round(k / tp, 4) if tp else 0.0

    return {"articles": len(gold_rows), "gold_events": n_gold, "pred_events": n_pred,
            "matched": tp, "precision": round(prec, 4), "recall": round(rec, 4),
            "f1": round(f1, 4), "sub_event_acc": share(sub), "actor_acc": share(act),
            "location_acc": share(loc), "date_exact_acc": share(day),
            "fatalities_exact_acc": share(fat), "per_article": per_article}


def metrics(result: dict[str, Any]) -> dict[str, Any]:
    """Only the metrics (the reference scorer's output without ``--per-article``)."""
    return {k: result[k] for k in METRIC_KEYS}


def format_metrics(result: dict[str, Any]) -> str:
    return "\n".join(f"{k:22} {result[k]}" for k in METRIC_KEYS)


def describe(event: dict) -> str:
    """One line: type / sub-type, date, place, actors, fatalities and the evidence."""
    kind = f"{event.get('event_type') or '?'} / {event.get('sub_event_type') or '?'}"
    place = ", ".join(dict.fromkeys(
        str(event[k]) for k in ("location", "admin1", "country") if event.get(k)
    )) or "?"
    if event.get("location_ar"):
        place += f" ({event['location_ar']})"
    actors = str(event.get("actor1") or "?")
    if event.get("actor2"):
        actors += f" → {event['actor2']}"
    deaths = f"  †{event['fatalities']}" if event.get("fatalities") else ""
    evidence = re.sub(r"\s+", " ", str(event.get("evidence") or "")).strip()
    return (f"{kind} | {event.get('event_date') or '?'} | {place} | {actors}{deaths}"
            + (f"\n        «{evidence}»" if evidence else ""))


def format_errors(result: dict[str, Any]) -> str:
    """Per article: missed gold events, spurious predictions, matched pairs that differ."""
    blocks = []
    for art in result["per_article"]:
        if not (art["missed"] or art["spurious"] or art["differing"]):
            continue
        lines = [f"{art['article_id']}  gold {art['gold']} pred {art['pred']} "
                 f"matched {art['matched']}"]
        lines += [f"  missed    {describe(g)}" for g in art["missed"]]
        lines += [f"  spurious  {describe(p)}" for p in art["spurious"]]
        for d in art["differing"]:
            lines.append(f"  differs in {', '.join(d['fields'])}")
            lines.append(f"    gold    {describe(d['gold'])}")
            lines.append(f"    pred    {describe(d['pred'])}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "no missed, spurious or differing events"
