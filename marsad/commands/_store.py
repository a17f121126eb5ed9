"""Options shared by the commands that use the store: --db and the event filters."""

from __future__ import annotations

import argparse
import sys

from marsad.commands._common import day
from marsad.model import EVENT_TYPE_OF, EVENT_TYPES
from marsad.store import (
    DEFAULT_DB,
    ENV_VAR,
    EventFilter,
    Store,
    StoreError,
    open_store,
    parse_bbox,
)


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="URL",
        help=f"the store: an SQLite file path or postgresql://user:pw@host:port/db "
        f"(default: ${ENV_VAR}, else {DEFAULT_DB})",
    )


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (combined with AND)")
    group.add_argument("--from", dest="date_from", type=day, metavar="YYYY-MM-DD",
                       help="events on or after this day")
    group.add_argument("--to", dest="date_to", type=day, metavar="YYYY-MM-DD",
                       help="events on or before this day")
    group.add_argument("--country", help="country (English short name, e.g. Syria)")
    group.add_argument("--admin1", help="first-level division (e.g. Al-Hasakah)")
    group.add_argument("--type", dest="event_type", choices=tuple(EVENT_TYPES),
                       metavar="EVENT_TYPE", help="event type, e.g. 'Battles'")
    group.add_argument("--sub-type", dest="sub_event_type", choices=tuple(EVENT_TYPE_OF),
                       metavar="SUB_EVENT_TYPE", help="sub-event type, e.g. 'Air/drone strike'")
    group.add_argument("--actor", help="part of an actor name named by any source")
    group.add_argument("--outlet", help="an outlet among the sources (e.g. 'BBC Arabic')")
    group.add_argument("--bbox", type=_bbox, metavar="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT",
                       help="only events with coordinates inside this box")


def add_text_filter_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text", dest="q", metavar="QUERY",
                        help="only events whose articles match this full-text query")


def add_store_arguments(parser: argparse.ArgumentParser, *, text_filter: bool) -> None:
    """--db and the event filters; with ``text_filter``, also --text."""
    add_db_argument(parser)
    add_filter_arguments(parser)
    if text_filter:
        add_text_filter_argument(parser)


def filter_from_args(args: argparse.Namespace) -> EventFilter:
    names = ("date_from", "date_to", "country", "admin1", "event_type", "sub_event_type",
             "actor", "outlet", "q", "bbox")
    return EventFilter(**{n: getattr(args, n, None) for n in names})


def open_db(command: str, args: argparse.Namespace) -> Store | None:
    """The store of ``--db``; None, after saying why on stderr, when it cannot be opened."""
    try:
        return open_store(args.db)
    except (StoreError, ValueError) as e:
        print(f"marsad {command}: {e}", file=sys.stderr)
        return None


def open_filtered(command: str, args: argparse.Namespace) -> tuple[EventFilter, Store] | None:
    """The event filter of the arguments and the store of ``--db``; None, after saying why
    on stderr, when the filter is invalid or the store cannot be opened."""
    try:
        flt = filter_from_args(args)
    except (StoreError, ValueError) as e:
        print(f"marsad {command}: {e}", file=sys.stderr)
        return None
    store = open_db(command, args)
    return None if store is None else (flt, store)


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        return parse_bbox(value)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
