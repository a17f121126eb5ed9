"""Coding one article with the extractor, safely: the shared step of extract, eval and demo."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from marsad.io import skip_reason
from marsad.model import Article, Event


class ExtractorLike(Protocol):
    def extract(self, article: Article, **options: Any) -> list[Event]: ...


def load_extractor() -> ExtractorLike:
    """The default extractor (imported here so that the CLI starts without loading it)."""
    from marsad.pipeline import Extractor

    return Extractor.default()


def extractor_version() -> str:
    from marsad.pipeline import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


def placed_and_dated(event: Event) -> bool:
    return event.located and bool(event.event_date)


@dataclass(slots=True)
class Coded:
    """What coding one article gave: its events, or why it gave none."""

    events: list[Event] = field(default_factory=list)
    not_coded: str | None = None  # empty, non-Arabic or too long text
    failure: str | None = None  # the extractor raised: a bug, reported and counted


def code_article(
    extractor: ExtractorLike, article: Article, keep_unlocated: bool = False
) -> Coded:
    """The events of ``article``; only placed and dated ones unless ``keep_unlocated``.

    Never raises on account of the article: an exception of the extractor is returned as
    a failure message so that a batch goes on.
    """
    reason = skip_reason(article)
    if reason:
        return Coded(not_coded=reason)
    try:
        if keep_unlocated:
            events = extractor.extract(article, keep_unlocated=True)
        else:
            events = extractor.extract(article)
    except Exception as e:  # noqa: BLE001 - one bad article must not end a batch
        return Coded(failure=f"{type(e).__name__}: {e}")
    if not keep_unlocated:
        events = [e for e in events if placed_and_dated(e)]
    return Coded(events=events)
