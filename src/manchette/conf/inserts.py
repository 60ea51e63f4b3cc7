"""Inserts whose statement is compiled once per model, for rows written on every request.

`Model.save()` builds its INSERT anew each time: for a comment that was a
fifth of a post's CPU, more than the database spent storing the row. The
statement only depends on the model, the columns and the database, so it
is compiled once (by Django's own compiler) and kept; each save still runs
`save()` whole, its signals and each field's `pre_save` and
`get_db_prep_save` included. Anything the kept statement cannot express
(an expression as a value, a database that cannot return the new key)
goes through Django's path.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.models import Field
from django.db.models.sql import InsertQuery

_statements: dict[tuple[Any, ...], str | None] = {}


class InsertCompiledOnce:
    """A model mixin (before `models.Model`): its new rows are written by a kept statement."""

    def _do_insert(
        self,
        manager: Any,
        using: str,
        fields: list[Field[Any, Any]],
        returning_fields: list[Field[Any, Any]],
        raw: bool,
    ) -> list[tuple[Any, ...]]:
        connection = connections[using]
        key = (type(self), using, raw, tuple(fields), tuple(returning_fields))
        if key not in _statements:
            _statements[key] = _compile(self, using, fields, returning_fields, raw)
        sql = _statements[key]
        values = [
            getattr(self, field.attname) if raw else field.pre_save(self, True)  # type: ignore[arg-type]
            for field in fields
        ]
        if sql is None or any(hasattr(value, "resolve_expression") for value in values):
            return super()._do_insert(manager, using, fields, returning_fields, raw)  # type: ignore[misc,no-any-return]
        params = [
            field.get_db_prep_save(value, connection)
            for field, value in zip(fields, values, strict=True)
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if not returning_fields:
                return []
            return [tuple(cursor.fetchone())]


def _compile(
    obj: Any,
    using: str,
    fields: list[Field[Any, Any]],
    returning_fields: list[Field[Any, Any]],
    raw: bool,
) -> str | None:
    """The statement Django would run for `obj`, or None when it cannot be kept."""
    connection = connections[using]
    if not fields or (returning_fields and not connection.features.can_return_columns_from_insert):
        return None
    if any(getattr(field, "get_placeholder", None) for field in fields):
        return None
    query = InsertQuery(type(obj))
    query.insert_values(fields, [obj], raw=raw)
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = returning_fields
    table = type(obj)._meta.db_table
    if compiler.get_converters([field.get_col(table) for field in returning_fields]):
        return None  # returned keys that need converting: Django's path does it
    [(sql, _params)] = compiler.as_sql()
    if getattr(compiler, "returning_params", ()):
        return None
    return str(sql)
