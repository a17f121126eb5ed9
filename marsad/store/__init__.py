"""Persistent store of articles, events and clusters, behind one interface.

    from marsad.store import open_store, EventFilter
    with open_store("marsad.db") as store:                       # SQLite file
        page = store.list_clusters(EventFilter(country="Syria"), limit=20)

URLs: a path or ``sqlite:///relative.db`` / ``sqlite:////absolute.db`` (SQLite, the
default ``marsad.db`` when nothing is given) or ``postgresql://user:pw@host:port/db``
(PostgreSQL with PostGIS). ``open_store(None)`` uses ``$MARSAD_DB`` if set.
"""

from __future__ import annotations

import os

from marsad.store.base import (
    CLUSTER_ORDERS,
    MAX_PAGE,
    ClusterOrder,
    PreparedText,
    Store,
    StoreError,
    content_hash,
    prepare_text,
)
from marsad.store.types import (
    AddResult,
    ArticleDetail,
    ArticleRef,
    Claim,
    ClusterDetail,
    ClusterSummary,
    Counts,
    EventFilter,
    Member,
    Page,
    SearchHit,
    SourceRef,
    Stats,
    parse_bbox,
)

DEFAULT_DB = "marsad.db"
ENV_VAR = "MARSAD_DB"

__all__ = [
    "CLUSTER_ORDERS",
    "DEFAULT_DB",
    "ENV_VAR",
    "MAX_PAGE",
    "AddResult",
    "ArticleDetail",
    "ArticleRef",
    "Claim",
    "ClusterDetail",
    "ClusterOrder",
    "ClusterSummary",
    "Counts",
    "EventFilter",
    "Member",
    "Page",
    "PreparedText",
    "SearchHit",
    "SourceRef",
    "Stats",
    "Store",
    "StoreError",
    "content_hash",
    "open_store",
    "parse_bbox",
    "prepare_text",
    "resolve_url",
]


def resolve_url(url: str | None = None) -> str:
    """The store URL to use: ``url``, else $MARSAD_DB, else the default SQLite file."""
    return url or os.environ.get(ENV_VAR) or DEFAULT_DB


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating if needed) the store at ``url`` (see module docstring).

    Raises ValueError for an unsupported URL scheme and ``marsad.store.StoreError`` when
    the database cannot be opened.
    """
    target = resolve_url(url)
    scheme = target.split("://", 1)[0].lower() if "://" in target else ""
    if scheme in ("postgresql", "postgres"):
        from marsad.store.postgres import PostgresStore

        return PostgresStore(target)
    if scheme in ("", "sqlite"):
        from marsad.store.sqlite import SQLiteStore

        return SQLiteStore(target)
    raise ValueError(
        f"unsupported store URL {target!r}: use a file path, sqlite:///path or postgresql://..."
    )
