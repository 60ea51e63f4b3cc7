"""Sessions in the database, read by a statement written once.

A signed-in request reads its session before anything else; Django builds
that query anew each time, which cost a seventh of a comment post. The
rows, the expiry and everything Django's database engine writes are
unchanged: only the read is ours. With Redis, sessions live in the cache
first (`cached_db`) and this read is only the fallback.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key
        if not key:
            self._session_key = None
            return None
        model = self.model
        alias = router.db_for_read(model)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data, expire_date FROM {model._meta.db_table} "  # noqa: S608 (a table name of ours)
                "WHERE session_key = %s AND expire_date > %s",
                [key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        data, expires = row
        if timezone.is_naive(expires):  # SQLite keeps UTC without its offset
            expires = timezone.make_aware(expires, UTC)
        return model(session_key=key, session_data=data, expire_date=expires)
