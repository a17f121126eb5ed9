"""``marsad eval``: score the extractor (or a prediction file) against gold events."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from marsad.coding import code_article, load_extractor
from marsad.commands._common import Reporter, ensure_utf8, usage_error
from marsad.evaluate import (
    GoldFileError,
    check_gold,
    default_aliases,
    format_errors,
    format_metrics,
    group_pred,
    load_actor_aliases,
    metrics,
    read_jsonl,
    score,
)
from marsad.export import record
from marsad.io import InputError, RecordError, read_articles, resolve_inputs

NAME = "eval"
HELP = "Score coded events against a gold set: metrics, then missed and spurious events."
EPILOG = """\
GOLD is JSON Lines, one line per article: {"article_id", "published", "events": [...]}.
The articles are coded from --articles (matched by id), or the events are read from
--pred (one line per article with "events", or one event per line with "article_id").
The metrics are those of the project's reference scorer (eval/score.py).

exit status: 0 scored; 1 scored, but some gold articles were not found in ARTICLES or
could not be coded; 2 usage error.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("gold", metavar="GOLD.jsonl", help="gold events, one article a line")
    parser.add_argument("--articles", action="append", metavar="ARTICLES",
                        help="article file or directory holding the gold articles "
                             "(.jsonl, .jsonl.gz, ...; repeatable)")
    parser.add_argument("--pred", metavar="PRED.jsonl",
                        help="score these predicted events instead of coding the articles")
    parser.add_argument("--actors", metavar="ACTORS.tsv", type=Path,
                        help="actor alias table (default: marsad/resources/actors.tsv)")
    parser.add_argument("--write-pred", metavar="OUT.jsonl",
                        help="also write the coded events, one per line, for --pred later")
    parser.add_argument("--json", action="store_true",
                        help="print the metrics and per-article errors as one JSON object")


def run(args: argparse.Namespace) -> int:
    if not args.pred and not args.articles:
        return usage_error(NAME, "give --articles to code the gold articles, or --pred")
    if args.actors and not args.actors.is_file():
        return usage_error(NAME, f"{args.actors}: no such file")
    try:
        gold = read_jsonl(args.gold)
        check_gold(gold, args.gold)
        if args.pred:
            pred_by, status = group_pred(read_jsonl(args.pred)), 0
        else:
            pred_by, status = code_gold_articles(gold, resolve_inputs(args.articles))
    except (GoldFileError, InputError) as e:
        return usage_error(NAME, str(e))
    if args.write_pred:
        try:
            write_pred(pred_by, Path(args.write_pred))
        except OSError as e:
            return usage_error(NAME, f"{args.write_pred}: cannot write: {e.strerror or e}")
    aliases = load_actor_aliases(args.actors) if args.actors else default_aliases()
    result = score(gold, pred_by, aliases)
    ensure_utf8(sys.stdout)
    if args.json:
        print(json.dumps({**metrics(result), "per_article": result["per_article"]},
                         ensure_ascii=False))
    else:
        print(format_metrics(result))
        print()
        print(format_errors(result))
    return status


def code_gold_articles(gold: list[dict], inputs: list[str]) -> tuple[dict[str, list[dict]], int]:
    """Code the articles of ``gold`` found in ``inputs``: events by article id, exit status."""
    started = time.monotonic()
    wanted = {str(row["article_id"]) for row in gold}
    pred_by: dict[str, list[dict]] = {}
    extractor = load_extractor()
    reporter = Reporter(len(wanted), label="coding gold articles")
    status = 0
    with reporter.running():
        for item in read_articles(inputs):
            if isinstance(item, RecordError) or item.id not in wanted or item.id in pred_by:
                continue
            coded = code_article(extractor, item)
            reporter.advance()
            if coded.failure:
                status = 1
                reporter.say(f"article {item.id}: extractor failed: {coded.failure}")
            pred_by[item.id] = [record(e) for e in coded.events]
    missing = sorted(wanted - pred_by.keys())
    if missing:
        status = 1
        shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
        print(f"marsad eval: {len(missing)} gold article(s) not found in the articles "
              f"(scored as predicting nothing): {shown}", file=sys.stderr)
    print(f"marsad eval: coded {len(pred_by)} articles in {time.monotonic() - started:.1f} s",
          file=sys.stderr)
    return pred_by, status


def write_pred(pred_by: dict[str, list[dict]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for events in pred_by.values():
            for event in events:
                f.write(json.dumps(event, ensure_ascii=False) + "\n")
