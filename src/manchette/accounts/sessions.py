"""Sessions in the database, read by a statement written once.

A signed-in request reads its session before anything else; Django builds
that query anew each time, which cost a seventh of a comment post. The
rows, the expiry and everything Django's database engine writes are
unchanged: only the read is ours. With Redis, sessions live in the cache
first (`cached_db`) and this read is only the fallback.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import router
from django.utils import timezone

from manchette.conf.rows import aware, fetch, moment_param


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key
        if not key:
            self._session_key = None
            return None
        model = self.model
        alias = router.db_for_read(model)
        rows = fetch(
            f"SELECT session_data, expire_date FROM {model._meta.db_table} "  # noqa: S608 (a table name of ours)
            "WHERE session_key = %s AND expire_date > %s",
            [key, moment_param(timezone.now(), using=alias)],
            using=alias,
        )
        if not rows:
            self._session_key = None
            return None
        data, expires = rows[0]
        return model(session_key=key, session_data=data, expire_date=aware(expires))
