"""Sessions in the database, read by a statement written once, with their reader's row.

A signed-in request reads its session before anything else; Django builds
that query anew each time, which cost a seventh of a comment post. The
rows, the expiry and everything Django's database engine writes are
unchanged: only the read is ours. With Redis, sessions live in the cache
first (`cached_db`) and this read is only the fallback.

The session names its reader only once decoded, so reading the reader
took a second statement. Each process remembers whose each session it has
decoded; the next read of that session brings that account's row in the
same statement (a join). The decoded session stays the authority: the row
is used only while authenticating this very session (`reading_for`), and
only if the session still names that account.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.db import router
from django.utils import timezone

from manchette.accounts import reader_row
from manchette.accounts.models import User
from manchette.conf.rows import aware, fetch, moment_param

REMEMBERED = 20_000
"""Sessions whose reader a process remembers (the oldest are forgotten first)."""

_readers: dict[str, str] = {}
_readers_lock = threading.Lock()
_reading: ContextVar[SessionStore | None] = ContextVar("manchette_session_reading", default=None)


class SessionStore(db.SessionStore):
    _reader_row: tuple[str, tuple[Any, ...]] | None = None

    def _get_session_from_db(self) -> Any:
        key = self.session_key
        self._reader_row = None
        if not key:
            self._session_key = None
            return None
        model = self.model
        alias = router.db_for_read(model)
        table = model._meta.db_table
        now = moment_param(timezone.now(), using=alias)
        reader = _readers.get(key)
        if reader is not None and router.db_for_read(User) == alias:
            rows = fetch(_with_reader(alias, table), [int(reader), key, now], using=alias)
        else:
            rows = fetch(
                f"SELECT session_data, expire_date FROM {table} "  # noqa: S608 (our table)
                "WHERE session_key = %s AND expire_date > %s",
                [key, now],
                using=alias,
            )
        if not rows:
            self._session_key = None
            return None
        data, expires, *account = rows[0]
        if reader is not None and account:
            # A deleted account leaves the joined columns empty: no reader, no second read.
            self._reader_row = (reader, tuple(account) if account[0] is not None else ())
        return model(session_key=key, session_data=data, expire_date=aware(expires))

    def load(self) -> dict[str, Any]:
        data: dict[str, Any] = super().load()
        reader = str(data.get(SESSION_KEY, ""))
        # Account keys are integers; a session naming anything else is left to the backend.
        if reader.isdigit() and self.session_key and _readers.get(self.session_key) != reader:
            _remember(self.session_key, reader)
        return data

    def row_for(self, pk: int) -> tuple[Any, ...] | None:
        """The account row read with this session, if it is account `pk`'s (`()`: no such
        account); None when none was read for it."""
        found = self._reader_row
        if found is None or found[0] != str(pk) or self.get(SESSION_KEY) != str(pk):
            return None
        return found[1]


@cache
def _with_reader(alias: str, table: str) -> str:
    """The session's read, joined to the account it named when last decoded."""
    return (
        f"SELECT s.session_data, s.expire_date, {reader_row.columns(alias, 'u')} "  # noqa: S608 (our tables)
        f"FROM {table} s LEFT JOIN {User._meta.db_table} u ON u.id = %s "
        "WHERE s.session_key = %s AND s.expire_date > %s"
    )


def _remember(key: str, reader: str) -> None:
    with _readers_lock:
        _readers.pop(key, None)
        _readers[key] = reader
        while len(_readers) > REMEMBERED:
            del _readers[next(iter(_readers))]


@contextmanager
def reading_for(session: Any) -> Iterator[None]:
    """While the reader of `session` is looked up: the row read with it may serve."""
    token = _reading.set(session if isinstance(session, SessionStore) else None)
    try:
        yield
    finally:
        _reading.reset(token)


def row_read_with_session(pk: int) -> tuple[Any, ...] | None:
    """Account `pk`'s row as read with the session being authenticated, if it was."""
    session = _reading.get()
    return session.row_for(pk) if session is not None else None
