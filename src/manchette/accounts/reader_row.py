"""The signed-in reader's row: read by a statement written once, built as the ORM builds it.

Every signed-in request reads its reader. The backend reads the row alone
(`by_id`); the database session engine reads it in the same statement as
the session when it already knows whose session it is (`sessions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connections

from manchette.accounts.models import User


@cache
def columns(alias: str, table_alias: str = "") -> str:
    """The account's columns in the model's order, for a SELECT list."""
    quote = connections[alias].ops.quote_name
    prefix = f"{table_alias}." if table_alias else ""
    return ", ".join(prefix + quote(str(field.column)) for field in User._meta.concrete_fields)


@cache
def by_id(alias: str) -> str:
    return f"SELECT {columns(alias)} FROM {User._meta.db_table} WHERE id = %s"  # noqa: S608 (ours)


def build(alias: str, row: Sequence[Any]) -> User:
    """The account a row of `columns` holds, its values converted as the ORM converts
    them (aware datetimes, booleans on SQLite), as the ORM would return it."""
    values = list(row)
    connection = connections[alias]
    for index, column, convert in _converters(alias):
        for converter in convert:
            values[index] = converter(values[index], column, connection)
    return User.from_db(alias, (), values)


@cache
def _converters(alias: str) -> list[tuple[int, Any, list[Any]]]:
    connection = connections[alias]
    found = []
    for index, field in enumerate(User._meta.concrete_fields):
        column = field.get_col(User._meta.db_table)
        convert = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if convert:
            found.append((index, column, convert))
    return found
