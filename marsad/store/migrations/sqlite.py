"""SQLite schema. Dates are 'YYYY-MM-DD' text, times ISO-8601 UTC text."""

from __future__ import annotations

from marsad.store.migrations import Migration, check_sequence

MIGRATIONS = check_sequence((
    Migration(1, "articles, events, clusters, members, full-text index", (
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            outlet TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            published TEXT,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            content_hash TEXT NOT NULL UNIQUE,
            extractor_version TEXT NOT NULL DEFAULT '',
            ingested_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_published ON articles (published)",
        "CREATE INDEX articles_version ON articles (extractor_version)",
        """CREATE TABLE article_aliases (
            alias_id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            outlet TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX article_aliases_article ON article_aliases (article_id)",
        """CREATE TABLE events (
            event_id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            event_type TEXT NOT NULL,
            sub_event_type TEXT NOT NULL,
            event_date TEXT,
            time_precision INTEGER,
            country TEXT NOT NULL DEFAULT '',
            admin1 TEXT NOT NULL DEFAULT '',
            admin2 TEXT NOT NULL DEFAULT '',
            location TEXT NOT NULL DEFAULT '',
            location_ar TEXT NOT NULL DEFAULT '',
            latitude REAL,
            longitude REAL,
            geo_precision INTEGER,
            actor1 TEXT NOT NULL DEFAULT '',
            actor2 TEXT NOT NULL DEFAULT '',
            inter1 INTEGER,
            inter2 INTEGER,
            fatalities INTEGER NOT NULL DEFAULT 0,
            evidence TEXT NOT NULL DEFAULT '',
            evidence_start INTEGER,
            evidence_end INTEGER,
            spans TEXT NOT NULL DEFAULT '{}',
            source TEXT NOT NULL DEFAULT '',
            extractor_version TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX events_article ON events (article_id)",
        """CREATE TABLE clusters (
            id INTEGER PRIMARY KEY,
            event_type TEXT NOT NULL,
            sub_event_type TEXT NOT NULL,
            event_date TEXT,
            time_precision INTEGER,
            date_min TEXT,
            date_max TEXT,
            country TEXT NOT NULL DEFAULT '',
            country_key TEXT NOT NULL DEFAULT '',
            admin1 TEXT NOT NULL DEFAULT '',
            admin2 TEXT NOT NULL DEFAULT '',
            location TEXT NOT NULL DEFAULT '',
            latitude REAL,
            longitude REAL,
            geo_precision INTEGER,
            actor1 TEXT NOT NULL DEFAULT '',
            actor2 TEXT NOT NULL DEFAULT '',
            inter1 INTEGER,
            inter2 INTEGER,
            fatalities INTEGER NOT NULL DEFAULT 0,
            n_events INTEGER NOT NULL,
            n_articles INTEGER NOT NULL,
            outlets TEXT NOT NULL DEFAULT '[]',
            disputed TEXT NOT NULL DEFAULT '[]',
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX clusters_window ON clusters (country_key, date_min)",
        "CREATE INDEX clusters_date ON clusters (event_date, id)",
        "CREATE INDEX clusters_lon_lat ON clusters (longitude, latitude)",
        """CREATE TABLE cluster_members (
            event_id TEXT PRIMARY KEY REFERENCES events (event_id) ON DELETE CASCADE,
            cluster_id INTEGER NOT NULL REFERENCES clusters (id) ON DELETE CASCADE
        )""",
        "CREATE INDEX cluster_members_cluster ON cluster_members (cluster_id)",
        # Contentless: holds only the index of the normalised title and text (rowid =
        # articles.rowid); snippets are cut from the original text in Python.
        """CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, text, content='', tokenize='unicode61 remove_diacritics 0'
        )""",
    )),
))
