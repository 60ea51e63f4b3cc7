"""The search index of the site's database: SQLite FTS5 or PostgreSQL full-text search."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from manchette.search.backends.base import Document, Hits, SearchBackend

__all__ = ["Document", "Hits", "SearchBackend", "backend_for"]


def backend_for(connection: BaseDatabaseWrapper | None = None) -> SearchBackend:
    """The backend matching the database vendor (the default database unless told)."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite":
        from manchette.search.backends.sqlite import SQLiteBackend

        return SQLiteBackend(connection)
    if connection.vendor == "postgresql":
        from manchette.search.backends.postgres import PostgresBackend

        return PostgresBackend(connection)
    raise ImproperlyConfigured(
        f"Site search supports SQLite and PostgreSQL, not {connection.vendor}."
    )
