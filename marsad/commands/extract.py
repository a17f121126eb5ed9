"""``marsad extract``: code articles into events and write them as JSONL, CSV or GeoJSON."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import TextIO

from marsad.coding import code_article, load_extractor
from marsad.commands._common import Reporter, day, ensure_utf8, usage_error
from marsad.export import FORMATS, SUFFIX_FORMATS, EventWriter, Format
from marsad.io import InputError, RecordError, count_records, read_articles, resolve_inputs

NAME = "extract"
HELP = "Code news articles into events (JSONL, CSV or GeoJSON)."
EPILOG = """\
inputs: .txt (one article; needs --published), .json (an article object or a list),
.jsonl / .jsonl.gz (one article per line: id, published, text, optional title, outlet,
url), a directory of such files, or - for standard input.

exit status: 0 all records read; 1 some records were skipped (reported on stderr
with their source and line); 2 usage error (e.g. a missing input file).
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="article file, directory, or - for stdin")
    parser.add_argument("-f", "--format", choices=FORMATS, default=None,
                        help="output format (default: from the suffix of OUT, else jsonl)")
    parser.add_argument("--published", type=day, metavar="YYYY-MM-DD",
                        help="publication day of plain-text articles (and of JSON records "
                             "without one)")
    parser.add_argument("--keep-unlocated", action="store_true",
                        help="also write detections that could not be placed or dated")
    parser.add_argument("-o", "--output", metavar="OUT", default="-",
                        help="output file (default: standard output)")


def output_format(args: argparse.Namespace) -> Format:
    if args.format:
        return args.format
    return SUFFIX_FORMATS.get(Path(args.output).suffix.lower(), "jsonl")


def run(args: argparse.Namespace) -> int:
    try:
        inputs = resolve_inputs(args.inputs)
    except InputError as e:
        return usage_error(NAME, str(e))
    fmt = output_format(args)
    if args.output == "-":
        ensure_utf8(sys.stdout)
        return extract_to(inputs, sys.stdout, fmt, args.published, args.keep_unlocated)
    try:
        out = open(args.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as e:
        return usage_error(NAME, f"{args.output}: cannot write: {e.strerror or e}")
    with out:
        return extract_to(inputs, out, fmt, args.published, args.keep_unlocated)


def extract_to(
    inputs: list[str],
    out: TextIO,
    fmt: Format,
    published: dt.date | None,
    keep_unlocated: bool,
) -> int:
    """Code every article of ``inputs`` into ``out``; report on stderr. Returns the exit status."""
    started = time.monotonic()
    extractor = load_extractor()
    reporter = Reporter(count_records(inputs) if sys.stderr.isatty() else None)
    writer = EventWriter(fmt, out)
    articles = skipped = not_coded = 0
    with reporter.running():
        for item in read_articles(inputs, published):
            reporter.advance()
            if isinstance(item, RecordError):
                skipped += 1
                reporter.say(f"skipped {item}")
                continue
            articles += 1
            coded = code_article(extractor, item, keep_unlocated)
            if coded.failure:
                skipped += 1
                reporter.say(f"skipped article {item.id}: extractor failed: {coded.failure}")
            elif coded.not_coded:
                not_coded += 1
                reporter.say(f"note: article {item.id} gives no events: {coded.not_coded}")
            for event in coded.events:
                writer.write(event)
    summary = writer.close()
    parts = [
        f"{articles} article{'s' * (articles != 1)} read",
        f"{summary.written} event{'s' * (summary.written != 1)} written",
        f"{skipped} record{'s' * (skipped != 1)} skipped",
    ]
    if not_coded:
        parts.append(f"{not_coded} without codable text")
    if summary.without_coordinates:
        parts.append(f"{summary.without_coordinates} without coordinates left out of GeoJSON")
    parts.append(f"{time.monotonic() - started:.1f} s")
    print("marsad extract: " + ", ".join(parts), file=sys.stderr)
    return 1 if skipped else 0
