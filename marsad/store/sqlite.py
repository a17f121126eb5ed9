"""SQLite backend: one file, WAL journal, FTS5 full-text index over normalised text."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from marsad.store.base import StoreError
from marsad.store.migrations.sqlite import MIGRATIONS
from marsad.store.sql import SQLStore
from marsad.store.textsearch import Term, fts5_expression

BUSY_TIMEOUT_S = 60.0


def sqlite_path(url: str) -> str:
    """The file path of 'path', 'sqlite:///relative' or 'sqlite:////absolute'."""
    if url.lower().startswith("sqlite://"):
        rest = url[len("sqlite://") :]
        if not rest.startswith("/"):
            raise ValueError(f"bad SQLite URL {url!r}: use sqlite:///relative or sqlite:////absolute")
        return rest[1:]
    return url


class SQLiteStore(SQLStore):
    backend = "sqlite"
    migrations = MIGRATIONS

    def __init__(self, url: str) -> None:
        self.path = sqlite_path(url)
        if not self.path or self.path == ":memory:":
            raise ValueError("the SQLite store needs a file path (each thread opens it)")
        if not Path(self.path).parent.is_dir():
            raise StoreError(f"{self.path}: the directory does not exist")
        super().__init__(url)

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=BUSY_TIMEOUT_S, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA cache_size = -65536")
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: cannot open as an SQLite database: {e}") from e
        return conn

    @contextmanager
    def _transaction(self, conn: sqlite3.Connection) -> Iterator[sqlite3.Cursor]:
        cur = conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        else:
            cur.execute("COMMIT")
        finally:
            cur.close()

    def _migrate(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                " name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a usable SQLite database: {e}") from e
        for migration in self.migrations:
            with self._transaction(conn) as cur:
                self._apply_migration(
                    cur,
                    migration,
                    where=self.path,
                    record="INSERT INTO schema_migrations (version, name, applied_at)"
                    " VALUES (?, ?, datetime('now'))",
                )

    def _sql(self, sql: str) -> str:
        return sql

    def _index_article(self, cur: Any, article_id: str, title: str, text: str) -> None:
        cur.execute(
            "INSERT INTO articles_fts (rowid, title, text)"
            " SELECT rowid, ?, ? FROM articles WHERE id = ?",
            (title, text, article_id),
        )

    def _text_condition(self, terms: list[Term]) -> tuple[str, list[Any]]:
        return (
            "a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
            [fts5_expression(terms)],
        )

    def _ranked_matches(
        self, terms: list[Term], restrict: tuple[str, list[Any]] | None, limit: int, offset: int
    ) -> tuple[int, list[tuple[str, float]]]:
        return self._ranked(
            " FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
            " WHERE articles_fts MATCH ?",
            "-bm25(articles_fts, 2.0, 1.0)",
            fts5_expression(terms),
            restrict,
            limit,
            offset,
        )

    def _bbox_condition(self, bbox: tuple[float, float, float, float]) -> tuple[str, list[Any]]:
        min_lon, min_lat, max_lon, max_lat = bbox
        return (
            "c.longitude BETWEEN ? AND ? AND c.latitude BETWEEN ? AND ?",
            [min_lon, max_lon, min_lat, max_lat],
        )
