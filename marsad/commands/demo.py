"""``marsad demo``: code the bundled seed report and show its events as a table."""

from __future__ import annotations

import argparse
import json
import re
from importlib import resources
from typing import Any

from rich.console import Console
from rich.table import Table

from marsad.coding import code_article, load_extractor
from marsad.evaluate import score
from marsad.export import record
from marsad.io import article_from_record
from marsad.model import Article, Event

NAME = "demo"
HELP = "Code the bundled example report and print its events."
SEED = "sample-seed.json"
SOURCE_LINE = (
    "Text: report of Al-Araby Al-Jadeed (العربي الجديد), January 2022 — the Islamic State "
    "attack on Ghwairan prison, al-Hasakah, Syria; published {published}. "
    "Gold events annotated by the marsad project."
)
WIDTH_OFF_TERMINAL = 160


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--width", type=int, default=None,
                        help="table width in characters "
                             "(default: the terminal's; 160 when not a terminal)")
    parser.add_argument("--serve", action="store_true",
                        help="instead: code a bundled sample of 300 ANT Corpus articles into "
                             "a cached store and serve the web page (see docs/web.md)")
    parser.add_argument("--host", default="127.0.0.1", help="with --serve: address")
    parser.add_argument("--port", type=int, default=8000, help="with --serve: port")


def load_seed() -> dict[str, Any]:
    """The bundled seed report with its ``gold_events``."""
    text = resources.files("marsad").joinpath("examples", SEED).read_text(encoding="utf-8")
    return json.loads(text)


def seed_article(seed: dict[str, Any]) -> Article:
    article = article_from_record(seed)
    if isinstance(article, str):
        raise ValueError(f"bundled {SEED} is not a valid article: {article}")
    return article


def events_table(events: list[Event]) -> Table:
    title = f"{len(events)} event{'s' * (len(events) != 1)}"
    table = Table(show_lines=True, title=title, title_justify="left")
    widest_sub_event = max((len(e.sub_event_type) for e in events), default=10)
    table.add_column("type / sub-event", no_wrap=True, min_width=widest_sub_event)
    table.add_column("date", no_wrap=True)
    table.add_column("place", max_width=24)
    table.add_column("actor1 → actor2", max_width=24)
    table.add_column("deaths", justify="right")
    table.add_column("evidence", ratio=1)
    for event in events:
        place = ", ".join(dict.fromkeys(x for x in (event.location, event.admin1,
                                                    event.country) if x)) or "—"
        if event.location_ar:
            place += f"\n{event.location_ar}"
        actors = event.actor1 or "—"
        if event.actor2:
            actors += f"\n→ {event.actor2}"
        table.add_row(
            f"{event.event_type}\n{event.sub_event_type}",
            event.event_date or "—",
            place,
            actors,
            str(event.fatalities),
            re.sub(r"\s+", " ", event.evidence).strip(),
        )
    return table


def gold_agreement(seed: dict[str, Any], events: list[Event]) -> str:
    result = score([{"article_id": seed["id"], "events": seed.get("gold_events", [])}],
                   {seed["id"]: [record(e) for e in events]})
    return (f"Against the {result['gold_events']} annotated gold events: "
            f"{result['matched']} matched, precision {result['precision']:.2f}, "
            f"recall {result['recall']:.2f}, sub-event accuracy {result['sub_event_acc']:.2f}.")


def run(args: argparse.Namespace) -> int:
    if args.serve:
        from marsad.web.demo import serve_demo

        return serve_demo(args.host, args.port)
    seed = load_seed()
    article = seed_article(seed)
    coded = code_article(load_extractor(), article)
    console = Console(width=args.width) if args.width else Console()
    if not args.width and not console.is_terminal:
        console = Console(width=WIDTH_OFF_TERMINAL)
    console.print(SOURCE_LINE.format(published=article.published), markup=False,
                  highlight=False)
    if coded.failure:
        console.print(f"The extractor failed on the report: {coded.failure}", markup=False)
        return 1
    console.print(events_table(coded.events))
    console.print(gold_agreement(seed, coded.events), markup=False, highlight=False)
    return 0
