"""Rows read by statements written once, for the reads every request makes.

Building a query with the ORM costs more than running it when the query is
small and frequent (a session, a reader, a page of comments, a poster's
history). Those few reads are plain SQL run through the connection; their
datetimes come back as the ORM would give them.

On PostgreSQL they are read by psycopg's compiled loader: Django's own, a
Python subclass that sets the zone on each value, took four times as long,
most of a page of comments' reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

from django.db import connections
from django.utils import timezone


def fetch(sql: str, params: Sequence[Any], *, using: str = "default") -> list[tuple[Any, ...]]:
    connection = connections[using]
    with connection.cursor() as cursor:
        # Django's connections answer in UTC: the compiled loader gives the same values.
        if connection.vendor == "postgresql" and connection.timezone == UTC:
            oid, loader = _compiled_timestamptz()
            if loader is not None:
                cursor.cursor.adapters.register_loader(oid, loader)
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


@cache
def _compiled_timestamptz() -> tuple[int, type[Any] | None]:
    import psycopg
    from psycopg.pq import Format

    oid = psycopg.postgres.types["timestamptz"].oid
    return oid, psycopg.adapters.get_loader(oid, Format.TEXT)


def moment_param(moment: datetime, *, using: str = "default") -> Any:
    """A datetime as the database compares it with stored ones (SQLite: UTC text)."""
    return connections[using].ops.adapt_datetimefield_value(moment)


def aware(moment: datetime) -> datetime:
    # PostgreSQL answers in UTC with the zone; SQLite keeps UTC without it.
    return timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment
