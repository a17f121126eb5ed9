"""PostgreSQL + PostGIS backend: tsvector full-text index, PostGIS points with GiST indexes.

Needs the ``postgis`` extension in the database (created by a superuser, see
scripts/ci-postgres.sh) or the right to create it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from marsad.store.base import StoreError
from marsad.store.migrations.postgres import MIGRATIONS
from marsad.store.sql import SQLStore
from marsad.store.textsearch import Term, tsquery_expression

_PASSWORD_RE = re.compile(r"(://[^:/@]+):[^@]*@")
_MIGRATION_LOCK = 0x6D61_7273  # any fixed numbers: serialise concurrent migrations
_WRITE_LOCK = 0x6D61_7274  # and concurrent writers (one transaction at a time)


def redact(url: str) -> str:
    """The URL without its password."""
    return _PASSWORD_RE.sub(r"\1:***@", url)


class PostgresStore(SQLStore):
    backend = "postgresql"
    migrations = MIGRATIONS

    def __init__(self, url: str) -> None:
        self._dsn = url
        super().__init__(url)
        self.url = redact(url)

    def _connect(self) -> Any:
        import psycopg

        try:
            return psycopg.connect(self._dsn, autocommit=True, connect_timeout=15)
        except psycopg.Error as e:
            raise StoreError(f"{redact(self._dsn)}: cannot connect: {e}") from e

    @contextmanager
    def _transaction(self, conn: Any) -> Iterator[Any]:
        with conn.transaction(), conn.cursor() as cur:
            yield cur

    def _migrate(self, conn: Any) -> None:
        import psycopg

        try:
            for migration in self.migrations:
                with self._transaction(conn) as cur:
                    cur.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                    cur.execute(
                        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY"
                        " KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
                    )
                    self._apply_migration(
                        cur,
                        migration,
                        where=redact(self._dsn),
                        record="INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                    )
        except psycopg.Error as e:
            raise StoreError(f"{redact(self._dsn)}: cannot create the schema: {e}") from e

    def _lock_writes(self, cur: Any) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s")

    def _index_article(self, cur: Any, article_id: str, title: str, text: str) -> None:
        cur.execute(
            "UPDATE articles SET search = setweight(to_tsvector('simple', %s), 'A')"
            " || setweight(to_tsvector('simple', %s), 'B') WHERE id = %s",
            (title, text, article_id),
        )

    def _text_condition(self, terms: list[Term]) -> tuple[str, list[Any]]:
        return "a.search @@ to_tsquery('simple', ?)", [tsquery_expression(terms)]

    def _ranked_matches(
        self, terms: list[Term], restrict: tuple[str, list[Any]] | None, limit: int, offset: int
    ) -> tuple[int, list[tuple[str, float]]]:
        return self._ranked(
            " FROM articles a, to_tsquery('simple', ?) q WHERE a.search @@ q",
            "ts_rank(a.search, q)",
            tsquery_expression(terms),
            restrict,
            limit,
            offset,
        )

    def _bbox_condition(self, bbox: tuple[float, float, float, float]) -> tuple[str, list[Any]]:
        return "c.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)", list(bbox)
