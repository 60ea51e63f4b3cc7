"""Logging in: readers by e-mail, staff also by their username."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.http import HttpRequest

from manchette.accounts.models import User
from manchette.conf.rows import fetch


class EmailOrUsernameBackend(ModelBackend):
    """An address with "@" is an e-mail (any case); anything else a staff username.

    Readers get their e-mail as username, so only staff accounts are found
    by username; a reader typing their pseudonym finds nothing.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        if "@" in username:
            user = User.objects.filter(email__iexact=username.strip()).first()
        else:
            user = User.objects.filter(username=username, is_staff=True).first()
        if user is None:
            # Hash anyway, so a missing account takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The signed-in reader of a request, by a statement written once.

        Every signed-in request reads its reader; building that query with
        the ORM each time cost more than reading the row.
        """
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        alias = router.db_for_read(User)
        sql, converters = _user_by_id(alias)
        rows = fetch(sql, [pk], using=alias)
        if not rows:
            return None
        # Built as the ORM builds a row it read: a raw queryset matched its columns to the
        # fields by name on every request, half of this read's cost.
        values = list(rows[0])
        connection = connections[alias]
        for index, column, convert in converters:
            for converter in convert:
                values[index] = converter(values[index], column, connection)
        user = User.from_db(alias, (), values)
        return user if self.user_can_authenticate(user) else None


@cache
def _user_by_id(alias: str) -> tuple[str, list[tuple[int, Any, list[Any]]]]:
    """The statement reading one account, and each column's conversions (as the ORM's)."""
    fields = User._meta.concrete_fields
    connection = connections[alias]
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(User._meta.db_table)
        convert = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if convert:
            converters.append((index, column, convert))
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    sql = f"SELECT {columns} FROM {User._meta.db_table} WHERE id = %s"  # noqa: S608 (our table)
    return sql, converters
