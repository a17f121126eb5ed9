"""Versioned schema migrations, one list per backend.

A migration is never edited once released: a schema change is a new Migration with the
next version. ``schema_migrations`` records the versions applied to a database; opening a
store applies the missing ones in order, each in its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def check_sequence(migrations: tuple[Migration, ...]) -> tuple[Migration, ...]:
    """The migrations, after checking that versions run 1, 2, 3 ... without gaps."""
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migration versions must be 1..n in order, got {versions}")
    return migrations
