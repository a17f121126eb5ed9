"""The store backends the tests run against: SQLite always, PostgreSQL/PostGIS when there.

PostgreSQL is found through ``MARSAD_TEST_PG`` (a postgresql:// URL of a database with
the postgis extension; ``eval "$(bash scripts/ci-postgres.sh)"`` starts one and sets it).
Each test gets its own schema, dropped afterwards. Without MARSAD_TEST_PG the PostgreSQL
cases are skipped with the reason, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

BACKENDS = ("sqlite", "postgresql")
PG_ENV = "MARSAD_TEST_PG"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(f"PostgreSQL store tests cannot run under CI: {reason}")
    pytest.skip(reason)


def postgres_base_url() -> str:
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        unavailable(
            f"{PG_ENV} is not set: start PostgreSQL+PostGIS with "
            f'eval "$(bash scripts/ci-postgres.sh)"'
        )
    return url


def with_search_path(url: str, schema: str) -> str:
    option = quote(f"-c search_path={schema},public", safe="")
    return f"{url}{'&' if '?' in url else '?'}options={option}"


def postgres_schema_url() -> Iterator[str]:
    """A fresh schema in the test database: yields its URL, drops it afterwards."""
    import psycopg

    base = postgres_base_url()
    schema = "marsad_test_" + uuid.uuid4().hex[:12]
    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
    except psycopg.Error as e:
        unavailable(f"cannot use the PostgreSQL of {PG_ENV}: {e}")
    try:
        yield with_search_path(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def backend_url(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield str(tmp_path / "store.db")
    else:
        yield from postgres_schema_url()


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty store, once per backend."""
    yield from backend_url(request.param, tmp_path)


@pytest.fixture
def store(store_url: str) -> Iterator:
    from marsad.store import open_store

    with open_store(store_url) as opened:
        yield opened
