"""The Store implemented once over DB-API connections; backends supply the dialect.

SQL here is written with ``?`` placeholders and portable syntax (``ON CONFLICT``,
``RETURNING``, ``COALESCE``) understood by SQLite >= 3.35 and PostgreSQL; the PostgreSQL
backend rewrites the placeholders. Backends implement connecting, transactions,
migrations, the full-text index and the bounding-box test.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import threading
from abc import abstractmethod
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any

from marsad import cluster as clustering
from marsad.model import EVENT_HEAD_FIELDS, PLACE_FIELDS, Article, Event, Span
from marsad.store.base import (
    CLUSTER_ORDERS,
    MAX_PAGE,
    ClusterOrder,
    PreparedText,
    Store,
    StoreError,
    prepare_text,
)
from marsad.store.migrations import Migration
from marsad.store.textsearch import Term, find_marks, parse_query, snippet
from marsad.store.types import (
    AddResult,
    ArticleDetail,
    ArticleRef,
    ClusterDetail,
    ClusterSummary,
    Counts,
    EventFilter,
    Member,
    Page,
    SearchHit,
    Stats,
)

EVENT_COLUMNS = (
    *EVENT_HEAD_FIELDS,
    *PLACE_FIELDS,
    "actor1",
    "actor2",
    "inter1",
    "inter2",
    "fatalities",
    "evidence",
    "evidence_start",
    "evidence_end",
    "spans",
    "source",
    "extractor_version",
)
ARTICLE_REF_COLUMNS = ("id", "outlet", "title", "url", "published")
CLUSTER_FIELDS = (
    "event_type",
    "sub_event_type",
    "event_date",
    "time_precision",
    "date_min",
    "date_max",
    "country",
    "country_key",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "actor1",
    "actor2",
    "inter1",
    "inter2",
    "fatalities",
    "n_events",
    "n_articles",
    "outlets",
    "disputed",
    "updated_at",
)
# What a cluster summary reads: its id and the stored fields but the matching keys.
SUMMARY_COLUMNS = (
    "id",
    *(c for c in CLUSTER_FIELDS if c not in ("date_min", "date_max", "country_key")),
)
ORDER_SQL = {
    "date_desc": "COALESCE(c.event_date, '') DESC, c.id DESC",
    "date_asc": "COALESCE(c.event_date, '') ASC, c.id ASC",
    "fatalities_desc": "c.fatalities DESC, COALESCE(c.event_date, '') DESC, c.id DESC",
    "sources_desc": "c.n_articles DESC, COALESCE(c.event_date, '') DESC, c.id DESC",
}
_EVENT_SELECT = ", ".join(f"e.{c}" for c in EVENT_COLUMNS)
_ARTICLE_REF_SELECT = ", ".join(f"a.{c}" for c in ARTICLE_REF_COLUMNS)
_MEMBER_SELECT = (
    f"SELECT cm.cluster_id, {_EVENT_SELECT}, {_ARTICLE_REF_SELECT}"
    " FROM cluster_members cm JOIN events e ON e.event_id = cm.event_id"
    " JOIN articles a ON a.id = e.article_id"
)
_SUMMARY_SELECT = f"SELECT {', '.join('c.' + c for c in SUMMARY_COLUMNS)} FROM clusters c"
_CHUNK = 500


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# The fields cluster matching reads (marsad.cluster.matches / fit).
_LIGHT_COLUMNS = (
    "event_id",
    "article_id",
    "event_type",
    "sub_event_type",
    "event_date",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "actor1",
    "actor2",
)
_DEGREES_PER_KM = 1 / 111.0


def _light_event(r: Sequence[Any]) -> Event:
    d = dict(zip(_LIGHT_COLUMNS, r, strict=True))
    return Event(time_precision=None, **d)


def _place_condition(event: Event) -> tuple[str, list[Any]] | None:
    """A condition on member events ``e2`` true for every member that may be at the same
    place as ``event`` (a superset of cluster.same_place); None if none can be."""
    if event.location:
        conditions, params = ["LOWER(e2.location) = LOWER(?)"], [event.location.strip()]
        if event.latitude is not None and event.longitude is not None:
            margin = clustering.MAX_DISTANCE_KM * _DEGREES_PER_KM * 1.1
            lon_margin = margin / max(0.05, math.cos(math.radians(event.latitude)))
            conditions.append(
                "(e2.latitude BETWEEN ? AND ? AND e2.longitude BETWEEN ? AND ?)"
            )
            params += [
                event.latitude - margin,
                event.latitude + margin,
                event.longitude - lon_margin,
                event.longitude + lon_margin,
            ]
        return " OR ".join(conditions), params
    if event.admin1:
        return "e2.location = '' AND LOWER(e2.admin1) = LOWER(?)", [event.admin1.strip()]
    return None


def _prepared(item: tuple) -> PreparedText | None:
    return item[2] if len(item) > 2 else None


def _like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


class SQLStore(Store):
    """Shared implementation; see marsad.store.base.Store for the contract."""

    migrations: tuple[Migration, ...] = ()

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._connections: list[Any] = []
        self._lock = threading.Lock()
        self._closed = False
        self._migrate(self._conn())

    # -- backend hooks --------------------------------------------------------------------

    @abstractmethod
    def _connect(self) -> Any:
        """A new DB-API connection, configured."""

    @abstractmethod
    def _transaction(self, conn: Any) -> AbstractContextManager[Any]:
        """A write transaction on ``conn`` yielding a cursor: commit on exit, roll back on
        an exception."""

    @abstractmethod
    def _migrate(self, conn: Any) -> None:
        """Apply the missing migrations."""

    def _apply_migration(self, cur: Any, migration: Migration, *, where: str, record: str) -> None:
        """Run ``migration`` in the transaction of ``cur`` unless the schema has it already;
        ``record`` (raw SQL) adds its (version, name) to schema_migrations. Raises StoreError,
        naming the store ``where``, when the schema is newer than this marsad."""
        known = max(m.version for m in self.migrations)
        newest = cur.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0]
        if newest is not None and newest > known:
            raise StoreError(
                f"{where}: schema version {newest} is newer than this marsad ({known})"
            )
        if newest is not None and newest >= migration.version:
            return
        for statement in migration.statements:
            cur.execute(statement)
        cur.execute(record, (migration.version, migration.name))

    def _lock_writes(self, cur: Any) -> None:
        """Hook: make concurrent write transactions take turns (clustering reads what the
        previous writer wrote). SQLite's BEGIN IMMEDIATE already does."""

    @abstractmethod
    def _sql(self, sql: str) -> str:
        """``sql`` in the backend's placeholder style."""

    @abstractmethod
    def _index_article(self, cur: Any, article_id: str, title: str, text: str) -> None:
        """Add the normalised title and text of a just-inserted article to the text index."""

    @abstractmethod
    def _text_condition(self, terms: list[Term]) -> tuple[str, list[Any]]:
        """An SQL condition on articles alias ``a`` true when the article matches."""

    @abstractmethod
    def _ranked_matches(
        self, terms: list[Term], restrict: tuple[str, list[Any]] | None, limit: int, offset: int
    ) -> tuple[int, list[tuple[str, float]]]:
        """(total, [(article_id, score)...]) best first; ``restrict`` is a condition on ``a``."""

    def _ranked(
        self,
        source: str,
        score: str,
        match: Any,
        restrict: tuple[str, list[Any]] | None,
        limit: int,
        offset: int,
    ) -> tuple[int, list[tuple[str, float]]]:
        """``_ranked_matches`` from a backend's text index: ``source`` is the FROM and WHERE
        selecting the matching articles ``a`` (its one placeholder takes ``match``),
        ``score`` the SQL expression of relevance (higher is better)."""
        extra, params = (f" AND {restrict[0]}", restrict[1]) if restrict else ("", [])
        base = source + extra
        total = self._query("SELECT COUNT(*)" + base, [match, *params])[0][0]
        rows = self._query(
            f"SELECT a.id, {score} AS score{base} ORDER BY score DESC, a.id LIMIT ? OFFSET ?",
            [match, *params, limit, offset],
        )
        return int(total), [(r[0], float(r[1])) for r in rows]

    @abstractmethod
    def _bbox_condition(self, bbox: tuple[float, float, float, float]) -> tuple[str, list[Any]]:
        """An SQL condition on clusters alias ``c`` true when its point is inside bbox."""

    # -- connections ----------------------------------------------------------------------

    def _conn(self) -> Any:
        if self._closed:
            raise RuntimeError("the store is closed")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        conn = self._conn()
        cur = conn.cursor()
        try:
            cur.execute(self._sql(sql), tuple(params))
            return cur.fetchall()
        finally:
            cur.close()
            self._end_read(conn)

    def _end_read(self, conn: Any) -> None:
        """Hook: finish an implicit read transaction (PostgreSQL)."""

    def _exec(self, cur: Any, sql: str, params: Sequence[Any] = ()) -> Any:
        cur.execute(self._sql(sql), tuple(params))
        return cur

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                with contextlib.suppress(Exception):
                    conn.close()
            self._connections.clear()
        self._closed = True

    def schema_version(self) -> int:
        rows = self._query("SELECT MAX(version) FROM schema_migrations")
        return int(rows[0][0] or 0)

    # -- writing --------------------------------------------------------------------------

    def add_articles(
        self,
        items: Iterable[tuple[Article, Sequence[Event]] | tuple[Article, Sequence[Event], Any]],
        *,
        extractor_version: str = "",
    ) -> list[AddResult]:
        batch = list(items)
        if not batch:
            return []
        with self._transaction(self._conn()) as cur:
            self._lock_writes(cur)
            return [
                self._add_one(cur, item[0], item[1], extractor_version, _prepared(item))
                for item in batch
            ]

    def _add_one(
        self,
        cur: Any,
        article: Article,
        events: Sequence[Event],
        version: str,
        prepared: PreparedText | None,
    ) -> AddResult:
        stored = self._stored_id(cur, article.id)
        if stored is not None:
            return AddResult(article.id, "exists", stored)
        prepared = prepared or prepare_text(article)
        digest = prepared.content_hash
        same = self._exec(cur, "SELECT id FROM articles WHERE content_hash = ?", (digest,))
        row = same.fetchone()
        if row is not None:
            self._exec(
                cur,
                "INSERT INTO article_aliases (alias_id, article_id, outlet, url)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (alias_id) DO NOTHING",
                (article.id, row[0], article.outlet, article.url),
            )
            return AddResult(article.id, "duplicate", row[0])
        self._exec(
            cur,
            "INSERT INTO articles (id, outlet, url, published, title, text, content_hash,"
            " extractor_version, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                article.outlet,
                article.url,
                article.published.isoformat() if article.published else None,
                article.title,
                article.text,
                digest,
                version,
                _now(),
            ),
        )
        self._index_article(cur, article.id, prepared.title, prepared.text)
        ref = _ref_of(article)
        added, cluster_ids = self._insert_events(cur, ref, events, version)
        return AddResult(article.id, "added", article.id, added, tuple(cluster_ids))

    def _stored_id(self, cur: Any, article_id: str) -> str | None:
        row = self._exec(cur, "SELECT id FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is not None:
            return row[0]
        row = self._exec(
            cur, "SELECT article_id FROM article_aliases WHERE alias_id = ?", (article_id,)
        ).fetchone()
        return None if row is None else row[0]

    def _insert_events(
        self, cur: Any, ref: ArticleRef, events: Sequence[Event], version: str
    ) -> tuple[int, list[int]]:
        added, cluster_ids = 0, []
        for event in events:
            event = _owned(event, ref.id, version)
            cur_ins = self._exec(
                cur,
                f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES "
                f"({_marks(len(EVENT_COLUMNS))}) ON CONFLICT (event_id) DO NOTHING",
                _event_row(event),
            )
            if cur_ins.rowcount == 0:
                continue
            added += 1
            cluster_ids.append(self._assign_cluster(cur, Member(event, ref)))
        return added, cluster_ids

    def _assign_cluster(self, cur: Any, member: Member) -> int:
        """Put a stored event into the best matching cluster or a new one; its id."""
        window = clustering.candidate_window(member.event)
        chosen = None
        place = _place_condition(member.event)
        if window is not None and place is not None:
            country, first, last = window
            rows = self._exec(
                cur,
                f"SELECT cm.cluster_id, {', '.join('e.' + c for c in _LIGHT_COLUMNS)}"
                " FROM cluster_members cm JOIN events e ON e.event_id = cm.event_id"
                " WHERE cm.cluster_id IN (SELECT c.id FROM clusters c JOIN cluster_members cm2"
                " ON cm2.cluster_id = c.id JOIN events e2 ON e2.event_id = cm2.event_id"
                " WHERE c.country_key = ? AND c.date_min >= ? AND c.date_max <= ?"
                f" AND ({place[0]}))",
                (country, first.isoformat(), last.isoformat(), *place[1]),
            ).fetchall()
            candidates: dict[int, list[Event]] = defaultdict(list)
            for row in rows:
                candidates[int(row[0])].append(_light_event(row[1:]))
            chosen = clustering.choose_cluster(member.event, candidates)
        if chosen is None:
            return self._insert_cluster(cur, [member])
        self._exec(
            cur,
            "INSERT INTO cluster_members (event_id, cluster_id) VALUES (?, ?)",
            (member.event.event_id, chosen),
        )
        self._resummarise(cur, chosen)
        return chosen

    def _insert_cluster(self, cur: Any, members: Sequence[Member]) -> int:
        values = _cluster_values(clustering.summarise(members))
        row = self._exec(
            cur,
            f"INSERT INTO clusters ({', '.join(CLUSTER_FIELDS)}) VALUES "
            f"({_marks(len(CLUSTER_FIELDS))}) RETURNING id",
            values,
        ).fetchone()
        cluster_id = int(row[0])
        cur.executemany(
            self._sql("INSERT INTO cluster_members (event_id, cluster_id) VALUES (?, ?)"),
            [(m.event.event_id, cluster_id) for m in members],
        )
        return cluster_id

    def _resummarise(self, cur: Any, cluster_id: int) -> bool:
        """Recompute a cluster's fields from its members; delete it if none is left."""
        members = self._members_of(cur, [cluster_id]).get(cluster_id, [])
        if not members:
            self._exec(cur, "DELETE FROM clusters WHERE id = ?", (cluster_id,))
            return False
        values = _cluster_values(clustering.summarise(members))
        assignments = ", ".join(f"{c} = ?" for c in CLUSTER_FIELDS)
        self._exec(cur, f"UPDATE clusters SET {assignments} WHERE id = ?", (*values, cluster_id))
        return True

    def _members_of(self, cur: Any, cluster_ids: Sequence[int]) -> dict[int, list[Member]]:
        grouped: dict[int, list[Member]] = defaultdict(list)
        for chunk in _chunks(list(cluster_ids)):
            rows = self._exec(
                cur, f"{_MEMBER_SELECT} WHERE cm.cluster_id IN ({_marks(len(chunk))})", chunk
            ).fetchall()
            for row in rows:
                grouped[int(row[0])].append(_member_from_row(row[1:]))
        for members in grouped.values():
            members.sort(key=clustering.member_order)
        return grouped

    def replace_events(
        self, article_id: str, events: Sequence[Event], *, extractor_version: str
    ) -> AddResult:
        with self._transaction(self._conn()) as cur:
            self._lock_writes(cur)
            row = self._exec(
                cur,
                f"SELECT {', '.join(ARTICLE_REF_COLUMNS)} FROM articles WHERE id = ?",
                (article_id,),
            ).fetchone()
            if row is None:
                raise KeyError(article_id)
            ref = _ref_from_row(row)
            old = self._exec(
                cur,
                "SELECT DISTINCT cm.cluster_id FROM cluster_members cm"
                " JOIN events e ON e.event_id = cm.event_id WHERE e.article_id = ?",
                (article_id,),
            ).fetchall()
            self._exec(
                cur,
                "DELETE FROM cluster_members WHERE event_id IN"
                " (SELECT event_id FROM events WHERE article_id = ?)",
                (article_id,),
            )
            self._exec(cur, "DELETE FROM events WHERE article_id = ?", (article_id,))
            for (cluster_id,) in sorted(old):
                self._resummarise(cur, int(cluster_id))
            self._exec(
                cur,
                "UPDATE articles SET extractor_version = ? WHERE id = ?",
                (extractor_version, article_id),
            )
            added, cluster_ids = self._insert_events(cur, ref, events, extractor_version)
        return AddResult(article_id, "added", article_id, added, tuple(cluster_ids))

    def recluster(self) -> int:
        with self._transaction(self._conn()) as cur:
            self._lock_writes(cur)
            rows = self._exec(
                cur,
                f"SELECT {_EVENT_SELECT}, {_ARTICLE_REF_SELECT}"
                " FROM events e JOIN articles a ON a.id = e.article_id",
            ).fetchall()
            groups = clustering.cluster_all(_member_from_row(r) for r in rows)
            self._exec(cur, "DELETE FROM cluster_members")
            self._exec(cur, "DELETE FROM clusters")
            for members in groups:
                self._insert_cluster(cur, members)
        return len(groups)

    # -- what is stored -------------------------------------------------------------------

    def known_keys(self) -> tuple[set[str], set[str]]:
        ids = {r[0] for r in self._query("SELECT id FROM articles")}
        ids |= {r[0] for r in self._query("SELECT alias_id FROM article_aliases")}
        hashes = {r[0] for r in self._query("SELECT content_hash FROM articles")}
        return ids, hashes

    def iter_articles(
        self, *, stale_for: str | None = None, batch_size: int = 500
    ) -> Iterator[Article]:
        last = ""
        stale_sql = " AND extractor_version <> ?" if stale_for is not None else ""
        while True:
            params: list[Any] = [last]
            if stale_for is not None:
                params.append(stale_for)
            rows = self._query(
                "SELECT id, text, published, title, outlet, url FROM articles"
                f" WHERE id > ?{stale_sql} ORDER BY id LIMIT ?",
                [*params, batch_size],
            )
            if not rows:
                return
            for r in rows:
                yield Article(r[0], r[1], _day(r[2]), r[3], r[4], r[5])
            last = rows[-1][0]

    def counts(self) -> Counts:
        row = self._query(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM article_aliases),"
            " (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM clusters)"
        )[0]
        return Counts(*(int(v) for v in row))

    # -- reading --------------------------------------------------------------------------

    def get_article(self, article_id: str) -> ArticleDetail | None:
        rows = self._query(
            "SELECT id, text, published, title, outlet, url, content_hash, extractor_version"
            " FROM articles WHERE id = ? OR id = (SELECT article_id FROM article_aliases"
            " WHERE alias_id = ?)",
            (article_id, article_id),
        )
        if not rows:
            return None
        r = rows[0]
        article = Article(r[0], r[1], _day(r[2]), r[3], r[4], r[5])
        event_rows = self._query(
            f"SELECT {_EVENT_SELECT}, cm.cluster_id FROM events e LEFT JOIN cluster_members cm"
            " ON cm.event_id = e.event_id WHERE e.article_id = ?"
            " ORDER BY e.evidence_start, e.event_id",
            (article.id,),
        )
        events = [_event_from_row(er[:-1]) for er in event_rows]
        cluster_of = {er[0]: int(er[-1]) for er in event_rows if er[-1] is not None}
        aliases = tuple(
            a[0]
            for a in self._query(
                "SELECT alias_id FROM article_aliases WHERE article_id = ? ORDER BY alias_id",
                (article.id,),
            )
        )
        return ArticleDetail(article, r[6], r[7], events, cluster_of, aliases)

    def _where(self, flt: EventFilter | None) -> tuple[str, list[Any]]:
        """WHERE clause (with leading ' WHERE ', or '') on clusters alias ``c``."""
        if flt is None:
            return "", []
        conditions: list[str] = []
        params: list[Any] = []
        if flt.date_from:
            conditions.append("c.event_date >= ?")
            params.append(flt.date_from.isoformat())
        if flt.date_to:
            conditions.append("c.event_date <= ?")
            params.append(flt.date_to.isoformat())
        for name in ("country", "admin1", "event_type", "sub_event_type"):
            value = getattr(flt, name)
            if value:
                conditions.append(f"LOWER(c.{name}) = LOWER(?)")
                params.append(value)
        member_conditions: list[str] = []
        member_params: list[Any] = []
        if flt.actor:
            member_conditions.append(
                "(LOWER(e.actor1) LIKE ? ESCAPE '\\' OR LOWER(e.actor2) LIKE ? ESCAPE '\\')"
            )
            member_params += [_like_pattern(flt.actor)] * 2
        if flt.outlet:
            member_conditions.append("LOWER(a.outlet) = LOWER(?)")
            member_params.append(flt.outlet)
        if flt.q:
            condition, text_params = self._text_condition(parse_query(flt.q))
            member_conditions.append(condition)
            member_params += text_params
        for condition in member_conditions:
            # each member condition alone: the actor may be named by one source and the
            # words written by another
            conditions.append(
                "EXISTS (SELECT 1 FROM cluster_members cm JOIN events e"
                " ON e.event_id = cm.event_id JOIN articles a ON a.id = e.article_id"
                f" WHERE cm.cluster_id = c.id AND {condition})"
            )
        params += member_params
        if flt.bbox:
            condition, bbox_params = self._bbox_condition(flt.bbox)
            conditions.append(condition)
            params += bbox_params
        return (" WHERE " + " AND ".join(conditions) if conditions else ""), params

    def list_clusters(
        self,
        flt: EventFilter | None = None,
        *,
        limit: int = 50,
        offset: int = 0,
        order: ClusterOrder = "date_desc",
    ) -> Page[ClusterSummary]:
        _check_order(order)
        limit, offset = _page_bounds(limit, offset)
        where, params = self._where(flt)
        total = int(self._query(f"SELECT COUNT(*) FROM clusters c{where}", params)[0][0])
        rows = self._query(
            f"{_SUMMARY_SELECT}{where}"
            f" ORDER BY {ORDER_SQL[order]} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return Page([_summary_from_row(r) for r in rows], total, limit, offset)

    def iter_clusters(
        self, flt: EventFilter | None = None, *, order: ClusterOrder = "date_asc"
    ) -> Iterator[ClusterSummary]:
        _check_order(order)
        where, params = self._where(flt)
        rows = self._query(
            f"{_SUMMARY_SELECT}{where}"
            f" ORDER BY {ORDER_SQL[order]}",
            params,
        )
        for row in rows:
            yield _summary_from_row(row)

    def get_cluster(self, cluster_id: int) -> ClusterDetail | None:
        rows = self._query(
            f"{_SUMMARY_SELECT} WHERE c.id = ?",
            (int(cluster_id),),
        )
        if not rows:
            return None
        members = self._load_members([int(cluster_id)]).get(int(cluster_id), [])
        return ClusterDetail(_summary_from_row(rows[0]), members, clustering.claims(members))

    def _load_members(self, cluster_ids: Sequence[int]) -> dict[int, list[Member]]:
        conn = self._conn()
        cur = conn.cursor()
        try:
            return self._members_of(cur, cluster_ids)
        finally:
            cur.close()
            self._end_read(conn)

    def iter_cluster_details(
        self, flt: EventFilter | None = None, *, order: ClusterOrder = "date_asc"
    ) -> Iterator[ClusterDetail]:
        summaries = list(self.iter_clusters(flt, order=order))
        for chunk in _chunks(summaries):
            members = self._load_members([s.id for s in chunk])
            for summary in chunk:
                ms = members.get(summary.id, [])
                yield ClusterDetail(summary, ms, clustering.claims(ms))

    def iter_members(self, flt: EventFilter | None = None) -> Iterator[Member]:
        for detail in self.iter_cluster_details(flt):
            yield from detail.members

    def search(
        self,
        query: str,
        *,
        flt: EventFilter | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Page[SearchHit]:
        terms = parse_query(query)
        limit, offset = _page_bounds(limit, offset)
        restrict = None
        if flt is not None and not flt.is_empty:
            where, params = self._where(flt)
            restrict = (
                "a.id IN (SELECT e.article_id FROM events e JOIN cluster_members cm"
                f" ON cm.event_id = e.event_id JOIN clusters c ON c.id = cm.cluster_id{where})",
                params,
            )
        total, ranked = self._ranked_matches(terms, restrict, limit, offset)
        if not ranked:
            return Page([], total, limit, offset)
        ids = [article_id for article_id, _ in ranked]
        rows = self._query(
            f"SELECT id, outlet, title, url, published, text FROM articles"
            f" WHERE id IN ({_marks(len(ids))})",
            ids,
        )
        by_id = {r[0]: r for r in rows}
        hits = []
        for article_id, score in ranked:
            r = by_id[article_id]
            marks = find_marks(r[5], terms)
            text, shown = snippet(r[5], marks)
            if not marks and r[2]:
                title_marks = find_marks(r[2], terms)
                if title_marks:
                    text, shown = r[2], tuple(title_marks)
            hits.append(SearchHit(_ref_from_row(r[:5]), text, shown, round(float(score), 6)))
        return Page(hits, total, limit, offset)

    def stats(self, flt: EventFilter | None = None, *, top: int = 20) -> Stats:
        where, params = self._where(flt)
        total = self._query(
            f"SELECT COUNT(*), COALESCE(SUM(c.n_events), 0), COALESCE(SUM(c.fatalities), 0)"
            f" FROM clusters c{where}",
            params,
        )[0]

        def grouped(expr: str) -> list[tuple[str, int]]:
            rows = self._query(
                f"SELECT {expr}, COUNT(*) FROM clusters c{where} GROUP BY {expr}", params
            )
            return [(str(k), int(n)) for k, n in rows if k not in (None, "")]

        actors: Counter[str] = Counter()
        for column in ("actor1", "actor2"):
            actors.update(dict(grouped(f"c.{column}")))
        outlet_rows = self._query(
            "SELECT a.outlet, COUNT(DISTINCT c.id) FROM clusters c JOIN cluster_members cm"
            " ON cm.cluster_id = c.id JOIN events e ON e.event_id = cm.event_id"
            f" JOIN articles a ON a.id = e.article_id{where} GROUP BY a.outlet",
            params,
        )
        return Stats(
            counts=self.counts(),
            clusters=int(total[0]),
            events=int(total[1]),
            fatalities=int(total[2]),
            by_day=sorted(grouped("c.event_date")),
            by_type=_top(grouped("c.event_type"), top),
            by_country=_top(grouped("c.country"), top),
            by_actor=_top(list(actors.items()), top),
            by_outlet=_top([(str(k), int(n)) for k, n in outlet_rows if k], top),
        )


def _check_order(order: str) -> None:
    if order not in CLUSTER_ORDERS:
        raise ValueError(f"order must be one of {', '.join(CLUSTER_ORDERS)}")


def _page_bounds(limit: int, offset: int) -> tuple[int, int]:
    """``limit`` clamped to 0..MAX_PAGE and ``offset`` to 0 or more."""
    return max(0, min(int(limit), MAX_PAGE)), max(0, int(offset))


def _top(pairs: list[tuple[str, int]], top: int) -> list[tuple[str, int]]:
    return sorted(pairs, key=lambda kv: (-kv[1], kv[0]))[: max(0, top)]


# -- rows <-> records ----------------------------------------------------------------------


def _owned(event: Event, article_id: str, version: str) -> Event:
    """The event attached to ``article_id`` (its id recomputed if it moved) and versioned."""
    if event.article_id != article_id:
        event = replace(event, article_id=article_id, event_id="")
    if not event.extractor_version and version:
        event = replace(event, extractor_version=version)
    return event


def _event_row(e: Event) -> tuple:
    """The values of EVENT_COLUMNS for ``e``."""
    span = e.evidence_span
    stored = {
        "fatalities": int(e.fatalities or 0),
        "evidence_start": span.start if span else None,
        "evidence_end": span.end if span else None,
        "spans": json.dumps({k: v.to_dict() for k, v in e.spans.items()}, ensure_ascii=False),
    }
    return tuple(stored[c] if c in stored else getattr(e, c) for c in EVENT_COLUMNS)


def _event_from_row(r: Sequence[Any]) -> Event:
    d = dict(zip(EVENT_COLUMNS, r, strict=True))
    start, end = d.pop("evidence_start"), d.pop("evidence_end")
    spans = json.loads(d.pop("spans") or "{}")
    evidence_span = Span(int(start), int(end), d["evidence"]) if start is not None else None
    for key in ("latitude", "longitude"):
        d[key] = float(d[key]) if d[key] is not None else None
    return Event(
        **d,
        evidence_span=evidence_span,
        spans={k: Span(int(v["start"]), int(v["end"]), v["text"]) for k, v in spans.items()},
    )


def _ref_of(article: Article) -> ArticleRef:
    return ArticleRef(article.id, article.outlet, article.title, article.url, article.published)


def _ref_from_row(r: Sequence[Any]) -> ArticleRef:
    return ArticleRef(r[0], r[1], r[2], r[3], _day(r[4]))


def _member_from_row(r: Sequence[Any]) -> Member:
    n = len(EVENT_COLUMNS)
    return Member(_event_from_row(r[:n]), _ref_from_row(r[n:]))


def _day(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _cluster_values(f: clustering.ClusterFields) -> tuple:
    """The values of CLUSTER_FIELDS for ``f``, stamped now."""
    stored = {
        "country_key": " ".join(f.country.casefold().split()),
        "outlets": json.dumps(list(f.outlets), ensure_ascii=False),
        "disputed": json.dumps(list(f.disputed)),
        "updated_at": _now(),
    }
    return tuple(stored[c] if c in stored else getattr(f, c) for c in CLUSTER_FIELDS)


def _summary_from_row(r: Sequence[Any]) -> ClusterSummary:
    d = dict(zip(SUMMARY_COLUMNS, r, strict=True))
    d["id"] = int(d["id"])
    d["outlets"] = tuple(json.loads(d["outlets"] or "[]"))
    d["disputed"] = tuple(json.loads(d["disputed"] or "[]"))
    d["updated_at"] = dt.datetime.fromisoformat(d["updated_at"]) if d["updated_at"] else None
    for key in ("latitude", "longitude"):
        d[key] = float(d[key]) if d[key] is not None else None
    return ClusterSummary(**d)
