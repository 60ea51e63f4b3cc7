"""Rows read by statements written once, for the reads every request makes.

Building a query with the ORM costs more than running it when the query is
small and frequent (a session, a reader, a page of comments, a poster's
history). Those few reads are plain SQL run through the connection; their
datetimes come back as the ORM would give them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.db import connections
from django.utils import timezone


def fetch(sql: str, params: Sequence[Any], *, using: str = "default") -> list[tuple[Any, ...]]:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def moment_param(moment: datetime, *, using: str = "default") -> Any:
    """A datetime as the database compares it with stored ones (SQLite: UTC text)."""
    return connections[using].ops.adapt_datetimefield_value(moment)


def aware(moment: datetime) -> datetime:
    # PostgreSQL answers in UTC with the zone; SQLite keeps UTC without it.
    return timezone.make_aware(moment, UTC) if timezone.is_naive(moment) else moment
