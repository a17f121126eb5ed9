"""The Store interface: articles, their coded events and the clusters that de-duplicate them.

One interface, two backends (``sqlite.py``, ``postgres.py``); ``open_store(url)`` picks one.
Everything above the store (ingest, recode, export, search, the HTTP API) uses only the
methods here.

Model:
- an **article** is stored once: a second record with the same id is ignored ("exists"),
  and one with another id but the same normalised text (:func:`content_hash`) is recorded
  as an *alias* of the stored one ("duplicate"); its events are not stored again;
- an **event** is one source's coded event (``marsad.model.Event``) with its evidence
  spans and the extractor version that produced it;
- a **cluster** is one real-world event: every event belongs to exactly one cluster; the
  events of different articles that report the same thing share one (rules in
  ``marsad.cluster``). Clusters carry fields chosen by rule and the list of disputed fields.

A Store may be shared between threads: each thread uses its own connection. Writes are
transactional: ``add_articles`` stores a whole batch or nothing; concurrent writers (threads
or processes) take turns, so clustering always sees the previous writer's events.
"""

from __future__ import annotations

import hashlib
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from marsad.model import Article, Event
from marsad.store.types import (
    AddResult,
    ArticleDetail,
    ClusterDetail,
    ClusterSummary,
    Counts,
    EventFilter,
    Member,
    Page,
    SearchHit,
    Stats,
)
from marsad.text.normalize import normalize_string

ClusterOrder = Literal["date_desc", "date_asc", "fatalities_desc", "sources_desc"]
CLUSTER_ORDERS: tuple[str, ...] = ("date_desc", "date_asc", "fatalities_desc", "sources_desc")
MAX_PAGE = 1000

_SPACE_RE = re.compile(r"\s+")


class StoreError(Exception):
    """The database cannot be opened or used (bad URL, server down, not a marsad store)."""


def content_hash(text: str) -> str:
    """SHA-1 of the normalised text with runs of white space collapsed: the duplicate key."""
    return _hash_normalised(normalize_string(text))


def _hash_normalised(normalised: str) -> str:
    canonical = _SPACE_RE.sub(" ", normalised).strip()
    return hashlib.sha1(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class PreparedText:
    """What the store derives from an article's text: its duplicate key and the normalised
    title and text for the full-text index. Compute it with :func:`prepare_text`, e.g. in a
    worker process, and pass it to ``add_articles`` to spare the writer the work."""

    content_hash: str
    title: str
    text: str


def prepare_text(article: Article) -> PreparedText:
    normalised = normalize_string(article.text)
    return PreparedText(_hash_normalised(normalised), normalize_string(article.title), normalised)




class Store(ABC):
    """Persistent articles, events and clusters. See the module docstring for the model."""

    #: "sqlite" or "postgresql"
    backend: str
    #: the URL the store was opened with (password removed)
    url: str

    # -- lifecycle ------------------------------------------------------------------------

    @abstractmethod
    def close(self) -> None:
        """Close every connection. The store cannot be used afterwards."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def schema_version(self) -> int:
        """The highest migration applied (migrations run when the store is opened)."""

    # -- writing --------------------------------------------------------------------------

    def add_article(
        self, article: Article, events: Sequence[Event], *, extractor_version: str = ""
    ) -> AddResult:
        """Store one article and its events, and cluster the events, in one transaction.

        Idempotent: see the module docstring for "exists" and "duplicate". Events get
        ``article_id = article.id``; ``extractor_version`` is stored on the article and on
        every event that has none.
        """
        return self.add_articles([(article, events)], extractor_version=extractor_version)[0]

    @abstractmethod
    def add_articles(
        self,
        items: Iterable[tuple[Article, Sequence[Event]] | tuple[Article, Sequence[Event], Any]],
        *,
        extractor_version: str = "",
    ) -> list[AddResult]:
        """Store a batch of (article, events) in ONE transaction; one AddResult per item.

        An item may carry a third element, ``prepare_text(article)`` computed beforehand
        (or None). Either the whole batch is committed or none of it (a killed process
        leaves the store as it was before the batch). Duplicates inside the batch are
        recognised too.
        """

    @abstractmethod
    def replace_events(
        self, article_id: str, events: Sequence[Event], *, extractor_version: str
    ) -> AddResult:
        """Replace the stored events of an article (re-coding), re-clustering as needed.

        Clusters left without members are deleted; the others are re-summarised.
        Raises KeyError if the article is not stored.
        """

    @abstractmethod
    def recluster(self) -> int:
        """Rebuild every cluster from scratch, in a deterministic order. Returns their number.

        Ingest clusters incrementally (each new event joins the best existing cluster);
        this re-does it as if all events had arrived in event-date order.
        """

    # -- what is stored -------------------------------------------------------------------

    @abstractmethod
    def known_keys(self) -> tuple[set[str], set[str]]:
        """(every stored article id and alias id, every stored content hash).

        Ingest uses them to skip known articles before coding them.
        """

    @abstractmethod
    def iter_articles(
        self, *, stale_for: str | None = None, batch_size: int = 500
    ) -> Iterator[Article]:
        """Stored articles in id order; with ``stale_for``, only those coded by another
        extractor version than ``stale_for``."""

    @abstractmethod
    def counts(self) -> Counts:
        """Numbers of articles, aliases, events and clusters."""

    # -- reading --------------------------------------------------------------------------

    @abstractmethod
    def get_article(self, article_id: str) -> ArticleDetail | None:
        """An article with its events (spans included) and their cluster ids.

        An alias id gives the stored copy. None if unknown.
        """

    @abstractmethod
    def list_clusters(
        self,
        flt: EventFilter | None = None,
        *,
        limit: int = 50,
        offset: int = 0,
        order: ClusterOrder = "date_desc",
    ) -> Page[ClusterSummary]:
        """One page of the clusters matching ``flt``, with the total count.

        Raises ValueError for an unknown order or a ``flt.q`` without words.
        ``limit`` is capped at MAX_PAGE. ``order``: "date_desc" (newest first, default),
        "date_asc", "fatalities_desc", "sources_desc"; ties are broken by cluster id.
        """

    @abstractmethod
    def iter_clusters(
        self, flt: EventFilter | None = None, *, order: ClusterOrder = "date_asc"
    ) -> Iterator[ClusterSummary]:
        """Every cluster matching ``flt``, streamed (for exports)."""

    @abstractmethod
    def get_cluster(self, cluster_id: int) -> ClusterDetail | None:
        """A cluster with its members (event + article, in date/outlet order) and claims."""

    def iter_cluster_details(
        self, flt: EventFilter | None = None, *, order: ClusterOrder = "date_asc"
    ) -> Iterator[ClusterDetail]:
        """Every matching cluster with members and claims, streamed."""
        for summary in self.iter_clusters(flt, order=order):
            detail = self.get_cluster(summary.id)
            if detail is not None:
                yield detail

    @abstractmethod
    def iter_members(self, flt: EventFilter | None = None) -> Iterator[Member]:
        """Every member event of the clusters matching ``flt`` with its article, streamed
        in cluster date order (one row per source report, not de-duplicated)."""

    @abstractmethod
    def search(
        self,
        query: str,
        *,
        flt: EventFilter | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Page[SearchHit]:
        """Full-text search over article titles and texts, best match first.

        The query is normalised like the extractor's input (diacritics, hamza forms,
        ta marbuta, alef maqsura, digits), so الحسكة, الحسكه and vowelled spellings
        match one another; a word also matches with a leading clitic (و، ف، ب، ل، ك،
        ال، وال، بال، لل ...). Words are ANDed; "a phrase" in double quotes must occur
        as written; a trailing * matches a prefix. With ``flt``, only articles that have
        an event in a matching cluster. Snippets are original text with ``marks``.
        Raises ValueError on an empty query.
        """

    @abstractmethod
    def stats(self, flt: EventFilter | None = None, *, top: int = 20) -> Stats:
        """Totals and breakdowns of matching clusters; by_* lists other than by_day hold at
        most ``top`` keys."""
